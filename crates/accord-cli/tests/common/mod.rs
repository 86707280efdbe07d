//! Helpers shared by the end-to-end tests: a clean record and a way to run the real binary.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// A clean record with id `2025-05-19-pk-cn-test`.
pub(crate) const CLEAN: &str = r#"schema_version: 1
id: "2025-05-19-pk-cn-test"
title: "A test record"
summary: "A test."
date: "2025-05-19"
type: meeting
status: announced
parties:
  - country: "PK"
  - country: "CN"
areas: [vaccines]
sources:
  - publisher: "Example News"
    published: "2025-05-19"
    kind: news
"#;

/// [`CLEAN`] with the id `2025-05-19-<slug>` and the given type.
pub(crate) fn record(slug: &str, kind: &str) -> String {
    CLEAN
        .replace("2025-05-19-pk-cn-test", &format!("2025-05-19-{slug}"))
        .replace("type: meeting", &format!("type: {kind}"))
}

/// Writes a file under `dir`, creating its folders.
pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("folders");
    std::fs::write(p, text).expect("write");
}

/// Runs `accord` in `dir` with a fixed date, no colours, no terminal and outside GitHub Actions.
pub(crate) fn accord(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ACCORD_TODAY", "2026-01-01")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("accord runs")
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under a folder, by `/`-separated path relative to it, with its bytes.
pub(crate) fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path.strip_prefix(base).unwrap_or(&path);
                out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs git in `dir` with a fixed identity and no system or user configuration; its output.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stages everything and commits it.
pub(crate) fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}
