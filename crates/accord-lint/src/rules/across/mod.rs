//! Rules across records (`A3xx`): unique ids, links that resolve, likely duplicates.
//!
//! Each file contributes its [`RecordFacts`], a few fields read while it was linted; the rules
//! here look only at those, so they cost one pass over small data however large the tree is, and
//! a caller that keeps the facts (the watcher, `lint --base`) can re-run them without reparsing.

use std::ops::Range;
use std::path::Path;

use accord_schema::date::EventDate;
use accord_yaml::{Document, Located};
use compact_str::CompactString;

use crate::diagnostic::Diagnostic;

pub mod duplicate_id;
mod index;
pub mod near_duplicate;
pub mod scan;
pub mod self_related;
pub mod unknown_related;

pub use index::Index;

/// What the rules across records need to know of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordFacts {
    /// The id and its span.
    pub id: Option<(String, Range<usize>)>,
    /// The start of the event date as written, without `~` or `?`.
    pub date: Option<CompactString>,
    /// The event type.
    pub event_type: Option<CompactString>,
    /// The parties as `country:PK` or `organization:who`, sorted, without repeats.
    pub parties: Vec<CompactString>,
    /// Every `related` id with its span.
    pub related: Vec<(String, Range<usize>)>,
    /// Whether the record is retracted.
    pub retracted: bool,
    /// How long the record has been in the dataset, smaller for older: 0 unless the caller
    /// knows better (`lint --base`: 0 for a record at the merge-base, 1 for one the branch
    /// adds; the site: when the commit that added it was made). Of records that share an id,
    /// the oldest (then the first by path) keeps it, and only the others are reported. Not
    /// kept in the work-tree cache: the caller sets it on every run.
    #[serde(skip)]
    pub seniority: u64,
}

impl RecordFacts {
    /// Reads the facts of a parsed record; fields that are absent or of the wrong type are left
    /// empty.
    pub fn of(doc: &Document) -> RecordFacts {
        let mut facts = RecordFacts::default();
        for (key, value) in doc.root().entries() {
            match key {
                "id" => {
                    facts.id = value
                        .as_str()
                        .map(|id| (id.to_owned(), value.node().span.clone()));
                }
                "date" => {
                    facts.date = value.as_str().map(|d| EventDate::start_text(d).into());
                }
                "type" => facts.event_type = value.as_str().map(CompactString::from),
                "parties" => {
                    for party in value.items() {
                        for key in ["country", "organization"] {
                            if let Some(code) = party.get(key).and_then(Located::as_str) {
                                facts.parties.push(party_key(key, code));
                            }
                        }
                    }
                    facts.parties.sort();
                    facts.parties.dedup();
                }
                "related" => {
                    facts.related = value
                        .items()
                        .filter_map(|r| {
                            let id = r.get("id")?;
                            Some((id.as_str()?.to_owned(), id.node().span.clone()))
                        })
                        .collect();
                }
                "retracted" => facts.retracted = !value.value().is_null(),
                _ => {}
            }
        }
        facts
    }

    /// The id, when the record has one.
    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|(id, _)| id.as_str())
    }
}

/// Which records can bear on the findings of the `wanted` ones: those themselves, the records
/// that use the id of one or an id one names in `related`, and the records of one's group of
/// possible duplicates. An index of these alone finds for the wanted records what an index of
/// all would. `None` when every record can bear on them: a `related` id that no record has is
/// reported with the nearest id in use, out of all of them.
pub(crate) fn bearing_on<'f>(
    facts: impl Iterator<Item = Option<&'f RecordFacts>> + Clone,
    wanted: &[bool],
) -> Option<Vec<bool>> {
    use std::collections::HashSet;
    let mut ids: HashSet<&str, foldhash::fast::RandomState> = HashSet::default();
    let mut targets: HashSet<&str, foldhash::fast::RandomState> = HashSet::default();
    let mut groups: HashSet<u64, foldhash::fast::RandomState> = HashSet::default();
    for facts in facts
        .clone()
        .zip(wanted)
        .filter(|(_, w)| **w)
        .filter_map(|(f, _)| f)
    {
        ids.extend(facts.id());
        targets.extend(facts.related.iter().map(|(target, _)| target.as_str()));
        groups.extend(index::group_key(facts).map(|key| index::group_hash(&key)));
    }
    let mut found: HashSet<&str, foldhash::fast::RandomState> = HashSet::default();
    let bearing = facts
        .zip(wanted)
        .map(|(facts, &wanted)| {
            let Some(facts) = facts else { return wanted };
            let id = facts.id();
            if let Some(id) = id.filter(|id| targets.contains(id)) {
                found.insert(id);
            }
            wanted
                || id.is_some_and(|id| ids.contains(id) || targets.contains(id))
                || index::group_key(facts)
                    .is_some_and(|key| groups.contains(&index::group_hash(&key)))
        })
        .collect();
    (found.len() == targets.len()).then_some(bearing)
}

/// A party as [`RecordFacts::parties`] lists it: `country:PK`, `organization:who`.
pub(crate) fn party_key(key: &str, code: &str) -> CompactString {
    let mut party = CompactString::with_capacity(key.len() + 1 + code.len());
    party.push_str(key);
    party.push(':');
    party.push_str(code);
    party
}

/// The rules across records for one file, over an index of the whole tree.
fn check_one(index: &Index, file: index::File, facts: &RecordFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicate_id::check(index, file, facts, &mut out);
    unknown_related::check(index, facts, &mut out);
    self_related::check(facts, &mut out);
    near_duplicate::check(index, file, facts, &mut out);
    out
}

/// The most other files a message names; the rest are counted.
pub const MAX_LISTED: usize = 5;

/// The paths named in a message, given in the order the index keeps them (by path): the first
/// [`MAX_LISTED`] in backticks, then how many more (so 8,000 copies of one record do not make
/// each message name the 7,999 others, nor each check sort them).
fn listed<'a>(paths: impl IntoIterator<Item = &'a Path>) -> String {
    let mut paths = paths.into_iter();
    let mut text = paths
        .by_ref()
        .take(MAX_LISTED)
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ");
    let more = paths.count();
    if more > 0 {
        text.push_str(&format!(" and {} more", crate::thousands(more)));
    }
    text
}
