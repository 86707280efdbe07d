//! `accord intake`: a submitted "Propose an event" issue (its title and its form body, as
//! GitHub delivers them) turned into a record file. Every field the form gave is normalised
//! (dates as records write them, country names as codes, organisations and areas as vocabulary
//! ids, the dropdown's labels as types, sources split into address, date and title); the rest
//! is left as placeholders the linter reports until a maintainer fills them in; and what could
//! not be mapped is said. The issue's text is data only: it goes into a YAML value through the
//! scaffold's quoting, and nowhere else.

use accord_lint::scaffold::{Draft, Scaffold, SourceDraft, scaffold};
use accord_schema::Vocabularies;

pub mod form;
pub mod normalise;

use normalise::MAX_ENTRIES;

/// A title longer than this many characters is cut.
pub const MAX_TITLE_CHARS: usize = 200;

/// An issue, as GitHub's event payload gives it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Issue<'a> {
    /// Its number.
    pub number: Option<u64>,
    /// Its title (`[event] ...`).
    pub title: &'a str,
    /// Its body: the form's answers.
    pub body: &'a str,
    /// Its address.
    pub url: Option<&'a str>,
    /// When it was opened (`2025-09-18T10:00:00Z`): the year stands in for a date the form's
    /// answer does not give.
    pub opened: Option<&'a str>,
}

/// The record made from an issue, and what could not be made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    /// The record: its id, path and text.
    pub record: Scaffold,
    /// Each answer (or part of one) that could not be mapped, and why: for the maintainer.
    pub unmapped: Vec<String>,
}

/// Why no record could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct IntakeError(pub String);

/// The record an issue proposes.
pub fn intake(issue: &Issue<'_>, vocabularies: &Vocabularies) -> Result<Intake, IntakeError> {
    let form = form::parse(issue.body);
    let mut unmapped = form.notes.clone();

    let title = issue.title.trim();
    let title = title
        .strip_prefix("[event]")
        .unwrap_or(title)
        .trim()
        .to_owned();
    let title = match title.char_indices().nth(MAX_TITLE_CHARS) {
        Some((at, _)) => {
            unmapped.push(format!("the title was cut at {MAX_TITLE_CHARS} characters"));
            title[..at].trim_end().to_owned()
        }
        None => title,
    };
    let title = if title.is_empty() {
        unmapped.push(
            "the issue has no title after `[event]`: the record's title is a stand-in".to_owned(),
        );
        match issue.number {
            Some(n) => format!("Proposed event {n}"),
            None => "Proposed event".to_owned(),
        }
    } else {
        title
    };

    let mut notes = form.get("notes").map(str::to_owned);
    let given_date = form.get("date").unwrap_or_default();
    let date = match normalise::date(given_date) {
        Some(date) => date,
        None => {
            let year = issue
                .opened
                .and_then(|o| o.get(..4))
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    IntakeError(format!(
                        "the date `{}` could not be read, and the issue gives no date to stand in for it",
                        given_date.trim()
                    ))
                })?;
            unmapped.push(format!(
                "the date `{}` could not be read: the record says {year}, the year the issue was opened; correct it (and the id and file name with it)",
                given_date.trim()
            ));
            // A placeholder, so that the linter holds the record until the date is right.
            let todo = format!(
                "TODO: the form gave the date `{}`, which accord could not read; the record says {year} until it is corrected",
                given_date.trim()
            );
            notes = Some(match notes {
                Some(n) => format!("{todo}. {n}"),
                None => todo,
            });
            year.to_owned()
        }
    };

    let kind = match form.get("type") {
        Some(label) => match normalise::event_type(label) {
            Some(kind) => Some(kind.to_owned()),
            None => {
                unmapped.push(format!("the type `{label}` is not an event type"));
                None
            }
        },
        None => None,
    };

    let mut parties: Vec<String> = Vec::new();
    let named = normalise::list(form.get("parties").unwrap_or_default());
    if named.len() > MAX_ENTRIES {
        unmapped.push(format!(
            "{} parties were named; the first {MAX_ENTRIES} are read",
            named.len()
        ));
    }
    for name in named.iter().take(MAX_ENTRIES) {
        match normalise::party(name, vocabularies) {
            Some(code) if !parties.contains(&code) => parties.push(code),
            Some(_) => {}
            None => unmapped.push(format!(
                "the party `{name}` is neither a country nor an organisation in schema/vocabularies/organizations.yaml"
            )),
        }
    }

    let mut areas: Vec<String> = Vec::new();
    let named = normalise::list(form.get("areas").unwrap_or_default());
    for name in named.iter().take(MAX_ENTRIES) {
        match normalise::area(name, vocabularies) {
            Ok(id) if !areas.contains(&id) => areas.push(id),
            Ok(_) => {}
            Err(Some(suggestion)) => unmapped.push(format!(
                "`{name}` is not an area in schema/vocabularies/areas.yaml; did you mean `{suggestion}`?"
            )),
            Err(None) => unmapped.push(format!(
                "`{name}` is not an area in schema/vocabularies/areas.yaml"
            )),
        }
    }

    let lines: Vec<&str> = form
        .get("sources")
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.len() > MAX_ENTRIES {
        unmapped.push(format!(
            "{} lines of sources were given; the first {MAX_ENTRIES} are read",
            lines.len()
        ));
    }
    let mut sources: Vec<SourceDraft> = Vec::new();
    for line in lines.iter().take(MAX_ENTRIES) {
        let source = normalise::source(line);
        if source.url.is_none()
            && let Some(bad) = line
                .split_whitespace()
                .find(|w| w.contains("://") && !normalise::is_uri(w))
        {
            unmapped.push(format!(
                "`{bad}` is not a web address a record can hold (a URI has no quotes, spaces or angle brackets); it is left in the source's title"
            ));
        }
        if source.url.is_some() || source.title.is_some() {
            sources.push(source);
        }
    }

    let value = money(&form, &mut unmapped);
    let draft = Draft {
        date,
        kind,
        title,
        parties,
        areas,
        summary: form.get("summary").map(str::to_owned),
        notes,
        sources,
        value,
        // The source's words, as the contributor gave them: a maintainer reads the amount,
        // currency and stage from the sources.
        value_as_reported: form.get("value").map(str::to_owned),
    };
    let record = scaffold(&draft, vocabularies).map_err(|e| IntakeError(e.0))?;
    Ok(Intake { record, unmapped })
}

/// The amount, currency and stage the form gave, when they can be read: an amount written
/// with separators (`5,000,000`, `5 000 000`) is read without them; a currency code in lower
/// case is read in upper case. What cannot be read is said, and left out.
fn money(
    form: &form::Form,
    unmapped: &mut Vec<String>,
) -> Option<accord_lint::scaffold::ValueDraft> {
    use accord_lint::scaffold::{check_amount, check_currency};
    let amount = form.get("amount")?;
    let digits: String = amount
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '_'))
        .collect();
    let amount = match check_amount(&digits) {
        Ok(a) => a,
        Err(_) => {
            unmapped.push(format!(
                "the amount `{amount}` is not in figures (such as 5000000); it is left out"
            ));
            return None;
        }
    };
    let given = form.get("currency").unwrap_or_default();
    let currency = match check_currency(&given.to_ascii_uppercase()) {
        Ok(c) => c,
        Err(_) => {
            unmapped.push(format!(
                "the currency `{given}` is not an ISO 4217 code; the amount `{amount}` is left out"
            ));
            return None;
        }
    };
    let stage = form.get("stage").and_then(|s| {
        let word = s.split_whitespace().next().unwrap_or_default();
        accord_schema::record::FINANCE_STAGES
            .contains(&word)
            .then(|| word.to_owned())
    });
    Some(accord_lint::scaffold::ValueDraft {
        amount,
        currency,
        stage,
    })
}

/// The body of the pull request that proposes the record: where it came from, what a
/// maintainer has left to do, and what could not be mapped, every text escaped for Markdown.
pub fn pull_request_body(intake: &Intake, issue: &Issue<'_>) -> String {
    use accord_lint::render::escape::{markdown, markdown_code};
    let mut out = String::new();
    if let Some(n) = issue.number {
        out.push_str(&format!("Proposed in #{n}. "));
    }
    out.push_str(&format!(
        "`accord intake` made `{}` from the form's answers; every `TODO:` is left for a maintainer to fill in from the sources (`accord lint` lists them).\n",
        markdown_code(&intake.record.path)
    ));
    if !intake.unmapped.is_empty() {
        out.push_str("\nWhat could not be mapped:\n\n");
        for note in &intake.unmapped {
            out.push_str(&format!("- {}\n", markdown(note)));
        }
    }
    out
}
