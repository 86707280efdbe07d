//! `accord fmt`: puts a record's top-level keys in schema order and quotes dates, codes and
//! every value a YAML 1.1 reader would mistype, keeping everything else byte for byte.
//!
//! The formatter edits text; it never re-serialises the document, so comments, blank lines,
//! block scalars and the author's layout survive. Comment lines directly above a top-level key
//! move with that key; comments above the first key (the schema modeline) stay at the top. The
//! result is parsed again and must give the same data, or the file is left alone.

use std::ops::Range;
use std::sync::OnceLock;

use accord_yaml::{Document, Style};
use serde_json::Value;

/// Why a record could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FmtError {
    /// The record is not readable YAML; `accord lint` says where.
    #[error("not readable YAML ({0}); run `accord lint` on it first")]
    Unreadable(String),
    /// Formatting would have changed the data; the file is left as it is.
    #[error("formatting would change the record's data, so it was left alone (please report this)")]
    WouldChangeData,
}

/// The top-level keys in the order of the schema.
fn key_order() -> &'static [String] {
    static ORDER: OnceLock<Vec<String>> = OnceLock::new();
    ORDER.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(accord_schema::schema::PUBLISHED_SCHEMA).unwrap_or_default();
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    })
}

/// Whether the value at this pointer is a date or a code that is always written quoted.
fn always_quoted(pointer: &str) -> bool {
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    let index = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        ["id"] | ["date"] => true,
        ["location", "country"] | ["retracted", "date"] => true,
        ["parties", i, "country"] => index(i),
        ["sources", i, "published"] => index(i),
        ["commitments", i, "due"] => index(i),
        ["commitments", i, "by", j] => index(i) && index(j),
        _ => false,
    }
}

fn parse(source: &str) -> Result<Document, FmtError> {
    accord_yaml::parse(source).map_err(|errors| {
        FmtError::Unreadable(
            errors
                .first()
                .map_or_else(|| "unknown error".to_owned(), |e| e.message.clone()),
        )
    })
}

/// The text with no byte-order mark, every line ending a line feed (a carriage return and line
/// feed, or a carriage return alone, become one), and, when `trim` is set, no spaces or tabs at
/// the ends of lines.
fn normalized(source: &str, trim: bool) -> String {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if !trim {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(body.trim_end_matches([' ', '\t']));
        out.push_str(end);
    }
    out
}

/// Formats a record's text. Returns the text unchanged when it is already formatted. Line
/// endings become line feeds, a byte-order mark goes, and so do spaces and tabs at the ends of
/// lines (unless some are data, in a literal block: then the file keeps them all).
pub fn format_record(source: &str) -> Result<String, FmtError> {
    let written = parse(source)?;
    // Trailing spaces are dropped only where that leaves the data as it was.
    let trimmed = normalized(source, true);
    let normal = match parse(&trimmed) {
        Ok(doc) if doc.value == written.value => trimmed,
        _ => normalized(source, false),
    };
    let source = normal.as_str();
    let original = parse(source)?;
    if original.value != written.value {
        return Err(FmtError::WouldChangeData);
    }
    let quoted = quote(source, &original);
    let reparsed = if quoted == source {
        original.clone()
    } else {
        parse(&quoted)?
    };
    let reordered = reorder(&quoted, &reparsed);
    let result = parse(&reordered)?;
    if result.value != original.value {
        return Err(FmtError::WouldChangeData);
    }
    Ok(reordered)
}

/// Double-quotes the plain scalars that should be quoted.
fn quote(source: &str, doc: &Document) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for node in doc.nodes() {
        if node.style != Style::Plain {
            continue;
        }
        let Some(Value::String(value)) = doc.value.pointer(doc.pointer(node)) else {
            continue;
        };
        let Some(text) = source.get(node.span.clone()) else {
            continue;
        };
        if text.contains('\n') || text != value {
            continue;
        }
        if always_quoted(doc.pointer(node)) || accord_yaml::yaml11_reading(text).is_some() {
            let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
            edits.push((node.span.clone(), format!("\"{escaped}\"")));
        }
    }
    let mut out = source.to_owned();
    for (span, text) in edits.into_iter().rev() {
        out.replace_range(span, &text);
    }
    out
}

/// Puts the top-level blocks of a block mapping in schema order.
fn reorder(source: &str, doc: &Document) -> String {
    // Top-level keys, in document order, with the start of the line each key is on.
    let mut keys: Vec<(String, usize)> = Vec::new();
    for node in doc.nodes() {
        let Some(key) = doc.pointer(node).strip_prefix('/') else {
            continue;
        };
        if key.contains('/') {
            continue;
        }
        let Some(key_span) = &node.key_span else {
            continue;
        };
        let line_start = source[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
        if line_start != key_span.start {
            // Not a block mapping at column 0 (a flow mapping, say): leave the layout alone.
            return source.to_owned();
        }
        keys.push((key.replace("~1", "/").replace("~0", "~"), line_start));
    }
    if keys.len() < 2 {
        return source.to_owned();
    }
    // Where each block starts: its key line, or the comment lines directly above it.
    let mut starts: Vec<usize> = keys.iter().map(|(_, s)| *s).collect();
    for start in starts.iter_mut().skip(1) {
        *start = attached_comments_start(source, *start);
    }
    let header = &source[..starts[0]];
    let mut blocks: Vec<(usize, usize, String)> = Vec::new();
    let order = key_order();
    for (i, (key, _)) in keys.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(source.len());
        let mut text = source[starts[i]..end].to_owned();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let rank = order.iter().position(|k| k == key).unwrap_or(order.len());
        blocks.push((rank, i, text));
    }
    blocks.sort_by_key(|(rank, i, _)| (*rank, *i));
    let mut out = String::with_capacity(source.len() + 1);
    out.push_str(header);
    for (_, _, text) in &blocks {
        out.push_str(text);
    }
    // Blank lines that separated sections travel with the block above them; a file ends with
    // exactly one newline.
    let trimmed = out.trim_end_matches(['\n', '\r', ' ']).len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The start of the run of full-line comments directly above the line starting at `line_start`.
fn attached_comments_start(source: &str, line_start: usize) -> usize {
    let mut start = line_start;
    while start > 0 {
        let prev_start = source[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &source[prev_start..start];
        if line.starts_with('#') {
            start = prev_start;
        } else {
            break;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_a_bom_and_trailing_spaces_are_made_canonical() {
        // CRLF throughout, a lone CR, a BOM, trailing spaces and tabs.
        let src = "\u{feff}schema_version: 1  \r\nid: \"2025-05-19-x\"\t\r\ntitle: \"A\"\rsummary: \"B\"   \r\n";
        let out = format_record(src).expect("formats");
        assert_eq!(
            out,
            "schema_version: 1\nid: \"2025-05-19-x\"\ntitle: \"A\"\nsummary: \"B\"\n"
        );
        assert_eq!(format_record(&out).expect("formats"), out, "idempotent");
        // Trailing spaces that are data (a literal block keeps them) stay.
        let block = "schema_version: 1\nnotes: |\n  kept  \n  too\n";
        let out = format_record(block).expect("formats");
        assert!(out.contains("kept  \n"), "{out:?}");
    }

    #[test]
    fn quotes_dates_codes_and_yaml11_traps() {
        let src = "schema_version: 1\nid: 2025-05-19-x\ndate: 2025-05-19\nparties:\n  - country: NO\n  - country: PK # Pakistan\ntitle: yes\n";
        let out = format_record(src).expect("formats");
        assert_eq!(
            out,
            "schema_version: 1\nid: \"2025-05-19-x\"\ntitle: \"yes\"\ndate: \"2025-05-19\"\nparties:\n  - country: \"NO\"\n  - country: \"PK\" # Pakistan\n"
        );
        assert_eq!(format_record(&out).expect("formats"), out, "idempotent");
    }

    #[test]
    fn comments_move_with_their_key_and_the_header_stays() {
        let src =
            "# yaml-language-server: $schema=x\nnotes: text\n\n# why the date\ndate: \"2025\"\n";
        let out = format_record(src).expect("formats");
        assert_eq!(
            out,
            "# yaml-language-server: $schema=x\n# why the date\ndate: \"2025\"\nnotes: text\n"
        );
        assert_eq!(format_record(&out).expect("formats"), out, "idempotent");
    }

    #[test]
    fn flow_documents_and_broken_yaml_are_left_alone() {
        let src = "{notes: text, date: \"2025\"}\n";
        assert_eq!(format_record(src).expect("formats"), src);
        assert!(matches!(
            format_record("a: [\n"),
            Err(FmtError::Unreadable(_))
        ));
    }

    #[test]
    fn unknown_keys_go_last_in_their_order() {
        let src = "zeta: 1\nnotes: text\nalpha: 2\nid: \"x\"\n";
        let out = format_record(src).expect("formats");
        assert_eq!(out, "id: \"x\"\nnotes: text\nzeta: 1\nalpha: 2\n");
    }
}
