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
use accord_yaml::{Document, Node};
use serde_json::Value;

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
    /// The value at a JSON pointer.
    pub(crate) fn value(&self, pointer: &str) -> Option<&'a Value> {
        lookup(&self.doc.value, pointer)
    }

    /// The string at a JSON pointer and its node.
    pub(crate) fn string(&self, pointer: &str) -> Option<(&'a str, &'a Node)> {
        let text = self.value(pointer)?.as_str()?;
        Some((text, self.doc.node(pointer)?))
    }

    /// The length of the list at a JSON pointer (0 when there is none).
    pub(crate) fn len(&self, pointer: &str) -> usize {
        self.value(pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }

    /// The record's event date, when it can be read.
    pub(crate) fn event_date(&self) -> Option<(EventDate, &'a Node)> {
        let (text, node) = self.string("/date")?;
        Some((EventDate::parse(text).ok()?, node))
    }

    /// A date field that can be read.
    pub(crate) fn date(&self, pointer: &str) -> Option<(PartialDate, &'a Node)> {
        let (text, node) = self.string(pointer)?;
        Some((PartialDate::parse(text).ok()?, node))
    }

    /// Every date field of the record other than the event date: sources' `published`,
    /// commitments' explicit `due`, the retraction's `date`. Pointers in document order.
    pub(crate) fn other_date_pointers(&self) -> Vec<String> {
        let mut pointers = Vec::new();
        for i in 0..self.len("/sources") {
            pointers.push(format!("/sources/{i}/published"));
        }
        for i in 0..self.len("/commitments") {
            pointers.push(format!("/commitments/{i}/due"));
        }
        pointers.push("/retracted/date".to_owned());
        pointers
    }
}

/// The value at a JSON pointer, like `Value::pointer` but without allocating for the common
/// tokens (those without `~` escapes).
pub(crate) fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let mut current = value;
    for token in pointer.strip_prefix('/')?.split('/') {
        let unescaped;
        let token = if token.contains('~') {
            unescaped = token.replace("~1", "/").replace("~0", "~");
            unescaped.as_str()
        } else {
            token
        };
        current = match current {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
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
