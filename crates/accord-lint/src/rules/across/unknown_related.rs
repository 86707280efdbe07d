//! A302: `related` ids name existing records.

use super::{Index, RecordFacts};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Reports a `related` entry whose `id` is not the id of any record in the tree, with the
    /// nearest existing id.
    ///
    /// ## Why it matters
    /// A broken link leaves the reader of the dataset with a reference they cannot follow, and
    /// usually means a typo in the id.
    ///
    /// ## Example
    /// ```yaml
    /// related:
    ///   - id: "2025-05-19-pk-cn-wha-minister-meeting"
    ///     relation: follow-up-of
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// related:
    ///   - id: "2025-05-19-pk-cn-wha-ministers-meeting"
    ///     relation: follow-up-of
    /// ```
    pub static RULE = ("A302", "unknown-related", Error);
}

/// Reports each `related` id that no record has, with the nearest id in use.
pub(crate) fn check(index: &Index, facts: &RecordFacts, out: &mut Vec<Diagnostic>) {
    for (target, span) in &facts.related {
        if index.has_id(target) {
            continue;
        }
        let d = Diagnostic::new(
            &RULE,
            format!("no record has the id `{target}`"),
            Some(span.clone()),
        )
        .with_label("unknown id");
        out.push(match did_you_mean(target, index.id_list()) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help("link the id of a record under `records/`"),
        });
    }
}
