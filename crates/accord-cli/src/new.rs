//! `accord new`: writes a new record from flags (or, in a terminal, answers to questions).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use accord_lint::render::escape;
use accord_lint::scaffold::{
    Draft, DraftError, EVENT_TYPES, Scaffold, check_area, check_date, check_kind, check_parties,
    check_title, id_of, scaffold,
};
use accord_schema::Vocabularies;

use crate::{Fatal, Global, NewArgs, Outcome, emit};

/// Questions on a terminal: each answer is checked as soon as it is given, and a bad one is
/// asked again with what is wrong with it, so no answer already given is lost.
struct Prompt<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompt<R, W> {
    /// One line of answer; `None` when the input closes.
    fn line(&mut self, question: &str) -> Result<Option<String>, Fatal> {
        write!(self.output, "{question}: ").ok();
        self.output.flush().ok();
        let mut line = String::new();
        let n = self
            .input
            .read_line(&mut line)
            .map_err(|e| Fatal(format!("cannot read the answer: {e}")))?;
        Ok((n > 0).then(|| line.trim().to_owned()))
    }

    /// Asks until `check` accepts the answer. An empty answer is `None` when `optional` (and
    /// asked again otherwise); the input closing is an error naming `flag`.
    fn ask<T>(
        &mut self,
        question: &str,
        flag: &str,
        optional: bool,
        check: impl Fn(&str) -> Result<T, DraftError>,
    ) -> Result<Option<T>, Fatal> {
        loop {
            let Some(answer) = self.line(question)? else {
                return if optional {
                    Ok(None)
                } else {
                    Err(Fatal(format!("{flag} is required")))
                };
            };
            if answer.is_empty() {
                if optional {
                    return Ok(None);
                }
                continue;
            }
            match check(&answer) {
                Ok(value) => return Ok(Some(value)),
                Err(e) => {
                    writeln!(
                        self.output,
                        "  {}; please try again",
                        escape::terminal(&e.0)
                    )
                    .ok();
                }
            }
        }
    }
}

/// A flag's value, or in a terminal the answer to a question, checked at once.
fn required<R: BufRead, W: Write>(
    value: &Option<String>,
    flag: &str,
    question: &str,
    prompt: Option<&mut Prompt<R, W>>,
    check: impl Fn(&str) -> Result<(), DraftError>,
) -> Result<String, Fatal> {
    if let Some(v) = value {
        return Ok(v.clone());
    }
    let Some(prompt) = prompt else {
        return Err(Fatal(format!(
            "{flag} is required (or run `accord new` in a terminal to be asked); see `accord new --help`"
        )));
    };
    let answer = prompt.ask(question, flag, false, |a| check(a).map(|()| a.to_owned()))?;
    answer.ok_or_else(|| Fatal(format!("{flag} is required")))
}

fn list(answer: &str) -> Vec<String> {
    answer
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn run(root: &Path, args: &NewArgs, global: &Global) -> Result<Outcome, Fatal> {
    let mut prompt = std::io::stdin().is_terminal().then(|| Prompt {
        input: std::io::stdin().lock(),
        output: std::io::stderr(),
    });
    let vocabularies = Vocabularies::load(root)?;
    let draft = interview(root, &vocabularies, args, prompt.as_mut())?;
    let record = scaffold(&draft, &vocabularies).map_err(|e| Fatal(e.0))?;
    create(root, &record)?;
    emit(&format!("{}\n", record.path))?;
    if !global.quiet {
        eprintln!(
            "fill in every `TODO:`, then run `accord lint {}`",
            record.path
        );
    }
    Ok(Outcome::Clean)
}

/// Writes a new record where its id puts it: never over a file that is there (or appears
/// meanwhile), never through a link, never with an id another record has.
pub(crate) fn create(root: &Path, record: &Scaffold) -> Result<(), Fatal> {
    let path = root.join(&record.path);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Fatal(format!(
            "{} already exists; a record's id is never reused: choose a more specific title",
            record.path
        )));
    }
    if let Some(existing) = find_id(root, &record.id) {
        return Err(Fatal(format!(
            "a record with the id `{}` already exists at {}; choose a more specific title",
            record.id, existing
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Fatal(format!("cannot create {}: {e}", parent.display())))?;
    }
    // Its folders must be real folders: a link there would put the record elsewhere.
    let folder = Path::new(&record.path).parent().unwrap_or(Path::new(""));
    accord_fs::Root::unchecked(root)
        .folder(folder)
        .map_err(|e| {
            Fatal(format!(
                "cannot create {}: {}: {e}",
                record.path,
                folder.display()
            ))
        })?;
    // `create_new` refuses to overwrite a file that appeared meanwhile, and a link.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", record.path)))?;
    file.write_all(record.text.as_bytes())
        .map_err(|e| Fatal(format!("cannot write {}: {e}", record.path)))?;
    Ok(())
}

/// What the new record says: the flags given, and in a terminal the answers to questions for
/// the rest, each checked as it is given.
fn interview<R: BufRead, W: Write>(
    root: &Path,
    vocabularies: &Vocabularies,
    args: &NewArgs,
    mut prompt: Option<&mut Prompt<R, W>>,
) -> Result<Draft, Fatal> {
    let date = required(
        &args.date,
        "--date",
        "Event date (2025-06-01, 2025-06 or 2025)",
        prompt.as_deref_mut(),
        |a| check_date(a).map(drop),
    )?;
    let kind = required(
        &args.kind,
        "--type",
        &format!("Event type ({})", EVENT_TYPES.join(", ")),
        prompt.as_deref_mut(),
        |a| check_kind(a).map(drop),
    )?;
    // A title whose id is taken is asked again: the id is the date and the title's slug.
    let start = check_date(&date).ok();
    let title = required(
        &args.title,
        "--title",
        "Title (one line, English)",
        prompt.as_deref_mut(),
        |a| {
            let title = check_title(a)?;
            match start
                .as_deref()
                .and_then(|s| find_id(root, &id_of(s, &title)))
            {
                Some(existing) => Err(DraftError(format!(
                    "{existing} already has this id; choose a more specific title"
                ))),
                None => Ok(()),
            }
        },
    )?;
    let mut parties = args.parties.clone();
    let mut areas = args.areas.clone();
    if let Some(prompt) = prompt {
        if parties.is_empty() {
            parties = prompt
                .ask(
                    "Parties (country codes or organisation ids, e.g. PK CN who; empty to fill in later)",
                    "--party",
                    true,
                    |a| {
                        let parties = list(a);
                        check_parties(&parties, vocabularies).map(|_| parties)
                    },
                )?
                .unwrap_or_default();
        }
        if areas.is_empty() {
            areas = prompt
                .ask(
                    "Areas (ids from schema/vocabularies/areas.yaml, e.g. vaccines; empty to fill in later)",
                    "--area",
                    true,
                    |a| {
                        let areas = list(a);
                        areas
                            .iter()
                            .try_for_each(|area| check_area(area, vocabularies).map(drop))
                            .map(|()| areas)
                    },
                )?
                .unwrap_or_default();
        }
    }
    Ok(Draft {
        date,
        kind: Some(kind),
        title,
        parties,
        areas,
        value: args
            .amount
            .as_ref()
            .map(|amount| accord_lint::scaffold::ValueDraft {
                amount: amount.clone(),
                currency: args.currency.clone().unwrap_or_default(),
                stage: args.stage.clone(),
            }),
        ..Draft::default()
    })
}

/// A record file anywhere under `records/` whose name is this id.
fn find_id(root: &Path, id: &str) -> Option<String> {
    let found = accord_lint::discover::records(root, &root.join("records"));
    found
        .records
        .iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(id))
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(root: &Path, script: &str) -> (Result<Draft, Fatal>, String) {
        let args = NewArgs {
            date: None,
            kind: None,
            title: None,
            parties: Vec::new(),
            areas: Vec::new(),
            amount: None,
            currency: None,
            stage: None,
        };
        let mut prompt = Prompt {
            input: std::io::Cursor::new(script.as_bytes().to_vec()),
            output: Vec::new(),
        };
        let vocabularies = Vocabularies::builtin().clone();
        let draft = interview(root, &vocabularies, &args, Some(&mut prompt));
        (draft, String::from_utf8(prompt.output).expect("UTF-8"))
    }

    /// Each bad answer is asked again at once, with what is wrong, and the good answers before
    /// it are kept.
    #[test]
    fn a_bad_answer_is_asked_again_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("records/2025")).expect("folders");
        std::fs::write(
            dir.path().join("records/2025/2025-06-01-talks.yaml"),
            "schema_version: 1\n",
        )
        .expect("write");
        let script = "2025-6-1\n2025-06-01\nmeetnig\nmeeting\nTalks\nHealth talks\nPK Pakistan\nPK CN who\nvacines\nvaccines\n";
        let (draft, shown) = answers(dir.path(), script);
        let draft = draft.expect("a draft");
        assert_eq!(draft.date, "2025-06-01");
        assert_eq!(draft.kind.as_deref(), Some("meeting"));
        assert_eq!(draft.title, "Health talks");
        assert_eq!(draft.parties, ["PK", "CN", "who"]);
        assert_eq!(draft.areas, ["vaccines"]);
        let tries: Vec<&str> = shown
            .lines()
            .filter(|l| l.contains("please try again"))
            .collect();
        assert_eq!(tries.len(), 5, "{shown}");
        assert!(tries[1].contains("did you mean `meeting`?"), "{shown}");
        assert!(
            tries[2].contains("records/2025/2025-06-01-talks.yaml already has this id"),
            "{shown}"
        );
        assert!(tries[3].contains("`PK` for Pakistan"), "{shown}");
        assert!(tries[4].contains("did you mean `vaccines`?"), "{shown}");
    }

    #[test]
    fn empty_lists_are_left_to_fill_in_and_a_closed_input_stops() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (draft, _) = answers(dir.path(), "2025\nvisit\nA visit\n\n\n");
        let draft = draft.expect("a draft");
        assert!(draft.parties.is_empty() && draft.areas.is_empty());
        let (draft, _) = answers(dir.path(), "2025\n");
        assert!(draft.is_err_and(|e| e.0.contains("--type is required")));
    }
}
