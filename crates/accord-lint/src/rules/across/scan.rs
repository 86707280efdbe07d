//! A fast reading of [`RecordFacts`] straight from a record's lines, for the records that
//! `lint --base` does not check (they are only needed for the rules across records). It
//! understands the block layout that records use (and `accord fmt` keeps); anything else (flow
//! collections, anchors, tags, escapes, several documents, tabs) makes it give up, and the
//! caller parses the record in full. A property test checks that wherever the full parse reads a
//! record, this reader either gives up or agrees with it.

use std::ops::Range;

use serde_json::Value;

use super::RecordFacts;

/// A scalar value written on one line: its text and its byte range (quotes included), or
/// `None` when it is not a plain or simply quoted string. Only spaces separate tokens here, as
/// in YAML (tabs make the whole scan give up); other white space is content.
fn scalar(line: &str, offset: usize) -> Option<Option<(&str, Range<usize>)>> {
    // Strip a trailing comment: ` #` outside quotes (quoted values are checked below).
    let body = line.trim_start_matches(' ');
    let start = offset + line.len() - body.len();
    if body.is_empty() || body.starts_with('#') {
        return Some(None);
    }
    let (text, len) = match body.as_bytes()[0] {
        b'"' => {
            let end = body[1..].find('"')? + 1;
            let inner = &body[1..end];
            if inner.contains('\\') {
                return None;
            }
            (inner, end + 1)
        }
        b'\'' => {
            let end = body[1..].find('\'')? + 1;
            if body[end + 1..].starts_with('\'') {
                return None;
            }
            (&body[1..end], end + 1)
        }
        b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
        _ => {
            let end = body.find(" #").unwrap_or(body.len());
            let plain = body[..end].trim_end_matches(' ');
            if !matches!(accord_yaml::resolve_plain(plain), Value::String(_)) {
                return None;
            }
            (plain, plain.len())
        }
    };
    let rest = body[len..].trim_start_matches(' ');
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    Some(Some((text, start..start + len)))
}

/// The text of a scalar, owned.
fn owned((text, span): (&str, Range<usize>)) -> (String, Range<usize>) {
    (text.to_owned(), span)
}

/// `key: value` on a line, returning the key and the rest after the colon with its offset.
fn key_value(line: &str) -> Option<(&str, &str, usize)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return None;
    }
    let rest = &line[colon + 1..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest, colon + 1))
}

/// Reads the facts of a record from its lines; `None` when the layout is not the simple block
/// layout this reader understands.
pub fn scan(text: &str) -> Option<RecordFacts> {
    let bytes = text.as_bytes();
    if memchr::memchr2(b'\t', b'\r', bytes).is_some() {
        return None;
    }
    let mut facts = RecordFacts::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut section = "";
    let mut dash_column: Option<usize> = None;
    let mut parties: Vec<compact_str::CompactString> = Vec::new();
    let mut next = 0;
    while next < text.len() {
        let start = next;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
        next = end + 1;
        let line = &text[start..end];
        match line.as_bytes().first() {
            // A blank line, or a comment.
            None | Some(b'#') => continue,
            // Inside a block: only `parties` and `related` matter.
            Some(b' ') if section.is_empty() => continue,
            Some(b' ') => {}
            Some(_) => {
                if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
                    return None;
                }
                // A top-level key.
                let (key, rest, at) = key_value(line)?;
                if seen.contains(&key) {
                    return None;
                }
                seen.push(key);
                section = "";
                dash_column = None;
                if !matches!(
                    key,
                    "id" | "date" | "type" | "retracted" | "parties" | "related"
                ) {
                    // Not needed; but a quoted value must close on its line, or its
                    // continuation lines could look like keys.
                    let value = rest.trim_start_matches(' ');
                    if value.starts_with(['"', '\'']) && scalar(rest, start + at).is_none() {
                        return None;
                    }
                    continue;
                }
                let value = scalar(rest, start + at)?;
                match key {
                    "id" => facts.id = Some(owned(value?)),
                    "date" => {
                        let (d, _) = value?;
                        facts.date = Some(accord_schema::date::EventDate::start_text(d).into());
                    }
                    "type" => facts.event_type = Some(value?.0.into()),
                    "retracted" => match value {
                        None => facts.retracted = true,
                        Some(("null" | "~" | "Null" | "NULL", _)) => {}
                        Some(_) => facts.retracted = true,
                    },
                    "parties" | "related" => {
                        if value.is_some() {
                            return None;
                        }
                        section = key;
                    }
                    _ => {}
                }
                continue;
            }
        }
        let mut body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        let mut at = start + indent;
        // The block must be a sequence of mappings: `- ` in one column, keys two further.
        let dash = *dash_column.get_or_insert(indent);
        if let Some(item) = body.strip_prefix("- ") {
            // (Deeper dashes are `represented_by`'s items.)
            if indent < dash || item.starts_with(' ') {
                return None;
            }
            at += 2;
            body = item;
        } else if indent <= dash || body.starts_with('-') {
            return None;
        }
        let (key, rest, colon) = key_value(body)?;
        if at - start != dash + 2 {
            // A key deeper down (`represented_by`'s), not the item's own.
            continue;
        }
        match (section, key) {
            ("parties", "country" | "organization") => {
                let (code, _) = scalar(rest, at + colon)??;
                parties.push(super::party_key(key, code));
            }
            ("related", "id") => {
                let related = scalar(rest, at + colon)??;
                facts.related.push(owned(related));
            }
            _ => {}
        }
    }
    if seen.is_empty() {
        return None;
    }
    parties.sort();
    parties.dedup();
    facts.parties = parties;
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn parties(text: &str) -> Option<Vec<String>> {
        scan(text).map(|facts| {
            facts
                .parties
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect()
        })
    }

    #[test]
    fn reads_the_parties_of_a_plain_block_sequence() {
        let text = "id: x\nparties:\n  - country: \"PK\"\n    represented_by:\n      - name: a\n        country: XX\n  - organization: who\n";
        assert_eq!(
            parties(text),
            Some(vec!["country:PK".to_owned(), "organization:who".to_owned()])
        );
    }

    /// Only spaces separate tokens: other white space belongs to the value, as the parser
    /// reads it.
    #[test]
    fn white_space_other_than_spaces_is_content() {
        for text in [
            "id: \u{a0}x\nparties:\n  - country: PK\n",
            "id: x\u{a0}\nparties:\n  - country: PK\n",
            "id: x\nparties:\n  - country: \u{2003}PK\n",
        ] {
            let doc = accord_yaml::parse(text).expect("parses");
            assert_eq!(scan(text), Some(crate::RecordFacts::of(&doc)), "{text:?}");
        }
        // A line of such white space alone is not blank: the scanner gives up.
        assert_eq!(scan("id: x\n\u{a0}\nparties:\n  - country: PK\n"), None);
    }

    #[test]
    fn gives_up_on_parties_that_are_not_a_sequence_of_mappings() {
        for text in [
            // A mapping with an empty key whose value is the sequence.
            "id: x\nparties:\n  :\n  - country: \"PK\"\n",
            // A mapping, not a sequence.
            "id: x\nparties:\n  country: PK\n",
            // Scalars.
            "id: x\nparties:\n  - PK\n",
            // A line the scanner cannot place.
            "id: x\nparties:\n  - country: PK\n    text: >-\n      long\n",
        ] {
            assert_eq!(parties(text), None, "{text}");
        }
    }
}
