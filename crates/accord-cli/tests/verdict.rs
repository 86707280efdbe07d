//! One verdict everywhere: trees with faults of every kind are checked through each entry point
//! (a lint of the whole tree, lints of the files in random batches as the pre-commit hook runs
//! them, `lint --base` against a base without records, `build`, and the watcher taking the files
//! in batch by batch), and every one must give each record the same findings, and build and the
//! watcher must publish exactly the records lint passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;

use common::{CLEAN, accord, git, record, stdout, write};

/// The records a fault puts in a tree, as (path, text).
fn fault(kind: usize, i: usize) -> Vec<(String, String)> {
    let slug = format!("pk-cn-r{i}");
    let path = |slug: &str| format!("records/2025/2025-05-19-{slug}.yaml");
    let clean = record(&slug, "meeting");
    match kind {
        // A clean record.
        0 => vec![(path(&slug), clean)],
        // A copy of it elsewhere, with the same id.
        1 => vec![
            (path(&slug), clean.clone()),
            (format!("records/drafts/2025-05-19-{slug}.yaml"), clean),
        ],
        // A link to a record that exists, and one to a record that does not.
        2 => vec![
            (path(&slug), clean),
            (
                path(&format!("{slug}-follow")),
                record(&format!("{slug}-follow"), "visit").replace(
                    "sources:",
                    &format!(
                        "related:\n  - id: \"2025-05-19-{slug}\"\n    relation: follow-up-of\n  - id: \"2025-05-19-nowhere\"\n    relation: related\nsources:"
                    ),
                ),
            ),
        ],
        // The same event twice (a likely duplicate): a warning.
        3 => vec![
            (path(&slug), record(&slug, "donation")),
            (path(&format!("{slug}-twin")), record(&format!("{slug}-twin"), "donation")),
        ],
        // A schema error, a placeholder, an http link with and without a reason.
        4 => vec![
            (path(&slug), clean.replace("status: announced", "status: pledged")),
            (path(&format!("{slug}-todo")), record(&format!("{slug}-todo"), "meeting").replace("\"A test.\"", "\"TODO: write it\"")),
            (
                path(&format!("{slug}-http")),
                record(&format!("{slug}-http"), "conference")
                    .replace("kind: news", "kind: news\n    url: \"http://example.org/x\""),
            ),
            (
                path(&format!("{slug}-httpok")),
                format!(
                    "# accord: allow(insecure-url) the ministry has no https site\n{}",
                    record(&format!("{slug}-httpok"), "working-group")
                        .replace("kind: news", "kind: news\n    url: \"http://example.org/y\"")
                ),
            ),
        ],
        // Not a record file, and a retracted record.
        _ => vec![
            (format!("records/2025/2025-05-19-{slug}.yml"), clean.clone()),
            (
                path(&format!("{slug}-gone")),
                record(&format!("{slug}-gone"), "other")
                    .replace("sources:", "retracted:\n  date: \"2025-06-01\"\n  reason: \"A mistake.\"\nsources:"),
            ),
        ],
    }
}

/// Each file's findings: codes with their lines.
type Findings = BTreeMap<String, Vec<(String, Option<u64>)>>;

/// Each file's findings, as a lint's JSON output gives them.
fn findings(json: &str) -> Findings {
    let items: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let mut by_file = Findings::new();
    for item in items.as_array().expect("array") {
        by_file
            .entry(item["file"].as_str().expect("file").to_owned())
            .or_default()
            .push((
                item["code"].as_str().expect("code").to_owned(),
                item["line"].as_u64(),
            ));
    }
    for found in by_file.values_mut() {
        found.sort();
    }
    by_file
}

/// The ids a build published into `site`.
fn published(site: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(site.join("events"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).expect("year file");
        // The year files (`2025.json`), not the events' own pages and files.
        let name = entry.file_name().to_string_lossy().into_owned();
        if name
            .strip_suffix(".json")
            .is_some_and(|stem| stem.bytes().all(|b| b.is_ascii_digit()))
        {
            let year: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            for event in year["events"].as_array().expect("events") {
                ids.insert(event["record"]["id"].as_str().expect("id").to_owned());
            }
        }
    }
    ids
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 8,
        failure_persistence: None,
        .. proptest::prelude::ProptestConfig::default()
    })]

    #[test]
    fn every_entry_point_gives_one_verdict(
        kinds in proptest::collection::vec(0usize..6, 1..6),
        batch in 1usize..4,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        write(root, "README.md", "a dataset\n");
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "no records yet"]);
        let mut files = Vec::new();
        for (i, kind) in kinds.iter().enumerate() {
            for (path, text) in fault(*kind, i) {
                write(root, &path, &text);
                files.push(path);
            }
        }
        files.sort();
        files.dedup();

        // The whole tree.
        let whole = findings(&stdout(&accord(root, &["lint", "--format", "json"])));
        // (The faults are there: each kind gives what it is made for.)
        let codes: BTreeSet<&str> = whole.values().flatten().map(|(c, _)| c.as_str()).collect();
        for (kind, code) in [(1, "A301"), (2, "A302"), (3, "A304"), (4, "A104"), (4, "A212"), (4, "A210"), (5, "A509")] {
            if kinds.contains(&kind) {
                proptest::prop_assert!(codes.contains(code), "{code} missing: {whole:?}");
            }
        }
        // The files in batches, as the pre-commit hook names them.
        let mut batched = BTreeMap::new();
        for chunk in files.chunks(batch) {
            let mut args = vec!["lint", "--format", "json"];
            args.extend(chunk.iter().map(String::as_str));
            batched.extend(findings(&stdout(&accord(root, &args))));
        }
        proptest::prop_assert_eq!(&batched, &whole, "batches of {}", batch);
        // What the branch adds, against a base without records.
        let base = findings(&stdout(&accord(root, &["lint", "--base", "main", "--format", "json"])));
        proptest::prop_assert_eq!(&base, &whole, "lint --base");

        // Build publishes exactly the records lint passes without an error, retracted ones
        // left out.
        let out = accord(root, &["build", "--as-of", "2026-01-01"]);
        proptest::prop_assert_eq!(out.status.code(), Some(0));
        let mut expected = BTreeSet::new();
        for path in &files {
            let text = std::fs::read_to_string(root.join(path)).expect("record");
            let errors = whole.get(path).is_some_and(|f| {
                f.iter().any(|(code, _)| code != "A304")
            });
            if !path.ends_with(".yaml") || errors || text.contains("retracted:") {
                continue;
            }
            let id = text
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .expect("an id")
                .trim_matches('"')
                .to_owned();
            expected.insert(id);
        }
        proptest::prop_assert_eq!(&published(&root.join("site")), &expected);

        // The watcher: the same files arrive in batches in another order into a tree being
        // watched (one file leaves and comes back at the end), and each batch is taken in as
        // `accord watch` takes in a file-system event.
        let (watched, published_by_watch) = watch(&files, root, batch);
        proptest::prop_assert_eq!(&watched, &whole, "watch");
        proptest::prop_assert_eq!(published_by_watch, expected, "watch publishes");
    }
}

/// Builds a tree from `files` (copied from `from`) under a [`Site`], as `accord watch` does:
/// each batch written, then the site told of the paths, rebuilt and its folders checked.
/// Returns the findings per file as the rebuilds last reported them, and the published ids.
fn watch(files: &[String], from: &Path, batch: usize) -> (Findings, BTreeSet<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("records")).expect("records/");
    let day = accord_schema::date::Day::parse("2026-01-01").expect("a day");
    let out = root.join("site");
    let mut site =
        accord_watch::Site::new(root, &out, day, day, Default::default()).expect("a site");
    let mut found = Findings::new();
    let mut take_in = |site: &mut accord_watch::Site, paths: &[&String]| {
        let paths: Vec<std::path::PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        site.update(&paths).expect("update");
        let mut rebuilt = site.rebuild().expect("rebuild");
        if site.check_folders() {
            let again = site.rebuild().expect("rebuild");
            rebuilt.reports.extend(again.reports);
            rebuilt.cleared.extend(again.cleared);
        }
        for path in &rebuilt.cleared {
            found.remove(&path.to_string_lossy().into_owned());
        }
        for report in &rebuilt.reports {
            found.remove(&report.path.to_string_lossy().into_owned());
        }
        found.extend(findings(&accord_lint::render::json(&rebuilt.reports)));
    };
    // Another order than the sorted one the lints saw: reversed.
    let order: Vec<&String> = files.iter().rev().collect();
    for chunk in order.chunks(batch) {
        for path in chunk {
            let text = std::fs::read_to_string(from.join(path)).expect("record");
            write(root, path, &text);
        }
        take_in(&mut site, chunk);
    }
    if let Some(first) = order.first() {
        let text = std::fs::read_to_string(root.join(first)).expect("record");
        std::fs::remove_file(root.join(first)).expect("remove");
        take_in(&mut site, &[first]);
        write(root, first, &text);
        take_in(&mut site, &[first]);
    }
    (found, published(&out))
}

/// The shipped record template is clean through every entry point (a guard on the helpers).
#[test]
fn a_clean_record_is_clean_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    let out = accord(
        dir.path(),
        &[
            "lint",
            "--format",
            "json",
            "records/2025/2025-05-19-pk-cn-test.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
