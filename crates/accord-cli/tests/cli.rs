//! End-to-end tests: the real `accord` binary on real temporary repositories.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{CLEAN, accord, stderr, stdout};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A temporary repository with the given files (paths relative to its root).
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("records")).expect("records/");
    for (path, text) in files {
        common::write(dir.path(), path, text);
    }
    dir
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
    let bad = CLEAN
        .replace("status: announced", "status: pledged")
        .replace("pk-cn-test", "pk-cn-bad")
        .replace("type: meeting", "type: visit");
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
    let bad = CLEAN
        .replace("status: announced", "status: pledged")
        .replace("pk-cn-test", "pk-cn-bad")
        .replace("type: meeting", "type: visit");
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

const CLEAN_PATH: &str = "records/2025/2025-05-19-pk-cn-test.yaml";

#[test]
fn github_format_is_chosen_inside_github_actions() {
    let bad = CLEAN.replace("areas: [vaccines]", "areas: [vaccine]");
    let dir = repo(&[(CLEAN_PATH, &bad)]);
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("lint")
        .current_dir(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .env("ACCORD_TODAY", "2026-01-01")
        .output()
        .expect("accord runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "::error file=records/2025/2025-05-19-pk-cn-test.yaml,line=11,col=9,endLine=11,endColumn=16,title=A104 unknown-value::"
        ),
        "{text}"
    );
}

#[test]
fn sarif_format_is_a_sarif_log() {
    let bad = CLEAN.replace("areas: [vaccines]", "areas: [vaccine]");
    let dir = repo(&[(CLEAN_PATH, &bad)]);
    let out = accord(dir.path(), &["lint", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "A104");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
}

#[test]
fn the_config_file_sets_severities_and_ignores_paths() {
    let mismatched = CLEAN.replace("id: \"2025-05-19", "id: \"2025-05-18");
    let files = [
        (
            "records/2025/2025-05-18-pk-cn-test.yaml",
            mismatched.as_str(),
        ),
        ("records/drafts/notes.txt", "not a record"),
    ];
    // Without configuration: a warning (exit 0) and a stray file (exit 1).
    let dir = repo(&files);
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("A213"));

    // Ignore the drafts; make the warning an error.
    std::fs::write(
        dir.path().join("accord.toml"),
        "[rules]\nid-date-mismatch = \"error\"\n\n[files]\nignore = [\"records/drafts/**\"]\n",
    )
    .expect("write");
    let out = accord(dir.path(), &["lint"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(!text.contains("notes.txt"), "{text}");
    assert!(
        text.contains("1 record checked (1 ignored by accord.toml), 1 error, 0 warnings"),
        "{text}"
    );

    // Turn it off by code.
    std::fs::write(
        dir.path().join("accord.toml"),
        "[rules]\nA213 = \"off\"\n[files]\nignore = [\"records/drafts/**\"]\n",
    )
    .expect("write");
    let out = accord(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_bad_config_file_exits_2_with_advice() {
    let dir = repo(&[(CLEAN_PATH, CLEAN)]);
    for (text, expected) in [
        (
            "[rules]\nnear-duplicates = \"off\"\n",
            "did you mean `near-duplicate`?",
        ),
        (
            "[rules]\nnear-duplicate = \"loud\"\n",
            "`error`, `warning` or `off`",
        ),
        ("[rules]\nyaml-syntax = \"off\"\n", "cannot be configured"),
        ("[rule]\n", "unknown field `rule`"),
        ("[files]\nignore = [\"records/[\"]\n", "not a valid pattern"),
    ] {
        std::fs::write(dir.path().join("accord.toml"), text).expect("write");
        let out = accord(dir.path(), &["lint"]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(stderr(&out).contains(expected), "{text}: {}", stderr(&out));
    }
}

#[test]
fn a_suppression_comment_silences_a_rule_and_needs_a_reason() {
    let suppressed = CLEAN.replace(
        "id: \"2025-05-19-pk-cn-test\"",
        "# accord: allow(id-date-mismatch) the date was corrected after merging\nid: \"2025-05-18-pk-cn-test\"",
    );
    let dir = repo(&[("records/2025/2025-05-18-pk-cn-test.yaml", &suppressed)]);
    let out = accord(dir.path(), &["lint", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let no_reason = suppressed.replace(" the date was corrected after merging", "");
    std::fs::write(
        dir.path().join("records/2025/2025-05-18-pk-cn-test.yaml"),
        no_reason,
    )
    .expect("write");
    let out = accord(dir.path(), &["lint"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("A511(invalid-suppression)"), "{text}");
    assert!(text.contains("gives no reason"), "{text}");
    // Not honoured, so the warning it meant to silence is back.
    assert!(text.contains("A213(id-date-mismatch)"), "{text}");
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let mismatched = CLEAN.replace("id: \"2025-05-19", "id: \"2025-05-18");
    let dir = repo(&[("records/2025/2025-05-18-pk-cn-test.yaml", &mismatched)]);
    assert_eq!(accord(dir.path(), &["lint"]).status.code(), Some(0));
    assert_eq!(
        accord(dir.path(), &["lint", "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn fmt_check_reports_and_fmt_fixes_keeping_comments() {
    let messy = "# yaml-language-server: $schema=../../schema/record.schema.json\nschema_version: 1\nid: 2025-05-19-pk-cn-test\ntitle: \"A test record\"\n# the event, not the report\ndate: 2025-05-19\nsummary: \"A test.\"\ntype: meeting\nstatus: announced\nparties:\n  - country: PK  # Pakistan\n  - country: \"CN\"\nareas: [vaccines]\nsources:\n  - publisher: \"Example News\"\n    published: 2025-05-19\n    kind: news\n";
    let dir = repo(&[(CLEAN_PATH, messy)]);
    let path = dir.path().join(CLEAN_PATH);

    let out = accord(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout(&out);
    assert!(
        diff.contains("--- a/records/2025/2025-05-19-pk-cn-test.yaml"),
        "{diff}"
    );
    assert!(diff.contains("+date: \"2025-05-19\""), "{diff}");
    assert!(stderr(&out).contains("1 of 1 records would be reformatted"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        messy,
        "--check writes nothing"
    );

    let out = accord(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let formatted = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        formatted,
        "# yaml-language-server: $schema=../../schema/record.schema.json\nschema_version: 1\nid: \"2025-05-19-pk-cn-test\"\ntitle: \"A test record\"\nsummary: \"A test.\"\n# the event, not the report\ndate: \"2025-05-19\"\ntype: meeting\nstatus: announced\nparties:\n  - country: \"PK\"  # Pakistan\n  - country: \"CN\"\nareas: [vaccines]\nsources:\n  - publisher: \"Example News\"\n    published: \"2025-05-19\"\n    kind: news\n"
    );
    assert_eq!(
        accord(dir.path(), &["fmt", "--check"]).status.code(),
        Some(0)
    );
    assert_eq!(accord(dir.path(), &["lint"]).status.code(), Some(0));
}

#[test]
fn fmt_leaves_unreadable_records_alone_and_exits_1() {
    let broken = "id: [\n";
    let dir = repo(&[(CLEAN_PATH, broken)]);
    let out = accord(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot format"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(CLEAN_PATH)).expect("read"),
        broken
    );
}

/// A record with errors is reported and left as it is, even where formatting would change it;
/// once the error is fixed, it is formatted.
#[test]
fn fmt_reports_records_with_errors_and_leaves_them_alone() {
    let wrong = CLEAN
        .replace("date: \"2025-05-19\"", "date: 2025-05-19")
        .replace("type: meeting", "type: meetnig");
    assert_ne!(wrong, CLEAN);
    let dir = repo(&[(CLEAN_PATH, &wrong)]);
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        let out = accord(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let text = stderr(&out);
        assert!(
            text.contains("2025-05-19-pk-cn-test.yaml: not formatted: it has 1 error, the first A104 on line 6;"),
            "{text}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(CLEAN_PATH)).expect("read"),
            wrong
        );
    }
    let fixed = wrong.replace("type: meetnig", "type: meeting");
    std::fs::write(dir.path().join(CLEAN_PATH), &fixed).expect("write");
    let out = accord(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(CLEAN_PATH)).expect("read"),
        CLEAN
    );
}

#[test]
fn shipped_records_are_formatted() {
    let out = accord(&repo_root(), &["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = accord(&repo_root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("accord"), "{shell}");
    }
}

#[test]
fn verbose_says_what_it_does() {
    let dir = repo(&[(CLEAN_PATH, CLEAN)]);
    let out = accord(dir.path(), &["lint", "--verbose"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stderr(&out);
    assert!(text.contains("today 2026-01-01"), "{text}");
    assert!(text.contains("checked 1 files"), "{text}");
}

/// Without `--party`, the two placeholder parties differ, so lint reports them as placeholders
/// only, not as one party given twice.
#[test]
fn accord_new_without_parties_writes_two_distinct_placeholders() {
    let dir = repo(&[]);
    let args = [
        "new",
        "--date",
        "2025-06-01",
        "--type",
        "meeting",
        "--title",
        "A meeting",
        "--area",
        "vaccines",
    ];
    assert_eq!(accord(dir.path(), &args).status.code(), Some(0));
    common::assert_only_placeholders(dir.path(), &[]);
}

#[test]
fn accord_new_writes_a_record_that_lints_with_only_placeholders() {
    let dir = repo(&[]);
    let args = [
        "new",
        "--date",
        "2025-06-01",
        "--type",
        "agreement",
        "--title",
        "Pakistan and China sign a vaccine MOU",
        "--party",
        "PK",
        "--party",
        "CN",
        "--area",
        "vaccines",
    ];
    let out = accord(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = "records/2025/2025-06-01-pakistan-and-china-sign-a-vaccine-mou.yaml";
    assert_eq!(stdout(&out), format!("{path}\n"));
    let text = std::fs::read_to_string(dir.path().join(path)).expect("written");
    assert!(text.starts_with("# yaml-language-server: $schema=../../schema/record.schema.json\n"));

    common::assert_only_placeholders(dir.path(), &[]);
    // The formatter has nothing to change in a new record.
    assert_eq!(
        accord(dir.path(), &["fmt", "--check"]).status.code(),
        Some(0)
    );

    // The same id again is refused, and the first file is untouched.
    let out = accord(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(path)).expect("read"),
        text
    );
}

#[test]
fn accord_new_records_what_an_event_was_worth() {
    let dir = repo(&[]);
    let args = [
        "new",
        "--date",
        "2025-06-01",
        "--type",
        "donation",
        "--title",
        "China donates vaccines to Pakistan",
        "--party",
        "CN",
        "--party",
        "PK",
        "--area",
        "vaccines",
        "--amount",
        "~5000000",
        "--currency",
        "USD",
        "--stage",
        "pledged",
    ];
    let out = accord(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = "records/2025/2025-06-01-china-donates-vaccines-to-pakistan.yaml";
    let text = std::fs::read_to_string(dir.path().join(path)).expect("written");
    assert!(
        text.contains("areas:\n  - vaccines\nvalue:\n  amount: \"~5000000\"\n  currency: USD\n  stage: pledged\n  as_reported: \"TODO: "),
        "{text}"
    );
    // An estimate asks for the source's words: the placeholder holds the record until then.
    common::assert_only_placeholders(dir.path(), &[]);
    assert_eq!(
        accord(dir.path(), &["fmt", "--check"]).status.code(),
        Some(0)
    );
}

#[test]
fn accord_new_explains_bad_flags() {
    let dir = repo(&[]);
    for (extra, expected) in [
        (vec!["--party", "PAK"], "use its alpha-2 code `PK`"),
        (vec!["--party", "whoo"], "did you mean `who`?"),
        (vec!["--area", "vaccine"], "did you mean `vaccines`?"),
        (
            vec!["--amount", "5,000,000", "--currency", "USD"],
            "write digits, as the source gives them, without separators",
        ),
        (
            vec!["--amount", "0", "--currency", "USD"],
            "the amount is zero",
        ),
        (
            vec!["--amount", "5", "--currency", "usd"],
            "currency codes are upper case: `USD`",
        ),
        (
            vec!["--amount", "5", "--currency", "USDD"],
            "did you mean `USD`?",
        ),
        (
            vec!["--amount", "5", "--currency", "USD", "--stage", "pledge"],
            "did you mean `pledged`?",
        ),
    ] {
        let mut args = vec![
            "new",
            "--date",
            "2025-06-01",
            "--type",
            "meeting",
            "--title",
            "T",
        ];
        args.extend(extra);
        let out = accord(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
    let out = accord(
        dir.path(),
        &[
            "new",
            "--date",
            "2025-13-01",
            "--type",
            "meeting",
            "--title",
            "T",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--date"), "{}", stderr(&out));
    // Without a terminal, missing flags are an error, not a question.
    let out = accord(dir.path(), &["new", "--date", "2025-06-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--type is required"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn build_writes_every_output_deterministically() {
    let retracted = format!(
        "{}retracted:\n  date: \"2025-06-01\"\n  reason: \"A duplicate.\"\n",
        common::record("gone", "visit")
    );
    let dir = repo(&[
        (CLEAN_PATH, CLEAN),
        ("records/2025/2025-05-19-gone.yaml", &retracted),
        ("records/2025/2025-05-19-bad.yaml", "id: [\n"),
    ]);
    let out = accord(dir.path(), &["build", "--as-of", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 events from 3 files (1 retracted and 1 with errors left out)"),
        "{}",
        stderr(&out)
    );
    let first = common::files_under(&dir.path().join("site"));
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "areas.csv",
            "areas/index.html",
            "areas/vaccines/feed.xml",
            "areas/vaccines/index.html",
            "commitments/2025.csv",
            "datapackage.json",
            "events.json",
            "events.schema.json",
            "events/2025-05-19-gone.html",
            "events/2025-05-19-gone.json",
            "events/2025-05-19-pk-cn-test.html",
            "events/2025-05-19-pk-cn-test.json",
            "events/2025.csv",
            "events/2025.json",
            "feed.xml",
            "index.html",
            "organizations.csv",
            "parties/CN/feed.xml",
            "parties/CN/index.html",
            "parties/PK/feed.xml",
            "parties/PK/index.html",
            "parties/index.html",
            "schema/v1/events.schema.json",
            "schema/v1/record.schema.json",
            "style.css",
            "summary.md",
            "years/2025/index.html",
            "years/index.html"
        ]
    );
    let again = accord(
        dir.path(),
        &["build", "--as-of", "2026-01-01", "--out", "site2"],
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(
        first == common::files_under(&dir.path().join("site2")),
        "two builds differ"
    );
    let summary = String::from_utf8_lossy(&first["summary.md"]);
    assert!(
        summary.contains("Left out: 1 retracted, 1 with errors."),
        "{summary}"
    );

    let out = accord(dir.path(), &["build", "--as-of", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A record with nothing wrong of its own lets its text go once checked; when a rule across
/// records then finds something in it (here: an id used twice), the text is read again and the
/// diagnostic still shows where.
#[test]
fn a_finding_across_records_in_an_otherwise_clean_record_shows_its_snippet() {
    // The twin comes first by path, so it keeps the id and the clean record is reported.
    let twin = CLEAN.replace("pk-cn-test", "pk-cn-a");
    let twin = twin.replacen(
        "id: \"2025-05-19-pk-cn-a\"",
        "id: \"2025-05-19-pk-cn-test\"",
        1,
    );
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-test.yaml", CLEAN),
        ("records/2025/2025-05-19-pk-cn-a.yaml", &twin),
    ]);
    let out = accord(dir.path(), &["lint", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let found = json.as_array().expect("array");
    let duplicate = found
        .iter()
        .find(|d| {
            d["code"] == "A301"
                && d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with("pk-cn-test.yaml"))
        })
        .unwrap_or_else(|| panic!("A301 on the first record: {json:#}"));
    assert!(duplicate["line"].as_u64().is_some(), "{duplicate:#}");
    let human = stdout(&accord(dir.path(), &["lint"]));
    assert!(
        human.contains("id: \"2025-05-19-pk-cn-test\""),
        "the snippet is shown:\n{human}"
    );
}

/// A file named on the command line (as the pre-commit hook names them) is judged as a member
/// of the whole tree: its link to a record that exists is found, and an id another record uses
/// is reported even when that record is not named; a `.yml` named is A509, as in a folder walk;
/// an ignored file named says it is ignored.
#[test]
fn named_files_are_judged_as_members_of_the_whole_tree() {
    let a = CLEAN.replace("pk-cn-test", "pk-cn-first");
    let b = CLEAN.replace("pk-cn-test", "pk-cn-second").replace(
        "sources:",
        "related:\n  - id: \"2025-05-19-pk-cn-first\"\n    relation: follow-up-of\nsources:",
    );
    let copy = CLEAN.replace("pk-cn-test", "pk-cn-first");
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-first.yaml", &a),
        ("records/2025/2025-05-19-pk-cn-second.yaml", &b),
        ("records/drafts/2025-05-19-pk-cn-first.yaml", &copy),
        ("records/2025/2025-05-19-pk-cn-test.yml", CLEAN),
        (
            "records/2025/2025-05-19-pk-cn-ignored.yaml",
            "not: [a record",
        ),
        (
            "accord.toml",
            "[files]\nignore = [\"records/2025/2025-05-19-pk-cn-ignored.yaml\"]\n",
        ),
    ]);
    // The link resolves against the tree: no A302.
    let out = accord(
        dir.path(),
        &[
            "lint",
            "--format",
            "json",
            "records/2025/2025-05-19-pk-cn-second.yaml",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // The id reused by a record that is not named is reported.
    let out = accord(
        dir.path(),
        &[
            "lint",
            "--format",
            "json",
            "records/drafts/2025-05-19-pk-cn-first.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("\"A301\""), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("records/2025/2025-05-19-pk-cn-first.yaml"),
        "{}",
        stdout(&out)
    );
    // A `.yml` named is what a folder walk says it is.
    let out = accord(
        dir.path(),
        &[
            "lint",
            "--format",
            "json",
            "records/2025/2025-05-19-pk-cn-test.yml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("\"A509\""), "{}", stdout(&out));
    // fmt sees the same: a `.yml` is not formatted, for lint's reason.
    let out = accord(
        dir.path(),
        &["fmt", "records/2025/2025-05-19-pk-cn-test.yml"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2025-05-19-pk-cn-test.yml: not formatted: `2025-05-19-pk-cn-test.yml` is not a `.yaml` record file"),
        "{}",
        stderr(&out)
    );
    // An ignored file named is said to be ignored, and not checked (nor formatted).
    for command in ["lint", "fmt"] {
        let out = accord(
            dir.path(),
            &[command, "records/2025/2025-05-19-pk-cn-ignored.yaml"],
        );
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is ignored ([files] ignore in accord.toml)"),
            "{command}: {}",
            stderr(&out)
        );
        // (Lint's closing line is on standard output, fmt's on standard error.)
        let both = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            both.contains("(1 ignored by accord.toml)"),
            "{command}: {both}"
        );
    }
}

/// `accord build` leaves out what `[files] ignore` names, and says how many it ignored.
#[test]
fn build_ignores_what_lint_ignores_and_says_so() {
    let dir = repo(&[
        ("records/2025/2025-05-19-pk-cn-test.yaml", CLEAN),
        (
            "records/drafts/2025-05-19-pk-cn-draft.yaml",
            &CLEAN.replace("pk-cn-test", "pk-cn-draft"),
        ),
        ("accord.toml", "[files]\nignore = [\"records/drafts/**\"]\n"),
    ]);
    let out = accord(dir.path(), &["build", "--as-of", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 events from 1 files"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("1 ignored by accord.toml"),
        "{}",
        stderr(&out)
    );
    let year = std::fs::read_to_string(dir.path().join("site/events/2025.json")).expect("year");
    assert!(
        !year.contains("pk-cn-draft"),
        "an ignored record was published"
    );
    // Lint and fmt count the same file out.
    let out = accord(dir.path(), &["lint"]);
    assert!(
        stdout(&out).contains("1 record checked (1 ignored by accord.toml)"),
        "{}",
        stdout(&out)
    );
    let out = accord(dir.path(), &["fmt", "--check"]);
    assert!(
        stderr(&out).contains("0 of 1 records would be reformatted (1 ignored by accord.toml)"),
        "{}",
        stderr(&out)
    );
}

/// `[site]` in accord.toml names the pages and the data package, and a watch or build reads it
/// once for every output; a value that is not https is refused.
#[test]
fn site_settings_reach_every_output() {
    let dir = repo(&[
        (CLEAN_PATH, CLEAN),
        (
            "accord.toml",
            "[site]\ntitle = \"Test & dataset\"\nbase_url = \"https://example.org/data\"\nrepository_url = \"https://github.com/example/data\"\n",
        ),
    ]);
    let out = accord(dir.path(), &["build", "--as-of", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |rel: &str| std::fs::read_to_string(dir.path().join("site").join(rel)).expect(rel);
    assert!(read("index.html").contains("<title>Test &amp; dataset · dashboard</title>"));
    let page = read("events/2025-05-19-pk-cn-test.html");
    assert!(page.contains("Test &amp; dataset"), "{page}");
    assert!(
        page.contains("href=\"https://example.org/data/events/2025-05-19-pk-cn-test.html\""),
        "{page}"
    );
    let package: serde_json::Value = serde_json::from_str(&read("datapackage.json")).expect("JSON");
    assert_eq!(package["title"], "Test & dataset");
    assert_eq!(package["homepage"], "https://example.org/data/");
    std::fs::write(
        dir.path().join("accord.toml"),
        "[site]\nbase_url = \"http://example.org/\"\n",
    )
    .expect("write");
    let out = accord(dir.path(), &["build", "--as-of", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[site] base_url"), "{}", stderr(&out));
}
