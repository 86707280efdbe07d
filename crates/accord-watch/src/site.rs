//! The site: every record file's cached check and event, and the outputs built from them.
//!
//! `accord build` makes a [`Site`] once and writes it; `accord watch` keeps one and, for each
//! batch of changed paths, re-reads only those files, re-checks across records only the files
//! the index says may be affected, moves events in and out of the dataset (whose aggregates
//! follow each move), renders the overview, the files of the years whose events changed, the
//! pages of those events and the browse pages and feeds of their keys (`publish.rs`), and
//! writes only the outputs whose bytes changed, each atomically (`output.rs`); then it checks
//! the folders of those paths against their listings, in case an event was folded away. Nothing
//! in a one-file rebuild is linear in the tree but the overview's bounded tables; laying out a
//! key's browse pages is linear in that key's events.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord_lint::diagnostic::Diagnostic;
use accord_lint::rules::across::Index;
use accord_lint::{FileReport, Linter, Severity, discover};
use accord_schema::Record;
use accord_schema::date::Day;
use accord_summary::browse::Key;
use accord_summary::model::Counted;
use accord_summary::{Dataset, Event, LeftOut, Provenance};
use rayon::prelude::*;

mod output;
mod publish;

/// Why the site could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The linter cannot be set up: unreadable vocabularies, a broken `accord.toml`.
    #[error(transparent)]
    Lint(#[from] accord_lint::LintError),
    /// An output cannot be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Where a file stands in the summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// Not settled yet (just read).
    Unsettled,
    /// Its event is in the dataset.
    Included,
    /// Left out: retracted.
    Retracted,
    /// Left out: it has errors (or does not read as a record).
    Errors,
}

/// One file under `records/`, as last read.
struct Entry {
    /// The per-file stages' report (rules across records and suppressions not yet applied; its
    /// facts moved to the index).
    report: FileReport,
    /// When the report had nothing to show, its text was let go and this is a hash of it
    /// (`accord_lint::release_source`): it is read again only if diagnostics come later.
    released: Option<u64>,
    /// Its diagnostics when last settled: every rule, suppressions and severities applied.
    finished: Vec<Diagnostic>,
    /// The event, when the record could be read as a record.
    event: Option<Arc<Event>>,
    /// Whether it is retracted.
    retracted: bool,
    /// Where it stands.
    status: Status,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    /// The finished reports, with diagnostics, of the files checked again since the last
    /// rebuild (every file's, the first time), sorted by path.
    pub reports: Vec<FileReport>,
    /// Files checked again since the last rebuild that had diagnostics and now have none.
    pub cleared: Vec<PathBuf>,
    /// Events in the summaries.
    pub events: usize,
    /// Records left out.
    pub left_out: LeftOut,
    /// Outputs written (their bytes changed) or removed (their year has no events left),
    /// relative to the output folder.
    pub written: Vec<String>,
    /// Record files checked in all.
    pub files: usize,
    /// Files under `records/` that `[files] ignore` leaves out: neither checked nor published.
    pub ignored: usize,
    /// How long each step took, in order, since the last rebuild (the reading and checking
    /// too): `accord build -v` prints them.
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// The cached state of a dataset and its outputs.
pub struct Site {
    root: PathBuf,
    /// Whether the site is kept for updates (the watcher), or built once (`accord build`): one
    /// build lets go of its cached entries before it writes, and keeps no layout of its year
    /// files.
    watching: bool,
    /// The year files as last written (the watcher's): which version of each file, and where
    /// each event's fragment is in it, so that rewriting a year renders only the events that
    /// changed and borrows the rest from the file.
    year_files: HashMap<String, publish::YearFile>,
    /// The codes, names and labels the events share.
    names: accord_summary::model::Names,
    out: PathBuf,
    as_of: Day,
    today: Day,
    linter: Linter,
    /// `[site]` from the linter's `accord.toml`, as the pages use it.
    info: accord_summary::SiteInfo,
    provenance: HashMap<PathBuf, Provenance>,
    entries: BTreeMap<PathBuf, Entry>,
    /// The facts of every file, for the rules across records.
    index: Index,
    /// The included events and their running aggregates.
    dataset: Dataset,
    /// After a full read, the counts of the events the dataset is expected to hold, taken
    /// while the facts were indexed.
    counted: Option<Counted>,
    /// Files to settle: read again, or sharing an id, a link or a group with one that was.
    unsettled: BTreeSet<PathBuf>,
    /// Files settled since the last rebuild, with whether they had diagnostics before.
    settled: BTreeMap<PathBuf, bool>,
    /// Settle every file (the whole tree was read).
    settle_all: bool,
    /// Report every file at the next rebuild (the whole tree was settled).
    report_all: bool,
    /// Years whose files must be rendered again.
    dirty_years: BTreeSet<i32>,
    /// Events whose pages must be written again (or removed), by id.
    dirty_pages: BTreeSet<String>,
    /// Browse keys whose pages or feed may have changed.
    dirty_keys: BTreeSet<Key>,
    /// The browse pages of each key as last written, oldest first.
    layouts: HashMap<Key, publish::Layout>,
    /// Every year's files must be rendered again, and stale ones removed (the first build, or
    /// after everything was read again).
    all_dirty: bool,
    /// The overview outputs as last written.
    written: HashMap<String, String>,
    /// Folders of paths the updates since the last [`Site::check_folders`] were given.
    unchecked_folders: BTreeSet<PathBuf>,
    /// Files found that `[files] ignore` leaves out (shown paths): never read, never published.
    ignored: BTreeSet<PathBuf>,
    /// One build's reports, cleared files and count of files, gathered when its cached entries
    /// were let go (`Site::once`, after the first read).
    early: Option<(Vec<FileReport>, Vec<PathBuf>, usize)>,
    /// How long each step took since the last rebuild reported them.
    phases: Phases,
}

/// How long each step of reading and writing took, in order (`accord build -v` prints them).
#[derive(Debug)]
pub(crate) struct Phases {
    steps: Vec<(&'static str, std::time::Duration)>,
    since: std::time::Instant,
}

impl Phases {
    fn new() -> Phases {
        Phases {
            steps: Vec::new(),
            since: std::time::Instant::now(),
        }
    }

    /// Notes that a step ended now (it began when the last one ended).
    pub(crate) fn lap(&mut self, what: &'static str) {
        let now = std::time::Instant::now();
        self.steps.push((what, now - self.since));
        self.since = now;
    }

    /// The steps noted so far; the next begins now.
    pub(crate) fn take(&mut self) -> Vec<(&'static str, std::time::Duration)> {
        self.since = std::time::Instant::now();
        std::mem::take(&mut self.steps)
    }
}

impl Site {
    /// Reads every record under `<root>/records` with the repository's vocabularies and
    /// `accord.toml`. Outputs go to `out`. `as_of` judges overdue commitments; `today` is the
    /// linter's today. `provenance` is keyed by path relative to the root.
    pub fn new(
        root: &Path,
        out: &Path,
        as_of: Day,
        today: Day,
        provenance: HashMap<PathBuf, Provenance>,
    ) -> Result<Site, SiteError> {
        Site::make(root, out, as_of, today, provenance, true)
    }

    /// [`Site::new`] for one build and no updates (`accord build`): the cached entries and the
    /// facts' index go before the dataset is built, and no layout of the year files is kept,
    /// which keeps the memory of a large tree down; the outputs are the same bytes.
    pub fn once(
        root: &Path,
        out: &Path,
        as_of: Day,
        today: Day,
        provenance: HashMap<PathBuf, Provenance>,
    ) -> Result<Site, SiteError> {
        Site::make(root, out, as_of, today, provenance, false)
    }

    fn make(
        root: &Path,
        out: &Path,
        as_of: Day,
        today: Day,
        provenance: HashMap<PathBuf, Provenance>,
        watching: bool,
    ) -> Result<Site, SiteError> {
        let mut site = Site {
            watching,
            year_files: HashMap::new(),
            names: Default::default(),
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            as_of,
            today,
            linter: Linter::load(root, today)?,
            info: accord_summary::SiteInfo::default(),
            provenance,
            entries: BTreeMap::new(),
            index: Index::default(),
            dataset: Dataset::new(as_of),
            counted: None,
            unsettled: BTreeSet::new(),
            settled: BTreeMap::new(),
            settle_all: false,
            report_all: false,
            dirty_years: BTreeSet::new(),
            dirty_pages: BTreeSet::new(),
            dirty_keys: BTreeSet::new(),
            layouts: HashMap::new(),
            all_dirty: true,
            written: HashMap::new(),
            unchecked_folders: BTreeSet::new(),
            ignored: BTreeSet::new(),
            early: None,
            phases: Phases::new(),
        };
        site.info = site_info(&site.linter);
        site.scan_all();
        Ok(site)
    }

    /// The repository root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Reads the vocabularies and `accord.toml` again, then every record.
    pub fn reload(&mut self) -> Result<(), SiteError> {
        self.linter = Linter::load(&self.root, self.today)?;
        self.info = site_info(&self.linter);
        self.scan_all();
        Ok(())
    }

    /// Takes new provenance (after a commit, say) and reads again the records whose provenance
    /// changed, so that their events, pages and feed entries carry it: a commit that touched
    /// three records costs three re-reads, not a new build.
    pub fn set_provenance(
        &mut self,
        provenance: HashMap<PathBuf, Provenance>,
    ) -> Result<(), SiteError> {
        let mut changed: Vec<PathBuf> = provenance
            .iter()
            .filter(|(path, p)| self.provenance.get(*path) != Some(*p))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            self.provenance
                .keys()
                .filter(|path| !provenance.contains_key(*path))
                .cloned(),
        );
        self.provenance = provenance;
        if changed.is_empty() {
            return Ok(());
        }
        self.update(&changed)
    }

    /// Forgets every record and reads `records/` again.
    pub fn scan_all(&mut self) {
        let had_diagnostics: Vec<PathBuf> = self
            .entries
            .iter()
            .filter(|(_, e)| !e.finished.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        self.entries.clear();
        self.index = Index::default();
        // (What the forgotten events shared is let go with them.)
        self.names = Default::default();
        self.dataset = Dataset::new(self.as_of);
        self.counted = None;
        self.dirty_pages.clear();
        self.dirty_keys.clear();
        self.unsettled.clear();
        self.unchecked_folders.clear();
        self.ignored.clear();
        self.settled.clear();
        for path in had_diagnostics {
            self.settled.insert(path, true);
        }
        self.all_dirty = true;
        let dir = self.root.join("records");
        if dir.is_dir() {
            let found = discover::records(&self.root, &dir);
            self.phases.lap("records listed");
            self.add(found);
        }
        self.settle();
    }

    /// Reads files (in parallel) and caches them, replacing what was cached at their paths.
    fn add(&mut self, mut found: discover::Found) {
        // What the settings ignore is neither read nor published, here as in `accord lint`.
        let config = self.linter.config();
        let shown = |p: &Path| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf();
        let mut ignored = Vec::new();
        found.records.retain(|p| {
            let keep = !config.is_ignored(&shown(p));
            if !keep {
                ignored.push(shown(p));
            }
            keep
        });
        found.problems.retain(|r| {
            let keep = !config.is_ignored(&r.path);
            if !keep {
                ignored.push(r.path.clone());
            }
            keep
        });
        self.ignored.extend(ignored);
        let root = &self.root;
        let linter = &self.linter;
        let provenance = &self.provenance;
        let names = &self.names;
        let as_of = self.as_of;
        // Each folder opened once (through accord-fs: no link followed), each file by its name.
        let folders = accord_lint::folders::Folders::of(
            &accord_fs::Root::unchecked(root),
            found.records.iter().map(PathBuf::as_path),
        );
        let read: Vec<(PathBuf, Entry)> = found
            .records
            .par_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let (mut report, value) = linter.check_in_folders(&folders, path, shown.clone());
                // Of records sharing an id, the one added to git first keeps it.
                if let Some(facts) = report.facts.as_mut() {
                    facts.seniority = seniority(provenance.get(&shown));
                }
                (
                    shown,
                    entry(report, value, linter, as_of, provenance, names),
                )
            })
            .collect();
        self.phases.lap("records read and checked");
        let problems = found.problems.into_iter().map(|problem| {
            (
                problem.path.clone(),
                Entry {
                    report: problem,
                    released: None,
                    finished: Vec::new(),
                    event: None,
                    retracted: false,
                    status: Status::Unsettled,
                },
            )
        });
        if self.entries.is_empty() {
            // The whole tree at once: index it in one go and settle every file. The index
            // keeps the facts; the entries do not need them again. Indexing is one core's
            // work: the other counts the events the dataset is expected to hold (every one
            // not retracted; should the rules leave any out, they are counted again).
            let expected: Vec<Arc<Event>> = read
                .iter()
                .filter(|(_, e)| !e.retracted)
                .filter_map(|(_, e)| e.event.clone())
                .collect();
            let ((entries, index), counted) = rayon::join(
                || {
                    let mut entries: BTreeMap<PathBuf, Entry> =
                        read.into_iter().chain(problems).collect();
                    let index = Index::of(
                        entries
                            .iter_mut()
                            .filter_map(|(p, e)| Some((p, *e.report.facts.take()?))),
                    );
                    (entries, index)
                },
                || Counted::of(expected),
            );
            self.entries = entries;
            self.index = index;
            self.counted = Some(counted);
            self.settle_all = true;
            self.phases.lap("facts indexed");
            return;
        }
        for (shown, mut entry) in read.into_iter().chain(problems) {
            self.forget(&shown);
            match entry.report.facts.take() {
                Some(facts) => {
                    let affected = self.index.insert(&shown, *facts);
                    self.unsettled.extend(affected);
                }
                None => {
                    self.unsettled.insert(shown.clone());
                }
            }
            self.entries.insert(shown, entry);
        }
    }

    /// Forgets one cached file: its facts, its event, its place in the counts.
    fn forget(&mut self, shown: &Path) {
        let Some(old) = self.entries.remove(shown) else {
            return;
        };
        let affected = self.index.remove(shown);
        self.unsettled.extend(affected);
        self.settled
            .entry(shown.to_path_buf())
            .or_insert(!old.finished.is_empty());
        let books = &mut Books {
            dataset: &mut self.dataset,
            dirty_years: &mut self.dirty_years,
            dirty_keys: &mut self.dirty_keys,
            dirty_pages: &mut self.dirty_pages,
        };
        books.count(old.status, false);
        if let Some(event) = &old.event {
            match old.status {
                Status::Included => books.take_out(event),
                Status::Retracted => books.forget_retracted(event),
                _ => {}
            }
        }
    }

    /// Finishes the unsettled files: the rules across records from the index, suppressions and
    /// severities; then puts each one's event in or out of the dataset.
    fn settle(&mut self) {
        let linter = &self.linter;
        let index = &self.index;
        let finish = |path: &Path, entry: &Entry| linter.finished(&entry.report, index.check(path));
        if std::mem::take(&mut self.settle_all) {
            // Every file, in the order of the map: no lookups.
            self.unsettled.clear();
            let finished: Vec<Vec<Diagnostic>> = self
                .entries
                .par_iter()
                .map(|(path, entry)| finish(path, entry))
                .collect();
            // Every event goes in at once. The dataset holds nothing now: every file was read
            // anew (by `scan_all`, or because a folder holding them all changed, when each was
            // forgotten first), so it is built whole, and every output is looked at again.
            let (mut included, mut retracted) = (Vec::new(), Vec::new());
            let mut left_out = accord_summary::LeftOut::default();
            for (entry, diagnostics) in self.entries.values_mut().zip(finished) {
                entry.status = status_of(entry, &diagnostics);
                entry.finished = diagnostics;
                match (entry.status, &entry.event) {
                    (Status::Included, Some(event)) => included.push(Arc::clone(event)),
                    (Status::Retracted, Some(event)) => {
                        retracted.push(Arc::clone(event));
                        left_out.retracted += 1;
                    }
                    _ => left_out.with_errors += 1,
                }
            }
            self.report_all = true;
            self.phases.lap("rules across records");
            if !self.watching {
                // One build is never updated: what it reports is gathered now, and the cached
                // entries and the facts' index, kept only for updates, go before the dataset
                // is built, which keeps the peak of memory down.
                let (reports, cleared) = self.reports();
                let files = self.entries.len();
                // Freed on a thread of their own while the dataset is built (about a tenth of
                // a second on one core at 100,000 files).
                drop_aside((
                    std::mem::take(&mut self.entries),
                    std::mem::take(&mut self.index),
                ));
                self.early = Some((reports, cleared, files));
            }
            self.dataset = Dataset::with_counts(
                self.as_of,
                included,
                retracted,
                left_out,
                self.counted.take(),
            );
            self.all_dirty = true;
            self.phases.lap("dataset built");
            return;
        }
        let paths: Vec<PathBuf> = std::mem::take(&mut self.unsettled)
            .into_iter()
            .filter(|p| self.entries.contains_key(p))
            .collect();
        let entries = &self.entries;
        let finished: Vec<Vec<Diagnostic>> = paths
            .par_iter()
            .map(|path| finish(path, &entries[path]))
            .collect();
        let books = &mut Books {
            dataset: &mut self.dataset,
            dirty_years: &mut self.dirty_years,
            dirty_keys: &mut self.dirty_keys,
            dirty_pages: &mut self.dirty_pages,
        };
        for (path, diagnostics) in paths.into_iter().zip(finished) {
            if let Some(entry) = self.entries.get_mut(&path) {
                let had = books.settle(entry, diagnostics);
                self.settled.entry(path).or_insert(had);
            }
        }
    }

    /// Takes note of changed paths (absolute, or relative to the root): files are re-read,
    /// folders re-walked, vanished paths forgotten. A change to the vocabularies or to
    /// `accord.toml` reloads everything. Paths outside `records/` are ignored. The paths are
    /// trusted; [`Site::check_folders`] later compares their folders with their listings.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<(), SiteError> {
        let vocab = self.root.join("schema").join("vocabularies");
        let config = self.root.join(accord_lint::config::FILE_NAME);
        let records = self.root.join("records");
        let absolute: Vec<PathBuf> = paths
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    self.root.join(p)
                }
            })
            .collect();
        if absolute
            .iter()
            .any(|p| p.starts_with(&vocab) || *p == config)
        {
            return self.reload();
        }
        if absolute
            .iter()
            .any(|p| *p == records || records.starts_with(p))
        {
            self.scan_all();
            return Ok(());
        }
        let mut touched: Vec<PathBuf> = absolute
            .into_iter()
            .filter(|p| p.starts_with(&records) && !p.starts_with(&self.out))
            .collect();
        touched.sort();
        touched.dedup();
        for path in touched {
            // Forget the path and whatever was under it, then look at what is there now (a
            // file, a folder walked in full, or nothing).
            self.forget_under(&path);
            let found = discover::path(&self.root, &path);
            self.add(found);
            if !path.is_dir()
                && let Some(parent) = path.parent().filter(|p| p.starts_with(&records))
            {
                self.unchecked_folders.insert(parent.to_path_buf());
            }
        }
        self.settle();
        Ok(())
    }

    /// Makes the cached files of the folders the last updates touched match their listings,
    /// and returns whether that changed anything (then the outputs need a rebuild).
    ///
    /// Events can be coalesced or lost: the debouncer can fold a rename's source into a later
    /// event for its target, say, and the source is then never reported. A folder's listing is
    /// the truth, but listing a folder of thousands of records takes milliseconds, so
    /// [`update`](Self::update) trusts the paths it is given and leaves the listing to this
    /// step, which the watcher runs after the outputs for the paths themselves are written.
    pub fn check_folders(&mut self) -> bool {
        let folders = std::mem::take(&mut self.unchecked_folders);
        let mut changed = false;
        for folder in folders {
            changed |= self.reconcile(&folder);
        }
        if changed {
            self.settle();
        }
        changed
    }

    /// Forgets the cached entries at `path` and under it; returns whether there were any.
    fn forget_under(&mut self, path: &Path) -> bool {
        let shown = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
        let stale: Vec<PathBuf> = self
            .entries
            .range(shown.clone()..)
            .take_while(|(k, _)| k.starts_with(&shown))
            .map(|(k, _)| k.clone())
            .collect();
        let ignored: Vec<PathBuf> = self
            .ignored
            .range(shown.clone()..)
            .take_while(|k| k.starts_with(&shown))
            .cloned()
            .collect();
        let any = !stale.is_empty() || !ignored.is_empty();
        for k in stale {
            self.forget(&k);
        }
        for k in ignored {
            self.ignored.remove(&k);
        }
        any
    }

    /// Makes the cached files directly in `dir` match its listing: forgets those that are gone,
    /// reads those not cached yet, and returns whether there were any. A folder that no longer
    /// exists loses everything cached under it. Both sides are sorted by name and merged, so a
    /// folder of thousands of records costs a listing, not thousands of lookups.
    fn reconcile(&mut self, dir: &Path) -> bool {
        let Ok(listing) = std::fs::read_dir(dir) else {
            return self.forget_under(dir);
        };
        // Files only: a folder is walked when its own event arrives.
        let mut present: Vec<std::ffi::OsString> = listing
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
            .map(|e| e.file_name())
            .collect();
        present.sort_unstable();
        let shown_dir = dir.strip_prefix(&self.root).unwrap_or(dir).to_path_buf();
        // The cached files directly in the folder, by name. Keys under the folder are
        // contiguous in the map; comparing bytes spares a component parse per key.
        let mut prefix = shown_dir.as_os_str().as_encoded_bytes().to_vec();
        prefix.push(std::path::MAIN_SEPARATOR as u8);
        let cached: Vec<(&[u8], &PathBuf)> = self
            .entries
            .range(shown_dir.clone()..)
            .map(|(k, _)| (k.as_os_str().as_encoded_bytes(), k))
            .skip_while(|(k, _)| k.len() < prefix.len())
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, key)| (&k[prefix.len()..], key))
            .filter(|(name, _)| !name.contains(&(std::path::MAIN_SEPARATOR as u8)))
            .collect();
        let (mut gone, mut new) = (Vec::new(), Vec::new());
        let (mut a, mut b) = (cached.iter().peekable(), present.iter().peekable());
        loop {
            let listed = b.peek().map(|p| p.as_encoded_bytes());
            match (a.peek(), listed) {
                (Some((c, _)), Some(p)) if *c == p => {
                    a.next();
                    b.next();
                }
                (Some((c, key)), Some(p)) if *c < p => {
                    gone.push(PathBuf::clone(key));
                    a.next();
                }
                (_, Some(_)) => {
                    new.extend(b.next().map(|p| dir.join(p)));
                }
                (Some((_, key)), None) => {
                    gone.push(PathBuf::clone(key));
                    a.next();
                }
                (None, None) => break,
            }
        }
        // Ignored files are known by the ignored set, not the entries: one still listed is not
        // new; one no longer listed is forgotten.
        let config = self.linter.config();
        let root = &self.root;
        new.retain(|p| !config.is_ignored(p.strip_prefix(root).unwrap_or(p)));
        let listed: BTreeSet<PathBuf> = present.iter().map(|name| shown_dir.join(name)).collect();
        let stale_ignored: Vec<PathBuf> = self
            .ignored
            .iter()
            .filter(|k| k.parent() == Some(shown_dir.as_path()) && !listed.contains(*k))
            .cloned()
            .collect();
        let changed = !gone.is_empty() || !new.is_empty() || !stale_ignored.is_empty();
        for k in stale_ignored {
            self.ignored.remove(&k);
        }
        for k in gone {
            self.forget(&k);
        }
        for p in new {
            let found = discover::path(&self.root, &p);
            self.add(found);
        }
        changed
    }
}

/// The `[site]` settings of a linter's `accord.toml`, as the pages use them.
fn site_info(linter: &Linter) -> accord_summary::SiteInfo {
    let settings = linter.config().site();
    accord_summary::SiteInfo::new(
        settings.title.as_deref(),
        settings.base_url.as_deref(),
        settings.repository_url.as_deref(),
    )
}

/// The dataset and what depends on which events are in it.
struct Books<'a> {
    dataset: &'a mut Dataset,
    dirty_years: &'a mut BTreeSet<i32>,
    dirty_pages: &'a mut BTreeSet<String>,
    dirty_keys: &'a mut BTreeSet<Key>,
}

impl Books<'_> {
    /// Gives a file its finished diagnostics and moves its event in or out of the dataset as
    /// its status says. Returns whether it had diagnostics before.
    fn settle(&mut self, entry: &mut Entry, diagnostics: Vec<Diagnostic>) -> bool {
        let had = !entry.finished.is_empty();
        let status = status_of(entry, &diagnostics);
        entry.finished = diagnostics;
        let old = std::mem::replace(&mut entry.status, status);
        if old == status {
            return had;
        }
        self.count(old, false);
        self.count(status, true);
        if let Some(event) = &entry.event {
            if old == Status::Included {
                self.take_out(event);
            }
            if old == Status::Retracted {
                self.forget_retracted(event);
            }
            if status == Status::Included {
                self.touch(event);
                if let Some(replaced) = self.dataset.insert(Arc::clone(event)) {
                    self.touch(&replaced);
                }
            }
            if status == Status::Retracted {
                self.touch(event);
                if let Some(replaced) = self.dataset.retract(Arc::clone(event)) {
                    self.touch(&replaced);
                }
            }
        }
        had
    }

    /// Marks what an event moving in or out changes: its year's files, its page, its keys'
    /// browse pages and feeds.
    fn touch(&mut self, event: &Event) {
        self.dirty_years.insert(event.first_day.year);
        self.dirty_pages.insert(event.id().to_owned());
        self.dirty_keys
            .extend(accord_summary::browse::keys_of(event));
    }

    /// Forgets a retracted event, if it is the one kept under its id.
    fn forget_retracted(&mut self, event: &Arc<Event>) {
        if self
            .dataset
            .retracted(event.id())
            .is_some_and(|e| Arc::ptr_eq(e, event))
        {
            self.dataset.unretract(event.id());
            self.touch(event);
        }
    }

    /// Takes an event out of the dataset, if it is the one there under its id.
    fn take_out(&mut self, event: &Arc<Event>) {
        if self
            .dataset
            .get(event.id())
            .is_some_and(|e| Arc::ptr_eq(e, event))
        {
            self.dataset.remove(event.id());
            self.touch(event);
        }
    }

    /// Counts a file in or out of the records left out.
    fn count(&mut self, status: Status, add: bool) {
        let counter = match status {
            Status::Retracted => &mut self.dataset.left_out.retracted,
            Status::Errors => &mut self.dataset.left_out.with_errors,
            Status::Included | Status::Unsettled => return,
        };
        if add {
            *counter += 1;
        } else {
            *counter = counter.saturating_sub(1);
        }
    }
}

/// Where a file with these finished diagnostics stands: left out when it has errors or does not
/// read as a record, else retracted or included.
fn status_of(entry: &Entry, diagnostics: &[Diagnostic]) -> Status {
    if entry.event.is_none() || diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Status::Errors
    } else if entry.retracted {
        Status::Retracted
    } else {
        Status::Included
    }
}

/// A file's report with its finished diagnostics (what rendering needs: the path, the text and
/// the diagnostics). A text let go is read again from under `root`.
fn finished_report(root: &Path, entry: &Entry) -> FileReport {
    let mut report = FileReport {
        path: entry.report.path.clone(),
        source: Arc::clone(&entry.report.source),
        diagnostics: entry.finished.clone(),
        facts: None,
        suppressions: Vec::new(),
    };
    if let Some(hash) = entry.released
        && !report.diagnostics.is_empty()
    {
        let path = root.join(&report.path);
        accord_lint::restore_source(&mut report, &accord_fs::Root::unchecked(root), &path, hash);
    }
    report
}

/// How long a record has been in the dataset, for [`accord_lint::RecordFacts::seniority`]: the
/// time (seconds since 1970) of the commit that added it, or the newest possible for a record
/// git does not know yet.
fn seniority(provenance: Option<&Provenance>) -> u64 {
    let Some(date) = provenance
        .and_then(|p| p.added.as_ref())
        .map(|c| c.date.as_str())
    else {
        return u64::MAX;
    };
    // `YYYY-MM-DDTHH:MM:SSZ`
    let day = date.get(..10).and_then(Day::parse);
    let clock: Option<Vec<u64>> = date
        .get(11..19)
        .map(|t| t.split(':').filter_map(|n| n.parse().ok()).collect());
    match (day, clock) {
        (Some(day), Some(clock)) if clock.len() == 3 => {
            let days = u64::try_from(day.to_days()).unwrap_or(0);
            days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]
        }
        _ => u64::MAX,
    }
}

/// Turns one file's check into an entry, deriving its event when it reads as a record.
fn entry(
    mut report: FileReport,
    value: Option<serde_json::Value>,
    linter: &Linter,
    as_of: Day,
    provenance: &HashMap<PathBuf, Provenance>,
    names: &accord_summary::model::Names,
) -> Entry {
    let record: Option<Record> = value.and_then(|v| serde_json::from_value(v).ok());
    let retracted = record.as_ref().is_some_and(|r| r.retracted.is_some());
    let event = record.and_then(|record| {
        let path = report.path.to_string_lossy().replace('\\', "/");
        accord_summary::model::event_sharing(
            path,
            record,
            linter.vocabularies(),
            as_of,
            provenance.get(&report.path).cloned(),
            names,
        )
        .map(Arc::new)
    });
    let released = accord_lint::release_source(&mut report);
    Entry {
        report,
        released,
        finished: Vec::new(),
        event,
        retracted,
        status: Status::Unsettled,
    }
}

/// Drops `value` on a thread of its own, so that the caller goes on meanwhile.
fn drop_aside<T: Send + 'static>(value: T) {
    // When no thread can be started, the closure, and the value in it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("accord-free".into())
        .spawn(move || drop(value));
}
