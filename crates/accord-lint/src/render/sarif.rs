//! The SARIF 2.1.0 format, for code-scanning dashboards.

use serde_json::{Value, json};

use crate::diagnostic::{FileReport, LineIndex};

/// A SARIF region for a span.
fn region(report: &FileReport, index: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    let start = index.line_col(&report.source, span.start);
    let end = index.line_col(&report.source, span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A path as a URI reference (RFC 3986): every byte but the unreserved characters and `/`
/// percent-encoded, so that a space, a `#` or a non-ASCII name stays one valid relative URI.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF 2.1.0 format: one run of the `accord` tool with the metadata of every rule and one
/// result per diagnostic, for code-scanning dashboards. Columns count Unicode code points.
/// URIs are relative to the git work tree (`SRCROOT`): `prefix` is the accord root's place in
/// it (`data/`, or empty). Every result has a region; a problem with a whole file points at
/// its first line.
pub fn sarif(reports: &[FileReport], tool_version: &str, prefix: &str) -> String {
    let rules: Vec<Value> = crate::rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.doc_text() },
                "help": { "text": rule.doc_text(), "markdown": rule.doc_text() },
                "defaultConfiguration": { "level": rule.severity.as_str() },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let index = LineIndex::new(&report.source);
        let uri = uri_path(&format!(
            "{prefix}{}",
            report.path.to_string_lossy().replace('\\', "/")
        ));
        for d in &report.diagnostics {
            let mut physical = json!({
                "artifactLocation": { "uri": uri, "uriBaseId": "SRCROOT" },
            });
            physical["region"] = match &d.span {
                Some(span) => region(report, &index, span),
                None => json!({ "startLine": 1 }),
            };
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let rule_index = crate::rules::ALL
                .iter()
                .position(|r| r.code == d.rule.code)
                .unwrap_or_default();
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": rule_index,
                "level": d.severity.as_str(),
                "message": { "text": text },
                "locations": [{ "physicalLocation": physical }],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    d.related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            json!({
                                "id": i,
                                "message": { "text": r.message },
                                "physicalLocation": {
                                    "artifactLocation": { "uri": uri, "uriBaseId": "SRCROOT" },
                                    "region": region(report, &index, &r.span),
                                },
                            })
                        })
                        .collect(),
                );
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "accord",
                    "version": tool_version,
                    "informationUri": "https://github.com/accord-health/accord",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("JSON serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri_path("records/2025/a b#c%é.yaml"),
            "records/2025/a%20b%23c%25%C3%A9.yaml"
        );
        assert_eq!(
            super::uri_path("data/records/x.yaml"),
            "data/records/x.yaml"
        );
    }
}
