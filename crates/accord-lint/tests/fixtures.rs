//! Every fixture under `tests/fixtures/` is linted and its diagnostics rendered in each format;
//! the output is compared with its snapshot. A fixture is named after the rule it triggers
//! (`A104-unknown-area.yaml`), and every rule must have one.

use std::path::{Path, PathBuf};

use accord_lint::render::{self, HumanOptions};
use accord_lint::{FileReport, Linter, rules};
use accord_schema::Vocabularies;
use accord_schema::date::Day;

/// The date the fixtures are linted on.
const TODAY: Day = Day {
    year: 2026,
    month: 1,
    day: 1,
};

fn linter() -> Linter {
    Linter::new(Vocabularies::builtin().clone(), TODAY).expect("linter")
}

/// Every fixture: a `.yaml` file, or a folder of records linted together (for the rules across
/// records).
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 name")
        .to_owned()
}

/// Where a fixture pretends to live: the path in a `# path: ...` first line, else
/// `records/<year>/<id>.yaml` from its `id:`, else `records/2025/<fixture name>.yaml`.
fn shown_path(path: &Path, bytes: &[u8]) -> PathBuf {
    let text = String::from_utf8_lossy(bytes);
    if let Some(p) = text.lines().next().and_then(|l| l.strip_prefix("# path: ")) {
        return PathBuf::from(p.trim());
    }
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .map(|v| {
            v.split(" #")
                .next()
                .unwrap_or(v)
                .trim()
                .trim_matches('"')
                .to_owned()
        })
        .filter(|id| id.len() > 5 && id.is_ascii() && id[..4].bytes().all(|b| b.is_ascii_digit()));
    match id {
        Some(id) => PathBuf::from(format!("records/{}/{id}.yaml", &id[..4])),
        None => PathBuf::from("records/2025").join(path.file_name().expect("name")),
    }
}

/// A history fixture: a folder with the record at the base commit (`base.yaml`) and now
/// (`head.yaml`, absent for a deletion), each with a `# path:` line.
fn lint_history(linter: &Linter, dir: &Path) -> Vec<FileReport> {
    use accord_lint::rules::history::{self, Change, ChangeKind};
    let base_text = std::fs::read_to_string(dir.join("base.yaml")).expect("base.yaml");
    let old_path = shown_path(dir, base_text.as_bytes());
    let head = std::fs::read_to_string(dir.join("head.yaml")).ok();
    let mut report = head.as_ref().map(|text| {
        let shown = shown_path(dir, text.as_bytes());
        let mut r = linter.check_source(shown, std::sync::Arc::from(text.as_str()));
        linter.check_across(std::slice::from_mut(&mut r));
        r
    });
    let change = Change {
        kind: match &report {
            None => ChangeKind::Deleted,
            Some(r) if r.path != old_path => ChangeKind::Renamed,
            Some(_) => ChangeKind::Modified,
        },
        path: report
            .as_ref()
            .map_or_else(|| old_path.clone(), |r| r.path.clone()),
        old_path: Some(old_path.clone()),
        base_text: Some(base_text),
    };
    let exists = report.is_some();
    let mut report = report.take().unwrap_or_else(|| FileReport::empty(old_path));
    history::judge(&change, "abc1234", &mut report, exists);
    linter.finish(&mut report);
    vec![report]
}

/// Lints one fixture: a file alone, every file of a folder together, or a history fixture.
fn lint(linter: &Linter, path: &Path) -> Vec<FileReport> {
    if path.join("base.yaml").is_file() {
        return lint_history(linter, path);
    }
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        let sources: Vec<(PathBuf, String)> = files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).expect("utf-8 fixture");
                (shown_path(f, text.as_bytes()), text)
            })
            .collect();
        return linter.lint_sources(&sources);
    }
    let bytes = std::fs::read(path).expect("readable");
    let shown = shown_path(path, &bytes);
    let mut report = linter.check_bytes(shown, bytes);
    linter.check_across(std::slice::from_mut(&mut report));
    linter.finish(&mut report);
    vec![report]
}

fn all_reports(linter: &Linter) -> Vec<FileReport> {
    fixtures().iter().flat_map(|p| lint(linter, p)).collect()
}

fn plain() -> HumanOptions {
    HumanOptions {
        color: false,
        unicode: false,
        width: 100,
    }
}

/// Each fixture's diagnostics match its snapshot: one snapshot per fixture, and every one is
/// compared even when some differ (`insta::glob!` reports the failures together).
#[test]
fn fixture() {
    let linter = linter();
    insta::glob!("fixtures/*", |path| {
        // The files of a folder fixture are linted with their folder.
        if path.parent().and_then(Path::file_name) != Some("fixtures".as_ref()) {
            return;
        }
        if stem(path).starts_with("clean") {
            return;
        }
        insta::assert_snapshot!(render::human(&lint(&linter, path), &plain()));
    });
}

/// Each fixture reports the rule it is named after (`A104-...`), and a `clean` one reports
/// nothing; every fixture that does not is listed.
#[test]
fn each_fixture_reports_its_rule() {
    let linter = linter();
    let mut wrong = Vec::new();
    for path in fixtures() {
        let name = stem(&path);
        let reports = lint(&linter, &path);
        let codes: Vec<&str> = reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(|d| d.rule.code))
            .collect();
        let right = if name.starts_with("clean") {
            codes.is_empty()
        } else {
            codes.contains(&&name[..4])
        };
        if !right {
            wrong.push(format!("{name}: {codes:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "fixtures without their rule:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn json_output_of_all_fixtures() {
    let reports = all_reports(&linter());
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
    let huge = "a"
        .repeat((accord_lint::MAX_FILE_SIZE + 1) as usize)
        .into_bytes();
    let report = linter().check_bytes(PathBuf::from("records/2025/huge.yaml"), huge);
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
    for report in all_reports(&linter()) {
        for d in report.diagnostics {
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

#[test]
fn github_output_of_all_fixtures() {
    let text = render::github(&all_reports(&linter()), "");
    for line in text.lines() {
        assert!(
            line.starts_with("::error file=records/")
                || line.starts_with("::warning file=records/"),
            "not a workflow command: {line}"
        );
        assert!(!line.contains('\r'));
    }
    insta::assert_snapshot!("all-fixtures.github", text);
}

#[test]
fn markdown_output_of_all_fixtures_renders_as_one_table_of_text() {
    let reports = all_reports(&linter());
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let text = render::markdown(
        "accord lint",
        "every fixture checked",
        &reports,
        "",
        "accord lint",
    );
    let html = accord_test_support::gfm(&text);
    assert!(!html.contains("raw HTML omitted"), "{html}");
    assert_eq!(html.matches("<table>").count(), 1);
    // A header row and a row per finding, five cells each: no text split a cell or a row.
    let rows: Vec<&str> = html.split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), 1 + findings);
    for row in &rows {
        assert_eq!(
            row.matches("<td").count() + row.matches("<th").count(),
            5,
            "{row}"
        );
    }
    let tags = accord_test_support::html_tags(&html);
    for tag in &tags {
        assert!(
            [
                "a", "code", "h2", "p", "table", "tbody", "td", "th", "thead", "tr"
            ]
            .contains(tag),
            "<{tag}> in\n{html}"
        );
    }
    insta::assert_snapshot!("all-fixtures.md", text);
}

#[test]
fn markdown_output_is_bounded_and_says_what_it_left_out() {
    let reports = all_reports(&linter());
    let many: Vec<FileReport> = (0..400).flat_map(|_| reports.iter().cloned()).collect();
    let findings: usize = many.iter().map(|r| r.diagnostics.len()).sum();
    let text = render::markdown("accord lint", "many", &many, "", "accord lint --base main");
    assert!(
        text.len() < render::MAX_MARKDOWN_BYTES + 4096,
        "{}",
        text.len()
    );
    let shown = text
        .lines()
        .filter(|l| l.starts_with("| error") || l.starts_with("| warning"))
        .count();
    assert!(shown < findings);
    assert!(
        text.ends_with(&format!(
            "\n{} more findings are not shown here: `accord lint --base main` lists them all.\n",
            findings - shown
        )),
        "{}",
        &text[text.len() - 200..]
    );
    // And the log says how many annotations GitHub drops.
    let note = render::annotations_left_out(&many, true).expect("a note");
    assert!(note.starts_with("GitHub shows 10 of the "), "{note}");
    assert!(note.ends_with("; the job summary lists them all"), "{note}");
    assert_eq!(render::annotations_left_out(&many[..1], true), None);
}

#[test]
fn sarif_output_of_all_fixtures_is_valid_sarif() {
    let text = render::sarif(&all_reports(&linter()), "0.0.0-test", "");
    let log: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json"))
            .expect("the SARIF schema is JSON");
    // The published schema's `run.language` pattern has a stray `]`, which the meta-schema's
    // `regex` format rejects. accord never writes `language`; the pattern is corrected here (in both places it occurs) so
    // the rest of the schema can be used as published.
    fn correct(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key == "pattern" && v == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *v = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                    } else {
                        correct(v);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(correct),
            _ => {}
        }
    }
    correct(&mut schema);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), rules::ALL.len());
    insta::assert_snapshot!("all-fixtures.sarif", text);
}

#[test]
fn the_rules_reference_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("RULES.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == rules::reference(),
        "crates/accord-lint/RULES.md is stale; regenerate it with `cargo run -p accord-codegen`"
    );
}

/// Published means valid: with every rule that may be turned off turned off (the most a
/// maintainer's `accord.toml` or a contributor's suppression can admit), every fixture that
/// lints without an error is accepted by the committed `schema/record.schema.json`, checked by
/// the JSON Schema validator on its own.
#[test]
fn whatever_lint_passes_the_published_schema_accepts() {
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/record.schema.json"),
        )
        .expect("the committed schema"),
    )
    .expect("JSON");
    let validator = jsonschema::draft202012::new(&committed).expect("the schema compiles");
    let mut toml = String::from("[rules]\n");
    for rule in rules::ALL.iter().filter(|r| r.configurable()) {
        toml.push_str(&format!("{} = \"off\"\n", rule.name));
    }
    let config =
        accord_lint::Config::parse(&toml, "accord.toml").expect("every configurable rule off");
    let permissive = linter().with_config(config);
    let mut passed = 0;
    for path in fixtures() {
        for report in lint(&permissive, &path) {
            if report.count(accord_lint::Severity::Error) > 0 || report.source.is_empty() {
                continue;
            }
            let doc = accord_yaml::parse(&report.source).expect("a record that lints parses");
            let errors: Vec<String> = validator
                .iter_errors(&doc.value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{} passes lint with every configurable rule off, yet the published schema refuses it: {errors:?}",
                report.path.display()
            );
            passed += 1;
        }
    }
    assert!(passed > 10, "only {passed} fixtures passed");
}

/// The rules the table marks fixed cannot be configured nor suppressed, and they are the ones
/// that keep a record readable or valid against the schema: every schema rule, the file and
/// YAML rules, the placeholder and unsafe-link rules.
#[test]
fn fixed_rules_refuse_configuration_and_suppression() {
    for rule in rules::ALL {
        let must_be_fixed = rule.code.starts_with("A1")
            || (rule.code.starts_with("A5") && rule.code != "A512")
            || ["A212", "A214"].contains(&rule.code);
        assert_eq!(rule.fixed, must_be_fixed, "{} ({})", rule.code, rule.name);
        for level in ["off", "warning", "error"] {
            let toml = format!("[rules]\n{} = \"{level}\"\n", rule.name);
            assert_eq!(
                accord_lint::Config::parse(&toml, "accord.toml").is_ok(),
                !rule.fixed,
                "{} = {level}",
                rule.name
            );
        }
    }
    // A suppression of a fixed rule is itself an error, and the rule still reports.
    let record = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/A212-placeholder.yaml"),
    )
    .expect("fixture");
    let text = format!("# accord: allow(placeholder) not filled in yet\n{record}");
    let report = linter().lint_source(Path::new("records/2025/x.yaml"), &text);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
    assert!(
        codes.contains(&"A511") && codes.contains(&"A212"),
        "{codes:?}"
    );
}

/// Every rule declared anywhere in the source is in the rule table, and every diagnostic the
/// fixtures give names a rule of the table: a check cannot emit a code the table (and so
/// `accord rules`, RULES.md, the configuration and the suppressions) does not know.
#[test]
fn every_code_a_check_emits_is_in_the_table() {
    let files =
        accord_test_support::rust_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let declared = regex::Regex::new(r#"pub static [A-Z0-9_]+ = \("(A\d{3})""#).expect("regex");
    let mut seen = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source");
        for found in declared.captures_iter(&text) {
            let code = &found[1];
            assert!(
                rules::ALL.iter().any(|r| r.code == code),
                "{code}, declared in {}, is not in rules::ALL",
                file.display()
            );
            seen += 1;
        }
    }
    assert_eq!(
        seen,
        rules::ALL.len(),
        "a rule of the table is declared twice or not found"
    );
    for report in all_reports(&linter()) {
        for d in &report.diagnostics {
            assert!(
                rules::ALL.iter().any(|r| std::ptr::eq(*r, d.rule)),
                "{} emitted a rule outside the table",
                d.rule.code
            );
        }
    }
}
