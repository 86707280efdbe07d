//! `accord.toml`: the repository's settings for the linter (severity per rule, paths to leave
//! out). A missing file means the defaults; a malformed one is an error, never ignored.
//!
//! ```toml
//! [rules]
//! near-duplicate = "off"      # by name or code
//! A213 = "error"
//!
//! [files]
//! ignore = ["records/drafts/**"]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::rules::{self, Rule};
use crate::suggest::did_you_mean;

/// The configuration file's name, at the repository root.
pub const FILE_NAME: &str = "accord.toml";

/// What can go wrong reading `accord.toml`.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: accord_fs::Refused,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{path} is not a valid accord configuration: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// The parser's explanation, with the line.
        message: String,
    },
    /// A value is not allowed.
    #[error("{path}: {message}")]
    Value {
        /// The file.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    files: RawFiles,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    ignore: Vec<String>,
}

/// The linter's configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Severity per rule code; `None` turns the rule off.
    levels: HashMap<&'static str, Option<Severity>>,
    ignore: GlobSet,
    ignore_patterns: Vec<String>,
}

impl Config {
    /// Reads `accord.toml` under `root`; the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        // A regular file below the root, reached without following a link.
        let confined = accord_fs::Root::unchecked(root);
        match confined.read_to_string(Path::new(FILE_NAME), accord_fs::MAX_SETTINGS_FILE) {
            Ok(text) => Config::parse(&text, FILE_NAME),
            Err(e) if e.is_missing() => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: FILE_NAME.to_owned(),
                source,
            }),
        }
    }

    /// Parses the text of a configuration file; `shown` names it in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: shown.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let value_error = |message: String| ConfigError::Value {
            path: shown.to_owned(),
            message,
        };
        let mut levels = HashMap::new();
        for (name, level) in &raw.rules {
            let rule: &'static Rule = rules::find(name).ok_or_else(|| {
                let hint = did_you_mean(name, rules::ALL.iter().map(|r| r.name))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                value_error(format!(
                    "[rules]: no rule is named `{name}`{hint}; `accord rules` lists them"
                ))
            })?;
            if !rule.configurable() {
                return Err(value_error(format!(
                    "[rules]: `{}` ({}) cannot be configured: it keeps records readable and valid against the published schema",
                    rule.name, rule.code
                )));
            }
            let severity = match level.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "off" => None,
                other => {
                    return Err(value_error(format!(
                        "[rules]: `{name} = \"{other}\"`: the level is `error`, `warning` or `off`"
                    )));
                }
            };
            if levels.insert(rule.code, severity).is_some() {
                return Err(value_error(format!(
                    "[rules]: `{}` is configured twice (by code and by name)",
                    rule.name
                )));
            }
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in &raw.files.ignore {
            let glob = Glob::new(pattern).map_err(|e| {
                value_error(format!(
                    "[files] ignore: `{pattern}` is not a valid pattern: {e}"
                ))
            })?;
            builder.add(glob);
        }
        let ignore = builder
            .build()
            .map_err(|e| value_error(format!("[files] ignore: {e}")))?;
        Ok(Config {
            levels,
            ignore,
            ignore_patterns: raw.files.ignore,
        })
    }

    /// The severity of a rule's diagnostics; `None` when the rule is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.levels
            .get(rule.code)
            .copied()
            .unwrap_or(Some(rule.severity))
    }

    /// Whether a path (relative to the repository root, `/`-separated) is left out.
    pub fn is_ignored(&self, relative: &Path) -> bool {
        !self.ignore_patterns.is_empty() && self.ignore.is_match(relative)
    }

    /// The ignore patterns as written.
    pub fn ignore_patterns(&self) -> &[String] {
        &self.ignore_patterns
    }
}
