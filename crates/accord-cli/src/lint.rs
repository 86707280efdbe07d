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
fn git_prefix(root: &Path) -> String {
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

/// Lints what changed since the merge-base of HEAD and `rev`: the changed records in full, the
/// rules across records over the whole tree (reported for the changed records), and the history
/// rules. Returns the reports of the changed paths and how to describe the scope.
///
/// Each record's blob id and facts come from the work-tree cache when its stat data is as
/// recorded, and from reading it otherwise. A record whose blob is its blob at the merge-base
/// has not changed and gives only its facts; git is asked about the others alone (and about
/// base files no longer found), which spares it a look at every file of the work tree.
fn lint_changes(
    root: &Path,
    linter: &Linter,
    rev: &str,
    use_cache: bool,
    verbose: bool,
) -> Result<(Vec<FileReport>, Option<String>), Fatal> {
    let started = std::time::Instant::now();
    let phase = |what: &str| {
        if verbose {
            eprintln!("accord: {what} after {:.2?}", started.elapsed());
        }
    };
    use accord_git::{Stamp, WorkTreeCache};
    use rayon::prelude::*;

    let repo = accord_git::Repo::open(root)?;
    let cache_file = repo.cache_file();
    let prefix = repo.prefix().to_owned();
    // Found first, so that a base that cannot be used is reported at once.
    let merge_base = repo.merge_base(rev)?;
    std::thread::scope(|scope| {
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
        type Keep<'c> = Option<(Stamp, accord_git::Oid, std::borrow::Cow<'c, [u8]>)>;
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
                        report.facts = entry.facts();
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
                                report.facts = accord_lint::facts_of(buf);
                                // Encoded for the cache only when there is one to write.
                                let encoded = use_cache.then(|| {
                                    std::borrow::Cow::Owned(accord_git::encode_facts(
                                        report.facts.as_ref(),
                                    ))
                                });
                                (Some(accord_git::blob_id(buf)), encoded, true)
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
        match saved {
            Some(Ok(())) => phase("cache written"),
            Some(Err(e)) if verbose => eprintln!(
                "accord: could not write the cache {}: {e}",
                cache_file.display()
            ),
            _ => {}
        }
        let (reports, set) = outcome?;
        let scope = format!("since {} (the merge-base with `{rev}`)", set.base_short);
        Ok((reports, Some(scope)))
    })
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
    blob: Option<accord_git::Oid>,
}

/// The part of `lint --base` after every record is read: git is asked which of the records that
/// differ from the merge-base changed, those are checked in full, the rules across records run
/// over all, and the history rules over the changes. Returns the reports of the changed paths.
fn check_changes(
    linter: &Linter,
    repo: &accord_git::Repo,
    base: &accord_git::Base,
    read: Vec<Read<'_>>,
    problems: Vec<FileReport>,
    ignored: &(dyn Fn(&Path) -> bool + Sync),
    phase: &dyn Fn(&str),
) -> Result<(Vec<FileReport>, accord_git::ChangeSet), Fatal> {
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
