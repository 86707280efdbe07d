//! History rules (`A4xx`): what a change may not do to a record that is already merged. They
//! compare a record at the base commit (the merge-base of a pull request) with the record now;
//! the git side (`accord-git`) finds the changes, this module judges them.
//!
//! A merged record keeps its id and its path forever (other records, citations and links point
//! at them), is retracted rather than deleted, and stays retracted once retracted.

use std::path::{Component, Path, PathBuf};

use accord_yaml::Document;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, FileReport};

pub mod changed_id;
pub mod deleted_record;
pub mod moved_year_folder;
pub mod removed_retraction;
pub mod renamed_record;

/// How a record file changed since the base commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// New since the base.
    Added,
    /// Same path, new contents.
    Modified,
    /// Moved to another path (perhaps with new contents).
    Renamed,
    /// Gone.
    Deleted,
}

/// One changed record file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The path now, relative to the repository root (for a deletion, the path it had).
    pub path: PathBuf,
    /// The path at the base, for a modified, renamed or deleted record.
    pub old_path: Option<PathBuf>,
    /// The record's text at the base, when it was a readable text file.
    pub base_text: Option<String>,
}

/// What a history rule sees: the change, the record at the base, the record now.
pub(crate) struct Context<'a> {
    pub(crate) change: &'a Change,
    /// The base commit, abbreviated, for messages.
    pub(crate) base: &'a str,
    /// The record's id at the base, when it could be read.
    pub(crate) base_id: Option<String>,
    /// Whether the record was retracted at the base.
    pub(crate) base_retracted: bool,
    /// The record now (`None` when it was deleted).
    pub(crate) current: Option<&'a FileReport>,
}

impl Context<'_> {
    /// The current id and its span.
    pub(crate) fn current_id(&self) -> Option<(&str, std::ops::Range<usize>)> {
        let (id, span) = self.current?.facts.as_ref()?.id.as_ref()?;
        Some((id.as_str(), span.clone()))
    }

    /// How the record is named in messages: its id at the base, else its old path.
    pub(crate) fn name(&self) -> String {
        match &self.base_id {
            Some(id) => format!("`{id}`"),
            None => format!(
                "`{}`",
                self.change
                    .old_path
                    .as_deref()
                    .unwrap_or(&self.change.path)
                    .display()
            ),
        }
    }
}

/// The year folder of a path under `records/` (`records/2025/x.yaml` → `2025`).
pub(crate) fn year_folder(path: &Path) -> Option<String> {
    let mut parts = path.components().filter_map(|c| match c {
        Component::Normal(s) => s.to_str(),
        _ => None,
    });
    (parts.next() == Some("records"))
        .then(|| parts.next().map(str::to_owned))
        .flatten()
}

/// Judges one change against the base and adds the findings to `report`, the record's report
/// now (an empty one for a deleted record). Where the id of a merged record changed or its file
/// was renamed, the history finding replaces A201 (the id differs from the file name): its
/// fix, to restore the id or move the file back, is the only one the history allows, and A201
/// would suggest the other.
pub fn judge(change: &Change, base: &str, report: &mut FileReport, exists: bool) {
    let found = check(change, base, exists.then_some(&*report));
    let settles_the_name = found.iter().any(|d| {
        std::ptr::eq(d.rule, &changed_id::RULE) || std::ptr::eq(d.rule, &renamed_record::RULE)
    });
    if settles_the_name {
        report
            .diagnostics
            .retain(|d| !std::ptr::eq(d.rule, &crate::rules::record::id_file_mismatch::RULE));
    }
    report.diagnostics.extend(found);
}

/// Judges one change against the base; `current` is the record's report now, if it still exists.
pub fn check(change: &Change, base: &str, current: Option<&FileReport>) -> Vec<Diagnostic> {
    if change.kind == ChangeKind::Added {
        return Vec::new();
    }
    let base_doc: Option<Document> = change
        .base_text
        .as_deref()
        .and_then(|t| accord_yaml::parse(t).ok());
    let base_value = base_doc.as_ref().map(|d| &d.value);
    let cx = Context {
        change,
        base,
        base_id: base_value
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        base_retracted: base_value
            .and_then(|v| v.get("retracted"))
            .is_some_and(|r| !r.is_null()),
        current,
    };
    let mut out = Vec::new();
    deleted_record::check(&cx, &mut out);
    changed_id::check(&cx, &mut out);
    renamed_record::check(&cx, &mut out);
    moved_year_folder::check(&cx, &mut out);
    removed_retraction::check(&cx, &mut out);
    out
}
