//! Helpers shared by the end-to-end tests: the shared test support, and a way to run the real binary.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

#[allow(unused_imports)]
pub(crate) use accord_test_support::{CLEAN, commit_all, files_under, git, record, write};

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

/// Runs `accord build --as-of 2026-01-01` in `dir` (the site goes to `dir/site`) and insists
/// that it succeeds, showing what it printed when it does not.
pub(crate) fn build(dir: &Path) {
    let out = accord(dir, &["build", "--as-of", "2026-01-01"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Lints `paths` in `dir` (every record when none) and insists that what it finds are
/// placeholders left to fill in (`A212`), at least one: what `accord new` and `accord intake`
/// leave behind.
pub(crate) fn assert_only_placeholders(dir: &Path, paths: &[&str]) {
    let mut args = vec!["lint", "--format", "json"];
    args.extend(paths);
    let out = accord(dir, &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(!items.is_empty());
    for item in &items {
        assert_eq!(item["code"], "A212", "{item}");
    }
}
