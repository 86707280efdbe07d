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
