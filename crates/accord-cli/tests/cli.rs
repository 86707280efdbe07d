//! End-to-end tests: the real `accord` binary on real temporary repositories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CLEAN: &str = r#"schema_version: 1
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

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A temporary repository with the given files (paths relative to its root).
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("records")).expect("records/");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn accord(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("accord runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn shipped_records_lint_clean() {
    let out = accord(&repo_root(), &["lint"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("2 records checked, 0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn clean_repository_exits_0_with_a_closing_line() {
    let dir = repo(&[("records/2025/2025-05-19-pk-cn-test.yaml", CLEAN)]);
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "1 record checked, 0 errors, 0 warnings\n");
}

#[test]
fn problems_exit_1_and_name_file_line_and_column() {
    let bad = CLEAN.replace("status: announced", "status: pledged");
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-test.yaml", CLEAN),
        ("records/2025/2025-05-19-pk-cn-bad.yaml", &bad),
    ]);
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("[records/2025/2025-05-19-pk-cn-bad.yaml:7:9]"),
        "{text}"
    );
    assert!(
        text.contains("`pledged` is not an allowed value for `status`"),
        "{text}"
    );
    assert!(
        text.ends_with("2 records checked, 1 error, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn stray_files_are_reported() {
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-test.yml", CLEAN),
        ("records/2025/notes.txt", "x"),
    ]);
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("A509"), "{text}");
    assert!(
        text.contains("rename it to `2025-05-19-pk-cn-test.yaml`"),
        "{text}"
    );
    assert!(text.contains("notes.txt"), "{text}");
}

#[cfg(unix)]
#[test]
fn broken_links_are_reported() {
    let dir = repo(&[]);
    std::fs::create_dir_all(dir.path().join("records/2025")).expect("folder");
    std::os::unix::fs::symlink("missing.yaml", dir.path().join("records/2025/a.yaml"))
        .expect("link");
    std::os::unix::fs::symlink("..", dir.path().join("records/2025/loop")).expect("link");
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("A510"), "{text}");
    assert!(text.contains("records/2025/loop"), "{text}");
}

#[test]
fn json_format_is_an_array_on_stdout_and_the_summary_on_stderr() {
    let bad = CLEAN.replace("areas: [vaccines]", "areas: [vaccine]");
    let dir = repo(&[("records/2025/2025-05-19-pk-cn-test.yaml", &bad)]);
    let out = accord(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(items[0]["code"], "A104");
    assert_eq!(items[0]["line"], 11);
    assert_eq!(items[0]["column"], 9);
    assert_eq!(items[0]["help"], "did you mean `vaccines`?");
    assert!(stderr(&out).contains("1 record checked, 1 error"));
}

#[test]
fn runs_from_a_subfolder_and_on_given_paths() {
    let bad = CLEAN.replace("status: announced", "status: pledged");
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-test.yaml", CLEAN),
        ("records/2024/2024-01-01-pk-cn-bad.yaml", &bad),
    ]);
    let out = accord(
        &dir.path().join("records/2025"),
        &["lint", "2025-05-19-pk-cn-test.yaml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 record checked"));
}

#[test]
fn outside_a_repository_exits_2_with_advice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--root"), "{}", stderr(&out));
}

#[test]
fn a_missing_path_exits_2() {
    let dir = repo(&[]);
    let out = accord(dir.path(), &["lint", "records/nope.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such file"));
}

#[test]
fn a_bad_flag_exits_2() {
    let out = accord(&repo_root(), &["lint", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_and_explain() {
    let out = accord(&repo_root(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("A104  unknown-value"));
    let out = accord(&repo_root(), &["explain", "unknown-value"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("A104 (unknown-value)"), "{text}");
    assert!(text.contains("## Use instead"));
    let out = accord(&repo_root(), &["explain", "A999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_broken_vocabulary_exits_2_naming_the_file() {
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-test.yaml", CLEAN),
        (
            "schema/vocabularies/areas.yaml",
            "- id: Not A Slug\n  label: x\n  description: y\n",
        ),
    ]);
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("areas.yaml"), "{}", stderr(&out));
}
