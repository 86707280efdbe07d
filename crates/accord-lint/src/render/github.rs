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

/// One workflow command, `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
/// and a line break: the one place accord writes one. `level` is `error`, `warning` or
/// `notice`; `file` and `title` are escaped as properties and `message` as data, so that no
/// text (already escaped for the log) can end the command or start another.
pub fn command(
    level: &str,
    file: &str,
    position: Option<[usize; 4]>,
    title: &str,
    message: &str,
) -> String {
    let mut properties = format!("file={}", github_property(file));
    if let Some([line, col, end_line, end_col]) = position {
        properties.push_str(&format!(
            ",line={line},col={col},endLine={end_line},endColumn={end_col}"
        ));
    }
    format!(
        "::{level} {properties},title={}::{}\n",
        github_property(title),
        github_data(message)
    )
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
        let file = terminal(&path);
        for d in &report.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let position = position(report, &index, d);
            let title = format!("{} {}", d.rule.code, d.rule.name);
            // Escaped for the log first (a record's value can hold any control character),
            // then for the workflow command.
            let mut message = terminal(&d.message).into_owned();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(&terminal(help));
            }
            out.push_str(&command(level, &file, position, &title, &message));
        }
    }
    out
}
