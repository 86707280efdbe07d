//! What a pull request changes, as data: the change set since a merge-base, checked. `accord
//! lint --base` shows it; a test (or another command) can read it instead of parsing a log.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use accord_lint::{FileReport, Linter, discover};

use crate::{Base, ChangeSet, GitError, Oid, Repo, Stamp, WorkTreeCache};

/// What [`since`] found: the reports of the changed paths (sorted, every rule applied), the
/// changes themselves (with each record's text at the base), and what it took.
#[derive(Debug)]
pub struct Reviewed {
    /// The finished reports of the paths that changed (deleted ones included), by path.
    pub reports: Vec<FileReport>,
    /// The changes, with the merge-base (and each record's text at the base).
    pub changes: ChangeSet,
    /// Each changed record's text now, in the order of `changes.changes`: `None` for a deleted
    /// one, or one that cannot be read as text (a link, too large, not UTF-8: its report says
    /// so). Read confined to the root, as every record is.
    pub head_texts: Vec<Option<String>>,
    /// Record files read or known to the cache.
    pub records: usize,
    /// Of them, read from the disk this time.
    pub from_disk: usize,
    /// Each step and when it ended, from the start.
    pub phases: Vec<Phase>,
    /// Why the work-tree cache could not be written, when it could not (the result stands).
    pub cache_error: Option<String>,
}

/// One step of [`since`].
#[derive(Debug, Clone)]
pub struct Phase {
    /// What was done.
    pub what: String,
    /// When it ended, from the start.
    pub after: Duration,
}

/// Lints what changed since the merge-base of HEAD and `rev`: the changed records in full, the
/// rules across records over the whole tree (reported for the changed records), and the history
/// rules. Returns the reports of the changed paths, the changes, and what each step took.
///
/// Each record's blob id and facts come from the work-tree cache when its stat data is as
/// recorded, and from reading it otherwise. A record whose blob is its blob at the merge-base
/// has not changed and gives only its facts; git is asked about the others alone (and about
/// base files no longer found), which spares it a look at every file of the work tree.
pub fn since(
    root: &Path,
    linter: &Linter,
    rev: &str,
    use_cache: bool,
) -> Result<Reviewed, GitError> {
    let started = std::time::Instant::now();
    let phases = Mutex::new(Vec::new());
    let phase = |what: &str| {
        if let Ok(mut phases) = phases.lock() {
            phases.push(Phase {
                what: what.to_owned(),
                after: started.elapsed(),
            });
        }
    };
    use rayon::prelude::*;

    let repo = Repo::open(root)?;
    let cache_file = repo.cache_file();
    let prefix = repo.prefix().to_owned();
    // Found first, so that a base that cannot be used is reported at once.
    let merge_base = repo.merge_base(rev)?;
    let reviewed = std::thread::scope(|scope| {
        // libgit2 lists the merge-base's records and loads git's index on a thread of its own
        // while the work tree is walked and every record read on the others.
        let git = scope.spawn(move || {
            let base = repo.base_at(merge_base);
            repo.preload_index();
            (repo, base)
        });
        let dir = root.join("records");
        let found = if dir.is_dir() {
            discover::records(root, &dir)
        } else {
            discover::Found::default()
        };
        let cache = if use_cache {
            WorkTreeCache::load(&cache_file, &prefix)
        } else {
            WorkTreeCache::default()
        };
        let folders = accord_lint::folders::Folders::of(
            &accord_fs::Root::unchecked(root),
            found.records.iter().map(PathBuf::as_path),
        );
        let known = cache.entries();
        // Without a cache, a record is opened straight away and its stat data taken from the
        // open file, sparing a second look-up of its path.
        let cold = known.is_empty();
        phase(&format!(
            "{} records listed, {} in the cache",
            found.records.len(),
            known.len()
        ));
        let ignored = |p: &Path| linter.config().is_ignored(p);

        /// What the cache is to keep of a record: stat data, blob id and encoded facts.
        type Keep<'c> = Option<(Stamp, Oid, std::borrow::Cow<'c, [u8]>)>;
        let (read, keep): (Vec<Read<'_>>, Vec<Keep<'_>>) = found
            .records
            .par_iter()
            .map_init(Vec::new, |buf, path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let mut report = FileReport::empty(shown);
                let mut stamp = None;
                let entry = if cold {
                    None
                } else {
                    stamp = folders.stat(path).ok().map(Stamp::from);
                    stamp.as_ref().and_then(|s| known.get(&report.path, s))
                };
                let (blob, encoded, fresh) = match entry {
                    Some(entry) => {
                        report.facts = entry.facts().map(Box::new);
                        let encoded = std::borrow::Cow::Borrowed(entry.encoded_facts());
                        (Some(entry.blob()), Some(encoded), false)
                    }
                    None => {
                        let read = folders.open(path).and_then(|(file, opened)| {
                            let stamp = *stamp.get_or_insert(Stamp::from(opened));
                            accord_fs::read_open(
                                &file,
                                stamp.bytes(),
                                accord_lint::MAX_FILE_SIZE,
                                buf,
                            )
                        });
                        match read {
                            // Only a file read whole, and as long as its stat data said, is
                            // cached.
                            Ok(()) if stamp.is_some_and(|s| s.bytes() == buf.len() as u64) => {
                                report.facts = accord_lint::facts_of(buf).map(Box::new);
                                // Encoded for the cache only when there is one to write.
                                let encoded = use_cache.then(|| {
                                    std::borrow::Cow::Owned(crate::encode_facts(
                                        report.facts.as_deref(),
                                    ))
                                });
                                (Some(crate::blob_id(buf)), encoded, true)
                            }
                            _ => (None, None, true),
                        }
                    }
                };
                let keep = match (stamp, blob, encoded) {
                    (Some(stamp), Some(blob), Some(encoded)) => Some((stamp, blob, encoded)),
                    _ => None,
                };
                let read = Read {
                    path,
                    report,
                    fresh,
                    blob,
                };
                (read, keep)
            })
            .unzip();
        let fresh = read.iter().filter(|r| r.fresh).count();
        let read_count = read.len();
        phase(&format!(
            "{} records read ({} from the disk, {} known to the cache)",
            read.len(),
            fresh,
            read.len() - fresh
        ));
        drop(known);
        let (repo, base) = git.join().expect("listing the merge-base does not panic");
        let base = base?;
        phase("merge-base listed");
        // Rewritten when it missed many files; a few misses (the records a pull request
        // changes) cost less to read again than the whole cache costs to write. It is written
        // on one core while the other does the rest.
        let save = use_cache && (fresh >= 64 || (cold && fresh > 0));
        let records = &found.records;
        let (outcome, saved) = std::thread::scope(|inner| {
            let saving = save.then(|| {
                inner.spawn(|| {
                    cache.save(
                        &cache_file,
                        &prefix,
                        records.iter().zip(&keep).filter_map(|(path, keep)| {
                            let (stamp, blob, encoded) = keep.as_ref()?;
                            Some((
                                path.strip_prefix(root).ok()?,
                                stamp,
                                *blob,
                                encoded.as_ref(),
                            ))
                        }),
                    )
                })
            });
            let outcome =
                check_changes(linter, &repo, &base, read, found.problems, &ignored, &phase);
            let saved = saving.map(|s| s.join().expect("writing the cache does not panic"));
            (outcome, saved)
        });
        let cache_error = match saved {
            Some(Ok(())) => {
                phase("cache written");
                None
            }
            Some(Err(e)) => Some(format!(
                "could not write the cache {}: {e}",
                cache_file.display()
            )),
            None => None,
        };
        let (reports, changes) = outcome?;
        let confined = accord_fs::Root::unchecked(root);
        let head_texts = changes
            .changes
            .par_iter()
            .map(|c| {
                (c.kind != accord_lint::rules::history::ChangeKind::Deleted)
                    .then(|| {
                        confined
                            .read_to_string(&c.path, accord_lint::MAX_FILE_SIZE)
                            .ok()
                    })
                    .flatten()
            })
            .collect();
        phase("changed records' texts read");
        Ok::<_, GitError>(Reviewed {
            reports,
            changes,
            head_texts,
            records: read_count,
            from_disk: fresh,
            phases: Vec::new(),
            cache_error,
        })
    });
    let mut reviewed = reviewed?;
    reviewed.phases = phases.into_inner().unwrap_or_default();
    Ok(reviewed)
}

/// One record as read (or as the cache knew it).
struct Read<'a> {
    path: &'a Path,
    report: FileReport,
    /// Read from the disk this time (not known to the cache).
    fresh: bool,
    /// Its blob id, when it could be read. A record whose blob is the merge-base's has not
    /// changed; the few others are read again to be checked in full (their bytes are not kept,
    /// since whether they differ is known only once the merge-base is listed, beside the
    /// reading).
    blob: Option<Oid>,
}

/// The part of `lint --base` after every record is read: git is asked which of the records that
/// differ from the merge-base changed, those are checked in full, the rules across records run
/// over all, and the history rules over the changes. Returns the reports of the changed paths.
fn check_changes(
    linter: &Linter,
    repo: &Repo,
    base: &Base,
    read: Vec<Read<'_>>,
    problems: Vec<FileReport>,
    ignored: &(dyn Fn(&Path) -> bool + Sync),
    phase: &dyn Fn(&str),
) -> Result<(Vec<FileReport>, ChangeSet), GitError> {
    use accord_lint::rules::history::{self, ChangeKind};
    use rayon::prelude::*;
    use std::collections::{HashMap, HashSet};

    let differ: Vec<PathBuf> = read
        .iter()
        .filter(|r| r.blob.is_none_or(|b| base.blob(&r.report.path) != Some(b)))
        .map(|r| r.report.path.clone())
        .chain(problems.iter().map(|p| p.path.clone()))
        .filter(|p| !ignored(p))
        .collect();
    let candidates: Vec<PathBuf> = base
        .candidates(
            differ.iter().map(PathBuf::as_path),
            read.iter()
                .map(|r| r.report.path.as_path())
                .chain(problems.iter().map(|p| p.path.as_path())),
        )
        .into_iter()
        .filter(|p| !ignored(p))
        .collect();
    let set = repo.changes_among(base, &candidates)?;
    phase(&format!(
        "{} changed paths found among {} candidates",
        set.changes.len(),
        candidates.len()
    ));
    let changed: HashSet<&Path> = set
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Deleted && !ignored(&c.path))
        .map(|c| c.path.as_path())
        .collect();

    let mut reports: Vec<FileReport> = read
        .into_par_iter()
        .filter(|r| !ignored(&r.report.path))
        .map(|r| {
            let mut report = if changed.contains(r.report.path.as_path()) {
                linter.check_file(r.path, r.report.path)
            } else {
                r.report
            };
            // A record at the merge-base is older than any the branch adds: of two that share
            // an id, it keeps it.
            if let Some(facts) = report.facts.as_mut() {
                facts.seniority = u64::from(base.blob(&report.path).is_none());
            }
            report
        })
        .collect();
    phase("changed records checked");
    linter.check_across_some(&mut reports, |r| changed.contains(r.path.as_path()));
    phase("rules across records done");
    reports.retain(|r| changed.contains(r.path.as_path()));
    reports.extend(
        problems
            .into_iter()
            .filter(|p| changed.contains(p.path.as_path())),
    );

    let index: HashMap<PathBuf, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.clone(), i))
        .collect();
    for change in &set.changes {
        if change.kind == ChangeKind::Added || ignored(&change.path) {
            continue;
        }
        match index.get(&change.path) {
            Some(&i) => history::judge(change, &set.base_short, &mut reports[i], true),
            None if change.kind == ChangeKind::Deleted => {
                let mut report = FileReport::empty(change.path.clone());
                history::judge(change, &set.base_short, &mut report, false);
                reports.push(report);
            }
            None => {}
        }
    }
    reports.par_iter_mut().for_each(|r| linter.finish(r));
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((reports, set))
}
