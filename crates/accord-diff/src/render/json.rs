//! For machines: the whole diff as one JSON document, every record and every field (its size
//! is the input's: nothing is cut), under a format version. It is often read on a terminal
//! too: every character that could drive one (DEL, C1 controls, bidirectional marks; serde_json
//! already escapes C0) is written as a JSON `\u` escape of four hex digits (`\u009b`), which
//! any JSON reader decodes to the same value.

use serde::Serialize;

use crate::Diff;

/// The version of the JSON form; a change that removes or renames a field raises it.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    #[serde(flatten)]
    diff: &'a Diff,
}

/// The diff as pretty-printed JSON, ending with a line break.
pub fn json(diff: &Diff) -> String {
    let mut out = serde_json::to_string_pretty(&Document {
        version: JSON_VERSION,
        diff,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    if out.chars().any(accord_lint::render::escape::is_unsafe) {
        // (Outside strings a JSON document is ASCII: every such character is inside one.)
        out = out
            .chars()
            .map(|c| {
                if accord_lint::render::escape::is_unsafe(c) && c != '\n' {
                    format!("\\u{:04x}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
    }
    out
}
