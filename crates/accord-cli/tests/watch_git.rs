//! `accord watch` follows git: after a commit, the provenance on event pages, in the JSON and in
//! the feeds is the new commit's, and the watched site equals a fresh build of the same
//! repository.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use accord_test_support::{CLEAN, commit, files_under, git};
use common::accord;

/// Stops the watcher when the test ends, however it ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn watch(root: &Path) -> Watcher {
    let child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["watch", "--as-of", "2026-01-01", "--out", "site"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("ACCORD_TODAY", "2026-01-01")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("accord watch starts");
    Watcher(child)
}

/// Waits (bounded) until the watched site equals a fresh build of the repository.
fn settles(root: &Path, what: &str) {
    let fresh = accord(root, &["build", "--as-of", "2026-01-01", "--out", "fresh"]);
    assert_eq!(fresh.status.code(), Some(0), "{what}");
    let expected = files_under(&root.join("fresh"));
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let got = files_under(&root.join("site"));
        if got == expected {
            return;
        }
        if Instant::now() > deadline {
            let differing: Vec<&String> = expected
                .keys()
                .filter(|k| got.get(*k) != expected.get(*k))
                .collect();
            panic!("{what}: the watched site differs from a fresh build in {differing:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_commit_while_watching_brings_its_provenance_to_the_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    git(&root, &["init", "-q"]);
    // The fresh builds go beside the watched site; neither is a record.
    std::fs::write(root.join(".gitignore"), "site/\nfresh/\n").expect("ignore");
    let path = "records/2025/2025-05-19-pk-cn-test.yaml";
    commit(&root, "Ann", "2025-06-01T10:00:00Z", &[(path, Some(CLEAN))]);
    let _watcher = watch(&root);
    let deadline = Instant::now() + Duration::from_secs(15);
    while !root.join("site/feed.xml").exists() {
        assert!(Instant::now() < deadline, "the first build never came");
        std::thread::sleep(Duration::from_millis(50));
    }
    settles(&root, "the first build");

    // An edit, committed: the file changes first, then HEAD moves.
    let edited = CLEAN.replace("\"A test.\"", "\"A test, corrected.\"");
    let id = commit(
        &root,
        "Bo",
        "2025-06-02T10:00:00Z",
        &[(path, Some(&edited))],
    );
    settles(&root, "after a commit");
    let page = std::fs::read_to_string(root.join("site/events/2025-05-19-pk-cn-test.html"))
        .expect("the event's page");
    assert!(page.contains(&id[..12]) || page.contains(&id), "{page}");
    let feed = std::fs::read_to_string(root.join("site/feed.xml")).expect("feed");
    assert!(feed.contains("Changed: A test record"), "{feed}");
    assert!(
        feed.contains("<updated>2025-06-02T10:00:00Z</updated>"),
        "{feed}"
    );
}
