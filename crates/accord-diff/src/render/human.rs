//! For a terminal: one block per record, its fields one to a line, word diffs as git writes
//! them (`[-removed-]{+added+}`). Every text from a record passes the terminal escaping.

use std::fmt::Write;

use accord_lint::render::escape::terminal;

use super::{Piece, findings, pieces, value, why_an_error};
use crate::{Change, Diff, Kind, RecordDiff};

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
        let mut line: Vec<String> = [&s.date, &s.kind, &s.status]
            .into_iter()
            .flatten()
            .map(|t| terminal(t).into_owned())
            .collect();
        if !s.parties.is_empty() {
            line.push(terminal(&s.parties.join(", ")).into_owned());
        }
        if !s.areas.is_empty() {
            line.push(terminal(&s.areas.join(", ")).into_owned());
        }
        line.push(match s.sources {
            1 => "1 source".to_owned(),
            n => format!("{n} sources"),
        });
        let _ = writeln!(out, "{indent}event: {}", line.join(" · "));
    }
    if let Some(side) = record.unreadable {
        let which = match side {
            crate::Side::Base => "at the base",
            crate::Side::Head => "now",
        };
        let _ = writeln!(
            out,
            "{indent}(the record {which} is not a YAML document: `accord lint` says why)"
        );
    }
    for field in &record.fields {
        let path = terminal(&field.path);
        let line = field
            .line
            .map(|l| format!("  (line {l})"))
            .unwrap_or_default();
        let shown = match &field.change {
            Change::Added { new } => format!("added {}", terminal(&value(new))),
            Change::Removed { old } => format!("removed {}", terminal(&value(old))),
            Change::Changed {
                words: Some(runs), ..
            } => {
                let mut text = String::new();
                for piece in pieces(runs) {
                    match piece {
                        Piece::Same(t) => text.push_str(&terminal(&t)),
                        Piece::Removed(t) => {
                            let _ = write!(text, "[-{}-]", terminal(&t));
                        }
                        Piece::Added(t) => {
                            let _ = write!(text, "{{+{}+}}", terminal(&t));
                        }
                    }
                }
                text
            }
            Change::Changed { old, new, .. } => {
                format!("{} -> {}", terminal(&value(old)), terminal(&value(new)))
            }
        };
        let _ = writeln!(out, "{indent}{path}: {shown}{line}");
    }
}
