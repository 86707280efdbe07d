//! The Markdown format: every finding in one table, for a GitHub job summary
//! (`$GITHUB_STEP_SUMMARY`), which has room for all of them where annotations stop at
//! [`GITHUB_ANNOTATIONS_PER_STEP`]. Every text passes [`escape::markdown`](super::escape::markdown);
//! the whole stays under [`MAX_MARKDOWN_BYTES`], with a line saying how many findings were left
//! out and how to see them.

use std::fmt::Write;

use super::escape::{markdown as text, markdown_code as code};
use super::position;
use crate::diagnostic::{FileReport, LineIndex, Severity};

/// The table stops taking findings once the summary is this long (GitHub takes at most 1 MiB
/// of summary per step).
pub const MAX_MARKDOWN_BYTES: usize = 200 * 1024;

/// The annotations of each kind (errors, warnings) GitHub shows for one step; the rest are
/// dropped without a word, which is why the log says so and the job summary lists them all.
pub const GITHUB_ANNOTATIONS_PER_STEP: usize = 10;

/// Every finding of `reports` under the heading `title`, after `closing` (the closing line
/// the log has: what was checked and how many findings). `prefix` is the accord root's place
/// in the git work tree, as in the GitHub format; `command` is how a reader sees every finding
/// when some were left out.
pub fn markdown(
    title: &str,
    closing: &str,
    reports: &[FileReport],
    prefix: &str,
    command: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n\n{}\n", text(title), text(closing));
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    if total == 0 {
        return out;
    }
    out.push_str("| | File | Line | Rule | Message |\n|---|---|---|---|---|\n");
    let mut shown = 0;
    'reports: for report in reports {
        let index = LineIndex::new(&report.source);
        let path = format!(
            "{prefix}{}",
            report.path.to_string_lossy().replace('\\', "/")
        );
        for d in &report.diagnostics {
            if out.len() >= MAX_MARKDOWN_BYTES {
                break 'reports;
            }
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let line = position(report, &index, d)
                .map(|[line, ..]| line.to_string())
                .unwrap_or_default();
            let mut message = text(&d.message);
            if let Some(help) = &d.help {
                let _ = write!(message, " (help: {})", text(help));
            }
            let _ = writeln!(
                out,
                "| {level} | `{}` | {line} | {} {} | {message} |",
                code(&path),
                d.rule.code,
                d.rule.name
            );
            shown += 1;
        }
    }
    if shown < total {
        let _ = writeln!(
            out,
            "\n{} more findings are not shown here: `{}` lists them all.",
            total - shown,
            code(command)
        );
    }
    out
}

/// What the log says when GitHub will not show every annotation: "GitHub shows 10 of the 23
/// errors as annotations"; `None` when it shows them all.
pub fn annotations_left_out(reports: &[FileReport], summary_written: bool) -> Option<String> {
    let count = |s: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let mut over = Vec::new();
    for (n, what) in [(errors, "errors"), (warnings, "warnings")] {
        if n > GITHUB_ANNOTATIONS_PER_STEP {
            over.push(format!("{GITHUB_ANNOTATIONS_PER_STEP} of the {n} {what}"));
        }
    }
    if over.is_empty() {
        return None;
    }
    Some(format!(
        "GitHub shows {} as annotations; {}",
        over.join(" and "),
        if summary_written {
            "the job summary lists them all"
        } else {
            "the lines above list them all"
        }
    ))
}
