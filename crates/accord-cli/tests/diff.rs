//! `accord diff` on a real repository with a main branch and a pull-request branch that makes
//! every kind of change: a record added, one edited field by field, one retracted, one deleted
//! and one moved to another year's folder.

use std::path::Path;

mod common;

use accord_test_support::{distinct_record, record_path as path};
use common::{accord, commit_all, git, stderr, stdout, write};

/// `main` with four records, and `pr` (checked out) changing each one and adding a fifth.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    for (slug, kind) in [
        ("a", "meeting"),
        ("b", "visit"),
        ("c", "donation"),
        ("d", "conference"),
    ] {
        write(root, &path(slug), &distinct_record(slug, kind));
    }
    commit_all(root, "four records");
    git(root, &["checkout", "-q", "-b", "pr"]);
    // (With enough lines of its own that git does not take it for the deleted record moved.)
    let tags: String = (0..40).map(|i| format!("  - topic-{i}\n")).collect();
    let added = format!("{}tags:\n{tags}", distinct_record("e", "programme-launch"));
    write(root, &path("e"), &added);
    let edited = distinct_record("a", "meeting")
        .replace("\"Record a\"", "\"Record a, corrected\"")
        .replace(
            "  - country: \"CN\"\n",
            "  - country: \"CN\"\n    role: host\n",
        )
        .replace("areas: [vaccines]", "areas: [nutrition, vaccines]")
        .replace(
            "\"A working group within 30 days.\"",
            "\"A joint working group within 30 days.\"",
        );
    write(root, &path("a"), &edited);
    let retracted = format!(
        "{}retracted:\n  date: \"2025-06-01\"\n  reason: \"Duplicate of another record.\"\n",
        distinct_record("b", "visit")
    );
    write(root, &path("b"), &retracted);
    git(root, &["rm", "-q", &path("c")]);
    std::fs::create_dir_all(root.join("records/2024")).expect("folder");
    git(root, &["mv", &path("d"), "records/2024/2025-05-19-d.yaml"]);
    commit_all(root, "every kind of change");
    dir
}

fn json(root: &Path, args: &[&str]) -> serde_json::Value {
    let out = accord(root, args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

#[test]
fn each_kind_of_change_is_shown_for_what_it_is() {
    let dir = repo();
    let root = dir.path();
    let diff = json(root, &["diff", "--base", "main", "--format", "json"]);
    let base = git(root, &["rev-parse", "--short", "main"]);
    assert_eq!(diff["base"], base.trim());
    assert_eq!(diff["version"], 1);
    assert_eq!(
        diff["counts"],
        serde_json::json!({"added": 1, "changed": 1, "retracted": 1, "renamed": 1, "deleted": 1})
    );
    let records = diff["records"].as_array().expect("records");
    let kinds: Vec<(&str, &str)> = records
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().expect("kind"),
                r["path"].as_str().expect("path"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("added", path("e").as_str()),
            ("changed", path("a").as_str()),
            ("retracted", path("b").as_str()),
            ("renamed", "records/2024/2025-05-19-d.yaml"),
            ("deleted", path("c").as_str()),
        ]
    );

    // The added record, in a line.
    assert_eq!(records[0]["id"], "2025-05-19-e");
    assert_eq!(records[0]["synopsis"]["type"], "programme-launch");
    assert_eq!(
        records[0]["synopsis"]["parties"],
        serde_json::json!(["PK", "CN"])
    );
    assert_eq!(records[0]["errors"], 0);

    // The edited one, field by field, each at its line now.
    let fields: Vec<(String, String)> = records[1]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_owned(),
                f["op"].as_str().expect("op").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("title", "changed"),
        ("parties[1].role", "added"),
        ("areas[0]", "added"),
        ("commitments[0].text", "changed"),
    ];
    assert_eq!(fields, expected.map(|(p, o)| (p.to_owned(), o.to_owned())));
    let field = |p: &str| {
        records[1]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .find(|f| f["path"] == p)
            .expect("the field")
            .clone()
    };
    assert_eq!(field("title")["old"], "Record a");
    assert_eq!(field("title")["new"], "Record a, corrected");
    assert_eq!(field("parties[1].role")["new"], "host");
    assert_eq!(field("parties[1].role")["line"], 11);
    assert_eq!(
        field("commitments[0].text")["words"],
        serde_json::json!([
            {"same": "A "},
            {"added": "joint "},
            {"same": "working group within 30 days."}
        ])
    );

    // The retraction, and the two changes the linter refuses, with their errors counted.
    assert_eq!(records[2]["fields"][0]["path"], "retracted");
    assert_eq!(records[2]["errors"], 0);
    assert_eq!(records[3]["old_path"], path("d"));
    assert!(records[3]["errors"].as_u64() > Some(0), "{}", records[3]);
    assert_eq!(records[4]["synopsis"]["type"], "donation");
    assert!(records[4]["errors"].as_u64() > Some(0), "{}", records[4]);
}

#[test]
fn the_human_and_markdown_forms() {
    let dir = repo();
    let root = dir.path();
    let base = git(root, &["rev-parse", "--short", "main"]);
    let redact = |text: String| text.replace(base.trim(), "BASE");
    let out = accord(root, &["diff", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("diff_human", redact(stdout(&out)));
    let out = accord(root, &["diff", "--base", "main", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("diff_markdown", redact(stdout(&out)));
}

#[test]
fn without_a_base_main_is_compared_with() {
    let dir = repo();
    let root = dir.path();
    let named = json(root, &["diff", "--base", "main", "--format", "json"]);
    let default = json(root, &["diff", "--format", "json"]);
    assert_eq!(named, default);
    // Nothing to compare with: said so, exit 2.
    git(root, &["branch", "-q", "-m", "main", "trunk"]);
    let out = accord(root, &["diff"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass --base REV"), "{}", stderr(&out));
}

#[test]
fn nothing_changed_is_said_so() {
    let dir = repo();
    let root = dir.path();
    git(root, &["checkout", "-q", "main"]);
    let out = accord(root, &["diff", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with(": no record changed\n"),
        "{}",
        stdout(&out)
    );
}
