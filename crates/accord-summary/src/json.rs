//! `events.json` and the year files it lists, `events/<year>.json`, with `events.schema.json`,
//! the JSON Schema both follow.
//!
//! `events.json` is the dataset's entry point: the "as of" date, what was left out, and per year
//! how many events and commitments there are and in which files. Each year file holds that
//! year's events (by the first day of their date), every record normalised with its derived
//! fields. Splitting by year keeps one edit from rewriting the whole dataset.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::Pieces;
use crate::model::{Dataset, Event};

/// The `$id` of `events.schema.json`.
pub const EVENTS_SCHEMA_ID: &str =
    "https://accord-health.github.io/accord/schema/v1/events.schema.json";

/// The JSON file of a year, relative to the output folder.
pub fn year_path(year: i32) -> String {
    format!("events/{year:04}.json")
}

/// One event: its record as written, and what accord derives from it.
#[derive(serde::Serialize, JsonSchema)]
#[schemars(rename = "event")]
struct EventOut<'a> {
    /// The record's file, relative to the repository root.
    path: &'a str,
    /// The record as written.
    #[schemars(schema_with = "record_ref")]
    record: &'a accord_schema::Record,
    /// What accord derives from the record.
    derived: Derived<'a>,
}

/// What accord derives from a record.
#[derive(serde::Serialize, JsonSchema)]
struct Derived<'a> {
    /// The first day the event date can mean.
    #[schemars(with = "String", extend("format" = "date"))]
    #[serde(serialize_with = "as_text")]
    first_day: accord_schema::date::Day,
    /// The last day the event date can mean.
    #[schemars(with = "String", extend("format" = "date"))]
    #[serde(serialize_with = "as_text")]
    last_day: accord_schema::date::Day,
    /// The parties with their names.
    parties: &'a [crate::model::PartyName],
    /// Per commitment, in record order.
    commitments: &'a [crate::model::DerivedCommitment],
    /// Who added and last changed the record, from git; null outside git.
    provenance: Option<&'a crate::model::Provenance>,
}

/// A day as its text (`2025-05-19`), written straight into the output.
fn as_text<S: serde::Serializer>(
    day: &accord_schema::date::Day,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(day)
}

/// The record schema, by its `$id`: an event's record follows it.
fn record_ref(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "$ref": accord_schema::schema::SCHEMA_ID })
}

/// One event's object in its year file (compact JSON).
pub fn event(e: &Event) -> String {
    let out = EventOut {
        path: &e.path,
        record: &e.record,
        derived: Derived {
            first_day: e.first_day,
            last_day: e.last_day,
            parties: &e.parties,
            commitments: &e.commitments,
            provenance: e.provenance.as_deref(),
        },
    };
    crate::compact::to_string(&out).unwrap_or_default()
}

/// accord events, the list of year files (`events.json`): totals, what was left out, and the
/// files of each year.
#[derive(serde::Serialize, JsonSchema)]
#[schemars(rename = "manifest")]
struct Manifest {
    /// This schema's file name.
    #[serde(rename = "$schema")]
    schema: &'static str,
    /// The date overdue commitments are judged on.
    #[schemars(extend("format" = "date"))]
    as_of: String,
    /// Records left out, by reason.
    left_out: crate::model::LeftOut,
    /// Events in all.
    events: usize,
    /// Commitments in all.
    commitments: usize,
    /// Per year with events, in order.
    years: Vec<YearOut>,
}

/// A year's files and counts.
#[derive(serde::Serialize, JsonSchema)]
struct YearOut {
    /// The year.
    year: i32,
    /// The year's events.
    events: usize,
    /// Their commitments.
    commitments: usize,
    /// The year's events as JSON, relative to `events.json`.
    #[schemars(regex(pattern = r"^[a-z]+/-?[0-9]+\.(json|csv)$"))]
    json: String,
    /// The year's events as CSV.
    #[schemars(regex(pattern = r"^[a-z]+/-?[0-9]+\.(json|csv)$"))]
    csv: String,
    /// The year's commitments as CSV.
    #[schemars(regex(pattern = r"^[a-z]+/-?[0-9]+\.(json|csv)$"))]
    commitments_csv: String,
}

/// accord events of one year (`events/<year>.json`): the events whose date begins in the year,
/// in date order. [`year`] writes it from the events' fragments; this type declares it for the
/// schema.
#[derive(JsonSchema)]
#[schemars(rename = "year")]
#[allow(dead_code)]
struct YearFile<'a> {
    /// This schema's file name, relative to the year file.
    #[schemars(rename = "$schema")]
    schema: &'static str,
    /// The date overdue commitments are judged on.
    #[schemars(extend("format" = "date"))]
    as_of: String,
    /// The year.
    year: i32,
    /// The year's events, by date.
    events: Vec<EventOut<'a>>,
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
pub fn year<'a>(dataset: &'a Dataset, year: i32, earlier: &'a dyn crate::Earlier) -> Pieces<'a> {
    let count = dataset.years().get(&year).copied().unwrap_or(0);
    let mut pieces = Pieces::with_capacity(2 * count + 2);
    pieces.push(format!(
        "{{\"$schema\":\"../events.schema.json\",\"as_of\":\"{}\",\"year\":{year},\"events\":[",
        dataset.as_of()
    ));
    for (i, e) in dataset.year_arcs(year).enumerate() {
        if i > 0 {
            pieces.push(",");
        }
        pieces.push_fragment(e, crate::Part::Json, earlier, event);
    }
    pieces.push("]}\n");
    pieces
}

/// The JSON Schema of `events.json` and of the year files (Draft 2020-12). Each event's
/// `record` follows the record schema, referenced by its `$id`.
pub fn schema() -> String {
    static SCHEMA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(render_schema).clone()
}

fn render_schema() -> String {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let manifest = generator.subschema_for::<Manifest>();
    let year = generator.subschema_for::<YearFile<'_>>();
    let mut defs = Map::new();
    for (name, mut def) in std::mem::take(generator.definitions_mut()) {
        tighten(&mut def);
        defs.insert(name, def);
    }
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EVENTS_SCHEMA_ID,
        "$comment": "Generated from the serde types of accord-summary's json.rs and model.rs; do not edit.",
        "title": "accord events",
        "description": "The valid, unretracted records of an accord dataset, with derived fields, as `accord build` writes them: `events.json` lists the year files, and each `events/<year>.json` holds a year's events. Both follow this schema.",
        "oneOf": [manifest, year],
        "$defs": defs
    });
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// What the types say that schemars leaves open: every field is always written (an absent value
/// as null), so each is required and no other is allowed; Rust's integer widths are not JSON
/// Schema formats; doc comments wrapped at 100 columns read better joined.
fn tighten(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(tighten),
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                let names: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
                map.insert("required".into(), Value::Array(names));
                map.insert("additionalProperties".into(), json!(false));
            }
            if matches!(map.get("format"), Some(Value::String(f)) if f.starts_with("uint") || f.starts_with("int"))
            {
                map.remove("format");
            }
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = d.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
            }
            map.values_mut().for_each(tighten);
        }
        _ => {}
    }
}
