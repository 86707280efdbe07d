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
pub use model::{Commit, Dataset, Event, LeftOut, Provenance};

/// The files `accord build` writes, by name.
pub const OUTPUTS: &[&str] = &[
    "summary.md",
    "events.json",
    "events.schema.json",
    "events.csv",
    "commitments.csv",
    "index.html",
];

/// Renders every output: `(file name, contents)`, in the order of [`OUTPUTS`].
pub fn render_all(
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
) -> Vec<(&'static str, String)> {
    let agg = Aggregates::of(dataset, vocabularies);
    vec![
        ("summary.md", markdown::render(dataset, &agg)),
        ("events.json", json::events(dataset)),
        ("events.schema.json", json::schema()),
        ("events.csv", csv::events(dataset)),
        ("commitments.csv", csv::commitments(&agg)),
        ("index.html", html::render(dataset, &agg)),
    ]
}
