//! What accord's tests share, so that no test file keeps its own copy: the clean record they
//! start from, writing and reading trees of files, and git run with a fixed identity and no
//! configuration of the machine's.
//!
//! Only tests depend on this crate (as a dev-dependency); it is never part of the binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A clean record with id `2025-05-19-pk-cn-test`, at `records/2025/2025-05-19-pk-cn-test.yaml`.
pub const CLEAN: &str = r#"schema_version: 1
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

/// Where [`record`] with this slug belongs: `records/2025/2025-05-19-<slug>.yaml`.
pub fn record_path(slug: &str) -> String {
    format!("records/2025/2025-05-19-{slug}.yaml")
}

/// [`CLEAN`] with the id `2025-05-19-<slug>` and the given type. Records made with the same
/// type share their title, date and parties: the linter calls them likely duplicates (A304).
pub fn record(slug: &str, kind: &str) -> String {
    CLEAN
        .replace("2025-05-19-pk-cn-test", &format!("2025-05-19-{slug}"))
        .replace("type: meeting", &format!("type: {kind}"))
}

/// [`record`] with a title of its own (`Record <slug>`, so that no two are likely duplicates)
/// and a commitment due 30 days after the event.
pub fn distinct_record(slug: &str, kind: &str) -> String {
    record(slug, kind)
        .replace("\"A test record\"", &format!("\"Record {slug}\""))
        .replace(
            "sources:",
            "commitments:\n  - text: \"A working group within 30 days.\"\n    by: [\"PK\"]\n    due:\n      within: P30D\nsources:",
        )
}

/// Writes a file under `dir`, creating its folders.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("folders");
    std::fs::write(path, text).expect("write");
}

/// Every file under a folder, by `/`-separated path relative to it, with its bytes (links
/// followed; nothing for a folder that cannot be read).
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for path in walk(dir, &|_| true) {
        if let Ok(bytes) = std::fs::read(&path) {
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
        }
    }
    out
}

/// The Rust source files under a folder, sorted.
pub fn rust_sources(dir: &Path) -> Vec<PathBuf> {
    walk(dir, &|p| p.extension().is_some_and(|e| e == "rs"))
}

/// The files under `dir` that `keep` accepts, sorted.
fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if keep(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Runs git in `dir` as "Test Author", with no system or user configuration; panics with git's
/// output when it fails. Returns what it printed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    git_as(dir, "Test Author", None, args)
}

/// Runs git in `dir` as `author`, at `date` when given (author and committer dates alike), with
/// no system or user configuration; panics with git's output when it fails. Returns what it
/// printed.
pub fn git_as(dir: &Path, author: &str, date: Option<&str>, args: &[&str]) -> String {
    let mut command = Command::new("git");
    command
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "author@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stages everything in `dir` and commits it.
pub fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// Writes (`Some`) or removes (`None`) each file, then commits everything as `author` at
/// `date`. Returns the commit's id.
pub fn commit(dir: &Path, author: &str, date: &str, files: &[(&str, Option<&str>)]) -> String {
    for (path, text) in files {
        match text {
            Some(text) => write(dir, path, text),
            None => std::fs::remove_file(dir.join(path)).expect("remove"),
        }
    }
    git_as(dir, author, Some(date), &["add", "-A"]);
    git_as(dir, author, Some(date), &["commit", "-q", "-m", "change"]);
    git_as(dir, author, Some(date), &["rev-parse", "HEAD"])
        .trim()
        .to_owned()
}

/// A small deterministic generator (the test needs variety, not randomness).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The countries [`generated_tree`] draws parties from (more than a dashboard lists).
pub const COUNTRIES: &[&str] = &[
    "PK", "CN", "GB", "IR", "TR", "US", "CI", "KR", "FR", "DE", "IN", "BR", "ZA", "NG", "EG", "SA",
    "AE", "JP", "ID", "MY", "TH", "VN", "PH", "BD", "LK", "NP", "AF", "KZ", "UZ", "RU", "UA", "PL",
    "IT", "ES", "PT", "NL", "BE", "CH", "AT", "SE",
];
/// The organisations [`generated_tree`] draws parties from.
pub const ORGANIZATIONS: &[&str] = &["who", "unicef", "gavi"];
/// The stages [`generated_tree`] gives its records (every one; the schema crate's
/// `accord_schema::record::STATUSES` is the list tests compare pages with, kept apart so that
/// this crate depends on no accord crate).
const STAGES: &[&str] = &[
    "announced",
    "signed",
    "in-implementation",
    "completed",
    "stalled",
    "cancelled",
    "unknown",
];
/// The event types [`generated_tree`] uses.
pub const TYPES: &[&str] = &[
    "meeting",
    "visit",
    "donation",
    "conference",
    "working-group",
];

/// Writes `count` valid records dated within `years` into a tree under `root` (dates of every
/// precision, approximate and uncertain ones, two or three of [`COUNTRIES`] and sometimes one of
/// [`ORGANIZATIONS`], one or two of `areas`, up to two commitments), and beside them one
/// retracted record and one with an error. Returns how many of the files a build leaves out (2).
/// The same seed gives the same tree.
pub fn generated_tree(
    root: &Path,
    count: usize,
    years: std::ops::Range<i32>,
    seed: u64,
    areas: &[String],
) -> usize {
    let mut rng = Lcg(seed);
    let span = (years.end - years.start) as usize;
    for i in 0..count {
        let year = years.start + rng.below(span) as i32;
        let month = 1 + rng.below(12);
        let day = 1 + rng.below(28);
        let (date, start) = match rng.below(6) {
            0 => (format!("{year}"), format!("{year}")),
            1 => (format!("{year}-{month:02}~"), format!("{year}-{month:02}")),
            2 => (
                format!("{year}-{month:02}-{day:02}?"),
                format!("{year}-{month:02}-{day:02}"),
            ),
            _ => (
                format!("{year}-{month:02}-{day:02}"),
                format!("{year}-{month:02}-{day:02}"),
            ),
        };
        let id = format!("{start}-r{i}");
        let mut parties = BTreeSet::new();
        while parties.len() < 2 + rng.below(2) {
            parties.insert(COUNTRIES[rng.below(COUNTRIES.len())]);
        }
        let mut party_lines: Vec<String> = parties
            .iter()
            .map(|c| format!("  - country: \"{c}\"\n"))
            .collect();
        if rng.below(4) == 0 {
            party_lines.push(format!(
                "  - organization: {}\n",
                ORGANIZATIONS[rng.below(ORGANIZATIONS.len())]
            ));
        }
        let mut chosen = BTreeSet::new();
        while chosen.len() < 1 + rng.below(2) {
            chosen.insert(areas[rng.below(areas.len())].as_str());
        }
        let mut commitments = String::new();
        for _ in 0..rng.below(3) {
            commitments.push_str(&format!(
                "  - text: \"Something.\"\n    by: [\"{}\"]\n    due:\n      within: P{}M\n    status: {}\n",
                parties.first().expect("a party"),
                1 + rng.below(24),
                ["open", "met", "unknown"][rng.below(3)]
            ));
        }
        let text = CLEAN
            .replace("2025-05-19-pk-cn-test", &id)
            .replace("\"A test record\"", &format!("\"Record {i}\""))
            .replace("date: \"2025-05-19\"", &format!("date: \"{date}\""))
            .replace(
                "type: meeting",
                &format!("type: {}", TYPES[rng.below(TYPES.len())]),
            )
            .replace(
                "status: announced",
                &format!("status: {}", STAGES[rng.below(STAGES.len())]),
            )
            .replace(
                "  - country: \"PK\"\n  - country: \"CN\"\n",
                &party_lines.concat(),
            )
            .replace(
                "areas: [vaccines]",
                &format!(
                    "areas: [{}]",
                    chosen.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            )
            .replace(
                "    published: \"2025-05-19\"",
                "    published: \"2026-01-01\"",
            )
            .replace(
                "sources:",
                &if commitments.is_empty() {
                    "sources:".to_owned()
                } else {
                    format!("commitments:\n{commitments}sources:")
                },
            );
        write(root, &format!("records/{}/{id}.yaml", &start[..4]), &text);
    }
    let retracted = CLEAN
        .replace("2025-05-19-pk-cn-test", "2025-05-19-gone")
        .replace(
            "sources:",
            "retracted:\n  date: \"2025-06-01\"\n  reason: \"A mistake.\"\nsources:",
        );
    write(root, "records/2025/2025-05-19-gone.yaml", &retracted);
    let wrong = CLEAN
        .replace("2025-05-19-pk-cn-test", "2025-05-19-wrong")
        .replace("status: announced", "status: pledged");
    write(root, "records/2025/2025-05-19-wrong.yaml", &wrong);
    2
}

/// Markdown rendered as GitHub renders it (GitHub Flavored Markdown, by comrak: tables,
/// strikethrough, autolinks and `$` mathematics; raw HTML left out, which tests check never
/// happens), for the tests of what accord writes into job summaries.
pub fn gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.math_dollars = true;
    comrak::markdown_to_html(markdown, &options)
}

/// The names of the elements in an HTML fragment (`p`, `table`, `a`), each once.
pub fn html_tags(html: &str) -> BTreeSet<&str> {
    html.split('<')
        .skip(1)
        .filter_map(|t| t.split([' ', '>', '/']).next())
        .filter(|t| !t.is_empty())
        .collect()
}
