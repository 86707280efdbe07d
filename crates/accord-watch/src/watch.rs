//! The watch loop: file-system events (notify, debounced; or polling), drained in batches, each
//! batch one incremental rebuild of the [`Site`].
//!
//! The root is watched without recursion (so that `records/`, `schema/` and `accord.toml`
//! appearing, disappearing or being replaced are seen), `records/` recursively, and
//! `schema/vocabularies/`. When `records/` is deleted and created again it is watched again.
//! Editors that save by writing a new file and renaming it over the old one produce create
//! events, which are handled like any change: the path is read again. After the outputs for a
//! batch are written, the folders of its paths are checked against their listings
//! ([`Site::check_folders`]), in case the debouncer folded away a path, and rebuilt again if
//! that finds anything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{self, RecursiveMode, Watcher};
use notify_debouncer_full::{DebounceEventResult, Debouncer, FileIdCache, new_debouncer_opt};

use accord_summary::Provenance;

use crate::site::{Rebuild, Site, SiteError};

/// How often the watcher asks whether HEAD moved.
const HEAD_EVERY: Duration = Duration::from_millis(500);

/// Where the records' provenance comes from (git), so that the watcher can follow commits.
pub trait ProvenanceSource: std::fmt::Debug + Send + Sync {
    /// What HEAD points at now (`None`: no commit, or no repository). Asked about twice a
    /// second: it must be cheap.
    fn head(&self) -> Option<String>;
    /// The provenance of every record at HEAD, keyed by path relative to the root.
    fn provenance(&self) -> HashMap<PathBuf, Provenance>;
}

/// How to watch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Poll the file system instead of using its change events.
    pub poll: bool,
    /// Where provenance comes from: when HEAD moves (a commit, a checkout), the records whose
    /// provenance changed are read again, so that the outputs stay equal to a fresh build's.
    pub provenance: Option<Arc<dyn ProvenanceSource>>,
    /// How long to wait for more events before rebuilding.
    pub debounce: Duration,
    /// How often to poll, with `poll`.
    pub poll_interval: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            poll: false,
            provenance: None,
            debounce: Duration::from_millis(10),
            poll_interval: Duration::from_millis(250),
        }
    }
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The watcher could not be created or could not watch the root.
    #[error("cannot watch {path}: {source}")]
    Watch {
        /// What was to be watched.
        path: String,
        /// Why not.
        source: notify::Error,
    },
}

/// Watches the site's repository until `stop` is set, calling `report` after every rebuild
/// (successful or not) with the time it took from the batch of events to the outputs written.
/// The site must already have been built once.
pub fn run(
    site: &mut Site,
    options: &Options,
    stop: &AtomicBool,
    report: impl FnMut(&Site, Result<Rebuild, SiteError>, Duration),
) -> Result<(), WatchError> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let tick = Some(options.debounce / 2);
    let error = |path: &Path, source| WatchError::Watch {
        path: path.display().to_string(),
        source,
    };
    if options.poll {
        let config = notify::Config::default()
            .with_poll_interval(options.poll_interval)
            .with_compare_contents(true);
        let debouncer = new_debouncer_opt::<_, notify::PollWatcher, _>(
            options.debounce,
            tick,
            tx,
            notify_debouncer_full::NoCache,
            config,
        )
        .map_err(|e| error(site.root(), e))?;
        run_with(
            debouncer,
            site,
            &rx,
            stop,
            options.provenance.as_deref(),
            report,
        )
    } else {
        let debouncer = new_debouncer_opt::<_, notify::RecommendedWatcher, _>(
            options.debounce,
            tick,
            tx,
            notify_debouncer_full::RecommendedCache::new(),
            notify::Config::default(),
        )
        .map_err(|e| error(site.root(), e))?;
        run_with(
            debouncer,
            site,
            &rx,
            stop,
            options.provenance.as_deref(),
            report,
        )
    }
}

/// Watches the folders that matter; a folder that does not exist yet is picked up when the root
/// sees it created.
fn watch_paths<T: Watcher, C: FileIdCache>(
    debouncer: &mut Debouncer<T, C>,
    root: &Path,
) -> Result<(), WatchError> {
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|source| WatchError::Watch {
            path: root.display().to_string(),
            source,
        })?;
    rewatch(debouncer, root);
    Ok(())
}

/// (Re)watches `records/` and the vocabularies when they exist.
fn rewatch<T: Watcher, C: FileIdCache>(debouncer: &mut Debouncer<T, C>, root: &Path) {
    let records = root.join("records");
    if records.is_dir() {
        let _ = debouncer.unwatch(&records);
        let _ = debouncer.watch(&records, RecursiveMode::Recursive);
    }
    let schema = root.join("schema");
    if schema.is_dir() {
        let _ = debouncer.unwatch(&schema);
        let _ = debouncer.watch(&schema, RecursiveMode::Recursive);
    }
}

fn run_with<T: Watcher, C: FileIdCache>(
    mut debouncer: Debouncer<T, C>,
    site: &mut Site,
    rx: &mpsc::Receiver<DebounceEventResult>,
    stop: &AtomicBool,
    provenance: Option<&dyn ProvenanceSource>,
    mut report: impl FnMut(&Site, Result<Rebuild, SiteError>, Duration),
) -> Result<(), WatchError> {
    let root = site.root().to_path_buf();
    let out = site.out().to_path_buf();
    watch_paths(&mut debouncer, &root)?;
    let mut head = provenance.and_then(|p| p.head());
    let mut head_asked = std::time::Instant::now();
    while !stop.load(Ordering::Relaxed) {
        if let Some(source) = provenance.filter(|_| head_asked.elapsed() >= HEAD_EVERY) {
            head_asked = std::time::Instant::now();
            let now = source.head();
            if now != head {
                head = now;
                let started = std::time::Instant::now();
                let result = site
                    .set_provenance(source.provenance())
                    .and_then(|()| site.rebuild());
                report(site, result, started.elapsed());
            }
        }
        let first = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // Drain what else has arrived: one rebuild per batch.
        let mut batches = vec![first];
        while let Ok(more) = rx.try_recv() {
            batches.push(more);
        }
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut rescan = false;
        for batch in batches {
            match batch {
                Ok(events) => {
                    for event in events {
                        rescan |= event.need_rescan();
                        // Reading a file (ours included) is not a change; closing one after
                        // writing is.
                        if matches!(
                            event.kind,
                            notify::EventKind::Access(kind)
                                if kind != notify::event::AccessKind::Close(notify::event::AccessMode::Write)
                        ) {
                            continue;
                        }
                        paths.extend(event.paths.iter().cloned());
                    }
                }
                Err(_) => rescan = true,
            }
        }
        let relevant = |p: &PathBuf| {
            !p.starts_with(&out)
                && (p.starts_with(root.join("records"))
                    || p.starts_with(root.join("schema"))
                    || *p == root.join(accord_lint::config::FILE_NAME))
        };
        paths.retain(relevant);
        if paths.is_empty() && !rescan {
            continue;
        }
        // `records/` or `schema/` itself came or went: watch it again.
        if paths
            .iter()
            .any(|p| *p == root.join("records") || *p == root.join("schema"))
        {
            rewatch(&mut debouncer, &root);
            rescan = true;
        }
        let started = std::time::Instant::now();
        let result = if rescan {
            site.reload().and_then(|()| site.rebuild())
        } else {
            site.update(&paths).and_then(|()| site.rebuild())
        };
        report(site, result, started.elapsed());
        // The outputs for the changed paths are out; now make sure no coalesced event left a
        // stale file in their folders, and rebuild again if one did.
        let started = std::time::Instant::now();
        if site.check_folders() {
            let result = site.rebuild();
            report(site, result, started.elapsed());
        }
    }
    debouncer.stop();
    Ok(())
}
