//! A304: two records that look like the same event.

use super::index::{File, group_key};
use super::{Index, RecordFacts, listed};
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

/// Reports the other records of the record's group that it is not linked to.
pub(crate) fn check(index: &Index, file: File, facts: &RecordFacts, out: &mut Vec<Diagnostic>) {
    let Some(key) = group_key(facts) else { return };
    let Some(own_id) = facts.id() else { return };
    let others: Vec<File> = index
        .group(&key)
        .iter()
        .copied()
        .filter(|&f| f != file)
        .filter(|&f| {
            // In the group (the index groups by a hash of the key), and not linked: neither
            // names the other in `related`, and the ids differ (records with one id are A301's
            // business).
            let Some(other) = index.facts(f) else {
                return false;
            };
            let Some(other_id) = other.id() else {
                return false;
            };
            group_key(other) == Some(key)
                && other_id != own_id
                && !facts.related.iter().any(|(r, _)| r == other_id)
                && !other.related.iter().any(|(r, _)| r == own_id)
        })
        .collect();
    if others.is_empty() {
        return;
    }
    let others = listed(others.into_iter().map(|f| index.path(f)));
    let (date, kind, _) = key;
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "this looks like the same event as {}: a `{kind}` of the same parties on `{date}`",
                others
            ),
            facts.id.as_ref().map(|(_, s)| s.clone()),
        )
        .with_label("possible duplicate")
        .with_help(
            "merge them into one record with several sources; if they are two events, link \
             them with `related` (relation `related`)",
        ),
    );
}
