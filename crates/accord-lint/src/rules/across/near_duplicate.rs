//! A304: two records that look like the same event.

use std::path::Path;

use super::index::group_key;
use super::{Index, RecordFacts};
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
pub(crate) fn check(index: &Index, path: &Path, facts: &RecordFacts, out: &mut Vec<Diagnostic>) {
    let Some(key) = group_key(facts) else { return };
    let Some(members) = index.groups.get(&key) else {
        return;
    };
    let Some(own_id) = facts.id() else { return };
    let others: Vec<String> = members
        .iter()
        .filter(|p| p.as_path() != path)
        .filter(|p| {
            // Not linked: neither names the other in `related`, and the ids differ (records
            // with one id are A301's business).
            let Some(other) = index.facts_of(p) else {
                return false;
            };
            let Some(other_id) = other.id() else {
                return false;
            };
            other_id != own_id
                && !facts.related.iter().any(|(r, _)| r == other_id)
                && !other.related.iter().any(|(r, _)| r == own_id)
        })
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if others.is_empty() {
        return;
    }
    let (date, kind, _) = key;
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "this looks like the same event as {}: a `{kind}` of the same parties on `{date}`",
                others.join(", ")
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
