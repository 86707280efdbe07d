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
pub mod due_before_event;
pub mod duplicate_party;
pub mod future_date;
pub mod id_date_mismatch;
pub mod id_file_mismatch;
pub mod insecure_url;
pub mod invalid_date;
pub mod misplaced_file;
pub mod placeholder;
pub mod reversed_range;
pub mod source_before_event;
pub mod unlisted_committer;

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
}

impl<'a> Context<'a> {
    /// A top-level field of the record.
    pub(crate) fn field(&self, key: &str) -> Option<Located<'a>> {
        self.doc.root().get(key)
    }

    /// The items of a top-level list (none when the field is absent or not a list).
    pub(crate) fn items(&self, key: &str) -> impl Iterator<Item = Located<'a>> {
        self.field(key).into_iter().flat_map(Located::items)
    }

    /// A top-level string field and its node.
    pub(crate) fn string(&self, key: &str) -> Option<(&'a str, &'a Node)> {
        string(self.field(key))
    }

    /// The record's event date, when it can be read.
    pub(crate) fn event_date(&self) -> Option<(EventDate, &'a Node)> {
        let (text, node) = self.string("date")?;
        Some((EventDate::parse(text).ok()?, node))
    }

    /// Each source's `published` date field, as written.
    pub(crate) fn published(&self) -> impl Iterator<Item = Located<'a>> {
        self.items("sources").filter_map(|s| s.get("published"))
    }

    /// Each commitment's explicit `due` date field, as written.
    pub(crate) fn due(&self) -> impl Iterator<Item = Located<'a>> {
        self.items("commitments").filter_map(|c| c.get("due"))
    }

    /// The retraction's `date` field, as written.
    pub(crate) fn retracted_date(&self) -> Option<Located<'a>> {
        self.field("retracted")?.get("date")
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
        self.items("parties").flat_map(|party| {
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
}
