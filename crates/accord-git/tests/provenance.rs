//! Provenance on real temporary repositories made with the git command line.

mod common;

use std::path::PathBuf;

use accord_git::Repo;
use common::{commit, git};

const A: &str = "records/2025/2025-05-19-a.yaml";
const B: &str = "records/2025/2025-06-01-b.yaml";

#[test]
fn added_in_one_commit_and_edited_in_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, "x", "2025-01-01T00:00:00Z", &["init", "-q"]);
    let first = commit(
        root,
        "Alice",
        "2025-05-20T10:00:00Z",
        &[(A, Some("id: a\n"))],
    );
    let second = commit(root, "Bob", "2025-06-02T11:30:00Z", &[(B, Some("id: b\n"))]);
    let third = commit(
        root,
        "Carol",
        "2025-06-03T09:15:05Z",
        &[(A, Some("id: a\nnotes: x\n"))],
    );
    // Something outside records/ is not tracked.
    commit(
        root,
        "Dan",
        "2025-06-04T00:00:00Z",
        &[("README.md", Some("hi\n"))],
    );

    let provenance = Repo::open(root)
        .expect("repo")
        .provenance()
        .expect("provenance");
    let a = &provenance[&PathBuf::from(A)];
    let added = a.added.as_ref().expect("known");
    assert_eq!(added.id, first);
    assert_eq!(added.author, "Alice");
    assert_eq!(added.date, "2025-05-20T10:00:00Z");
    let last = a.last_changed.as_ref().expect("known");
    assert_eq!(last.id, third);
    assert_eq!(last.author, "Carol");
    assert_eq!(last.date, "2025-06-03T09:15:05Z");

    let b = &provenance[&PathBuf::from(B)];
    assert_eq!(
        b.added.as_ref().map(|c| c.id.as_str()),
        Some(second.as_str())
    );
    assert_eq!(
        b.last_changed.as_ref().map(|c| c.id.as_str()),
        Some(second.as_str())
    );
    assert!(!provenance.contains_key(&PathBuf::from("README.md")));
}

#[test]
fn renames_are_followed_and_merges_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, "x", "2025-01-01T00:00:00Z", &["init", "-q"]);
    let text = "id: a\ntitle: a long enough text for rename detection to pair the files\n";
    let first = commit(root, "Alice", "2025-05-20T10:00:00Z", &[(A, Some(text))]);
    git(
        root,
        "x",
        "2025-05-21T00:00:00Z",
        &["checkout", "-q", "-b", "side"],
    );
    let moved = "records/2024/2025-05-19-a.yaml";
    let rename = commit(
        root,
        "Bob",
        "2025-05-22T00:00:00Z",
        &[(A, None), (moved, Some(text))],
    );
    git(
        root,
        "x",
        "2025-05-23T00:00:00Z",
        &["checkout", "-q", "main"],
    );
    commit(
        root,
        "Carol",
        "2025-05-24T00:00:00Z",
        &[(B, Some("id: b\n"))],
    );
    git(
        root,
        "Merger",
        "2025-05-25T00:00:00Z",
        &[
            "-c",
            "merge.directoryRenames=false",
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "merge side",
            "side",
        ],
    );

    let provenance = Repo::open(root)
        .expect("repo")
        .provenance()
        .expect("provenance");
    let a = &provenance[&PathBuf::from(moved)];
    assert_eq!(
        a.added.as_ref().map(|c| c.id.as_str()),
        Some(first.as_str())
    );
    assert_eq!(
        a.last_changed.as_ref().map(|c| c.id.as_str()),
        Some(rename.as_str())
    );
    assert!(!provenance.contains_key(&PathBuf::from(A)));
}

#[test]
fn a_shallow_clone_reports_what_it_cannot_see_as_unknown() {
    let origin = tempfile::tempdir().expect("temp dir");
    let root = origin.path();
    git(root, "x", "2025-01-01T00:00:00Z", &["init", "-q"]);
    commit(
        root,
        "Alice",
        "2025-05-20T10:00:00Z",
        &[(A, Some("id: a\n"))],
    );
    let edit = commit(
        root,
        "Bob",
        "2025-06-02T11:30:00Z",
        &[(A, Some("id: a\nnotes: x\n"))],
    );
    let latest = commit(
        root,
        "Carol",
        "2025-06-03T11:30:00Z",
        &[(B, Some("id: b\n"))],
    );

    let parent = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", root.display());
    git(
        parent.path(),
        "x",
        "2025-07-01T00:00:00Z",
        &["clone", "-q", "--depth", "2", &url, "clone"],
    );
    let repo = Repo::open(&parent.path().join("clone")).expect("repo");
    assert!(repo.is_shallow());
    let provenance = repo.provenance().expect("provenance");
    // B was added by a commit the clone has in full: known.
    let b = &provenance[&PathBuf::from(B)];
    assert_eq!(
        b.added.as_ref().map(|c| c.id.as_str()),
        Some(latest.as_str())
    );
    // A's edit is the boundary commit, whose parent is missing: neither who added A nor who
    // last changed it can be told, so both are unknown rather than guessed.
    assert!(!edit.is_empty());
    let a = provenance
        .get(&PathBuf::from(A))
        .cloned()
        .unwrap_or_default();
    assert_eq!(a.added, None);
    assert_eq!(a.last_changed, None);
}
