//! A301: every record has its own id.

use std::collections::HashMap;

use super::Entry;
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports two or more records with the same `id`, on each of them, naming the others.
    ///
    /// ## Why it matters
    /// Ids are how records are linked and cited. Two pull requests can each add a record with
    /// the same id (there is no central counter), and only the whole tree shows it.
    ///
    /// ## Example
    /// `records/2025/2025-05-19-pk-cn-meeting.yaml` and `records/drafts/2025-05-19-pk-cn-meeting.yaml`
    /// both with `id: "2025-05-19-pk-cn-meeting"`.
    ///
    /// ## Use instead
    /// Merge the two into one record (one event, one record, several sources), or give the later
    /// one a more specific slug.
    pub static RULE = ("A301", "duplicate-id", Error);
}

/// Reports repeated ids; returns every id with the entries that use it.
pub(crate) fn check<'a>(
    entries: &[Entry<'a>],
    out: &mut Vec<(usize, Diagnostic)>,
) -> HashMap<&'a str, Vec<usize>> {
    let mut ids: HashMap<&'a str, Vec<usize>> = HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        if let Some(id) = e.facts.id() {
            ids.entry(id).or_default().push(i);
        }
    }
    for (id, users) in &ids {
        if users.len() < 2 {
            continue;
        }
        for &i in users {
            let others: Vec<String> = users
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| format!("`{}`", entries[j].path.display()))
                .collect();
            let span = entries[i].facts.id.as_ref().map(|(_, s)| s.clone());
            out.push((
                i,
                Diagnostic::new(
                    &RULE,
                    format!("the id `{id}` is also used by {}", others.join(", ")),
                    span,
                )
                .with_label("not unique")
                .with_help(
                    "one event is one record: merge them, adding the other's sources; or give \
                     this one a more specific slug",
                ),
            ));
        }
    }
    ids
}
