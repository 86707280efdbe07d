//! The site: every record file's cached check and event, and the outputs built from them.
//!
//! `accord build` makes a [`Site`] once and writes it; `accord watch` keeps one and, for each
//! batch of changed paths, re-reads only those files, re-runs the rules across records over the
//! cached facts, recomputes the aggregates from the cached events, and rewrites only the outputs
//! whose bytes changed, each atomically.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// One file under `records/`, as last read.
struct Entry {
    /// The per-file stages' report (rules across records and suppressions not yet applied).
    report: FileReport,
    /// The event, when the record could be read as a record.
    event: Option<Arc<Event>>,
    /// Whether it is retracted.
    retracted: bool,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    /// Every file's finished report that has diagnostics, sorted by path.
    pub reports: Vec<FileReport>,
    /// Events in the summaries.
    pub events: usize,
    /// Records left out.
    pub left_out: LeftOut,
    /// Outputs rewritten (their bytes changed).
    pub written: Vec<&'static str>,
    /// Record files checked in all.
    pub files: usize,
}

/// The cached state of a dataset and its outputs.
pub struct Site {
    root: PathBuf,
    out: PathBuf,
    as_of: Day,
    today: Day,
    linter: Linter,
    provenance: HashMap<PathBuf, Provenance>,
    entries: BTreeMap<PathBuf, Entry>,
    written: HashMap<&'static str, String>,
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
            provenance,
            entries: BTreeMap::new(),
            written: HashMap::new(),
        };
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
        self.scan_all();
        Ok(())
    }

    /// Forgets every record and reads `records/` again.
    pub fn scan_all(&mut self) {
        self.entries.clear();
        let dir = self.root.join("records");
        if dir.is_dir() {
            let found = discover::records(&self.root, &dir);
            self.add(found);
        }
    }

    fn add(&mut self, found: discover::Found) {
        let root = &self.root;
        let linter = &self.linter;
        let provenance = &self.provenance;
        let as_of = self.as_of;
        let read: Vec<(PathBuf, Entry)> = found
            .records
            .par_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let (report, value) = linter.check_file_document(path, shown.clone());
                (shown, entry(report, value, linter, as_of, provenance))
            })
            .collect();
        for (shown, entry) in read {
            self.entries.insert(shown, entry);
        }
        for problem in found.problems {
            self.entries.insert(
                problem.path.clone(),
                Entry {
                    report: problem,
                    event: None,
                    retracted: false,
                },
            );
        }
    }

    /// Takes note of changed paths (absolute, or relative to the root): files are re-read,
    /// folders re-walked, vanished paths forgotten. A change to the vocabularies or to
    /// `accord.toml` reloads everything. Paths outside `records/` are ignored.
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
            // Events can be coalesced or lost (a rename's source, say); the folder's listing
            // is the truth: drop cached files that are gone, read files not yet cached.
            if !path.is_dir() {
                if let Some(parent) = path.parent().filter(|p| p.starts_with(&records)) {
                    self.reconcile(parent);
                }
            }
        }
        Ok(())
    }

    /// Forgets the cached entries at `path` and under it.
    fn forget_under(&mut self, path: &Path) {
        let shown = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
        let stale: Vec<PathBuf> = self
            .entries
            .range(shown.clone()..)
            .take_while(|(k, _)| k.starts_with(&shown))
            .map(|(k, _)| k.clone())
            .collect();
        for k in stale {
            self.entries.remove(&k);
        }
    }

    /// Makes the cached files directly in `dir` match its listing. A folder that no longer
    /// exists loses everything cached under it.
    fn reconcile(&mut self, dir: &Path) {
        let Ok(listing) = std::fs::read_dir(dir) else {
            self.forget_under(dir);
            return;
        };
        let present: std::collections::HashSet<PathBuf> = listing
            .flatten()
            .map(|e| {
                e.path()
                    .strip_prefix(&self.root)
                    .unwrap_or(&e.path())
                    .to_path_buf()
            })
            .collect();
        let shown_dir = dir.strip_prefix(&self.root).unwrap_or(dir).to_path_buf();
        let cached: Vec<PathBuf> = self
            .entries
            .range(shown_dir.clone()..)
            .take_while(|(k, _)| k.starts_with(&shown_dir))
            .filter(|(k, _)| k.parent() == Some(shown_dir.as_path()))
            .map(|(k, _)| k.clone())
            .collect();
        for k in &cached {
            if !present.contains(k) {
                self.entries.remove(k);
            }
        }
        for p in present {
            if !self.entries.contains_key(&p) {
                let found = discover::path(&self.root, &self.root.join(&p));
                self.add(found);
            }
        }
    }

    /// The dataset and every file's finished report: rules across records over the cached
    /// facts, then suppressions and severities.
    pub fn check(&self) -> (Dataset, Vec<FileReport>) {
        let mut reports: Vec<FileReport> =
            self.entries.values().map(|e| e.report.clone()).collect();
        self.linter.check_across(&mut reports);
        reports.par_iter_mut().for_each(|r| self.linter.finish(r));
        let mut events = BTreeMap::new();
        let mut left_out = LeftOut::default();
        for (entry, report) in self.entries.values().zip(&reports) {
            // A file that does not read as a record (broken YAML, a stray file) has errors.
            let Some(event) = &entry.event else {
                left_out.with_errors += 1;
                continue;
            };
            if report
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
            {
                left_out.with_errors += 1;
            } else if entry.retracted {
                left_out.retracted += 1;
            } else {
                events.insert(event.id().to_owned(), Arc::clone(event));
            }
        }
        let dataset = Dataset {
            events,
            left_out,
            as_of: self.as_of,
        };
        (dataset, reports)
    }

    /// Renders every output and writes those whose bytes changed since the last write (or
    /// differ from what is on disk, the first time), each atomically.
    pub fn rebuild(&mut self) -> Result<Rebuild, SiteError> {
        let (dataset, reports) = self.check();
        let outputs = accord_summary::render_all(&dataset, self.linter.vocabularies());
        let mut written = Vec::new();
        std::fs::create_dir_all(&self.out).map_err(|source| SiteError::Write {
            path: self.out.display().to_string(),
            source,
        })?;
        for (name, text) in outputs {
            let path = self.out.join(name);
            let unchanged = match self.written.get(name) {
                Some(previous) => *previous == text && path.is_file(),
                None => std::fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes()),
            };
            if !unchanged {
                write_atomically(&path, text.as_bytes()).map_err(|source| SiteError::Write {
                    path: path.display().to_string(),
                    source,
                })?;
                written.push(name);
            }
            self.written.insert(name, text);
        }
        let files = reports.len();
        Ok(Rebuild {
            events: dataset.events.len(),
            left_out: dataset.left_out,
            reports: reports
                .into_iter()
                .filter(|r| !r.diagnostics.is_empty())
                .collect(),
            written,
            files,
        })
    }
}

/// Turns one file's check into an entry, deriving its event when it reads as a record.
fn entry(
    report: FileReport,
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
    Entry {
        report,
        event,
        retracted,
    }
}

/// Replaces a file so that no reader ever sees half of it: a temporary file in the same folder,
/// then a rename over the old one. A file that existed keeps its permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&temp, meta.permissions());
    }
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
