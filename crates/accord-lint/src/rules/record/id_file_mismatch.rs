//! A201: the record's `id` equals its file name.

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a record whose `id` is not its file name without `.yaml`.
    ///
    /// ## Why it matters
    /// The id is how other records, summaries and links find a record; when the file name says
    /// something else, people and tools disagree about which record they are looking at.
    ///
    /// ## Example
    /// In `records/2025/2025-05-19-pk-cn-meeting.yaml`:
    /// ```yaml
    /// id: "2025-05-19-pk-cn-ministers-meeting"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: "2025-05-19-pk-cn-meeting"
    /// ```
    /// Once a record is merged its id never changes: rename the file instead, before merging.
    pub static RULE = ("A201", "id-file-mismatch", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(path) = cx.path else { return };
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return;
    };
    let Some((id, node)) = cx.id() else {
        return;
    };
    if id != stem {
        out.push(
            Diagnostic::new(
                &RULE,
                format!("the id `{id}` differs from the file name `{stem}`"),
                Some(span_of(node, cx.source)),
            )
            .with_label("not the file name")
            .with_help(if could_be_an_id(stem) {
                format!(
                    "name the file `{id}.yaml`, or set `id: \"{stem}\"` if the record is not merged yet"
                )
            } else {
                // The file name is no id the schema would take: only the rename helps.
                format!("name the file `{id}.yaml`")
            }),
        );
    }
}

/// Whether a file name could be a record's id as the schema writes them: four digits of a
/// year, then one or more words of lowercase letters and digits, joined by `-`.
fn could_be_an_id(stem: &str) -> bool {
    let mut parts = stem.split('-');
    let year = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
