//! Every figure the dashboard shows, recomputed from the year files it was built beside, must
//! be the figure shown: the totals, the stages, the timeline and its table (month or year view,
//! with events dated only by their year never put in a month), the partners, the areas and the
//! country pairs with their "top N of M".

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;

use accord_schema::record::STATUSES;
use accord_test_support::generated_tree;
use common::accord;

/// Text of an HTML fragment as a reader sees it.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The part of the page in `<section id="{id}">`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").expect("section end") + start;
    &html[start..end]
}

/// The rows of the tables in a fragment: each row's cells as text.
fn rows(fragment: &str) -> Vec<Vec<String>> {
    let row = regex::Regex::new(r"(?s)<tr[^>]*>(.*?)</tr>").expect("regex");
    let cell = regex::Regex::new(r"(?s)<td[^>]*>(.*?)</td>").expect("regex");
    let tag = regex::Regex::new(r"<[^>]+>").expect("regex");
    row.captures_iter(fragment)
        .map(|r| {
            cell.captures_iter(&r[1])
                .map(|c| unescape(&tag.replace_all(&c[1], "")))
                .collect::<Vec<_>>()
        })
        .filter(|cells| !cells.is_empty())
        .collect()
}

/// "(top 25 of 52)" in a section's heading, if it says so.
fn top_of(fragment: &str) -> Option<(usize, usize)> {
    let re = regex::Regex::new(r"\(top (\d+) of (\d+)\)").expect("regex");
    re.captures(fragment)
        .map(|c| (c[1].parse().expect("n"), c[2].parse().expect("n")))
}

/// The most frequent first, then by `key`: the first `n`, as (label, count).
fn top<K: Ord + Clone>(
    counts: &BTreeMap<K, usize>,
    n: usize,
    label: impl Fn(&K) -> String,
) -> Vec<(String, usize)> {
    let mut all: Vec<(&K, usize)> = counts.iter().map(|(k, c)| (k, *c)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    all.into_iter()
        .take(n)
        .map(|(k, c)| (label(k), c))
        .collect()
}

fn check(root: &Path, left_out: usize) {
    // The generated records are valid but for the one made wrong on purpose.
    let lint = accord(root, &["lint", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&lint.stdout).expect("JSON");
    let unexpected: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| {
            f["severity"] == "error" && !f["file"].as_str().is_some_and(|p| p.contains("wrong"))
        })
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    common::build(root);
    let site = root.join("site");
    let html = std::fs::read_to_string(site.join("index.html")).expect("dashboard");
    let vocabularies = accord_schema::Vocabularies::builtin();

    // Everything, from the year files alone.
    let mut events = 0;
    let mut parties = BTreeSet::new();
    let mut commitments = 0;
    let mut overdue = 0;
    let mut stages: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_month: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut by_year: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut unknown_month: BTreeMap<String, usize> = BTreeMap::new();
    let mut approximate = 0;
    let mut uncertain = 0;
    // Partners keyed (name, code) so that ties go by name as the page orders them.
    let mut partners: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut areas: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(site.join("events"))
        .expect("year files")
        .flatten()
        // The year files (`2025.json`), not the events' own (`<id>.json`).
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json")
                .is_some_and(|stem| stem.bytes().all(|b| b.is_ascii_digit()))
        })
    {
        let year: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("read"))
                .expect("JSON");
        for e in year["events"].as_array().expect("events") {
            events += 1;
            let record = &e["record"];
            let kind = record["type"].as_str().expect("type").to_owned();
            *stages
                .entry(record["status"].as_str().expect("status").to_owned())
                .or_default() += 1;
            let date = record["date"].as_str().expect("date");
            approximate += usize::from(date.contains('~'));
            uncertain += usize::from(date.contains('?'));
            let start = date
                .split('/')
                .next()
                .expect("start")
                .trim_end_matches(['~', '?']);
            *by_year
                .entry(start[..4].to_owned())
                .or_default()
                .entry(kind.clone())
                .or_default() += 1;
            if start.len() >= 7 {
                *by_month
                    .entry(start[..7].to_owned())
                    .or_default()
                    .entry(kind)
                    .or_default() += 1;
            } else {
                *unknown_month.entry(start[..4].to_owned()).or_default() += 1;
            }
            let mut countries = BTreeSet::new();
            for p in e["derived"]["parties"].as_array().expect("parties") {
                let code = p["code"].as_str().expect("code").to_owned();
                let name = p["name"].as_str().expect("name").to_owned();
                parties.insert((p["kind"].as_str().expect("kind").to_owned(), code.clone()));
                *partners.entry((name.clone(), code.clone())).or_default() += 1;
                if p["kind"] == "country" {
                    names.insert(code.clone(), name);
                    countries.insert(code);
                }
            }
            let countries: Vec<String> = countries.into_iter().collect();
            for (i, a) in countries.iter().enumerate() {
                for b in &countries[i + 1..] {
                    *pairs.entry((a.clone(), b.clone())).or_default() += 1;
                }
            }
            let mut seen = BTreeSet::new();
            for area in record["areas"].as_array().expect("areas") {
                let id = area.as_str().expect("area").to_owned();
                if seen.insert(id.clone()) {
                    let label = vocabularies.area(&id).expect("known area").label.clone();
                    *areas.entry((label, id)).or_default() += 1;
                }
            }
            for c in e["derived"]["commitments"].as_array().expect("commitments") {
                commitments += 1;
                overdue += usize::from(c["overdue"] == true);
            }
        }
    }
    assert!(events > 0);

    // The cards.
    let figure = regex::Regex::new(r#"data-figure="([a-z-]+)">(\d+)<"#).expect("regex");
    let cards: BTreeMap<String, usize> = figure
        .captures_iter(&html)
        .map(|c| (c[1].to_owned(), c[2].parse().expect("n")))
        .collect();
    let expected: BTreeMap<String, usize> = [
        ("events", events),
        ("parties", parties.len()),
        ("commitments", commitments),
        ("overdue", overdue),
        ("left-out", left_out),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(cards, expected, "the cards");

    // The stages, each on its own row and in the record format's order.
    let shown: Vec<(String, usize)> = rows(section(&html, "stages"))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().expect("n")))
        .collect();
    let want: Vec<(String, usize)> = STATUSES
        .iter()
        .filter_map(|s| Some(((*s).to_owned(), *stages.get(*s)?)))
        .collect();
    assert_eq!(shown, want, "the stages");

    // The timeline's table: months when they fit, else years; a year-only event in no month.
    let timeline = section(&html, "timeline");
    let month_view = timeline.contains("<h2>Events per month");
    let table = &timeline[timeline.find("id=\"timeline-table\"").expect("table")..];
    let header: Vec<String> = regex::Regex::new(r#"<th class="num">([^<]+)</th>"#)
        .expect("regex")
        .captures_iter(table)
        .map(|c| c[1].to_owned())
        .collect();
    let shown: BTreeMap<String, BTreeMap<String, usize>> = rows(table)
        .into_iter()
        .map(|r| {
            let total: usize = r[1].parse().expect("n");
            let types: BTreeMap<String, usize> = header[1..]
                .iter()
                .zip(&r[2..])
                .map(|(t, n)| (t.clone(), n.parse().expect("n")))
                .filter(|(_, n)| *n > 0)
                .collect();
            assert_eq!(types.values().sum::<usize>(), total, "row {}", r[0]);
            (r[0].clone(), types)
        })
        .collect();
    if month_view {
        assert_eq!(shown, by_month, "the months");
        if !unknown_month.is_empty() {
            let note = &timeline[timeline
                .find("id=\"month-unknown\"")
                .expect("the year-only note")..];
            for (year, n) in &unknown_month {
                assert!(note.contains(&format!("{year} ({n})")), "{year}: {note}");
            }
        }
    } else {
        assert_eq!(shown, by_year, "the years");
    }
    if approximate + uncertain > 0 {
        assert!(
            timeline.contains(&format!(
                "{approximate} events are dated approximately (~) and {uncertain} with uncertainty (?)"
            )),
            "{timeline}"
        );
    }

    // Partners, areas and pairs: the most frequent, with their counts and "top N of M".
    for (id, counts, label) in [
        (
            "partners",
            &partners,
            &(|k: &(String, String)| format!("{} ({})", k.0, k.1))
                as &dyn Fn(&(String, String)) -> String,
        ),
        ("areas", &areas, &|k: &(String, String)| k.0.clone()),
    ] {
        let fragment = section(&html, id);
        let shown: Vec<(String, usize)> = rows(fragment)
            .into_iter()
            .map(|r| (r[0].clone(), r[1].parse().expect("n")))
            .collect();
        assert_eq!(shown, top(counts, 25, label), "{id}");
        assert_eq!(
            top_of(fragment),
            (counts.len() > 25).then_some((25, counts.len())),
            "{id}"
        );
    }
    let fragment = section(&html, "pairs");
    let shown: Vec<(String, usize)> = rows(fragment)
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().expect("n")))
        .collect();
    let want = top(&pairs, 50, |(a, b)| format!("{} – {}", names[a], names[b]));
    assert_eq!(shown, want, "the pairs");
    assert_eq!(
        top_of(fragment),
        (pairs.len() > 50).then_some((50, pairs.len())),
        "pairs"
    );
}

/// The area ids of the vocabulary.
fn areas() -> Vec<String> {
    accord_schema::Vocabularies::builtin()
        .areas
        .iter()
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn every_figure_on_a_dashboard_of_several_years_is_recomputed_from_the_year_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let left_out = generated_tree(dir.path(), 400, 2019..2026, 7, &areas());
    check(dir.path(), left_out);
}

#[test]
fn every_figure_on_a_dashboard_of_one_year_is_recomputed_from_the_year_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let left_out = generated_tree(dir.path(), 60, 2025..2026, 11, &areas());
    check(dir.path(), left_out);
}

/// An amount as hundredths (the records here have at most two decimals), from the text the
/// record or a page writes (`"~12500000.5"`, `12,500,000.5`): independent of accord's sums.
fn cents(text: &str) -> u128 {
    let digits: String = text.chars().filter(|c| *c != ',' && *c != '~').collect();
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let frac = format!("{frac:0<2}");
    int.parse::<u128>().expect("digits") * 100 + frac[..2].parse::<u128>().expect("digits")
}

#[test]
fn money_and_goods_are_recomputed_from_the_year_files_and_never_mixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let currencies = ["USD", "PKR", "EUR"];
    let stages = ["pledged", "committed", "disbursed", ""];
    for i in 0..36u32 {
        let slug = format!("pk-cn-v{i:02}");
        let currency = currencies[i as usize % 3];
        let stage = stages[i as usize % 4];
        let estimate = if i % 5 == 0 { "~" } else { "" };
        let mut value = format!(
            "value:\n  amount: \"{estimate}{}.{:02}\"\n  currency: {currency}\n",
            1_000 * (i + 1),
            i % 7 * 10
        );
        if !stage.is_empty() {
            value.push_str(&format!("  stage: {stage}\n"));
        }
        if !estimate.is_empty() {
            value.push_str("  as_reported: \"about that much\"\n");
        }
        if i % 2 == 0 {
            value.push_str(&format!(
                "  quantity:\n    count: {}\n    unit: doses\n",
                100 * (i + 1)
            ));
        }
        let text = common::record(&slug, "donation")
            .replace("\"A test record\"", &format!("\"Donation {i}\""))
            .replace(
                "areas: [vaccines]\n",
                &format!("areas: [vaccines]\n{value}"),
            );
        common::write(root, &format!("records/2025/2025-05-19-{slug}.yaml"), &text);
    }
    let lint = accord(root, &["lint", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&lint.stdout).expect("JSON");
    assert!(
        findings.iter().all(|f| f["severity"] != "error"),
        "{findings:#?}"
    );
    common::build(root);
    let site = root.join("site");

    // From the year file alone: (currency, stage) -> (cents, events, estimated).
    let year: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("events/2025.json")).expect("year file"),
    )
    .expect("JSON");
    let mut money: BTreeMap<(String, String), (u128, usize, usize)> = BTreeMap::new();
    let mut goods: BTreeMap<(String, String), (u128, usize)> = BTreeMap::new();
    for e in year["events"].as_array().expect("events") {
        let value = &e["record"]["value"];
        let stage = value["stage"].as_str().unwrap_or("not said").to_owned();
        if let (Some(amount), Some(currency)) =
            (value["amount"].as_str(), value["currency"].as_str())
        {
            let t = money
                .entry((currency.to_owned(), stage.clone()))
                .or_default();
            t.0 += cents(amount);
            t.1 += 1;
            t.2 += usize::from(amount.starts_with('~'));
        }
        if let Some(count) = value["quantity"]["count"].as_u64() {
            let unit = value["quantity"]["unit"].as_str().expect("unit").to_owned();
            let t = goods.entry((unit, stage)).or_default();
            t.0 += u128::from(count);
            t.1 += 1;
        }
    }
    assert_eq!(money.len(), 12, "every currency at every stage, apart");

    // The dashboard's tables.
    let html = std::fs::read_to_string(site.join("index.html")).expect("dashboard");
    let shown = rows(section(&html, "money"));
    let mut page_money = BTreeMap::new();
    let mut page_goods = BTreeMap::new();
    for r in &shown {
        match r.len() {
            5 => {
                page_money.insert(
                    (r[0].clone(), r[1].clone()),
                    (
                        cents(&r[2]),
                        r[3].parse().expect("n"),
                        r[4].parse().expect("n"),
                    ),
                );
            }
            4 => {
                page_goods.insert(
                    (r[0].clone(), r[1].clone()),
                    (
                        r[2].replace(',', "").parse().expect("n"),
                        r[3].parse().expect("n"),
                    ),
                );
            }
            _ => panic!("{r:?}"),
        }
    }
    assert_eq!(page_money, money);
    assert_eq!(page_goods, goods);
    // Every event has Pakistan: its browse page's totals are the same.
    let browse = std::fs::read_to_string(site.join("parties/PK/index.html")).expect("browse page");
    let browse_rows = rows(section(&browse, "money"));
    assert_eq!(browse_rows, shown);
    // And an event's own page says what it was worth, in words.
    let page =
        std::fs::read_to_string(site.join("events/2025-05-19-pk-cn-v00.html")).expect("page");
    assert!(
        page.contains("<section id=\"value\"><h2>What it was worth</h2><p>USD 1,000.00 (estimated) · pledged · 100 doses · as reported: “about that much”</p></section>"),
        "{}",
        section(&page, "parties")
    );

    // And summary.md's.
    let md = std::fs::read_to_string(site.join("summary.md")).expect("summary");
    let part = &md[md.find("## Money and goods").expect("the section")..];
    let part = &part[..part[3..].find("\n## ").map_or(part.len(), |i| i + 3)];
    let mut md_money = BTreeMap::new();
    let mut md_goods = BTreeMap::new();
    for line in part
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| currency") && !l.starts_with("| unit"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() == 5 {
            md_money.insert(
                (cells[0].to_owned(), cells[1].to_owned()),
                (
                    cents(cells[2]),
                    cells[3].parse().expect("n"),
                    cells[4].parse().expect("n"),
                ),
            );
        } else {
            md_goods.insert(
                (cells[0].to_owned(), cells[1].to_owned()),
                (
                    cells[2].replace(',', "").parse().expect("n"),
                    cells[3].parse().expect("n"),
                ),
            );
        }
    }
    assert_eq!(md_money, money);
    assert_eq!(md_goods, goods);
}
