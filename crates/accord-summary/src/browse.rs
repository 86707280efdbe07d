//! Browse pages: the events of each country or organisation (`parties/<code>/`), area
//! (`areas/<id>/`) and year (`years/<year>/`), newest first, and an index of each kind
//! (`parties/index.html`, ...).
//!
//! A key's events are cut into pages where the content says so, not by counting from either end:
//! a page begins at the key's oldest event, at every event whose id hashes to a page break (one
//! in [`PAGE_BREAK_ONE_IN`]), and after [`PER_PAGE_MAX`] events without one. Adding, removing or
//! editing one event therefore changes the page it is on, the one it splits from or merges with,
//! and the links of the pages on either side, wherever it falls in a list of thousands (in the
//! rare run of more than [`PER_PAGE_MAX`] events without a break, the pages of that run): an
//! edit rewrites a bounded number of pages, and a page's content depends only on the dataset,
//! so the watcher's pages equal a fresh build's. A page is named after its oldest event (`parties/PK/2019-03-01-pk-cn-mou.html`)
//! and the newest page is the key's `index.html`.
//!
//! Pages are script-free and every value is escaped.

use std::sync::Arc;

use crate::SiteInfo;
use crate::html::{Markup, footer, truncate};
use crate::model::{Dataset, Event};

/// One event in this many begins a page (by the hash of its id): the pages' mean length. A
/// hundred rows is a common length for a page of a list, and a build writes under half the
/// browse pages that forty made it write (BENCHMARKS.md, session 19).
pub const PAGE_BREAK_ONE_IN: u64 = 100;

/// The most events a page lists: a longer run without a break goes on over pages of this many.
/// A run that long is rare (one in 150: (99/100)^500); an edit in one rewrites the run's pages.
pub const PER_PAGE_MAX: usize = 500;

/// The folders of parties', areas' and years' pages ([`Key::place`]).
pub const PARTY_FOLDER: &str = "parties";
/// See [`PARTY_FOLDER`].
pub const AREA_FOLDER: &str = "areas";
/// See [`PARTY_FOLDER`].
pub const YEAR_FOLDER: &str = "years";

/// The folders browse pages go in, one per kind of key.
pub const FOLDERS: &[&str] = &[PARTY_FOLDER, AREA_FOLDER, YEAR_FOLDER];

/// The name of a key's newest page, and of each folder's index.
pub const INDEX: &str = "index";

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
    /// The folder of its kind and its own folder's name in it (`("parties", "PK")`).
    pub fn place(&self) -> (&'static str, String) {
        match self {
            Key::Party(code) => (PARTY_FOLDER, code.clone()),
            Key::Area(id) => (AREA_FOLDER, id.clone()),
            Key::Year(year) => (YEAR_FOLDER, format!("{year:04}")),
        }
    }

    /// The key's newest page, relative to the output folder (`parties/PK/index.html`).
    pub fn front_page(&self) -> String {
        let (folder, name) = self.place();
        front_page_parts(folder, &name).concat()
    }

    /// Whether the key has a feed (`feed.xml` beside its pages): parties and areas do.
    pub fn has_feed(&self) -> bool {
        self.as_ref().has_feed()
    }

    /// The key, borrowed.
    pub(crate) fn as_ref(&self) -> KeyRef<'_> {
        match self {
            Key::Party(code) => KeyRef::Party(code),
            Key::Area(id) => KeyRef::Area(id),
            Key::Year(year) => KeyRef::Year(*year),
        }
    }

    /// The key a folder and name stand for, if any (the inverse of [`Key::place`]).
    pub fn from_place(folder: &str, name: &str) -> Option<Key> {
        match folder {
            PARTY_FOLDER => Some(Key::Party(name.to_owned())),
            AREA_FOLDER => Some(Key::Area(name.to_owned())),
            YEAR_FOLDER => name.parse().ok().map(Key::Year),
            _ => None,
        }
    }
}

/// The parts of the path of a key's newest page, from its folder and its own folder's name
/// ([`Key::place`]).
fn front_page_parts<'a>(folder: &'a str, name: &'a str) -> [&'a str; 6] {
    [folder, "/", name, "/", INDEX, ".html"]
}

/// Appends, escaped, the newest page of the key whose place is `folder` and `name`: what
/// [`Key::front_page`] gives, without making the key or the path.
pub(crate) fn push_front_page(out: &mut String, folder: &str, name: &str) {
    for part in front_page_parts(folder, name) {
        crate::html::escape_into(out, part);
    }
}

/// A [`Key`] borrowed from the event it is found in: the dataset groups 100,000 events' keys
/// by these and makes each distinct key once. Ordered as the keys are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum KeyRef<'a> {
    Party(&'a str),
    Area(&'a str),
    Year(i32),
}

impl KeyRef<'_> {
    /// The key itself.
    pub(crate) fn to_key(self) -> Key {
        match self {
            KeyRef::Party(code) => Key::Party(code.to_owned()),
            KeyRef::Area(id) => Key::Area(id.to_owned()),
            KeyRef::Year(year) => Key::Year(year),
        }
    }

    /// Whether the key has a feed ([`Key::has_feed`]).
    pub(crate) fn has_feed(self) -> bool {
        !matches!(self, KeyRef::Year(_))
    }
}

/// The keys an event is listed under: its parties, its areas and its year.
pub fn keys_of(e: &Event) -> Vec<Key> {
    key_refs_of(e).into_iter().map(KeyRef::to_key).collect()
}

/// [`keys_of`], borrowed from the event.
pub(crate) fn key_refs_of(e: &Event) -> Vec<KeyRef<'_>> {
    let mut keys: Vec<KeyRef<'_>> = e.parties.iter().map(|p| KeyRef::Party(&p.code)).collect();
    keys.extend(e.record.areas.iter().map(|a| KeyRef::Area(&a.0)));
    keys.push(KeyRef::Year(e.first_day.year));
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The hash of an event id that says whether a page begins with it.
pub fn page_hash(id: &str) -> u64 {
    fnv(id.as_bytes())
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and in every release, so that a
/// page breaks at the same event everywhere.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One page of a key, as laid out.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its file's stem: its oldest event's id, or [`INDEX`] for the newest page.
    pub name: String,
    /// Its oldest event.
    first: Arc<Event>,
    /// How many events it lists.
    pub len: usize,
    /// A hash of its events' ids, in order: two pages with the same name, length and
    /// fingerprint list the same events.
    pub fingerprint: u64,
}

/// A key's pages, oldest first (the last is the key's `index.html`); none when it has no events.
/// It reads each event's place and hash from the dataset's index, not the events themselves.
pub fn layout(dataset: &Dataset, key: &Key) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for (e, h) in dataset.listed_hashed(key) {
        let starts = match pages.last() {
            None => true,
            Some(last) => h % PAGE_BREAK_ONE_IN == 0 || last.len >= PER_PAGE_MAX,
        };
        if starts {
            pages.push(Page {
                name: String::new(),
                first: Arc::clone(e),
                len: 0,
                fingerprint: 0,
            });
        }
        if let Some(page) = pages.last_mut() {
            page.len += 1;
            page.fingerprint = page.fingerprint.rotate_left(7) ^ h;
        }
    }
    let newest = pages.len().saturating_sub(1);
    for (i, page) in pages.iter_mut().enumerate() {
        page.name = if i == newest {
            INDEX.to_owned()
        } else {
            page.first.id().to_owned()
        };
    }
    pages
}

/// The page of `pages` (a key's, from [`layout`]) that lists an event of the key.
pub fn page_of(pages: &[Page], e: &Event) -> Option<usize> {
    let at = (e.first_day, e.id());
    pages
        .partition_point(|p| (p.first.first_day, p.first.id()) <= at)
        .checked_sub(1)
}

/// The heading of a key's pages.
pub fn title(key: &Key, dataset: &Dataset, vocabularies: &accord_schema::Vocabularies) -> String {
    match key {
        Key::Party(code) => dataset
            .listed(key)
            .next()
            .and_then(|e| e.parties.iter().find(|p| *p.code == **code))
            .map_or_else(|| code.clone(), |p| format!("{} ({})", p.name, p.code)),
        Key::Area(id) => vocabularies
            .area(id)
            .map_or_else(|| id.clone(), |a| a.label.clone()),
        Key::Year(year) => format!("{year:04}"),
    }
}

/// The start of a browse page or index, `up` below the output folder, up to its `<main>`; with
/// `feed`, the head names the key's feed beside it.
pub(crate) fn head(s: &mut String, title: &str, site: &SiteInfo, up: &str, feed: bool) {
    let mut links = String::new();
    if feed {
        links
            .raw("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"")
            .raw(crate::feed::FEED_FILE)
            .raw("\" title=\"")
            .text(title)
            .raw("\">\n");
    }
    crate::html::page_start(s, title, site, up, &links);
    s.push_str("</header>\n<main>\n");
}

/// Renders page `i` of a key's `pages` (from [`layout`]), newest event first. Only the newest
/// page gives the key's total, so that a page's bytes change only when its own events or its
/// neighbours' names do.
pub fn render_page(
    key: &Key,
    pages: &[Page],
    i: usize,
    dataset: &Dataset,
    heading: &str,
    site: &SiteInfo,
) -> String {
    let page = &pages[i];
    let mut events: Vec<&Event> = dataset
        .listed_from(key, &page.first)
        .take(page.len)
        .collect();
    events.reverse();
    let mut s = String::with_capacity(events.len() * 400 + 4096);
    head(&mut s, heading, site, "../../", key.has_feed());
    let newest = i + 1 == pages.len();
    // The newest page (rendered at every change of its key) says what the key's events were
    // worth, apart by currency, unit and stage.
    if newest {
        let (money, goods) = crate::money::totals(dataset.listed(key));
        if !money.is_empty() || !goods.is_empty() {
            s.push_str("<section id=\"money\"><h2>Money and goods</h2>\n");
            crate::html::money_tables(&mut s, &money, &goods);
            s.push_str("</section>\n");
        }
    }
    s.push_str("<section id=\"events\">");
    if newest {
        let total: usize = pages.iter().map(|p| p.len).sum();
        s.raw("<h2>")
            .num(total)
            .raw(if total == 1 { " event" } else { " events" });
        s.push_str(", newest first</h2>\n");
    } else {
        s.push_str("<h2>Older events</h2>\n");
    }
    if pages.len() > 1
        && let (Some(last), Some(first)) = (events.first(), events.last())
    {
        s.raw("<p class=\"meta\">This page: ")
            .num(events.len())
            .raw(if events.len() == 1 {
                " event"
            } else {
                " events"
            })
            .raw(", ")
            .text(&first.record.date.0)
            .raw(" to ")
            .text(&last.record.date.0)
            .raw(".</p>\n");
    }
    // Type and stage under the title, not in columns of their own: a phone's width keeps words
    // whole.
    s.push_str(
        "<div class=\"scroll\"><table class=\"dated\"><thead><tr><th>date</th><th>event</th></tr></thead><tbody>\n",
    );
    for e in &events {
        // Every page listing the event lists the same row: it is made once.
        s.push_str(e.browse_row.get_or_make(|| row(e)));
    }
    s.push_str("</tbody></table></div>\n");
    if pages.len() > 1 {
        s.push_str("<nav class=\"pages\" aria-label=\"pages\">");
        if let Some(newer) = pages.get(i + 1) {
            s.raw("<a href=\"")
                .text(&newer.name)
                .raw(".html\" rel=\"prev\">newer events</a> ");
        }
        if let Some(older) = i.checked_sub(1).and_then(|j| pages.get(j)) {
            s.raw("<a href=\"")
                .text(&older.name)
                .raw(".html\" rel=\"next\">older events</a>");
        }
        s.push_str("</nav>\n");
    }
    let (folder, _) = key.place();
    if key.has_feed() {
        s.raw("<p>Follow new, changed and retracted events in <a href=\"")
            .raw(crate::feed::FEED_FILE)
            .raw("\" type=\"application/atom+xml\">this list's feed</a>.</p>\n");
    }
    s.raw("<p><a href=\"../index.html\">All ")
        .raw(match folder {
            PARTY_FOLDER => "countries and organisations",
            AREA_FOLDER => "areas",
            _ => "years",
        })
        .raw("</a></p></section>\n");
    footer(&mut s, None, site);
    s.push_str("</body>\n</html>\n");
    s
}

/// An event's row in a browse page's table (the same on every browse page: they are all two
/// folders down). It is written on about seven pages, 700,000 rows at 100,000 events, so it
/// carries no markup the page's style can give once: the table's class keeps its dates
/// whole.
fn row(e: &Event) -> String {
    let mut s = String::with_capacity(140 + e.record.title.len());
    s.raw("<tr><td>")
        .text(&e.record.date.0)
        .raw("</td><td><a href=\"../../")
        .raw(crate::page::PAGE_PATH.0)
        .text(e.id())
        .raw(crate::page::PAGE_PATH.1)
        .raw("\">")
        .text(&truncate(&e.record.title, 200))
        .raw("</a><br><small>")
        .text(e.record.kind.as_str())
        .raw(" · ")
        .text(e.record.status.as_str())
        .raw("</small></td></tr>\n");
    s
}

/// The path of a key's page, relative to the output folder.
pub fn page_file(key: &Key, page: &Page) -> String {
    let (folder, name) = key.place();
    format!("{folder}/{name}/{}.html", page.name)
}

/// Renders every page of a key: `(path, html)`; none when it has no events.
pub fn render_key(
    key: &Key,
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
    site: &SiteInfo,
) -> Vec<(String, String)> {
    let pages = layout(dataset, key);
    if pages.is_empty() {
        return Vec::new();
    }
    let heading = title(key, dataset, vocabularies);
    let mut files: Vec<(String, String)> = (0..pages.len())
        .map(|i| {
            (
                page_file(key, &pages[i]),
                render_page(key, &pages, i, dataset, &heading, site),
            )
        })
        .collect();
    files.extend(render_feed(key, dataset, &heading, site));
    files
}

/// Renders a key's feed, `(path, xml)`, when it has one. `heading` is the key's [`title`].
pub fn render_feed(
    key: &Key,
    dataset: &Dataset,
    heading: &str,
    site: &SiteInfo,
) -> Option<(String, String)> {
    key.has_feed().then(|| {
        (
            crate::feed::feed_path(Some(key)),
            crate::feed::render(
                dataset,
                Some(key),
                &format!("{heading} · {}", site.title),
                site,
            ),
        )
    })
}

/// The index of one kind of key (`folder` is `parties`, `areas` or `years`:
/// `parties/index.html`, ...), listing its keys with their event counts, most events first
/// (years newest first).
pub fn render_index(
    folder: &str,
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
    site: &SiteInfo,
) -> String {
    let mut rows: Vec<(String, String, usize)> = dataset
        .keys()
        .filter(|(key, _)| key.place().0 == folder)
        .map(|(key, n)| (key.place().1, title(key, dataset, vocabularies), n))
        .collect();
    if folder == YEAR_FOLDER {
        rows.reverse();
    } else {
        rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    }
    let heading = match folder {
        PARTY_FOLDER => "Countries and organisations",
        AREA_FOLDER => "Areas of cooperation",
        _ => "Years",
    };
    let mut s = String::with_capacity(rows.len() * 120 + 4096);
    head(&mut s, heading, site, "../", false);
    s.push_str("<section id=\"index\"><div class=\"scroll\"><table><thead><tr><th>name</th><th class=\"num\">events</th></tr></thead><tbody>\n");
    for (name, label, n) in &rows {
        s.raw("<tr><td><a href=\"")
            .text(name)
            .raw("/index.html\">")
            .text(label)
            .raw("</a></td><td class=\"num\">")
            .num(*n)
            .raw("</td></tr>\n");
    }
    s.push_str("</tbody></table></div></section>\n");
    footer(&mut s, None, site);
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::fnv;

    #[test]
    fn the_page_hash_is_fnv_1a() {
        // The published FNV-1a 64-bit test values: the pages break at the same events on
        // every machine.
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
