//! `accord fmt`: puts a record's keys in schema order at every level that has one and quotes
//! dates, codes and every value a YAML 1.1 reader would mistype, keeping everything else byte
//! for byte.
//!
//! The formatter edits text; it never re-serialises the document, so comments, blank lines,
//! block scalars and the author's layout survive. Comment lines directly above a key move with
//! that key; comments above a mapping's first key (the schema modeline, at the top) stay where
//! they are. A key the schema does not know stays in its place, so a typo is found where it was
//! written. The result is parsed again and must give the same data, or the file is left alone.

use std::ops::Range;
use std::sync::OnceLock;

use accord_yaml::{Document, Located, Style};
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

/// The published schema, read once.
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(accord_schema::schema::PUBLISHED_SCHEMA).unwrap_or_default()
    })
}

/// The schema object that describes a value: `$ref`s followed, and of the alternatives of an
/// `anyOf` or `oneOf` the first that describes a mapping (a due date is a date or `{within}`).
fn resolved(mut node: &'static Value) -> &'static Value {
    // A `$ref` chain is short; the bound only stops a cycle.
    for _ in 0..8 {
        if let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| schema().pointer(pointer))
        {
            node = target;
            continue;
        }
        if node.get("properties").is_none()
            && let Some(object) = ["anyOf", "oneOf"]
                .iter()
                .filter_map(|k| node.get(*k).and_then(Value::as_array))
                .flatten()
                .find(|alt| resolved_once(alt).get("properties").is_some())
        {
            node = object;
            continue;
        }
        break;
    }
    node
}

/// One `$ref` followed, for looking at an alternative without recursing.
fn resolved_once(node: &'static Value) -> &'static Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| schema().pointer(pointer))
        .unwrap_or(node)
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
    // The end of a kept (`|+`) block scalar is data; then the file ends as it did.
    let ended = one_final_newline(&reordered);
    match parse(&ended) {
        Ok(doc) if doc.value == original.value => Ok(ended),
        _ => Ok(reordered),
    }
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

/// Puts the keys of every block mapping that has an order in the schema in that order.
fn reorder(source: &str, doc: &Document) -> String {
    let mut edits = Vec::new();
    reorder_value(source, doc.root(), Some(resolved(schema())), &mut edits);
    apply(source, 0..source.len(), &edits)
}

/// The text ending with exactly one newline (blank lines that separated sections travel with
/// the block above them, so a moved block can leave some at the end).
fn one_final_newline(text: &str) -> String {
    let mut out = text.trim_end_matches(['\n', ' ']).to_owned();
    out.push('\n');
    out
}

/// The text of `range` of `source` with `edits` (sorted, disjoint, inside `range`) made.
fn apply(source: &str, range: Range<usize>, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(range.len() + 8);
    let mut at = range.start;
    for (span, text) in edits {
        out.push_str(&source[at..span.start]);
        out.push_str(text);
        at = span.end;
    }
    out.push_str(&source[at..range.end]);
    out
}

/// Adds to `edits`, in document order, the edits that put the mappings in `value` (itself
/// included) in the order of `schema`, the schema object describing `value` (`None` when the
/// schema says nothing of it).
fn reorder_value(
    source: &str,
    value: Located<'_>,
    schema: Option<&'static Value>,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let Some(schema) = schema else {
        return;
    };
    match value.node().style {
        Style::Sequence => {
            let items = schema.get("items").map(resolved);
            for item in value.items() {
                reorder_value(source, item, items, edits);
            }
        }
        Style::Mapping => reorder_mapping(source, value, schema, edits),
        _ => {}
    }
}

/// Where a value's text ends: the end of its last descendant.
fn extent_end(value: Located<'_>) -> usize {
    let own = value.node().span.end;
    value
        .children()
        .last()
        .map_or(own, |last| own.max(extent_end(last)))
}

/// The start of the line holding `at`.
fn line_start(source: &str, at: usize) -> usize {
    source[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// One block mapping put in schema order: each entry is a block of whole lines (its key line,
/// the full-line comments directly above it, and everything up to the next entry). Known keys
/// take the places of known keys in schema order; an unknown key stays where it was written.
/// A mapping laid out otherwise (flow style, keys not at the start of their lines) is left as
/// it is, along with everything inside it.
fn reorder_mapping(
    source: &str,
    mapping: Located<'_>,
    schema: &'static Value,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let properties = schema.get("properties").and_then(Value::as_object);
    let entries: Vec<(&str, Located<'_>)> = mapping.entries().collect();
    let Some(first_key) = entries.first().and_then(|(_, v)| v.node().key_span.clone()) else {
        return;
    };
    // The first key may follow a sequence's `- ` on its line; every other key starts its line
    // after exactly as many spaces as the first key's column.
    let first_line = line_start(source, first_key.start);
    let column = first_key.start - first_line;
    if !source[first_line..first_key.start]
        .bytes()
        .all(|b| b == b' ' || b == b'-')
    {
        return;
    }
    let mut starts = vec![first_key.start];
    for (_, value) in entries.iter().skip(1) {
        let Some(key) = &value.node().key_span else {
            return;
        };
        let start = line_start(source, key.start);
        if key.start - start != column || !source[start..key.start].bytes().all(|b| b == b' ') {
            return;
        }
        starts.push(attached_comments_start(source, start));
    }
    let end = match source[extent_end(mapping)..].find('\n') {
        Some(i) => extent_end(mapping) + i + 1,
        None => source.len(),
    };
    // Each entry's text, with the mappings inside it put in order first.
    let mut blocks: Vec<String> = Vec::with_capacity(entries.len());
    let mut changed = false;
    for (i, (key, value)) in entries.iter().enumerate() {
        let range = starts[i]..starts.get(i + 1).copied().unwrap_or(end);
        let mut inner = Vec::new();
        let child = properties.and_then(|p| p.get(*key)).map(resolved);
        reorder_value(source, *value, child, &mut inner);
        changed |= !inner.is_empty();
        let mut text = if i == 0 {
            " ".repeat(column)
        } else {
            String::new()
        };
        text.push_str(&apply(source, range, &inner));
        if !text.ends_with('\n') {
            text.push('\n');
        }
        blocks.push(text);
    }
    // Known keys in schema order, in the places known keys had.
    let rank = |key: &str| properties.and_then(|p| p.keys().position(|k| k == key));
    let mut known: Vec<usize> = (0..entries.len())
        .filter(|&i| rank(entries[i].0).is_some())
        .collect();
    let places = known.clone();
    known.sort_by_key(|&i| rank(entries[i].0));
    let mut order: Vec<usize> = (0..entries.len()).collect();
    for (place, i) in places.into_iter().zip(known) {
        order[place] = i;
    }
    let moved = order.iter().enumerate().any(|(place, &i)| place != i);
    if !moved && !changed {
        return;
    }
    let mut text = String::with_capacity(end - first_key.start + column + 1);
    for &i in &order {
        text.push_str(&blocks[i]);
    }
    // The first line continues after the first key's column (and any `- `).
    let indent = text.bytes().take(column).take_while(|&b| b == b' ').count();
    text.drain(..indent);
    if end == source.len() && !source.ends_with('\n') && text.ends_with('\n') {
        text.pop();
    }
    edits.push((first_key.start..end, text));
}

/// The start of the run of full-line comments directly above the line starting at `line_start`.
fn attached_comments_start(source: &str, line_start: usize) -> usize {
    let mut start = line_start;
    while start > 0 {
        let prev_start = source[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &source[prev_start..start];
        if line.trim_start_matches(' ').starts_with('#') {
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
    fn nested_keys_follow_the_schema_too() {
        let src = "\
schema_version: 1
parties:
  # the host
  - role: host
    represented_by:
      - title: Minister
        name: A
    country: \"PK\" # Pakistan
  - organization: who
commitments:
  - due: {within: P1Y}
    text: t
    extra: kept here
    by: [\"PK\"]
location:
  occasion: WHA78

  country: \"CH\"
sources:
  - url: https://example.org
    title: T
    quotes:
      - text: q
        speaker: s
";
        let out = format_record(src).expect("formats");
        assert_eq!(
            out,
            "\
schema_version: 1
parties:
  # the host
  - country: \"PK\" # Pakistan
    role: host
    represented_by:
      - name: A
        title: Minister
  - organization: who
location:
  country: \"CH\"
  occasion: WHA78

commitments:
  - text: t
    by: [\"PK\"]
    extra: kept here
    due: {within: P1Y}
sources:
  - title: T
    url: https://example.org
    quotes:
      - speaker: s
        text: q
"
        );
        assert_eq!(format_record(&out).expect("formats"), out, "idempotent");
    }

    #[test]
    fn a_comment_above_a_key_that_becomes_first_in_an_item_stays_with_it() {
        let src = "parties:\n  - role: host\n    # the country\n    country: \"PK\"\n";
        let out = format_record(src).expect("formats");
        assert_eq!(
            out,
            "parties:\n  - # the country\n    country: \"PK\"\n    role: host\n"
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
    fn unknown_keys_stay_where_they_were() {
        let src = "zeta: 1\nnotes: text\nalpha: 2\nid: \"x\"\n";
        let out = format_record(src).expect("formats");
        assert_eq!(out, "zeta: 1\nid: \"x\"\nalpha: 2\nnotes: text\n");
    }
}
