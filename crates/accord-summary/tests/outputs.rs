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

fn arc_event(r: Record) -> Arc<accord_summary::Event> {
    let path = format!("records/{}/{}.yaml", &r.id.0[..4], r.id.0);
    Arc::new(event(path, r, Vocabularies::builtin(), AS_OF, None).expect("event"))
}

fn dataset(records: Vec<Record>) -> Dataset {
    Dataset::of(
        AS_OF,
        records.into_iter().map(arc_event),
        LeftOut {
            retracted: 1,
            with_errors: 2,
        },
    )
}

fn outputs() -> BTreeMap<String, String> {
    accord_summary::render_all(
        &dataset(vec![hostile(), other()]),
        Vocabularies::builtin(),
        &accord_summary::SiteInfo::default(),
    )
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
    // No script and no way to load anything from elsewhere: the one script element is the
    // schema.org data block, which browsers never run, and no text can end it.
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("</script>").count(), 1);
    assert!(html.contains("<script type=\"application/ld+json\">{"));
    let ld = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the data block");
    let ld: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD");
    assert_eq!(ld["@type"], "Dataset");
    assert_eq!(
        ld["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
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
        // Out of the site only to https; within it, relative paths to its own pages.
        let internal = !href.contains(':') && !href.starts_with("//");
        assert!(
            href.starts_with("https://") || href.starts_with('#') || internal,
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
        "timeline",
        "stages",
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
    let csv = &out["commitments/2025.csv"];
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "event_id,index,due,status,overdue,by,by_names,text,value_amount,value_estimate,value_currency,value_stage,value_finance,value_as_reported,value_date,quantity_count,quantity_unit"
    );
    // Within P30D of 2025-05-19 is 2025-06-18; open and before 2026-01-01: overdue, first.
    assert!(
        lines[1].starts_with("2025-05-19-pk-cn-test,0,2025-06-18,open,true,PK,Pakistan,"),
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
    assert!(lines[2].starts_with("2025-05-19-pk-cn-test,1,2025-12-31,met,false,CN,China,\"Met, with a comma, and a \"\"quote\"\"\nand a new line\""), "{}", lines[2]);
    assert!(
        lines[3].starts_with("2025-05-19-pk-cn-test,2,2026-06-30,open,false"),
        "{}",
        lines[3]
    );
    assert!(csv.ends_with("\r\n"));
}

#[test]
fn events_csv_has_one_row_per_event_per_year() {
    let out = outputs();
    let header = "id,date,first_day,last_day,type,status,title,countries,country_names,organizations,organization_names,areas,area_labels,sources,first_source_url,commitments,path,value_amount,value_estimate,value_currency,value_stage,value_finance,value_as_reported,value_date,quantity_count,quantity_unit";
    let rows: Vec<&str> = out["events/2024.csv"].trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0], header);
    assert!(
        rows[1].starts_with("2024-03-pk-ps-visit,2024-03,2024-03-01,2024-03-31,visit,completed,")
    );
    let rows: Vec<&str> = out["events/2025.csv"].trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0], header);
    assert!(rows[1].starts_with("2025-05-19-pk-cn-test,"));
    assert!(
        rows[1].contains(
            ",PK; CN,Pakistan; China,who,World Health Organization,vaccines,Vaccines and immunisation,1,"
        ),
        "{}",
        rows[1]
    );
    // The 2024 event has no commitments: its year's commitments file is the header alone.
    assert_eq!(
        out["commitments/2024.csv"],
        "event_id,index,due,status,overdue,by,by_names,text,value_amount,value_estimate,value_currency,value_stage,value_finance,value_as_reported,value_date,quantity_count,quantity_unit\r\n"
    );
    assert_eq!(
        out.len(),
        // The overview, two years' files, and the key folders: 4 parties and 2 areas with a
        // page and a feed each, 2 years with a page.
        accord_summary::OVERVIEW.len() + 2 * 3 + 4 * 2 + 2 * 2 + 2,
        "{:?}",
        out.keys()
    );
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
    let parse = |name: &str| -> serde_json::Value {
        let value = serde_json::from_str(&out[name]).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        value
    };
    let manifest = parse("events.json");
    assert_eq!(manifest["events"], 2);
    assert_eq!(manifest["commitments"], 3);
    assert_eq!(manifest["left_out"]["with_errors"], 2);
    assert_eq!(manifest["years"][0]["year"], 2024);
    assert_eq!(manifest["years"][1]["json"], "events/2025.json");
    assert_eq!(manifest["years"][1]["commitments"], 3);
    let y2024 = parse("events/2024.json");
    assert_eq!(y2024["events"][0]["derived"]["last_day"], "2024-03-31");
    let y2025 = parse("events/2025.json");
    assert_eq!(y2025["year"], 2025);
    assert_eq!(
        y2025["events"][0]["derived"]["parties"][2]["name"],
        "World Health Organization"
    );
    // The schema is generated from the types the files are written from, so it is as strict as
    // they are: every field required (an absent value is null), no other field allowed.
    let mut missing = y2025.clone();
    missing["events"][0]["derived"]
        .as_object_mut()
        .expect("derived")
        .remove("provenance");
    assert!(!validator.is_valid(&missing));
    let mut extra = y2025.clone();
    extra["events"][0]["derived"]["colour"] = serde_json::json!("red");
    assert!(!validator.is_valid(&extra));
    let mut bad_date = y2025.clone();
    bad_date["events"][0]["derived"]["first_day"] = serde_json::json!("19 May");
    assert!(!validator.is_valid(&bad_date));
    // A year file is not a manifest, nor the other way round.
    assert!(!validator.is_valid(
        &serde_json::json!({"as_of": "2026-01-01", "year": 2025, "events": [], "years": []})
    ));
}

#[test]
fn the_same_events_give_byte_identical_outputs() {
    let a = outputs();
    let b = accord_summary::render_all(
        &dataset(vec![other(), hostile()]),
        Vocabularies::builtin(),
        &accord_summary::SiteInfo::default(),
    )
    .into_iter()
    .collect::<BTreeMap<_, _>>();
    assert_eq!(a, b);
}

/// A small, varied record: the `n`th of a family, in `year`.
fn numbered(n: usize, year: i32, variant: usize) -> Record {
    const COUNTRIES: &[&str] = &["PK", "CN", "PS", "TR", "BR", "IN", "ZA"];
    const TYPES: &[&str] = &["meeting", "agreement", "visit", "donation"];
    let a = COUNTRIES[n % COUNTRIES.len()];
    let b = COUNTRIES[(n / 3 + 1 + variant) % COUNTRIES.len()];
    let b = if a == b { "XK" } else { b };
    let month = 1 + (n + variant) % 12;
    let mut commitments = Vec::new();
    for i in 0..(n + variant) % 3 {
        commitments.push(serde_json::json!({
            "text": format!("Commitment {i} of {n}"),
            "by": [a],
            "due": if i == 0 { serde_json::json!({"within": "P90D"}) } else { serde_json::json!(format!("{}-12", year + 1)) },
            "status": if (n + i).is_multiple_of(4) { "met" } else { "open" },
        }));
    }
    record(serde_json::json!({
        "schema_version": 1,
        "id": format!("{year}-{month:02}-event-{n}"),
        "title": format!("Event {n} ({variant})"),
        "summary": "A test.",
        "date": format!("{year}-{month:02}"),
        "type": TYPES[(n + variant) % TYPES.len()],
        "status": "announced",
        "parties": [{"country": a}, {"country": b}, {"organization": if variant.is_multiple_of(2) { "who" } else { "unicef" }}],
        "areas": [if n.is_multiple_of(2) { "vaccines" } else { "research" }],
        "commitments": commitments,
        "sources": [{"publisher": "Outlet", "published": format!("{year}-12-31"), "kind": "news"}]
    }))
}

/// [`numbered`], naming the event before it as related (every other variant), and retracted
/// when asked.
fn linked(n: usize, year: i32, variant: usize, retracted: bool) -> Record {
    let mut r = numbered(n, year, variant);
    let mut json = serde_json::to_value(&r).expect("a record as JSON");
    if variant.is_multiple_of(2) && n > 0 {
        json["related"] = serde_json::json!([{"id": format!("{year}-01-event-{}", n - 1), "relation": "follow-up-of"}]);
    }
    if retracted {
        json["retracted"] = serde_json::json!({"date": "2025-12-01", "reason": "A test."});
    }
    r = record(json);
    r
}

#[test]
fn a_dataset_kept_up_to_date_event_by_event_is_the_one_built_in_one_go() {
    // A deterministic walk of inserts, replacements, removals, retractions and their undoing,
    // against the same final events and retracted events given at once, each id's older
    // versions given before its last.
    let mut live = Dataset::new(AS_OF);
    let mut current: BTreeMap<String, Record> = BTreeMap::new();
    let mut retracted: BTreeMap<String, Record> = BTreeMap::new();
    let (mut given, mut given_retracted) = (Vec::new(), Vec::new());
    let mut state = 0x9e37_79b9_u64;
    for _ in 0..800 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = (state % 90) as usize;
        let year = 2020 + (state >> 8) as i32 % 4;
        let variant = (state >> 16) as usize % 5;
        let matching = |map: &BTreeMap<String, Record>| -> Vec<String> {
            map.keys()
                .filter(|id| id.ends_with(&format!("-event-{n}")))
                .cloned()
                .collect()
        };
        match (state >> 24) % 6 {
            0 => {
                for id in matching(&current) {
                    current.remove(&id);
                    assert!(live.remove(&id).is_some());
                }
            }
            1 => {
                let r = linked(n, year, variant, true);
                given_retracted.push(arc_event(r.clone()));
                retracted.insert(r.id.0.as_str().to_owned(), r.clone());
                live.retract(arc_event(r));
            }
            2 => {
                for id in matching(&retracted) {
                    retracted.remove(&id);
                    assert!(live.unretract(&id).is_some());
                }
            }
            _ => {
                let r = linked(n, year, variant, false);
                given.push(arc_event(r.clone()));
                current.insert(r.id.0.as_str().to_owned(), r.clone());
                live.insert(arc_event(r));
            }
        }
    }
    // What was given and is still there, last version last.
    let keep = |list: Vec<Arc<accord_summary::Event>>, map: &BTreeMap<String, Record>| {
        let mut kept: Vec<_> = list
            .into_iter()
            .filter(|e| map.contains_key(e.id()))
            .collect();
        kept.extend(map.values().cloned().map(arc_event));
        kept
    };
    let (events, retracted_events) = (keep(given, &current), keep(given_retracted, &retracted));
    let fresh = Dataset::with_retracted(
        AS_OF,
        events.clone(),
        retracted_events.clone(),
        live.left_out,
    );
    assert!(
        fresh.len() > 40 && retracted.len() > 10,
        "the walk leaves a real dataset"
    );
    let vocabularies = Vocabularies::builtin();
    // Counts taken ahead are those of the dataset when they were taken of its events, and are
    // taken again when they were not (here, of all but one).
    for ahead in [events.clone(), events[1..].to_vec()] {
        let counted = Dataset::with_counts(
            AS_OF,
            events.clone(),
            retracted_events.clone(),
            live.left_out,
            Some(accord_summary::model::Counted::of(ahead)),
        );
        assert_eq!(
            accord_summary::Aggregates::of(&counted, vocabularies),
            accord_summary::Aggregates::of(&fresh, vocabularies)
        );
    }
    let site = accord_summary::SiteInfo::default();
    assert_eq!(
        accord_summary::Aggregates::of(&live, vocabularies),
        accord_summary::Aggregates::of(&fresh, vocabularies)
    );
    assert_eq!(
        accord_summary::render_all(&live, vocabularies, &site),
        accord_summary::render_all(&fresh, vocabularies, &site)
    );
    let ids = current.keys().chain(retracted.keys());
    let links = |d: &Dataset| -> Vec<Vec<String>> {
        ids.clone()
            .map(|id| d.linking_to(id).map(str::to_owned).collect())
            .collect()
    };
    assert_eq!(links(&live), links(&fresh));
    assert!(
        links(&fresh).iter().any(|l| !l.is_empty()),
        "some events are linked"
    );
    let feed = |d: &Dataset| -> Vec<String> { d.recent(None).map(|e| e.id().to_owned()).collect() };
    assert_eq!(feed(&live), feed(&fresh));
}

#[test]
fn a_dataset_built_in_one_go_then_changed_is_the_one_changed_from_the_start() {
    // The entries of a dataset built in one go are ordered by their rank in its one sort;
    // entries put in later, by reading their events. Mixed, they must keep the order the
    // dataset kept up to date from empty has: same pages, lists and feeds.
    let first: Vec<Record> = (0..60)
        .map(|n| linked(n, 2020 + (n % 4) as i32, n % 5, false))
        .collect();
    let mut bulk = Dataset::of(
        AS_OF,
        first.iter().cloned().map(arc_event),
        LeftOut::default(),
    );
    let mut live = Dataset::new(AS_OF);
    for r in &first {
        live.insert(arc_event(r.clone()));
    }
    for (n, old) in first.iter().enumerate() {
        let (year, variant) = (2020 + (n % 4) as i32, (n + 3) % 5);
        for d in [&mut bulk, &mut live] {
            match n % 4 {
                // A new version under the same id, a removal, a new event, a retraction.
                0 => {
                    d.insert(arc_event(linked(n, year, variant, false)));
                }
                1 => {
                    d.remove(&old.id.0);
                }
                2 => {
                    d.insert(arc_event(linked(n + 100, year, variant, false)));
                }
                _ => {
                    d.retract(arc_event(linked(n + 200, year, variant, true)));
                }
            }
        }
    }
    let vocabularies = Vocabularies::builtin();
    let site = accord_summary::SiteInfo::default();
    assert_eq!(
        accord_summary::render_all(&bulk, vocabularies, &site),
        accord_summary::render_all(&live, vocabularies, &site)
    );
    let ids = |events: Vec<&accord_summary::Event>| -> Vec<String> {
        events.into_iter().map(|e| e.id().to_owned()).collect()
    };
    assert_eq!(
        ids(bulk.chronological().collect()),
        ids(live.chronological().collect())
    );
    let keys: Vec<accord_summary::browse::Key> = live.keys().map(|(k, _)| k.clone()).collect();
    assert_eq!(
        keys,
        bulk.keys().map(|(k, _)| k.clone()).collect::<Vec<_>>()
    );
    for key in &keys {
        assert_eq!(
            ids(bulk.listed(key).collect()),
            ids(live.listed(key).collect()),
            "{key:?}"
        );
        assert_eq!(
            ids(bulk.recent(Some(key)).collect()),
            ids(live.recent(Some(key)).collect()),
            "{key:?}"
        );
    }
    assert_eq!(
        ids(bulk.recent(None).collect()),
        ids(live.recent(None).collect())
    );
    assert!(bulk.recent(None).any(|e| e.record.retracted.is_some()));
}

#[test]
fn large_datasets_list_the_first_commitments_and_say_where_the_rest_are() {
    let records = (0..500).map(|n| numbered(n, 2021 + (n % 3) as i32, n % 2));
    let data = Dataset::of(AS_OF, records.map(arc_event), LeftOut::default());
    let total: usize = data.events().map(|e| e.commitments.len()).sum();
    assert!(total > accord_summary::aggregate::COMMITMENTS_SHOWN);
    let out: BTreeMap<String, String> = accord_summary::render_all(
        &data,
        Vocabularies::builtin(),
        &accord_summary::SiteInfo::default(),
    )
    .into_iter()
    .collect();
    let md = &out["summary.md"];
    assert!(md.contains(&format!(
        "The first {} of {total}; every commitment is in `commitments/<year>.csv`.",
        accord_summary::aggregate::COMMITMENTS_SHOWN
    )));
    let rows = md
        .split("## Commitments")
        .nth(1)
        .expect("a commitments section");
    assert_eq!(
        rows.lines().filter(|l| l.starts_with("| 20")).count(),
        accord_summary::aggregate::COMMITMENTS_SHOWN
    );
    assert!(out["index.html"].contains(&format!(
        "The first {} of {total}",
        accord_summary::html::COMMITMENTS_LISTED
    )));
    // Every commitment is in one of the year files, once.
    let in_files: usize = (2021..=2023)
        .map(|y| out[&format!("commitments/{y}.csv")].matches("\r\n").count() - 1)
        .sum();
    assert_eq!(in_files, total);
}

/// However much each record holds (long titles and summaries, many parties, areas, sources and
/// quotes, commitments with long texts), the dashboard stays small enough to open on a phone:
/// every list and every event's part of it is bounded.
#[test]
fn the_dashboard_is_bounded_whatever_the_records_hold() {
    let countries: Vec<&str> = accord_schema::vocab::countries()
        .iter()
        .map(|c| c.alpha2)
        .take(60)
        .collect();
    let long = "word ".repeat(1_000);
    let records = (0..120).map(|n| {
        let parties: Vec<serde_json::Value> = countries
            .iter()
            .map(|c| serde_json::json!({"country": c}))
            .collect();
        let sources: Vec<serde_json::Value> = (0..8)
            .map(|i| {
                serde_json::json!({
                    "title": long, "publisher": format!("Outlet {i}"), "published": "2025-12-31",
                    "kind": "news", "url": format!("https://example.org/{i}/{}", "x".repeat(975)),
                    "quotes": [{"speaker": long, "text": long}]
                })
            })
            .collect();
        let commitments: Vec<serde_json::Value> = (0..20)
            .map(|_| serde_json::json!({"text": long, "by": [countries[0]], "due": {"within": "P30D"}}))
            .collect();
        record(serde_json::json!({
            "schema_version": 1,
            "id": format!("2025-05-19-big-{n}"),
            "title": long.trim(),
            "summary": long,
            "notes": long,
            "date": "2025-05-19",
            "type": "meeting",
            "status": "announced",
            "parties": parties,
            "areas": ["vaccines", "research", "ophthalmology", "pharmaceuticals"],
            "commitments": commitments,
            "sources": sources
        }))
    });
    let data = Dataset::of(AS_OF, records.map(arc_event), LeftOut::default());
    let agg = accord_summary::Aggregates::of(&data, Vocabularies::builtin());
    let html = accord_summary::html::render(&data, &agg, &accord_summary::SiteInfo::default());
    assert!(
        html.len() < 300 * 1024,
        "the dashboard is {} bytes",
        html.len()
    );
}

/// The vocabularies are published beside the events, with the identifiers that join the
/// dataset with IATI, OECD CRS, ROR and Wikidata data, and the data package declares them.
#[test]
fn the_organisations_and_areas_are_published_with_their_identifiers() {
    let out = outputs();
    let orgs = &out["organizations.csv"];
    let mut lines = orgs.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("id,name,acronym,wikidata,iati,dac_channel,ror")
    );
    assert!(
        orgs.contains("\r\ngavi,\"Gavi, the Vaccine Alliance\",Gavi,Q688592,,,0141yg674\r\n"),
        "{orgs}"
    );
    assert!(orgs.contains(",47045,"), "{orgs}");
    let areas = &out["areas.csv"];
    assert!(
        areas.starts_with("id,label,description,dac,mesh\r\n"),
        "{areas}"
    );
    assert!(
        areas.contains("\r\nvaccines,Vaccines and immunisation,"),
        "{areas}"
    );
    let package: serde_json::Value = serde_json::from_str(&out["datapackage.json"]).expect("JSON");
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"organizations.csv") && paths.contains(&"areas.csv"),
        "{paths:?}"
    );
}

/// The CSL-JSON written by hand is, byte for byte, what serde_json's pretty printer makes of
/// the same item: with and without a base URL and a last change, and with markup, quotes,
/// backslashes, C0, DEL and C1 controls and characters beyond ASCII in the title.
#[test]
fn the_csl_json_is_serde_jsons_pretty_layout() {
    let changed = accord_summary::Commit {
        id: "0123456789abcdef0123456789abcdef01234567".into(),
        author: "A. Author".into(),
        date: "2025-06-02T10:00:00Z".into(),
    };
    let provenance = accord_summary::Provenance {
        added: None,
        last_changed: Some(changed),
    };
    let mut tricky = hostile();
    tricky.title = "tab\t, nul\u{0}, del\u{7f}, c1\u{85}, \\ \"é\" 😀 </pre>".into();
    for record in [hostile(), tricky] {
        for provenance in [None, Some(provenance.clone())] {
            for base in [None, Some("https://example.org/a\"b/")] {
                let path = format!("records/2025/{}.yaml", record.id.0);
                let e = event(
                    path,
                    record.clone(),
                    Vocabularies::builtin(),
                    AS_OF,
                    provenance.clone(),
                )
                .expect("event");
                let site = accord_summary::SiteInfo::new(Some("Site \"<t>\""), base, None);
                let mut item = serde_json::json!({
                    "id": e.id(),
                    "type": "dataset",
                    "title": e.record.title,
                    "author": [{ "literal": "accord contributors" }],
                    "container-title": site.title,
                    "number": e.id(),
                    "license": "https://creativecommons.org/licenses/by/4.0/",
                });
                if let Some(base) = &site.base_url {
                    item["URL"] = format!("{base}events/{}.html", e.id()).into();
                }
                if provenance.is_some() {
                    item["issued"] = serde_json::json!({ "date-parts": [[2025, 6, 2]] });
                }
                let expected = serde_json::to_string_pretty(&[item]).expect("JSON");
                assert_eq!(accord_summary::page::csl_json(&e, &site), expected);
            }
        }
    }
}

#[test]
fn an_event_pages_citation_block_reads_back_as_its_csl_json() {
    let event = arc_event(hostile());
    let site = accord_summary::SiteInfo::new(
        Some("A <b>hostile</b> \"title\""),
        Some("https://example.org/site"),
        None,
    );
    let page = accord_summary::page::render(&event, &site, AS_OF, &|_| false);
    let (_, rest) = page.split_once("<pre>").expect("a citation block");
    let (block, _) = rest.split_once("</pre>").expect("closed");
    // Nothing in it can end the block or open an element.
    assert!(!block.contains('<') && !block.contains('>'), "{block}");
    let text = block
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let read: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let expected: serde_json::Value =
        serde_json::from_str(&accord_summary::page::csl_json(&event, &site)).expect("JSON");
    assert_eq!(read, expected);
    assert_eq!(read[0]["title"], event.record.title.as_str());
    assert_eq!(read[0]["container-title"], "A <b>hostile</b> \"title\"");
    assert_eq!(
        read[0]["URL"],
        "https://example.org/site/events/2025-05-19-pk-cn-test.html"
    );
}
