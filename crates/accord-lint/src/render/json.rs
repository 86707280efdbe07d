//! The JSON format: an array of diagnostics for scripts.

use serde_json::{Value, json};

use super::position;
use crate::diagnostic::{FileReport, LineIndex};

/// The JSON format: an array of diagnostics, each with `file`, `line`, `column`, `end_line`,
/// `end_column` (1-based, `null` for a problem with the file as a whole), `code`, `name`,
/// `severity`, `message` and `help` (`null` when there is none); the item that closes a rule's
/// findings in a file past the most shown also has `omitted`, how many it stands for. Documented in the README; fields
/// are only ever added, never renamed or removed.
pub fn json(reports: &[FileReport]) -> String {
    let mut items = Vec::new();
    for report in reports {
        let index = LineIndex::new(&report.source);
        for d in &report.diagnostics {
            let pos = position(report, &index, d);
            let mut item = json!({
                "file": report.path.to_string_lossy().replace('\\', "/"),
                "line": pos.map(|p| p[0]),
                "column": pos.map(|p| p[1]),
                "end_line": pos.map(|p| p[2]),
                "end_column": pos.map(|p| p[3]),
                "code": d.rule.code,
                "name": d.rule.name,
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
            });
            if d.omitted > 0 {
                item["omitted"] = json!(d.omitted);
            }
            items.push(item);
        }
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(items)).expect("JSON serialises");
    text.push('\n');
    text
}
