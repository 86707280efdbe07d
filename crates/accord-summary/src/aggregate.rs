//! Aggregates over the events: per party, per pair of countries, per area, per month and year,
//! and the commitments with their due dates.
//!
//! A [`Dataset`] keeps running counts (a `Tally`) that adding or removing one event updates in
//! the time that event's parties, areas and commitments take; [`Aggregates::of`] reads them into
//! the sorted, bounded tables the summaries show. Everything is sorted, so the same events
//! always give the same aggregates.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use accord_schema::Vocabularies;
use accord_schema::date::Day;

use crate::model::{Dataset, Event, PartyName};

/// How many country pairs the summaries list (the most frequent).
pub const PAIRS_SHOWN: usize = 100;

/// How many commitments the summaries list (overdue first, then by due date); every one is in
/// `commitments/<year>.csv`.
pub const COMMITMENTS_SHOWN: usize = 300;

/// The serde name of an enum value (`joint-statement`).
pub fn kebab<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What one country or organisation took part in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyStats {
    /// The party.
    pub party: PartyName,
    /// Events it took part in.
    pub events: usize,
    /// Its latest event's first day and id.
    pub latest: (Day, String),
    /// Events per type.
    pub types: BTreeMap<String, usize>,
    /// Events per area id.
    pub areas: BTreeMap<String, usize>,
}

/// One commitment, for the commitments table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentRow {
    /// The event it was made at.
    pub event_id: String,
    /// The event's title.
    pub event_title: String,
    /// Its index in the record.
    pub index: usize,
    /// What was committed, as reported.
    pub text: String,
    /// Who committed.
    pub by: Vec<String>,
    /// When it is due (last day), if known.
    pub due: Option<String>,
    /// `open`, `met`, `missed` or `unknown`.
    pub status: String,
    /// Open and past due.
    pub overdue: bool,
}

/// Where a commitment goes in the tables: overdue first, then by due date (undated last), then
/// by event id and position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CommitmentKey {
    not_overdue: bool,
    undated: bool,
    due: String,
    event_id: String,
    index: usize,
}

/// The keys of an event's commitments.
pub(crate) fn commitment_keys(event: &Event) -> impl Iterator<Item = CommitmentKey> + '_ {
    event
        .commitments
        .iter()
        .enumerate()
        .map(|(index, derived)| CommitmentKey {
            not_overdue: !derived.overdue,
            undated: derived.due.is_none(),
            due: derived.due.clone().unwrap_or_default(),
            event_id: event.id().to_owned(),
            index,
        })
}

/// One commitment as a table row.
fn commitment_row(event: &Event, index: usize) -> Option<CommitmentRow> {
    let c = event.record.commitments.get(index)?;
    let derived = event.commitments.get(index)?;
    Some(CommitmentRow {
        event_id: event.id().to_owned(),
        event_title: event.record.title.clone(),
        index,
        text: c.text.clone(),
        by: c.by.iter().map(|p| p.0.clone()).collect(),
        due: derived.due.clone(),
        status: kebab(&c.status),
        overdue: derived.overdue,
    })
}

#[derive(Debug, Clone)]
struct PartyTally {
    party: PartyName,
    /// Every event's first day and id: how many, and the latest.
    events: BTreeSet<(Day, String)>,
    types: BTreeMap<String, usize>,
    areas: BTreeMap<String, usize>,
}

/// Running counts over a dataset's events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    parties: HashMap<(&'static str, String), PartyTally>,
    pairs: HashMap<(PartyName, PartyName), usize>,
    areas: HashMap<String, usize>,
    months: BTreeMap<String, BTreeMap<String, usize>>,
    pub(crate) years: BTreeMap<i32, usize>,
    /// Commitments per year (of their event).
    pub(crate) year_commitments: HashMap<i32, usize>,
    types: HashMap<String, usize>,
    commitments: BTreeSet<CommitmentKey>,
    overdue: usize,
}

/// Maps that hold counts.
trait Counts<K> {
    /// Adds one to a count, or takes one away and forgets the count at zero.
    fn bump(&mut self, key: K, add: bool);
}

impl<K: Ord> Counts<K> for BTreeMap<K, usize> {
    fn bump(&mut self, key: K, add: bool) {
        if add {
            *self.entry(key).or_default() += 1;
        } else if let std::collections::btree_map::Entry::Occupied(mut n) = self.entry(key) {
            *n.get_mut() -= 1;
            if *n.get() == 0 {
                n.remove();
            }
        }
    }
}

impl<K: std::hash::Hash + Eq> Counts<K> for HashMap<K, usize> {
    fn bump(&mut self, key: K, add: bool) {
        if add {
            *self.entry(key).or_default() += 1;
        } else if let std::collections::hash_map::Entry::Occupied(mut n) = self.entry(key) {
            *n.get_mut() -= 1;
            if *n.get() == 0 {
                n.remove();
            }
        }
    }
}

impl Tally {
    /// Counts an event in (`add`) or out.
    pub(crate) fn apply(&mut self, event: &Event, add: bool) {
        let kind = kebab(&event.record.kind);
        self.types.bump(kind.clone(), add);
        let unique: BTreeSet<&PartyName> = event.parties.iter().collect();
        let dated = (event.first_day, event.id().to_owned());
        for party in &unique {
            let key = (party.kind, party.code.clone());
            let stats = self
                .parties
                .entry(key.clone())
                .or_insert_with(|| PartyTally {
                    party: (*party).clone(),
                    events: BTreeSet::new(),
                    types: BTreeMap::new(),
                    areas: BTreeMap::new(),
                });
            if add {
                stats.events.insert(dated.clone());
            } else {
                stats.events.remove(&dated);
            }
            stats.types.bump(kind.clone(), add);
            for area in &event.record.areas {
                stats.areas.bump(area.0.clone(), add);
            }
            if stats.events.is_empty() {
                self.parties.remove(&key);
            }
        }
        let countries: Vec<&PartyName> = unique
            .iter()
            .copied()
            .filter(|p| p.kind == "country")
            .collect();
        for (i, a) in countries.iter().enumerate() {
            for b in &countries[i + 1..] {
                self.pairs.bump(((*a).clone(), (*b).clone()), add);
            }
        }
        for area in event.record.areas.iter().collect::<BTreeSet<_>>() {
            self.areas.bump(area.0.clone(), add);
        }
        let month = self.months.entry(event.month()).or_default();
        month.bump(kind, add);
        if month.is_empty() {
            self.months.remove(&event.month());
        }
        self.years.bump(event.first_day.year, add);
        for key in commitment_keys(event) {
            self.year_commitments.bump(event.first_day.year, add);
            let overdue = !key.not_overdue;
            let changed = if add {
                self.commitments.insert(key)
            } else {
                self.commitments.remove(&key)
            };
            if changed && overdue {
                if add {
                    self.overdue += 1;
                } else {
                    self.overdue -= 1;
                }
            }
        }
    }
}

/// The aggregates the summaries show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregates {
    /// Events counted.
    pub events: usize,
    /// Per party, most active first (then by name).
    pub parties: Vec<PartyStats>,
    /// The [`PAIRS_SHOWN`] pairs of countries that most often took part in the same event, with
    /// the number of such events, most frequent first.
    pub country_pairs: Vec<(PartyName, PartyName, usize)>,
    /// How many pairs of countries took part in an event together, in all.
    pub country_pairs_total: usize,
    /// Per area: id, label, events; most frequent first.
    pub areas: Vec<(String, String, usize)>,
    /// Per month (`YYYY-MM`): events per type.
    pub months: BTreeMap<String, BTreeMap<String, usize>>,
    /// Per year: events.
    pub years: BTreeMap<i32, usize>,
    /// The first [`COMMITMENTS_SHOWN`] commitments: overdue first, then by due date (undated
    /// last), then by event.
    pub commitments: Vec<CommitmentRow>,
    /// Commitments in all.
    pub commitments_total: usize,
    /// Overdue commitments in all.
    pub overdue: usize,
    /// Event types in the order of the record format, for legends.
    pub types: Vec<String>,
}

impl Aggregates {
    /// Reads a dataset's running counts into sorted tables.
    pub fn of(dataset: &Dataset, vocabularies: &Vocabularies) -> Aggregates {
        let tally = &dataset.tally;
        let mut parties: Vec<PartyStats> = tally
            .parties
            .values()
            .filter_map(|p| {
                Some(PartyStats {
                    party: p.party.clone(),
                    events: p.events.len(),
                    latest: p.events.last()?.clone(),
                    types: p.types.clone(),
                    areas: p.areas.clone(),
                })
            })
            .collect();
        parties.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| a.party.name.cmp(&b.party.name))
                .then_with(|| a.party.code.cmp(&b.party.code))
        });

        let order = |x: &(&PartyName, &PartyName, usize), y: &(&PartyName, &PartyName, usize)| {
            y.2.cmp(&x.2).then_with(|| (x.0, x.1).cmp(&(y.0, y.1)))
        };
        let mut pairs: Vec<(&PartyName, &PartyName, usize)> =
            tally.pairs.iter().map(|((a, b), n)| (a, b, *n)).collect();
        if pairs.len() > PAIRS_SHOWN {
            pairs.select_nth_unstable_by(PAIRS_SHOWN, order);
            pairs.truncate(PAIRS_SHOWN);
        }
        pairs.sort_by(order);
        let country_pairs = pairs
            .into_iter()
            .map(|(a, b, n)| (a.clone(), b.clone(), n))
            .collect();

        let mut areas: Vec<(String, String, usize)> = tally
            .areas
            .iter()
            .map(|(id, n)| {
                let label = vocabularies
                    .area(id)
                    .map_or_else(|| id.clone(), |a| a.label.clone());
                (id.clone(), label, *n)
            })
            .collect();
        areas.sort_by(|x, y| {
            y.2.cmp(&x.2)
                .then_with(|| x.1.cmp(&y.1))
                .then_with(|| x.0.cmp(&y.0))
        });

        let commitments = tally
            .commitments
            .iter()
            .filter_map(|key| commitment_row(dataset.get(&key.event_id)?, key.index))
            .take(COMMITMENTS_SHOWN)
            .collect();
        let types = accord_schema::record::EVENT_TYPES
            .iter()
            .filter(|t| tally.types.contains_key(**t))
            .map(|t| (*t).to_owned())
            .collect();
        Aggregates {
            events: dataset.len(),
            parties,
            country_pairs,
            country_pairs_total: tally.pairs.len(),
            areas,
            months: tally.months.clone(),
            years: tally.years.clone(),
            commitments,
            commitments_total: tally.commitments.len(),
            overdue: tally.overdue,
            types,
        }
    }
}
