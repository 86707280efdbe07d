//! Atom feeds (RFC 4287) of new, changed and retracted events: `feed.xml` for the whole dataset
//! and `parties/<code>/feed.xml`, `areas/<id>/feed.xml` beside those keys' pages. Each lists the
//! [`FEED_ENTRIES`] events changed last, by the time of their last commit (a record git does not
//! know yet is dated the start of the "as of" day). An entry's id is a `tag:` URI made from the
//! event's id, so it never changes, wherever the site is published.
//!
//! Every value is escaped, and characters XML forbids are replaced, so a record cannot break the
//! feed.

use std::borrow::Cow;

use crate::SiteInfo;
use crate::browse::Key;
use crate::html::escape_into;
use crate::model::{Dataset, Event};

/// How many entries a feed holds: the events changed last.
pub const FEED_ENTRIES: usize = 50;

/// The file name of a feed.
pub const FEED_FILE: &str = "feed.xml";

/// The authority and date of the `tag:` URIs of feeds and entries (RFC 4151).
const TAG: &str = "tag:accord.invalid,2026:";

/// The path of a feed (`None`: the whole dataset's), relative to the output folder.
pub fn feed_path(key: Option<&Key>) -> String {
    match key {
        None => FEED_FILE.to_owned(),
        Some(key) => {
            let (folder, name) = key.place();
            format!("{folder}/{name}/{FEED_FILE}")
        }
    }
}

/// An entry's id, for an event's id: it never changes.
pub fn entry_id(id: &str) -> String {
    [TAG, "event:", id].concat()
}

/// What happened to an event, as its entry says.
pub fn change_of(e: &Event) -> &'static str {
    if e.record.retracted.is_some() {
        return "retracted";
    }
    match e.provenance.as_deref() {
        Some(p) => match (&p.added, &p.last_changed) {
            (Some(a), Some(c)) if a.id != c.id => "changed",
            _ => "new",
        },
        None => "new",
    }
}

/// Appends text escaped for XML: markup characters as references, controls dropped, and the
/// two non-characters XML forbids (U+FFFE, U+FFFF) replaced.
fn text(out: &mut String, text: &str) {
    // Both begin with the byte 0xEF, which most text never holds: looked for first, quickly.
    let text = if text.as_bytes().contains(&0xef) && text.contains(['\u{fffe}', '\u{ffff}']) {
        Cow::Owned(text.replace(['\u{fffe}', '\u{ffff}'], "\u{fffd}"))
    } else {
        Cow::Borrowed(text)
    };
    escape_into(out, &text);
}

/// Renders a feed (`key` `None`: the whole dataset's); `heading` names what it follows.
pub fn render(dataset: &Dataset, key: Option<&Key>, heading: &str, site: &SiteInfo) -> String {
    let entries: Vec<&Event> = dataset.recent(key).take(FEED_ENTRIES).collect();
    let path = feed_path(key);
    // From the feed to the output folder.
    let up = "../".repeat(path.matches('/').count());
    let mut s = String::with_capacity(entries.len() * 1200 + 1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
    text(&mut s, heading);
    s.push_str("</title>\n<id>");
    text(&mut s, &format!("{TAG}feed:{path}"));
    s.push_str("</id>\n<updated>");
    let updated = entries.first().map_or_else(
        || format!("{}T00:00:00Z", dataset.as_of()),
        |e| e.updated.clone(),
    );
    text(&mut s, &updated);
    s.push_str("</updated>\n<author><name>");
    text(&mut s, &site.title);
    s.push_str("</name></author>\n<rights>");
    let licence = crate::DATA_LICENCE;
    text(&mut s, &format!("{} ({})", licence.title, licence.id));
    s.push_str("</rights>\n<generator>accord</generator>\n");
    link(&mut s, "self", &path, site, &up);
    let page = match key {
        None => "index.html".to_owned(),
        Some(key) => key.front_page(),
    };
    link(&mut s, "alternate", &page, site, &up);
    for e in entries {
        entry(&mut s, e, site, &up);
    }
    s.push_str("</feed>\n");
    s
}

/// A link to a file of the site: absolute when the site's address is known, else relative to the
/// feed.
fn link(s: &mut String, rel: &str, path: &str, site: &SiteInfo, up: &str) {
    s.push_str("<link rel=\"");
    s.push_str(rel);
    s.push_str("\" href=\"");
    // (Each half escaped on its own: escaping does not join characters across them.)
    text(s, site.base_url.as_deref().unwrap_or(up));
    text(s, path);
    s.push_str(if rel == "self" {
        "\" type=\"application/atom+xml\"/>\n"
    } else {
        "\" type=\"text/html\"/>\n"
    });
}

fn entry(s: &mut String, e: &Event, site: &SiteInfo, up: &str) {
    let r = &e.record;
    let change = change_of(e);
    s.push_str("<entry>\n<id>");
    text(s, &entry_id(e.id()));
    s.push_str("</id>\n<title>");
    match change {
        "retracted" => s.push_str("Retracted: "),
        "changed" => s.push_str("Changed: "),
        _ => {}
    }
    text(s, &r.title);
    s.push_str("</title>\n<updated>");
    text(s, &e.updated);
    s.push_str("</updated>\n");
    if let Some(added) = e.provenance.as_ref().and_then(|p| p.added.as_ref()) {
        s.push_str("<published>");
        text(s, &added.date);
        s.push_str("</published>\n");
    }
    link(s, "alternate", &crate::page::page_path(e.id()), site, up);
    s.push_str("<category term=\"");
    s.push_str(change);
    s.push_str("\"/>\n<category term=\"");
    text(s, r.kind.as_str());
    s.push_str("\"/>\n<summary type=\"text\">");
    text(s, &r.date.0);
    s.push_str(": ");
    if let Some(retraction) = &r.retracted {
        s.push_str("retracted on ");
        text(s, &retraction.date.0);
        s.push_str(" (");
        text(s, &retraction.reason);
        s.push_str("). ");
    }
    text(s, &r.summary);
    s.push_str("</summary>\n</entry>\n");
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn xml_text_has_no_markup_and_no_character_xml_forbids() {
        let mut out = String::new();
        text(&mut out, "a<b>&\"c'\u{1}\u{fffe}\u{ffff}\u{85}d\n");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&#39;\u{fffd}\u{fffd}d\n");
    }
}
