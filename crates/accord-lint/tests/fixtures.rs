//! Every fixture under `tests/fixtures/` is linted and its diagnostics rendered in each format;
//! the output is compared with its snapshot. A fixture is named after the rule it triggers
//! (`A104-unknown-area.yaml`), and every rule must have one.

use std::path::{Path, PathBuf};

use accord_lint::render::{self, HumanOptions};
use accord_lint::{FileReport, Linter, rules};
use accord_schema::Vocabularies;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

fn lint(linter: &Linter, path: &Path) -> FileReport {
    let shown = PathBuf::from("records/2025").join(path.file_name().expect("name"));
    linter.lint_bytes(shown, std::fs::read(path).expect("readable"))
}

fn plain() -> HumanOptions {
    HumanOptions {
        color: false,
        unicode: false,
        width: 100,
    }
}

#[test]
fn each_fixture_reports_its_rule_at_the_right_place() {
    let linter = Linter::new(Vocabularies::builtin().clone()).expect("linter");
    for path in fixtures() {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let report = lint(&linter, &path);
        if name == "clean" {
            assert!(
                report.diagnostics.is_empty(),
                "{name}: {:?}",
                report.diagnostics
            );
            continue;
        }
        let code = &name[..4];
        assert!(
            report.diagnostics.iter().any(|d| d.rule.code == code),
            "{name}: expected a {code} diagnostic, got {:?}",
            report
                .diagnostics
                .iter()
                .map(|d| d.rule.code)
                .collect::<Vec<_>>()
        );
        insta::assert_snapshot!(name, render::human(std::slice::from_ref(&report), &plain()));
    }
}

#[test]
fn json_output_of_all_fixtures() {
    let linter = Linter::new(Vocabularies::builtin().clone()).expect("linter");
    let reports: Vec<FileReport> = fixtures().iter().map(|p| lint(&linter, p)).collect();
    let text = render::json(&reports);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    for item in parsed.as_array().expect("an array") {
        for key in [
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "code",
            "name",
            "severity",
            "message",
            "help",
        ] {
            assert!(item.get(key).is_some(), "missing `{key}` in {item}");
        }
    }
    insta::assert_snapshot!("all-fixtures.json", text);
}

/// Rules whose trigger is not a file's content; each is covered by the named test instead.
const COVERED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "A109",
        "a fallback for schema keywords no other rule maps; unreachable with today's schema",
    ),
    ("A508", "oversized_files_are_refused_before_parsing"),
    ("A509", "accord-cli tests: stray_files_are_reported"),
    ("A510", "accord-cli tests: broken_links_are_reported"),
];

#[test]
fn every_rule_has_a_fixture() {
    let names: Vec<String> = fixtures()
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .collect();
    for rule in rules::ALL {
        let has_fixture = names.iter().any(|n| n.starts_with(rule.code));
        let elsewhere = COVERED_ELSEWHERE.iter().any(|(code, _)| *code == rule.code);
        assert!(
            has_fixture || elsewhere,
            "rule {} ({}) has no fixture in tests/fixtures/",
            rule.code,
            rule.name
        );
    }
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let linter = Linter::new(Vocabularies::builtin().clone()).expect("linter");
    let huge = "a"
        .repeat((accord_lint::MAX_FILE_SIZE + 1) as usize)
        .into_bytes();
    let report = linter.lint_bytes(PathBuf::from("records/2025/huge.yaml"), huge);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].rule.code, "A508");
}

#[test]
fn rules_are_documented_and_messages_follow_the_house_style() {
    let mut codes = std::collections::HashSet::new();
    for rule in rules::ALL {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                rule.doc.contains(section),
                "{} lacks `{section}`",
                rule.code
            );
        }
        assert!(
            rule.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} is not kebab-case",
            rule.name
        );
    }
    let linter = Linter::new(Vocabularies::builtin().clone()).expect("linter");
    for path in fixtures() {
        for d in lint(&linter, &path).diagnostics {
            let first = d.message.chars().next().expect("non-empty message");
            assert!(
                !first.is_uppercase(),
                "{}: `{}` starts upper case",
                d.rule.code,
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{}: `{}` ends with a period",
                d.rule.code,
                d.message
            );
        }
    }
}
