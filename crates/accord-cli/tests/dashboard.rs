//! The dashboard in a real browser: headless Chromium loads `index.html` from a build with
//! hostile records; the tables and charts are there, the payloads show as text, no script runs.
//!
//! Chromium is found at `$ACCORD_CHROMIUM`, `/usr/bin/chromium` or on the `PATH`. Without it
//! this test says so and passes, unless `ACCORD_REQUIRE_CHROMIUM=1` (set by `.ci/run`, which
//! installs Chromium), in which case a missing browser fails it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{accord, write};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ACCORD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if std::path::Path::new(candidate).is_file() {
            return Some(PathBuf::from(candidate));
        }
    }
    let found = Command::new("chromium").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("chromium"))
}

const HOSTILE: &str = r#"schema_version: 1
id: "2025-05-19-pk-cn-test"
title: "<script>document.title='pwned'</script> talks"
summary: "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> summary"
date: "2025-05-19"
type: meeting
status: announced
parties:
  - country: "PK"
  - country: "CN"
areas: [vaccines]
commitments:
  - text: "<svg onload=\"document.body.setAttribute('data-pwned','2')\">a working group</svg>"
    by: ["PK"]
    due:
      within: P30D
sources:
  - publisher: "Example News"
    published: "2025-05-19"
    kind: news
    url: "https://example.org/news?a=1&b=2"
"#;

#[test]
fn the_dashboard_renders_in_chromium_and_runs_no_payload() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("ACCORD_REQUIRE_CHROMIUM").is_none_or(|v| v != "1"),
            "Chromium is required (ACCORD_REQUIRE_CHROMIUM=1) but was not found; install the Debian package `chromium`"
        );
        eprintln!(
            "skipped: Chromium not found (set ACCORD_CHROMIUM or install the Debian package `chromium`)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "records/2025/2025-05-19-pk-cn-test.yaml",
        HOSTILE,
    );
    let lint = accord(dir.path(), &["lint"]);
    assert_eq!(
        lint.status.code(),
        Some(0),
        "the hostile record is a valid record: {}",
        String::from_utf8_lossy(&lint.stdout)
    );
    let build = accord(dir.path(), &["build", "--as-of", "2026-01-01"]);
    assert_eq!(build.status.code(), Some(0));
    let dom = dump_dom(&browser, &dir.path().join("site/index.html"));
    // The page is there, with its tables and charts.
    assert!(
        dom.contains("<title>Health cooperation dataset · dashboard</title>"),
        "{dom}"
    );
    for id in [
        "totals",
        "timeline",
        "stages",
        "partners",
        "areas",
        "commitments",
        "events",
    ] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(dom.contains("<svg"), "no chart");
    assert!(dom.contains("<table"), "no table");
    assert!(
        dom.contains("class=\"overdue\""),
        "the overdue commitment is not marked"
    );
    // The payloads are text, and none of them ran.
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt; talks"),
        "{dom}"
    );
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
    assert!(!dom.contains("data-pwned=\""), "a payload ran: {dom}");
    assert!(!dom.contains("<title>pwned"), "a payload ran");
    // The one script element is the schema.org data block, which is never run.
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "a script element made it into the page"
    );
    assert!(dom.contains("<script type=\"application/ld+json\">"));
    assert!(
        dom.contains("href=\"https://example.org/news?a=1&amp;b=2\""),
        "{dom}"
    );

    // The event's own page shows every field, the quotes and commitments too: the payloads
    // are text there as well, and none ran.
    let dom = dump_dom(
        &browser,
        &dir.path().join("site/events/2025-05-19-pk-cn-test.html"),
    );
    assert!(dom.contains("id=\"cite\""), "{dom}");
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt; talks"),
        "{dom}"
    );
    assert!(dom.contains("&lt;svg onload="), "{dom}");
    assert!(!dom.contains("data-pwned=\""), "a payload ran: {dom}");
    assert!(
        !dom.contains("<script"),
        "a script element made it into the page"
    );
}

/// The page's DOM after headless Chromium loaded it (and ran whatever it would run).
fn dump_dom(browser: &std::path::Path, page: &std::path::Path) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && !dom.is_empty(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}
