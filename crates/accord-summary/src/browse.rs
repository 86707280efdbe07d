//! Browse pages: one per country or organisation (`parties/<code>.html`), per area
//! (`areas/<id>.html`) and per year (`years/<year>.html`), each listing its events newest first,
//! [`PER_PAGE`] to a page (`<key>-2.html` and on when longer), and an index of each kind
//! (`parties/index.html`, ...). Pages are script-free and every value is escaped.

use std::fmt::Write;

use crate::SiteInfo;
use crate::html::{Markup, STYLE, footer, truncate};
use crate::model::{Dataset, Event};

/// How many events a browse page lists; a longer list goes on over numbered pages.
pub const PER_PAGE: usize = 100;

/// The folders browse pages go in.
pub const FOLDERS: &[&str] = &["parties", "areas", "years"];

/// What a browse page is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A country (by code) or an organisation (by id).
    Party(String),
    /// An area, by id.
    Area(String),
    /// A year.
    Year(i32),
}

impl Key {
    /// The folder and the file stem of the key's first page (`("parties", "PK")`).
    pub fn place(&self) -> (&'static str, String) {
        match self {
            Key::Party(code) => ("parties", code.clone()),
            Key::Area(id) => ("areas", id.clone()),
            Key::Year(year) => ("years", format!("{year:04}")),
        }
    }

    /// The file of page `n` (from 1), relative to the output folder.
    pub fn path(&self, n: usize) -> String {
        let (folder, stem) = self.place();
        if n <= 1 {
            format!("{folder}/{stem}.html")
        } else {
            format!("{folder}/{stem}-{n}.html")
        }
    }

    /// Whether an event belongs on this key's pages.
    pub fn holds(&self, e: &Event) -> bool {
        match self {
            Key::Party(code) => e.parties.iter().any(|p| &p.code == code),
            Key::Area(id) => e.record.areas.iter().any(|a| &a.0 == id),
            Key::Year(year) => e.first_day.year == *year,
        }
    }
}

/// The keys an event is listed under.
pub fn keys_of(e: &Event) -> Vec<Key> {
    let mut keys: Vec<Key> = e
        .parties
        .iter()
        .map(|p| Key::Party(p.code.clone()))
        .collect();
    keys.extend(e.record.areas.iter().map(|a| Key::Area(a.0.clone())));
    keys.push(Key::Year(e.first_day.year));
    keys.sort();
    keys.dedup();
    keys
}

/// Every key the dataset has events for.
pub fn all_keys(dataset: &Dataset) -> Vec<Key> {
    let mut keys: Vec<Key> = dataset.events().flat_map(keys_of).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The heading of a key's pages.
fn title(key: &Key, dataset: &Dataset, vocabularies: &accord_schema::Vocabularies) -> String {
    match key {
        Key::Party(code) => dataset
            .events()
            .flat_map(|e| e.parties.iter())
            .find(|p| &p.code == code)
            .map_or_else(|| code.clone(), |p| format!("{} ({})", p.name, p.code)),
        Key::Area(id) => vocabularies
            .area(id)
            .map_or_else(|| id.clone(), |a| a.label.clone()),
        Key::Year(year) => format!("{year:04}"),
    }
}

fn head(s: &mut String, title: &str, site: &SiteInfo, up: &str) {
    s.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>",
    );
    s.text(title).raw(" · ").text(&site.title).raw("</title>\n");
    let _ = write!(
        s,
        "<style>{STYLE}</style>\n</head>\n<body>\n<header><p><a href=\"{up}index.html\">"
    );
    s.text(&site.title)
        .raw("</a></p><h1>")
        .text(title)
        .raw("</h1></header>\n<main>\n");
}

/// Renders every page of a key: `(path, html)`, newest event first; none when it has no events.
pub fn render_key(
    key: &Key,
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
    site: &SiteInfo,
) -> Vec<(String, String)> {
    let events: Vec<&Event> = dataset
        .chronological()
        .rev()
        .filter(|e| key.holds(e))
        .collect();
    if events.is_empty() {
        return Vec::new();
    }
    let heading = title(key, dataset, vocabularies);
    let pages = events.len().div_ceil(PER_PAGE);
    let (folder, _) = key.place();
    let mut out = Vec::with_capacity(pages);
    for (i, chunk) in events.chunks(PER_PAGE).enumerate() {
        let n = i + 1;
        let mut s = String::with_capacity(chunk.len() * 400 + 4096);
        head(&mut s, &heading, site, "../");
        s.raw("<section id=\"events\"><h2>")
            .num(events.len())
            .raw(if events.len() == 1 {
                " event"
            } else {
                " events"
            })
            .raw(", newest first</h2>\n");
        if pages > 1 {
            let _ = writeln!(
                s,
                "<p class=\"meta\">Page {n} of {pages}, events {} to {}.</p>",
                i * PER_PAGE + 1,
                i * PER_PAGE + chunk.len()
            );
        }
        s.push_str("<div class=\"scroll\"><table><thead><tr><th>date</th><th>event</th><th>type</th><th>stage</th></tr></thead><tbody>\n");
        for e in chunk {
            s.raw("<tr><td class=\"nowrap\">")
                .text(&e.record.date.0)
                .raw("</td><td><a href=\"../")
                .text(&crate::page::page_path(e.id()))
                .raw("\">")
                .text(&truncate(&e.record.title, 200))
                .raw("</a></td><td>")
                .text(e.record.kind.as_str())
                .raw("</td><td>")
                .text(e.record.status.as_str())
                .raw("</td></tr>\n");
        }
        s.push_str("</tbody></table></div>\n");
        if pages > 1 {
            s.push_str("<nav class=\"pages\" aria-label=\"pages\">");
            if n > 1 {
                let prev = key.path(n - 1);
                s.raw("<a href=\"")
                    .text(prev.rsplit('/').next().unwrap_or(&prev))
                    .raw("\">newer</a> ");
            }
            if n < pages {
                let next = key.path(n + 1);
                s.raw("<a href=\"")
                    .text(next.rsplit('/').next().unwrap_or(&next))
                    .raw("\">older</a>");
            }
            s.push_str("</nav>\n");
        }
        s.raw("<p><a href=\"index.html\">All ")
            .raw(folder)
            .raw("</a></p></section>\n");
        footer(&mut s, None, site);
        s.push_str("</body>\n</html>\n");
        out.push((key.path(n), s));
    }
    out
}

/// Renders the index of each kind of key (`parties/index.html`, `areas/index.html`,
/// `years/index.html`), each listing its keys with their event counts.
pub fn render_indexes(
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
    site: &SiteInfo,
) -> Vec<(String, String)> {
    let agg = crate::Aggregates::of(dataset, vocabularies);
    let mut out = Vec::new();
    let mut rows_of = |folder: &str, heading: &str, rows: Vec<(String, String, usize)>| {
        let mut s = String::with_capacity(rows.len() * 120 + 4096);
        head(&mut s, heading, site, "../");
        s.push_str("<section id=\"index\"><div class=\"scroll\"><table><thead><tr><th>name</th><th class=\"num\">events</th></tr></thead><tbody>\n");
        for (stem, label, n) in &rows {
            s.raw("<tr><td><a href=\"")
                .text(stem)
                .raw(".html\">")
                .text(label)
                .raw("</a></td><td class=\"num\">")
                .num(*n)
                .raw("</td></tr>\n");
        }
        s.push_str("</tbody></table></div></section>\n");
        footer(&mut s, None, site);
        s.push_str("</body>\n</html>\n");
        out.push((format!("{folder}/index.html"), s));
    };
    rows_of(
        "parties",
        "Countries and organisations",
        agg.parties
            .iter()
            .map(|p| {
                (
                    p.party.code.clone(),
                    format!("{} ({})", p.party.name, p.party.code),
                    p.events,
                )
            })
            .collect(),
    );
    rows_of(
        "areas",
        "Areas of cooperation",
        agg.areas
            .iter()
            .map(|(id, label, n)| (id.clone(), label.clone(), *n))
            .collect(),
    );
    rows_of(
        "years",
        "Years",
        agg.years
            .iter()
            .rev()
            .map(|(year, n)| (format!("{year:04}"), format!("{year:04}"), *n))
            .collect(),
    );
    out
}
