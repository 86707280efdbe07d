//! Renderers: one module per output format, each turning reports into a `String`; the
//! escaping every human-facing format relies on is in [`escape`].

pub mod escape;
mod github;
mod human;
mod json;
mod markdown;
mod sarif;

pub use escape::Fence;
pub use github::{command as github_command, github};
pub use human::{HumanOptions, MAX_SNIPPET_LINE, MAX_SNIPPET_LINES, human};
pub use json::json;
pub use markdown::{
    GITHUB_ANNOTATIONS_PER_STEP, MAX_MARKDOWN_BYTES, annotations_left_out, markdown,
};
pub use sarif::{sarif, uri_path};

use crate::diagnostic::{Diagnostic, FileReport, LineIndex};

/// Line and column of both ends of a diagnostic's span (1-based; the end is exclusive).
pub(crate) fn position(
    report: &FileReport,
    index: &LineIndex,
    d: &Diagnostic,
) -> Option<[usize; 4]> {
    let span = d.span.as_ref()?;
    let start = index.line_col(&report.source, span.start);
    let end = index.line_col(&report.source, span.end);
    Some([start.line, start.column, end.line, end.column])
}
