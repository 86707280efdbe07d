//! `datapackage.json`: a Frictionless (Tabular) Data Package describing every CSV the build
//! writes (the years' events and commitments, and the organisations and areas they name), each with its Table Schema, so that data portals, `frictionless`, pandas and R load
//! the dataset with its types, keys and licence. The schemas come from the column tables in
//! [`crate::csv`], so the package and the files cannot disagree.

use serde_json::{Value, json};

use crate::model::Dataset;
use crate::{DATA_LICENCE, SiteInfo};

/// A Table Schema for a table of columns (name, type, description).
fn schema<'a>(columns: impl IntoIterator<Item = &'a (&'a str, &'a str, &'a str)>) -> Value {
    let fields: Vec<Value> = columns
        .into_iter()
        .map(|(name, kind, description)| {
            json!({"name": name, "type": kind, "description": description})
        })
        .collect();
    json!({"fields": fields, "missingValues": [""]})
}

/// Renders `datapackage.json`: one resource per year's events CSV and per year's commitments
/// CSV, the commitments' `event_id` a foreign key into that year's events.
pub fn render(dataset: &Dataset, site: &SiteInfo) -> String {
    let events_schema = schema(crate::csv::with_value(crate::csv::EVENT_COLUMNS));
    let commitments_schema = schema(crate::csv::with_value(crate::csv::COMMITMENT_COLUMNS));
    let mut resources = Vec::new();
    // The vocabularies, which the events' `organizations` and `areas` columns name by id.
    for (name, title, path, columns) in [
        (
            "organizations",
            "Organisations, with their IATI, OECD DAC channel, ROR and Wikidata identifiers",
            "organizations.csv",
            crate::csv::ORGANIZATION_COLUMNS,
        ),
        (
            "areas",
            "Areas of health cooperation, with their OECD DAC purpose and MeSH codes",
            "areas.csv",
            crate::csv::AREA_COLUMNS,
        ),
    ] {
        let mut table = schema(columns);
        table["primaryKey"] = json!(["id"]);
        resources.push(json!({
            "name": name,
            "title": title,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table,
        }));
    }
    for &year in dataset.years().keys() {
        let events = format!("events-{year:04}");
        let mut events_table = events_schema.clone();
        events_table["primaryKey"] = json!(["id"]);
        resources.push(json!({
            "name": events,
            "title": format!("Events of {year:04}"),
            "path": crate::csv::events_path(year),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": events_table,
        }));
        let mut commitments_table = commitments_schema.clone();
        commitments_table["primaryKey"] = json!(["event_id", "index"]);
        commitments_table["foreignKeys"] = json!([{
            "fields": ["event_id"],
            "reference": {"resource": events, "fields": ["id"]},
        }]);
        resources.push(json!({
            "name": format!("commitments-{year:04}"),
            "title": format!("Commitments made at the events of {year:04}"),
            "path": crate::csv::commitments_path(year),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": commitments_table,
        }));
    }
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "accord-health-cooperation-events",
        "title": site.title,
        "description": format!(
            "Health-cooperation events between countries and organisations (meetings, agreements, joint statements, donations, working groups) with their commitments, as of {}. Lists within a field are separated by `{}`.",
            dataset.as_of(),
            crate::csv::LIST_SEPARATOR
        ),
        "licenses": [{"name": DATA_LICENCE.id, "title": DATA_LICENCE.title, "path": DATA_LICENCE.url}],
        "resources": resources,
    });
    if let Some(url) = &site.base_url {
        package["homepage"] = json!(url);
    }
    if let Some(url) = &site.repository_url {
        package["sources"] = json!([{"title": "The records, in git", "path": url}]);
    }
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    text
}
