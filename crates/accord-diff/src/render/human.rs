//! For a terminal: one block per record, its fields one to a line, word diffs as git writes
//! them (`[-removed-]{+added+}`). Every text from a record passes the terminal escaping.

use std::fmt::Write;

use accord_lint::render::escape::terminal;

use super::{Style, change, findings, side, synopsis, value, why_an_error};
use crate::{Diff, Kind, RecordDiff};

fn escaped(text: &str) -> String {
    terminal(text).into_owned()
}

/// Words as git's `--word-diff=plain` marks them; whole values unmarked.
const STYLE: Style = Style {
    text: escaped,
    removed: |t| format!("[-{t}-]"),
    added: |t| format!("{{+{t}+}}"),
    mark_values: false,
    arrow: "->",
    gap: "",
};

/// The diff for a terminal.
pub fn human(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Since {}: {}", terminal(&diff.base), diff.headline());
    for record in &diff.records {
        out.push('\n');
        one(&mut out, record);
    }
    out
}

fn one(out: &mut String, record: &RecordDiff) {
    let mark = match record.kind {
        Kind::Added => '+',
        Kind::Changed => '~',
        Kind::Retracted => '!',
        Kind::Renamed => '>',
        Kind::Deleted => '-',
    };
    let _ = write!(out, "{mark} {:<9} ", record.kind.name());
    if let Some(old) = &record.old_path {
        let _ = write!(out, "{} -> ", terminal(old));
    }
    out.push_str(&terminal(&record.path));
    let mut notes: Vec<String> = Vec::new();
    notes.extend(why_an_error(record.kind).map(str::to_owned));
    notes.extend(findings(record.errors, record.warnings));
    if !notes.is_empty() {
        let _ = write!(out, " ({})", notes.join("; "));
    }
    out.push('\n');
    let indent = "            ";
    // Every line below starts with text of accord's own (a quote, a bracket, a word): a value
    // from the record never starts a line, where a CI runner could read it as a command.
    match (&record.id, &record.title) {
        (Some(id), Some(title)) => {
            let _ = writeln!(
                out,
                "{indent}{} ({})",
                terminal(&value(&title.as_str().into())),
                terminal(id)
            );
        }
        (Some(id), None) => {
            let _ = writeln!(out, "{indent}({})", terminal(id));
        }
        (None, Some(title)) => {
            let _ = writeln!(out, "{indent}{}", terminal(&value(&title.as_str().into())));
        }
        (None, None) => {}
    }
    if let Some(s) = &record.synopsis {
        let _ = writeln!(out, "{indent}event: {}", synopsis(s, escaped));
    }
    if let Some(which) = record.unreadable {
        let _ = writeln!(
            out,
            "{indent}(the record {} is not a YAML document: `accord lint` says why)",
            side(which)
        );
    }
    for field in &record.fields {
        let path = terminal(&field.path);
        let line = field
            .line
            .map(|l| format!("  (line {l})"))
            .unwrap_or_default();
        let shown = change(&field.change, &STYLE);
        let _ = writeln!(out, "{indent}{path}: {shown}{line}");
    }
}
