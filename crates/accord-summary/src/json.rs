//! `events.json`: every event, normalised, with derived fields; and `events.schema.json`, the
//! JSON Schema it follows.

use serde_json::{Value, json};

use crate::model::Dataset;

/// The `$id` of `events.schema.json`.
pub const EVENTS_SCHEMA_ID: &str =
    "https://accord-health.github.io/accord/schema/v1/events.schema.json";

#[derive(serde::Serialize)]
struct Doc<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    as_of: String,
    left_out: crate::model::LeftOut,
    events: Vec<EventOut<'a>>,
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

/// Renders `events.json`: compact (one line), serialised straight from the events without an
/// intermediate JSON tree, so that a large dataset costs neither time nor memory twice.
pub fn events(dataset: &Dataset) -> String {
    let doc = Doc {
        schema: "events.schema.json",
        as_of: dataset.as_of.to_string(),
        left_out: dataset.left_out,
        events: dataset
            .chronological()
            .into_iter()
            .map(|e| EventOut {
                path: &e.path,
                record: &e.record,
                derived: Derived {
                    first_day: e.first_day.to_string(),
                    last_day: e.last_day.to_string(),
                    parties: &e.parties,
                    commitments: &e.commitments,
                    provenance: &e.provenance,
                },
            })
            .collect(),
    };
    let mut text = serde_json::to_string(&doc).unwrap_or_default();
    text.push('\n');
    text
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

/// The JSON Schema of `events.json` (Draft 2020-12). Each event's `record` follows the record
/// schema, referenced by its `$id`.
pub fn schema() -> String {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EVENTS_SCHEMA_ID,
        "title": "accord events",
        "description": "Every valid, unretracted record of an accord dataset, with derived fields. Written by `accord build`.",
        "type": "object",
        "required": ["as_of", "left_out", "events"],
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
                    "retracted": { "type": "integer", "minimum": 0, "description": "Retracted records." },
                    "with_errors": { "type": "integer", "minimum": 0, "description": "Records with errors." }
                }
            },
            "events": {
                "description": "The events, by date.",
                "type": "array",
                "items": {
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
                }
            }
        }
    });
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
