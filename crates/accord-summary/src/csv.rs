//! `events/<year>.csv` and `commitments/<year>.csv`: one row per event and per commitment,
//! RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a quote or a line break),
//! UTF-8, with a header row. Rows are rendered once per event and kept with it.

use accord_schema::date::Day;

use crate::Pieces;
use crate::aggregate::{commitment_keys, kebab};
use crate::model::{Dataset, Event};

/// The events CSV of a year, relative to the output folder.
pub fn events_path(year: i32) -> String {
    format!("events/{year:04}.csv")
}

/// The commitments CSV of a year, relative to the output folder.
pub fn commitments_path(year: i32) -> String {
    format!("commitments/{year:04}.csv")
}

/// The separator of the values of a list in one CSV field (`PK;CN`); no code, id or name
/// holds it.
pub const LIST_SEPARATOR: &str = "; ";

/// The columns of `events/<year>.csv` before the value's ([`with_value`] gives them all):
/// name, Table Schema type, description. The data package's schema is made from these
/// tables, so the two cannot disagree.
pub const EVENT_COLUMNS: &[(&str, &str, &str)] = &[
    ("id", "string", "The record's stable id."),
    (
        "date",
        "string",
        "The event date as the sources give it (EDTF level 1 subset: `2025`, `2025-05`, `2025-05-19`, a range with `/`, `~` approximate, `?` uncertain).",
    ),
    ("first_day", "date", "The first day the date can mean."),
    ("last_day", "date", "The last day the date can mean."),
    ("type", "string", "The kind of event."),
    (
        "status",
        "string",
        "The stage reached: announced (intent, pledge), signed, in-implementation, completed, stalled, cancelled or unknown.",
    ),
    ("title", "string", "One-line English title."),
    (
        "countries",
        "string",
        "ISO 3166-1 alpha-2 codes of the countries taking part, separated by `; `.",
    ),
    (
        "country_names",
        "string",
        "Their common English names, in the same order, separated by `; `.",
    ),
    (
        "organizations",
        "string",
        "Ids of the organisations taking part, separated by `; `.",
    ),
    (
        "organization_names",
        "string",
        "Their names, in the same order, separated by `; `.",
    ),
    (
        "areas",
        "string",
        "Ids of the areas of cooperation, separated by `; `.",
    ),
    (
        "area_labels",
        "string",
        "Their labels, in the same order, separated by `; `.",
    ),
    ("sources", "integer", "How many sources the record cites."),
    (
        "first_source_url",
        "string",
        "The web address of the first source that has one.",
    ),
    (
        "commitments",
        "integer",
        "How many commitments the record lists (each is a row of commitments/<year>.csv).",
    ),
    ("path", "string", "The record file in the repository."),
];

/// The columns of `commitments/<year>.csv` (see [`EVENT_COLUMNS`]).
pub const COMMITMENT_COLUMNS: &[(&str, &str, &str)] = &[
    (
        "event_id",
        "string",
        "The id of the event the commitment was made at.",
    ),
    (
        "index",
        "integer",
        "Its place among the event's commitments, from 0.",
    ),
    (
        "due",
        "date",
        "The last day it is due on, when the record says.",
    ),
    ("status", "string", "open, met, missed or unknown."),
    (
        "overdue",
        "boolean",
        "Open and past due on the build's \"as of\" date.",
    ),
    (
        "by",
        "string",
        "Codes or ids of who committed, separated by `; `.",
    ),
    (
        "by_names",
        "string",
        "Their names, in the same order, separated by `; `.",
    ),
    ("text", "string", "What was committed, as reported."),
];

/// The columns of what an event or a commitment was worth, at the end of both tables' rows.
pub const VALUE_COLUMNS: &[(&str, &str, &str)] = &[
    (
        "value_amount",
        "string",
        "What it was worth, as the record writes it: decimal digits as text (never rounded), `~` before them for an estimate; empty when the sources give no amount.",
    ),
    (
        "value_estimate",
        "boolean",
        "Whether the amount is an estimate (its `~`).",
    ),
    (
        "value_currency",
        "string",
        "The amount's ISO 4217 currency code. Amounts in different currencies are never added up.",
    ),
    (
        "value_stage",
        "string",
        "pledged, committed or disbursed. Amounts at different stages are never added up.",
    ),
    (
        "value_finance",
        "string",
        "grant, loan, in-kind, mixed or unknown.",
    ),
    (
        "value_as_reported",
        "string",
        "The source's own words for the value.",
    ),
    (
        "value_date",
        "string",
        "When the value applies, when that differs from the event's date.",
    ),
    (
        "quantity_count",
        "integer",
        "For support in kind: how many.",
    ),
    (
        "quantity_unit",
        "string",
        "Of what: doses, units, tonnes, kits, beds, vehicles, people-trained or people-treated.",
    ),
];

/// The columns of a table whose rows end with a value's columns: `base`, then
/// [`VALUE_COLUMNS`].
pub fn with_value(
    base: &'static [(&'static str, &'static str, &'static str)],
) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    base.iter().chain(VALUE_COLUMNS)
}

/// The columns of `organizations.csv`: every organisation of the vocabulary with the
/// identifiers that join the dataset with IATI, OECD CRS, ROR and Wikidata data.
pub const ORGANIZATION_COLUMNS: &[(&str, &str, &str)] = &[
    (
        "id",
        "string",
        "The id records use under `organization:` (the `organizations` column of the events).",
    ),
    ("name", "string", "Its English name."),
    ("acronym", "string", "Its usual acronym."),
    ("wikidata", "string", "Its Wikidata item id, where checked."),
    (
        "iati",
        "string",
        "Its IATI organisation identifier, where checked.",
    ),
    (
        "dac_channel",
        "string",
        "Its OECD DAC channel code (CRS), where checked.",
    ),
    (
        "ror",
        "string",
        "Its ROR id (without https://ror.org/), where checked.",
    ),
];

/// The columns of `areas.csv`: every area of the vocabulary with its codes.
pub const AREA_COLUMNS: &[(&str, &str, &str)] = &[
    (
        "id",
        "string",
        "The id records list under `areas:` (the `areas` column of the events).",
    ),
    ("label", "string", "Its label."),
    ("description", "string", "What it covers."),
    (
        "dac",
        "string",
        "The OECD DAC 5-digit CRS purpose code that fits it, where one does.",
    ),
    (
        "mesh",
        "string",
        "The MeSH descriptor id that fits it, where one does.",
    ),
];

/// Renders `organizations.csv`.
pub fn organizations(vocabularies: &accord_schema::Vocabularies) -> String {
    let mut out = header(ORGANIZATION_COLUMNS);
    for o in &vocabularies.organizations {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        out.push_str(&row(&[
            o.id.clone(),
            o.name.clone(),
            o.acronym.clone(),
            opt(&o.wikidata),
            opt(&o.iati),
            opt(&o.dac_channel),
            opt(&o.ror),
        ]));
    }
    out
}

/// Renders `areas.csv`.
pub fn areas(vocabularies: &accord_schema::Vocabularies) -> String {
    let mut out = header(AREA_COLUMNS);
    for a in &vocabularies.areas {
        out.push_str(&row(&[
            a.id.clone(),
            a.label.clone(),
            a.description.clone(),
            a.dac.clone().unwrap_or_default(),
            a.mesh.clone().unwrap_or_default(),
        ]));
    }
    out
}

/// One CSV field.
#[cfg(test)]
fn field(text: &str) -> String {
    let mut out = String::new();
    push_field(&mut out, text);
    out
}

/// Appends one CSV field: quoted when it holds a comma, a quote or a line break (quotes
/// doubled), and prefixed with `'` when a spreadsheet would read it as a formula.
fn push_field(out: &mut String, text: &str) {
    // A leading =, +, - or @ would be read as a formula by spreadsheets, and so would one after
    // a leading tab or carriage return (OWASP's list); prefix it so a record cannot smuggle a
    // formula into a reader's spreadsheet.
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // (Every byte looked at, without stopping at the first: the compiler then compares many
    // at once, about twice as fast on the short cells a row has as stopping early.)
    let quoted = text.bytes().fold(false, |any, b| {
        any | matches!(b, b',' | b'"' | b'\n' | b'\r')
    });
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for (i, piece) in text.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(piece);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A CSV row being written, field by field, into one string.
struct Row {
    line: String,
    /// Where a list or a number is put together before it is written as a field.
    scratch: String,
    fields: usize,
}

impl Row {
    fn new() -> Row {
        Row {
            line: String::with_capacity(512),
            scratch: String::new(),
            fields: 0,
        }
    }

    /// The next field.
    fn text(&mut self, text: &str) -> &mut Row {
        if self.fields > 0 {
            self.line.push(',');
        }
        self.fields += 1;
        push_field(&mut self.line, text);
        self
    }

    /// The next field, put together in the scratch string first.
    fn made(&mut self, make: impl FnOnce(&mut String)) -> &mut Row {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        make(&mut scratch);
        self.text(&scratch);
        self.scratch = scratch;
        self
    }

    /// The next field: a count, written without the formatting machinery.
    fn count(&mut self, n: impl itoa::Integer) -> &mut Row {
        self.text(itoa::Buffer::new().format(n))
    }

    /// The next field: a day (`YYYY-MM-DD`), or nothing.
    fn day(&mut self, day: impl Into<Option<Day>>) -> &mut Row {
        let day = day.into();
        self.made(|s| {
            if let Some(day) = day {
                day.push_to(s);
            }
        })
    }

    /// The next field: `true` or `false`.
    fn flag(&mut self, yes: bool) -> &mut Row {
        self.text(if yes { "true" } else { "false" })
    }

    /// The next field: a list, its items separated by [`LIST_SEPARATOR`].
    fn list<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> &mut Row {
        self.made(|s| {
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    s.push_str(LIST_SEPARATOR);
                }
                s.push_str(item);
            }
        })
    }

    /// The value columns (see [`VALUE_COLUMNS`]), empty where the record says nothing.
    fn value(&mut self, value: Option<&accord_schema::record::Valuation>) -> &mut Row {
        let Some(v) = value else {
            for _ in VALUE_COLUMNS {
                self.text("");
            }
            return self;
        };
        let amount = v.amount.as_ref().map_or("", |a| a.0.as_str());
        self.text(amount)
            .text(match amount {
                "" => "",
                estimate if estimate.starts_with('~') => "true",
                _ => "false",
            })
            .text(v.currency.as_ref().map_or("", |c| c.0.as_str()))
            .text(v.stage.as_ref().map_or("", kebab))
            .text(v.finance.as_ref().map_or("", kebab))
            .text(v.as_reported.as_deref().unwrap_or(""))
            .text(v.date.as_ref().map_or("", |d| d.0.as_str()));
        match &v.quantity {
            Some(q) => self.count(q.count).text(kebab(&q.unit)),
            None => self.text("").text(""),
        }
    }

    /// The row, with its line end.
    fn end(&mut self) -> String {
        self.line.push_str("\r\n");
        self.fields = 0;
        std::mem::take(&mut self.line)
    }
}

/// The header row of a table of columns.
fn header<'a>(columns: impl IntoIterator<Item = &'a (&'a str, &'a str, &'a str)>) -> String {
    let mut row = Row::new();
    for (name, _, _) in columns {
        row.text(name);
    }
    row.end()
}

fn row<S: AsRef<str>>(fields: &[S]) -> String {
    let mut row = Row::new();
    for f in fields {
        row.text(f.as_ref());
    }
    row.end()
}

/// One event's row in its year's events CSV.
pub fn event_row(e: &Event) -> String {
    let r = &e.record;
    let of = |kind: &'static str, name: bool| {
        e.parties
            .iter()
            .filter(move |p| p.kind == kind)
            .map(move |p| if name { &*p.name } else { &*p.code })
    };
    let mut row = Row::new();
    row.text(&r.id.0)
        .text(&r.date.0)
        .day(e.first_day)
        .day(e.last_day)
        .text(r.kind.as_str())
        .text(kebab(&r.status))
        .text(&r.title)
        .list(of("country", false))
        .list(of("country", true))
        .list(of("organization", false))
        .list(of("organization", true))
        .list(r.areas.iter().map(|a| a.0.as_str()))
        .list(e.area_labels.iter().map(|l| &**l))
        .count(r.sources.len())
        .text(
            r.sources
                .iter()
                .find_map(|s| s.url.as_ref().map(|u| u.0.as_str()))
                .unwrap_or(""),
        )
        .count(r.commitments.len())
        .text(&e.path)
        .value(r.value.as_deref());
    row.end()
}

/// One event's commitments' rows, in record order.
pub fn commitment_rows(e: &Event) -> Vec<String> {
    let mut row = Row::new();
    e.record
        .commitments
        .iter()
        .zip(&e.commitments)
        .enumerate()
        .map(|(index, (c, derived))| {
            row.text(e.id())
                .count(index)
                .day(derived.due)
                .text(kebab(&c.status))
                .flag(derived.overdue)
                .list(c.by.iter().map(|p| p.0.as_str()))
                .list(c.by.iter().map(|p| {
                    e.parties
                        .iter()
                        .find(|party| *party.code == *p.0)
                        .map_or(p.0.as_str(), |party| &*party.name)
                }))
                .text(&c.text)
                .value(c.value.as_deref());
            row.end()
        })
        .collect()
}

/// Renders `events/<year>.csv`: the year's events in date order.
pub fn events<'a>(dataset: &'a Dataset, year: i32, earlier: &'a dyn crate::Earlier) -> Pieces<'a> {
    let count = dataset.years().get(&year).copied().unwrap_or(0);
    let mut pieces = Pieces::with_capacity(count + 1);
    pieces.push(header(with_value(EVENT_COLUMNS)));
    for e in dataset.year_arcs(year) {
        pieces.push_fragment(e, crate::Part::Csv, earlier, event_row);
    }
    pieces
}

/// Renders `commitments/<year>.csv`: the commitments of the year's events, overdue first, then
/// by due date (undated last), then by event.
pub fn commitments<'a>(
    dataset: &'a Dataset,
    year: i32,
    earlier: &'a dyn crate::Earlier,
) -> Pieces<'a> {
    let mut rows: Vec<_> = dataset
        .year_arcs(year)
        .flat_map(|e| {
            let mut rendered: Option<Vec<String>> = None;
            commitment_keys(e).enumerate().map(move |(i, key)| {
                let part = crate::Part::Commitment(u32::try_from(i).unwrap_or(u32::MAX));
                let line = match earlier.fragment(e, part) {
                    Some(line) => std::borrow::Cow::Borrowed(line),
                    None => {
                        // An event's rows are rendered together, the first time one is wanted.
                        let rows = rendered.get_or_insert_with(|| commitment_rows(e));
                        std::borrow::Cow::Owned(std::mem::take(&mut rows[i]))
                    }
                };
                (key, e, part, line)
            })
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut pieces = Pieces::with_capacity(rows.len() + 1);
    pieces.push(header(with_value(COMMITMENT_COLUMNS)));
    for (_, e, part, line) in rows {
        pieces.push_fragment_text(e, part, line);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn year_files_are_named_with_four_digits() {
        assert_eq!(super::events_path(999), "events/0999.csv");
        assert_eq!(super::commitments_path(2025), "commitments/2025.csv");
        assert_eq!(crate::json::year_path(1), "events/0001.json");
    }

    #[test]
    fn every_formula_trigger_is_neutralised() {
        for trigger in ["=", "+", "-", "@", "\t", "\r"] {
            let cell = field(&format!("{trigger}HYPERLINK(\"x\")"));
            let unquoted = cell.trim_start_matches('"');
            assert!(unquoted.starts_with('\''), "{trigger:?}: {cell}");
        }
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
    }
}
