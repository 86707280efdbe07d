//! The human format: one miette report per diagnostic, with its snippet.
//!
//! Everything shown passes through [`super::escape`]: messages, labels, help and file names are
//! escaped onto one line each, and the file's text is shown with its control characters made
//! visible. The work is linear in the input: a snippet is shown only when the lines around it
//! are of a size people read (a long line is shown as an excerpt around the span instead), so a
//! thousand findings on one 20 KB line do not print the line a thousand times.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SpanContents};

use super::escape::{self, Snippet};
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

/// The longest line (in bytes) a snippet shows; around a longer one, an excerpt is shown.
pub const MAX_SNIPPET_LINE: usize = 400;

/// The most lines a snippet spans; a longer span is shown as an excerpt of its start.
pub const MAX_SNIPPET_LINES: usize = 24;

/// How many characters an excerpt shows on each side of its start.
const EXCERPT: usize = 40;

/// A diagnostic with its file, in the shape miette renders; every text already escaped.
struct Miette {
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    /// The file's shown text, when the snippet is shown.
    source: Option<Shown>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Miette {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Miette {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Miette {}

impl miette::Diagnostic for Miette {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A file's text as a snippet shows it, named. Columns are counted in characters, as the
/// machine formats count them (miette's own count is in bytes).
struct Shown {
    name: String,
    text: Arc<str>,
}

impl miette::SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = (*self.text).read_span(span, before, after)?;
        let start = inner.span().offset();
        let line_start = self.text[..start.min(self.text.len())]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..start)
            .map_or(inner.column(), |s| s.chars().count());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Whether the lines a snippet would show (the span's, with one line of context each side)
/// are short enough and few enough to be shown.
fn fits(report: &FileReport, index: &LineIndex, d: &Diagnostic) -> bool {
    let spans = d.span.iter().chain(d.related.iter().map(|r| &r.span));
    let (mut first, mut last) = (usize::MAX, 0);
    for span in spans {
        first = first.min(index.line_of(span.start));
        last = last.max(index.line_of(span.end));
    }
    if first == usize::MAX {
        return true;
    }
    if last - first >= MAX_SNIPPET_LINES {
        return false;
    }
    (first.saturating_sub(1)..=last + 1)
        .all(|line| index.line_len(&report.source, line) <= MAX_SNIPPET_LINE)
}

/// A short excerpt of the text at `start`, escaped: up to [`EXCERPT`] characters before and
/// after, with `…` where it was cut.
fn excerpt(text: &str, start: usize) -> String {
    let start = (0..=start.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before: Vec<(usize, char)> = text[..start].char_indices().rev().take(EXCERPT).collect();
    let from = before.last().map_or(start, |&(i, _)| i);
    let after = text[start..]
        .char_indices()
        .nth(EXCERPT)
        .map_or(text.len(), |(i, _)| start + i);
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let from = from.max(line_start);
    let to = after.min(line_end);
    format!(
        "{}{}{}",
        if from > line_start { "…" } else { "" },
        escape::terminal(&text[from..to]),
        if to < line_end { "…" } else { "" }
    )
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
        .with_context_lines(1)
        .with_word_separator(textwrap::WordSeparator::Custom(words_and_code_spans))
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false);
    let mut out = String::new();
    for report in reports {
        let name = escape::terminal(&report.path.to_string_lossy()).into_owned();
        let index = LineIndex::new(&report.source);
        // The file's text as shown, made once for all its diagnostics.
        let mut shown: Option<Snippet> = None;
        for d in &report.diagnostics {
            let mut message = escape::terminal(&d.message).into_owned();
            let mut source = None;
            let mut labels = Vec::new();
            match &d.span {
                None => message = format!("{name}: {message}"),
                Some(span) if fits(report, &index, d) => {
                    let snippet = shown.get_or_insert_with(|| escape::snippet(&report.source));
                    let at = |r: &std::ops::Range<usize>| {
                        let start = snippet.map(r.start);
                        start..snippet.map(r.end).max(start)
                    };
                    let label = d.label.as_deref().map(|l| escape::terminal(l).into_owned());
                    labels.push(LabeledSpan::new_primary_with_span(label, at(span)));
                    labels.extend(d.related.iter().map(|r| {
                        LabeledSpan::new_with_span(
                            Some(escape::terminal(&r.message).into_owned()),
                            at(&r.span),
                        )
                    }));
                    source = Some(Shown {
                        name: name.clone(),
                        text: Arc::clone(&snippet.text),
                    });
                }
                Some(span) => {
                    let at = index.line_col(&report.source, span.start);
                    message = format!(
                        "{message}\n{name}:{}:{}: {}",
                        at.line,
                        at.column,
                        excerpt(&report.source, span.start)
                    );
                }
            }
            let item = Miette {
                code: format!("{}({})", d.rule.code, d.rule.name),
                severity: d.severity,
                message,
                help: d.help.as_deref().map(|h| escape::terminal(h).into_owned()),
                source,
                labels,
            };
            // Writing into a String cannot fail.
            let _ = handler.render_report(&mut out, &item);
            out.push('\n');
        }
    }
    out
}

/// Splits a line for wrapping at its spaces, except the spaces inside a `code span`: a field
/// name, a date format or a command is never broken across lines (nor at its hyphens or
/// slashes), so it can be read and copied whole.
fn words_and_code_spans(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let mut after_space = false;
    for (i, c) in line.char_indices() {
        if c == ' ' && !in_code {
            after_space = true;
            continue;
        }
        if after_space {
            words.push(textwrap::core::Word::from(&line[start..i]));
            start = i;
            after_space = false;
        }
        if c == '`' {
            in_code = !in_code;
        }
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_short_escaped_and_stays_on_its_line() {
        let text = format!("a: 1\nareas: [{}]\nb: 2\n", "a,".repeat(5000));
        let at = text.find("a,a").expect("span") + 4000;
        let shown = excerpt(&text, at);
        assert!(shown.chars().count() <= 2 * EXCERPT + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(
            excerpt("k: \"\u{1b}]0;x\u{7}\"", 3),
            "k: \"\\u{1b}]0;x\\u{7}\""
        );
        assert_eq!(excerpt("é", 1), "é");
    }

    #[test]
    fn code_spans_are_never_broken_across_lines() {
        let help = format!(
            "{}`schema/vocabularies/areas.yaml`, `YYYY-MM-DD` or `accord lint my file.yaml`",
            "word ".repeat(17)
        );
        let report = FileReport {
            diagnostics: vec![
                Diagnostic::new(&crate::rules::schema::MALFORMED_VALUE, "bad", Some(0..1))
                    .with_help(help),
            ],
            source: std::sync::Arc::from("a: 1\n"),
            ..FileReport::empty("records/a.yaml".into())
        };
        for width in [40, 60, 80, 100] {
            let options = HumanOptions {
                width,
                ..HumanOptions::default()
            };
            let out = human(std::slice::from_ref(&report), &options);
            for line in out.lines() {
                assert_eq!(
                    line.matches('`').count() % 2,
                    0,
                    "width {width}: {line}\n{out}"
                );
            }
        }
    }
}
