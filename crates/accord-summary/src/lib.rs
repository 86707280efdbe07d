//! Summaries of an accord dataset: from the valid, unretracted records (a [`Dataset`]), the
//! [`Aggregates`] and every output file `accord build` writes. Rendering is deterministic: the
//! same records and "as of" date give byte-identical files. Nothing here reads files, the clock
//! or git; the caller passes them in.

#![recursion_limit = "256"]

pub mod aggregate;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;

pub use aggregate::Aggregates;
pub use model::{Commit, Dataset, Event, Fragments, LeftOut, Provenance};

/// The files `accord build` writes whatever the records, relative to the output folder. Beside
/// them, per year with events, [`year_outputs`].
pub const OUTPUTS: &[&str] = &[
    "summary.md",
    "events.json",
    "events.schema.json",
    "index.html",
];

/// The folders the year files go in; `accord build` removes year files there that no longer
/// have events, and nothing else.
pub const YEAR_FOLDERS: &[&str] = &["events", "commitments"];

/// The files of one year, relative to the output folder.
pub fn year_outputs(year: i32) -> [String; 3] {
    [
        json::year_path(year),
        csv::events_path(year),
        csv::commitments_path(year),
    ]
}

/// Renders the outputs drawn from the whole dataset, in the order of [`OUTPUTS`]. They are
/// bounded in size however many events there are.
pub fn render_overview(
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
) -> Vec<(String, String)> {
    let agg = Aggregates::of(dataset, vocabularies);
    vec![
        ("summary.md".to_owned(), markdown::render(dataset, &agg)),
        ("events.json".to_owned(), json::manifest(dataset)),
        ("events.schema.json".to_owned(), json::schema()),
        ("index.html".to_owned(), html::render(dataset, &agg)),
    ]
}

/// Renders one year's files, in the order of [`year_outputs`]; a year without events has none.
pub fn render_year(dataset: &Dataset, year: i32) -> Vec<(String, String)> {
    if !dataset.years().contains_key(&year) {
        return Vec::new();
    }
    let [json_path, csv_path, commitments_path] = year_outputs(year);
    // The JSON, the largest, beside the two CSV files.
    let (json, (csv, commitments)) = rayon::join(
        || json::year(dataset, year),
        || (csv::events(dataset, year), csv::commitments(dataset, year)),
    );
    vec![
        (json_path, json),
        (csv_path, csv),
        (commitments_path, commitments),
    ]
}

/// Renders every output: `(path relative to the output folder, contents)`, the overview
/// first, then the years in order.
pub fn render_all(
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
) -> Vec<(String, String)> {
    let mut all = render_overview(dataset, vocabularies);
    for &year in dataset.years().keys() {
        all.extend(render_year(dataset, year));
    }
    all
}
