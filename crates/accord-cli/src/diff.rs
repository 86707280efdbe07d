//! `accord diff`: what a pull request does to the dataset, record by record and field by
//! field. The change set and its findings come from `accord_git::review` (as for `lint
//! --base`); the comparison and its forms from `accord_diff`.

use std::path::Path;

use accord_diff::{FileChange, FileKind};
use accord_lint::Severity;
use accord_lint::rules::history::ChangeKind;

use crate::{DiffArgs, DiffFormat, Fatal, Global, Outcome, emit};

pub(crate) fn run(root: &Path, args: &DiffArgs, global: &Global) -> Result<Outcome, Fatal> {
    let linter = crate::lint::linter(root)?;
    let base = match &args.base {
        Some(base) => base.clone(),
        None => accord_git::Repo::open(root)?.default_base().ok_or_else(|| {
            Fatal(
                "no --base given, and there is no origin/main, origin/master, main or master to compare with; pass --base REV".to_owned(),
            )
        })?,
    };
    let reviewed = accord_git::review::since(root, &linter, &base, !args.no_cache)?;
    if global.verbose {
        for phase in &reviewed.phases {
            eprintln!("accord: {} after {:.2?}", phase.what, phase.after);
        }
    }
    if let Some(error) = &reviewed.cache_error {
        eprintln!("accord: {}", accord_lint::render::escape::terminal(error));
    }
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let records = reviewed
        .changes
        .changes
        .iter()
        .zip(&reviewed.head_texts)
        .map(|(change, head)| {
            let report = reviewed.reports.iter().find(|r| r.path == change.path);
            let count = |s: Severity| report.map_or(0, |r| r.count(s));
            let path = shown(&change.path);
            let old_path = change.old_path.as_deref().map(shown);
            accord_diff::record(&FileChange {
                kind: match change.kind {
                    ChangeKind::Added => FileKind::Added,
                    ChangeKind::Modified => FileKind::Modified,
                    ChangeKind::Renamed => FileKind::Renamed,
                    ChangeKind::Deleted => FileKind::Deleted,
                },
                path: &path,
                old_path: old_path
                    .as_deref()
                    .filter(|_| change.kind == ChangeKind::Renamed),
                base: change.base_text.as_deref(),
                head: head.as_deref(),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
            })
        })
        .collect();
    let diff = accord_diff::Diff::new(reviewed.changes.base_short.clone(), records);
    let text = match args.format {
        DiffFormat::Human => crate::verbatim(&accord_diff::render::human(&diff)),
        DiffFormat::Markdown => {
            accord_diff::render::markdown(&diff, &format!("accord diff --base {base}"))
        }
        DiffFormat::Json => accord_diff::render::json(&diff),
    };
    emit(&text)?;
    Ok(Outcome::Clean)
}
