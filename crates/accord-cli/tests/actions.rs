//! What a GitHub Actions job sees: annotations, the note when GitHub will drop some, and the
//! job summary (`--summary`) that lists everything, for `lint` and `fmt --check` alike.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{CLEAN, record, stdout, write};

/// Runs `accord` in `dir` as a GitHub Actions step would.
fn in_actions(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .env("NO_COLOR", "1")
        .env("ACCORD_TODAY", "2026-01-01")
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("accord runs")
}

#[test]
fn lint_says_when_github_drops_annotations_and_the_summary_lists_them_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for i in 0..23 {
        let slug = format!("pk-cn-{i:02}");
        let text = record(&slug, "meeting")
            .replace("\"A test record\"", &format!("\"Record {i}\""))
            .replace("areas: [vaccines]", "areas: [vacines]");
        write(root, &format!("records/2025/2025-05-19-{slug}.yaml"), &text);
    }
    let summary = root.join("summary.md");
    let out = in_actions(
        root,
        &["lint", "--summary", summary.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    let log = stdout(&out);
    assert_eq!(
        log.lines().filter(|l| l.starts_with("::error ")).count(),
        23,
        "{log}"
    );
    // (Each record is also a likely duplicate of the others: 23 warnings.)
    assert!(
        log.contains(
            "accord: GitHub shows 10 of the 23 errors and 10 of the 23 warnings as annotations; the job summary lists them all\n"
        ),
        "{log}"
    );
    let text = std::fs::read_to_string(&summary).expect("the summary");
    assert!(
        text.starts_with("## accord lint\n\n23 records checked, 23 errors, 23 warnings\n"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("| error |")).count(),
        23,
        "{text}"
    );
    // A second step appends to the same summary.
    let again = in_actions(
        root,
        &["lint", "--summary", summary.to_str().expect("utf-8")],
    );
    assert_eq!(again.status.code(), Some(1));
    let twice = std::fs::read_to_string(&summary).expect("the summary");
    assert_eq!(twice, format!("{text}{text}"));
}

#[test]
fn a_few_findings_need_no_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "records/2025/2025-05-19-pk-cn-test.yaml",
        &CLEAN.replace("vaccines", "vacines"),
    );
    let out = in_actions(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout(&out).contains("GitHub shows"), "{}", stdout(&out));
}

#[test]
fn fmt_check_annotates_each_record_at_its_first_changed_line_and_summarises_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    // Trailing spaces on line 4, and a carriage return on line 2 of another.
    let spaced = record("pk-cn-spaced", "meeting")
        .replace("summary: \"A test.\"", "summary: \"A test.\"   ");
    write(root, "records/2025/2025-05-19-pk-cn-spaced.yaml", &spaced);
    let crlf = record("pk-cn-crlf", "visit").replacen('\n', "\r\n", 2);
    write(root, "records/2025/2025-05-19-pk-cn-crlf.yaml", &crlf);
    let summary = root.join("summary.md");
    let out = in_actions(
        root,
        &[
            "fmt",
            "--check",
            "--summary",
            summary.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let log = stdout(&out);
    let annotations: Vec<&str> = log.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(
        annotations,
        [
            "::error file=records/2025/2025-05-19-pk-cn-crlf.yaml,line=1,col=1,endLine=1,endColumn=1,title=accord fmt::this record is not in canonical form; run `accord fmt records/2025/2025-05-19-pk-cn-crlf.yaml` (the change is in the log of this step)",
            "::error file=records/2025/2025-05-19-pk-cn-spaced.yaml,line=4,col=1,endLine=4,endColumn=1,title=accord fmt::this record is not in canonical form; run `accord fmt records/2025/2025-05-19-pk-cn-spaced.yaml` (the change is in the log of this step)",
        ],
        "{log}"
    );
    // The diffs are in the log, fenced so that no line of a record is read as a command.
    assert!(log.contains("::stop-commands::"), "{log}");
    assert!(
        log.contains("-summary: \"A test.\"   \n+summary: \"A test.\"\n"),
        "{log}"
    );
    let text = std::fs::read_to_string(&summary).expect("the summary");
    assert!(
        text.starts_with("## accord fmt --check\n\n2 of 3 records would be reformatted: run `accord fmt` and commit the result.\n"),
        "{text}"
    );
    assert!(
        text.contains("`records/2025/2025-05-19-pk-cn-spaced.yaml`, from line 4:\n\n```diff\n"),
        "{text}"
    );
}

/// The steps of `.github/workflows/validate.yml` that judge a pull request, run as GitHub runs
/// them (`bash -eo pipefail`, in `data/`, with the runner's variables), on a real repository
/// whose pull request adds a record with an error and one that is not formatted: every step
/// runs and reports, and the job summary holds the data diff, every finding and the formatting.
#[cfg(unix)]
#[test]
fn the_validate_workflow_reports_everything_in_one_round() {
    use accord_test_support::git;
    let workflow = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.github/workflows/validate.yml"),
    )
    .expect("validate.yml");
    let workflow = accord_yaml::parse(&workflow).expect("YAML").value;
    let steps = workflow["jobs"]["records"]["steps"]
        .as_array()
        .expect("steps")
        .clone();

    // $GITHUB_WORKSPACE: the base's accord (this test's binary) and the pull request's tree.
    let dir = tempfile::tempdir().expect("temp dir");
    let workspace = dir.path();
    let bin = workspace.join("accord/target/release");
    std::fs::create_dir_all(&bin).expect("folder");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_accord"), bin.join("accord")).expect("link");
    let data = workspace.join("data");
    git(workspace, &["init", "-q", "-b", "main", "data"]);
    write(&data, "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    accord_test_support::commit_all(&data, "a record");
    git(&data, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(&data, &["checkout", "-q", "-b", "pr"]);
    let bad = record("pk-cn-bad", "visit").replace("areas: [vaccines]", "areas: [vacines]");
    write(&data, "records/2025/2025-05-19-pk-cn-bad.yaml", &bad);
    let spaced = record("pk-cn-spaced", "conference")
        .replace("summary: \"A test.\"", "summary: \"A test.\"   ");
    write(&data, "records/2025/2025-05-19-pk-cn-spaced.yaml", &spaced);
    accord_test_support::commit_all(&data, "two records");
    let summary = workspace.join("summary.md");

    let mut ran = Vec::new();
    for step in &steps {
        let (Some(script), Some("data")) =
            (step["run"].as_str(), step["working-directory"].as_str())
        else {
            continue;
        };
        let condition = step["if"].as_str().unwrap_or_default();
        if condition.contains("'push'") {
            continue;
        }
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(&data)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("BASE_REF", "main")
            .env("ACCORD_TODAY", "2026-01-01")
            .env("NO_COLOR", "1")
            .output()
            .expect("bash runs");
        ran.push((
            step["name"].as_str().unwrap_or_default().to_owned(),
            out.status.code(),
            stdout(&out),
        ));
    }
    let codes: Vec<(&str, Option<i32>)> = ran.iter().map(|(n, c, _)| (n.as_str(), *c)).collect();
    assert_eq!(
        codes,
        [
            ("What the pull request does to the data", Some(0)),
            ("Lint what the pull request changes", Some(1)),
            ("Check the records are formatted", Some(1)),
        ],
        "{ran:#?}"
    );
    // Annotations in the logs.
    assert!(
        ran[1]
            .2
            .contains("::error file=records/2025/2025-05-19-pk-cn-bad.yaml,"),
        "{}",
        ran[1].2
    );
    assert!(
        ran[2]
            .2
            .contains("::error file=records/2025/2025-05-19-pk-cn-spaced.yaml,line=4,"),
        "{}",
        ran[2].2
    );
    // And the summary, with all three.
    let text = std::fs::read_to_string(&summary).expect("the summary");
    let diff = text.find("## Data changes").expect("the diff");
    let lint = text.find("## accord lint").expect("the findings");
    let fmt = text.find("## accord fmt --check").expect("the formatting");
    assert!(diff < lint && lint < fmt, "{text}");
    assert!(text.contains("**2 added**"), "{text}");
    assert!(
        text.contains("| error | `records/2025/2025-05-19-pk-cn-bad.yaml` |"),
        "{text}"
    );
    assert!(
        text.contains("1 of 3 records would be reformatted"),
        "{text}"
    );
}
