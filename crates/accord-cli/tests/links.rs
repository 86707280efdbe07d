//! Every internal link of a built site resolves: a crawl of every page and feed of a
//! 10,000-record site (the dashboard, each event's page, retracted ones included, the browse
//! pages and the feeds) finds no link to a file that is not there, and every feed reads as Atom.

use std::collections::BTreeSet;
use std::path::Path;

mod common;

use accord_test_support::{CLEAN, generated_tree, write};

/// The `href`s of a page.
fn links(html: &str) -> Vec<String> {
    html.match_indices("href=\"")
        .map(|(i, _)| {
            let rest = &html[i + 6..];
            rest[..rest.find('"').expect("closing quote")].replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn a_crawl_of_the_built_site_finds_no_dead_internal_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let areas: Vec<String> = accord_schema::Vocabularies::builtin()
        .areas
        .iter()
        .map(|a| a.id.clone())
        .collect();
    generated_tree(root, 10_000, 2019..2026, 5, &areas);
    // Links to a published event, to a retracted one (which keeps its page) and to one with an
    // error (which has none, so the link is not made).
    let related =
        |id: &str| format!("related:\n  - id: \"{id}\"\n    relation: follow-up-of\nsources:");
    for (slug, target) in [
        ("to-published", "2025-05-19-linked"),
        ("to-retracted", "2025-05-19-gone"),
        ("to-broken", "2025-05-19-wrong"),
    ] {
        let text = CLEAN
            .replace("2025-05-19-pk-cn-test", &format!("2025-05-19-{slug}"))
            .replace("\"A test record\"", &format!("\"Record {slug}\""))
            .replace("sources:", &related(target));
        write(root, &format!("records/2025/2025-05-19-{slug}.yaml"), &text);
    }
    let linked = CLEAN
        .replace("2025-05-19-pk-cn-test", "2025-05-19-linked")
        .replace("\"A test record\"", "\"Record linked\"");
    write(root, "records/2025/2025-05-19-linked.yaml", &linked);
    common::build(root);
    let site = root.join("site");
    let files = accord_test_support::files_under(&site);
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with(".html") || p.ends_with(".xml"))
        .collect();
    assert!(pages.len() > 1_000, "{} pages", pages.len());
    // Browse pages of every kind, paged, and feeds.
    for folder in ["parties/", "areas/", "years/"] {
        let paged = pages
            .iter()
            .filter(|p| {
                p.starts_with(folder) && !p.ends_with("/index.html") && p.ends_with(".html")
            })
            .count();
        assert!(paged > 0, "no older pages under {folder}");
    }
    let feeds: Vec<&&String> = pages.iter().filter(|p| p.ends_with("feed.xml")).collect();
    assert!(feeds.len() > 20, "{} feeds", feeds.len());
    for feed in &feeds {
        let text = String::from_utf8_lossy(&files[**feed]);
        let parsed: atom_syndication::Feed = text
            .parse()
            .unwrap_or_else(|e| panic!("{feed} is not Atom: {e}"));
        assert!(
            !parsed.entries().is_empty() && parsed.entries().len() <= 50,
            "{feed}"
        );
    }
    assert!(
        files.contains_key("events/2025-05-19-gone.html"),
        "the retracted event's page"
    );
    let mut dead = BTreeSet::new();
    let mut internal = 0;
    for page in &pages {
        let html = String::from_utf8_lossy(&files[*page]);
        let folder = Path::new(page.as_str()).parent().unwrap_or(Path::new(""));
        for href in links(&html) {
            if href.starts_with("https://") || href.starts_with('#') {
                continue;
            }
            internal += 1;
            let target = href.split('#').next().unwrap_or_default();
            // Resolve against the page's folder, `..` included.
            let mut path = folder.to_path_buf();
            for part in target.split('/') {
                match part {
                    ".." => {
                        path.pop();
                    }
                    "." | "" => {}
                    name => path.push(name),
                }
            }
            let key = path.to_string_lossy().replace('\\', "/");
            if !files.contains_key(&key) {
                dead.insert(format!("{page} -> {href}"));
            }
        }
    }
    assert!(internal > 2_000, "only {internal} internal links");
    assert!(
        dead.is_empty(),
        "dead links:\n{}",
        dead.into_iter().collect::<Vec<_>>().join("\n")
    );
    // The link to the published event and the one to the retracted are made; the other is not.
    let page =
        |id: &str| String::from_utf8_lossy(&files[&format!("events/{id}.html")]).into_owned();
    assert!(page("2025-05-19-to-published").contains("href=\"2025-05-19-linked.html\""));
    assert!(page("2025-05-19-to-retracted").contains("href=\"2025-05-19-gone.html\""));
    assert!(!page("2025-05-19-to-broken").contains("href=\"2025-05-19-wrong.html\""));
    assert!(page("2025-05-19-gone").contains("id=\"retracted\""));
}
