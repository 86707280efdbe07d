//! The dataset as the summaries see it: the valid, unretracted records, each with what can be
//! derived from it (its first and last day, its parties' names, its commitments' due dates),
//! and the count of records left out.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use accord_schema::Record;
use accord_schema::Vocabularies;
use accord_schema::date::{Day, EventDate, PartialDate};
use accord_schema::record::{Due, Party};

use rayon::prelude::*;

use crate::aggregate::Tally;
use crate::browse::{Key, KeyRef, key_refs_of};

/// A commit, as provenance reports it; null when the history available does not tell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Commit {
    /// Full commit id.
    #[schemars(regex(pattern = r"^[0-9a-f]{40}$"))]
    pub id: String,
    /// The author's name.
    pub author: String,
    /// The author date, UTC.
    #[schemars(extend("format" = "date-time"))]
    pub date: String,
}

/// Who added and last changed the record, from git; null outside git.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Provenance {
    /// The commit that added the record.
    pub added: Option<Commit>,
    /// The newest commit that changed it.
    pub last_changed: Option<Commit>,
}

/// A party with its English name.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
pub struct PartyName {
    /// What the party is.
    #[schemars(extend("enum" = ["country", "organization"]))]
    pub kind: &'static str,
    /// ISO 3166-1 alpha-2 code or organisation id.
    pub code: Arc<str>,
    /// English name.
    pub name: Arc<str>,
}

/// One shared copy of each code, name and label the events carry: the same few hundred
/// countries, organisations and areas recur in every event, and 100,000 events would otherwise
/// hold a million small strings. Made by whoever makes the events (one per site). Found by
/// foldhash, seeded afresh in each process: a record's codes are a stranger's choice, so the
/// hash must not be one whose collisions can be made ahead (as FxHash's can), and SipHash,
/// the standard library's, was a quarter of the time an event took to derive.
#[derive(Debug, Default)]
pub struct Names(
    std::sync::RwLock<std::collections::HashSet<Arc<str>, foldhash::fast::RandomState>>,
);

impl Names {
    /// The shared copy of `text`.
    pub fn get(&self, text: &str) -> Arc<str> {
        if let Some(found) = self.0.read().ok().and_then(|set| set.get(text).cloned()) {
            return found;
        }
        let shared: Arc<str> = Arc::from(text);
        match self.0.write() {
            Ok(mut set) => set.get(text).cloned().unwrap_or_else(|| {
                set.insert(Arc::clone(&shared));
                shared
            }),
            Err(_) => shared,
        }
    }
}

/// A commitment's derived facts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct DerivedCommitment {
    /// The last day it is due on, from `due` or the event date plus `within`; null when no due
    /// date is given.
    #[serde(serialize_with = "day_text")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub due: Option<Day>,
    /// Open, and due before `as_of`.
    pub overdue: bool,
}

/// Writes a day as its text, `YYYY-MM-DD`.
fn day_text<S: serde::Serializer>(day: &Option<Day>, to: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(day) => to.collect_str(day),
        None => to.serialize_none(),
    }
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
    /// How precisely the sources date the event.
    pub precision: Precision,
    /// The parties with their names, in record order.
    pub parties: Vec<PartyName>,
    /// The areas' labels from the vocabulary, in record order (the id where it has none).
    pub area_labels: Vec<Arc<str>>,
    /// Per commitment, in record order.
    pub commitments: Vec<DerivedCommitment>,
    /// Who added and last changed the record, when known.
    pub provenance: Option<Box<Provenance>>,
    /// When the record last changed (`YYYY-MM-DDTHH:MM:SSZ`): its last commit's time, or the
    /// start of the "as of" day for a record git does not know yet. The feeds order by it.
    pub updated: String,
    /// The event's row in the browse pages, made the first time a page lists it: every one of
    /// its parties', areas' and year's pages lists the same row. An edit makes a new event.
    pub(crate) browse_row: Memo,
}

/// A value made from an event the first time it is needed, and kept with it. It is not part of
/// what the event is: two events that differ only in what they have made so far are equal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memo(std::sync::OnceLock<Box<str>>);

impl Memo {
    /// The value, made by `make` if this is the first time.
    pub(crate) fn get_or_make(&self, make: impl FnOnce() -> String) -> &str {
        self.0.get_or_init(|| make().into_boxed_str())
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

/// How precisely an event is dated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Precision {
    /// The date (or the start of a range) names its month: the event is in the month view.
    /// An event dated only by its year is counted in its year, never in a made-up month.
    pub month_known: bool,
    /// The date is approximate (`~`).
    pub approximate: bool,
    /// The date is uncertain (`?`).
    pub uncertain: bool,
}

impl Precision {
    /// The precision of an event date as written (`2025`, `2025-05~`, `2025-05-19?/2025-05-27`).
    pub fn of(text: &str, date: &EventDate) -> Precision {
        Precision {
            month_known: date.start.month.is_some(),
            approximate: text.contains('~'),
            uncertain: text.contains('?'),
        }
    }
}

impl Event {
    /// The event's id.
    pub fn id(&self) -> &str {
        &self.record.id.0
    }
}

/// The name of a party.
pub fn party_name(party: &Party, vocabularies: &Vocabularies, names: &Names) -> Option<PartyName> {
    if let Some(code) = &party.country {
        let name = accord_schema::vocab::country(&code.0).map_or(code.0.as_str(), |c| c.name);
        return Some(PartyName {
            kind: "country",
            code: names.get(&code.0),
            name: names.get(name),
        });
    }
    let id = party.organization.as_ref()?;
    let name = vocabularies
        .organization(&id.0)
        .map_or(id.0.as_str(), |o| o.name.as_str());
    Some(PartyName {
        kind: "organization",
        code: names.get(&id.0),
        name: names.get(name),
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
    event_sharing(
        path,
        record,
        vocabularies,
        as_of,
        provenance,
        &Names::default(),
    )
}

/// [`event`], its codes, names and labels shared through `names` with the other events.
pub fn event_sharing(
    path: String,
    record: Record,
    vocabularies: &Vocabularies,
    as_of: Day,
    provenance: Option<Provenance>,
    names: &Names,
) -> Option<Event> {
    let date = EventDate::parse(&record.date.0).ok()?;
    let first_day = date.start.first_day();
    let last_day = date.end.unwrap_or(date.start).last_day();
    let parties = record
        .parties
        .iter()
        .filter_map(|p| party_name(p, vocabularies, names))
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
                due,
                overdue: open && due.is_some_and(|d| d < as_of),
            }
        })
        .collect();
    let precision = Precision::of(&record.date.0, &date);
    let area_labels = record
        .areas
        .iter()
        .map(|a| {
            names.get(
                vocabularies
                    .area(&a.0)
                    .map_or(a.0.as_str(), |v| v.label.as_str()),
            )
        })
        .collect();
    let updated = provenance
        .as_ref()
        .and_then(|p| p.last_changed.as_ref().or(p.added.as_ref()))
        .map_or_else(
            || {
                // (Not formatted: this is made for every event git does not know yet.)
                let mut text = String::with_capacity(20);
                as_of.push_to(&mut text);
                text.push_str("T00:00:00Z");
                text
            },
            |c| c.date.clone(),
        );
    Some(Event {
        updated,
        path,
        record,
        first_day,
        last_day,
        precision,
        parties,
        area_labels,
        commitments,
        provenance: provenance.map(Box::new),
        browse_row: Memo::default(),
    })
}

/// The running counts of some events, taken ahead of the dataset they are for
/// ([`Dataset::with_counts`]).
#[derive(Debug)]
pub struct Counted {
    /// The events counted, one per id, in id order (as the dataset keeps them).
    events: Vec<Arc<Event>>,
    tally: Tally,
}

impl Counted {
    /// Counts these events (of events with one id, the last given, as in a dataset).
    pub fn of(events: Vec<Arc<Event>>) -> Counted {
        let events = last_of_each_id(events);
        let tally = Tally::of(&events);
        Counted { events, tally }
    }
}

/// Records left out, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct LeftOut {
    /// Retracted records.
    pub retracted: usize,
    /// Records with errors.
    pub with_errors: usize,
}

/// Everything the summaries are made from: the events, kept in id and date order with their
/// running aggregates, so that adding or removing one event costs what that event touches.
#[derive(Debug, Clone)]
pub struct Dataset {
    as_of: Day,
    /// What was left out.
    pub left_out: LeftOut,
    by_id: BTreeSet<ById>,
    /// The events listed under each browse key, in date order. Every event is under its
    /// year's key, so the years' lists, in turn, are the events in date order.
    by_key: BTreeMap<Key, BTreeSet<Dated>>,
    /// The retracted events, by id: they are in no figure, but keep their pages and are in the
    /// feeds.
    retracted: BTreeSet<ById>,
    /// The events and retracted events of each feed (`None` for the whole dataset's), by
    /// the time they last changed.
    recent: BTreeMap<Option<Key>, BTreeSet<Timed>>,
    /// Which events (and retracted events: `true`) name which as related: `(to, from,
    /// retracted)`. A page links a related event only when it has a page, so the pages linking
    /// to one that comes or goes are found here, not by a scan.
    links: BTreeSet<(String, String, bool)>,
    pub(crate) tally: Tally,
}

/// The feeds an event is in: the whole dataset's (`None`) and its keys' that have one.
fn feeds_of(event: &Event) -> Vec<Option<Key>> {
    feeds_among(&key_refs_of(event))
        .map(|feed| feed.map(KeyRef::to_key))
        .collect()
}

/// The feeds of an event with these keys ([`key_refs_of`]): the whole dataset's (`None`) and
/// those of its keys that have one.
fn feeds_among<'k, 'a>(keys: &'k [KeyRef<'a>]) -> impl Iterator<Item = Option<KeyRef<'a>>> + 'k {
    std::iter::once(None).chain(keys.iter().filter(|k| k.has_feed()).copied().map(Some))
}

/// Events in id order, one per id: the last given of each.
fn last_of_each_id(events: Vec<Arc<Event>>) -> Vec<Arc<Event>> {
    let mut numbered: Vec<(usize, Arc<Event>)> = events.into_iter().enumerate().collect();
    numbered.par_sort_unstable_by(|a, b| a.1.id().cmp(b.1.id()).then(a.0.cmp(&b.0)));
    let mut kept: Vec<Arc<Event>> = Vec::with_capacity(numbered.len());
    for (_, event) in numbered {
        match kept.last_mut() {
            Some(last) if last.id() == event.id() => *last = event,
            _ => kept.push(event),
        }
    }
    kept
}

/// `(key, item)` pairs, the items of each key in order, as a map of sets: each set is built
/// from its sorted list, not item by item. The keys come borrowed (`B`): each distinct one is
/// made an owned key (`own`) once, not once per item.
fn grouped<B, K, T>(
    pairs: impl IntoIterator<Item = (B, T)>,
    own: impl Fn(B) -> K + Sync,
) -> BTreeMap<K, BTreeSet<T>>
where
    B: Eq + std::hash::Hash + Send,
    K: Ord + Send,
    T: Ord + Send,
{
    let mut lists: foldhash::HashMap<B, Vec<T>> = foldhash::HashMap::default();
    for (key, item) in pairs {
        lists.entry(key).or_default().push(item);
    }
    // The sets are built side by side: there are a few hundred keys.
    let sets: Vec<(K, BTreeSet<T>)> = lists
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(key, list)| (own(key), BTreeSet::from_iter(list)))
        .collect();
    sets.into_iter().collect()
}

/// Events by id, from events in id order, one per id.
// (What an event makes for itself later, its browse row, is not part of its order: a set of
// events by id stays ordered.)
#[allow(clippy::mutable_key_type)]
fn by_id(events: &[Arc<Event>]) -> BTreeSet<ById> {
    BTreeSet::from_iter(events.iter().map(|e| ById(Arc::clone(e))))
}

/// Each browse key's events in date order (`keys[i]` are `events[i]`'s).
fn by_key(events: &[Arc<Event>], keys: &[Vec<KeyRef<'_>>]) -> BTreeMap<Key, BTreeSet<Dated>> {
    let mut dated: Vec<(Dated, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (Dated::new(e), i))
        .collect();
    dated.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (n, (d, _)) in dated.iter_mut().enumerate() {
        d.2 = rank_of(n);
    }
    grouped(
        dated
            .iter()
            .flat_map(|(d, i)| keys[*i].iter().map(move |&k| (k, d.clone()))),
        KeyRef::to_key,
    )
}

/// Each feed's events and retracted events by the time they last changed (`keys[i]` are
/// `events[i]`'s; a retracted event's are found here, as it has no browse lists).
fn by_feed(
    events: &[Arc<Event>],
    retracted: &[Arc<Event>],
    keys: &[Vec<KeyRef<'_>>],
) -> BTreeMap<Option<Key>, BTreeSet<Timed>> {
    let retracted_keys: Vec<Vec<KeyRef<'_>>> = retracted.iter().map(|e| key_refs_of(e)).collect();
    let mut timed: Vec<(Timed, &[KeyRef<'_>])> = events
        .iter()
        .zip(keys)
        .chain(retracted.iter().zip(&retracted_keys))
        .map(|(e, keys)| (Timed(Arc::clone(e), 0), &keys[..]))
        .collect();
    timed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (n, (t, _)) in timed.iter_mut().enumerate() {
        t.1 = rank_of(n);
    }
    grouped(
        timed
            .iter()
            .flat_map(|(t, keys)| feeds_among(keys).map(move |feed| (feed, t.clone()))),
        |feed: Option<KeyRef<'_>>| feed.map(KeyRef::to_key),
    )
}

/// The rank of the `n`th of a whole dataset's entries, sorted ([`ordered_by_order`]): from 1,
/// or 0 (unranked: compared in full) past what a `u32` counts.
fn rank_of(n: usize) -> u32 {
    n.checked_add(1)
        .and_then(|r| u32::try_from(r).ok())
        .unwrap_or(0)
}

/// Which events (and retracted events: `true`) name which as related: `(to, from, retracted)`.
fn links_of(events: &[Arc<Event>], retracted: &[Arc<Event>]) -> BTreeSet<(String, String, bool)> {
    let mut links: Vec<(String, String, bool)> = Vec::new();
    for (list, is_retracted) in [(events, false), (retracted, true)] {
        for e in list {
            links.extend(e.record.related.iter().map(|related| {
                (
                    related.id.0.as_str().to_owned(),
                    e.id().to_owned(),
                    is_retracted,
                )
            }));
        }
    }
    links.par_sort_unstable();
    BTreeSet::from_iter(links)
}

/// Equality and order of a type by what its `order()` gives (a tuple of its sort keys, some
/// read through the event it holds).
///
/// `ranked`: except between two entries that both have a `rank()`, their place among the
/// entries of the one sort a whole dataset's index is built from. Ranks are given in that
/// order (one each, as the entries of a whole dataset differ), so comparing them says what
/// comparing the entries in full would, without reading the events: building the sets of
/// 100,000 events compares about a million and a half pairs, and the order is read through
/// each event's strings. An entry put in later has no rank (0) and is compared in full, which
/// agrees with every rank.
macro_rules! ordered_by_order {
    ($t:ty) => {
        $crate::model::ordered_by_order!(@impls $t, |a: &$t, b: &$t| a.order().cmp(&b.order()));
    };
    ($t:ty, ranked) => {
        $crate::model::ordered_by_order!(@impls $t, |a: &$t, b: &$t| match (a.rank(), b.rank()) {
            (0, _) | (_, 0) => a.order().cmp(&b.order()),
            (x, y) => x.cmp(&y),
        });
    };
    (@impls $t:ty, $cmp:expr) => {
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other).is_eq()
            }
        }

        impl Eq for $t {}

        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $t {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                ($cmp)(self, other)
            }
        }
    };
}
pub(crate) use ordered_by_order;

ordered_by_order!(Dated, ranked);
ordered_by_order!(Timed, ranked);

/// An event ordered by date, then id, as the browse pages list them, with the hash of its id
/// that says whether a page begins with it (kept here, so that laying out a key's pages reads
/// no event), and its rank ([`ordered_by_order`]).
#[derive(Debug, Clone)]
struct Dated(Arc<Event>, u64, u32);

impl Dated {
    fn new(event: &Arc<Event>) -> Dated {
        Dated(Arc::clone(event), crate::browse::page_hash(event.id()), 0)
    }

    fn order(&self) -> (Day, &str) {
        (self.0.first_day, self.0.id())
    }

    fn rank(&self) -> u32 {
        self.2
    }
}

/// An event in a set ordered, and looked up, by its id.
#[derive(Debug, Clone)]
struct ById(Arc<Event>);

impl std::borrow::Borrow<str> for ById {
    fn borrow(&self) -> &str {
        self.0.id()
    }
}

impl ById {
    /// (As `str` orders: the set is looked up by `&str`.)
    fn order(&self) -> &str {
        self.0.id()
    }
}

ordered_by_order!(ById);

/// An event ordered by when it last changed, then id, as the feeds list them; of an event and
/// a retracted event with one id and time (only when `duplicate-id` is not an error), the
/// retracted one is listed last, and both are kept.
#[derive(Debug, Clone)]
struct Timed(Arc<Event>, u32);

impl Timed {
    fn order(&self) -> (&str, &str, bool) {
        (
            &self.0.updated,
            self.0.id(),
            self.0.record.retracted.is_some(),
        )
    }

    fn rank(&self) -> u32 {
        self.1
    }
}

impl Dataset {
    /// An empty dataset; `as_of` is the date overdue commitments are judged on.
    pub fn new(as_of: Day) -> Dataset {
        Dataset {
            as_of,
            left_out: LeftOut::default(),
            by_id: BTreeSet::new(),
            by_key: BTreeMap::new(),
            retracted: BTreeSet::new(),
            recent: BTreeMap::new(),
            links: BTreeSet::new(),
            tally: Tally::default(),
        }
    }

    /// A dataset of these events (a later event with an id already seen replaces the earlier).
    pub fn of(
        as_of: Day,
        events: impl IntoIterator<Item = Arc<Event>>,
        left_out: LeftOut,
    ) -> Dataset {
        Dataset::with_retracted(as_of, events.into_iter().collect(), Vec::new(), left_out)
    }

    /// A dataset of these events and retracted events, as inserting the events and retracting
    /// the retracted ones would make it (of events with one id, the last given is kept), but
    /// built in one go: every index is sorted once, in parallel, and built from its sorted
    /// entries, where inserting 100,000 events one by one took more than a second. The running
    /// counts are taken meanwhile.
    pub fn with_retracted(
        as_of: Day,
        events: Vec<Arc<Event>>,
        retracted: Vec<Arc<Event>>,
        left_out: LeftOut,
    ) -> Dataset {
        Dataset::with_counts(as_of, events, retracted, left_out, None)
    }

    /// [`Dataset::with_retracted`], with the counts taken ahead of time (while the caller
    /// waited on something else) of events that were expected to be these: they are used
    /// when they were exactly these, and the counts are taken again otherwise.
    pub fn with_counts(
        as_of: Day,
        events: Vec<Arc<Event>>,
        retracted: Vec<Arc<Event>>,
        left_out: LeftOut,
        ahead: Option<Counted>,
    ) -> Dataset {
        let events = last_of_each_id(events);
        let retracted = last_of_each_id(retracted);
        let ahead = ahead.filter(|counted| {
            counted.events.len() == events.len()
                && counted
                    .events
                    .iter()
                    .zip(&events)
                    .all(|(a, b)| Arc::ptr_eq(a, b))
        });
        let tally = || match ahead {
            Some(counted) => counted.tally,
            None => Tally::of(&events),
        };
        // Each index is filled in its own order, sorted once over the events (not over every
        // entry of every key): each key's list then comes out sorted. An event's keys are found
        // once, for its browse lists and its feeds alike.
        let keys: Vec<Vec<KeyRef<'_>>> = events.par_iter().map(|e| key_refs_of(e)).collect();
        let indexes = || {
            rayon::join(
                || {
                    rayon::join(
                        || by_key(&events, &keys),
                        || (by_id(&events), by_id(&retracted)),
                    )
                },
                || {
                    rayon::join(
                        || by_feed(&events, &retracted, &keys),
                        || links_of(&events, &retracted),
                    )
                },
            )
        };
        let (tally, ((by_key, (by_id, retracted_by_id)), (recent, links))) =
            rayon::join(tally, indexes);
        Dataset {
            as_of,
            left_out,
            by_id,
            by_key,
            retracted: retracted_by_id,
            recent,
            links,
            tally,
        }
    }

    /// The date overdue commitments are judged on.
    pub fn as_of(&self) -> Day {
        self.as_of
    }

    /// Adds an event, replacing the one with the same id; returns the one replaced.
    pub fn insert(&mut self, event: Arc<Event>) -> Option<Arc<Event>> {
        let old = self.remove(event.id());
        self.tally.apply(&event, true);
        for key in crate::browse::keys_of(&event) {
            self.by_key
                .entry(key)
                .or_default()
                .insert(Dated::new(&event));
        }
        self.note_recent(&event, true);
        self.note_links(&event, false, true);
        self.by_id.insert(ById(event));
        old
    }

    /// Removes the event with this id; returns it.
    pub fn remove(&mut self, id: &str) -> Option<Arc<Event>> {
        let ById(old) = self.by_id.take(id)?;
        let dated = Dated::new(&old);
        for key in crate::browse::keys_of(&old) {
            if let Some(set) = self.by_key.get_mut(&key) {
                set.remove(&dated);
                if set.is_empty() {
                    self.by_key.remove(&key);
                }
            }
        }
        self.note_recent(&old, false);
        self.note_links(&old, false, false);
        self.tally.apply(&old, false);
        Some(old)
    }

    /// Puts an event in the feeds' index, or takes it out.
    fn note_recent(&mut self, event: &Arc<Event>, add: bool) {
        let timed = Timed(Arc::clone(event), 0);
        for feed in feeds_of(event) {
            if add {
                self.recent.entry(feed).or_default().insert(timed.clone());
            } else if let Some(set) = self.recent.get_mut(&feed) {
                set.remove(&timed);
                if set.is_empty() {
                    self.recent.remove(&feed);
                }
            }
        }
    }

    /// Notes the related events an event names, or forgets them.
    fn note_links(&mut self, event: &Event, retracted: bool, add: bool) {
        for related in &event.record.related {
            let link = (
                related.id.0.as_str().to_owned(),
                event.id().to_owned(),
                retracted,
            );
            if add {
                self.links.insert(link);
            } else {
                self.links.remove(&link);
            }
        }
    }

    /// The ids of the events and retracted events that name `id` as related.
    pub fn linking_to<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a str> + 'a {
        let start = (id.to_owned(), String::new(), false);
        let id = id.to_owned();
        self.links
            .range(start..)
            .take_while(move |(to, _, _)| *to == id)
            .map(|(_, from, _)| from.as_str())
    }

    /// Keeps a retracted event (replacing the one retracted under its id, which it returns):
    /// it keeps its page and is in the feeds, and in nothing else.
    pub fn retract(&mut self, event: Arc<Event>) -> Option<Arc<Event>> {
        let old = self.retracted.take(event.id()).map(|ById(old)| old);
        if let Some(old) = &old {
            self.note_recent(old, false);
            self.note_links(old, true, false);
        }
        self.note_recent(&event, true);
        self.note_links(&event, true, true);
        self.retracted.insert(ById(event));
        old
    }

    /// Forgets the retracted event with this id; returns it.
    pub fn unretract(&mut self, id: &str) -> Option<Arc<Event>> {
        let ById(old) = self.retracted.take(id)?;
        self.note_recent(&old, false);
        self.note_links(&old, true, false);
        Some(old)
    }

    /// The retracted event with this id.
    pub fn retracted(&self, id: &str) -> Option<&Arc<Event>> {
        self.retracted.get(id).map(|e| &e.0)
    }

    /// The retracted events, in id order.
    pub fn retracted_events(&self) -> impl Iterator<Item = &Event> {
        self.retracted.iter().map(|e| e.0.as_ref())
    }

    /// The events and retracted events of a feed (`None`: the whole dataset's), the one changed
    /// last first.
    pub fn recent(&self, feed: Option<&Key>) -> impl Iterator<Item = &Event> {
        self.recent
            .get(&feed.cloned())
            .into_iter()
            .flat_map(|set| set.iter().rev().map(|t| t.0.as_ref()))
    }

    /// The event with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Event>> {
        self.by_id.get(id).map(|e| &e.0)
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The events in id order.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.by_id.iter().map(|e| e.0.as_ref())
    }

    /// The events in date order (then by id): the years' lists, one after another (the
    /// range of year keys alone, wherever the other kinds of key sort).
    pub fn chronological(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.by_key
            .range(Key::Year(i32::MIN)..=Key::Year(i32::MAX))
            .flat_map(|(_, set)| set.iter().map(|d| d.0.as_ref()))
    }

    /// The events whose first day is in this year, in date order.
    pub fn year(&self, year: i32) -> impl DoubleEndedIterator<Item = &Event> {
        self.year_arcs(year).map(AsRef::as_ref)
    }

    /// The events whose first day is in this year, in date order, shared.
    pub fn year_arcs(&self, year: i32) -> impl DoubleEndedIterator<Item = &Arc<Event>> {
        self.listed_arcs(&Key::Year(year))
    }

    /// How many commitments the events of a year made.
    pub fn commitments_in(&self, year: i32) -> usize {
        self.tally.year_commitments.get(&year).copied().unwrap_or(0)
    }

    /// The browse keys with events, in order, with how many each.
    pub fn keys(&self) -> impl Iterator<Item = (&Key, usize)> {
        self.by_key.iter().map(|(k, set)| (k, set.len()))
    }

    /// The events listed under a key, oldest first.
    pub fn listed(&self, key: &Key) -> impl DoubleEndedIterator<Item = &Event> {
        self.listed_arcs(key).map(AsRef::as_ref)
    }

    /// The events listed under a key, oldest first, shared.
    pub fn listed_arcs<'a>(
        &'a self,
        key: &Key,
    ) -> impl DoubleEndedIterator<Item = &'a Arc<Event>> + use<'a> {
        self.by_key
            .get(key)
            .into_iter()
            .flat_map(|set| set.iter().map(|d| &d.0))
    }

    /// The events listed under a key, oldest first, each with its page hash
    /// ([`crate::browse::page_hash`]).
    pub fn listed_hashed(&self, key: &Key) -> impl Iterator<Item = (&Arc<Event>, u64)> {
        self.by_key
            .get(key)
            .into_iter()
            .flat_map(|set| set.iter().map(|d| (&d.0, d.1)))
    }

    /// The events listed under a key from `first` on (by date, then id), oldest first.
    pub fn listed_from<'a>(
        &'a self,
        key: &Key,
        first: &Arc<Event>,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        let from = Dated::new(first);
        self.by_key
            .get(key)
            .into_iter()
            .flat_map(move |set| set.range(from.clone()..).map(|d| d.0.as_ref()))
    }

    /// The years with events, with how many each.
    pub fn years(&self) -> &BTreeMap<i32, usize> {
        &self.tally.years
    }
}
