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
            diffs.push_str(&escape::snippet(&diff).text);
        } else {
            accord_fs::write_atomically(file, formatted.as_bytes())
                .map_err(|e| Fatal(format!("cannot write {}: {e}", shown.display())))?;
            if global.verbose {
                eprintln!("formatted {}", escape::terminal(&shown.to_string_lossy()));
            }
        }
    }
    emit(&crate::verbatim(&diffs))?;
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
