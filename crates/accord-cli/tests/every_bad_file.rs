//! One repository holding one bad file of every kind the linter knows (the rules of the Linter
//! issue's item 3 and the hostile inputs of item 7), linted in one run: every file is reported,
//! with its rule, at its line, exit 1, and nothing panics or hangs.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

mod common;

/// A record with id `2025-05-19-<slug>`, after replacing each `(from, to)` in [`BASE`].
fn record(slug: &str, edits: &[(&str, &str)]) -> String {
    let mut text = common::CLEAN.replace("2025-05-19-pk-cn-test", &format!("2025-05-19-{slug}"));
    for (from, to) in edits {
        assert!(text.contains(from), "{slug}: `{from}` not in the record");
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn every_kind_of_bad_file_is_reported_in_one_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // (path, bytes, expected rule code, whether the diagnostic points at a line)
    let mut cases: Vec<(String, Vec<u8>, &str, bool)> = Vec::new();
    let mut add = |slug: &str, edits: &[(&str, &str)], code: &'static str| {
        cases.push((
            accord_test_support::record_path(slug),
            record(slug, edits).into_bytes(),
            code,
            true,
        ));
    };
    // Files and YAML traps.
    add(
        "unquoted-date",
        &[("date: \"2025-05-19\"", "date: 2025-05-19")],
        "A203",
    );
    add("norway", &[("country: \"CN\"", "country: NO")], "A203");
    add(
        "octal",
        &[("title: \"A test record\"", "title: 057")],
        "A101",
    );
    add(
        "duplicate-key",
        &[("type: meeting\n", "type: meeting\ntype: visit\n")],
        "A502",
    );
    add(
        "tabs",
        &[("  - country: \"CN\"", "\t- country: \"CN\"")],
        "A503",
    );
    add(
        "two-documents",
        &[("schema_version: 1\n", "schema_version: 1\n---\nid: x\n")],
        "A505",
    );
    // Did-you-mean.
    add("unknown-key", &[("summary:", "sumary:")], "A103");
    add("unknown-area", &[("[vaccines]", "[vaccine]")], "A104");
    add(
        "unknown-org",
        &[("country: \"CN\"", "organization: whoo")],
        "A104",
    );
    add("unknown-enum", &[("type: meeting", "type: meting")], "A104");
    // Country codes.
    add(
        "alpha-3",
        &[("country: \"CN\"", "country: \"CHN\"")],
        "A104",
    );
    add(
        "unassigned-code",
        &[("country: \"CN\"", "country: \"ZZ\"")],
        "A104",
    );
    // Dates.
    add(
        "not-a-day",
        &[("published: \"2025-05-19\"", "published: \"2025-02-30\"")],
        "A204",
    );
    add(
        "reversed",
        &[("date: \"2025-05-19\"", "date: \"2025-05-19/2025-05-01\"")],
        "A205",
    );
    add(
        "future",
        &[("published: \"2025-05-19\"", "published: \"2031-01-01\"")],
        "A206",
    );
    add(
        "version-9",
        &[("schema_version: 1", "schema_version: 9")],
        "A108",
    );
    // Parties.
    add("one-party", &[("  - country: \"CN\"\n", "")], "A106");
    add(
        "same-party",
        &[("country: \"CN\"", "country: \"PK\"")],
        "A207",
    );
    add(
        "both",
        &[("country: \"CN\"", "country: \"CN\"\n    organization: who")],
        "A107",
    );
    add(
        "no-instrument",
        &[("type: meeting", "type: agreement")],
        "A102",
    );
    // Sources.
    add(
        "no-sources",
        &[(
            "sources:\n  - publisher: \"Example News\"\n    published: \"2025-05-19\"\n    kind: news\n",
            "sources: []\n",
        )],
        "A106",
    );
    add(
        "http",
        &[(
            "kind: news",
            "kind: news\n    url: \"http://example.com/a\"",
        )],
        "A210",
    );
    add(
        "javascript",
        &[("kind: news", "kind: news\n    url: \"javascript:alert(1)\"")],
        "A214",
    );
    add(
        "data",
        &[(
            "kind: news",
            "kind: news\n    archive_url: \"data:text/html,x\"",
        )],
        "A214",
    );
    add(
        "early-source",
        &[("published: \"2025-05-19\"", "published: \"2025-05-01\"")],
        "A208",
    );
    add(
        "no-speaker",
        &[(
            "kind: news",
            "kind: news\n    quotes:\n      - text: \"words\"",
        )],
        "A102",
    );
    // Commitments.
    add(
        "early-due",
        &[(
            "sources:",
            "commitments:\n  - text: \"t\"\n    by: [\"PK\"]\n    due: \"2025-01-01\"\nsources:",
        )],
        "A209",
    );
    add(
        "bad-duration",
        &[(
            "sources:",
            "commitments:\n  - text: \"t\"\n    by: [\"PK\"]\n    due: {within: P30X}\nsources:",
        )],
        "A105",
    );
    // Across records.
    add(
        "related-missing",
        &[(
            "kind: news\n",
            "kind: news\nrelated:\n  - id: \"2025-05-19-nowhere\"\n    relation: related\n",
        )],
        "A302",
    );
    add(
        "related-self",
        &[(
            "kind: news\n",
            "kind: news\nrelated:\n  - id: \"2025-05-19-related-self\"\n    relation: related\n",
        )],
        "A303",
    );
    let twin = record("twin", &[("type: meeting", "type: donation")]);
    cases.push((
        accord_test_support::record_path("twin"),
        twin.clone().into_bytes(),
        "A301",
        true,
    ));
    cases.push((
        "records/2025/2025-05-19-twin-copy.yaml".into(),
        twin.into_bytes(),
        "A201",
        true,
    ));
    // Names and places.
    cases.push((
        "records/2024/2025-05-19-wrong-year.yaml".into(),
        record("wrong-year", &[]).into_bytes(),
        "A202",
        true,
    ));
    cases.push((
        "records/2025/2025-05-19-yml.yml".into(),
        record("yml", &[]).into_bytes(),
        "A509",
        false,
    ));
    cases.push((
        "records/2025/2025-05-19-json.json".into(),
        b"{}".to_vec(),
        "A509",
        false,
    ));
    cases.push((
        "records/2025/README.md".into(),
        b"# notes".to_vec(),
        "A509",
        false,
    ));
    cases.push((
        accord_test_support::record_path("empty"),
        Vec::new(),
        "A506",
        false,
    ));
    // Hostile input.
    let mut not_utf8 = record("latin1", &[]).into_bytes();
    not_utf8.extend_from_slice(b"notes: \"caf\xe9\"\n");
    cases.push((
        accord_test_support::record_path("latin1"),
        not_utf8,
        "A507",
        true,
    ));
    cases.push((
        accord_test_support::record_path("binary"),
        (0..=255u8).cycle().take(4096).collect(),
        "A507",
        true,
    ));
    cases.push((
        accord_test_support::record_path("huge"),
        vec![b'#'; 3 * 1024 * 1024],
        "A508",
        false,
    ));
    let mut bomb =
        String::from("a: &a [\"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\"]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    cases.push((
        accord_test_support::record_path("alias-bomb"),
        bomb.into_bytes(),
        "A504",
        true,
    ));
    let deep = format!("notes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    cases.push((
        accord_test_support::record_path("deep"),
        deep.into_bytes(),
        "A501",
        true,
    ));

    for (path, bytes, _, _) in &cases {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("folders");
        std::fs::write(full, bytes).expect("write");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", root.join("records/2025/loop")).expect("link");
        cases.push(("records/2025/loop".into(), Vec::new(), "A510", false));
    }

    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["lint", "--format", "json"])
        .current_dir(root)
        .env("ACCORD_TODAY", "2026-01-01")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("accord runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    let mut by_file: BTreeMap<String, Vec<&serde_json::Value>> = BTreeMap::new();
    for item in &items {
        by_file
            .entry(item["file"].as_str().expect("file").to_owned())
            .or_default()
            .push(item);
    }
    let mut missing = Vec::new();
    for (path, _, code, located) in &cases {
        let found = by_file
            .get(path.as_str())
            .into_iter()
            .flatten()
            .find(|d| d["code"] == *code);
        match found {
            None => missing.push(format!(
                "{path}: no {code}; got {:?}",
                by_file
                    .get(path.as_str())
                    .map(|ds| ds.iter().map(|d| d["code"].to_string()).collect::<Vec<_>>())
            )),
            Some(d) if *located && !d["line"].is_u64() => {
                missing.push(format!("{path}: {code} has no line"));
            }
            Some(_) => {}
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(Path::new(root).join("records").is_dir());
}
