//! The accord linter: reads record files, checks them in stages, and returns diagnostics as data.
//!
//! Stages run in order for each file: file checks (size, encoding, name), YAML syntax, the
//! schema, the record rules; then the rules across records over every file's [`RecordFacts`];
//! then [`Linter::finish`] applies the record's suppression comments and the configured
//! severities. A file that fails the file checks or YAML syntax is not fed to later stages; all
//! other problems are reported together. Renderers (see [`render`]) turn the resulting
//! [`FileReport`]s into text for people or machines; nothing in this crate prints.

pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod fmt;
pub mod folders;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod suggest;
pub mod suppress;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord_schema::Vocabularies;
use accord_schema::date::Day;
use accord_yaml::Document;
use rayon::prelude::*;

pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, FileReport, LineCol, LineIndex, Related, Severity};
pub use rules::across::RecordFacts;
use rules::schema::CompiledSchema;

/// Records larger than this are refused before parsing.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Why the linter could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The vocabularies could not be read.
    #[error(transparent)]
    Vocabulary(#[from] accord_schema::VocabularyError),
    /// `accord.toml` is broken.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The schema generated from the vocabularies does not compile.
    #[error("the record schema does not compile: {0}")]
    Schema(String),
}

/// A configured linter: the compiled schema, the vocabularies, the configuration and the date
/// it takes for today, built once and shared by every file (and every thread).
pub struct Linter {
    schema: CompiledSchema,
    vocabularies: Vocabularies,
    config: Config,
    today: Day,
    /// Where files are read from: nothing outside it is read.
    root: accord_fs::Root,
}

impl Linter {
    /// Builds a linter for these vocabularies, taking `today` as the current date (the clock is
    /// the caller's, so that results are reproducible); compiles the record schema once.
    pub fn new(vocabularies: Vocabularies, today: Day) -> Result<Linter, LintError> {
        let value = accord_schema::schema::record_schema(&vocabularies);
        let validator = accord_schema::schema::compile(&value).map_err(LintError::Schema)?;
        Ok(Linter {
            schema: CompiledSchema { value, validator },
            vocabularies,
            config: Config::default(),
            today,
            root: accord_fs::Root::unchecked(Path::new(".")),
        })
    }

    /// The linter of the repository at `root`: its vocabularies (`schema/vocabularies/`, else
    /// the built-in copies) and its `accord.toml` (else the defaults).
    pub fn load(root: &Path, today: Day) -> Result<Linter, LintError> {
        let vocabularies = Vocabularies::load(root)?;
        let config = Config::load(root)?;
        Ok(Linter::new(vocabularies, today)?
            .with_config(config)
            .with_root(root))
    }

    /// Reads files from below `root` only (the current folder by default).
    pub fn with_root(mut self, root: &Path) -> Linter {
        self.root = accord_fs::Root::unchecked(root);
        self
    }

    /// Uses this configuration (severities, ignored paths) instead of the defaults.
    pub fn with_config(mut self, config: Config) -> Linter {
        self.config = config;
        self
    }

    /// The vocabularies this linter checks against.
    pub fn vocabularies(&self) -> &Vocabularies {
        &self.vocabularies
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The date taken for today.
    pub fn today(&self) -> Day {
        self.today
    }

    /// Lints one record's text completely, as if it were the only record: every stage, the
    /// rules across records on this record alone, suppressions and severities. `path` is the
    /// file as shown, relative to the repository root (`records/2025/<id>.yaml`); the rules
    /// about the file's name and place use it.
    pub fn lint_source(&self, path: &Path, source: &str) -> FileReport {
        let mut report = self.check_source(path.to_path_buf(), Arc::from(source));
        self.check_across(std::slice::from_mut(&mut report));
        self.finish(&mut report);
        report
    }

    /// Lints several records' texts together (for tests and editors): like [`Linter::lint_files`]
    /// without the file system.
    pub fn lint_sources(&self, sources: &[(PathBuf, String)]) -> Vec<FileReport> {
        let mut reports: Vec<FileReport> = sources
            .par_iter()
            .map(|(path, text)| self.check_source(path.clone(), Arc::from(text.as_str())))
            .collect();
        self.check_across(&mut reports);
        reports.par_iter_mut().for_each(|r| self.finish(r));
        reports
    }

    /// The per-file stages on a record's text: YAML syntax, schema version, schema, record
    /// rules, and the suppression comments (not yet applied).
    pub fn check_source(&self, path: PathBuf, source: Arc<str>) -> FileReport {
        self.check_document(path, source).0
    }

    /// Like [`Linter::check_source`], also returning the parsed document's value (for callers
    /// that go on to use the record, such as the summaries).
    pub fn check_document(
        &self,
        path: PathBuf,
        source: Arc<str>,
    ) -> (FileReport, Option<serde_json::Value>) {
        let mut report = FileReport::empty(path);
        report.source = source;
        let text: &str = &report.source;
        let controls = rules::format::control_characters(text);
        if !controls.is_empty() {
            report.diagnostics = controls;
            return (report, None);
        }
        let doc = match accord_yaml::parse(text) {
            Ok(doc) => doc,
            Err(errors) => {
                report.diagnostics = errors
                    .iter()
                    .map(|e| rules::format::from_yaml_error(e, text))
                    .collect();
                return (report, None);
            }
        };
        let mut out = Vec::new();
        report.suppressions = suppress::scan(text, &doc, &mut out);
        if let Some(version) = rules::schema::check_version(&doc) {
            out.push(version);
            report.diagnostics = out;
            return (report, None);
        }
        out.extend(rules::schema::check(&doc, text, &self.schema));
        self.check_record(&doc, text, Some(&report.path), &mut out);
        report.facts = Some(Box::new(RecordFacts::of(&doc)));
        report.diagnostics = out;
        (report, Some(doc.value))
    }

    /// The record rules (`A2xx`) alone over one parsed record and its text, shown as `path`
    /// when given; their findings are added to `out` as the rules report them (not yet
    /// suppressed, configured or sorted).
    pub fn check_record(
        &self,
        doc: &Document,
        source: &str,
        path: Option<&Path>,
        out: &mut Vec<Diagnostic>,
    ) {
        let cx = rules::record::Context::new(doc, source, path, self.today);
        rules::record::check(&cx, out);
    }

    /// The per-file stages on a file's bytes: size cap, UTF-8, then [`Linter::check_source`].
    pub fn check_bytes(&self, shown: PathBuf, bytes: Vec<u8>) -> FileReport {
        self.check_bytes_document(shown, bytes).0
    }

    /// Like [`Linter::check_bytes`], also returning the parsed document's value.
    pub fn check_bytes_document(
        &self,
        shown: PathBuf,
        bytes: Vec<u8>,
    ) -> (FileReport, Option<serde_json::Value>) {
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return (
                refused(
                    shown,
                    accord_fs::Refused::TooLarge {
                        len: bytes.len() as u64,
                        cap: MAX_FILE_SIZE,
                    },
                ),
                None,
            );
        }
        match String::from_utf8(bytes) {
            Ok(text) => self.check_document(shown, Arc::from(text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let end = prefix.len();
                let mut report = file_problem(
                    shown,
                    Diagnostic::new(
                        &rules::format::NOT_UTF8,
                        format!(
                            "the file is not valid UTF-8 (first invalid byte at offset {valid})"
                        ),
                        Some(end..end),
                    )
                    .with_label("invalid UTF-8 starts here")
                    .with_help("save the file as UTF-8; binary files do not belong under records/"),
                );
                report.source = Arc::from(prefix);
                (report, None)
            }
        }
    }

    /// Reads a file (a regular file below the linter's root, reached without following a link)
    /// and runs the per-file stages; `shown` is how the report names it.
    pub fn check_file(&self, path: &Path, shown: PathBuf) -> FileReport {
        self.check_file_document(path, shown).0
    }

    /// Like [`Linter::check_file`], also returning the parsed document's value.
    pub fn check_file_document(
        &self,
        path: &Path,
        shown: PathBuf,
    ) -> (FileReport, Option<serde_json::Value>) {
        self.check_read_document(shown, read_capped(&self.root, path))
    }

    /// Like [`Linter::check_file_document`] for one of many files whose folders are held open
    /// (`folders`, made once for all of them): the file is opened by its name in its folder.
    pub fn check_in_folders(
        &self,
        folders: &folders::Folders,
        path: &Path,
        shown: PathBuf,
    ) -> (FileReport, Option<serde_json::Value>) {
        self.check_read_document(shown, read_in_folders(folders, path))
    }

    /// Checks what reading a file gave: its bytes, or why it could not be read.
    fn check_read_document(
        &self,
        shown: PathBuf,
        read: Result<Vec<u8>, accord_fs::Refused>,
    ) -> (FileReport, Option<serde_json::Value>) {
        match read {
            Ok(bytes) => self.check_bytes_document(shown, bytes),
            Err(e) => (refused(shown, e), None),
        }
    }

    /// Runs the rules across records over these reports and adds what they find.
    pub fn check_across(&self, reports: &mut [FileReport]) {
        self.check_across_some(reports, |_| true);
    }

    /// Runs the rules across records over all these reports but adds findings only to those
    /// `wanted` picks (`lint --base`: the changed files). The facts are moved into the index
    /// rather than copied; those of the wanted reports are given back afterwards, those of the
    /// others are gone from their reports.
    pub fn check_across_some(
        &self,
        reports: &mut [FileReport],
        wanted: impl Fn(&FileReport) -> bool + Sync,
    ) {
        let wanted: Vec<bool> = reports.par_iter().map(&wanted).collect();
        // When only a few are wanted (`lint --base`), only the facts that can bear on their
        // findings are indexed.
        let few = wanted.iter().filter(|&&w| w).count() * 64 < reports.len();
        let bearing = few
            .then(|| rules::across::bearing_on(reports.iter().map(|r| r.facts.as_deref()), &wanted))
            .flatten();
        let mut numbered = Vec::new();
        let indexed: Vec<(&Path, RecordFacts)> = reports
            .iter_mut()
            .enumerate()
            .filter_map(|(i, r)| {
                let facts = *r.facts.take()?;
                if bearing.as_ref().is_some_and(|b| !b[i]) {
                    return None;
                }
                numbered.push(i);
                Some((r.path.as_path(), facts))
            })
            .collect();
        let (mut index, numbers) = rules::across::Index::numbered(indexed);
        // Each report's number in the index, so that checking it needs no path lookup.
        let mut number_of = vec![None; reports.len()];
        for (&i, &file) in numbered.iter().zip(&numbers) {
            number_of[i] = Some(file);
        }
        reports
            .par_iter_mut()
            .zip(&number_of)
            .zip(&wanted)
            .filter(|(_, wanted)| **wanted)
            .for_each(|((r, file), _)| {
                if let Some(file) = *file {
                    r.diagnostics.extend(index.check_file(file));
                }
            });
        for ((r, file), wanted) in reports.iter_mut().zip(number_of).zip(wanted) {
            if let Some(file) = file.filter(|_| wanted) {
                r.facts = index.take_file_facts(file).map(Box::new);
            }
        }
    }

    /// The last step for a report: applies its suppression comments and the configured
    /// severities, and puts the diagnostics in document order.
    pub fn finish(&self, report: &mut FileReport) {
        self.finish_diagnostics(&report.suppressions, &mut report.diagnostics);
    }

    /// What [`Linter::finish`] would leave in a copy of `report` given `more` diagnostics (the
    /// rules across records' findings), leaving `report` as it is: for a caller that keeps each
    /// file's report and finishes it again when other files change (the watcher).
    pub fn finished(&self, report: &FileReport, more: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut diagnostics = report.diagnostics.clone();
        diagnostics.extend(more);
        self.finish_diagnostics(&report.suppressions, &mut diagnostics);
        diagnostics
    }

    fn finish_diagnostics(
        &self,
        suppressions: &[suppress::Suppression],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        suppress::apply(suppressions, diagnostics);
        diagnostics.retain_mut(|d| match self.config.severity(d.rule) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
        // (A diagnostic that closes a rule's findings comes after them.)
        diagnostics.sort_by_key(|d| {
            (
                d.omitted > 0,
                d.span.as_ref().map_or(0, |s| s.start),
                d.rule.code,
            )
        });
        cap(diagnostics);
    }

    /// Lints many files completely and in parallel; reports come back in the order of `files`.
    /// Paths are shown relative to `root` when they are inside it.
    pub fn lint_files(&self, root: &Path, files: &[PathBuf]) -> Vec<FileReport> {
        // A record with nothing to show lets its text go at once rather than at the end: a
        // large tree's texts would otherwise all be in memory together. What remains of it is
        // a hash of the text, in case a rule across records finds something there after all.
        let confined = accord_fs::Root::unchecked(root);
        let folders = folders::Folders::of(&confined, files.iter().map(PathBuf::as_path));
        let (mut reports, dropped): (Vec<FileReport>, Vec<Option<u64>>) = files
            .par_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let read = read_in_folders(&folders, path);
                let (mut report, _) = self.check_read_document(shown, read);
                let dropped = release_source(&mut report);
                (report, dropped)
            })
            .unzip();
        self.check_across(&mut reports);
        reports
            .par_iter_mut()
            .zip(dropped)
            .zip(files)
            .for_each(|((r, dropped), path)| {
                self.finish(r);
                if r.diagnostics.is_empty() {
                    // (A record with problems that the configuration turned off.)
                    release_source(r);
                } else if let Some(hash) = dropped {
                    restore_source(r, &confined, path, hash);
                }
            });
        reports
    }
}

/// The most findings of one rule shown for one file; the rest are counted in one closing
/// diagnostic ("and 4,213 more like this"), so that output stays linear in the input.
pub const MAX_PER_RULE: usize = 20;

/// The most findings shown for one file, all rules together.
pub const MAX_PER_FILE: usize = 100;

/// Keeps the first [`MAX_PER_RULE`] findings of each rule (in document order) and the first
/// [`MAX_PER_FILE`] in all; each rule with findings left out gets one closing diagnostic that
/// counts them (a stage that counted some itself, as the schema stage does, gives its own
/// closing diagnostic, whose count is carried over).
fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_PER_RULE {
        return;
    }
    let mut seen: foldhash::HashMap<&'static str, usize> = Default::default();
    let mut left_out: Vec<(&'static rules::Rule, Severity, usize)> = Vec::new();
    let mut kept = 0;
    diagnostics.retain(|d| {
        let n = seen.entry(d.rule.code).or_default();
        *n += 1;
        if *n <= MAX_PER_RULE && kept < MAX_PER_FILE {
            kept += 1;
            return true;
        }
        let stands_for = d.omitted.max(1);
        match left_out
            .iter_mut()
            .find(|(r, s, _)| r.code == d.rule.code && *s == d.severity)
        {
            Some((_, _, count)) => *count += stands_for,
            None => left_out.push((d.rule, d.severity, stands_for)),
        }
        false
    });
    for (rule, severity, count) in left_out {
        diagnostics.push(closing(rule, severity, count));
    }
}

/// The diagnostic that stands for `count` findings of `rule` in a file that are not shown.
pub(crate) fn closing(rule: &'static rules::Rule, severity: Severity, count: usize) -> Diagnostic {
    let mut more = Diagnostic::new(
        rule,
        format!("and {} more like this in this file", thousands(count)),
        None,
    );
    more.severity = severity;
    more.omitted = count;
    more
}

/// A count with thousands separated: `4,213`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Linter {
    /// Lints the `named` files as members of a tree that also holds `others`: the named ones
    /// completely, the others only for what the rules across records need of them (their
    /// facts), so that a named record is judged as it would be in a lint of the whole tree (a
    /// link to an existing record is found, an id reused elsewhere is reported). Reports come
    /// back for the named files, in their order.
    pub fn lint_among(
        &self,
        root: &Path,
        named: &[PathBuf],
        others: &[PathBuf],
    ) -> Vec<FileReport> {
        let confined = accord_fs::Root::unchecked(root);
        let folders =
            folders::Folders::of(&confined, named.iter().chain(others).map(PathBuf::as_path));
        let mut reports: Vec<FileReport> = named
            .par_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                self.check_read_document(shown, read_in_folders(&folders, path))
                    .0
            })
            .collect();
        let count = reports.len();
        reports.par_extend(others.par_iter().map_init(Vec::new, |buf, path| {
            let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let mut report = FileReport::empty(shown);
            if let Ok((file, stat)) = folders.open(path)
                && accord_fs::read_open(&file, stat.len, MAX_FILE_SIZE, buf).is_ok()
            {
                report.facts = facts_of(buf).map(Box::new);
            }
            report
        }));
        let wanted: std::collections::HashSet<PathBuf> =
            reports[..count].iter().map(|r| r.path.clone()).collect();
        self.check_across_some(&mut reports, |r| wanted.contains(&r.path));
        reports.truncate(count);
        reports.par_iter_mut().for_each(|r| self.finish(r));
        reports
    }
}

/// A hash of a record's text, to tell whether it is still the text that was checked.
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    // Seeded at random once per process: no text can be made ahead to pass for another.
    static SEED: std::sync::LazyLock<foldhash::fast::RandomState> =
        std::sync::LazyLock::new(Default::default);
    SEED.hash_one(text)
}

/// Lets a report's text go if it has nothing to show (no diagnostics yet), returning a hash of
/// the text for [`restore_source`]; `None` (and the text kept) otherwise. A tree's texts need
/// not all be in memory together for the few that rules across records may find something in.
pub fn release_source(report: &mut FileReport) -> Option<u64> {
    if !report.diagnostics.is_empty() || report.source.is_empty() {
        return None;
    }
    let hash = text_hash(&report.source);
    report.source = Arc::from("");
    Some(hash)
}

/// Reads a record's text again (from `path`, below `root`) for its diagnostics' snippets after
/// [`release_source`]. If it changed since it was checked, the diagnostics are kept without
/// their places, which no longer fit it.
pub fn restore_source(report: &mut FileReport, root: &accord_fs::Root, path: &Path, hash: u64) {
    let text = read_capped(root, path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    match text {
        Some(text) if text_hash(&text) == hash => report.source = Arc::from(text),
        _ => {
            for d in &mut report.diagnostics {
                d.span = None;
                d.related.clear();
            }
        }
    }
}

/// Reads a regular file below `root` (see `accord-fs`), refusing one over [`MAX_FILE_SIZE`]
/// before reading it.
fn read_capped(root: &accord_fs::Root, path: &Path) -> Result<Vec<u8>, accord_fs::Refused> {
    let rel = root.relative(path).ok_or(accord_fs::Refused::Outside)?;
    root.read(&rel, MAX_FILE_SIZE)
}

/// Reads a regular file through folders held open, refusing one over [`MAX_FILE_SIZE`] before
/// reading it.
fn read_in_folders(folders: &folders::Folders, path: &Path) -> Result<Vec<u8>, accord_fs::Refused> {
    let (file, stat) = folders.open(path)?;
    let mut bytes = Vec::new();
    accord_fs::read_open(&file, stat.len, MAX_FILE_SIZE, &mut bytes)?;
    Ok(bytes)
}

/// The report of a file that was refused or could not be read: a problem with the file as a
/// whole, whose message is a fixed text (never a byte of what a link points to).
pub fn refused(shown: PathBuf, why: accord_fs::Refused) -> FileReport {
    use accord_fs::Refused;
    let diagnostic = match &why {
        Refused::TooLarge { .. } => {
            Diagnostic::new(&rules::format::FILE_TOO_LARGE, why.to_string(), None)
                .with_help("summarise in your own words and link the source instead of pasting it")
        }
        Refused::Link | Refused::NotRegular(_) | Refused::Outside => {
            Diagnostic::new(&rules::format::UNREADABLE_FILE, why.to_string(), None)
                .with_help("keep records as regular files in the repository")
        }
        Refused::Io(e) => Diagnostic::new(
            &rules::format::UNREADABLE_FILE,
            format!("cannot read the file: {e}"),
            None,
        ),
    };
    file_problem(shown, diagnostic)
}

/// The facts the rules across records need of a record's bytes, read by the fast line reader
/// when the record has the usual block layout and by the full parser otherwise. `None` when the
/// bytes are not a record that parses (too big, not UTF-8, not YAML).
pub fn facts_of(bytes: &[u8]) -> Option<RecordFacts> {
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    rules::across::scan::scan(text).or_else(|| {
        accord_yaml::parse(text)
            .ok()
            .map(|doc| RecordFacts::of(&doc))
    })
}

/// A report holding one problem with a file as a whole.
pub fn file_problem(path: PathBuf, diagnostic: Diagnostic) -> FileReport {
    FileReport {
        path,
        source: Arc::from(""),
        diagnostics: vec![diagnostic],
        facts: None,
        suppressions: Vec::new(),
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

impl Summary {
    /// Adds up a run's reports.
    pub fn of(reports: &[FileReport]) -> Summary {
        Summary {
            files: reports.len(),
            errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
            warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_with_a_finding() -> FileReport {
        let mut report = FileReport::empty(PathBuf::from("records/x.yaml"));
        report.diagnostics.push(Diagnostic::new(
            &rules::across::duplicate_id::RULE,
            "id used twice",
            Some(4..7),
        ));
        report
    }

    #[test]
    fn a_dropped_text_comes_back_only_if_unchanged() {
        let dir = std::env::temp_dir().join(format!("accord-restore-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        let path = dir.join("x.yaml");
        std::fs::write(&path, "id: abc\n").expect("write");

        let root = accord_fs::Root::unchecked(&dir);
        let mut same = report_with_a_finding();
        restore_source(&mut same, &root, &path, text_hash("id: abc\n"));
        assert_eq!(&*same.source, "id: abc\n");
        assert_eq!(same.diagnostics[0].span, Some(4..7));

        // Edited between the check and the report: the place no longer fits the text.
        let mut changed = report_with_a_finding();
        restore_source(&mut changed, &root, &path, text_hash("id: xyz\n"));
        assert_eq!(&*changed.source, "");
        assert_eq!(changed.diagnostics[0].span, None);
        assert_eq!(changed.diagnostics[0].message, "id used twice");

        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
