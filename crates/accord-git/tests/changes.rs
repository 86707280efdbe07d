//! `lint --base` asks git only about the files whose bytes differ from the merge-base (and the
//! base files it no longer finds). On a repository with every kind of change, that narrowed
//! question gets the answer the question about every file gets.

mod common;

use std::path::{Path, PathBuf};

use accord_git::Repo;
use common::{commit, git};

const DAY: &str = "2025-01-01T00:00:00Z";

fn record(id: &str, extra: &str) -> String {
    format!("id: {id}\ndate: 2025-05-19\ntype: meeting\ntitle: \"A meeting about {id}\"\n{extra}")
}

#[test]
fn asking_about_the_candidates_finds_every_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, "x", DAY, &["init", "-q"]);
    let names = ["a", "b", "c", "d", "e", "f"];
    let mut base: Vec<(String, Option<String>)> = names
        .iter()
        .map(|n| (format!("records/2025/{n}.yaml"), Some(record(n, ""))))
        .collect();
    base.push((
        "records/README.md".to_owned(),
        Some("Records.\n".to_owned()),
    ));
    base.push((".gitignore".to_owned(), Some("*.tmp\n".to_owned())));
    let borrowed: Vec<(&str, Option<&str>)> = base
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_deref()))
        .collect();
    commit(root, "x", DAY, &borrowed);
    git(root, "x", DAY, &["checkout", "-q", "-b", "pr"]);

    // Committed on the branch: an edit, a move with an edit, a deletion, an addition.
    let moved = record("b", "notes: \"moved\"\n");
    let edited = record("a", "notes: \"edited\"\n");
    let added = record("g", "");
    commit(
        root,
        "x",
        DAY,
        &[
            ("records/2025/a.yaml", Some(&edited)),
            ("records/2025/b.yaml", None),
            ("records/2026/b.yaml", Some(&moved)),
            ("records/2025/c.yaml", None),
            ("records/2025/g.yaml", Some(&added)),
        ],
    );
    // Not committed: an edit in the work tree; an edit staged then undone in the work tree;
    // a new file; an ignored file; an edit of a file that is not a record; a file moved without
    // an edit.
    let write = |path: &str, text: &str| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("folders");
        std::fs::write(p, text).expect("write");
    };
    write("records/2025/d.yaml", &record("d", "notes: \"draft\"\n"));
    write("records/2025/e.yaml", &record("e", "notes: \"staged\"\n"));
    git(root, "x", DAY, &["add", "records/2025/e.yaml"]);
    write("records/2025/e.yaml", &record("e", ""));
    write("records/2025/h.yaml", &record("h", ""));
    write("records/2025/scratch.tmp", "not tracked\n");
    write("records/README.md", "Records, one file per event.\n");
    std::fs::rename(
        root.join("records/2025/f.yaml"),
        root.join("records/2024-f.yaml"),
    )
    .expect("move");
    // The base branch moves on: the merge-base, not its tip, is compared with.
    git(root, "x", DAY, &["checkout", "-q", "-b", "other", "main"]);
    git(root, "x", DAY, &["checkout", "-q", "pr"]);

    let repo = Repo::open(root).expect("open");
    let everything = repo.changes_since("main").expect("full diff");
    let base = repo.base("main").expect("base");
    let seen: Vec<PathBuf> = accord_test_support::files_under(&root.join("records"))
        .into_keys()
        .map(|rel| Path::new("records").join(rel))
        .collect();
    let differ: Vec<PathBuf> = seen
        .iter()
        .filter(|p| {
            let bytes = std::fs::read(root.join(p)).expect("read");
            base.blob(p) != Some(accord_git::blob_id(&bytes))
        })
        .cloned()
        .collect();
    let candidates = base.candidates(
        differ.iter().map(PathBuf::as_path),
        seen.iter().map(PathBuf::as_path),
    );
    let narrowed = repo.changes_among(&base, &candidates).expect("narrow diff");

    let summary = |set: &accord_git::ChangeSet| -> Vec<String> {
        set.changes
            .iter()
            .map(|c| {
                format!(
                    "{:?} {} from {:?} (base text: {})",
                    c.kind,
                    c.path.display(),
                    c.old_path,
                    c.base_text.is_some()
                )
            })
            .collect()
    };
    // One difference, in the narrowed answer's favour: an edit staged and then undone in the
    // work tree leaves the file as it was at the base (`git diff main` shows nothing), but the
    // whole-tree diff, blending the base-to-index and index-to-work-tree diffs, calls it
    // modified. The narrowed question never asks about it: its bytes are the base's.
    let undone = "records/2025/e.yaml";
    let mut expected = summary(&everything);
    let before = expected.len();
    expected.retain(|c| !c.contains(undone));
    assert_eq!(expected.len(), before - 1, "{expected:?}");
    assert_eq!(summary(&narrowed), expected);
    assert_eq!(narrowed.base, everything.base);
    // The repository has each kind of change, so the comparison means something.
    let all = summary(&narrowed).join("\n");
    for expected in [
        "Modified records/2025/a.yaml",
        "Renamed records/2026/b.yaml",
        "Renamed records/2025/h.yaml from Some(\"records/2025/c.yaml\")",
        "Modified records/2025/d.yaml",
        "Added records/2025/g.yaml",
        "Modified records/README.md",
        "Renamed records/2024-f.yaml",
    ] {
        assert!(all.contains(expected), "{expected} missing from\n{all}");
    }
    assert!(
        !all.contains("scratch"),
        "an ignored file is no change: {all}"
    );
    // A file as it was at the base is not asked about.
    assert!(
        !candidates.contains(&PathBuf::from(undone)),
        "{candidates:?}"
    );
}
