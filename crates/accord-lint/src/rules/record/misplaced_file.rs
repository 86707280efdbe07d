//! A202: a record lives at `records/<year of its id>/<id>.yaml`.

use std::path::Component;

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a record that is not in the folder of its year: `records/<YYYY>/`, where `YYYY`
    /// is the year its id starts with.
    ///
    /// ## Why it matters
    /// One place per record keeps the tree browsable and makes a misplaced duplicate easy to
    /// miss; tools that list a year read one folder.
    ///
    /// ## Example
    /// `records/2024/2025-05-19-pk-cn-meeting.yaml` or `records/2025-05-19-pk-cn-meeting.yaml`
    ///
    /// ## Use instead
    /// `records/2025/2025-05-19-pk-cn-meeting.yaml`
    pub static RULE = ("A202", "misplaced-file", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(path) = cx.path else { return };
    let Some((id, node)) = cx.id() else {
        return;
    };
    let Some(year) = id
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
    else {
        return;
    };
    // Most records are where they belong: `records/<year>/<file>`.
    let mut components = path.components();
    if let (
        Some(Component::Normal(records)),
        Some(Component::Normal(folder)),
        Some(Component::Normal(_)),
        None,
    ) = (
        components.next(),
        components.next(),
        components.next(),
        components.next(),
    ) && records == "records"
        && folder == year
    {
        return;
    }
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    // Only files shown relative to the repository root, under records/, are judged.
    if path.is_absolute() || parts.first() != Some(&"records") {
        return;
    }
    let folder = parts.get(1).copied().filter(|_| parts.len() == 3);
    if folder == Some(year) {
        return;
    }
    let file = parts.last().copied().unwrap_or_default();
    let message = match folder {
        Some(folder) => format!("the record is in `records/{folder}/` but its id is from {year}"),
        None => format!("the record is not in a year folder: `{}`", parts.join("/")),
    };
    out.push(
        Diagnostic::new(&RULE, message, Some(span_of(node, cx.source)))
            .with_label(format!("the id says {year}"))
            .with_help(format!("move the file to `records/{year}/{file}`")),
    );
}
