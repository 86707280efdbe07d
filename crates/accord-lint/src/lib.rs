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
        })
    }

    /// The linter of the repository at `root`: its vocabularies (`schema/vocabularies/`, else
    /// the built-in copies) and its `accord.toml` (else the defaults).
    pub fn load(root: &Path, today: Day) -> Result<Linter, LintError> {
        let vocabularies = Vocabularies::load(root)?;
        let config = Config::load(root)?;
        Ok(Linter::new(vocabularies, today)?.with_config(config))
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
        let doc = match accord_yaml::parse(text) {
            Ok(doc) => doc,
            Err(errors) => {
                report.diagnostics = errors.iter().map(rules::format::from_yaml_error).collect();
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
        report.facts = Some(RecordFacts::of(&doc));
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
            let report = file_problem(
                shown,
                Diagnostic::new(
                    &rules::format::FILE_TOO_LARGE,
                    format!(
                        "the file is {} KiB; records are capped at {} KiB",
                        bytes.len() / 1024,
                        MAX_FILE_SIZE / 1024
                    ),
                    None,
                )
                .with_help("summarise in your own words and link the source instead of pasting it"),
            );
            return (report, None);
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

    /// Reads a file and runs the per-file stages; `shown` is how the report names it.
    pub fn check_file(&self, path: &Path, shown: PathBuf) -> FileReport {
        self.check_file_document(path, shown).0
    }

    /// Like [`Linter::check_file`], also returning the parsed document's value.
    pub fn check_file_document(
        &self,
        path: &Path,
        shown: PathBuf,
    ) -> (FileReport, Option<serde_json::Value>) {
        self.check_read_document(shown, read_capped(path))
    }

    /// Checks what reading a file gave: its bytes, or why it could not be read.
    fn check_read_document(
        &self,
        shown: PathBuf,
        read: std::io::Result<Vec<u8>>,
    ) -> (FileReport, Option<serde_json::Value>) {
        match read {
            Ok(bytes) => self.check_bytes_document(shown, bytes),
            Err(e) => (
                file_problem(
                    shown,
                    Diagnostic::new(
                        &rules::format::UNREADABLE_FILE,
                        format!("cannot read the file: {e}"),
                        None,
                    ),
                ),
                None,
            ),
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
            .then(|| rules::across::bearing_on(reports.iter().map(|r| r.facts.as_ref()), &wanted))
            .flatten();
        let mut numbered = Vec::new();
        let indexed: Vec<(&Path, RecordFacts)> = reports
            .iter_mut()
            .enumerate()
            .filter_map(|(i, r)| {
                let facts = r.facts.take()?;
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
                r.facts = index.take_file_facts(file);
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
        diagnostics.sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.rule.code));
    }

    /// Lints many files completely and in parallel; reports come back in the order of `files`.
    /// Paths are shown relative to `root` when they are inside it.
    pub fn lint_files(&self, root: &Path, files: &[PathBuf]) -> Vec<FileReport> {
        // A record with nothing to show lets its text go at once rather than at the end: a
        // large tree's texts would otherwise all be in memory together. What remains of it is
        // a hash of the text, in case a rule across records finds something there after all.
        let folders = folders::Folders::of(files.iter().map(PathBuf::as_path));
        let (mut reports, dropped): (Vec<FileReport>, Vec<Option<u64>>) = files
            .par_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let read = folders.open(path).and_then(|file| read_open_capped(&file));
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
                    restore_source(r, path, hash);
                }
            });
        reports
    }
}

/// A hash of a record's text, to tell whether it is still the text that was checked.
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
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

/// Reads a record's text again (from `path`) for its diagnostics' snippets after
/// [`release_source`]. If it changed since it was checked, the diagnostics are kept without
/// their places, which no longer fit it.
pub fn restore_source(report: &mut FileReport, path: &Path, hash: u64) {
    let text = read_capped(path)
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

/// Reads at most one byte more than the cap, so that a huge file is refused without being read.
fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    read_open_capped(&std::fs::File::open(path)?)
}

/// [`read_capped`] for a file already open.
fn read_open_capped(file: &std::fs::File) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_open_capped_into(file, &mut bytes)?;
    Ok(bytes)
}

/// Room made in a buffer before reading a file into it: a record fits, so that it takes one
/// read to fill the buffer and one to see the end (from an empty buffer the standard library
/// starts with 32 bytes and doubles: eight reads for a record of 1.3 KB).
const READ_AHEAD: usize = 16 * 1024;

/// Reads a file into `buf` (emptied first), at most [`MAX_FILE_SIZE`] + 1 bytes, so that a
/// length over the limit tells the file is too big without reading all of it. Callers that read
/// many files keep one buffer per thread: with room to spare, a file takes one read to fill it
/// and one to see its end, and nothing is allocated.
pub fn read_capped_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    read_open_capped_into(&std::fs::File::open(path)?, buf)
}

/// [`read_capped_into`] for a file already open.
pub fn read_open_capped_into(file: &std::fs::File, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    buf.clear();
    buf.reserve(READ_AHEAD);
    file.take(MAX_FILE_SIZE + 1).read_to_end(buf)?;
    Ok(())
}

/// [`read_open_capped_into`] for a regular file whose stat data gave its length `len`: one read
/// asks for a byte more than that, and when the file is still that long it gets just `len`,
/// which on a regular file means the end was reached, so no second read is needed to see it.
/// A file that grew or shrank since is read on to its end.
pub fn read_open_sized_into(
    mut file: &std::fs::File,
    buf: &mut Vec<u8>,
    len: u64,
) -> std::io::Result<()> {
    use std::io::Read;
    if len >= MAX_FILE_SIZE {
        return read_open_capped_into(file, buf);
    }
    let want = len as usize + 1;
    buf.clear();
    buf.resize(want, 0);
    let got = loop {
        match file.read(buf) {
            Ok(got) => break got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                buf.clear();
                return Err(e);
            }
        }
    };
    buf.truncate(got);
    if got as u64 != len {
        // Not the length the stat data gave: read on to the end, within the cap.
        file.take(MAX_FILE_SIZE + 1 - got as u64).read_to_end(buf)?;
    }
    Ok(())
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

        let mut same = report_with_a_finding();
        restore_source(&mut same, &path, text_hash("id: abc\n"));
        assert_eq!(&*same.source, "id: abc\n");
        assert_eq!(same.diagnostics[0].span, Some(4..7));

        // Edited between the check and the report: the place no longer fits the text.
        let mut changed = report_with_a_finding();
        restore_source(&mut changed, &path, text_hash("id: xyz\n"));
        assert_eq!(&*changed.source, "");
        assert_eq!(changed.diagnostics[0].span, None);
        assert_eq!(changed.diagnostics[0].message, "id used twice");

        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn a_sized_read_gets_the_whole_file_whatever_its_stat_data_said() {
        let dir = tempfile::tempdir().expect("temp folder");
        let path = dir.path().join("x.yaml");
        let text: Vec<u8> = (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).expect("write");
        let file = std::fs::File::open(&path).expect("open");
        let mut buf = b"left over".to_vec();
        // As long as said, longer (grown since), shorter (shrunk since), and empty.
        for said in [5000, 4000, 0, 6000, 1] {
            read_open_sized_into(&file, &mut buf, said).expect("read");
            assert_eq!(buf, text, "stat data said {said}");
            std::io::Seek::rewind(&mut &file).expect("rewind");
        }
        // A file over the cap is read one byte past it, as read_open_capped_into does.
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, vec![b'x'; MAX_FILE_SIZE as usize + 100]).expect("write");
        let file = std::fs::File::open(&big).expect("open");
        for said in [MAX_FILE_SIZE + 100, 10] {
            read_open_sized_into(&file, &mut buf, said).expect("read");
            assert_eq!(buf.len() as u64, MAX_FILE_SIZE + 1, "stat data said {said}");
            std::io::Seek::rewind(&mut &file).expect("rewind");
        }
        let empty = dir.path().join("empty.yaml");
        std::fs::write(&empty, b"").expect("write");
        let file = std::fs::File::open(&empty).expect("open");
        read_open_sized_into(&file, &mut buf, 0).expect("read");
        assert!(buf.is_empty());
    }
}
