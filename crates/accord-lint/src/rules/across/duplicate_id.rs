//! A301: every record has its own id.

use super::index::File;
use super::{Index, RecordFacts};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a record whose `id` an older record already has (one at the merge-base, else
    /// added earlier to git's history, else the first by path), naming it. The older record is
    /// not reported: it keeps its id and stays published, and only the newcomer is left out.
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

/// Reports the record's id when an older record uses it too: of the records sharing an id, the
/// oldest ([`RecordFacts::seniority`], then the first by path) keeps it and stays published;
/// each of the others is told which record has it.
pub(crate) fn check(index: &Index, file: File, facts: &RecordFacts, out: &mut Vec<Diagnostic>) {
    let Some((id, span)) = &facts.id else { return };
    let users = index.users(id);
    if users.iter().all(|&f| f == file) {
        return;
    }
    // The users are kept in path order: the eldest is the first of the least seniority.
    let seniority = |f: File| index.facts(f).map_or(u64::MAX, |x| x.seniority);
    let least = users.iter().map(|&f| seniority(f)).min().unwrap_or(0);
    let Some(&eldest) = users.iter().find(|&&f| seniority(f) == least) else {
        return;
    };
    if eldest == file {
        return;
    }
    let more = users.len().saturating_sub(2);
    let message = match more {
        0 => format!(
            "the id `{id}` is already used by `{}`, the older record",
            index.path(eldest).display()
        ),
        n => format!(
            "the id `{id}` is already used by `{}`, the oldest record, and by {} more",
            index.path(eldest).display(),
            crate::thousands(n)
        ),
    };
    out.push(
        Diagnostic::new(&RULE, message, Some(span.clone()))
            .with_label("not unique")
            .with_help(
                "one event is one record: add this record's sources to the older one and delete \
                 this file; or, if it is another event, give it a more specific slug",
            ),
    );
}
