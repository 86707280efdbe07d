//! Diagnostics as plain data, and the line index that turns byte offsets into lines and columns.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::rules::Rule;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look; fails the run only with `--deny-warnings`.
    Warning,
    /// The record is wrong; fails the run.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Another place in the same file that helps explain a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// Its severity (the rule's default unless configured otherwise).
    pub severity: Severity,
    /// What is wrong, in one line: lowercase start, no trailing period, values in backticks.
    pub message: String,
    /// Byte range of the offending text; `None` for a problem with the file as a whole.
    pub span: Option<Range<usize>>,
    /// Short text shown under the underlined span.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain it.
    pub related: Vec<Related>,
    /// 0, except on the diagnostic that closes a rule's findings in a file past the most shown
    /// ([`crate::MAX_PER_RULE`], [`crate::MAX_PER_FILE`]): how many findings it stands for.
    pub omitted: usize,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span`, with the rule's default severity.
    pub fn new(
        rule: &'static Rule,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: None,
            help: None,
            related: Vec::new(),
            omitted: 0,
        }
    }

    /// Sets the label shown under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

/// Everything found in one file, with the text the spans point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file, as it should be shown (relative to the repository root when inside it).
    pub path: PathBuf,
    /// The file's text (empty when it could not be read as UTF-8).
    pub source: Arc<str>,
    /// The problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// What the rules across records need of this record, when it could be parsed.
    pub facts: Option<Box<crate::rules::across::RecordFacts>>,
    /// The record's suppression comments, applied by [`crate::Linter::finish`].
    pub suppressions: Vec<crate::suppress::Suppression>,
}

impl FileReport {
    /// A report on a file with nothing in it yet.
    pub fn empty(path: PathBuf) -> FileReport {
        FileReport {
            path,
            source: Arc::from(""),
            diagnostics: Vec::new(),
            facts: None,
            suppressions: Vec::new(),
        }
    }

    /// Number of findings of this severity (those not shown included).
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| d.omitted.max(1))
            .sum()
    }
}

/// One-based line and column of a byte offset (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Maps byte offsets of one text to lines and columns. A line ends at a line feed, a carriage
/// return and line feed, or a carriage return alone, as the YAML reader counts them, so every
/// renderer gives the same line for the same place.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        starts.extend(memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(|i| {
            // A carriage return before a line feed ends its line at the line feed.
            (bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n')).then_some(i + 1)
        }));
        LineIndex { starts }
    }

    /// The line (from 0) that `offset` is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The length in bytes of line `line` (from 0) of `text`, its line break left out; 0 past
    /// the last line.
    pub fn line_len(&self, text: &str, line: usize) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return 0;
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let line = &text.as_bytes()[start..end.max(start)];
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        line.strip_suffix(b"\r").unwrap_or(line).len()
    }

    /// Line and column of `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}
