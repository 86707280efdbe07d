//! The dataset as the summaries see it: the valid, unretracted records, each with what can be
//! derived from it (its first and last day, its parties' names, its commitments' due dates),
//! and the count of records left out.

use std::collections::BTreeMap;
use std::sync::Arc;

use accord_schema::Record;
use accord_schema::Vocabularies;
use accord_schema::date::{Day, EventDate, PartialDate};
use accord_schema::record::{Due, Party};

/// A commit, as provenance reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Commit {
    /// Full hexadecimal id.
    pub id: String,
    /// The author's name.
    pub author: String,
    /// The author date, UTC, RFC 3339.
    pub date: String,
}

/// Who added a record and last changed it; `None` when the history does not tell.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    /// The commit that added the record.
    pub added: Option<Commit>,
    /// The newest commit that changed it.
    pub last_changed: Option<Commit>,
}

/// A party with its display name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct PartyName {
    /// `country` or `organization`.
    pub kind: &'static str,
    /// The country code or organisation id.
    pub code: String,
    /// The country's or organisation's name.
    pub name: String,
}

/// A commitment's derived facts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DerivedCommitment {
    /// The last day it is due on (`None` when no due date is given).
    pub due: Option<String>,
    /// Open, and its due day is before the "as of" date.
    pub overdue: bool,
}

/// One event: a valid, unretracted record and what is derived from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The file, relative to the repository root, `/`-separated.
    pub path: String,
    /// The record as written.
    pub record: Record,
    /// The first day the event date can mean.
    pub first_day: Day,
    /// The last day the event date can mean (the end of a range, or of a month or year).
    pub last_day: Day,
    /// The parties with their names, in record order.
    pub parties: Vec<PartyName>,
    /// Per commitment, in record order.
    pub commitments: Vec<DerivedCommitment>,
    /// Who added and last changed the record, when known.
    pub provenance: Option<Provenance>,
}

impl Event {
    /// The event's id.
    pub fn id(&self) -> &str {
        &self.record.id.0
    }

    /// `YYYY-MM` of the event's first day.
    pub fn month(&self) -> String {
        format!("{:04}-{:02}", self.first_day.year, self.first_day.month)
    }
}

/// The name of a party.
pub fn party_name(party: &Party, vocabularies: &Vocabularies) -> Option<PartyName> {
    if let Some(code) = &party.country {
        let name = accord_schema::vocab::country(&code.0)
            .map_or_else(|| code.0.clone(), |c| c.name.to_owned());
        return Some(PartyName {
            kind: "country",
            code: code.0.clone(),
            name,
        });
    }
    let id = party.organization.as_ref()?;
    let name = vocabularies
        .organization(&id.0)
        .map_or_else(|| id.0.clone(), |o| o.name.clone());
    Some(PartyName {
        kind: "organization",
        code: id.0.clone(),
        name,
    })
}

/// Derives an event from a valid record; `None` when its date cannot be read (a valid record's
/// always can).
pub fn event(
    path: String,
    record: Record,
    vocabularies: &Vocabularies,
    as_of: Day,
    provenance: Option<Provenance>,
) -> Option<Event> {
    let date = EventDate::parse(&record.date.0).ok()?;
    let first_day = date.start.first_day();
    let last_day = date.end.unwrap_or(date.start).last_day();
    let parties = record
        .parties
        .iter()
        .filter_map(|p| party_name(p, vocabularies))
        .collect();
    let commitments = record
        .commitments
        .iter()
        .map(|c| {
            let due = match &c.due {
                Some(Due::Date(d)) => PartialDate::parse(&d.0).ok().map(|d| d.last_day()),
                Some(Due::Within { within }) => first_day.plus(&within.0),
                None => None,
            };
            let open = matches!(c.status, accord_schema::record::CommitmentStatus::Open);
            DerivedCommitment {
                due: due.map(|d| d.to_string()),
                overdue: open && due.is_some_and(|d| d < as_of),
            }
        })
        .collect();
    Some(Event {
        path,
        record,
        first_day,
        last_day,
        parties,
        commitments,
        provenance,
    })
}

/// Records left out of the summaries, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    /// Retracted records.
    pub retracted: usize,
    /// Records with errors (they are fixed first, then counted).
    pub with_errors: usize,
}

/// Everything the summaries are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The events by id.
    pub events: BTreeMap<String, Arc<Event>>,
    /// What was left out.
    pub left_out: LeftOut,
    /// The date overdue commitments are judged on.
    pub as_of: Day,
}

impl Dataset {
    /// The events in date order (then by id).
    pub fn chronological(&self) -> Vec<&Event> {
        let mut events: Vec<&Event> = self.events.values().map(|e| e.as_ref()).collect();
        events.sort_by(|a, b| (a.first_day, a.id()).cmp(&(b.first_day, b.id())));
        events
    }
}
