//! For a GitHub job summary (GitHub Flavored Markdown): a table of the records, then each
//! record's fields, removed words struck through and added ones in bold. Nothing a record holds
//! can become markup: every character that means something to Markdown or HTML is written as a
//! character reference, and line breaks as spaces. The whole stays under
//! [`MAX_MARKDOWN_BYTES`] (GitHub takes at most 1 MiB per step), with a line saying what was
//! left out.

use std::fmt::Write;

use accord_lint::render::escape::{markdown as text, markdown_code as code};

use super::{Style, change, findings, side, synopsis, why_an_error};
use crate::{Diff, RecordDiff};

/// Removed words struck through, added ones in bold, whole values too (GFM).
const STYLE: Style = Style {
    text,
    removed: |t| format!("~~{t}~~"),
    added: |t| format!("**{t}**"),
    mark_values: true,
    arrow: "→",
    gap: " ",
};

/// The summary stops taking records once it is this long.
pub const MAX_MARKDOWN_BYTES: usize = 200 * 1024;

/// Rows of the records' table at most.
const MAX_ROWS: usize = 200;

/// Fields listed for one record at most.
const MAX_FIELDS: usize = 25;

/// The diff as a job summary. `command` is how a reader gets the whole diff (shown when some
/// of it was left out), such as `accord diff --base origin/main`.
pub fn markdown(diff: &Diff, command: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Data changes\n");
    let _ = writeln!(
        out,
        "Since `{}`: **{}**.\n",
        code(&diff.base),
        text(&diff.headline())
    );
    if diff.records.is_empty() {
        return out;
    }
    out.push_str("| Change | Record | Title | Lint |\n|---|---|---|---|\n");
    for record in diff.records.iter().take(MAX_ROWS) {
        let lint = findings(record.errors, record.warnings)
            .map(|f| text(&f))
            .unwrap_or_else(|| "clean".to_owned());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            record.kind.name(),
            text(record.id.as_deref().unwrap_or(&record.path)),
            record.title.as_deref().map(text).unwrap_or_default(),
            lint
        );
    }
    let mut left = diff.records.len().saturating_sub(MAX_ROWS);
    if left > 0 {
        let _ = writeln!(out, "\n{left} more records are not in the table.");
    }
    out.push_str("\nStruck through: was there; **bold**: is new.\n");
    let mut shown = 0;
    for record in &diff.records {
        if out.len() >= MAX_MARKDOWN_BYTES {
            break;
        }
        one(&mut out, record);
        shown += 1;
    }
    left = diff.records.len() - shown;
    if left > 0 {
        let _ = writeln!(
            out,
            "\n{left} more {} not shown here: `{}` lists every change.",
            if left == 1 {
                "record is"
            } else {
                "records are"
            },
            code(command)
        );
    }
    out
}

fn one(out: &mut String, record: &RecordDiff) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let _ = write!(
        out,
        "### {} {}\n\n",
        text(record.id.as_deref().unwrap_or(&record.path)),
        record.kind.name()
    );
    let mut facts = Vec::new();
    match &record.old_path {
        Some(old) => facts.push(format!("`{}` → `{}`", code(old), code(&record.path))),
        None => facts.push(format!("`{}`", code(&record.path))),
    }
    facts.extend(why_an_error(record.kind).map(text));
    facts.extend(findings(record.errors, record.warnings).map(|f| text(&f)));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    if let Some(s) = &record.synopsis {
        let _ = writeln!(out, "Event: {}\n", synopsis(s, text));
    }
    if let Some(which) = record.unreadable {
        let _ = writeln!(
            out,
            "The record {} is not a YAML document: `accord lint` says why.\n",
            side(which)
        );
    }
    if record.fields.is_empty() {
        return;
    }
    out.push_str("| Field | Change |\n|---|---|\n");
    for field in record.fields.iter().take(MAX_FIELDS) {
        let shown = change(&field.change, &STYLE);
        let line = field
            .line
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default();
        let _ = writeln!(out, "| {}{line} | {shown} |", text(&field.path));
    }
    if record.fields.len() > MAX_FIELDS {
        let _ = writeln!(
            out,
            "\n{} more fields changed.",
            record.fields.len() - MAX_FIELDS
        );
    }
}
