//! The Atom feeds of a site built from a real git repository, read back by an independent parser
//! (the `atom_syndication` crate): new, changed and retracted events in the order of their
//! commits, with times from git and ids that do not change as the records do.

mod common;

use accord_test_support::{CLEAN, commit, git};
use atom_syndication::Feed;
use common::build;

/// A record of its own: `2025-05-19-<slug>`, between PK and `other`.
fn record(slug: &str, other: &str) -> String {
    CLEAN
        .replace("2025-05-19-pk-cn-test", &format!("2025-05-19-{slug}"))
        .replace("\"A test record\"", &format!("\"Record {slug}\""))
        .replace("country: \"CN\"", &format!("country: \"{other}\""))
}

fn path(slug: &str) -> String {
    format!("records/2025/2025-05-19-{slug}.yaml")
}

/// Builds the site and parses one of its feeds.
fn feed(root: &std::path::Path, file: &str) -> Feed {
    let site = root.join("site");
    let text = std::fs::read_to_string(site.join(file)).expect("the feed is written");
    text.parse::<Feed>()
        .unwrap_or_else(|e| panic!("{file} is not Atom: {e}\n{text}"))
}

/// An entry's id, title, first category and updated time.
fn entries(feed: &Feed) -> Vec<(String, String, String, String)> {
    feed.entries()
        .iter()
        .map(|e| {
            (
                e.id().to_owned(),
                e.title().as_str().to_owned(),
                e.categories()
                    .first()
                    .map(|c| c.term().to_owned())
                    .unwrap_or_default(),
                e.updated().to_rfc3339(),
            )
        })
        .collect()
}

#[test]
fn feeds_list_new_changed_and_retracted_events_by_their_commits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, &["init", "-q"]);
    let (a, b, c) = (path("a"), path("b"), path("c"));
    commit(
        root,
        "Ann",
        "2025-06-01T10:00:00Z",
        &[(&a, Some(&record("a", "CN")))],
    );
    commit(
        root,
        "Bo",
        "2025-06-02T10:00:00Z",
        &[(&b, Some(&record("b", "GB")))],
    );
    commit(
        root,
        "Cy",
        "2025-06-03T10:00:00Z",
        &[(&c, Some(&record("c", "CN")))],
    );
    // `a` changes; `b` is retracted.
    let changed = record("a", "CN").replace("\"A test.\"", "\"A test, corrected.\"");
    commit(root, "Ann", "2025-06-04T10:00:00Z", &[(&a, Some(&changed))]);
    let retracted = format!(
        "{}retracted:\n  date: \"2025-06-05\"\n  reason: \"A duplicate.\"\n",
        record("b", "GB")
    );
    commit(
        root,
        "Bo",
        "2025-06-05T10:00:00Z",
        &[(&b, Some(&retracted))],
    );
    build(root);

    let whole = feed(root, "feed.xml");
    assert_eq!(
        entries(&whole),
        [
            (
                "tag:accord.invalid,2026:event:2025-05-19-b".to_owned(),
                "Retracted: Record b".to_owned(),
                "retracted".to_owned(),
                "2025-06-05T10:00:00+00:00".to_owned(),
            ),
            (
                "tag:accord.invalid,2026:event:2025-05-19-a".to_owned(),
                "Changed: Record a".to_owned(),
                "changed".to_owned(),
                "2025-06-04T10:00:00+00:00".to_owned(),
            ),
            (
                "tag:accord.invalid,2026:event:2025-05-19-c".to_owned(),
                "Record c".to_owned(),
                "new".to_owned(),
                "2025-06-03T10:00:00+00:00".to_owned(),
            ),
        ]
    );
    assert_eq!(whole.updated().to_rfc3339(), "2025-06-05T10:00:00+00:00");
    // The changed entry keeps the time it was first published.
    let a_entry = &whole.entries()[1];
    assert_eq!(
        a_entry.published().map(|d| d.to_rfc3339()),
        Some("2025-06-01T10:00:00+00:00".to_owned())
    );
    assert_eq!(
        a_entry.links()[0].href(),
        "events/2025-05-19-a.html",
        "relative to the feed when no base URL is set"
    );
    assert!(
        a_entry
            .summary()
            .is_some_and(|s| s.as_str().contains("corrected"))
    );

    // Per party: China's feed has `a` and `c`; the United Kingdom's has the retracted `b`.
    let cn = feed(root, "parties/CN/feed.xml");
    let ids: Vec<String> = entries(&cn).into_iter().map(|e| e.0).collect();
    assert_eq!(
        ids,
        [
            "tag:accord.invalid,2026:event:2025-05-19-a",
            "tag:accord.invalid,2026:event:2025-05-19-c"
        ]
    );
    assert_eq!(
        cn.entries()[0].links()[0].href(),
        "../../events/2025-05-19-a.html"
    );
    // A party with only a retracted event has no pages, so no feed that would link to them.
    assert!(!root.join("site/parties/GB").exists());
    // Per area: every event is about vaccines.
    assert_eq!(feed(root, "areas/vaccines/feed.xml").entries().len(), 3);

    // The ids do not change when the record does, nor when the site gets an address.
    std::fs::write(
        root.join("accord.toml"),
        "[site]\nbase_url = \"https://example.org/health/\"\n",
    )
    .expect("settings");
    build(root);
    let moved = feed(root, "feed.xml");
    let ids = |f: &Feed| -> Vec<String> { f.entries().iter().map(|e| e.id().to_owned()).collect() };
    assert_eq!(ids(&moved), ids(&whole));
    assert_eq!(
        moved.entries()[1].links()[0].href(),
        "https://example.org/health/events/2025-05-19-a.html"
    );
    assert!(
        moved
            .links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == "https://example.org/health/feed.xml")
    );
}

#[test]
fn a_feed_holds_the_fifty_events_changed_last_and_survives_hostile_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for i in 0..60 {
        let slug = format!("r{i:02}");
        let text = record(&slug, "CN").replace(
            "\"A test.\"",
            "\"</summary><entry>&amp; ]]> \\u0001 \\uFFFE <script>x</script>\"",
        );
        accord_test_support::write(root, &path(&slug), &text);
    }
    build(root);
    let whole = feed(root, "feed.xml");
    assert_eq!(whole.entries().len(), 50);
    let summary = whole.entries()[0]
        .summary()
        .expect("a summary")
        .as_str()
        .to_owned();
    assert!(
        summary.contains("</summary><entry>&amp; ]]>") && summary.contains("<script>"),
        "the text comes back as text: {summary}"
    );
    assert!(!summary.contains('\u{1}') && !summary.contains('\u{fffe}'));
}
