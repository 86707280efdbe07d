//! What a change does to a dataset's records, as data: for each record file a pull request
//! adds, changes, renames or deletes, what it is and which fields went from what to what (at
//! paths such as `parties[1].role`, long text as a word diff). `accord diff` renders it for a
//! terminal, for a GitHub job summary and as JSON; the data itself comes from the texts the
//! caller gives (the git side finds them), so that tests feed it directly.

use serde::Serialize;
use serde_json::Value;

mod fields;
pub mod render;
mod words;

pub use fields::{Change, FieldChange};
pub use words::Words;

/// How a record file changed, as git sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// New since the base.
    Added,
    /// Same path, new contents.
    Modified,
    /// Moved to another path (perhaps with new contents).
    Renamed,
    /// Gone.
    Deleted,
}

/// One changed record file as the caller found it: its texts at the base and now (each
/// `None` where there is no file, or it could not be read as text) and what the linter made of
/// it now.
#[derive(Debug, Clone, Copy)]
pub struct FileChange<'a> {
    /// What git says happened.
    pub kind: FileKind,
    /// The path now (for a deletion, the path it had), relative to the repository root.
    pub path: &'a str,
    /// The path at the base, when it moved.
    pub old_path: Option<&'a str>,
    /// The text at the base.
    pub base: Option<&'a str>,
    /// The text now.
    pub head: Option<&'a str>,
    /// Errors the linter finds in the change.
    pub errors: usize,
    /// Warnings the linter finds in the change.
    pub warnings: usize,
}

/// What a change does to a record, as a reviewer names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A new record.
    Added,
    /// A record whose fields changed.
    Changed,
    /// A record that gained a `retracted:` block.
    Retracted,
    /// A record moved to another path (an error: a merged record keeps its path).
    Renamed,
    /// A record deleted (an error: a merged record is retracted, never deleted).
    Deleted,
}

impl Kind {
    /// Every kind, in the order the outputs list them.
    pub const ALL: [Kind; 5] = [
        Kind::Added,
        Kind::Changed,
        Kind::Retracted,
        Kind::Renamed,
        Kind::Deleted,
    ];

    /// The kind's name in the outputs.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Changed => "changed",
            Kind::Retracted => "retracted",
            Kind::Renamed => "renamed",
            Kind::Deleted => "deleted",
        }
    }
}

/// Which side of a change a text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The record at the base.
    Base,
    /// The record now.
    Head,
}

/// What a record is, in a line: for one that is added or deleted, where a list of fields would
/// say less.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Synopsis {
    /// The event's date as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its parties' codes and ids, in order.
    pub parties: Vec<String>,
    /// Its areas, in order.
    pub areas: Vec<String>,
    /// How many sources it cites.
    pub sources: usize,
}

/// One changed record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordDiff {
    /// What the change does to it.
    pub kind: Kind,
    /// Its path now (for a deletion, the path it had).
    pub path: String,
    /// Its path at the base, when it moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// Its id (now, else at the base), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its title (now, else at the base), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// For an added or deleted record, what it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synopsis: Option<Synopsis>,
    /// For a record on both sides, each field that differs, in the record's order.
    pub fields: Vec<FieldChange>,
    /// The side whose text is not a YAML document (its fields cannot be compared; the linter
    /// says why).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<Side>,
    /// Errors the linter finds in the change.
    pub errors: usize,
    /// Warnings the linter finds in the change.
    pub warnings: usize,
}

/// Compares a changed record file's two sides.
pub fn record(change: &FileChange<'_>) -> RecordDiff {
    let base = change.base.map(accord_yaml::parse);
    let head = change.head.map(accord_yaml::parse);
    let base_doc = base.as_ref().and_then(|r| r.as_ref().ok());
    let head_doc = head.as_ref().and_then(|r| r.as_ref().ok());
    let unreadable = if head.as_ref().is_some_and(Result::is_err) {
        Some(Side::Head)
    } else if base.as_ref().is_some_and(Result::is_err) {
        Some(Side::Base)
    } else {
        None
    };
    let base_value = base_doc.map(|d| &d.value);
    let head_value = head_doc.map(|d| &d.value);
    let fields = match (base_value, head_doc, change.head) {
        (Some(before), Some(doc), Some(text)) => fields::between(before, doc, text),
        _ => Vec::new(),
    };
    let kind = match change.kind {
        FileKind::Added => Kind::Added,
        FileKind::Deleted => Kind::Deleted,
        FileKind::Renamed => Kind::Renamed,
        FileKind::Modified if is_retracted(head_value) && !is_retracted(base_value) => {
            Kind::Retracted
        }
        FileKind::Modified => Kind::Changed,
    };
    let shown = head_value.or(base_value);
    let text_of = |key: &str| shown.and_then(|v| v.get(key)).and_then(Value::as_str);
    let synopsis = match kind {
        Kind::Added => head_value.map(synopsis),
        Kind::Deleted => base_value.map(synopsis),
        _ => None,
    };
    RecordDiff {
        kind,
        path: change.path.to_owned(),
        old_path: change.old_path.map(str::to_owned),
        id: text_of("id").map(str::to_owned),
        title: text_of("title").map(str::to_owned),
        synopsis,
        fields,
        unreadable,
        errors: change.errors,
        warnings: change.warnings,
    }
}

fn is_retracted(value: Option<&Value>) -> bool {
    value
        .and_then(|v| v.get("retracted"))
        .is_some_and(|r| !r.is_null())
}

fn synopsis(value: &Value) -> Synopsis {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let list = |key: &str| value.get(key).and_then(Value::as_array);
    Synopsis {
        date: text("date"),
        kind: text("type"),
        status: text("status"),
        parties: list("parties")
            .into_iter()
            .flatten()
            .filter_map(|p| {
                p.get("country")
                    .or_else(|| p.get("organization"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect(),
        areas: list("areas")
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect(),
        sources: list("sources").map_or(0, Vec::len),
    }
}

/// What a pull request does to the dataset: every changed record, since a base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The commit compared with (the merge-base), abbreviated.
    pub base: String,
    /// How many records of each kind.
    pub counts: Counts,
    /// The records, by kind in [`Kind::ALL`]'s order, then by path.
    pub records: Vec<RecordDiff>,
}

/// How many records of each kind a diff holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// New records.
    pub added: usize,
    /// Records whose fields changed.
    pub changed: usize,
    /// Records retracted.
    pub retracted: usize,
    /// Records moved (an error).
    pub renamed: usize,
    /// Records deleted (an error).
    pub deleted: usize,
}

impl Counts {
    /// How many records of `kind`.
    pub fn of(&self, kind: Kind) -> usize {
        match kind {
            Kind::Added => self.added,
            Kind::Changed => self.changed,
            Kind::Retracted => self.retracted,
            Kind::Renamed => self.renamed,
            Kind::Deleted => self.deleted,
        }
    }

    /// Every record.
    pub fn total(&self) -> usize {
        Kind::ALL.iter().map(|&k| self.of(k)).sum()
    }
}

impl Diff {
    /// The diff of these records since `base`: put in order, and counted.
    pub fn new(base: impl Into<String>, mut records: Vec<RecordDiff>) -> Diff {
        records.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.path.cmp(&b.path)));
        let mut counts = Counts::default();
        for r in &records {
            *match r.kind {
                Kind::Added => &mut counts.added,
                Kind::Changed => &mut counts.changed,
                Kind::Retracted => &mut counts.retracted,
                Kind::Renamed => &mut counts.renamed,
                Kind::Deleted => &mut counts.deleted,
            } += 1;
        }
        Diff {
            base: base.into(),
            counts,
            records,
        }
    }

    /// "1 added, 2 changed, 1 retracted" (the kinds there are; "no record changed" for none).
    pub fn headline(&self) -> String {
        let parts: Vec<String> = Kind::ALL
            .iter()
            .filter(|&&k| self.counts.of(k) > 0)
            .map(|&k| format!("{} {}", self.counts.of(k), k.name()))
            .collect();
        if parts.is_empty() {
            "no record changed".to_owned()
        } else {
            parts.join(", ")
        }
    }
}
