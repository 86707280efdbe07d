//! The built pages in a real browser, as a phone and a laptop show them: no horizontal overflow
//! at 390 and 1280 px, no serious or critical finding of axe-core, and no script of a record's
//! running. `tests/browser/check.mjs` drives headless Chromium through puppeteer-core.
//!
//! It needs Node with `puppeteer-core` and `axe-core` in `$ACCORD_BROWSER_MODULES` (a
//! `node_modules` folder; `.ci/run` installs them) and Chromium. Without them this test says so
//! and passes, unless `ACCORD_REQUIRE_CHROMIUM=1` (set by `.ci/run`), in which case it fails.
//! With `ACCORD_SCREENSHOTS=DIR` it also saves a screenshot of each page at each width there
//! (`bash bench/screenshots.sh` refreshes the ones in `docs/`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use accord_test_support::{generated_tree, write};
use common::accord;

/// The `node_modules` folder with puppeteer-core and axe-core, when there is one.
fn modules() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("ACCORD_BROWSER_MODULES")?);
    let found = dir.join("puppeteer-core").is_dir() && dir.join("axe-core").is_dir();
    found.then_some(dir)
}

/// A record that tests the layout: the longest names, an unbroken word, a long link.
const WIDE: &str = r#"schema_version: 1
id: "2025-05-19-sh-sx-test"
title: "Saint Helena, Ascension and Tristan da Cunha and Sint Maarten sign an Intergovernmentalmemorandumofunderstandingonhealthcooperationandpharmaceuticalregulation"
summary: "A summary with a long unbroken word: Pneumonoultramicroscopicsilicovolcanoconiosisandmoreandmoreandmoreandmore."
date: "2025-05-19"
type: agreement
status: signed
instrument:
  kind: mou
  binding: "no"
parties:
  - country: "SH"
    represented_by:
      - name: "A Representative With A Very Long Name Indeed"
        title: "Minister of Health, Social Welfare, Population Planning and Intergovernmental Coordination"
  - country: "SX"
areas: [vaccines]
sources:
  - publisher: "Example News"
    published: "2025-05-19"
    kind: news
    url: "https://example.org/a/very/long/path/that/goes/on/and/on/and/on/without/any/break/at/all/for/a/while/longer/than/a/phone/is/wide"
"#;

#[test]
fn the_pages_fit_a_phone_and_a_laptop_and_pass_axe() {
    let required = std::env::var_os("ACCORD_REQUIRE_CHROMIUM").is_some_and(|v| v == "1");
    let Some(modules) = modules() else {
        assert!(
            !required,
            "the browser check is required (ACCORD_REQUIRE_CHROMIUM=1) but ACCORD_BROWSER_MODULES does not hold puppeteer-core and axe-core"
        );
        eprintln!(
            "skipped: set ACCORD_BROWSER_MODULES to a node_modules folder with puppeteer-core and axe-core"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let areas: Vec<String> = accord_schema::Vocabularies::builtin()
        .areas
        .iter()
        .map(|a| a.id.clone())
        .collect();
    generated_tree(dir.path(), 400, 2019..2026, 3, &areas);
    write(dir.path(), "records/2025/2025-05-19-sh-sx-test.yaml", WIDE);
    let build = accord(dir.path(), &["build", "--as-of", "2026-01-01"]);
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check.mjs");
    let mut command = Command::new("node");
    command
        .arg(&script)
        .arg(dir.path().join("site"))
        .arg("index.html")
        .arg("events/2025-05-19-sh-sx-test.html")
        .arg("parties/PK/index.html")
        .arg("parties/index.html")
        .env("NODE_PATH", &modules);
    if let Some(shots) = std::env::var_os("ACCORD_SCREENSHOTS") {
        command.arg("--screenshots").arg(shots);
    }
    let out = command.output().expect("node runs");
    assert!(
        out.status.success(),
        "the browser check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(results.len(), 8, "{results:?}");
    let mut problems = Vec::new();
    for r in &results {
        let at = format!("{} at {} px", r["page"], r["width"]);
        match r["overflow"].as_i64() {
            Some(overflow) if overflow > 0 => {
                problems.push(format!("{at}: {overflow} px wider than the screen"))
            }
            Some(_) => {}
            None => problems.push(format!("{at}: not measured")),
        }
        if r["pwned"] == true {
            problems.push(format!("{at}: a record's script ran"));
        }
        for v in r["violations"].as_array().into_iter().flatten() {
            problems.push(format!(
                "{at}: axe {} ({}): {} at {}",
                v["id"], v["impact"], v["help"], v["nodes"]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
