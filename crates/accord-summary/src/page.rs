//! An event's permanent page, `events/<id>.html`, and its JSON file, `events/<id>.json`: everything
//! the record says, what is derived from it, where it came from in git, and how to cite it. A
//! retracted event keeps its page, marked, with the reason: a citation never breaks.
//!
//! Pages are script-free under the dashboard's Content-Security-Policy, and every value is
//! escaped; links leave the site only to `https://` addresses.

use std::fmt::Write;

use crate::SiteInfo;
use crate::aggregate::kebab;
use crate::browse::Key;
use crate::html::{Markup, footer, link};
use crate::model::Event;

/// What comes before and after an event's id in the path of its page.
pub(crate) const PAGE_PATH: (&str, &str) = ("events/", ".html");

/// The page of an event, relative to the output folder.
pub fn page_path(id: &str) -> String {
    let (before, after) = PAGE_PATH;
    // (Joined, not formatted: it is made for every page written, and `format!` costs ten
    // times as much.)
    [before, id, after].concat()
}

/// What comes before and after an event's id in the path of its JSON file.
pub(crate) const JSON_PATH: (&str, &str) = ("events/", ".json");

/// The JSON file of an event, relative to the output folder.
pub fn json_path(id: &str) -> String {
    let (before, after) = JSON_PATH;
    [before, id, after].concat()
}

/// Whether a file name in `events/` is an event's page or JSON file (not a year's file).
pub fn is_event_file(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    (ext == "html" || ext == "json") && !stem.bytes().all(|b| b.is_ascii_digit())
}

/// An event's JSON file: its object as in its year file (the record, normalised, with its
/// derived fields), alone.
pub fn json(e: &Event) -> String {
    json_file(&crate::json::event(e)).concat()
}

/// An event's JSON file made from its object in the year's JSON (`fragment`), in parts: the
/// file is that object and a line end, whoever writes it.
pub fn json_file(fragment: &str) -> [&str; 2] {
    [fragment, "\n"]
}

/// The citation of an event as plain text.
pub fn citation(e: &Event, site: &SiteInfo) -> String {
    // (Pushed piece by piece rather than formatted: a page per event is written.)
    let r = &e.record;
    let mut text = String::with_capacity(96 + r.title.len() + site.title.len() + 2 * r.id.0.len());
    for piece in [
        "accord contributors. “",
        &r.title,
        "” (",
        &r.date.0,
        "). In: ",
        &site.title,
        ", record ",
        e.id(),
        ".",
    ] {
        text.push_str(piece);
    }
    if let Some(url) = &site.base_url {
        text.push(' ');
        text.push_str(url);
        text.push_str(&page_path(e.id()));
    }
    if let Some(changed) = e.provenance.as_ref().and_then(|p| p.last_changed.as_ref()) {
        let _ = write!(
            text,
            " Version of {}.",
            &changed.date[..changed.date.len().min(10)]
        );
    }
    text.push_str(" Licensed CC BY 4.0.");
    text
}

/// The citation of an event as CSL-JSON (what Zotero, Pandoc and citation managers read): one
/// item in a list, laid out as `serde_json`'s pretty printer lays it out (two spaces a level),
/// written directly (a page per event is written, and a serializer took a fifth of each
/// page's work).
pub fn csl_json(e: &Event, site: &SiteInfo) -> String {
    let mut out = String::with_capacity(512);
    let s = &mut out;
    let string = |s: &mut String, text: &str| {
        s.push('"');
        crate::compact::escape_into(s, text);
        s.push('"');
    };
    s.push_str("[\n  {\n    \"id\": ");
    string(s, e.id());
    s.push_str(",\n    \"type\": \"dataset\",\n    \"title\": ");
    string(s, &e.record.title);
    s.push_str(
        ",\n    \"author\": [\n      {\n        \"literal\": \"accord contributors\"\n      }\n    ],\n    \"container-title\": ",
    );
    string(s, &site.title);
    s.push_str(",\n    \"number\": ");
    string(s, e.id());
    s.push_str(",\n    \"license\": ");
    string(s, crate::DATA_LICENCE.url);
    if let Some(url) = &site.base_url {
        s.push_str(",\n    \"URL\": \"");
        crate::compact::escape_into(s, url);
        crate::compact::escape_into(s, &page_path(e.id()));
        s.push('"');
    }
    if let Some([year, month, day]) = issued(e) {
        let _ = write!(
            s,
            ",\n    \"issued\": {{\n      \"date-parts\": [\n        [\n          {year},\n          {month},\n          {day}\n        ]\n      ]\n    }}"
        );
    }
    s.push_str("\n  }\n]");
    out
}

/// The day an event's record last changed, as CSL's date parts, when git says.
fn issued(e: &Event) -> Option<[u32; 3]> {
    let changed = e.provenance.as_ref()?.last_changed.as_ref()?;
    let mut parts = changed
        .date
        .get(..10)
        .unwrap_or("")
        .split('-')
        .filter_map(|p| p.parse().ok());
    let day = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(day)
}

/// Renders an event's page. `has_page` says whether another event has a page (a related event
/// is linked only then).
pub fn render(
    e: &Event,
    site: &SiteInfo,
    as_of: accord_schema::date::Day,
    has_page: &dyn Fn(&str) -> bool,
) -> String {
    let r = &e.record;
    let mut s = String::with_capacity(8 * 1024 + e.record.summary.len());
    let mut canonical = String::new();
    if let Some(url) = &site.base_url {
        canonical
            .raw("<link rel=\"canonical\" href=\"")
            .text(&format!("{url}{}", page_path(e.id())))
            .raw("\">\n");
    }
    crate::html::page_start(&mut s, &r.title, site, "../", &canonical);
    s.push_str("<p>");
    s.text(&r.date.0);
    match (e.precision.approximate, e.precision.uncertain) {
        (true, true) => s.raw(" (approximate, uncertain)"),
        (true, false) => s.raw(" (approximate)"),
        (false, true) => s.raw(" (uncertain)"),
        (false, false) => &mut s,
    };
    s.raw(" · ")
        .text(r.kind.as_str())
        .raw(" · ")
        .text(r.status.as_str())
        .raw("</p></header>\n<main>\n");

    if let Some(retraction) = &r.retracted {
        s.raw("<section id=\"retracted\" class=\"retracted\"><h2>Retracted on ")
            .text(&retraction.date.0)
            .raw("</h2><p>")
            .text(&retraction.reason)
            .raw("</p><p class=\"meta\">The event is left out of the dataset's figures; this page stays so that citations of it keep working.</p></section>\n");
    }

    s.raw("<section id=\"summary\"><h2>Summary</h2><p>")
        .text(&r.summary)
        .raw("</p>\n<dl class=\"facts\">");
    if let Some(instrument) = &r.instrument {
        s.raw("<dt>instrument</dt><dd>")
            .text(kebab(&instrument.kind))
            .raw(", binding: ")
            .text(kebab(&instrument.binding))
            .raw("</dd>");
    }
    if let Some(location) = &r.location {
        let place: Vec<String> = [
            location.city.clone(),
            location.country.as_ref().map(|c| {
                accord_schema::vocab::country(&c.0)
                    .map_or_else(|| c.0.as_str().to_owned(), |c| c.name.to_owned())
            }),
            location.occasion.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        s.raw("<dt>where</dt><dd>")
            .text(&place.join(", "))
            .raw("</dd>");
    }
    s.raw("<dt>areas</dt><dd>");
    // A retracted event is in no browse page, so its page links to none.
    let listed = r.retracted.is_none();
    for (i, (label, id)) in e.area_labels.iter().zip(&r.areas).enumerate() {
        s.raw(if i > 0 { ", " } else { "" });
        if listed {
            s.raw("<a href=\"../")
                .front_page(crate::browse::AREA_FOLDER, &id.0)
                .raw("\">")
                .text(label)
                .raw("</a>");
        } else {
            s.text(label);
        }
    }
    if listed {
        let (folder, year) = Key::Year(e.first_day.year).place();
        s.raw("</dd><dt>year</dt><dd><a href=\"../")
            .front_page(folder, &year)
            .raw("\">")
            .text(&year)
            .raw("</a>");
    }
    s.raw("</dd>");
    if !r.tags.is_empty() {
        s.raw("<dt>tags</dt><dd>");
        for (i, tag) in r.tags.iter().enumerate() {
            s.raw(if i > 0 { ", " } else { "" }).text(&tag.0);
        }
        s.raw("</dd>");
    }
    s.push_str("</dl></section>\n");

    s.push_str("<section id=\"parties\"><h2>Parties</h2><ul>\n");
    for (party, named) in r.parties.iter().zip(&e.parties) {
        s.push_str("<li><b>");
        if listed {
            s.raw("<a href=\"../")
                .front_page(crate::browse::PARTY_FOLDER, &named.code)
                .raw("\">")
                .text(&named.name)
                .raw("</a>");
        } else {
            s.text(&named.name);
        }
        s.raw("</b> <small class=\"meta\">(")
            .text(&named.code)
            .raw(")</small>, ")
            .text(kebab(&party.role));
        for (i, who) in party.represented_by.iter().enumerate() {
            s.raw(if i == 0 { ": represented by " } else { "; " });
            match &who.name {
                Some(name) => s.text(name).raw(", ").text(&who.title),
                None => s.text(&who.title),
            };
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul></section>\n");

    if let Some(value) = &r.value {
        s.raw("<section id=\"value\"><h2>What it was worth</h2><p>")
            .text(&crate::money::describe(value))
            .raw("</p></section>\n");
    }

    if !r.commitments.is_empty() {
        s.push_str("<section id=\"commitments\"><h2>Commitments</h2><div class=\"scroll\"><table><thead><tr><th>commitment</th><th>by</th><th>due</th><th>status</th></tr></thead><tbody>\n");
        for (c, derived) in r.commitments.iter().zip(&e.commitments) {
            s.raw(if derived.overdue {
                "<tr class=\"overdue\"><td>"
            } else {
                "<tr><td>"
            })
            .text(&c.text);
            if let Some(value) = &c.value {
                s.raw("<br><small class=\"meta\">")
                    .text(&crate::money::describe(value))
                    .raw("</small>");
            }
            s.raw("</td><td>");
            for (i, by) in c.by.iter().enumerate() {
                let name = e
                    .parties
                    .iter()
                    .find(|p| *p.code == *by.0)
                    .map_or(by.0.as_str(), |p| &*p.name);
                s.raw(if i > 0 { ", " } else { "" }).text(name);
            }
            s.raw("</td><td class=\"nowrap\">");
            // (A day's text needs no escaping.)
            match derived.due {
                Some(due) => due.push_to(&mut s),
                None => {
                    s.raw("–");
                }
            }
            s.raw("</td><td>").text(kebab(&c.status));
            if derived.overdue {
                s.raw(" <span class=\"tag overdue nowrap\">overdue on ");
                // (A day's text needs no escaping.)
                as_of.push_to(&mut s);
                s.push_str("</span>");
            }
            s.push_str("</td></tr>\n");
        }
        s.push_str("</tbody></table></div></section>\n");
    }

    s.push_str("<section id=\"sources\"><h2>Sources</h2><ul>\n");
    for source in &r.sources {
        s.push_str("<li>");
        let name = match &source.title {
            Some(title) => format!("{title} ({})", source.publisher),
            None => source.publisher.clone(),
        };
        match &source.url {
            Some(url) => link(&mut s, &url.0, &name),
            None => {
                s.text(&name);
            }
        }
        s.raw(", ")
            .text(&source.published.0)
            .raw(" · ")
            .text(kebab(&source.kind));
        if let Some(language) = &source.language {
            s.raw(" · in ").text(&language.0);
        }
        if let Some(accessed) = &source.accessed {
            s.raw(" · read on ").text(&accessed.0);
        }
        if let Some(archive) = &source.archive_url {
            s.push_str(" · ");
            link(&mut s, &archive.0, "archived copy");
        }
        for q in &source.quotes {
            s.raw("<blockquote>“")
                .text(&q.text)
                .raw("” — ")
                .text(&q.speaker)
                .raw("</blockquote>");
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul></section>\n");

    if !r.related.is_empty() {
        s.push_str("<section id=\"related\"><h2>Related events</h2><ul>\n");
        for related in &r.related {
            s.raw("<li>").text(kebab(&related.relation)).raw(": ");
            if has_page(&related.id.0) {
                s.raw("<a href=\"")
                    .text(&related.id.0)
                    .raw(PAGE_PATH.1)
                    .raw("\">")
                    .text(&related.id.0)
                    .raw("</a>");
            } else {
                s.text(&related.id.0);
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ul></section>\n");
    }

    if let Some(notes) = &r.notes {
        s.raw("<section id=\"notes\"><h2>Editorial notes</h2><p>")
            .text(notes)
            .raw("</p></section>\n");
    }

    s.push_str("<section id=\"provenance\"><h2>Provenance</h2><dl class=\"facts\">");
    let provenance = e.provenance.as_ref();
    for (label, commit) in [
        ("added", provenance.and_then(|p| p.added.as_ref())),
        (
            "last changed",
            provenance.and_then(|p| p.last_changed.as_ref()),
        ),
    ] {
        s.raw("<dt>").raw(label).raw("</dt><dd>");
        match commit {
            Some(c) => {
                s.text(&c.date[..c.date.len().min(10)])
                    .raw(" by ")
                    .text(&c.author)
                    .raw(", commit ");
                let short = &c.id[..c.id.len().min(12)];
                match &site.repository_url {
                    Some(repo) => link(&mut s, &format!("{repo}/commit/{}", c.id), short),
                    None => {
                        s.raw("<code>").text(short).raw("</code>");
                    }
                }
            }
            None => {
                s.raw("not yet committed");
            }
        }
        s.raw("</dd>");
    }
    s.raw("<dt>record</dt><dd>");
    match (
        &site.repository_url,
        provenance.and_then(|p| p.last_changed.as_ref()),
    ) {
        (Some(repo), Some(changed)) => {
            link(
                &mut s,
                &format!("{repo}/blob/{}/{}", changed.id, e.path),
                &e.path,
            );
            s.raw(" · ");
            link(
                &mut s,
                &format!("{repo}/commits/{}/{}", changed.id, e.path),
                "its history",
            );
        }
        _ => {
            s.raw("<code>").text(&e.path).raw("</code>");
        }
    }
    s.raw(" · <a href=\"")
        .text(e.id())
        .raw(JSON_PATH.1)
        .raw("\">this event as JSON</a></dd></dl></section>\n");

    s.raw("<section id=\"cite\"><h2>Cite this</h2><p>")
        .text(&citation(e, site))
        .raw("</p><details><summary>CSL-JSON (Zotero, Pandoc)</summary><pre>");
    crate::html::escape_text_into(&mut s, &csl_json(e, site));
    s.raw("</pre></details></section>\n");

    // (No count of all events: a page changes only when its event, or a related one, does.)
    footer(&mut s, None, site);
    s.push_str("</body>\n</html>\n");
    s
}
