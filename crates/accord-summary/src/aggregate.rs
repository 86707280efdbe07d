//! Aggregates over the events: per party, per pair of countries, per area, per month and year,
//! and the commitments with their due dates. Everything is sorted, so the same events always
//! give the same aggregates.

use std::collections::{BTreeMap, BTreeSet};

use accord_schema::Vocabularies;
use accord_schema::date::Day;

use crate::model::{Dataset, PartyName};

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

/// The aggregates the summaries show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregates {
    /// Events counted.
    pub events: usize,
    /// Per party, most active first (then by name).
    pub parties: Vec<PartyStats>,
    /// Pairs of countries that took part in the same event, with the number of such events,
    /// most frequent first.
    pub country_pairs: Vec<(PartyName, PartyName, usize)>,
    /// Per area: id, label, events; most frequent first.
    pub areas: Vec<(String, String, usize)>,
    /// Per month (`YYYY-MM`): events per type.
    pub months: BTreeMap<String, BTreeMap<String, usize>>,
    /// Per year: events.
    pub years: BTreeMap<i32, usize>,
    /// Every commitment: overdue first, then by due date (undated last), then by event.
    pub commitments: Vec<CommitmentRow>,
    /// Event types in the order of the record format, for legends.
    pub types: Vec<String>,
}

impl Aggregates {
    /// Computes the aggregates of a dataset.
    pub fn of(dataset: &Dataset, vocabularies: &Vocabularies) -> Aggregates {
        let mut parties: BTreeMap<(&'static str, String), PartyStats> = BTreeMap::new();
        let mut pairs: BTreeMap<(PartyName, PartyName), usize> = BTreeMap::new();
        let mut areas: BTreeMap<String, usize> = BTreeMap::new();
        let mut months: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        let mut commitments = Vec::new();
        let mut types_seen = BTreeSet::new();

        for event in dataset.events.values() {
            let kind = kebab(&event.record.kind);
            types_seen.insert(kind.clone());
            let unique: BTreeSet<&PartyName> = event.parties.iter().collect();
            for party in &unique {
                let stats = parties
                    .entry((party.kind, party.code.clone()))
                    .or_insert_with(|| PartyStats {
                        party: (*party).clone(),
                        events: 0,
                        latest: (event.first_day, event.id().to_owned()),
                        types: BTreeMap::new(),
                        areas: BTreeMap::new(),
                    });
                stats.events += 1;
                let candidate = (event.first_day, event.id().to_owned());
                if candidate > stats.latest {
                    stats.latest = candidate;
                }
                *stats.types.entry(kind.clone()).or_default() += 1;
                for area in &event.record.areas {
                    *stats.areas.entry(area.0.clone()).or_default() += 1;
                }
            }
            let countries: Vec<&PartyName> = unique
                .iter()
                .copied()
                .filter(|p| p.kind == "country")
                .collect();
            for (i, a) in countries.iter().enumerate() {
                for b in &countries[i + 1..] {
                    *pairs.entry(((*a).clone(), (*b).clone())).or_default() += 1;
                }
            }
            for area in event.record.areas.iter().collect::<BTreeSet<_>>() {
                *areas.entry(area.0.clone()).or_default() += 1;
            }
            *months
                .entry(event.month())
                .or_default()
                .entry(kind.clone())
                .or_default() += 1;
            *years.entry(event.first_day.year).or_default() += 1;
            for (index, (c, derived)) in event
                .record
                .commitments
                .iter()
                .zip(&event.commitments)
                .enumerate()
            {
                commitments.push(CommitmentRow {
                    event_id: event.id().to_owned(),
                    event_title: event.record.title.clone(),
                    index,
                    text: c.text.clone(),
                    by: c.by.iter().map(|p| p.0.clone()).collect(),
                    due: derived.due.clone(),
                    status: kebab(&c.status),
                    overdue: derived.overdue,
                });
            }
        }

        let mut parties: Vec<PartyStats> = parties.into_values().collect();
        parties.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| a.party.name.cmp(&b.party.name))
                .then_with(|| a.party.code.cmp(&b.party.code))
        });
        let mut country_pairs: Vec<(PartyName, PartyName, usize)> =
            pairs.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        country_pairs.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1))));
        let mut areas: Vec<(String, String, usize)> = areas
            .into_iter()
            .map(|(id, n)| {
                let label = vocabularies
                    .area(&id)
                    .map_or_else(|| id.clone(), |a| a.label.clone());
                (id, label, n)
            })
            .collect();
        areas.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| x.1.cmp(&y.1)));
        commitments.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then_with(|| match (&a.due, &b.due) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| (&a.event_id, a.index).cmp(&(&b.event_id, b.index)))
        });
        let types = accord_schema::record::EVENT_TYPES
            .iter()
            .filter(|t| types_seen.contains(**t))
            .map(|t| (*t).to_owned())
            .collect();
        Aggregates {
            events: dataset.events.len(),
            parties,
            country_pairs,
            areas,
            months,
            years,
            commitments,
            types,
        }
    }
}
