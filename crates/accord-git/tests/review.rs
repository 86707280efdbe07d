//! `accord_git::review::since` returns what a pull request changes as data: the reports of the
//! changed paths with their findings, the changes with each record's text at the base and now,
//! and its steps. Tested on a real repository with a main branch and a pull-request branch.

mod common;

use std::path::Path;

use accord_git::review;
use accord_lint::Linter;
use accord_lint::rules::history::ChangeKind;
use accord_test_support::{record, record_path};
use common::{commit, git};

const DAY: &str = "2025-06-01T00:00:00Z";

fn linter(root: &Path) -> Linter {
    let today = accord_schema::date::Day::parse("2026-01-01").expect("a day");
    Linter::load(root, today).expect("the linter loads")
}

#[test]
fn the_change_set_is_data_a_test_can_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, "x", DAY, &["init", "-q"]);
    let (a, b, c) = (record_path("a"), record_path("b"), record_path("c"));
    commit(
        root,
        "Ann",
        DAY,
        &[
            (&a, Some(&record("a", "meeting"))),
            (&b, Some(&record("b", "visit"))),
            (&c, Some(&record("c", "donation"))),
        ],
    );
    git(root, "x", DAY, &["checkout", "-q", "-b", "pr"]);
    // An edit, a deletion, an addition with an error, and an untouched record.
    let d = record_path("d");
    let edited = record("a", "meeting").replace("\"A test.\"", "\"A test, corrected.\"");
    // (With enough lines of its own that git does not take it for `b` renamed.)
    let tags: String = (0..40).map(|i| format!("  - topic-{i}\n")).collect();
    let broken = record("d", "conference").replace(
        "areas: [vaccines]",
        &format!("areas: [vacines]\ntags:\n{tags}"),
    );
    commit(
        root,
        "Bo",
        "2025-06-02T00:00:00Z",
        &[(&a, Some(&edited)), (&b, None), (&d, Some(&broken))],
    );
    let reviewed = review::since(root, &linter(root), "main", false).expect("reviewed");

    let mut kinds: Vec<(String, ChangeKind)> = reviewed
        .changes
        .changes
        .iter()
        .map(|ch| (ch.path.to_string_lossy().replace('\\', "/"), ch.kind))
        .collect();
    kinds.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        kinds,
        [
            (a.clone(), ChangeKind::Modified),
            (b.clone(), ChangeKind::Deleted),
            (d.clone(), ChangeKind::Added),
        ]
    );
    let modified = reviewed
        .changes
        .changes
        .iter()
        .find(|ch| ch.kind == ChangeKind::Modified)
        .expect("the edit");
    assert_eq!(
        modified.base_text.as_deref(),
        Some(record("a", "meeting").as_str()),
        "the record's text at the base"
    );
    // And each record's text now, beside its change: none for the deleted one.
    assert_eq!(reviewed.head_texts.len(), reviewed.changes.changes.len());
    for (change, text) in reviewed.changes.changes.iter().zip(&reviewed.head_texts) {
        let now = match change.kind {
            ChangeKind::Deleted => None,
            _ => Some(std::fs::read_to_string(root.join(&change.path)).expect("the file")),
        };
        assert_eq!(text, &now, "{}", change.path.display());
    }
    let at = |path: &str| {
        let i = reviewed
            .changes
            .changes
            .iter()
            .position(|ch| ch.path.to_string_lossy().replace('\\', "/") == path)
            .expect("a change");
        reviewed.head_texts[i].clone()
    };
    assert_eq!(at(&a), Some(edited.clone()));
    assert_eq!(at(&d), Some(broken.clone()));

    // Reports for the changed paths only, sorted, each with its findings.
    let paths: Vec<String> = reviewed
        .reports
        .iter()
        .map(|r| r.path.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(paths, [a.clone(), b.clone(), d.clone()]);
    let codes = |path: &str| -> Vec<&str> {
        reviewed
            .reports
            .iter()
            .find(|r| r.path.to_string_lossy().replace('\\', "/") == path)
            .map(|r| r.diagnostics.iter().map(|x| x.rule.code).collect())
            .unwrap_or_default()
    };
    assert!(codes(&a).is_empty(), "{:?}", codes(&a));
    assert_eq!(codes(&b), ["A403"], "a deletion is refused");
    assert!(
        codes(&d).contains(&"A104"),
        "the unknown area: {:?}",
        codes(&d)
    );
    assert_eq!(reviewed.records, 3);
    assert!(
        reviewed
            .phases
            .iter()
            .any(|p| p.what.contains("merge-base"))
    );
    assert!(reviewed.cache_error.is_none());
    // (The untouched record `c` is read, but neither reported nor a change.)
}
