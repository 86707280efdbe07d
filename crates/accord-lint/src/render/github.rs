//! The GitHub format: workflow commands that Actions shows as annotations.

use super::escape::terminal;
use super::position;
use crate::diagnostic::{FileReport, LineIndex, Severity};

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
///
/// `prefix` is the accord root's place in the git work tree (`data/`, or empty), so that each
/// `file=` is the path GitHub knows and the annotation lands on the diff.
pub fn github(reports: &[FileReport], prefix: &str) -> String {
    let mut out = String::new();
    for report in reports {
        let index = LineIndex::new(&report.source);
        let path = format!(
            "{prefix}{}",
            report.path.to_string_lossy().replace('\\', "/")
        );
        let file = github_property(&terminal(&path));
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
            // Escaped for the log first (a record's value can hold any control character),
            // then for the workflow command.
            let mut message = terminal(&d.message).into_owned();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(&terminal(help));
            }
            out.push_str(&format!(
                "::{level} {properties},title={title}::{}\n",
                github_data(&message)
            ));
        }
    }
    out
}
