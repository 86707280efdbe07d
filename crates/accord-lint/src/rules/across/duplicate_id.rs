//! A301: every record has its own id.

use super::index::File;
use super::{Index, RecordFacts, listed};
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

/// Reports the record's id when another record uses it too.
pub(crate) fn check(index: &Index, file: File, facts: &RecordFacts, out: &mut Vec<Diagnostic>) {
    let Some((id, span)) = &facts.id else { return };
    let users = index.users(id);
    if users.iter().all(|&f| f == file) {
        return;
    }
    let others = listed(users.iter().filter(|&&f| f != file).map(|&f| index.path(f)));
    out.push(
        Diagnostic::new(
            &RULE,
            format!("the id `{id}` is also used by {others}"),
            Some(span.clone()),
        )
        .with_label("not unique")
        .with_help(
            "one event is one record: merge them, adding the other's sources; or give \
             this one a more specific slug",
        ),
    );
}
