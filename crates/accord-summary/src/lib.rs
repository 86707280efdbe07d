//! Summaries of an accord dataset: from the valid, unretracted records (a [`Dataset`]), the
//! [`Aggregates`] and every output file `accord build` writes. Rendering is deterministic: the
//! same records and "as of" date give byte-identical files. Nothing here reads files, the clock
//! or git; the caller passes them in.

#![recursion_limit = "256"]

use std::borrow::Cow;
use std::sync::Arc;

pub mod aggregate;
pub mod browse;
mod compact;
pub mod csv;
pub mod datapackage;
mod escape;
pub mod feed;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod money;
pub mod page;

pub use aggregate::Aggregates;
pub use model::{Commit, Dataset, Event, LeftOut, Precision, Provenance};

/// What the overview's files are made from.
pub struct Overview<'a> {
    /// The events.
    pub dataset: &'a Dataset,
    /// Their aggregates, read once for every file.
    pub aggregates: Aggregates,
    /// The vocabularies (area labels).
    pub vocabularies: &'a accord_schema::Vocabularies,
    /// `[site]`.
    pub site: &'a SiteInfo,
}

/// One file of the overview: where it goes, relative to the output folder, and how it is made.
#[derive(Clone, Copy)]
pub struct Output {
    /// Its path (the schemas at the paths of their `$id`s under the site's base).
    pub path: &'static str,
    /// Renders it.
    pub render: fn(&Overview<'_>) -> String,
}

/// The files `accord build` writes whatever the records: the one table of them, so a new
/// overview file is one line here. They are bounded in size however many events there are.
/// Beside them: per year with events, [`year_outputs`]; per event, [`page`]'s two files; per
/// browse key, [`browse`]'s pages and [`feed`]'s feed.
pub const OVERVIEW: &[Output] = &[
    Output {
        path: "summary.md",
        render: |o| markdown::render(o.dataset, &o.aggregates),
    },
    Output {
        path: "events.json",
        render: |o| json::manifest(o.dataset),
    },
    Output {
        path: "events.schema.json",
        render: |_| json::schema(),
    },
    Output {
        path: "index.html",
        render: |o| html::render(o.dataset, &o.aggregates, o.site),
    },
    Output {
        path: "style.css",
        render: |_| html::STYLE.to_owned(),
    },
    Output {
        path: "feed.xml",
        render: |o| feed::render(o.dataset, None, &o.site.title, o.site),
    },
    Output {
        path: "organizations.csv",
        render: |o| csv::organizations(o.vocabularies),
    },
    Output {
        path: "areas.csv",
        render: |o| csv::areas(o.vocabularies),
    },
    Output {
        path: "datapackage.json",
        render: |o| datapackage::render(o.dataset, o.site),
    },
    Output {
        path: "schema/v1/record.schema.json",
        render: |_| accord_schema::schema::PUBLISHED_SCHEMA.to_owned(),
    },
    Output {
        path: "schema/v1/events.schema.json",
        render: |_| json::schema(),
    },
    Output {
        path: "parties/index.html",
        render: |o| browse::render_index(browse::PARTY_FOLDER, o.dataset, o.vocabularies, o.site),
    },
    Output {
        path: "areas/index.html",
        render: |o| browse::render_index(browse::AREA_FOLDER, o.dataset, o.vocabularies, o.site),
    },
    Output {
        path: "years/index.html",
        render: |o| browse::render_index(browse::YEAR_FOLDER, o.dataset, o.vocabularies, o.site),
    },
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

/// Whether a path relative to the output folder (`parties/PK/index.html`) names a file
/// `accord build` writes: an overview file, a year's file, an event's page or JSON file, or a
/// browse page or feed. The one place that knows the site's file names, for the preview server.
pub fn is_output(rel: &str) -> bool {
    if OVERVIEW.iter().any(|o| o.path == rel) {
        return true;
    }
    let safe = |name: &str| {
        !name.is_empty()
            && name.len() <= 120
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        [folder, file] if YEAR_FOLDERS.contains(folder) => {
            let Some((stem, ext)) = file.rsplit_once('.') else {
                return false;
            };
            let year =
                stem.len() <= 6 && !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit());
            let event = *folder == "events"
                && page::is_event_file(file)
                && safe(stem)
                && stem.bytes().all(|b| !b.is_ascii_uppercase());
            (year && (ext == "csv" || (ext == "json" && *folder == "events"))) || event
        }
        [folder, key, file] if browse::FOLDERS.contains(folder) => {
            let page = file.strip_suffix(".html").is_some_and(safe);
            safe(key) && (page || *file == feed::FEED_FILE)
        }
        _ => false,
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

/// Renders the outputs drawn from the whole dataset, in the order of [`OVERVIEW`].
pub fn render_overview(
    dataset: &Dataset,
    vocabularies: &accord_schema::Vocabularies,
    site: &SiteInfo,
) -> Vec<(String, String)> {
    let overview = Overview {
        dataset,
        aggregates: Aggregates::of(dataset, vocabularies),
        vocabularies,
        site,
    };
    OVERVIEW
        .iter()
        .map(|o| (o.path.to_owned(), (o.render)(&overview)))
        .collect()
}

/// An output's contents as pieces to be written one after the other. A year's files are made of
/// their events' fragments, each rendered or borrowed from the file as it was last written
/// ([`Earlier`]), and the pieces keep which event each fragment is of, so that the next
/// rebuild can borrow them again ([`Pieces::fragments`]): writing a year's megabytes costs no
/// copy of them into one string first, and no rendering of the events that did not change.
#[derive(Debug, Clone, Default)]
pub struct Pieces<'a> {
    parts: Vec<Cow<'a, str>>,
    len: usize,
    /// Which parts are events' fragments: the part's number, its event and which fragment.
    origins: Vec<(usize, Arc<Event>, Part)>,
}

impl PartialEq for Pieces<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Pieces<'_> {}

/// Which fragment of an event a piece is: in a year's files, its object in the JSON, its row in
/// the events CSV, or the row of its commitment with this number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Its object in `events/<year>.json`.
    Json,
    /// Its row in `events/<year>.csv`.
    Csv,
    /// Its commitment's row in `commitments/<year>.csv`.
    Commitment(u32),
}

/// Where an event's fragments come from when a year's files are rendered: the bytes last
/// written, when the event is the same (the same `Arc`: an event never changes once made), or
/// else a rendering.
pub trait Earlier: Sync {
    /// The fragment as last written, if it can be reused.
    fn fragment(&self, event: &Arc<Event>, part: Part) -> Option<&str>;
}

/// Nothing earlier: every fragment is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fresh;

impl Earlier for Fresh {
    fn fragment(&self, _: &Arc<Event>, _: Part) -> Option<&str> {
        None
    }
}

impl<'a> Pieces<'a> {
    /// No pieces yet, with room for `capacity`.
    pub fn with_capacity(capacity: usize) -> Self {
        Pieces {
            parts: Vec::with_capacity(capacity),
            len: 0,
            origins: Vec::new(),
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

    /// Adds an event's fragment at the end: the one `earlier` has, or `render`'s.
    pub fn push_fragment(
        &mut self,
        event: &Arc<Event>,
        part: Part,
        earlier: &'a dyn Earlier,
        render: impl FnOnce(&Event) -> String,
    ) {
        let text = match earlier.fragment(event, part) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(render(event)),
        };
        self.push_fragment_text(event, part, text);
    }

    /// Adds an event's fragment, already at hand, at the end.
    pub fn push_fragment_text(&mut self, event: &Arc<Event>, part: Part, text: Cow<'a, str>) {
        if !text.is_empty() {
            self.origins
                .push((self.parts.len(), Arc::clone(event), part));
        }
        self.push(text);
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

    /// The events' fragments in the whole: each one's event, which fragment, and where it is
    /// (its first byte and its length), in order.
    pub fn fragments(&self) -> Vec<(Arc<Event>, Part, usize, usize)> {
        let mut starts = Vec::with_capacity(self.parts.len());
        let mut at = 0;
        for part in &self.parts {
            starts.push(at);
            at += part.len();
        }
        self.origins
            .iter()
            .map(|(i, event, part)| (Arc::clone(event), *part, starts[*i], self.parts[*i].len()))
            .collect()
    }

    /// The events' fragments in the whole, each with its event and which fragment it is, in
    /// order.
    pub fn fragment_texts(&self) -> impl Iterator<Item = (&Arc<Event>, Part, &str)> {
        self.origins
            .iter()
            .map(|(i, event, part)| (event, *part, self.parts[*i].as_ref()))
    }

    /// Whether the whole is exactly these bytes.
    pub fn equals(&self, bytes: &[u8]) -> bool {
        if bytes.len() != self.len {
            return false;
        }
        let mut rest = bytes;
        for part in self.parts() {
            let (head, tail) = rest.split_at(part.len());
            if head != part.as_bytes() {
                return false;
            }
            rest = tail;
        }
        true
    }

    /// The whole in one string.
    pub fn concat(&self) -> String {
        let mut whole = String::with_capacity(self.len);
        whole.extend(self.parts());
        whole
    }
}

/// Renders one year's files, in the order of [`year_outputs`]; a year without events has none.
pub fn render_year<'a>(
    dataset: &'a Dataset,
    year: i32,
    earlier: &'a dyn Earlier,
) -> Vec<(String, Pieces<'a>)> {
    if !dataset.years().contains_key(&year) {
        return Vec::new();
    }
    let [json_path, csv_path, commitments_path] = year_outputs(year);
    // The JSON, the largest, beside the two CSV files.
    let (json, (csv, commitments)) = rayon::join(
        || json::year(dataset, year, earlier),
        || {
            (
                csv::events(dataset, year, earlier),
                csv::commitments(dataset, year, earlier),
            )
        },
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
            render_year(dataset, year, &Fresh)
                .into_iter()
                .map(|(path, pieces)| (path, pieces.concat())),
        );
    }
    all
}

#[cfg(test)]
mod tests {
    use super::{Pieces, is_output};

    #[test]
    fn the_site_knows_its_own_file_names_and_no_others() {
        for name in [
            "index.html",
            "feed.xml",
            "schema/v1/record.schema.json",
            "parties/index.html",
            "events/2025.json",
            "events/2025.csv",
            "commitments/2025.csv",
            "events/2025-05-19-pk-cn-test.html",
            "events/2025-05-19-pk-cn-test.json",
            "parties/PK/index.html",
            "parties/who/2019-03-01-a-b.html",
            "areas/vaccines/feed.xml",
            "years/2025/index.html",
        ] {
            assert!(is_output(name), "{name}");
        }
        for name in [
            "",
            "/etc/passwd",
            "../index.html",
            "events/../../x.html",
            "commitments/2025.json",
            "events/Upper.html",
            "parties/PK/../../index.html",
            "parties/PK/x.json",
            "parties/PK/sub/index.html",
            "other/PK/index.html",
            "parties/P.K/index.html",
            "schema/v1/other.json",
            ".git/config",
        ] {
            assert!(!is_output(name), "{name}");
        }
    }

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
