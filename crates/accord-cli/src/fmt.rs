//! `accord fmt`: rewrites records in canonical form, or with `--check` shows what would change.

use std::path::Path;

use accord_lint::fmt::format_record;
use accord_lint::render::escape;
use accord_lint::{Linter, Severity};

use crate::{Fatal, FmtArgs, Global, Outcome, emit};

pub(crate) fn run(root: &Path, args: &FmtArgs, global: &Global) -> Result<Outcome, Fatal> {
    let linter = crate::lint::linter(root)?;
    let config = linter.config();
    let selected = crate::lint::select(root, config, &args.paths)?;
    let files = &selected.files;
    let mut changed = 0;
    let mut failed = 0;
    let mut diffs = String::new();
    // Each record that would change: its path, its first changed line, its diff.
    let mut unformatted: Vec<(String, usize, std::sync::Arc<str>)> = Vec::new();
    // What is not a record to check (a `.yml`, a link) is not formatted either, and lint's
    // reason is given.
    for problem in &selected.problems {
        let why = problem
            .diagnostics
            .first()
            .map_or_else(|| "not a record file".to_owned(), |d| d.message.clone());
        eprintln!(
            "{}: not formatted: {}",
            escape::terminal(&problem.path.to_string_lossy()),
            escape::terminal(&why)
        );
        failed += 1;
    }
    let confined = accord_fs::Root::unchecked(root);
    for file in files {
        let shown = file.strip_prefix(root).unwrap_or(file);
        let read = confined
            .relative(file)
            .ok_or(accord_fs::Refused::Outside)
            .and_then(|rel| confined.read_to_string(&rel, accord_lint::MAX_FILE_SIZE));
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                eprintln!(
                    "{}: cannot format: {}",
                    escape::terminal(&shown.to_string_lossy()),
                    escape::terminal(&e.to_string())
                );
                failed += 1;
                continue;
            }
        };
        let formatted = match format_record(&text) {
            Ok(formatted) => formatted,
            Err(e) => {
                eprintln!(
                    "{}: cannot format: {}",
                    escape::terminal(&shown.to_string_lossy()),
                    escape::terminal(&e.to_string())
                );
                failed += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        // A record that has errors once formatted is not rewritten: what it should say is not
        // known yet. (Errors formatting fixes, such as an unquoted date, do not count.)
        if let Some(why) = has_errors(&linter, shown, &formatted) {
            eprintln!(
                "{}: not formatted: {why}; fix it (`accord lint {}`), then run `accord fmt`",
                escape::terminal(&shown.to_string_lossy()),
                escape::terminal(&shown.to_string_lossy()),
            );
            failed += 1;
            continue;
        }
        changed += 1;
        if args.check {
            let name = escape::terminal(&shown.to_string_lossy()).replace('\\', "/");
            let diff: std::sync::Arc<str> = similar::TextDiff::from_lines(&text, &formatted)
                .unified_diff()
                .context_radius(2)
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string()
                .into();
            // The record's own lines, their control characters made visible.
            let shown_diff = escape::snippet(&diff).text;
            diffs.push_str(&shown_diff);
            // (Split on line feeds alone: a carriage return is one of the things that change.)
            let first = text
                .split('\n')
                .zip(formatted.split('\n'))
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| {
                    text.matches('\n')
                        .count()
                        .min(formatted.matches('\n').count())
                });
            unformatted.push((
                shown.to_string_lossy().replace('\\', "/"),
                first + 1,
                shown_diff,
            ));
        } else {
            accord_fs::write_atomically(file, formatted.as_bytes())
                .map_err(|e| Fatal(format!("cannot write {}: {e}", shown.display())))?;
            if global.verbose {
                eprintln!("formatted {}", escape::terminal(&shown.to_string_lossy()));
            }
        }
    }
    emit(&crate::verbatim(&diffs))?;
    if crate::in_actions() {
        let prefix = crate::lint::git_prefix(root);
        for (path, line, _) in &unformatted {
            let path = escape::terminal(path);
            emit(&accord_lint::render::github_command(
                "error",
                &format!("{prefix}{path}"),
                Some([*line, 1, *line, 1]),
                "accord fmt",
                &format!(
                    "this record is not in canonical form; run `accord fmt {path}` (the change is in the log of this step)"
                ),
            ))?;
        }
    }
    if let Some(file) = &args.summary {
        crate::append_to(file, &summary(&unformatted, files.len()))?;
    }
    if !global.quiet {
        let total = files.len();
        let ignored = match selected.ignored {
            0 => String::new(),
            n => format!(" ({n} ignored by accord.toml)"),
        };
        let line = if args.check {
            format!(
                "{changed} of {total} records would be reformatted{ignored}{}",
                if changed > 0 {
                    "; run `accord fmt`"
                } else {
                    ""
                }
            )
        } else {
            format!("{changed} of {total} records reformatted{ignored}")
        };
        eprintln!("{line}");
    }
    Ok(if failed > 0 || (args.check && changed > 0) {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// What `fmt --check` found, as Markdown for a job summary: each record that would change, at
/// its first changed line, with its diff in a code block (fenced with more backticks than any
/// run the diff holds, so no record's text can close it), up to 200 KB.
fn summary(unformatted: &[(String, usize, std::sync::Arc<str>)], total: usize) -> String {
    use accord_lint::render::escape::markdown_code as code;
    use std::fmt::Write;
    let mut out = String::from("## accord fmt --check\n\n");
    if unformatted.is_empty() {
        let _ = match total {
            1 => writeln!(out, "The one record checked is formatted."),
            n => writeln!(out, "All {n} records checked are formatted."),
        };
        return out;
    }
    let _ = writeln!(
        out,
        "{} of {total} records would be reformatted: run `accord fmt` and commit the result.\n",
        unformatted.len()
    );
    let mut shown = 0;
    for (path, line, diff) in unformatted {
        if out.len() >= accord_lint::render::MAX_MARKDOWN_BYTES {
            break;
        }
        let longest = diff.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let end = if diff.ends_with('\n') { "" } else { "\n" };
        let _ = writeln!(
            out,
            "`{}`, from line {line}:\n\n{fence}diff\n{diff}{end}{fence}\n",
            code(path),
        );
        shown += 1;
    }
    if shown < unformatted.len() {
        let _ = writeln!(
            out,
            "{} more records would be reformatted: `accord fmt --check` lists them all.",
            unformatted.len() - shown
        );
    }
    out
}

/// What is wrong with a record's text, when its own checks (those that need no other record) find an
/// error: "it has 2 errors, the first A201 on line 4".
fn has_errors(linter: &Linter, shown: &Path, text: &str) -> Option<String> {
    let mut report = linter.check_source(shown.to_path_buf(), std::sync::Arc::from(text));
    linter.finish(&mut report);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let first = errors.first()?;
    let line = first.span.as_ref().map(|s| {
        accord_lint::LineIndex::new(text)
            .line_col(text, s.start)
            .line
    });
    Some(format!(
        "it has {} error{}, the first {}{}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        first.rule.code,
        line.map(|l| format!(" on line {l}")).unwrap_or_default()
    ))
}
