//! The outputs of a small, hostile dataset: escaping, links, CSV quoting, ordering, the JSON
//! schema of events.json, and determinism.

use std::collections::BTreeMap;
use std::sync::Arc;

use accord_schema::date::Day;
use accord_schema::{Record, Vocabularies};
use accord_summary::model::{Dataset, LeftOut, event};

const AS_OF: Day = Day {
    year: 2026,
    month: 1,
    day: 1,
};

fn record(json: serde_json::Value) -> Record {
    serde_json::from_value(json).expect("a valid record")
}

fn hostile() -> Record {
    record(serde_json::json!({
        "schema_version": 1,
        "id": "2025-05-19-pk-cn-test",
        "title": "<script>alert('title')</script> & \"quotes\"",
        "summary": "<img src=x onerror=alert(1)> | pipes | [a link](javascript:alert(1))",
        "date": "2025-05-19",
        "type": "meeting",
        "status": "announced",
        "parties": [{"country": "PK"}, {"country": "CN"}, {"organization": "who"}],
        "areas": ["vaccines"],
        "commitments": [
            {"text": "=HYPERLINK(\"https://evil.example\")", "by": ["PK"], "due": {"within": "P30D"}},
            {"text": "Met, with a comma, and a \"quote\"\nand a new line", "by": ["CN"], "due": "2025-12", "status": "met"},
            {"text": "Not yet due <script>x</script> | [x](javascript:alert(1))", "by": ["PK", "CN"], "due": "2026-06-30"}
        ],
        "sources": [
            {"publisher": "<b>Outlet</b>", "published": "2025-05-19", "kind": "news",
             "url": "https://example.org/a?b=1&c=2",
             "quotes": [{"speaker": "<svg onload=alert(2)>", "text": "</blockquote><script>x()</script>"}]}
        ]
    }))
}

fn other() -> Record {
    record(serde_json::json!({
        "schema_version": 1,
        "id": "2024-03-pk-ps-visit",
        "title": "A visit",
        "summary": "A test.",
        "date": "2024-03",
        "type": "visit",
        "status": "completed",
        "parties": [{"country": "PK"}, {"country": "PS"}],
        "areas": ["ophthalmology", "vaccines"],
        "sources": [{"publisher": "Ministry", "published": "2024-03-02", "kind": "government"}]
    }))
}

fn dataset(records: Vec<Record>) -> Dataset {
    let vocabularies = Vocabularies::builtin();
    let mut events = BTreeMap::new();
    for r in records {
        let path = format!("records/{}/{}.yaml", &r.id.0[..4], r.id.0);
        let e = event(path, r, vocabularies, AS_OF, None).expect("event");
        events.insert(e.id().to_owned(), Arc::new(e));
    }
    Dataset {
        events,
        left_out: LeftOut {
            retracted: 1,
            with_errors: 2,
        },
        as_of: AS_OF,
    }
}

fn outputs() -> BTreeMap<&'static str, String> {
    accord_summary::render_all(&dataset(vec![hostile(), other()]), Vocabularies::builtin())
        .into_iter()
        .collect()
}

#[test]
fn html_escapes_every_record_value() {
    let html = &outputs()["index.html"];
    for payload in [
        "<script>alert",
        "<img src=x",
        "<svg onload",
        "</blockquote><script>",
        "<b>Outlet",
    ] {
        assert!(!html.contains(payload), "unescaped `{payload}`");
    }
    assert!(
        html.contains(
            "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        )
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // No script and no way to load anything from elsewhere.
    assert!(!html.contains("<script"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(!html.contains("src=\"http"));
}

#[test]
fn html_links_only_https_addresses() {
    let html = &outputs()["index.html"];
    let hrefs: Vec<&str> = html
        .match_indices("href=\"")
        .map(|(i, _)| {
            let rest = &html[i + 6..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect();
    assert!(!hrefs.is_empty());
    for href in hrefs {
        assert!(
            href.starts_with("https://") || href.starts_with('#'),
            "unexpected link {href}"
        );
    }
    assert!(html.contains("href=\"https://example.org/a?b=1&amp;c=2\""));
}

#[test]
fn the_dashboard_has_its_tables_and_charts() {
    let html = &outputs()["index.html"];
    for id in [
        "totals",
        "months",
        "partners",
        "areas",
        "pairs",
        "commitments",
        "events",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(html.matches("<svg").count() >= 3);
    assert!(html.contains("<tr class=\"overdue\">"));
}

#[test]
fn commitments_are_overdue_first_with_derived_due_dates() {
    let out = outputs();
    let csv = &out["commitments.csv"];
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "event_id,index,due,status,overdue,by,text");
    // Within P30D of 2025-05-19 is 2025-06-18; open and before 2026-01-01: overdue, first.
    assert!(
        lines[1].starts_with("2025-05-19-pk-cn-test,0,2025-06-18,open,true,PK,"),
        "{}",
        lines[1]
    );
    // A formula is neutralised.
    assert!(
        lines[1].ends_with(",'=HYPERLINK(\"\"https://evil.example\"\")\"")
            || lines[1].contains("'=HYPERLINK"),
        "{}",
        lines[1]
    );
    // Dated commitments follow by due date; `2025-12` is due on its last day, and met.
    assert!(lines[2].starts_with("2025-05-19-pk-cn-test,1,2025-12-31,met,false,CN,\"Met, with a comma, and a \"\"quote\"\"\nand a new line\""), "{}", lines[2]);
    assert!(
        lines[3].starts_with("2025-05-19-pk-cn-test,2,2026-06-30,open,false"),
        "{}",
        lines[3]
    );
    assert!(csv.ends_with("\r\n"));
}

#[test]
fn events_csv_has_one_row_per_event_in_date_order() {
    let csv = &outputs()["events.csv"];
    let rows: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[1].starts_with("2024-03-pk-ps-visit,2024-03,2024-03-01,2024-03-31,visit,completed,")
    );
    assert!(rows[2].starts_with("2025-05-19-pk-cn-test,"));
    assert!(rows[2].contains(",PK;CN,who,vaccines,1,"));
}

#[test]
fn summary_counts_parties_pairs_areas_and_left_out_records() {
    let md = &outputs()["summary.md"];
    assert!(md.contains(
        "**2** events, **4** countries and organisations, **3** commitments (1 overdue)"
    ));
    assert!(md.contains("Left out: 1 retracted, 2 with errors."));
    assert!(md.contains("| Pakistan | PK | 2 | 2025-05-19 (2025-05-19-pk-cn-test) |"));
    assert!(md.contains("| China – Pakistan | 1 |"));
    assert!(md.contains(" | vaccines | 2 |"));
    assert!(md.contains("| 2024-03 | 1 | visit (1) |"));
    // Markup in a record cannot break out of its table cell.
    assert!(md.contains("\\<script\\>"));
    assert!(md.contains("Not yet due \\<script\\>x\\</script\\> \\| \\[x\\](javascript:alert(1))"));
}

#[test]
fn events_json_follows_its_schema() {
    let out = outputs();
    let events: serde_json::Value = serde_json::from_str(&out["events.json"]).expect("JSON");
    let schema: serde_json::Value = serde_json::from_str(&out["events.schema.json"]).expect("JSON");
    let record_schema: serde_json::Value =
        serde_json::from_str(accord_schema::schema::PUBLISHED_SCHEMA).expect("record schema");
    let registry = jsonschema::Registry::new()
        .add(accord_schema::schema::SCHEMA_ID, record_schema)
        .expect("the record schema registers")
        .prepare()
        .expect("the registry prepares");
    let validator = jsonschema::options()
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the events schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&events)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(events["events"][0]["derived"]["last_day"], "2024-03-31");
    assert_eq!(
        events["events"][1]["derived"]["parties"][2]["name"],
        "World Health Organization"
    );
}

#[test]
fn the_same_events_give_byte_identical_outputs() {
    let a = outputs();
    let b = accord_summary::render_all(&dataset(vec![other(), hostile()]), Vocabularies::builtin())
        .into_iter()
        .collect::<BTreeMap<_, _>>();
    assert_eq!(a, b);
}
