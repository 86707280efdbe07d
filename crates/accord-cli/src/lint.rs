//! `accord lint`, `accord rules` and `accord explain`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use accord_lint::render::{self, HumanOptions};
use accord_lint::{FileReport, Linter, Summary, discover, rules};
use accord_schema::Vocabularies;

use crate::{Fatal, Format, LintArgs, Outcome, emit};

pub(crate) fn run(root: &Path, args: &LintArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let vocabularies = Vocabularies::load(root)?;
    let linter = Linter::new(vocabularies)?;

    let (files, mut problems) = collect(root, &args.paths)?;
    let mut reports: Vec<FileReport> = linter.lint_files(root, &files);
    reports.append(&mut problems);
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let summary = Summary::of(&reports);
    let with_problems: Vec<FileReport> = reports
        .into_iter()
        .filter(|r| !r.diagnostics.is_empty())
        .collect();
    match args.format {
        Format::Human => {
            let stdout = std::io::stdout();
            let color =
                stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let options = HumanOptions {
                color,
                unicode: stdout.is_terminal(),
                width: 100,
            };
            emit(&render::human(&with_problems, &options))?;
            if !quiet {
                emit(&format!("{}\n", closing_line(&summary)))?;
            }
        }
        Format::Json => {
            emit(&render::json(&with_problems))?;
            if !quiet {
                eprintln!("{}", closing_line(&summary));
            }
        }
    }
    Ok(if summary.errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn closing_line(s: &Summary) -> String {
    format!(
        "{} checked, {}, {}",
        plural(s.files, "record", "records"),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
    )
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
    for path in paths {
        let absolute =
            std::path::absolute(path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
        if absolute.is_dir() {
            let found = discover::records(root, &absolute);
            files.extend(found.records);
            problems.extend(found.problems);
        } else if absolute.exists() {
            files.push(absolute);
        } else {
            return Err(Fatal(format!("{}: no such file or folder", path.display())));
        }
    }
    files.sort();
    files.dedup();
    Ok((files, problems))
}

pub(crate) fn rules() -> Result<Outcome, Fatal> {
    let mut text = String::from("code  name                         severity  fix\n");
    for rule in rules::ALL {
        text.push_str(&format!(
            "{:<5} {:<28} {:<9} {}\n",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            if rule.fixable { "yes" } else { "" }
        ));
    }
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
        rule.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    ))?;
    Ok(Outcome::Clean)
}
