//! The rule table: every diagnostic accord can report, with its stable code, its name, its default
//! severity and its documentation.
//!
//! Codes are grouped by hundreds: `A1xx` schema, `A2xx` record rules, `A3xx` rules across records,
//! `A4xx` history rules, `A5xx` file and YAML format. A code is never reused, even when its rule
//! is retired.

use crate::diagnostic::Severity;

pub mod across;
pub mod format;
pub mod history;
pub mod record;
pub mod schema;

/// Metadata of one rule. Its documentation is its doc comment, kept as data so that
/// `accord explain CODE` and the rules reference print it.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, for example `A104`.
    pub code: &'static str,
    /// Kebab-case name that reads as "allow <name>", for example `unknown-value`.
    pub name: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// Whether `accord fmt` can fix what it reports.
    pub fixable: bool,
    /// Whether the rule keeps a record readable or valid against the published schema, so
    /// that neither `accord.toml` nor a suppression comment may turn it off or change it:
    /// turning it off would pass, and publish, a record the schema refuses.
    pub fixed: bool,
    /// Markdown documentation: what it does, why it matters, an example, what to use instead.
    pub doc: &'static str,
}

impl Rule {
    /// The documentation as Markdown, without the doc comments' leading spaces.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first paragraph of "What it does", on one line.
    pub fn summary(&self) -> String {
        let text = self.doc_text();
        text.lines()
            .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether `accord.toml` and suppression comments may change this rule: every rule but
    /// the [`Rule::fixed`] ones, which the rule table marks.
    pub fn configurable(&self) -> bool {
        !self.fixed
    }
}

/// Declares a rule: a `pub static` [`Rule`] whose documentation is the doc comment above it.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub static $ident:ident = ($code:literal, $name:literal, $severity:ident $(, fixable = $fixable:literal)? $(, fixed = $fixed:literal)?);
    ) => {
        $(#[doc = $doc])+
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            fixable: false $(|| $fixable)?,
            fixed: false $(|| $fixed)?,
            doc: concat!($($doc, "\n"),+),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, ordered by code.
pub static ALL: &[&Rule] = &[
    &schema::WRONG_TYPE,
    &schema::MISSING_FIELD,
    &schema::UNKNOWN_FIELD,
    &schema::UNKNOWN_VALUE,
    &schema::MALFORMED_VALUE,
    &schema::ITEM_COUNT,
    &schema::PARTY_IDENTITY,
    &schema::UNSUPPORTED_SCHEMA_VERSION,
    &schema::SCHEMA_VIOLATION,
    &record::id_file_mismatch::RULE,
    &record::misplaced_file::RULE,
    &record::ambiguous_scalar::RULE,
    &record::invalid_date::RULE,
    &record::reversed_range::RULE,
    &record::future_date::RULE,
    &record::duplicate_party::RULE,
    &record::source_before_event::RULE,
    &record::due_before_event::RULE,
    &record::insecure_url::RULE,
    &record::unlisted_committer::RULE,
    &record::placeholder::RULE,
    &record::id_date_mismatch::RULE,
    &record::unsafe_link::RULE,
    &record::non_positive_amount::RULE,
    &record::estimate_without_words::RULE,
    &record::disbursed_before_event::RULE,
    &record::commitment_above_event::RULE,
    &across::duplicate_id::RULE,
    &across::unknown_related::RULE,
    &across::self_related::RULE,
    &across::near_duplicate::RULE,
    &history::changed_id::RULE,
    &history::renamed_record::RULE,
    &history::deleted_record::RULE,
    &history::removed_retraction::RULE,
    &history::moved_year_folder::RULE,
    &format::YAML_SYNTAX,
    &format::DUPLICATE_KEY,
    &format::TAB_INDENTATION,
    &format::YAML_ALIAS,
    &format::MULTIPLE_DOCUMENTS,
    &format::EMPTY_FILE,
    &format::NOT_UTF8,
    &format::FILE_TOO_LARGE,
    &format::NOT_A_RECORD_FILE,
    &format::UNREADABLE_FILE,
    &format::CONTROL_CHARACTER,
    &crate::suppress::INVALID_SUPPRESSION,
    &crate::suppress::UNUSED_SUPPRESSION,
];

/// The rule with this code (`A104`) or name (`unknown-value`), case-insensitively.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Where the generated rules reference lives, relative to the repository root.
pub const REFERENCE_PATH: &str = "crates/accord-lint/RULES.md";

/// The rules reference (Markdown), generated from the rule table and each rule's documentation.
pub fn reference() -> String {
    let mut out = String::from(
        "<!-- generated by `cargo run -p accord-codegen` from the rules' doc comments; do not edit -->\n\
         # accord rules\n\n\
         Every diagnostic accord reports comes from one of these rules. Codes are grouped by \
         hundreds: `A1xx` schema, `A2xx` record, `A3xx` across records, `A4xx` history, `A5xx` file \
         and YAML format. `accord explain CODE` prints one entry; `accord.toml` changes a rule's \
         severity (`[rules] name = \"error\" | \"warning\" | \"off\"`), and a record silences one \
         for itself with `# accord: allow(name) reason`.\n\n\
         | code | name | default | fix | configurable |\n|---|---|---|---|---|\n",
    );
    for rule in ALL {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {severity} | {fix} | {conf} |\n",
            code = rule.code,
            anchor = rule.code.to_ascii_lowercase(),
            name = rule.name,
            severity = rule.severity.as_str(),
            fix = if rule.fixable { "`accord fmt`" } else { "" },
            conf = if rule.configurable() { "yes" } else { "no" },
        ));
    }
    for rule in ALL {
        out.push_str(&format!(
            "\n## {}\n\n`{}`, default severity {}.\n\n",
            rule.code,
            rule.name,
            rule.severity.as_str()
        ));
        for line in rule.doc_text().lines() {
            // Rule sections become level-3 headings under the rule's own heading.
            match line.strip_prefix("## ") {
                Some(title) => out.push_str(&format!("### {title}\n")),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}
