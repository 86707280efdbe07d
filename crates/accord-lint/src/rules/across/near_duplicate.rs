//! A304: two records that look like the same event.

use std::collections::HashMap;

use super::Entry;
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Warns about two records, neither retracted nor linked to the other by `related`, with
    /// the same event date (its start), the same set of parties and the same `type`.
    ///
    /// ## Why it matters
    /// One real event is one record: the same meeting reported by three outlets is one record
    /// with three sources. Duplicates inflate every count in the summaries.
    ///
    /// ## Example
    /// `2025-05-19-pk-cn-wha-ministers-meeting` and `2025-05-19-pakistan-china-health-talks`,
    /// both a `meeting` of `PK` and `CN` on `2025-05-19`.
    ///
    /// ## Use instead
    /// One record with both sources. If they really are two events (two meetings the same day),
    /// link them with `related` and `relation: related`, which silences this warning.
    pub static RULE = ("A304", "near-duplicate", Warning);
}

pub(crate) fn check(entries: &[Entry<'_>], out: &mut Vec<(usize, Diagnostic)>) {
    type Key<'a> = (&'a str, &'a str, &'a [String]);
    let mut groups: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let f = e.facts;
        if f.retracted || f.parties.len() < 2 {
            continue;
        }
        let (Some(date), Some(kind), Some(_)) = (&f.date, &f.event_type, f.id()) else {
            continue;
        };
        groups
            .entry((date.as_str(), kind.as_str(), f.parties.as_slice()))
            .or_default()
            .push(i);
    }
    for ((date, kind, _), members) in &groups {
        if members.len() < 2 {
            continue;
        }
        for &i in members {
            let own = entries[i].facts;
            let linked = |j: usize| {
                let other = entries[j].facts;
                let (Some(a), Some(b)) = (own.id(), other.id()) else {
                    return true;
                };
                a == b
                    || own.related.iter().any(|(r, _)| r == b)
                    || other.related.iter().any(|(r, _)| r == a)
            };
            let others: Vec<String> = members
                .iter()
                .filter(|&&j| j != i && !linked(j))
                .map(|&j| format!("`{}`", entries[j].path.display()))
                .collect();
            if others.is_empty() {
                continue;
            }
            let span = own.id.as_ref().map(|(_, s)| s.clone());
            out.push((
                i,
                Diagnostic::new(
                    &RULE,
                    format!(
                        "this looks like the same event as {}: a `{kind}` of the same parties on `{date}`",
                        others.join(", ")
                    ),
                    span,
                )
                .with_label("possible duplicate")
                .with_help(
                    "merge them into one record with several sources; if they are two events, link \
                     them with `related` (relation `related`)",
                ),
            ));
        }
    }
}
