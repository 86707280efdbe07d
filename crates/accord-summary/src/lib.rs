//! Summaries of an accord dataset: from the valid, unretracted records (a [`Dataset`]), the
//! [`Aggregates`] and every output file `accord build` writes. Rendering is deterministic: the
//! same records and "as of" date give byte-identical files. Nothing here reads files, the clock
//! or git; the caller passes them in.

#![recursion_limit = "256"]

use std::borrow::Cow;

pub mod aggregate;
pub mod browse;
pub mod csv;
pub mod datapackage;
mod escape;
pub mod feed;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod page;

pub use aggregate::Aggregates;
pub use model::{Commit, Dataset, Event, Fragments, LeftOut, Precision, Provenance};

/// The files `accord build` writes whatever the records, relative to the output folder (the
/// schemas at the paths of their `$id`s under the site's base). Beside them, per year with
/// events, [`year_outputs`].
pub const OUTPUTS: &[&str] = &[
    "summary.md",
    "events.json",
    "events.schema.json",
    "index.html",
    "feed.xml",
    "datapackage.json",
    "schema/v1/record.schema.json",
    "schema/v1/events.schema.json",
    "parties/index.html",
    "areas/index.html",
    "years/index.html",
];

/// The licence of the data: the records and every output made from them.
pub const DATA_LICENCE: Licence = Licence {
    id: "CC-BY-4.0",
    title: "Creative Commons Attribution 4.0 International",
    url: "https://creativecommons.org/licenses/by/4.0/",
};

/// A licence, as pages and the data package name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Licence {
    /// Its SPDX id.
    pub id: &'static str,
    /// Its name.
    pub title: &'static str,
    /// Where its text is.
    pub url: &'static str,
}

/// How the site names itself and where it and its records live (`[site]` in `accord.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// The site's title.
    pub title: String,
    /// Where the site is published (`https://`, ending with `/`), when known.
    pub base_url: Option<String>,
    /// The repository of the records (`https://`), when known.
    pub repository_url: Option<String>,
}

impl Default for SiteInfo {
    fn default() -> Self {
        SiteInfo {
            title: "Health cooperation dataset".to_owned(),
            base_url: None,
            repository_url: None,
        }
    }
}

impl SiteInfo {
    /// The settings given, the defaults for the rest; a base URL gets its final `/`.
    pub fn new(
        title: Option<&str>,
        base_url: Option<&str>,
        repository_url: Option<&str>,
    ) -> SiteInfo {
        let mut site = SiteInfo::default();
        if let Some(title) = title {
            site.title = title.trim().to_owned();
        }
        site.base_url = base_url.map(|u| {
            if u.ends_with('/') {
                u.to_owned()
            } else {
                format!("{u}/")
            }
        });
        site.repository_url = repository_url.map(|u| u.trim_end_matches('/').to_owned());
        site
    }
}

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
    site: &SiteInfo,
) -> Vec<(String, String)> {
    let agg = Aggregates::of(dataset, vocabularies);
    vec![
        ("summary.md".to_owned(), markdown::render(dataset, &agg)),
        ("events.json".to_owned(), json::manifest(dataset)),
        ("events.schema.json".to_owned(), json::schema()),
        ("index.html".to_owned(), html::render(dataset, &agg, site)),
        (
            feed::FEED_FILE.to_owned(),
            feed::render(dataset, None, &site.title, site),
        ),
        (
            "datapackage.json".to_owned(),
            datapackage::render(dataset, site),
        ),
        // The schemas at the paths of their `$id`s, so that the site resolves them itself.
        (
            "schema/v1/record.schema.json".to_owned(),
            accord_schema::schema::PUBLISHED_SCHEMA.to_owned(),
        ),
        ("schema/v1/events.schema.json".to_owned(), json::schema()),
    ]
    .into_iter()
    .chain(browse::render_indexes(dataset, vocabularies, site))
    .collect()
}

/// An output's contents as pieces to be written one after the other. A year's files are made of
/// their events' cached fragments, and the pieces borrow them: writing a year's megabytes
/// costs no copy of them into one string first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pieces<'a> {
    parts: Vec<Cow<'a, str>>,
    len: usize,
}

impl<'a> Pieces<'a> {
    /// No pieces yet, with room for `capacity`.
    pub fn with_capacity(capacity: usize) -> Self {
        Pieces {
            parts: Vec::with_capacity(capacity),
            len: 0,
        }
    }

    /// Adds a piece at the end (an empty one is not kept).
    pub fn push(&mut self, part: impl Into<Cow<'a, str>>) {
        let part = part.into();
        if !part.is_empty() {
            self.len += part.len();
            self.parts.push(part);
        }
    }

    /// The length of the whole, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the whole is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The pieces, in order, none empty.
    pub fn parts(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        self.parts.iter().map(|p| p.as_ref())
    }

    /// The whole in one string.
    pub fn concat(&self) -> String {
        let mut whole = String::with_capacity(self.len);
        whole.extend(self.parts());
        whole
    }
}

/// Renders one year's files, in the order of [`year_outputs`]; a year without events has none.
pub fn render_year(dataset: &Dataset, year: i32) -> Vec<(String, Pieces<'_>)> {
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
    site: &SiteInfo,
) -> Vec<(String, String)> {
    let mut all = render_overview(dataset, vocabularies, site);
    for (key, _) in dataset.keys() {
        all.extend(browse::render_key(key, dataset, vocabularies, site));
    }
    for &year in dataset.years().keys() {
        all.extend(
            render_year(dataset, year)
                .into_iter()
                .map(|(path, pieces)| (path, pieces.concat())),
        );
    }
    all
}

#[cfg(test)]
mod tests {
    use super::Pieces;

    #[test]
    fn pieces_keep_their_order_and_length_and_drop_empty_ones() {
        let borrowed = String::from("b");
        let mut pieces = Pieces::with_capacity(4);
        assert!(pieces.is_empty());
        pieces.push("a");
        pieces.push("");
        pieces.push(borrowed.as_str());
        pieces.push(String::from("cd"));
        assert!(!pieces.is_empty());
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces.parts().collect::<Vec<_>>(), ["a", "b", "cd"]);
        assert_eq!(pieces.concat(), "abcd");
    }
}
