//! Helpers for tests on real temporary repositories made with the git command line.

use std::path::Path;
use std::process::Command;

/// Runs git in `dir` as `author` at `date`, with no system or user configuration; panics with
/// git's output when it fails. Returns what it printed, trimmed.
pub(crate) fn git(dir: &Path, author: &str, date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "someone@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "someone@example.org")
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Writes (`Some`) or removes (`None`) each file, then commits everything. Returns the commit.
pub(crate) fn commit(
    dir: &Path,
    author: &str,
    date: &str,
    files: &[(&str, Option<&str>)],
) -> String {
    for (path, text) in files {
        let p = dir.join(path);
        match text {
            Some(text) => {
                std::fs::create_dir_all(p.parent().expect("parent")).expect("folders");
                std::fs::write(&p, text).expect("write");
            }
            None => std::fs::remove_file(&p).expect("remove"),
        }
    }
    git(dir, author, date, &["add", "-A"]);
    git(dir, author, date, &["commit", "-q", "-m", "change"]);
    git(dir, author, date, &["rev-parse", "HEAD"])
}
