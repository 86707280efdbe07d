//! Renderers: one function per output format, each turning reports into a `String`.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, FileReport, LineIndex, Severity};

/// How the human format is drawn.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// ANSI colours (only for a terminal that wants them).
    pub color: bool,
    /// Unicode box-drawing characters (otherwise ASCII).
    pub unicode: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// A diagnostic with its file, in the shape miette renders.
struct Miette<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<Arc<str>>,
    message: String,
}

impl fmt::Debug for Miette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Miette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Miette<'_> {}

impl miette::Diagnostic for Miette<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{}({})", rule.code, rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.diagnostic
            .span
            .as_ref()
            .map(|_| &self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span.clone()?;
        let primary = LabeledSpan::new_primary_with_span(self.diagnostic.label.clone(), span);
        let related = self
            .diagnostic
            .related
            .iter()
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), r.span.clone()));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The human format: one miette report per diagnostic, with file, line, column, snippet, label
/// and help.
pub fn human(reports: &[FileReport], options: &HumanOptions) -> String {
    let theme = match (options.unicode, options.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme {
            characters: miette::ThemeCharacters::ascii(),
            styles: miette::ThemeStyles::ansi(),
        },
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for report in reports {
        let name = report.path.display().to_string();
        for diagnostic in &report.diagnostics {
            let message = if diagnostic.span.is_some() {
                diagnostic.message.clone()
            } else {
                format!("{name}: {}", diagnostic.message)
            };
            let item = Miette {
                diagnostic,
                source: NamedSource::new(name.clone(), Arc::clone(&report.source)),
                message,
            };
            // Writing into a String cannot fail.
            let _ = handler.render_report(&mut out, &item);
            out.push('\n');
        }
    }
    out
}

/// Line and column of both ends of a diagnostic's span (1-based; the end is exclusive).
fn position(report: &FileReport, index: &LineIndex, d: &Diagnostic) -> Option<[usize; 4]> {
    let span = d.span.as_ref()?;
    let start = index.line_col(&report.source, span.start);
    let end = index.line_col(&report.source, span.end);
    Some([start.line, start.column, end.line, end.column])
}

/// The JSON format: an array of diagnostics, each with `file`, `line`, `column`, `end_line`,
/// `end_column` (1-based, `null` for a problem with the file as a whole), `code`, `name`,
/// `severity`, `message` and `help` (`null` when there is none). Documented in the README; fields
/// are only ever added, never renamed or removed.
pub fn json(reports: &[FileReport]) -> String {
    let mut items = Vec::new();
    for report in reports {
        let index = LineIndex::new(&report.source);
        for d in &report.diagnostics {
            let pos = position(report, &index, d);
            items.push(json!({
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
            }));
        }
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(items)).expect("JSON serialises");
    text.push('\n');
    text
}

/// Escapes the message part of a GitHub workflow command.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub workflow command.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The GitHub format: one workflow command per diagnostic
/// (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which GitHub Actions
/// shows as an annotation on the pull request's diff. The help follows the message on a new line.
pub fn github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let index = LineIndex::new(&report.source);
        let file = github_property(&report.path.to_string_lossy().replace('\\', "/"));
        for d in &report.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut properties = format!("file={file}");
            if let Some([line, col, end_line, end_col]) = position(report, &index, d) {
                properties.push_str(&format!(
                    ",line={line},col={col},endLine={end_line},endColumn={end_col}"
                ));
            }
            let title = github_property(&format!("{} {}", d.rule.code, d.rule.name));
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{level} {properties},title={title}::{}\n",
                github_data(&message)
            ));
        }
    }
    out
}

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
