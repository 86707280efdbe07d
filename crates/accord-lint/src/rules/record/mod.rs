//! Record rules (`A2xx`): what the schema cannot say about one record on its own: the file's
//! name and place, YAML 1.1 traps, calendar dates and their order, distinct parties, safe
//! links, commitments made by parties of the record.
//!
//! Each rule lives in its own module with its documentation and a `check` function. The rules
//! read the parsed document, so they run even when the schema found problems elsewhere in the
//! record; a rule skips a value it cannot read (the schema has already reported it).

use std::ops::Range;
use std::path::Path;

use accord_schema::date::{Day, EventDate, PartialDate};
use accord_yaml::{Document, Located, Node};

use crate::diagnostic::Diagnostic;

pub mod ambiguous_scalar;
pub mod commitment_above_event;
pub mod disbursed_before_event;
pub mod due_before_event;
pub mod duplicate_party;
pub mod estimate_without_words;
pub mod future_date;
pub mod id_date_mismatch;
pub mod id_file_mismatch;
pub mod insecure_url;
pub mod invalid_date;
pub mod misplaced_file;
pub mod non_positive_amount;
pub mod placeholder;
pub mod reversed_range;
pub mod source_before_event;
pub mod unlisted_committer;
pub mod unsafe_link;

/// What a record rule sees.
pub(crate) struct Context<'a> {
    /// The parsed record.
    pub(crate) doc: &'a Document,
    /// Its text.
    pub(crate) source: &'a str,
    /// The file as shown (relative to the repository root when inside it), when there is one.
    pub(crate) path: Option<&'a Path>,
    /// Today, for rules about the future.
    pub(crate) today: Day,
    /// The top-level fields the rules read, found in one pass over the record.
    fields: Fields<'a>,
    /// The event date, when it can be read.
    event_date: Option<(EventDate, &'a Node)>,
}

/// The top-level fields the record rules read.
#[derive(Default)]
struct Fields<'a> {
    id: Option<Located<'a>>,
    date: Option<Located<'a>>,
    parties: Option<Located<'a>>,
    sources: Option<Located<'a>>,
    commitments: Option<Located<'a>>,
    retracted: Option<Located<'a>>,
    value: Option<Located<'a>>,
}

impl<'a> Context<'a> {
    /// What the rules see of one parsed record: its top-level fields are found, and its event
    /// date read, once here for every rule.
    pub(crate) fn new(
        doc: &'a Document,
        source: &'a str,
        path: Option<&'a Path>,
        today: Day,
    ) -> Context<'a> {
        let mut fields = Fields::default();
        for (key, value) in doc.root().entries() {
            let slot = match key {
                "id" => &mut fields.id,
                "date" => &mut fields.date,
                "parties" => &mut fields.parties,
                "sources" => &mut fields.sources,
                "commitments" => &mut fields.commitments,
                "retracted" => &mut fields.retracted,
                "value" => &mut fields.value,
                _ => continue,
            };
            *slot = Some(value);
        }
        let event_date =
            string(fields.date).and_then(|(text, node)| Some((EventDate::parse(text).ok()?, node)));
        Context {
            doc,
            source,
            path,
            today,
            fields,
            event_date,
        }
    }

    /// The record's `id` and its node, when it is a string.
    pub(crate) fn id(&self) -> Option<(&'a str, &'a Node)> {
        string(self.fields.id)
    }

    /// The record's `date` field as written.
    pub(crate) fn date_field(&self) -> Option<Located<'a>> {
        self.fields.date
    }

    /// The record's event date, when it can be read.
    pub(crate) fn event_date(&self) -> Option<(&EventDate, &'a Node)> {
        self.event_date.as_ref().map(|(date, node)| (date, *node))
    }

    /// The items of a list, when the field is one (none otherwise).
    fn items_of(field: Option<Located<'a>>) -> impl Iterator<Item = Located<'a>> {
        field.into_iter().flat_map(Located::items)
    }

    /// The sources.
    pub(crate) fn sources(&self) -> impl Iterator<Item = Located<'a>> {
        Self::items_of(self.fields.sources)
    }

    /// The commitments.
    pub(crate) fn commitments(&self) -> impl Iterator<Item = Located<'a>> {
        Self::items_of(self.fields.commitments)
    }

    /// The event's `value`, when it has one.
    pub(crate) fn value(&self) -> Option<Located<'a>> {
        self.fields.value
    }

    /// Every `value` of the record: the event's, then each commitment's.
    pub(crate) fn values(&self) -> impl Iterator<Item = Located<'a>> {
        self.fields
            .value
            .into_iter()
            .chain(self.commitments().filter_map(|c| c.get("value")))
    }

    /// Each source's `published` date field, as written.
    pub(crate) fn published(&self) -> impl Iterator<Item = Located<'a>> {
        self.sources().filter_map(|s| s.get("published"))
    }

    /// Each commitment's explicit `due` date field, as written.
    pub(crate) fn due(&self) -> impl Iterator<Item = Located<'a>> {
        self.commitments().filter_map(|c| c.get("due"))
    }

    /// The retraction's `date` field, as written.
    pub(crate) fn retracted_date(&self) -> Option<Located<'a>> {
        self.fields.retracted?.get("date")
    }

    /// Every date field of the record other than the event date, in document order: sources'
    /// `published`, commitments' explicit `due`, the retraction's `date`.
    pub(crate) fn other_dates(&self) -> impl Iterator<Item = Located<'a>> {
        self.published()
            .chain(self.due())
            .chain(self.retracted_date())
    }

    /// The parties' codes (`country` and `organization` values) with the key each is under,
    /// in document order.
    pub(crate) fn party_codes(&self) -> impl Iterator<Item = (&'static str, &'a str, &'a Node)> {
        Self::items_of(self.fields.parties).flat_map(|party| {
            ["country", "organization"]
                .into_iter()
                .filter_map(move |key| string(party.get(key)).map(|(code, node)| (key, code, node)))
        })
    }
}

/// The string at a located value and its node, when there is a string there.
pub(crate) fn string(at: Option<Located<'_>>) -> Option<(&str, &Node)> {
    let at = at?;
    Some((at.as_str()?, at.node()))
}

/// The partial date at a located value, when there is one that can be read.
pub(crate) fn date(at: Option<Located<'_>>) -> Option<(PartialDate, &Node)> {
    let (text, node) = string(at)?;
    Some((PartialDate::parse(text).ok()?, node))
}

/// The span to underline for a node: the scalar's text, or for a collection its first line.
pub(crate) fn span_of(node: &Node, source: &str) -> Range<usize> {
    let span = node.span.clone();
    match source.get(span.clone()) {
        Some(text) if text.contains('\n') => {
            let first = text.find('\n').unwrap_or(text.len());
            span.start..span.start + text[..first].trim_end().len()
        }
        _ => span,
    }
}

/// Runs every record rule over one parsed record.
pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    id_file_mismatch::check(cx, out);
    misplaced_file::check(cx, out);
    id_date_mismatch::check(cx, out);
    ambiguous_scalar::check(cx, out);
    placeholder::check(cx, out);
    invalid_date::check(cx, out);
    reversed_range::check(cx, out);
    future_date::check(cx, out);
    duplicate_party::check(cx, out);
    unlisted_committer::check(cx, out);
    source_before_event::check(cx, out);
    due_before_event::check(cx, out);
    insecure_url::check(cx, out);
    unsafe_link::check(cx, out);
    non_positive_amount::check(cx, out);
    estimate_without_words::check(cx, out);
    disbursed_before_event::check(cx, out);
    commitment_above_event::check(cx, out);
}

/// An amount as written (`"5000000"`, `"~2.5"`): whether it is an estimate, and its digits.
/// `None` when it is not an amount (the schema reports that).
pub(crate) fn amount(text: &str) -> Option<(bool, &str)> {
    let (estimate, digits) = match text.strip_prefix('~') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (frac.is_empty() != digits.contains('.'));
    ok.then_some((estimate, digits))
}

/// Compares two amounts' digits (as [`amount`] gives them) as numbers, exactly: no float is
/// involved, so `"10000000000000000001"` is more than `"10000000000000000000"`.
pub(crate) fn compare_amounts(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |d: &str| {
        let (int, frac) = d.split_once('.').unwrap_or((d, ""));
        let int = int.trim_start_matches('0');
        (int.to_owned(), frac.trim_end_matches('0').to_owned())
    };
    let ((ai, af), (bi, bf)) = (split(a), split(b));
    ai.len()
        .cmp(&bi.len())
        .then_with(|| ai.cmp(&bi))
        .then_with(|| af.cmp(&bf))
}

#[cfg(test)]
mod amount_tests {
    use super::{amount, compare_amounts};
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn amounts_are_read_and_compared_exactly() {
        assert_eq!(amount("5000000"), Some((false, "5000000")));
        assert_eq!(amount("~2.5"), Some((true, "2.5")));
        for bad in ["", "~", "5.", ".5", "1e6", "1_000", "-3", "5.0.0"] {
            assert_eq!(amount(bad), None, "{bad}");
        }
        assert_eq!(
            compare_amounts("10000000000000000001", "10000000000000000000"),
            Greater
        );
        assert_eq!(compare_amounts("007.50", "7.5"), Equal);
        assert_eq!(compare_amounts("7.49", "7.5"), Less);
        assert_eq!(compare_amounts("0", "0.0"), Equal);
        assert_eq!(compare_amounts("12", "9.99"), Greater);
    }
}
