//! `events.json` and the year files it lists, `events/<year>.json`, with `events.schema.json`,
//! the JSON Schema both follow.
//!
//! `events.json` is the dataset's entry point: the "as of" date, what was left out, and per year
//! how many events and commitments there are and in which files. Each year file holds that
//! year's events (by the first day of their date), every record normalised with its derived
//! fields. Splitting by year keeps one edit from rewriting the whole dataset.

use serde_json::{Value, json};

use crate::Pieces;
use crate::model::{Dataset, Event};

/// The `$id` of `events.schema.json`.
pub const EVENTS_SCHEMA_ID: &str =
    "https://accord-health.github.io/accord/schema/v1/events.schema.json";

/// The JSON file of a year, relative to the output folder.
pub fn year_path(year: i32) -> String {
    format!("events/{year:04}.json")
}

#[derive(serde::Serialize)]
struct EventOut<'a> {
    path: &'a str,
    record: &'a accord_schema::Record,
    derived: Derived<'a>,
}

#[derive(serde::Serialize)]
struct Derived<'a> {
    first_day: String,
    last_day: String,
    parties: &'a [crate::model::PartyName],
    commitments: &'a [crate::model::DerivedCommitment],
    provenance: &'a Option<crate::model::Provenance>,
}

/// One event's object in its year file (compact JSON).
pub fn event(e: &Event) -> String {
    let out = EventOut {
        path: &e.path,
        record: &e.record,
        derived: Derived {
            first_day: e.first_day.to_string(),
            last_day: e.last_day.to_string(),
            parties: &e.parties,
            commitments: &e.commitments,
            provenance: &e.provenance,
        },
    };
    serde_json::to_string(&out).unwrap_or_default()
}

#[derive(serde::Serialize)]
struct Manifest {
    #[serde(rename = "$schema")]
    schema: &'static str,
    as_of: String,
    left_out: crate::model::LeftOut,
    events: usize,
    commitments: usize,
    years: Vec<YearOut>,
}

#[derive(serde::Serialize)]
struct YearOut {
    year: i32,
    events: usize,
    commitments: usize,
    json: String,
    csv: String,
    commitments_csv: String,
}

/// Renders `events.json`: the "as of" date, what was left out, and the year files.
pub fn manifest(dataset: &Dataset) -> String {
    let years: Vec<YearOut> = dataset
        .years()
        .iter()
        .map(|(&year, &events)| YearOut {
            year,
            events,
            commitments: dataset.commitments_in(year),
            json: year_path(year),
            csv: crate::csv::events_path(year),
            commitments_csv: crate::csv::commitments_path(year),
        })
        .collect();
    let doc = Manifest {
        schema: "events.schema.json",
        as_of: dataset.as_of().to_string(),
        left_out: dataset.left_out,
        events: dataset.len(),
        commitments: years.iter().map(|y| y.commitments).sum(),
        years,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Renders `events/<year>.json`: the year's events in date order (compact, one line), made of
/// the events' cached fragments.
pub fn year(dataset: &Dataset, year: i32) -> Pieces<'_> {
    let count = dataset.years().get(&year).copied().unwrap_or(0);
    let mut pieces = Pieces::with_capacity(2 * count + 2);
    pieces.push(format!(
        "{{\"$schema\":\"../events.schema.json\",\"as_of\":\"{}\",\"year\":{year},\"events\":[",
        dataset.as_of()
    ));
    for (i, e) in dataset.year(year).enumerate() {
        if i > 0 {
            pieces.push(",");
        }
        pieces.push(e.fragments.json.as_str());
    }
    pieces.push("]}\n");
    pieces
}

fn commit() -> Value {
    json!({
        "description": "A commit, or null when the history available does not tell.",
        "type": ["object", "null"],
        "required": ["id", "author", "date"],
        "additionalProperties": false,
        "properties": {
            "id": { "type": "string", "pattern": "^[0-9a-f]{40}$", "description": "Full commit id." },
            "author": { "type": "string", "description": "The author's name." },
            "date": { "type": "string", "format": "date-time", "description": "Author date, UTC." }
        }
    })
}

/// The JSON Schema of `events.json` and of the year files (Draft 2020-12). Each event's
/// `record` follows the record schema, referenced by its `$id`.
pub fn schema() -> String {
    static SCHEMA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(render_schema).clone()
}

fn render_schema() -> String {
    let event = json!({
        "type": "object",
        "required": ["path", "record", "derived"],
        "additionalProperties": false,
        "properties": {
            "path": { "type": "string", "description": "The record's file, relative to the repository root." },
            "record": { "$ref": accord_schema::schema::SCHEMA_ID, "description": "The record as written." },
            "derived": {
                "description": "What accord derives from the record.",
                "type": "object",
                "required": ["first_day", "last_day", "parties", "commitments", "provenance"],
                "additionalProperties": false,
                "properties": {
                    "first_day": { "type": "string", "format": "date", "description": "The first day the event date can mean." },
                    "last_day": { "type": "string", "format": "date", "description": "The last day the event date can mean." },
                    "parties": {
                        "description": "The parties with their names.",
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["kind", "code", "name"],
                            "additionalProperties": false,
                            "properties": {
                                "kind": { "enum": ["country", "organization"], "description": "What the party is." },
                                "code": { "type": "string", "description": "ISO 3166-1 alpha-2 code or organisation id." },
                                "name": { "type": "string", "description": "English name." }
                            }
                        }
                    },
                    "commitments": {
                        "description": "Per commitment, in record order.",
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["due", "overdue"],
                            "additionalProperties": false,
                            "properties": {
                                "due": { "type": ["string", "null"], "format": "date", "description": "The last day it is due on, from `due` or the event date plus `within`." },
                                "overdue": { "type": "boolean", "description": "Open, and due before `as_of`." }
                            }
                        }
                    },
                    "provenance": {
                        "description": "Who added and last changed the record, from git; null outside git.",
                        "type": ["object", "null"],
                        "required": ["added", "last_changed"],
                        "additionalProperties": false,
                        "properties": { "added": commit(), "last_changed": commit() }
                    }
                }
            }
        }
    });
    let year_file = json!({
        "title": "accord events of one year",
        "description": "The events of one year (by the first day of their date), in date order: `events/<year>.json`.",
        "type": "object",
        "required": ["as_of", "year", "events"],
        "additionalProperties": false,
        "properties": {
            "$schema": { "type": "string", "description": "This schema's file name, relative to the year file." },
            "as_of": { "type": "string", "format": "date", "description": "The date overdue commitments are judged on." },
            "year": { "type": "integer", "description": "The year." },
            "events": { "type": "array", "description": "The year's events, by date.", "items": { "$ref": "#/$defs/event" } }
        }
    });
    let count = |what: &str| json!({ "type": "integer", "minimum": 0, "description": what });
    let path = |what: &str| json!({ "type": "string", "pattern": "^[a-z]+/-?[0-9]+\\.(json|csv)$", "description": what });
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EVENTS_SCHEMA_ID,
        "title": "accord events",
        "description": "The valid, unretracted records of an accord dataset, with derived fields, as `accord build` writes them: `events.json` lists the year files, and each `events/<year>.json` holds a year's events. Both follow this schema.",
        "oneOf": [{ "$ref": "#/$defs/manifest" }, { "$ref": "#/$defs/year" }],
        "$defs": {
            "manifest": {
                "title": "accord events: the list of year files",
                "description": "`events.json`: totals, what was left out, and the files of each year.",
                "type": "object",
                "required": ["as_of", "left_out", "events", "commitments", "years"],
                "additionalProperties": false,
                "properties": {
                    "$schema": { "type": "string", "description": "This schema's file name." },
                    "as_of": { "type": "string", "format": "date", "description": "The date overdue commitments are judged on." },
                    "left_out": {
                        "description": "Records left out, by reason.",
                        "type": "object",
                        "required": ["retracted", "with_errors"],
                        "additionalProperties": false,
                        "properties": {
                            "retracted": count("Retracted records."),
                            "with_errors": count("Records with errors.")
                        }
                    },
                    "events": count("Events in all."),
                    "commitments": count("Commitments in all."),
                    "years": {
                        "description": "Per year with events, in order.",
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["year", "events", "commitments", "json", "csv", "commitments_csv"],
                            "additionalProperties": false,
                            "properties": {
                                "year": { "type": "integer", "description": "The year." },
                                "events": count("The year's events."),
                                "commitments": count("Their commitments."),
                                "json": path("The year's events as JSON, relative to `events.json`."),
                                "csv": path("The year's events as CSV."),
                                "commitments_csv": path("The year's commitments as CSV.")
                            }
                        }
                    }
                }
            },
            "year": year_file,
            "event": event
        }
    });
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
