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
//!
//! [site]
//! title = "Health cooperation dataset"
//! base_url = "https://example.org/accord/"
//! repository_url = "https://github.com/example/accord"
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
    #[serde(default)]
    site: SiteSettings,
}

/// `[site]`: how the built site names itself and where it and its records live. Every field is
/// optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// The site's title (one line).
    pub title: Option<String>,
    /// Where the site is published (`https://`), for permanent links and citations.
    pub base_url: Option<String>,
    /// The repository holding the records (`https://`), for links to a record and its history.
    pub repository_url: Option<String>,
}

impl SiteSettings {
    /// Checks the values: a one-line title of at most 200 characters, and `https://` addresses
    /// with nothing that could break out of a page's attribute.
    fn check(&self) -> Result<(), String> {
        if let Some(title) = &self.title
            && (title.trim().is_empty()
                || title.chars().count() > 200
                || title.chars().any(char::is_control))
        {
            return Err("[site] title: one line of 1 to 200 characters".to_owned());
        }
        for (key, url) in [
            ("base_url", &self.base_url),
            ("repository_url", &self.repository_url),
        ] {
            let Some(url) = url else { continue };
            let https = url
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
                && url.len() > 8;
            let clean = !url.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\')
            });
            if !https || !clean {
                return Err(format!(
                    "[site] {key}: `{url}` is not an https:// address (without spaces or quotes)"
                ));
            }
        }
        Ok(())
    }
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
    site: SiteSettings,
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
        raw.site.check().map_err(value_error)?;
        Ok(Config {
            levels,
            ignore,
            ignore_patterns: raw.files.ignore,
            site: raw.site,
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

    /// The `[site]` settings.
    pub fn site(&self) -> &SiteSettings {
        &self.site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_settings_are_read_and_checked() {
        let config = Config::parse(
            "[site]\ntitle = \"Health cooperation\"\nbase_url = \"https://example.org/accord/\"\nrepository_url = \"https://github.com/example/accord\"\n",
            "accord.toml",
        )
        .expect("valid");
        assert_eq!(config.site().title.as_deref(), Some("Health cooperation"));
        assert_eq!(
            config.site().base_url.as_deref(),
            Some("https://example.org/accord/")
        );
        for bad in [
            "[site]\nbase_url = \"http://example.org/\"\n",
            "[site]\nbase_url = \"javascript:alert(1)\"\n",
            "[site]\nrepository_url = \"https://example.org/\\\"><script>\"\n",
            "[site]\ntitle = \"\"\n",
            "[site]\ntitle = \"two\\nlines\"\n",
            "[site]\ncolour = \"red\"\n",
        ] {
            assert!(Config::parse(bad, "accord.toml").is_err(), "{bad}");
        }
        assert_eq!(Config::default().site(), &SiteSettings::default());
    }
}
