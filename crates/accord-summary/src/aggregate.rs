//! Aggregates over the events: per party, per pair of countries, per area, per month and year,
//! and the commitments with their due dates.
//!
//! A [`Dataset`] keeps running counts (a `Tally`) that adding or removing one event updates in
//! the time that event's parties, areas and commitments take; [`Aggregates::of`] reads them into
//! the sorted, bounded tables the summaries show. Everything is sorted, so the same events
//! always give the same aggregates.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use foldhash::HashMap;

use accord_schema::Vocabularies;
use accord_schema::date::Day;
use accord_schema::record::{EVENT_TYPES, EventType, STATUSES};

use crate::model::{Dataset, Event, PartyName};

/// How many country pairs the summaries list (the most frequent).
pub const PAIRS_SHOWN: usize = 100;

/// How many commitments the summaries list (overdue first, then by due date); every one is in
/// `commitments/<year>.csv`.
pub const COMMITMENTS_SHOWN: usize = 300;

/// The serde name of an enum value (`joint-statement`), as records write it: found without
/// serialising anything.
pub fn kebab<T: serde::Serialize>(value: &T) -> &'static str {
    serde_variant::to_variant_name(value).unwrap_or_default()
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
/// by event id and position. It holds its event (ordered by id), not a copy of the id: a tally
/// keeps one key per commitment of the dataset.
#[derive(Debug, Clone)]
pub(crate) struct CommitmentKey {
    not_overdue: bool,
    due: Option<Day>,
    event: Arc<Event>,
    index: usize,
}

impl CommitmentKey {
    fn order(&self) -> (bool, bool, Option<Day>, &str, usize) {
        (
            self.not_overdue,
            self.due.is_none(),
            self.due,
            self.event.id(),
            self.index,
        )
    }
}

crate::model::ordered_by_order!(CommitmentKey);

/// The keys of an event's commitments.
pub(crate) fn commitment_keys(event: &Arc<Event>) -> impl Iterator<Item = CommitmentKey> + '_ {
    event
        .commitments
        .iter()
        .enumerate()
        .map(|(index, derived)| CommitmentKey {
            not_overdue: !derived.overdue,
            due: derived.due,
            event: Arc::clone(event),
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
        by: c.by.iter().map(|p| p.0.as_str().to_owned()).collect(),
        due: derived.due.map(|d| d.to_string()),
        status: kebab(&c.status).to_owned(),
        overdue: derived.overdue,
    })
}

#[derive(Debug, Clone)]
struct PartyTally {
    party: PartyName,
    /// How many events (the latest is the last the dataset lists under the party's key).
    events: usize,
    types: PerType,
    /// Events per area id (hashed: counting is the hot part, and the summaries sort them).
    areas: HashMap<String, usize>,
}

/// Running counts over a dataset's events. Keys are borrowed for lookups, so counting an event
/// in or out allocates only for what is new.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Countries, then organisations, by code.
    parties: [HashMap<String, PartyTally>; 2],
    /// Pairs of country codes, in the order of their names: the first, then the second.
    pairs: HashMap<String, HashMap<String, usize>>,
    areas: HashMap<String, usize>,
    /// Events per month and type, of the events whose month is known.
    months: BTreeMap<(i32, u8), PerType>,
    /// Events per year and type (every event has its year).
    year_types: BTreeMap<i32, PerType>,
    /// Events dated only by their year, per year.
    unknown_month: BTreeMap<i32, usize>,
    pub(crate) years: BTreeMap<i32, usize>,
    /// Events per stage (`announced`, `completed`, ...), in the record format's order.
    statuses: [usize; STATUSES.len()],
    /// Events whose date is approximate (`~`) and uncertain (`?`).
    approximate: usize,
    uncertain: usize,
    /// Commitments per year (of their event).
    pub(crate) year_commitments: BTreeMap<i32, usize>,
    types: PerType,
    commitments: BTreeSet<CommitmentKey>,
    overdue: usize,
}

/// Events per type, one count for each type (by its place in the record format), where a map
/// keyed by the types' names compared names at every event counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct PerType([usize; EVENT_TYPES.len()]);

impl PerType {
    /// Counts an event of this type in (`add`) or out.
    fn bump(&mut self, kind: EventType, add: bool) {
        // (`EventType`'s variants are declared in the record format's order; a test holds
        // them to `EVENT_TYPES`.)
        step(&mut self.0[kind as usize], add);
    }

    /// Whether no event is counted.
    fn is_empty(&self) -> bool {
        self.0.iter().all(|&n| n == 0)
    }

    /// Whether events of the type at this place in the record format are counted.
    fn has(&self, place: usize) -> bool {
        self.0.get(place).is_some_and(|&n| n > 0)
    }

    /// The counted types' names and counts.
    fn named(&self) -> impl Iterator<Item = (String, usize)> + '_ {
        EVENT_TYPES
            .iter()
            .zip(self.0)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| ((*t).to_owned(), n))
    }
}

/// Maps that hold counts: a `BTreeMap` where the summaries read the counts in key order, a
/// hash map where they sort them anyway (areas and pairs, counted for every event).
trait Counts<Q: ?Sized> {
    /// Adds one to a count, or takes one away and forgets the count at zero.
    fn bump(&mut self, key: &Q, add: bool);
}

/// One step of a count; returns whether it reached zero.
fn step(n: &mut usize, add: bool) -> bool {
    if add {
        *n += 1;
    } else {
        *n = n.saturating_sub(1);
    }
    *n == 0
}

/// The one `bump` of both kinds of map: the same four map calls, bounded by what each map needs
/// of its keys.
macro_rules! counts {
    ($map:ident, $($bound:tt)+) => {
        impl<K, Q> Counts<Q> for $map<K, usize>
        where
            K: $($bound)+ + Borrow<Q>,
            Q: $($bound)+ + ToOwned<Owned = K> + ?Sized,
        {
            fn bump(&mut self, key: &Q, add: bool) {
                let zero = match self.get_mut(key) {
                    Some(n) => step(n, add),
                    None => {
                        if add {
                            self.insert(key.to_owned(), 1);
                        }
                        false
                    }
                };
                if zero {
                    self.remove(key);
                }
            }
        }
    };
}

counts!(BTreeMap, Ord);
counts!(HashMap, Eq + std::hash::Hash);

/// Counts a pair of countries in (`add`) or out, forgetting a count at zero (and a country
/// with no pair left); no code is copied unless the pair is new.
fn bump_pair(pairs: &mut HashMap<String, HashMap<String, usize>>, a: &str, b: &str, add: bool) {
    match pairs.get_mut(a) {
        Some(with) => {
            with.bump(b, add);
            if with.is_empty() {
                pairs.remove(a);
            }
        }
        None if add => pairs.entry(a.to_owned()).or_default().bump(b, add),
        None => {}
    }
}

/// Where a kind of party is kept.
fn slot(kind: &str) -> usize {
    usize::from(kind != "country")
}

impl Tally {
    /// The counts of these events.
    pub(crate) fn of(events: &[Arc<Event>]) -> Tally {
        let mut tally = Tally::default();
        for event in events {
            tally.apply(event, true);
        }
        tally
    }

    /// Counts an event in (`add`) or out.
    pub(crate) fn apply(&mut self, event: &Arc<Event>, add: bool) {
        let kind = event.record.kind;
        self.types.bump(kind, add);
        let mut unique: Vec<&PartyName> = event.parties.iter().collect();
        unique.sort();
        unique.dedup();
        for party in &unique {
            let parties = &mut self.parties[slot(party.kind)];
            let stats = match parties.get_mut(&*party.code) {
                Some(stats) => stats,
                None => parties
                    .entry(party.code.to_string())
                    .or_insert_with(|| PartyTally {
                        party: (*party).clone(),
                        events: 0,
                        types: PerType::default(),
                        areas: HashMap::default(),
                    }),
            };
            let none_left = step(&mut stats.events, add);
            stats.types.bump(kind, add);
            for area in &event.record.areas {
                stats.areas.bump(area.0.as_str(), add);
            }
            if none_left {
                parties.remove(&*party.code);
            }
        }
        let countries: Vec<&PartyName> = unique
            .iter()
            .copied()
            .filter(|p| p.kind == "country")
            .collect();
        for (i, a) in countries.iter().enumerate() {
            for b in &countries[i + 1..] {
                bump_pair(&mut self.pairs, &a.code, &b.code, add);
            }
        }
        let mut areas: Vec<&str> = event.record.areas.iter().map(|a| a.0.as_str()).collect();
        areas.sort_unstable();
        areas.dedup();
        for area in areas {
            self.areas.bump(area, add);
        }
        let year = event.first_day.year;
        if event.precision.month_known {
            let month = (year, event.first_day.month);
            let types = self.months.entry(month).or_default();
            types.bump(kind, add);
            if types.is_empty() {
                self.months.remove(&month);
            }
        } else {
            self.unknown_month.bump(&year, add);
        }
        let types = self.year_types.entry(year).or_default();
        types.bump(kind, add);
        if types.is_empty() {
            self.year_types.remove(&year);
        }
        self.years.bump(&year, add);
        step(&mut self.statuses[event.record.status as usize], add);
        if event.precision.approximate {
            step(&mut self.approximate, add);
        }
        if event.precision.uncertain {
            step(&mut self.uncertain, add);
        }
        for key in commitment_keys(event) {
            self.year_commitments.bump(&event.first_day.year, add);
            let overdue = !key.not_overdue;
            let changed = if add {
                self.commitments.insert(key)
            } else {
                self.commitments.remove(&key)
            };
            if changed && overdue {
                step(&mut self.overdue, add);
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
    /// Per month (`YYYY-MM`): events per type, of the events whose month is known.
    pub months: BTreeMap<String, BTreeMap<String, usize>>,
    /// Per year: events dated only by the year (in no month).
    pub unknown_month: BTreeMap<i32, usize>,
    /// Per year: events.
    pub years: BTreeMap<i32, usize>,
    /// Per year: events per type.
    pub year_types: BTreeMap<i32, BTreeMap<String, usize>>,
    /// Per stage, in the order of the record format: events. Each stage is counted apart; no
    /// figure adds announced (pledged) work to completed work.
    pub statuses: Vec<(String, usize)>,
    /// Events dated approximately (`~`).
    pub approximate: usize,
    /// Events dated with uncertainty (`?`).
    pub uncertain: usize,
    /// The first [`COMMITMENTS_SHOWN`] commitments: overdue first, then by due date (undated
    /// last), then by event.
    pub commitments: Vec<CommitmentRow>,
    /// Commitments in all.
    pub commitments_total: usize,
    /// Overdue commitments in all.
    pub overdue: usize,
    /// Event types in the order of the record format, for legends.
    pub types: Vec<String>,
    /// What the events were worth: totals by currency and stage, never across them.
    pub money: Vec<crate::money::MoneyTotal>,
    /// Goods and services in kind: totals by unit and stage.
    pub goods: Vec<crate::money::GoodsTotal>,
}

impl Aggregates {
    /// Reads a dataset's running counts into sorted tables.
    pub fn of(dataset: &Dataset, vocabularies: &Vocabularies) -> Aggregates {
        let tally = &dataset.tally;
        let mut parties: Vec<PartyStats> = tally
            .parties
            .iter()
            .flat_map(HashMap::values)
            .filter_map(|p| {
                let latest = dataset
                    .listed(&crate::browse::Key::Party(p.party.code.to_string()))
                    .next_back()?;
                Some(PartyStats {
                    party: p.party.clone(),
                    events: p.events,
                    latest: (latest.first_day, latest.id().to_owned()),
                    types: p.types.named().collect(),
                    areas: p.areas.iter().map(|(a, n)| (a.clone(), *n)).collect(),
                })
            })
            .collect();
        parties.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| a.party.name.cmp(&b.party.name))
                .then_with(|| a.party.code.cmp(&b.party.code))
        });

        // Pairs are of countries, whose names sort as their codes do (a `PartyName` orders by
        // kind, then code): choose the most frequent by code, then look up only their names.
        let order = |x: &(&String, &String, usize), y: &(&String, &String, usize)| {
            y.2.cmp(&x.2).then_with(|| (x.0, x.1).cmp(&(y.0, y.1)))
        };
        let mut pairs: Vec<(&String, &String, usize)> = tally
            .pairs
            .iter()
            .flat_map(|(a, with)| with.iter().map(move |(b, n)| (a, b, *n)))
            .collect();
        if pairs.len() > PAIRS_SHOWN {
            pairs.select_nth_unstable_by(PAIRS_SHOWN, order);
            pairs.truncate(PAIRS_SHOWN);
        }
        pairs.sort_by(order);
        let country = |code: &String| tally.parties[0].get(code).map(|p| p.party.clone());
        let country_pairs = pairs
            .into_iter()
            .filter_map(|(a, b, n)| Some((country(a)?, country(b)?, n)))
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
            .filter_map(|key| commitment_row(&key.event, key.index))
            .take(COMMITMENTS_SHOWN)
            .collect();
        let types = EVENT_TYPES
            .iter()
            .enumerate()
            .filter(|(place, _)| tally.types.has(*place))
            .map(|(_, t)| (*t).to_owned())
            .collect();
        let (money, goods) = crate::money::totals(dataset.events());
        Aggregates {
            money,
            goods,
            events: dataset.len(),
            parties,
            country_pairs,
            country_pairs_total: tally.pairs.values().map(|with| with.len()).sum(),
            areas,
            months: tally
                .months
                .iter()
                .map(|((year, month), types)| {
                    (format!("{year:04}-{month:02}"), types.named().collect())
                })
                .collect(),
            unknown_month: tally.unknown_month.clone(),
            years: tally.years.clone(),
            year_types: tally
                .year_types
                .iter()
                .map(|(year, types)| (*year, types.named().collect()))
                .collect(),
            statuses: STATUSES
                .iter()
                .zip(tally.statuses)
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| ((*s).to_owned(), n))
                .collect(),
            approximate: tally.approximate,
            uncertain: tally.uncertain,
            commitments,
            commitments_total: tally.commitments.len(),
            overdue: tally.overdue,
            types,
        }
    }
}
