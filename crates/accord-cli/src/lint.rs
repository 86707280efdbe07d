//! `accord lint`, `accord rules` and `accord explain`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use accord_lint::render::{self, HumanOptions};
use accord_lint::{FileReport, Linter, Summary, discover, rules};
use accord_schema::date::Day;

use crate::{Fatal, Format, Global, LintArgs, Outcome, emit};

/// Today's date: `ACCORD_TODAY` (YYYY-MM-DD, for reproducible runs) or the system clock (UTC).
pub(crate) fn today() -> Result<Day, Fatal> {
    if let Some(text) = std::env::var_os("ACCORD_TODAY") {
        let text = text.to_string_lossy();
        return Day::parse(&text).ok_or_else(|| {
            Fatal(format!(
                "ACCORD_TODAY=`{text}` is not a date of the form YYYY-MM-DD"
            ))
        });
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Fatal(format!("the system clock is before 1970: {e}")))?
        .as_secs();
    Ok(Day::from_days(
        i64::try_from(seconds / 86_400).unwrap_or(i64::MAX / 2),
    ))
}

/// A linter for the repository at `root`: its vocabularies, its `accord.toml`, today's date.
pub(crate) fn linter(root: &Path) -> Result<Linter, Fatal> {
    Ok(Linter::load(root, today()?)?)
}

/// How to draw human diagnostics on a stream: colours and box drawing only on a terminal, and
/// colours only when `NO_COLOR` is unset or empty.
pub(crate) fn human_options(stream: &impl IsTerminal) -> HumanOptions {
    let terminal = stream.is_terminal();
    HumanOptions {
        color: terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        unicode: terminal,
        width: 100,
    }
}

/// The output format: the one asked for, else `github` inside GitHub Actions, else `human`.
fn format(asked: Option<Format>) -> Format {
    asked.unwrap_or_else(|| {
        if crate::in_actions() {
            Format::Github
        } else {
            Format::Human
        }
    })
}

pub(crate) fn run(root: &Path, args: &LintArgs, global: &Global) -> Result<Outcome, Fatal> {
    let started = std::time::Instant::now();
    let linter = linter(root)?;
    if global.verbose {
        eprintln!(
            "accord: root {}, today {}, {}, ignoring {:?}",
            root.display(),
            linter.today(),
            if root.join(accord_lint::config::FILE_NAME).is_file() {
                "settings from accord.toml"
            } else {
                "no accord.toml (default settings)"
            },
            linter.config().ignore_patterns()
        );
    }

    let (reports, scope, ignored) = match &args.base {
        Some(rev) => {
            let (reports, scope) =
                lint_changes(root, &linter, rev, !args.no_cache, global.verbose)?;
            (reports, scope, 0)
        }
        None => {
            let (reports, ignored) = lint_paths(root, &linter, &args.paths)?;
            (reports, None, ignored)
        }
    };
    if global.verbose {
        eprintln!(
            "accord: checked {} files in {:.0?}",
            reports.len(),
            started.elapsed()
        );
    }

    let summary = Summary::of(&reports);
    let closing_line = |s: &Summary, scope: Option<&str>| closing_line(s, scope, ignored);
    let with_problems: Vec<FileReport> = reports
        .into_iter()
        .filter(|r| !r.diagnostics.is_empty())
        .collect();
    let quiet = global.quiet;
    match format(args.format) {
        Format::Human => {
            let options = human_options(&std::io::stdout());
            emit(&crate::verbatim(&render::human(&with_problems, &options)))?;
            if !quiet {
                emit(&format!("{}\n", closing_line(&summary, scope.as_deref())))?;
            }
        }
        Format::Json => {
            emit(&render::json(&with_problems))?;
            if !quiet {
                eprintln!("{}", closing_line(&summary, scope.as_deref()));
            }
        }
        Format::Github => {
            emit(&render::github(&with_problems, &git_prefix(root)))?;
            if let Some(note) = render::annotations_left_out(&with_problems, args.summary.is_some())
            {
                emit(&format!("accord: {note}\n"))?;
            }
            if !quiet {
                emit(&format!("{}\n", closing_line(&summary, scope.as_deref())))?;
            }
        }
        Format::Sarif => {
            emit(&render::sarif(
                &with_problems,
                env!("CARGO_PKG_VERSION"),
                &git_prefix(root),
            ))?;
            if !quiet {
                eprintln!("{}", closing_line(&summary, scope.as_deref()));
            }
        }
    }
    if let Some(file) = &args.summary {
        let command = match &args.base {
            Some(rev) => format!("accord lint --base {rev}"),
            None => "accord lint".to_owned(),
        };
        let text = render::markdown(
            "accord lint",
            &closing_line(&summary, scope.as_deref()),
            &with_problems,
            &git_prefix(root),
            &command,
        );
        crate::append_to(file, &text)?;
    }
    Ok(
        if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
            Outcome::Problems
        } else {
            Outcome::Clean
        },
    )
}

/// The accord root's place in its git work tree, as machine formats prefix their paths with
/// it (`data/` when the records are in `data/records/`; empty at the top or outside git), so
/// that GitHub's annotations and code scanning find the files.
pub(crate) fn git_prefix(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    let Some(top) = root.ancestors().find(|dir| dir.join(".git").exists()) else {
        return String::new();
    };
    let rel = root.strip_prefix(top).unwrap_or(Path::new(""));
    let mut prefix = String::new();
    for part in rel.components() {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    prefix
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn closing_line(s: &Summary, scope: Option<&str>, ignored: usize) -> String {
    format!(
        "{} checked{}{}, {}, {}",
        match scope {
            Some(_) => plural(s.files, "changed record", "changed records"),
            None => plural(s.files, "record", "records"),
        },
        scope.map(|s| format!(" {s}")).unwrap_or_default(),
        match ignored {
            0 => String::new(),
            n => format!(" ({n} ignored by accord.toml)"),
        },
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
    )
}

/// Lints the files and folders given (all of `records/` when none), minus ignored paths. Named
/// files are judged as members of the whole tree: the rules across records see every record
/// under `records/`, as `lint --base` and `build` do, so a link to a record that exists is
/// found and an id used elsewhere is reported whichever files are named. Also returns how many
/// files `[files] ignore` left out.
fn lint_paths(
    root: &Path,
    linter: &Linter,
    paths: &[PathBuf],
) -> Result<(Vec<FileReport>, usize), Fatal> {
    let Selected {
        files,
        mut problems,
        ignored: left_out,
    } = select(root, linter.config(), paths)?;
    let ignored = |p: &Path| {
        linter
            .config()
            .is_ignored(p.strip_prefix(root).unwrap_or(p))
    };
    let mut reports: Vec<FileReport> = if paths.is_empty() {
        linter.lint_files(root, &files)
    } else {
        let dir = root.join("records");
        let named: std::collections::HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
        let others: Vec<PathBuf> = if dir.is_dir() {
            discover::records(root, &dir)
                .records
                .into_iter()
                .filter(|p| !named.contains(p.as_path()) && !ignored(p))
                .collect()
        } else {
            Vec::new()
        };
        linter.lint_among(root, &files, &others)
    };
    reports.append(&mut problems);
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((reports, left_out))
}

/// Lints what changed since the merge-base of HEAD and `rev` (`accord_git::review::since`),
/// printing each step's time with `-v`. Returns the reports of the changed paths and how to
/// describe the scope.
fn lint_changes(
    root: &Path,
    linter: &Linter,
    rev: &str,
    use_cache: bool,
    verbose: bool,
) -> Result<(Vec<FileReport>, Option<String>), Fatal> {
    let reviewed = accord_git::review::since(root, linter, rev, use_cache)?;
    if verbose {
        for phase in &reviewed.phases {
            eprintln!("accord: {} after {:.2?}", phase.what, phase.after);
        }
        if let Some(error) = &reviewed.cache_error {
            eprintln!("accord: {error}");
        }
    }
    let scope = format!(
        "since {} (the merge-base with `{rev}`)",
        reviewed.changes.base_short
    );
    Ok((reviewed.reports, Some(scope)))
}

/// The checked dataset, as every command that reads records sees it.
pub(crate) struct Selected {
    /// The record files to check, sorted: those named (or under the folders named), or all of
    /// `records/`, less what `[files] ignore` leaves out.
    pub(crate) files: Vec<PathBuf>,
    /// Files that are not records to check (a `.yml`, a link, a pipe), not ignored.
    pub(crate) problems: Vec<FileReport>,
    /// How many files `[files] ignore` left out.
    pub(crate) ignored: usize,
}

/// The checked dataset for `paths` (all of `records/` when empty). A file named on the command
/// line that the settings ignore is said to be so, on standard error.
pub(crate) fn select(
    root: &Path,
    config: &accord_lint::Config,
    paths: &[PathBuf],
) -> Result<Selected, Fatal> {
    let (files, problems) = collect(root, paths)?;
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let ignored = |p: &Path| config.is_ignored(&relative(p));
    let confined = accord_fs::Root::unchecked(root);
    for path in paths {
        let absolute = root.join(confined.relative(path).unwrap_or_default());
        // (`collect` gives the files sorted.)
        if files.binary_search(&absolute).is_ok() && ignored(&absolute) {
            eprintln!(
                "accord: {} is ignored ([files] ignore in accord.toml): not checked",
                render::escape::terminal(&relative(&absolute).to_string_lossy())
            );
        }
    }
    let before = files.len() + problems.len();
    let files: Vec<PathBuf> = files.into_iter().filter(|f| !ignored(f)).collect();
    let problems: Vec<FileReport> = problems
        .into_iter()
        .filter(|r| !config.is_ignored(&r.path))
        .collect();
    Ok(Selected {
        ignored: before - files.len() - problems.len(),
        files,
        problems,
    })
}

/// The record files to check and the problems found while looking for them.
fn collect(root: &Path, paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<FileReport>), Fatal> {
    if paths.is_empty() {
        let dir = root.join("records");
        if !dir.is_dir() {
            return Err(Fatal(format!("{} has no records/ folder", root.display())));
        }
        let found = discover::records(root, &dir);
        return Ok((found.records, found.problems));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let confined = accord_fs::Root::unchecked(root);
    for path in paths {
        // Nothing outside the repository is read, and nothing through a link.
        let rel = confined.relative(path).ok_or_else(|| {
            Fatal(format!(
                "{} is outside the repository {}; accord reads only what is inside it",
                path.display(),
                root.display()
            ))
        })?;
        match confined.kind(&rel) {
            Ok(accord_fs::Kind::Folder) => {
                let found = discover::records(root, &root.join(&rel));
                files.extend(found.records);
                problems.extend(found.problems);
            }
            Ok(accord_fs::Kind::File) => {
                // Sorted as a folder walk sorts it: a `.yml` or any other name is A509.
                let found = discover::path(root, &root.join(&rel));
                files.extend(found.records);
                problems.extend(found.problems);
            }
            Ok(accord_fs::Kind::Link) => {
                problems.push(accord_lint::refused(rel, accord_fs::Refused::Link))
            }
            Ok(other) => problems.push(accord_lint::refused(
                rel,
                accord_fs::Refused::NotRegular(other),
            )),
            Err(e) if e.is_missing() => {
                return Err(Fatal(format!("{}: no such file or folder", path.display())));
            }
            Err(e) => problems.push(accord_lint::refused(rel, e)),
        }
    }
    files.sort();
    files.dedup();
    Ok((files, problems))
}

/// `accord rules`: every rule with the severity in force here (the repository's `accord.toml`
/// when accord runs in one, the defaults elsewhere), whether `accord fmt` fixes it, and whether
/// it is fixed (cannot be turned off or suppressed).
pub(crate) fn rules(root: Option<&Path>) -> Result<Outcome, Fatal> {
    let config = match root {
        Some(root) => accord_lint::Config::load(root)?,
        None => accord_lint::Config::default(),
    };
    let mut text = String::from("code  name                         severity  fix  fixed\n");
    for rule in rules::ALL {
        let severity = match config.severity(rule) {
            Some(s) if s == rule.severity => s.as_str().to_owned(),
            Some(s) => format!("{}*", s.as_str()),
            None => "off*".to_owned(),
        };
        text.push_str(&format!(
            "{:<5} {:<28} {:<9} {:<4} {}\n",
            rule.code,
            rule.name,
            severity,
            if rule.fixable { "yes" } else { "" },
            if rule.fixed { "yes" } else { "" }
        ));
    }
    if root.is_some_and(|r| r.join(accord_lint::config::FILE_NAME).is_file()) {
        text.push_str("* set in accord.toml\n");
    }
    text.push_str("fixed: keeps records readable and valid against the published schema; cannot be turned off or suppressed\n");
    emit(&text)?;
    Ok(Outcome::Clean)
}

pub(crate) fn explain(code_or_name: &str) -> Result<Outcome, Fatal> {
    let rule = rules::find(code_or_name).ok_or_else(|| {
        Fatal(format!(
            "no rule is called `{code_or_name}`; `accord rules` lists them all"
        ))
    })?;
    emit(&format!(
        "{} ({}): default severity {}\n\n{}",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.doc_text() + "\n"
    ))?;
    Ok(Outcome::Clean)
}
