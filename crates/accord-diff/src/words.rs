//! Word diffs: two versions of a text (a summary, a quote) as the words kept, removed and
//! added, so that a reviewer sees the one word a pull request changed in a paragraph.

use serde::Serialize;

/// A run of words of one of the two texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Words {
    /// In both texts.
    Same(String),
    /// Only at the base.
    Removed(String),
    /// Only now.
    Added(String),
}

impl Words {
    /// The run's text.
    pub fn text(&self) -> &str {
        match self {
            Words::Same(t) | Words::Removed(t) | Words::Added(t) => t,
        }
    }
}

/// Texts with fewer words than this are shown whole, old and new.
const MIN_WORDS: usize = 5;

/// Texts with more words than this, together, are shown whole: aligning words costs up to the
/// square of their number.
const MAX_WORDS: usize = 2_000;

/// The word diff of two texts, when it says more than the two texts would: both long enough,
/// within bounds, and sharing a word.
pub(crate) fn diff(old: &str, new: &str) -> Option<Vec<Words>> {
    let (a, b) = (
        old.split_whitespace().count(),
        new.split_whitespace().count(),
    );
    if a.max(b) < MIN_WORDS || a + b > MAX_WORDS {
        return None;
    }
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_words(old, new);
    let mut runs: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        // Spaces go with the run before them: between two changed words they belong to the
        // change, not to a run of their own.
        if text.trim().is_empty() {
            match runs.last_mut() {
                Some(Words::Same(run) | Words::Removed(run) | Words::Added(run)) => {
                    run.push_str(text)
                }
                None => runs.push(Words::Same(text.to_owned())),
            }
            continue;
        }
        match (runs.last_mut(), change.tag()) {
            (Some(Words::Same(run)), similar::ChangeTag::Equal)
            | (Some(Words::Removed(run)), similar::ChangeTag::Delete)
            | (Some(Words::Added(run)), similar::ChangeTag::Insert) => run.push_str(text),
            (_, tag) => runs.push(match tag {
                similar::ChangeTag::Equal => Words::Same(text.to_owned()),
                similar::ChangeTag::Delete => Words::Removed(text.to_owned()),
                similar::ChangeTag::Insert => Words::Added(text.to_owned()),
            }),
        }
    }
    // Two texts that share no word are shown whole.
    let kept = runs
        .iter()
        .any(|r| matches!(r, Words::Same(t) if !t.trim().is_empty()));
    kept.then_some(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_changed_in_a_sentence_is_one_removal_and_one_addition() {
        let runs = diff(
            "The ministers agreed to cooperate on vaccines.",
            "The ministers agreed to cooperate on medicines.",
        )
        .expect("a word diff");
        assert_eq!(
            runs,
            [
                Words::Same("The ministers agreed to cooperate on ".to_owned()),
                Words::Removed("vaccines.".to_owned()),
                Words::Added("medicines.".to_owned()),
            ]
        );
    }

    #[test]
    fn short_unrelated_or_huge_texts_are_shown_whole() {
        assert_eq!(diff("host", "signatory"), None);
        assert_eq!(
            diff("one two three four five", "six seven eight nine ten"),
            None
        );
        let huge = "word ".repeat(1500);
        assert_eq!(diff(&huge, &format!("{huge} more")), None);
    }

    #[test]
    fn the_runs_put_back_together_are_the_two_texts() {
        let old = "Pakistan and China   pledged to deepen collaboration in vaccine production";
        let new = "Pakistan and the PRC pledged to deepen their collaboration in vaccines";
        let runs = diff(old, new).expect("a word diff");
        let side = |keep: fn(&Words) -> bool| -> String {
            runs.iter()
                .filter(|r| keep(r))
                .map(Words::text)
                .collect::<String>()
        };
        let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&side(|r| !matches!(r, Words::Added(_)))), words(old));
        assert_eq!(
            words(&side(|r| !matches!(r, Words::Removed(_)))),
            words(new)
        );
    }
}
