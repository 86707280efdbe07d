//! `accord build` and `accord watch`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use accord_schema::date::Day;
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

/// The repository around the root, as the watcher's source of provenance.
#[derive(Debug)]
struct Git(PathBuf);

impl accord_watch::watch::ProvenanceSource for Git {
    fn head(&self) -> Option<String> {
        accord_git::Repo::open(&self.0).ok()?.head_id()
    }

    fn provenance(&self) -> HashMap<PathBuf, Provenance> {
        provenance(&self.0)
    }
}

fn as_of(args: &BuildArgs, today: Day) -> Result<Day, Fatal> {
    match &args.as_of {
        None => Ok(today),
        Some(text) => Day::parse(text).ok_or_else(|| {
            Fatal(format!(
                "--as-of `{text}` is not a date of the form YYYY-MM-DD"
            ))
        }),
    }
}

/// The site of the root: for one build (`once`, which keeps less of each event), or for
/// watching.
pub(crate) fn site(
    root: &Path,
    args: &BuildArgs,
    provenance: HashMap<PathBuf, Provenance>,
    once: bool,
) -> Result<Site, Fatal> {
    let today = crate::lint::today()?;
    let as_of = as_of(args, today)?;
    let out = args.out.clone().unwrap_or_else(|| root.join("site"));
    let make = if once { Site::once } else { Site::new };
    Ok(make(root, &out, as_of, today, provenance)?)
}

/// One line about a rebuild.
pub(crate) fn status(site: &Site, r: &Rebuild) -> String {
    format!(
        "{}: {} events from {} files ({} retracted and {} with errors left out{}); {}",
        site.out().display(),
        r.events,
        r.files,
        r.left_out.retracted,
        r.left_out.with_errors,
        match r.ignored {
            0 => String::new(),
            n => format!("; {n} ignored by accord.toml"),
        },
        match r.written.len() {
            0 => "nothing changed".to_owned(),
            1..=6 => format!("wrote {}", r.written.join(", ")),
            n => format!("wrote {n} files ({}, ...)", r.written[..4].join(", ")),
        }
    )
}

pub(crate) fn run(root: &Path, args: &BuildArgs, global: &Global) -> Result<Outcome, Fatal> {
    let started = std::time::Instant::now();
    let provenance = provenance(root);
    let took = started.elapsed();
    let mut site = site(root, args, provenance, true)?;
    let rebuild = site.rebuild()?;
    if global.verbose {
        eprintln!("accord: history read (who added and changed each record) in {took:.2?}");
        for (what, took) in &rebuild.phases {
            eprintln!("accord: {what} in {took:.2?}");
        }
    }
    if !global.quiet {
        eprintln!("{}", status(&site, &rebuild));
        if rebuild.left_out.with_errors > 0 {
            eprintln!("run `accord lint` to see the errors");
        }
    }
    // The process ends here: leave the cache of a large tree to the operating system rather
    // than free it piece by piece (half a second at 100,000 records).
    std::mem::forget(site);
    Ok(Outcome::Clean)
}

/// Prints a rebuild's status line and its diagnostics.
fn show(
    site: &Site,
    result: Result<Rebuild, accord_watch::SiteError>,
    took: Option<std::time::Duration>,
    global: &Global,
) -> bool {
    match result {
        Ok(rebuild) => {
            let options = crate::lint::human_options(&std::io::stderr());
            if !rebuild.reports.is_empty() {
                eprint!(
                    "{}",
                    crate::verbatim(&accord_lint::render::human(&rebuild.reports, &options))
                );
            }
            for path in &rebuild.cleared {
                eprintln!(
                    "{}: no problems left",
                    accord_lint::render::escape::terminal(&path.to_string_lossy())
                );
            }
            if !global.quiet || !rebuild.written.is_empty() {
                let took = took.map(|t| format!(" in {:.0?}", t)).unwrap_or_default();
                eprintln!("[{}] {}{took}", clock(), status(site, &rebuild));
            }
            !rebuild.written.is_empty()
        }
        Err(e) => {
            eprintln!(
                "[{}] rebuild failed, keeping the last outputs: {}",
                clock(),
                accord_lint::render::escape::terminal(&e.to_string())
            );
            false
        }
    }
}

/// The time of day (UTC) for status lines.
fn clock() -> String {
    let s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

pub(crate) fn watch(root: &Path, args: &WatchArgs, global: &Global) -> Result<Outcome, Fatal> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut site = site(&root, &args.build, provenance(&root), false)?;
    let version = std::sync::Arc::new(accord_watch::serve::Version::default());
    let first = site.rebuild();
    show(&site, first, None, global);
    if let Some(addr) = &args.serve {
        let bound = accord_watch::serve::start(
            addr,
            site.out().to_path_buf(),
            std::sync::Arc::clone(&version),
            args.allow_remote,
        )
        .map_err(|e| Fatal(format!("--serve {addr}: {e}")))?;
        eprintln!("serving the dashboard at http://{bound}/");
        if !bound.ip().is_loopback() {
            eprintln!(
                "warning: {bound} can be reached from other machines; the preview and its data are open to them"
            );
        }
    }
    eprintln!(
        "watching {} for changes{} (Ctrl-C to stop)",
        root.join("records").display(),
        if args.poll { ", polling" } else { "" }
    );
    let options = accord_watch::watch::Options {
        poll: args.poll,
        provenance: Some(std::sync::Arc::new(Git(root.clone()))),
        ..accord_watch::watch::Options::default()
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    accord_watch::watch::run(&mut site, &options, &stop, |site, result, took| {
        if show(site, result, Some(took), global) {
            version.bump();
        }
    })?;
    Ok(Outcome::Clean)
}
