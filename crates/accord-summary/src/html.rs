//! `index.html`: a self-contained dashboard. No request leaves the page: styles are inline,
//! charts are inline SVG, and there is no script. A Content-Security-Policy forbids scripts and
//! remote loads outright, every value from a record is HTML-escaped, and only `https://` links
//! are emitted.

// HTML is written in chunks that end where a line of markup ends.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::aggregate::{Aggregates, kebab};
use crate::model::{Dataset, Event};

/// The bytes HTML escaping looks at: markup characters and controls.
const SPECIAL: crate::escape::Marks<5> = crate::escape::Marks::new(*b"&<>\"'", true);

/// Appends text escaped for HTML element content and attribute values: markup characters
/// become references and control characters (but the line end) are dropped. Runs of bytes
/// that need nothing are copied whole; the dashboard of a large tree escapes hundreds of
/// kilobytes at every rebuild.
pub fn escape_into(out: &mut String, text: &str) {
    crate::escape::escape_into(out, text, &SPECIAL, |b| match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        b'\n' => "\n",
        _ => "",
    });
}

/// The bytes escaping for element content alone looks at: no quotes.
const TEXT_SPECIAL: crate::escape::Marks<3> = crate::escape::Marks::new(*b"&<>", true);

/// Appends text escaped for HTML element content only (never an attribute value): `&`, `<`
/// and `>` become references, and control characters (but the line end) are dropped; quotes,
/// which cannot end element content, are kept as they are. For generated text full of them,
/// such as the JSON of a citation inside `<pre>`.
pub(crate) fn escape_text_into(out: &mut String, text: &str) {
    crate::escape::escape_into(out, text, &TEXT_SPECIAL, |b| match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'\n' => "\n",
        _ => "",
    });
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// The Content-Security-Policy of the event and browse pages: no script, nothing from
/// elsewhere, styles only from the site's own stylesheet (`style.css`, [`STYLE`], written once
/// instead of into each of a hundred thousand pages). The dashboard keeps its style inline, so
/// that it stands alone.
pub(crate) const PAGE_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

/// The start of an event or browse page, `up` (`../`, `../../`) below the output folder, to the
/// end of its `<h1>`: the page policy, the title, `head` (more of the head: a canonical URL, a
/// feed; markup, already escaped), the shared stylesheet, and the header naming the site.
pub(crate) fn page_start(
    s: &mut String,
    title: &str,
    site: &crate::SiteInfo,
    up: &str,
    head: &str,
) {
    s.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"",
    );
    s.push_str(PAGE_POLICY);
    s.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    s.text(title).raw(" · ").text(&site.title).raw("</title>\n");
    s.push_str(head);
    s.raw("<link rel=\"stylesheet\" href=\"")
        .raw(up)
        .raw("style.css\">\n</head>\n<body>\n<header><p><a href=\"")
        .raw(up)
        .raw("index.html\">");
    s.text(&site.title)
        .raw("</a></p><h1>")
        .text(title)
        .raw("</h1>");
}

/// Writing markup into a page: raw markup, escaped text and numbers, without a temporary
/// string for each value.
pub(crate) trait Markup {
    /// Appends markup as it is.
    fn raw(&mut self, markup: &str) -> &mut Self;
    /// Appends text, escaped.
    fn text(&mut self, text: &str) -> &mut Self;
    /// Appends a count.
    fn num(&mut self, n: usize) -> &mut Self;
    /// Appends a length given in tenths, with one decimal (`172` is `17.2`).
    fn tenths(&mut self, tenths: usize) -> &mut Self;
    /// Appends, escaped, the path of the newest browse page of the key whose place
    /// ([`crate::browse::Key::place`]) is `folder` and `name`.
    fn front_page(&mut self, folder: &str, name: &str) -> &mut Self;
}

impl Markup for String {
    fn raw(&mut self, markup: &str) -> &mut Self {
        self.push_str(markup);
        self
    }

    fn text(&mut self, text: &str) -> &mut Self {
        escape_into(self, text);
        self
    }

    fn num(&mut self, n: usize) -> &mut Self {
        let _ = write!(self, "{n}");
        self
    }

    fn tenths(&mut self, tenths: usize) -> &mut Self {
        let _ = write!(self, "{}.{}", tenths / 10, tenths % 10);
        self
    }

    fn front_page(&mut self, folder: &str, name: &str) -> &mut Self {
        crate::browse::push_front_page(self, folder, name);
        self
    }
}

/// `n / max` of `length` tenths, rounded to the nearest tenth (half up), in integers so that
/// stacked bars add up exactly and no float is formatted.
fn scaled(n: usize, max: usize, length: usize) -> usize {
    (2 * n * length + max) / (2 * max.max(1))
}

/// A link if the address is `https://` and holds nothing that could break out of the
/// attribute; otherwise the address as plain text.
pub(crate) fn link(s: &mut String, url: &str, text: &str) {
    // (Of ASCII, the whitespace and control characters are the bytes up to the space, and
    // DEL: an address is nearly always ASCII, and looked at byte by byte.)
    let clean = if url.is_ascii() {
        !url.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        !url.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    let safe = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        && clean;
    if safe {
        s.raw("<a href=\"")
            .text(url)
            .raw("\" rel=\"noopener noreferrer nofollow\">")
            .text(text)
            .raw("</a>");
    } else {
        s.text(text);
    }
}

/// Colours of the event types, in the order of the record format.
const COLOURS: [&str; 9] = [
    "#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5",
    "#9c6b4e",
];

pub(crate) fn colour(kind: &str) -> &'static str {
    accord_schema::record::EVENT_TYPES
        .iter()
        .position(|t| *t == kind)
        .map_or("#888888", |i| COLOURS[i % COLOURS.len()])
}

pub(crate) const STYLE: &str = r#"
:root { --fg: #1d2433; --muted: #5b6475; --line: #d9dee7; --bg: #ffffff; --accent: #4269d0; --bad: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f7f9; }
header { background: var(--fg); color: #fff; padding: 24px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #c9cfdb; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-bottom: 24px; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.card b { display: block; font-size: 26px; }
.card span { color: var(--muted); }
section { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 20px; }
section h2 { margin: 0 0 12px; font-size: 18px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 20px; }
.scroll { overflow-x: auto; }
details { margin-top: 8px; font-size: 14px; }
summary { cursor: pointer; color: var(--accent); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.overdue td { background: #fdecea; }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; background: #eef1f6; margin: 1px 2px 1px 0; }
.tag.overdue { background: var(--bad); color: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 0; font-size: 13px; color: var(--muted); }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
svg { display: block; width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
article { border-top: 1px solid var(--line); padding: 12px 0; }
article h3 { margin: 0 0 4px; font-size: 16px; }
article .meta { color: var(--muted); font-size: 13px; margin-bottom: 6px; }
blockquote { margin: 6px 0 6px 12px; padding-left: 10px; border-left: 3px solid var(--line); color: var(--muted); }
footer { color: var(--muted); font-size: 13px; text-align: center; padding: 16px; }
body { overflow-wrap: anywhere; }
.retracted { border-color: var(--bad); background: #fdecea; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
pre { white-space: pre-wrap; font-size: 13px; background: #f6f7f9; padding: 8px; border-radius: 4px; }
header a { color: #c9cfdb; }
.nowrap, .dated td:first-child { white-space: nowrap; overflow-wrap: normal; }
nav.browse { margin: 0 0 20px; }
nav.pages { margin-top: 12px; }
nav.pages a { display: inline-block; padding: 6px 0; margin-right: 16px; }
.grid2 > *, .cards > * { min-width: 0; }
@media (max-width: 600px) {
  header { padding: 16px; }
  main { padding: 16px 10px 32px; }
  section { padding: 12px; }
}
"#;

/// The schema.org `Dataset` description of the site, for search engines and data catalogues:
/// JSON inside a data block, with `<` escaped so that no text can end the block.
fn json_ld(dataset: &Dataset, site: &crate::SiteInfo) -> String {
    let mut doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site.title,
        "description": "Health-cooperation events between countries and organisations (meetings, agreements, joint statements, donations, working groups) and the commitments made at them, from public sources.",
        "license": crate::DATA_LICENCE.url,
        "temporalCoverage": match (dataset.chronological().next(), dataset.chronological().next_back()) {
            (Some(first), Some(last)) => format!("{}/{}", first.first_day, last.last_day),
            _ => String::new(),
        },
        "dateModified": dataset.as_of().to_string(),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": "events.json"},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": "datapackage.json"},
        ],
    });
    if let Some(url) = &site.base_url {
        doc["url"] = serde_json::json!(url);
        for d in doc["distribution"].as_array_mut().into_iter().flatten() {
            let path = d["contentUrl"].as_str().unwrap_or_default().to_owned();
            d["contentUrl"] = serde_json::json!(format!("{url}{path}"));
        }
    }
    if let Some(url) = &site.repository_url {
        doc["isBasedOn"] = serde_json::json!(url);
    }
    serde_json::to_string(&doc)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Renders `index.html`.
pub fn render(dataset: &Dataset, agg: &Aggregates, site: &crate::SiteInfo) -> String {
    let mut s = String::with_capacity(64 * 1024 + dataset.len().min(LATEST_EVENTS) * 2048);
    let overdue = agg.overdue;
    s.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>",
    );
    s.text(&site.title).raw(" · dashboard</title>\n");
    s.raw("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\" title=\"")
        .text(&site.title)
        .raw("\">\n");
    let _ = write!(
        s,
        "<style>{STYLE}</style>\n<script type=\"application/ld+json\">{}</script>\n</head>\n<body>\n<header><h1>",
        json_ld(dataset, site)
    );
    s.text(&site.title);
    let _ = write!(
        s,
        "</h1><p>Events between countries and organisations, as of {}. Generated by accord build.</p></header>\n<main>\n",
        dataset.as_of()
    );
    let _ = write!(
        s,
        "<div class=\"cards\" id=\"totals\">\
         <div class=\"card\"><b data-figure=\"events\">{}</b><span>events</span></div>\
         <div class=\"card\"><b data-figure=\"parties\">{}</b><span>countries and organisations</span></div>\
         <div class=\"card\"><b data-figure=\"commitments\">{}</b><span>commitments</span></div>\
         <div class=\"card\"><b data-figure=\"overdue\">{overdue}</b><span>overdue commitments</span></div>\
         <div class=\"card\"><b data-figure=\"left-out\">{}</b><span>left out (retracted {}, with errors {})</span></div>\
         </div>\n",
        agg.events,
        agg.parties.len(),
        agg.commitments_total,
        dataset.left_out.retracted + dataset.left_out.with_errors,
        dataset.left_out.retracted,
        dataset.left_out.with_errors
    );
    if agg.events > 0 {
        s.push_str("<nav id=\"browse\" class=\"browse\">Browse the events by <a href=\"parties/index.html\">country and organisation</a> · <a href=\"areas/index.html\">area</a> · <a href=\"years/index.html\">year</a> · follow them in <a href=\"feed.xml\">a feed</a> · or load them as <a href=\"datapackage.json\">a data package</a></nav>\n");
    }
    months_chart(&mut s, agg);
    stages(&mut s, agg);
    money(&mut s, agg);
    s.push_str("<div class=\"grid2\">\n");
    bars(
        &mut s,
        "partners",
        "Partners",
        agg.parties.len(),
        agg.parties.iter().take(BARS_SHOWN).map(|p| {
            (
                format!("{} ({})", p.party.name, p.party.code),
                p.events,
                crate::browse::Key::Party(p.party.code.to_string()).front_page(),
            )
        }),
        ("parties/index.html", "countries and organisations"),
    );
    bars(
        &mut s,
        "areas",
        "Areas of cooperation",
        agg.areas.len(),
        agg.areas.iter().take(BARS_SHOWN).map(|(id, label, n)| {
            (
                label.clone(),
                *n,
                crate::browse::Key::Area(id.clone()).front_page(),
            )
        }),
        ("areas/index.html", "areas"),
    );
    s.push_str("</div>\n");
    pairs(&mut s, agg);
    commitments(&mut s, agg);
    events(&mut s, dataset);
    footer(&mut s, Some(agg.events), site);
    s.push_str("</body>\n</html>\n");
    s
}

/// The footer every page ends with: what it is built from and under which licence the data is.
pub(crate) fn footer(s: &mut String, events: Option<usize>, site: &crate::SiteInfo) {
    s.push_str("</main>\n<footer>");
    if let Some(events) = events {
        let _ = write!(s, "{events} events · ");
    }
    s.push_str("built from the records under ");
    match &site.repository_url {
        Some(url) => link(s, url, "records/"),
        None => {
            s.push_str("<code>records/</code>");
        }
    }
    s.raw(" · the data is licensed under ");
    // The same link on every page: made once.
    static LICENCE_LINK: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let licence = crate::DATA_LICENCE;
        let mut s = String::new();
        link(
            &mut s,
            licence.url,
            &format!("{} ({})", licence.title, licence.id),
        );
        s
    });
    s.push_str(&LICENCE_LINK);
    s.push_str("</footer>\n");
}

/// The most months the timeline shows one by one; past about three years it shows years.
pub const MONTHS_SHOWN: usize = 36;

/// The most bars the timeline draws; past [`MONTHS_SHOWN`] months it counts per year, per
/// decade or per century, whichever keeps it within this, so its size is bounded whatever the
/// tree.
pub const PERIODS_SHOWN: usize = 100;

/// A timeline's bars: each period's label and its events per type.
struct Timeline {
    /// `month`, `year`, `decade` or `century`.
    unit: &'static str,
    periods: Vec<(String, BTreeMap<String, usize>)>,
}

/// The months from the first to the last with events, or, when that is more than
/// [`MONTHS_SHOWN`], the years (or decades, or centuries) from the first to the last; empty
/// periods included, so that a gap shows as a gap.
fn timeline(agg: &Aggregates) -> Timeline {
    let month = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let first = agg.months.keys().next().and_then(|m| month(m));
    let last = agg.months.keys().last().and_then(|m| month(m));
    if let (Some(first), Some(last)) = (first, last) {
        let span = i64::from(last.0 - first.0) * 12 + i64::from(last.1) - i64::from(first.1) + 1;
        if span <= MONTHS_SHOWN as i64 {
            let mut periods = Vec::new();
            let (mut y, mut m) = first;
            while (y, m) <= last {
                let label = format!("{y:04}-{m:02}");
                let types = agg.months.get(&label).cloned().unwrap_or_default();
                periods.push((label, types));
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
            return Timeline {
                unit: "month",
                periods,
            };
        }
    }
    let (Some(&first), Some(&last)) = (agg.year_types.keys().next(), agg.year_types.keys().last())
    else {
        return Timeline {
            unit: "month",
            periods: Vec::new(),
        };
    };
    let span = (last - first + 1) as usize;
    let (unit, width) = if span <= PERIODS_SHOWN {
        ("year", 1)
    } else if span <= 10 * PERIODS_SHOWN {
        ("decade", 10)
    } else {
        ("century", 100)
    };
    let start = first.div_euclid(width) * width;
    let mut periods = Vec::new();
    let mut from = start;
    while from <= last {
        let mut types: BTreeMap<String, usize> = BTreeMap::new();
        for (_, counts) in agg.year_types.range(from..from + width) {
            for (kind, n) in counts {
                *types.entry(kind.clone()).or_default() += n;
            }
        }
        let label = if width == 1 {
            format!("{from:04}")
        } else {
            format!("{from:04}s")
        };
        periods.push((label, types));
        from += width;
    }
    Timeline { unit, periods }
}

fn months_chart(s: &mut String, agg: &Aggregates) {
    let timeline = timeline(agg);
    s.raw("<section id=\"timeline\"><h2>Events per ")
        .raw(timeline.unit)
        .raw(", by type</h2>\n");
    if timeline.periods.is_empty() {
        s.push_str("<p>No events yet.</p></section>\n");
        return;
    }
    let unknown: usize = agg.unknown_month.values().sum();
    if timeline.unit == "month" && unknown > 0 {
        s.raw("<p class=\"meta\" id=\"month-unknown\">Only events whose month is known. ")
            .num(unknown)
            .raw(if unknown == 1 {
                " event is dated only by its year and counted in that year: "
            } else {
                " events are dated only by their year and counted in those years: "
            });
        for (i, (year, n)) in agg.unknown_month.iter().enumerate() {
            let _ = write!(s, "{}{year:04} ({n})", if i > 0 { ", " } else { "" });
        }
        s.push_str(".</p>\n");
    }
    if agg.approximate + agg.uncertain > 0 {
        let _ = writeln!(
            s,
            "<p class=\"meta\" id=\"date-precision\">{} events are dated approximately (~) and {} with uncertainty (?); they are counted at the date given.</p>",
            agg.approximate, agg.uncertain
        );
    }
    let max = timeline
        .periods
        .iter()
        .map(|(_, t)| t.values().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    // Lengths in the chart's units: the bars share the width after the value axis, each slot
    // a bar and a quarter of it as gap (no slot wider than 60, so a few periods are not a few
    // giant bars), and the tallest bar is HEIGHT high.
    const PLOT: usize = 860;
    const HEIGHT: usize = 160;
    const AXIS: usize = 40;
    let n = timeline.periods.len();
    let slot = (PLOT / n.max(1)).clamp(8, 60);
    let bar = slot * 3 / 4;
    let width = AXIS + PLOT.max(n * slot);
    // A label every `every` bars, so that labels (up to seven characters, about 50 units)
    // never touch; each is centred under its bar.
    let every = 56usize.div_ceil(slot).max(1);
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {width} {}\" role=\"img\" aria-labelledby=\"timeline-title\"><title id=\"timeline-title\">Events per {}, by type; the table below gives the figures</title>\n",
        HEIGHT + 44,
        timeline.unit
    );
    // Value ticks: zero, half the tallest bar and the tallest, with grid lines.
    for value in [0, max / 2, max] {
        let y = 10 * (HEIGHT + 10) - scaled(value, max, 10 * HEIGHT);
        s.raw("<line x1=\"")
            .num(AXIS - 4)
            .raw("\" y1=\"")
            .tenths(y)
            .raw("\" x2=\"")
            .num(width)
            .raw("\" y2=\"")
            .tenths(y)
            .raw("\" stroke=\"#d9dee7\"/><text x=\"")
            .num(AXIS - 8)
            .raw("\" y=\"")
            .tenths(y + 40)
            .raw("\" text-anchor=\"end\">")
            .num(value)
            .raw("</text>\n");
    }
    for (i, (label, types)) in timeline.periods.iter().enumerate() {
        let x = 10 * (AXIS + i * slot + (slot - bar) / 2);
        // In tenths, from the baseline up.
        let mut y = 10 * (HEIGHT + 10);
        for kind in &agg.types {
            let Some(&count) = types.get(kind) else {
                continue;
            };
            let h = scaled(count, max, 10 * HEIGHT);
            y = y.saturating_sub(h);
            s.raw("<rect x=\"")
                .tenths(x)
                .raw("\" y=\"")
                .tenths(y)
                .raw("\" width=\"")
                .num(bar)
                .raw("\" height=\"")
                .tenths(h)
                .raw("\" fill=\"")
                .raw(colour(kind))
                .raw("\"><title>")
                .text(label)
                .raw(" ")
                .text(kind)
                .raw(": ")
                .num(count)
                .raw("</title></rect>");
        }
        if i % every == 0 {
            s.raw("<text x=\"")
                .tenths(x + 10 * bar / 2)
                .raw("\" y=\"")
                .num(HEIGHT + 28)
                .raw("\" text-anchor=\"middle\">")
                .text(label)
                .raw("</text>");
        }
        s.push('\n');
    }
    s.push_str("</svg>\n<div class=\"legend\">");
    for kind in &agg.types {
        s.raw("<span><i style=\"background:")
            .raw(colour(kind))
            .raw("\"></i>")
            .text(kind)
            .raw("</span>");
    }
    s.push_str("</div>\n");
    // The figures behind the chart, for screen readers and for copying.
    s.raw("<details><summary>The figures as a table</summary><div class=\"scroll\"><table id=\"timeline-table\"><thead><tr><th>")
        .raw(timeline.unit)
        .raw("</th><th class=\"num\">events</th>");
    for kind in &agg.types {
        s.raw("<th class=\"num\">").text(kind).raw("</th>");
    }
    s.push_str("</tr></thead><tbody>\n");
    for (label, types) in timeline.periods.iter().filter(|(_, t)| !t.is_empty()) {
        s.raw("<tr><td>")
            .text(label)
            .raw("</td><td class=\"num\">")
            .num(types.values().sum())
            .raw("</td>");
        for kind in &agg.types {
            s.raw("<td class=\"num\">")
                .num(types.get(kind).copied().unwrap_or(0))
                .raw("</td>");
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div></details></section>\n");
}

/// How many partners and areas the bar charts show (the most frequent).
pub const BARS_SHOWN: usize = 25;

/// How many country pairs the dashboard lists (the most frequent).
pub const PAIRS_LISTED: usize = 50;

/// "top 25 of 52" when a list shows only the first `shown` of `total`.
fn top_of(s: &mut String, shown: usize, total: usize) {
    if total > shown {
        s.raw(" <small class=\"meta\">(top ")
            .num(shown)
            .raw(" of ")
            .num(total)
            .raw(")</small>");
    }
}

/// The events per stage, each stage counted on its own.
fn stages(s: &mut String, agg: &Aggregates) {
    s.push_str("<section id=\"stages\"><h2>By stage</h2>\n<p class=\"meta\">Each stage is counted on its own: an announcement or a pledge is never added to completed work.</p>\n<div class=\"scroll\"><table><thead><tr><th>stage</th><th class=\"num\">events</th></tr></thead><tbody>\n");
    for (status, n) in &agg.statuses {
        s.raw("<tr><td>")
            .text(status)
            .raw("</td><td class=\"num\">")
            .num(*n)
            .raw("</td></tr>\n");
    }
    s.push_str("</tbody></table></div></section>\n");
}

/// What the events were worth: a table per currency and stage, one per unit and stage, never
/// a total across them.
fn money(s: &mut String, agg: &Aggregates) {
    if agg.money.is_empty() && agg.goods.is_empty() {
        return;
    }
    s.push_str("<section id=\"money\"><h2>Money and goods</h2>\n");
    money_tables(s, &agg.money, &agg.goods);
    s.push_str("</section>\n");
}

/// The tables of money and goods totals (by currency or unit, then stage), with the sentence
/// that says they are never added across; nothing when there are none.
pub fn money_tables(
    s: &mut String,
    money: &[crate::money::MoneyTotal],
    goods: &[crate::money::GoodsTotal],
) {
    if money.is_empty() && goods.is_empty() {
        return;
    }
    s.push_str("<p class=\"meta\">As the sources report it. Each currency and each stage is totalled on its own: nothing is converted, and a pledge is never added to what was disbursed.</p>\n");
    if !money.is_empty() {
        s.push_str("<div class=\"scroll\"><table><thead><tr><th>currency</th><th>stage</th><th class=\"num\">total</th><th class=\"num\">events</th><th class=\"num\">of which estimated</th></tr></thead><tbody>\n");
        for t in money {
            s.raw("<tr><td>")
                .text(&t.currency)
                .raw("</td><td>")
                .text(&t.stage)
                .raw("</td><td class=\"num\">")
                .text(&crate::money::grouped(&t.amount))
                .raw("</td><td class=\"num\">")
                .num(t.events)
                .raw("</td><td class=\"num\">")
                .num(t.estimated)
                .raw("</td></tr>\n");
        }
        s.push_str("</tbody></table></div>\n");
    }
    if !goods.is_empty() {
        s.push_str("<div class=\"scroll\"><table><thead><tr><th>unit</th><th>stage</th><th class=\"num\">total</th><th class=\"num\">events</th></tr></thead><tbody>\n");
        for t in goods {
            s.raw("<tr><td>")
                .text(&t.unit)
                .raw("</td><td>")
                .text(&t.stage)
                .raw("</td><td class=\"num\">")
                .text(&crate::money::grouped(&t.count.to_string()))
                .raw("</td><td class=\"num\">")
                .num(t.events)
                .raw("</td></tr>\n");
        }
        s.push_str("</tbody></table></div>\n");
    }
}

/// A bar chart of the top rows (label, count, the page of that row's events), with the table
/// behind it and a link to the index of them all (`all`: its page and what it lists).
fn bars(
    s: &mut String,
    id: &str,
    title: &str,
    total: usize,
    rows: impl Iterator<Item = (String, usize, String)>,
    all: (&str, &str),
) {
    let rows: Vec<(String, usize, String)> = rows.collect();
    s.raw("<section id=\"").text(id).raw("\"><h2>").text(title);
    top_of(s, rows.len(), total);
    s.push_str("</h2>\n");
    if rows.is_empty() {
        s.push_str("<p>None yet.</p></section>\n");
        return;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    const ROW: usize = 22;
    let (all_page, all_what) = all;
    s.raw("<svg viewBox=\"0 0 520 ")
        .num(rows.len() * ROW + 4)
        .raw("\" role=\"img\" aria-label=\"")
        .text(title)
        .raw("\">\n");
    for (i, (label, n, _)) in rows.iter().enumerate() {
        // In tenths.
        let y = 10 * (i * ROW + 2);
        let w = scaled(*n, max, 2500);
        s.raw("<text x=\"0\" y=\"")
            .tenths(y + 120)
            .raw("\">")
            .text(&truncate(label, 36))
            .raw("</text><rect x=\"230\" y=\"")
            .tenths(y)
            .raw("\" width=\"")
            .tenths(w)
            .raw("\" height=\"16\" fill=\"#4269d0\"></rect><text x=\"")
            .tenths(2340 + w)
            .raw("\" y=\"")
            .tenths(y + 120)
            .raw("\">")
            .num(*n)
            .raw("</text>\n");
    }
    s.push_str("</svg>\n<details><summary>The figures as a table</summary><div class=\"scroll\"><table><tbody>\n");
    for (label, n, page) in &rows {
        s.raw("<tr><td><a href=\"")
            .text(page)
            .raw("\">")
            .text(label)
            .raw("</a></td><td class=\"num\">")
            .num(*n)
            .raw("</td></tr>\n");
    }
    s.push_str("</tbody></table></div></details>\n");
    s.raw("<p><a href=\"")
        .text(all_page)
        .raw("\">All ")
        .num(total)
        .raw(" ")
        .text(all_what)
        .raw("</a></p></section>\n");
}

/// `text` if it has at most `max` characters, else its first `max - 1` and an ellipsis.
pub(crate) fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    // No more bytes than `max` is no more characters: most text is not counted.
    if text.len() <= max || text.chars().count() <= max {
        return text.into();
    }
    let end = text
        .char_indices()
        .nth(max - 1)
        .map_or(text.len(), |(at, _)| at);
    let mut t = String::with_capacity(end + '…'.len_utf8());
    t.push_str(&text[..end]);
    t.push('…');
    t.into()
}

fn pairs(s: &mut String, agg: &Aggregates) {
    s.push_str("<section id=\"pairs\"><h2>Country pairs");
    let listed = agg.country_pairs.len().min(PAIRS_LISTED);
    top_of(s, listed, agg.country_pairs_total);
    s.push_str("</h2>\n<div class=\"scroll\"><table><thead><tr><th>countries</th><th class=\"num\">events together</th></tr></thead><tbody>\n");
    for (a, b, n) in agg.country_pairs.iter().take(PAIRS_LISTED) {
        s.raw("<tr><td>")
            .text(&a.name)
            .raw(" – ")
            .text(&b.name)
            .raw("</td><td class=\"num\">")
            .num(*n)
            .raw("</td></tr>\n");
    }
    s.push_str("</tbody></table></div></section>\n");
}

/// The commitments table, each linked to its event's page.
fn commitments(s: &mut String, agg: &Aggregates) {
    s.push_str("<section id=\"commitments\"><h2>Commitments</h2>\n");
    let listed = agg.commitments.len().min(COMMITMENTS_LISTED);
    if agg.commitments_total > listed {
        let _ = writeln!(
            s,
            "<p class=\"meta\">The first {listed} of {} (overdue first, then by due date); every commitment is in <code>commitments/&lt;year&gt;.csv</code>.</p>",
            agg.commitments_total
        );
    }
    s.push_str("<div class=\"scroll\"><table><thead><tr><th>due</th><th>status</th><th>by</th><th>commitment</th><th>event</th></tr></thead><tbody>\n");
    for c in agg.commitments.iter().take(COMMITMENTS_LISTED) {
        s.raw(if c.overdue {
            "<tr class=\"overdue\"><td>"
        } else {
            "<tr><td>"
        })
        .text(c.due.as_deref().unwrap_or("–"))
        .raw("</td><td>")
        .text(&c.status)
        .raw(if c.overdue {
            " <span class=\"tag overdue\">overdue</span>"
        } else {
            ""
        })
        .raw("</td><td>");
        for (i, by) in c.by.iter().take(TAGS_SHOWN).enumerate() {
            s.raw(if i > 0 { ", " } else { "" }).text(by);
        }
        if c.by.len() > TAGS_SHOWN {
            s.raw(" and ").num(c.by.len() - TAGS_SHOWN).raw(" more");
        }
        s.raw("</td><td>")
            .text(&truncate(&c.text, TEXT_SHOWN))
            .raw("</td><td>");
        // Every event in the figures has its page.
        let title = truncate(&c.event_title, TEXT_SHOWN);
        s.raw("<a href=\"")
            .text(&crate::page::page_path(&c.event_id))
            .raw("\">")
            .text(&title)
            .raw("</a>");
        s.push_str("</td></tr>\n");
    }
    s.push_str("</tbody></table></div></section>\n");
}

/// How many of the latest events the dashboard shows; every event is in the year files (a page
/// with every event of a large dataset would be too big to open).
pub const LATEST_EVENTS: usize = 60;

/// How many commitments the dashboard lists (overdue first); `summary.md` lists more and the
/// year files all.
pub const COMMITMENTS_LISTED: usize = 100;

/// The most characters of a summary the dashboard shows; with the other bounds here, an event
/// takes a bounded part of the page whatever its record holds.
pub const SUMMARY_SHOWN: usize = 320;

/// The most sources of an event the dashboard lists.
pub const SOURCES_SHOWN: usize = 1;

/// The longest web address the dashboard links; a longer one is left to the year files (a link
/// cannot be shortened without breaking it).
pub const URL_LINKED: usize = 1000;

/// The most characters of a title or a source's name the dashboard shows.
pub const TEXT_SHOWN: usize = 200;

/// The most parties, and the most areas, of an event the dashboard tags.
pub const TAGS_SHOWN: usize = 12;

fn events(s: &mut String, dataset: &Dataset) {
    s.push_str("<section id=\"events\"><h2>Events</h2>\n");
    if dataset.len() > LATEST_EVENTS {
        let _ = write!(
            s,
            "<p class=\"meta\">The latest {LATEST_EVENTS} of {} events; every event is in <code>events/&lt;year&gt;.json</code> and <code>events/&lt;year&gt;.csv</code>, listed in <code>events.json</code>.</p>\n",
            dataset.len()
        );
    }
    for e in dataset.chronological().rev().take(LATEST_EVENTS) {
        event(s, e);
    }
    s.push_str("</section>\n");
}

fn event(s: &mut String, e: &Event) {
    let r = &e.record;
    s.raw("<article id=\"")
        .text(e.id())
        .raw("\"><h3><a href=\"")
        .text(&crate::page::page_path(e.id()))
        .raw("\">")
        .text(&truncate(&r.title, TEXT_SHOWN))
        .raw("</a></h3>\n<div class=\"meta\">")
        .text(&r.date.0);
    match (e.precision.approximate, e.precision.uncertain) {
        (true, true) => s.raw(" (approximate, uncertain)"),
        (true, false) => s.raw(" (approximate)"),
        (false, true) => s.raw(" (uncertain)"),
        (false, false) => s,
    }
    .raw(" · ")
    .text(r.kind.as_str())
    .raw(" · ")
    .text(kebab(&r.status))
    .raw(" · ")
    .text(&e.path)
    .raw("</div>\n<div>");
    for p in e.parties.iter().take(TAGS_SHOWN) {
        s.raw("<span class=\"tag\">").text(&p.name).raw("</span>");
    }
    for a in r.areas.iter().take(TAGS_SHOWN) {
        s.raw("<span class=\"tag\">").text(&a.0).raw("</span>");
    }
    let more =
        e.parties.len().saturating_sub(TAGS_SHOWN) + r.areas.len().saturating_sub(TAGS_SHOWN);
    if more > 0 {
        s.raw("<span class=\"tag\">and ")
            .num(more)
            .raw(" more</span>");
    }
    s.raw("</div>\n<p>")
        .text(&truncate(&r.summary, SUMMARY_SHOWN))
        .raw("</p>\n");
    s.push_str("<ul class=\"sources\">\n");
    for source in r.sources.iter().take(SOURCES_SHOWN) {
        s.push_str("<li>");
        let name = match &source.title {
            Some(title) => format!("{title} ({})", source.publisher),
            None => source.publisher.clone(),
        };
        let name = truncate(&name, TEXT_SHOWN);
        match source.url.as_ref().filter(|u| u.0.len() <= URL_LINKED) {
            Some(url) => link(s, &url.0, &name),
            None => {
                s.text(&name);
            }
        }
        s.raw(", ").text(&source.published.0);
        if let Some(archive) = source
            .archive_url
            .as_ref()
            .filter(|u| u.0.len() <= URL_LINKED)
        {
            s.push_str(" · ");
            link(s, &archive.0, "archived copy");
        }
        s.push_str("</li>\n");
    }
    if r.sources.len() > SOURCES_SHOWN {
        s.raw("<li>and ")
            .num(r.sources.len() - SOURCES_SHOWN)
            .raw(" more in the year file</li>\n");
    }
    s.push_str("</ul>\n");
    s.push_str("</article>\n");
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text_into};

    #[test]
    fn element_content_escaping_keeps_quotes_and_nothing_else_that_could_end_it() {
        let text = |t: &str| {
            let mut out = String::new();
            escape_text_into(&mut out, t);
            out
        };
        assert_eq!(
            text("</pre><script>\"x\" & 'y'"),
            "&lt;/pre&gt;&lt;script&gt;\"x\" &amp; 'y'"
        );
        assert_eq!(text("a\u{0}b\u{7f}c\u{85}d\ne"), "abcd\ne");
        assert_eq!(text(""), "");
    }

    #[test]
    fn escape_replaces_markup_and_drops_control_characters() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain text, é ’"), "plain text, é ’");
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{0}b\u{7f}c\u{85}d\ne"), "abcd\ne");
        assert_eq!(escape("é<é"), "é&lt;é");
        assert_eq!(escape("&"), "&amp;");
        // C1 controls (U+0080 to U+009F) go; their neighbours in UTF-8 stay.
        assert_eq!(
            escape("\u{7e}\u{80}\u{9f}\u{a0}\u{bf}\u{c0}'"),
            "\u{7e}\u{a0}\u{bf}\u{c0}&#39;"
        );
    }

    /// An address is a link exactly when it is `https://` and has no whitespace or control
    /// character, whether it is ASCII (looked at byte by byte) or not.
    #[test]
    fn an_address_with_a_space_or_control_is_not_a_link() {
        for c in (0..=0x7f_u8)
            .map(char::from)
            .chain(['\u{85}', '\u{a0}', '\u{2028}', 'é'])
        {
            let url = format!("https://example.org/a{c}b");
            let mut out = String::new();
            super::link(&mut out, &url, "text");
            let clean = !(c.is_whitespace() || c.is_control());
            assert_eq!(out.starts_with("<a href="), clean, "{c:?}: {out}");
        }
    }
}
