//! The outputs of a [`Diff`](crate::Diff), one file each: [`human`] for a terminal,
//! [`markdown`] for a GitHub job summary (bounded, escaped), [`json`] for machines. What they
//! share is here: how a value is shown, cut and word-diffed.

use std::borrow::Cow;

use serde_json::Value;

use crate::{Change, Words};

mod human;
mod json;
mod markdown;

pub use human::human;
pub use json::{JSON_VERSION, json};
pub use markdown::{MAX_MARKDOWN_BYTES, markdown};

/// A value is shown up to this many characters, then cut with `…`.
pub const MAX_VALUE_CHARS: usize = 200;

/// A run of kept words longer than this is shown by its ends, the middle as `…`.
const CONTEXT_WORDS: usize = 6;

/// A value as the outputs show it: a text in double quotes (escaped as JSON escapes it, so a
/// line break reads `\n`), anything else as compact JSON; cut at [`MAX_VALUE_CHARS`].
pub(crate) fn value(v: &Value) -> String {
    cut(&v.to_string(), MAX_VALUE_CHARS).into_owned()
}

/// `text` cut to `max` characters, `…` standing for the rest.
pub(crate) fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// One piece of a word diff as shown: the kept words at its ends shortened.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Kept words (perhaps shortened, with `…`).
    Same(Cow<'a, str>),
    /// Removed words.
    Removed(Cow<'a, str>),
    /// Added words.
    Added(Cow<'a, str>),
}

/// The runs of a word diff with each long run of kept words shortened to the words next to a
/// change, and each changed run trimmed (a space that followed it kept as a kept space, unless
/// another change follows) and cut at [`MAX_VALUE_CHARS`].
pub(crate) fn pieces<'a>(runs: &'a [Words]) -> Vec<Piece<'a>> {
    let last = runs.len().saturating_sub(1);
    let mut out = Vec::with_capacity(runs.len() + 2);
    for (i, run) in runs.iter().enumerate() {
        let changed = |text: &'a str| -> (Cow<'a, str>, bool) {
            let spaced = text.ends_with(char::is_whitespace)
                && !matches!(runs.get(i + 1), Some(Words::Removed(_) | Words::Added(_)));
            (cut(text.trim(), MAX_VALUE_CHARS), spaced)
        };
        let (piece, spaced) = match run {
            Words::Same(text) => (Piece::Same(context(text, i > 0, i < last)), false),
            Words::Removed(text) => {
                let (t, spaced) = changed(text);
                (Piece::Removed(t), spaced)
            }
            Words::Added(text) => {
                let (t, spaced) = changed(text);
                (Piece::Added(t), spaced)
            }
        };
        out.push(piece);
        if spaced {
            out.push(Piece::Same(Cow::Borrowed(" ")));
        }
    }
    out
}

/// Kept words next to a change before them (`after`) and after them (`before`): the words
/// nearest the changes, the rest as `…`.
fn context(text: &str, after: bool, before: bool) -> Cow<'_, str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keep = CONTEXT_WORDS * (usize::from(after) + usize::from(before));
    if words.len() <= keep.max(CONTEXT_WORDS) {
        return Cow::Borrowed(text);
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let head = words[..CONTEXT_WORDS].join(" ");
    let tail = words[words.len() - CONTEXT_WORDS..].join(" ");
    Cow::Owned(match (after, before) {
        (true, true) => format!("{lead}{head} … {tail}{trail}"),
        (true, false) => format!("{lead}{head} …"),
        _ => format!("… {tail}{trail}"),
    })
}

/// How one form writes a change: its escaping, and how it marks what went and what came.
pub(crate) struct Style {
    /// Escapes text from a record for the form.
    pub(crate) text: fn(&str) -> String,
    /// Marks escaped words as removed.
    pub(crate) removed: fn(&str) -> String,
    /// Marks escaped words as added.
    pub(crate) added: fn(&str) -> String,
    /// Whether whole values are marked too (or only the words of a word diff).
    pub(crate) mark_values: bool,
    /// Between an old value and its new one.
    pub(crate) arrow: &'static str,
    /// Between removed words and the added words that follow them at once.
    pub(crate) gap: &'static str,
}

/// One field's change as a form writes it: `added "host"`, `"a" -> "b"`, or a word diff.
pub(crate) fn change(change: &Change, style: &Style) -> String {
    let shown = |v: &Value| (style.text)(&value(v));
    let mark = |marked: fn(&str) -> String, text: String| {
        if style.mark_values {
            marked(&text)
        } else {
            text
        }
    };
    match change {
        Change::Added { new } => format!("added {}", mark(style.added, shown(new))),
        Change::Removed { old } => format!("removed {}", mark(style.removed, shown(old))),
        Change::Changed {
            words: Some(runs), ..
        } => {
            let mut out = String::new();
            let mut after_removed = false;
            for piece in pieces(runs) {
                let removed = matches!(piece, Piece::Removed(_));
                match piece {
                    Piece::Same(t) => out.push_str(&(style.text)(&t)),
                    Piece::Removed(t) => out.push_str(&(style.removed)(&(style.text)(&t))),
                    Piece::Added(t) => {
                        if after_removed {
                            out.push_str(style.gap);
                        }
                        out.push_str(&(style.added)(&(style.text)(&t)));
                    }
                }
                after_removed = removed;
            }
            out
        }
        Change::Changed { old, new, .. } => format!(
            "{} {} {}",
            mark(style.removed, shown(old)),
            style.arrow,
            mark(style.added, shown(new))
        ),
    }
}

/// An added or deleted record in a line: `2025-05-19 · meeting · announced · PK, CN ·
/// vaccines · 1 source`, each value escaped with `text`.
pub(crate) fn synopsis(s: &crate::Synopsis, text: fn(&str) -> String) -> String {
    let mut line: Vec<String> = [&s.date, &s.kind, &s.status]
        .into_iter()
        .flatten()
        .map(|t| text(t))
        .collect();
    if !s.parties.is_empty() {
        line.push(text(&s.parties.join(", ")));
    }
    if !s.areas.is_empty() {
        line.push(text(&s.areas.join(", ")));
    }
    line.push(match s.sources {
        1 => "1 source".to_owned(),
        n => format!("{n} sources"),
    });
    line.join(" · ")
}

/// Which record a side is, in a sentence: "the record at the base", "the record now".
pub(crate) fn side(side: crate::Side) -> &'static str {
    match side {
        crate::Side::Base => "at the base",
        crate::Side::Head => "now",
    }
}

/// "1 error, 2 warnings", or `None` for a clean record.
pub(crate) fn findings(errors: usize, warnings: usize) -> Option<String> {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => None,
        (e, 0) => Some(plural(e, "error")),
        (0, w) => Some(plural(w, "warning")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}

/// What a renamed or deleted record's kind means, for the reviewer.
pub(crate) fn why_an_error(kind: crate::Kind) -> Option<&'static str> {
    match kind {
        crate::Kind::Renamed => Some("an error: a merged record keeps its path"),
        crate::Kind::Deleted => Some("an error: a merged record is retracted, never deleted"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_of_kept_words_are_shortened_around_the_changes() {
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen ";
        let runs = [
            Words::Same(long.to_owned()),
            Words::Removed("old".to_owned()),
            Words::Same(format!(" {long}")),
            Words::Added("new".to_owned()),
            Words::Same(format!(" {long}")),
        ];
        let shown = pieces(&runs);
        assert_eq!(
            shown[0],
            Piece::Same("… eight nine ten eleven twelve thirteen ".into())
        );
        assert_eq!(
            shown[2],
            Piece::Same(
                " one two three four five six … eight nine ten eleven twelve thirteen ".into()
            )
        );
        assert_eq!(
            shown[4],
            Piece::Same(" one two three four five six …".into())
        );
    }

    #[test]
    fn values_are_cut_by_characters_not_bytes() {
        let text = "é".repeat(MAX_VALUE_CHARS + 5);
        let shown = cut(&text, MAX_VALUE_CHARS);
        assert_eq!(shown.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(cut("short", MAX_VALUE_CHARS), "short");
    }
}
