//! `accord build` and `accord watch`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use accord_schema::date::{Day, PartialDate};
use accord_summary::{Commit, Provenance};
use accord_watch::{Rebuild, Site};

use crate::{BuildArgs, Fatal, Global, Outcome, WatchArgs};

/// Who added and last changed each record, when the root is inside a git repository.
pub(crate) fn provenance(root: &Path) -> HashMap<PathBuf, Provenance> {
    let convert = |c: accord_git::CommitInfo| Commit {
        id: c.id,
        author: c.author,
        date: c.date,
    };
    accord_git::Repo::open(root)
        .and_then(|repo| repo.provenance())
        .map(|all| {
            all.into_iter()
                .map(|(path, p)| {
                    (
                        path,
                        Provenance {
                            added: p.added.map(convert),
                            last_changed: p.last_changed.map(convert),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn as_of(args: &BuildArgs, today: Day) -> Result<Day, Fatal> {
    match &args.as_of {
        None => Ok(today),
        Some(text) => match PartialDate::parse(text) {
            Ok(d) if d.day.is_some() => Ok(d.first_day()),
            _ => Err(Fatal(format!(
                "--as-of `{text}` is not a date of the form YYYY-MM-DD"
            ))),
        },
    }
}

pub(crate) fn site(root: &Path, args: &BuildArgs) -> Result<Site, Fatal> {
    let today = crate::lint::today()?;
    let as_of = as_of(args, today)?;
    let out = args.out.clone().unwrap_or_else(|| root.join("site"));
    Ok(Site::new(root, &out, as_of, today, provenance(root))?)
}

/// One line about a rebuild.
pub(crate) fn status(site: &Site, r: &Rebuild) -> String {
    format!(
        "{}: {} events from {} files ({} retracted and {} with errors left out); {}",
        site.out().display(),
        r.events,
        r.files,
        r.left_out.retracted,
        r.left_out.with_errors,
        if r.written.is_empty() {
            "nothing changed".to_owned()
        } else {
            format!("wrote {}", r.written.join(", "))
        }
    )
}

pub(crate) fn run(root: &Path, args: &BuildArgs, global: &Global) -> Result<Outcome, Fatal> {
    let mut site = site(root, args)?;
    let rebuild = site.rebuild()?;
    if !global.quiet {
        eprintln!("{}", status(&site, &rebuild));
        if rebuild.left_out.with_errors > 0 {
            eprintln!("run `accord lint` to see the errors");
        }
    }
    Ok(Outcome::Clean)
}

pub(crate) fn watch(root: &Path, args: &WatchArgs, global: &Global) -> Result<Outcome, Fatal> {
    let _ = (root, args, global);
    Err(Fatal("accord watch is not available yet".to_owned()))
}
