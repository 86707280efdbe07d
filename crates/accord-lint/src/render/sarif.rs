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

/// The SARIF 2.1.0 format: one run of the `accord` tool with the metadata of every rule and one
/// result per diagnostic, for code-scanning dashboards. Columns count Unicode code points.
pub fn sarif(reports: &[FileReport], tool_version: &str) -> String {
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
        let uri = report.path.to_string_lossy().replace('\\', "/");
        for d in &report.diagnostics {
            let mut physical = json!({
                "artifactLocation": { "uri": uri, "uriBaseId": "SRCROOT" },
            });
            if let Some(span) = &d.span {
                physical["region"] = region(report, &index, span);
            }
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
