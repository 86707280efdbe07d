//! `accord intake` through the binary: GitHub's event payload in, a record file and the pull
//! request's body out; the record lints with only its placeholders left.

use std::path::Path;

mod common;

use common::{accord, stderr, stdout};

fn payload(body: &str) -> String {
    serde_json::json!({
        "action": "labeled",
        "label": {"name": "accepted"},
        "issue": {
            "number": 12,
            "title": "[event] Pakistan and Palestine sign a health MOU",
            "html_url": "https://github.com/accord-health/accord/issues/12",
            "created_at": "2025-09-20T08:00:00Z",
            "body": body,
        }
    })
    .to_string()
}

const BODY: &str = "### When did it happen?\n\n17 September 2025\n\n### Who took part?\n\nPakistan, State of Palestine\n\n### What kind of event was it?\n\nagreement (MOU, treaty, ...)\n\n### Which areas of health?\n\ncardiology, vacines\n\n### What happened?\n\nThey signed an MOU on health.\n\n### Sources\n\nhttps://example.org/mou - Ministry of Health, 17 September 2025\n\n### Anything else?\n\n_No response_\n";

#[test]
fn an_issue_becomes_a_record_and_a_pull_request_body() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("records")).expect("records");
    let event = root.join("event.json");
    std::fs::write(&event, payload(BODY)).expect("payload");
    let out = accord(
        root,
        &["intake", "--event", "event.json", "--pr-body", "pr.md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = "records/2025/2025-09-17-pakistan-and-palestine-sign-a-health-mou.yaml";
    assert_eq!(stdout(&out), format!("{path}\n"));
    assert!(stderr(&out).contains("not mapped: `vacines` is not an area in schema/vocabularies/areas.yaml; did you mean `vaccines`?"), "{}", stderr(&out));
    let record = std::fs::read_to_string(root.join(path)).expect("the record");
    assert!(record.contains("  - country: \"PS\"\n"), "{record}");
    assert!(
        record.contains("url: \"https://example.org/mou\""),
        "{record}"
    );
    let pr = std::fs::read_to_string(root.join("pr.md")).expect("the body");
    assert!(pr.starts_with("Proposed in #12. "), "{pr}");

    // The linter finds only the placeholders left for a maintainer.
    common::assert_only_placeholders(root, &[path]);

    // A second run never overwrites the record.
    let again = accord(root, &["intake", "--event", "event.json"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_payload_that_is_not_an_issue_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root: &Path = dir.path();
    std::fs::create_dir_all(root.join("records")).expect("records");
    std::fs::write(root.join("event.json"), "{\"pull_request\": {}}").expect("payload");
    let out = accord(root, &["intake", "--event", "event.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is it an `issues` event?"),
        "{}",
        stderr(&out)
    );
    let out = accord(root, &["intake"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        std::fs::read_dir(root.join("records"))
            .expect("records")
            .next()
            .is_none()
    );
}
