//! `accord new`: the text of a new record from a few facts, with every required field present and
//! what was not given left as a placeholder ([`crate::rules::record::placeholder`]) that the
//! linter reports until it is filled in.

use accord_schema::Vocabularies;
use accord_schema::date::EventDate;
pub use accord_schema::record::EVENT_TYPES;
use accord_schema::record::EventType;
use accord_schema::vocab;

use crate::rules::record::placeholder::MARKER;
use crate::suggest::did_you_mean;

/// What `accord new` was told.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The event date, as the sources give it (`2025-06-01`, `2025-06`, a range).
    pub date: String,
    /// The event type (`meeting`), if given.
    pub kind: Option<String>,
    /// The one-line English title.
    pub title: String,
    /// Parties: ISO 3166-1 alpha-2 country codes or organisation ids.
    pub parties: Vec<String>,
    /// Area ids.
    pub areas: Vec<String>,
    /// The summary, when known (a placeholder otherwise).
    pub summary: Option<String>,
    /// Notes, when there are any.
    pub notes: Option<String>,
    /// The sources, as far as they are known (one placeholder source when there are none).
    pub sources: Vec<SourceDraft>,
    /// What the event was worth, when given.
    pub value: Option<ValueDraft>,
    /// The source's own words for what the event was worth (an intake's answer), when given.
    pub value_as_reported: Option<String>,
}

/// An amount the sources report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueDraft {
    /// Digits (`5000000`), `~` before them for an estimate.
    pub amount: String,
    /// Its ISO 4217 currency code.
    pub currency: String,
    /// `pledged`, `committed` or `disbursed`, if given.
    pub stage: Option<String>,
}

/// What is known of a source: the rest of its fields are placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceDraft {
    /// Its title, or how it was described.
    pub title: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// The day it was published, `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// A new record: its id, where it goes and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// The id: the event date (its start, for a range) and a slug of the title.
    pub id: String,
    /// `records/<year>/<id>.yaml`, relative to the repository root.
    pub path: String,
    /// The record's text.
    pub text: String,
}

/// What is wrong with a draft.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DraftError(pub String);

/// A slug of a title: lowercase ASCII letters and digits, words joined by `-`, at most 50
/// characters, cut at a word boundary.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if out.len() > 50 {
        let cut = out[..50].rfind('-').unwrap_or(50);
        out.truncate(cut);
    }
    if out.is_empty() {
        "event".to_owned()
    } else {
        out
    }
}

/// Folds the accented Latin letters common in names to ASCII (others are dropped from slugs).
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

/// Double-quotes text for YAML, on one line: line breaks and tabs become spaces, and other
/// characters a record may not hold raw (controls, bidirectional marks: see `A513`) are left
/// out.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::render::escape::is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn placeholder(what: &str) -> String {
    quoted(&format!("{MARKER}: {what}"))
}

/// Checks an event date; returns its start (`2025-06-01` for `2025-06-01/2025-06-03`).
pub fn check_date(date: &str) -> Result<String, DraftError> {
    let date = date.trim();
    EventDate::parse(date).map_err(|e| {
        DraftError(format!(
            "{e}; write the date as precisely as the sources give it: `2025-06-01`, `2025-06`, `2025`, or a range `2025-06-01/2025-06-03`"
        ))
    })?;
    Ok(EventDate::start_text(date).to_owned())
}

/// Checks an event type.
pub fn check_kind(kind: &str) -> Result<String, DraftError> {
    let kind = kind.trim();
    serde_json::from_value::<EventType>(serde_json::Value::String(kind.to_owned())).map_err(
        |_| {
            let all = EVENT_TYPES.join(", ");
            let hint = did_you_mean(kind, EVENT_TYPES.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            DraftError(format!(
                "`{kind}` is not an event type; {hint}the types are {all}"
            ))
        },
    )?;
    Ok(kind.to_owned())
}

/// Checks a title; returns it trimmed.
pub fn check_title(title: &str) -> Result<String, DraftError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(DraftError("the title is empty".to_owned()));
    }
    Ok(title.to_owned())
}

/// Checks a party (a country code or an organisation id); returns its line in `parties:`.
pub fn check_party(party: &str, vocabularies: &Vocabularies) -> Result<String, DraftError> {
    let party = party.trim();
    if vocab::country(party).is_some() {
        return Ok(format!("  - country: {}\n", quoted(party)));
    }
    if vocabularies.organization(party).is_some() {
        return Ok(format!("  - organization: {party}\n"));
    }
    if let Some(c) = vocab::country_by_alpha3(&party.to_ascii_uppercase()) {
        return Err(DraftError(format!(
            "`{party}` is the alpha-3 code of {}; use its alpha-2 code `{}`",
            c.name, c.alpha2
        )));
    }
    if let Some(c) = vocab::country(&party.to_ascii_uppercase()) {
        return Err(DraftError(format!(
            "country codes are upper case: `{}`",
            c.alpha2
        )));
    }
    if let Some(c) = vocab::country_by_name(party) {
        return Err(DraftError(format!(
            "use the country's code: `{}` for {}",
            c.alpha2, c.name
        )));
    }
    let hint = did_you_mean(
        party,
        vocabularies.organizations.iter().map(|o| o.id.as_str()),
    )
    .map(|n| format!(" (did you mean `{n}`?)"))
    .unwrap_or_default();
    Err(DraftError(format!(
        "`{party}` is neither an ISO 3166-1 alpha-2 country code nor an organisation in schema/vocabularies/organizations.yaml{hint}"
    )))
}

/// Checks a list of parties: each known, none twice.
pub fn check_parties(
    parties: &[String],
    vocabularies: &Vocabularies,
) -> Result<Vec<String>, DraftError> {
    let mut lines: Vec<String> = Vec::new();
    for party in parties {
        let line = check_party(party, vocabularies)?;
        if lines.contains(&line) {
            return Err(DraftError(format!("`{}` is given twice", party.trim())));
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Checks an area id.
pub fn check_area(area: &str, vocabularies: &Vocabularies) -> Result<String, DraftError> {
    let area = area.trim();
    if vocabularies.area(area).is_none() {
        let hint = did_you_mean(area, vocabularies.areas.iter().map(|a| a.id.as_str()))
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        return Err(DraftError(format!(
            "`{area}` is not an area in schema/vocabularies/areas.yaml{hint}"
        )));
    }
    Ok(area.to_owned())
}

/// Checks an amount: digits, perhaps with a decimal part, `~` before them for an estimate.
pub fn check_amount(amount: &str) -> Result<String, DraftError> {
    let amount = amount.trim();
    match crate::rules::record::amount(amount) {
        Some((_, digits)) if digits.bytes().any(|b| b != b'0' && b != b'.') => {
            Ok(amount.to_owned())
        }
        Some(_) => Err(DraftError("the amount is zero".to_owned())),
        None => Err(DraftError(format!(
            "`{amount}` is not an amount: write digits, as the source gives them, without separators (`5000000`, `2.5`; `~5000000` for an estimate)"
        ))),
    }
}

/// Checks an ISO 4217 currency code.
pub fn check_currency(code: &str) -> Result<String, DraftError> {
    let code = code.trim();
    if accord_schema::vocab::currency(code).is_some() {
        return Ok(code.to_owned());
    }
    if let Some(c) = accord_schema::vocab::currency(&code.to_ascii_uppercase()) {
        return Err(DraftError(format!(
            "currency codes are upper case: `{}`",
            c.code
        )));
    }
    let hint = did_you_mean(
        code,
        accord_schema::vocab::currencies().iter().map(|c| c.code),
    )
    .map(|n| format!(" (did you mean `{n}`?)"))
    .unwrap_or_default();
    Err(DraftError(format!(
        "`{code}` is not an ISO 4217 currency code{hint}"
    )))
}

/// Checks a stage of finance.
pub fn check_stage(stage: &str) -> Result<String, DraftError> {
    let stage = stage.trim();
    let stages = accord_schema::record::FINANCE_STAGES;
    if stages.contains(&stage) {
        return Ok(stage.to_owned());
    }
    let hint = did_you_mean(stage, stages.iter().copied())
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    Err(DraftError(format!(
        "`{stage}` is not a stage; {hint}the stages are pledged, committed and disbursed"
    )))
}

/// The id a record of this date and title gets.
pub fn id_of(date_start: &str, title: &str) -> String {
    format!("{date_start}-{}", slug(title))
}

/// Names the flag an answer came from in its error.
fn flag(name: &'static str) -> impl Fn(DraftError) -> DraftError {
    move |e| DraftError(format!("{name}: {}", e.0))
}

/// The record for a draft, checked against the vocabularies.
pub fn scaffold(draft: &Draft, vocabularies: &Vocabularies) -> Result<Scaffold, DraftError> {
    let date = draft.date.trim();
    let start = check_date(date).map_err(flag("--date"))?;
    let kind = match &draft.kind {
        Some(kind) => check_kind(kind).map_err(flag("--type"))?,
        None => placeholder(&format!("one of {}", EVENT_TYPES.join(", "))),
    };
    let title = check_title(&draft.title).map_err(flag("--title"))?;
    let title = title.as_str();
    let id = id_of(&start, title);
    let year = &start[..4];

    let mut parties = check_parties(&draft.parties, vocabularies).map_err(flag("--party"))?;
    // Each placeholder says which party it is, so that two are not the same party twice.
    while parties.len() < 2 {
        let which = if parties.is_empty() {
            "the first"
        } else {
            "the other"
        };
        parties.push(format!(
            "  - country: {}\n",
            placeholder(&format!("{which} party's ISO 3166-1 alpha-2 code, or use `organization:` with an id from schema/vocabularies/organizations.yaml"))
        ));
    }

    let mut areas = Vec::new();
    for area in &draft.areas {
        let area = check_area(area, vocabularies).map_err(flag("--area"))?;
        areas.push(format!("  - {area}\n"));
    }
    if areas.is_empty() {
        areas.push(format!(
            "  - {}\n",
            placeholder("an area id from schema/vocabularies/areas.yaml")
        ));
    }

    let mut text =
        String::from("# yaml-language-server: $schema=../../schema/record.schema.json\n");
    text.push_str("schema_version: 1\n");
    text.push_str(&format!("id: {}\n", quoted(&id)));
    text.push_str(&format!("title: {}\n", quoted(title)));
    let value = match &draft.value {
        Some(v) => {
            let amount = check_amount(&v.amount).map_err(flag("--amount"))?;
            let currency = check_currency(&v.currency).map_err(flag("--currency"))?;
            let mut text = format!(
                "value:\n  amount: {}\n  currency: {currency}\n",
                quoted(&amount)
            );
            if let Some(stage) = &v.stage {
                text.push_str(&format!(
                    "  stage: {}\n",
                    check_stage(stage).map_err(flag("--stage"))?
                ));
            }
            match &draft.value_as_reported {
                Some(words) => text.push_str(&format!("  as_reported: {}\n", quoted(words))),
                // An estimate needs the source's words (A216).
                None if amount.starts_with('~') => text.push_str(&format!(
                    "  as_reported: {}\n",
                    placeholder(
                        "the source's own words for the amount, for example \"about $5 million\""
                    )
                )),
                None => {}
            }
            Some(text)
        }
        None => draft
            .value_as_reported
            .as_ref()
            .map(|words| format!("value:\n  as_reported: {}\n", quoted(words))),
    };
    let summary = match &draft.summary {
        Some(summary) => quoted(summary),
        None => placeholder(
            "a few neutral English sentences in your own words: who met or signed what, where, and what they agreed",
        ),
    };
    text.push_str(&format!("summary: {summary}\n"));
    text.push_str(&format!("date: {}\n", quoted(date)));
    text.push_str(&format!("type: {kind}\n"));
    text.push_str(&format!(
        "status: {}\n",
        placeholder("what the sources say: announced, signed, in-implementation, completed, stalled, cancelled or unknown")
    ));
    if draft.kind.as_deref() == Some("agreement") {
        text.push_str(&format!(
            "instrument:\n  kind: {}\n  binding: unknown\n",
            placeholder("mou, agreement, treaty, exchange-of-notes or action-plan")
        ));
    }
    text.push_str("parties:\n");
    parties.iter().for_each(|p| text.push_str(p));
    text.push_str("areas:\n");
    areas.iter().for_each(|a| text.push_str(a));
    if let Some(value) = &value {
        text.push_str(value);
    }
    text.push_str("sources:\n");
    let none = [SourceDraft::default()];
    let sources = if draft.sources.is_empty() {
        &none[..]
    } else {
        &draft.sources
    };
    for source in sources {
        if let Some(title) = &source.title {
            text.push_str(&format!("  - title: {}\n    publisher: ", quoted(title)));
        } else {
            text.push_str("  - publisher: ");
        }
        text.push_str(&format!(
            "{}\n    published: {}\n    kind: {}\n    url: {}\n",
            placeholder("who published the source"),
            source.published.as_deref().map_or_else(
                || placeholder("the date it was published, YYYY-MM-DD"),
                quoted
            ),
            placeholder("news, government, multilateral or other"),
            source.url.as_deref().map_or_else(
                || placeholder("its https:// address; delete this line if it is not online"),
                quoted
            ),
        ));
    }
    if let Some(notes) = &draft.notes {
        text.push_str(&format!("notes: {}\n", quoted(notes)));
    }
    Ok(Scaffold {
        path: format!("records/{year}/{id}.yaml"),
        id,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_lowercase_ascii() {
        assert_eq!(
            slug("Pakistan and China: Health Talks!"),
            "pakistan-and-china-health-talks"
        );
        assert_eq!(slug("Côte d'Ivoire signs MOU"), "cote-divoire-signs-mou");
        assert_eq!(slug("  ...  "), "event");
        let long = slug(&"word ".repeat(30));
        assert!(long.len() <= 50 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn the_event_types_match_the_schema() {
        for t in EVENT_TYPES {
            assert!(
                serde_json::from_value::<EventType>(serde_json::Value::String((*t).to_owned()))
                    .is_ok(),
                "{t}"
            );
        }
        let schema: serde_json::Value =
            serde_json::from_str(accord_schema::schema::PUBLISHED_SCHEMA).expect("schema");
        let text = schema.to_string();
        for t in EVENT_TYPES {
            assert!(text.contains(&format!("\"{t}\"")), "{t}");
        }
    }
}
