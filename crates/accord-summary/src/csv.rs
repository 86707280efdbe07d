//! `events.csv` and `commitments.csv`: one row per event and per commitment, RFC 4180 (CRLF line
//! ends, fields quoted when they hold a comma, a quote or a line break), UTF-8.

use crate::aggregate::{Aggregates, kebab};
use crate::model::Dataset;

/// One CSV field.
fn field(text: &str) -> String {
    // A leading =, +, - or @ would be read as a formula by spreadsheets; prefix it so a record
    // cannot smuggle a formula into a reader's spreadsheet.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// Renders `events.csv`.
pub fn events(dataset: &Dataset) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "id",
            "date",
            "first_day",
            "last_day",
            "type",
            "status",
            "title",
            "countries",
            "organizations",
            "areas",
            "sources",
            "first_source_url",
            "commitments",
            "path",
        ]
        .map(str::to_owned),
    );
    for e in dataset.chronological() {
        let r = &e.record;
        let codes = |kind: &str| {
            e.parties
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| p.code.clone())
                .collect::<Vec<_>>()
                .join(";")
        };
        row(
            &mut out,
            &[
                r.id.0.clone(),
                r.date.0.clone(),
                e.first_day.to_string(),
                e.last_day.to_string(),
                kebab(&r.kind),
                kebab(&r.status),
                r.title.clone(),
                codes("country"),
                codes("organization"),
                r.areas
                    .iter()
                    .map(|a| a.0.clone())
                    .collect::<Vec<_>>()
                    .join(";"),
                r.sources.len().to_string(),
                r.sources
                    .iter()
                    .find_map(|s| s.url.as_ref().map(|u| u.0.clone()))
                    .unwrap_or_default(),
                r.commitments.len().to_string(),
                e.path.clone(),
            ],
        );
    }
    out
}

/// Renders `commitments.csv`, overdue first.
pub fn commitments(agg: &Aggregates) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "event_id", "index", "due", "status", "overdue", "by", "text",
        ]
        .map(str::to_owned),
    );
    for c in &agg.commitments {
        row(
            &mut out,
            &[
                c.event_id.clone(),
                c.index.to_string(),
                c.due.clone().unwrap_or_default(),
                c.status.clone(),
                c.overdue.to_string(),
                c.by.join(";"),
                c.text.clone(),
            ],
        );
    }
    out
}
