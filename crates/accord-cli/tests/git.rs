//! `accord lint --base` on real temporary git repositories, made with the git command line.

use std::path::PathBuf;
use std::process::Output;

mod common;

use accord_test_support::record_path as path;
use common::{accord, commit_all, git, record, stdout, write};

/// A repository whose `main` holds two clean records, checked out on a new branch `pr`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(root, &path("a"), &record("a", "meeting"));
    write(root, &path("b"), &record("b", "visit"));
    commit_all(root, "two records");
    git(root, &["checkout", "-q", "-b", "pr"]);
    dir
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_clean_pull_request_exits_0() {
    let dir = repo();
    write(dir.path(), &path("c"), &record("c", "donation"));
    commit_all(dir.path(), "add c");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("1 changed record checked since"), "{t}");
}

#[test]
fn only_the_added_bad_record_is_reported() {
    let dir = repo();
    // An old record on main that is already broken must not be reported for this PR.
    git(dir.path(), &["checkout", "-q", "main"]);
    write(
        dir.path(),
        &path("old"),
        &record("old", "conference").replace("vaccines", "vaccine"),
    );
    commit_all(dir.path(), "an old broken record");
    git(dir.path(), &["checkout", "-q", "-b", "pr2"]);
    write(
        dir.path(),
        &path("c"),
        &record("c", "donation").replace("status: announced", "status: pledged"),
    );
    commit_all(dir.path(), "add c");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("2025-05-19-c.yaml:7:9"), "{t}");
    assert!(!t.contains("2025-05-19-old"), "{t}");
    assert!(t.contains("1 changed record checked"), "{t}");
}

/// A record the branch adds with an id a record at the merge-base has is reported, naming the
/// older record, which keeps its id.
#[test]
fn a_new_record_duplicating_an_old_id_is_caught() {
    let dir = repo();
    write(
        dir.path(),
        "records/2025/2025-05-19-a-copy.yaml",
        &record("a", "donation"),
    );
    commit_all(dir.path(), "copy");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("A301(duplicate-id)"), "{t}");
    assert!(
        t.contains("is already used by `records/2025/2025-05-19-a.yaml`, the older record"),
        "{t}"
    );
    // The record at the merge-base keeps its id although the newcomer comes first by path:
    // only the newcomer is reported.
    let out = accord(dir.path(), &["lint", "--base", "main", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let a301: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["code"] == "A301")
        .map(|i| i["file"].as_str().expect("file"))
        .collect();
    assert_eq!(a301, ["records/2025/2025-05-19-a-copy.yaml"]);
}

#[test]
fn an_id_change_is_reported_with_the_base_commit() {
    let dir = repo();
    let base = git(dir.path(), &["rev-parse", "--short", "HEAD"]);
    write(
        dir.path(),
        &path("a"),
        &record("a", "meeting").replace("2025-05-19-a", "2025-05-19-a-renamed"),
    );
    commit_all(dir.path(), "change id");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("A401(changed-id)"), "{t}");
    assert!(t.contains(base.trim()), "names the base commit: {t}");
}

#[test]
fn a_deletion_is_refused_and_a_retraction_accepted() {
    let dir = repo();
    git(dir.path(), &["rm", "-q", &path("b")]);
    commit_all(dir.path(), "delete b");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("A403(deleted-record)"), "{t}");
    assert!(t.contains("retract it instead"), "{t}");

    git(dir.path(), &["reset", "-q", "--hard", "main"]);
    let retracted = format!(
        "{}retracted:\n  date: \"2025-06-01\"\n  reason: \"Duplicate of another record.\"\n",
        record("b", "visit")
    );
    write(dir.path(), &path("b"), &retracted);
    commit_all(dir.path(), "retract b");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // Once merged, the retraction stays.
    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["merge", "-q", "--ff-only", "pr"]);
    git(dir.path(), &["checkout", "-q", "-b", "unretract"]);
    write(dir.path(), &path("b"), &record("b", "visit"));
    commit_all(dir.path(), "unretract b");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("A404(removed-retraction)"), "{t}");
}

#[test]
fn moves_between_year_folders_are_reported() {
    let dir = repo();
    std::fs::create_dir_all(dir.path().join("records/2024")).expect("folder");
    git(
        dir.path(),
        &["mv", &path("a"), "records/2024/2025-05-19-a.yaml"],
    );
    commit_all(dir.path(), "move a");
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("A405(moved-year-folder)"), "{t}");
}

#[test]
fn uncommitted_and_untracked_changes_count() {
    let dir = repo();
    write(
        dir.path(),
        &path("a"),
        &record("a", "meeting").replace("[vaccines]", "[vaccine]"),
    );
    write(
        dir.path(),
        &path("new"),
        &record("new", "donation").replace("kind: news", "kind: blog"),
    );
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("2025-05-19-a.yaml:11"),
        "modified, uncommitted: {t}"
    );
    assert!(t.contains("2025-05-19-new.yaml"), "untracked: {t}");
    assert!(t.contains("2 changed records checked"), "{t}");
}

#[test]
fn the_merge_base_is_used_when_main_moved_on() {
    let dir = repo();
    write(dir.path(), &path("c"), &record("c", "donation"));
    commit_all(dir.path(), "add c on the branch");
    // main moves on: a new record, and a retraction of `a`, after the branch was cut.
    git(dir.path(), &["checkout", "-q", "main"]);
    write(dir.path(), &path("d"), &record("d", "conference"));
    commit_all(dir.path(), "add d on main");
    git(dir.path(), &["checkout", "-q", "pr"]);
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    // Compared with main's tip the branch would "delete" d; compared with the merge-base it
    // only adds c.
    assert!(!t.contains("2025-05-19-d"), "{t}");
    assert!(t.contains("1 changed record checked"), "{t}");
}

#[test]
fn an_unknown_base_exits_2_with_the_fetch_command() {
    let dir = repo();
    let out = accord(dir.path(), &["lint", "--base", "origin/main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("git fetch origin main"), "{t}");
    assert!(t.contains("fetch-depth: 0"), "{t}");
}

#[test]
fn outside_git_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &path("a"), &record("a", "meeting"));
    let out = accord(dir.path(), &["lint", "--base", "main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("not inside a git repository"), "{t}");
}

#[test]
fn a_shallow_clone_without_the_merge_base_exits_2_with_advice() {
    let origin = repo();
    for (n, kind) in ["donation", "visit", "working-group"].iter().enumerate() {
        write(
            origin.path(),
            &path(&format!("pr{n}")),
            &record(&format!("pr{n}"), kind),
        );
        commit_all(origin.path(), &format!("pr commit {n}"));
    }
    git(origin.path(), &["checkout", "-q", "main"]);
    for n in 0..3 {
        write(
            origin.path(),
            &path(&format!("main{n}")),
            &record(&format!("main{n}"), "conference"),
        );
        commit_all(origin.path(), &format!("main commit {n}"));
    }
    let clone_parent = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", origin.path().display());
    git(
        clone_parent.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            "--branch",
            "pr",
            &url,
            "clone",
        ],
    );
    let clone: PathBuf = clone_parent.path().join("clone");
    let out = accord(&clone, &["lint", "--base", "origin/main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("git fetch --unshallow"), "{t}");
    assert!(t.contains("fetch-depth: 0"), "{t}");

    // With the whole history it works.
    git(&clone, &["fetch", "-q", "--unshallow"]);
    let out = accord(&clone, &["lint", "--base", "origin/main"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("3 changed records checked"), "{t}");
}

#[test]
fn the_cache_of_unchanged_records_never_hides_a_change() {
    let dir = repo();
    let root = dir.path();
    write(root, &path("c"), &record("c", "donation"));
    commit_all(root, "add c");
    // Files modified less than 50 ms before a run are not cached (they could change again
    // within the same clock tick); these must be older to be cached at all.
    std::thread::sleep(std::time::Duration::from_millis(120));
    let lint = |extra: &[&str]| {
        let mut args = vec!["lint", "--base", "main", "-v"];
        args.extend(extra);
        let out = accord(root, &args);
        (out.status.code(), text(&out))
    };
    let (code, first) = lint(&[]);
    assert_eq!(code, Some(0), "{first}");
    assert!(
        first.contains("3 records read (3 from the disk, 0 known"),
        "{first}"
    );
    assert!(root.join(".git/accord/work-tree-cache").is_file());
    let (code, second) = lint(&[]);
    assert_eq!(code, Some(0), "{second}");
    assert!(
        second.contains("(0 from the disk, 3 known to the cache)"),
        "{second}"
    );

    // An edit of the same length in the work tree: b takes a's id.
    let b = root.join(path("b"));
    let edited = std::fs::read_to_string(&b)
        .expect("read")
        .replace("2025-05-19-b", "2025-05-19-a");
    std::fs::write(&b, edited).expect("write");
    let (code, third) = lint(&[]);
    assert_eq!(code, Some(1), "{third}");
    assert!(
        third.contains("(1 from the disk, 2 known to the cache)"),
        "{third}"
    );
    assert!(third.contains("A301(duplicate-id)"), "{third}");
    assert!(third.contains("2 changed records checked"), "{third}");
    // Without the cache, the same findings.
    let (code, uncached) = lint(&["--no-cache"]);
    assert_eq!(code, Some(1), "{uncached}");
    assert!(uncached.contains("(3 from the disk, 0 known"), "{uncached}");
    let findings = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with("accord: "))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(findings(&uncached), findings(&third));
}
