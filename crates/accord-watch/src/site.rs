//! The site: every record file's cached check and event, and the outputs built from them.
//!
//! `accord build` makes a [`Site`] once and writes it; `accord watch` keeps one and, for each
//! batch of changed paths, re-reads only those files, re-checks across records only the files
//! the index says may be affected, moves events in and out of the dataset (whose aggregates
//! follow each move), renders the overview and the files of the years whose events changed, and
//! writes only the outputs whose bytes changed, each atomically; then it checks the folders of
//! those paths against their listings, in case an event was folded away. Nothing in a one-file
//! rebuild is linear in the tree except the overview's bounded tables.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord_fs::OutDir;
use accord_lint::diagnostic::Diagnostic;
use accord_lint::rules::across::Index;
use accord_lint::{FileReport, Linter, Severity, discover};
use accord_schema::Record;
use accord_schema::date::Day;
use accord_summary::{Dataset, Event, LeftOut, Provenance};
use rayon::prelude::*;

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
}

/// The cached state of a dataset and its outputs.
pub struct Site {
    root: PathBuf,
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
    /// The retracted events, by id: they keep their pages.
    retracted: BTreeMap<String, Arc<Event>>,
    /// Events whose pages must be written again (or removed), by id.
    dirty_pages: BTreeSet<String>,
    /// Every year's files must be rendered again, and stale ones removed (the first build, or
    /// after everything was read again).
    all_dirty: bool,
    /// The overview outputs as last written.
    written: HashMap<String, String>,
    /// Folders of paths the updates since the last [`Site::check_folders`] were given.
    unchecked_folders: BTreeSet<PathBuf>,
    /// Files found that `[files] ignore` leaves out (shown paths): never read, never published.
    ignored: BTreeSet<PathBuf>,
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
        let mut site = Site {
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
            unsettled: BTreeSet::new(),
            settled: BTreeMap::new(),
            settle_all: false,
            report_all: false,
            dirty_years: BTreeSet::new(),
            retracted: BTreeMap::new(),
            dirty_pages: BTreeSet::new(),
            all_dirty: true,
            written: HashMap::new(),
            unchecked_folders: BTreeSet::new(),
            ignored: BTreeSet::new(),
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
        self.dataset = Dataset::new(self.as_of);
        self.retracted.clear();
        self.dirty_pages.clear();
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
                (shown, entry(report, value, linter, as_of, provenance))
            })
            .collect();
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
            // The whole tree at once: index it in one go and settle every file.
            // The index keeps the facts; the entries do not need them again.
            self.entries = read.into_iter().chain(problems).collect();
            self.index = Index::of(
                self.entries
                    .iter_mut()
                    .filter_map(|(p, e)| Some((p.clone(), e.report.facts.take()?))),
            );
            self.settle_all = true;
            return;
        }
        for (shown, mut entry) in read.into_iter().chain(problems) {
            self.forget(&shown);
            match entry.report.facts.take() {
                Some(facts) => {
                    let affected = self.index.insert(&shown, facts);
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
            retracted: &mut self.retracted,
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
            let books = &mut Books {
                dataset: &mut self.dataset,
                dirty_years: &mut self.dirty_years,
                retracted: &mut self.retracted,
                dirty_pages: &mut self.dirty_pages,
            };
            for (entry, diagnostics) in self.entries.values_mut().zip(finished) {
                books.settle(entry, diagnostics);
            }
            self.report_all = true;
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
            retracted: &mut self.retracted,
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
            if !path.is_dir() {
                if let Some(parent) = path.parent().filter(|p| p.starts_with(&records)) {
                    self.unchecked_folders.insert(parent.to_path_buf());
                }
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

    /// Writes the outputs whose bytes changed since the last write (or differ from what is on
    /// disk, the first time), each atomically: the overview every time (it is small), the files
    /// of the years whose events changed, and nothing else. Year files of years without events
    /// are removed.
    pub fn rebuild(&mut self) -> Result<Rebuild, SiteError> {
        let write_error = |path: &Path, source| SiteError::Write {
            path: path.display().to_string(),
            source,
        };
        // Opened without following a link, and its year folders made real folders (a link
        // there is replaced): nothing is written or removed outside it.
        let out_dir = OutDir::create(&self.out).map_err(|e| write_error(&self.out, e))?;
        let mut year_dirs = Vec::new();
        for &folder in accord_summary::YEAR_FOLDERS.iter() {
            let dir = out_dir
                .subfolder(folder)
                .map_err(|e| write_error(&self.out.join(folder), e))?;
            year_dirs.push((folder, dir));
        }

        let mut years = std::mem::take(&mut self.dirty_years);
        if self.all_dirty {
            years.extend(self.dataset.years().keys().copied());
            years.extend(year_files_on_disk(&year_dirs));
        }
        // The overview (one core) and the years' files (the rest) are written side by side: an
        // edit rewrites the overview and one year.
        let (dataset, out, linter, site) = (&self.dataset, &self.out, &self.linter, &self.info);
        let (out_dir, year_dirs) = (&out_dir, &year_dirs);
        let previous = &mut self.written;
        let (overview, per_year) = rayon::join(
            || -> Result<Vec<String>, SiteError> {
                let mut written = Vec::new();
                for (name, text) in
                    accord_summary::render_overview(dataset, linter.vocabularies(), site)
                {
                    // An output in a subfolder (`schema/v1/record.schema.json`) is written
                    // through its folders, each opened without following a link.
                    let (folder, file) = match name.rsplit_once('/') {
                        Some((folders, file)) => {
                            let mut dir = None::<accord_fs::OutDir>;
                            for part in folders.split('/') {
                                let next = match &dir {
                                    Some(d) => d.subfolder(part),
                                    None => out_dir.subfolder(part),
                                }
                                .map_err(|e| write_error(&out.join(folders), e))?;
                                dir = Some(next);
                            }
                            (dir, file)
                        }
                        None => (None, name.as_str()),
                    };
                    let dir = folder.as_ref().unwrap_or(out_dir);
                    let unchanged = match previous.get(&name) {
                        Some(before) => *before == text && dir.open_existing(file).is_some(),
                        None => unchanged_on_disk(dir.open_existing(file), &[text.as_bytes()]),
                    };
                    if !unchanged {
                        dir.write(file, &[text.as_bytes()])
                            .map_err(|e| write_error(&out.join(&name), e))?;
                        written.push(name.clone());
                    }
                    previous.insert(name, text);
                }
                Ok(written)
            },
            || -> Vec<Result<Vec<String>, SiteError>> {
                years
                    .par_iter()
                    .map(|&year| write_year(dataset, out, year_dirs, year))
                    .collect()
            },
        );
        let (mut written, mut failed) = match overview {
            Ok(written) => (written, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        for result in per_year {
            match result {
                Ok(done) => written.extend(done),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        if let Some(e) = failed {
            // Try these years again at the next rebuild rather than leave them stale.
            self.dirty_years.extend(years);
            return Err(e);
        }
        let events_dir = year_dirs
            .iter()
            .find(|(f, _)| *f == "events")
            .map(|(_, d)| d);
        if let Some(dir) = events_dir {
            match self.write_pages(dir) {
                Ok(done) => written.extend(done),
                Err(e) => return Err(e),
            }
        }
        self.all_dirty = false;

        let mut reports = Vec::new();
        let mut cleared = Vec::new();
        let all = std::mem::take(&mut self.report_all);
        if all {
            reports.extend(
                self.entries
                    .values()
                    .filter(|e| !e.finished.is_empty())
                    .map(|e| finished_report(&self.root, e)),
            );
        }
        for (path, had) in std::mem::take(&mut self.settled) {
            match self.entries.get(&path).filter(|e| !e.finished.is_empty()) {
                // Already reported with every other file.
                Some(_) if all => {}
                Some(entry) => reports.push(finished_report(&self.root, entry)),
                None if had => cleared.push(path),
                None => {}
            }
        }
        Ok(Rebuild {
            events: self.dataset.len(),
            left_out: self.dataset.left_out,
            reports,
            cleared,
            written,
            files: self.entries.len(),
            ignored: self.ignored.len(),
        })
    }
}

impl Site {
    /// Writes the pages and JSON files of the events whose pages are dirty (every event's after
    /// a full read, when files of events no longer there are removed too), and of the events
    /// that link to one whose page came or went. An event neither in the dataset nor retracted
    /// (its record has errors, or is gone) has no page.
    fn write_pages(&mut self, dir: &OutDir) -> Result<Vec<String>, SiteError> {
        let mut ids = std::mem::take(&mut self.dirty_pages);
        let all = self.all_dirty;
        let (dataset, retracted) = (&self.dataset, &self.retracted);
        let find = |id: &str| dataset.get(id).or_else(|| retracted.get(id));
        if all {
            ids.extend(dataset.events().map(|e| e.id().to_owned()));
            ids.extend(retracted.keys().cloned());
            // Files of events that are no longer there.
            for name in dir.names().unwrap_or_default() {
                let name = name.to_string_lossy();
                if accord_summary::page::is_event_file(&name) {
                    let stem = name.rsplit_once('.').map_or(&*name, |(stem, _)| stem);
                    if find(stem).is_none() {
                        ids.insert(stem.to_owned());
                    }
                }
            }
        } else if !ids.is_empty() {
            // A page whose related events' pages came or went links differently now.
            let linking: Vec<String> = dataset
                .events()
                .chain(retracted.values().map(AsRef::as_ref))
                .filter(|e| e.record.related.iter().any(|r| ids.contains(&r.id.0)))
                .map(|e| e.id().to_owned())
                .collect();
            ids.extend(linking);
        }
        let site = &self.info;
        let has_page = |id: &str| find(id).is_some();
        let (as_of, out) = (self.as_of, &self.out);
        let ids: Vec<String> = ids.into_iter().collect();
        let results: Vec<Result<Vec<String>, SiteError>> = ids
            .par_iter()
            .map(|id| {
                let page = accord_summary::page::page_path(id);
                let json = accord_summary::page::json_path(id);
                let files = [
                    (page.rsplit_once('/').map_or(&*page, |(_, f)| f), &page),
                    (json.rsplit_once('/').map_or(&*json, |(_, f)| f), &json),
                ];
                let mut done = Vec::new();
                let Some(event) = find(id) else {
                    for (file, name) in files {
                        if dir.remove(file).unwrap_or(false) {
                            done.push(name.clone());
                        }
                    }
                    return Ok(done);
                };
                let texts = [
                    accord_summary::page::render(event, site, as_of, &has_page),
                    accord_summary::page::json(event),
                ];
                for ((file, name), text) in files.into_iter().zip(texts) {
                    if unchanged_on_disk(dir.open_existing(file), &[text.as_bytes()]) {
                        continue;
                    }
                    dir.write(file, &[text.as_bytes()])
                        .map_err(|source| SiteError::Write {
                            path: out.join(name).display().to_string(),
                            source,
                        })?;
                    done.push(name.clone());
                }
                Ok(done)
            })
            .collect();
        let mut written = Vec::new();
        let mut failed = None;
        for (id, result) in ids.iter().zip(results) {
            match result {
                Ok(done) => written.extend(done),
                Err(e) => {
                    // Tried again at the next rebuild.
                    self.dirty_pages.insert(id.clone());
                    failed = failed.or(Some(e));
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(written),
        }
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
    retracted: &'a mut BTreeMap<String, Arc<Event>>,
    dirty_pages: &'a mut BTreeSet<String>,
}

impl Books<'_> {
    /// Gives a file its finished diagnostics and moves its event in or out of the dataset as
    /// its status says. Returns whether it had diagnostics before.
    fn settle(&mut self, entry: &mut Entry, diagnostics: Vec<Diagnostic>) -> bool {
        let had = !entry.finished.is_empty();
        let status =
            if entry.event.is_none() || diagnostics.iter().any(|d| d.severity == Severity::Error) {
                Status::Errors
            } else if entry.retracted {
                Status::Retracted
            } else {
                Status::Included
            };
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
                self.dirty_years.insert(event.first_day.year);
                self.dirty_pages.insert(event.id().to_owned());
                if let Some(replaced) = self.dataset.insert(Arc::clone(event)) {
                    self.dirty_years.insert(replaced.first_day.year);
                }
            }
            if status == Status::Retracted {
                self.dirty_pages.insert(event.id().to_owned());
                self.retracted
                    .insert(event.id().to_owned(), Arc::clone(event));
            }
        }
        had
    }

    /// Forgets a retracted event, if it is the one kept under its id.
    fn forget_retracted(&mut self, event: &Arc<Event>) {
        if self
            .retracted
            .get(event.id())
            .is_some_and(|e| Arc::ptr_eq(e, event))
        {
            self.retracted.remove(event.id());
            self.dirty_pages.insert(event.id().to_owned());
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
            self.dirty_years.insert(event.first_day.year);
            self.dirty_pages.insert(event.id().to_owned());
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
    if let Some(hash) = entry.released {
        if !report.diagnostics.is_empty() {
            let path = root.join(&report.path);
            accord_lint::restore_source(
                &mut report,
                &accord_fs::Root::unchecked(root),
                &path,
                hash,
            );
        }
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

/// The years that have files in the output folder's year folders.
fn year_files_on_disk(year_dirs: &[(&str, OutDir)]) -> BTreeSet<i32> {
    let mut years = BTreeSet::new();
    for (_, dir) in year_dirs {
        let Ok(names) = dir.names() else {
            continue;
        };
        for name in names {
            let Some(stem) = name
                .to_str()
                .and_then(|n| n.strip_suffix(".json").or_else(|| n.strip_suffix(".csv")))
            else {
                continue;
            };
            if let Ok(year) = stem.parse::<i32>() {
                years.insert(year);
            }
        }
    }
    years
}

/// The year folder an output name (`events/2025.json`) is written in, and its name there.
fn year_place<'d, 'n>(
    year_dirs: &'d [(&str, OutDir)],
    name: &'n str,
) -> Option<(&'d OutDir, &'n str)> {
    let (folder, file) = name.split_once('/')?;
    let dir = year_dirs.iter().find(|(f, _)| *f == folder)?;
    Some((&dir.1, file))
}

/// Renders a year's files and writes those whose bytes differ from what is on disk; removes
/// them when the year has no events. Returns what it wrote or removed.
fn write_year(
    dataset: &Dataset,
    out: &Path,
    year_dirs: &[(&str, OutDir)],
    year: i32,
) -> Result<Vec<String>, SiteError> {
    let mut done = Vec::new();
    fn place<'d, 'n>(
        out: &Path,
        year_dirs: &'d [(&str, OutDir)],
        name: &'n str,
    ) -> Result<(&'d OutDir, &'n str), SiteError> {
        year_place(year_dirs, name).ok_or_else(|| SiteError::Write {
            path: out.join(name).display().to_string(),
            source: std::io::Error::other("not in a year folder"),
        })
    }
    let rendered = accord_summary::render_year(dataset, year);
    if rendered.is_empty() {
        for name in accord_summary::year_outputs(year) {
            let (dir, file) = place(out, year_dirs, &name)?;
            if dir.remove(file).unwrap_or(false) {
                done.push(name);
            }
        }
        return Ok(done);
    }
    let results: Vec<Result<Option<String>, SiteError>> = rendered
        .into_par_iter()
        .map(|(name, pieces)| {
            let (dir, file) = place(out, year_dirs, &name)?;
            let parts: Vec<&[u8]> = pieces.parts().map(str::as_bytes).collect();
            if unchanged_on_disk(dir.open_existing(file), &parts) {
                return Ok(None);
            }
            dir.write(file, &parts).map_err(|source| SiteError::Write {
                path: out.join(&name).display().to_string(),
                source,
            })?;
            Ok(Some(name))
        })
        .collect();
    for result in results {
        done.extend(result?);
    }
    Ok(done)
}

/// Whether a file holds exactly these bytes, given in parts. Its length is looked at first,
/// then its contents a block at a time (a year's file runs to megabytes; it is compared, not
/// loaded).
fn unchanged_on_disk(file: Option<std::fs::File>, parts: &[&[u8]]) -> bool {
    use std::io::Read;
    let Some(mut file) = file else {
        return false;
    };
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if !file.metadata().is_ok_and(|m| m.len() == len as u64) {
        return false;
    }
    let mut block = vec![0u8; 64 * 1024];
    let mut parts = parts.iter();
    // What is left of the part being compared.
    let mut part: &[u8] = &[];
    loop {
        let mut read = match file.read(&mut block) {
            Ok(0) => return part.is_empty() && parts.all(|p| p.is_empty()),
            Ok(n) => &block[..n],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        while !read.is_empty() {
            if part.is_empty() {
                match parts.next() {
                    Some(next) => part = next,
                    None => return false,
                }
                continue;
            }
            let n = part.len().min(read.len());
            if part[..n] != read[..n] {
                return false;
            }
            part = &part[n..];
            read = &read[n..];
        }
    }
}

/// Turns one file's check into an entry, deriving its event when it reads as a record.
fn entry(
    mut report: FileReport,
    value: Option<serde_json::Value>,
    linter: &Linter,
    as_of: Day,
    provenance: &HashMap<PathBuf, Provenance>,
) -> Entry {
    let record: Option<Record> = value.and_then(|v| serde_json::from_value(v).ok());
    let retracted = record.as_ref().is_some_and(|r| r.retracted.is_some());
    let event = record.and_then(|record| {
        let path = report.path.to_string_lossy().replace('\\', "/");
        accord_summary::model::event(
            path,
            record,
            linter.vocabularies(),
            as_of,
            provenance.get(&report.path).cloned(),
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

#[cfg(test)]
mod tests {
    use super::{OutDir, unchanged_on_disk};

    fn opened(path: &std::path::Path) -> Option<std::fs::File> {
        std::fs::File::open(path).ok()
    }

    /// The names in a folder.
    fn listing(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn parts_are_written_in_order_however_many() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("events.json");
        // More parts than one gathering write takes, some of them empty.
        let texts: Vec<String> = (0..3000)
            .map(|i| {
                if i % 7 == 0 {
                    String::new()
                } else {
                    format!("{i},")
                }
            })
            .collect();
        let parts: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
        let out = OutDir::create(dir.path()).expect("out");
        out.write("events.json", &parts).expect("write");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            texts.concat()
        );
        assert!(unchanged_on_disk(opened(&path), &parts));
        out.write("events.json", &[]).expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"");
        assert_eq!(listing(dir.path()), ["events.json"]);
    }

    #[test]
    fn a_file_is_unchanged_only_when_every_byte_is_the_same() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("events.json");
        // Longer than one block, so that the comparison goes block by block.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        assert!(unchanged_on_disk(opened(&path), &[&bytes]));
        // In parts of every size, some empty, some across blocks.
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut rest = bytes.as_slice();
        for size in [0, 1, 65_535, 0, 2, 70_000, 3, 0].into_iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (part, after) = rest.split_at(size.min(rest.len()));
            parts.push(part);
            rest = after;
        }
        assert!(parts.len() > 8);
        assert!(unchanged_on_disk(opened(&path), &parts));
        let mut last = bytes.clone();
        *last.last_mut().expect("bytes") ^= 1;
        assert!(!unchanged_on_disk(opened(&path), &[&last]));
        let middle = bytes.len() / 2;
        let mut changed = bytes.clone();
        changed[middle] ^= 1;
        assert!(!unchanged_on_disk(
            opened(&path),
            &[&changed[..middle], &changed[middle..]]
        ));
        let mut first = bytes.clone();
        first[0] ^= 1;
        assert!(!unchanged_on_disk(opened(&path), &[&first]));
        assert!(!unchanged_on_disk(opened(&path), &[&bytes[1..]]));
        assert!(!unchanged_on_disk(opened(&path), &[&bytes, b"x"]));
        assert!(!unchanged_on_disk(opened(&dir.path().join("missing")), &[]));
        std::fs::write(&path, b"").expect("write");
        assert!(unchanged_on_disk(opened(&path), &[]));
        assert!(unchanged_on_disk(opened(&path), &[b"", b""]));
    }
}
