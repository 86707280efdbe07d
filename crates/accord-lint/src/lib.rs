//! The accord linter: reads record files, checks them in stages, and returns diagnostics as data.
//!
//! Stages run in order for each file: file checks (size, encoding, name), YAML syntax, the
//! schema. A file that fails a stage is not fed to the next one. Renderers (see [`render`]) turn
//! the resulting [`FileReport`]s into text for people or machines; nothing in this crate prints.

pub mod diagnostic;
pub mod discover;
pub mod render;
pub mod rules;
pub mod suggest;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord_schema::Vocabularies;
use rayon::prelude::*;

pub use diagnostic::{Diagnostic, FileReport, LineCol, LineIndex, Related, Severity};
use rules::schema::CompiledSchema;

/// Records larger than this are refused before parsing.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Why the linter could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The vocabularies could not be read.
    #[error(transparent)]
    Vocabulary(#[from] accord_schema::VocabularyError),
    /// The schema generated from the vocabularies does not compile.
    #[error("the record schema does not compile: {0}")]
    Schema(String),
}

/// A configured linter: the compiled schema and the vocabularies, built once and shared by every
/// file (and every thread).
pub struct Linter {
    schema: CompiledSchema,
    vocabularies: Vocabularies,
}

impl Linter {
    /// Builds a linter for these vocabularies; compiles the record schema once.
    pub fn new(vocabularies: Vocabularies) -> Result<Linter, LintError> {
        let value = accord_schema::schema::record_schema(&vocabularies);
        let validator = accord_schema::schema::compile(&value).map_err(LintError::Schema)?;
        Ok(Linter {
            schema: CompiledSchema { value, validator },
            vocabularies,
        })
    }

    /// The vocabularies this linter checks against.
    pub fn vocabularies(&self) -> &Vocabularies {
        &self.vocabularies
    }

    /// Lints one record's text: YAML syntax, then the schema version, then the schema.
    pub fn lint_source(&self, source: &str) -> Vec<Diagnostic> {
        let doc = match accord_yaml::parse(source) {
            Ok(doc) => doc,
            Err(errors) => return errors.iter().map(rules::format::from_yaml_error).collect(),
        };
        if let Some(version) = rules::schema::check_version(&doc) {
            return vec![version];
        }
        let mut diagnostics = rules::schema::check(&doc, source, &self.schema);
        diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        diagnostics
    }

    /// Lints a file's bytes: size cap, UTF-8, then [`Linter::lint_source`].
    pub fn lint_bytes(&self, shown: PathBuf, bytes: Vec<u8>) -> FileReport {
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return file_problem(
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
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
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
                return report;
            }
        };
        let diagnostics = self.lint_source(&text);
        FileReport {
            path: shown,
            source: Arc::from(text),
            diagnostics,
        }
    }

    /// Reads and lints one file; `shown` is how the report names it.
    pub fn lint_file(&self, path: &Path, shown: PathBuf) -> FileReport {
        match read_capped(path) {
            Ok(bytes) => self.lint_bytes(shown, bytes),
            Err(e) => file_problem(
                shown,
                Diagnostic::new(
                    &rules::format::UNREADABLE_FILE,
                    format!("cannot read the file: {e}"),
                    None,
                ),
            ),
        }
    }

    /// Lints many files in parallel; reports come back in the order of `files`.
    pub fn lint_files(&self, root: &Path, files: &[PathBuf]) -> Vec<FileReport> {
        files
            .par_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                self.lint_file(path, shown)
            })
            .collect()
    }
}

/// Reads at most one byte more than the cap, so that a huge file is refused without being read.
fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A report holding one problem with a file as a whole.
pub fn file_problem(path: PathBuf, diagnostic: Diagnostic) -> FileReport {
    FileReport {
        path,
        source: Arc::from(""),
        diagnostics: vec![diagnostic],
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
