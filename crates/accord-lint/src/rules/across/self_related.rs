//! A303: a record is not related to itself.

use super::RecordFacts;
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `related` entry that names the record's own id.
    ///
    /// ## Why it matters
    /// A record cannot follow up, supersede or duplicate itself; the link is a copy-paste slip
    /// and the intended record is missing.
    ///
    /// ## Example
    /// In `2025-09-17-pk-ps-health-mou.yaml`:
    /// ```yaml
    /// related:
    ///   - id: "2025-09-17-pk-ps-health-mou"
    ///     relation: follow-up-of
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// related:
    ///   - id: "2025-05-19-pk-cn-wha-ministers-meeting"
    ///     relation: related
    /// ```
    pub static RULE = ("A303", "self-related", Error);
}

/// Reports `related` entries that name the record's own id.
pub(crate) fn check(facts: &RecordFacts, out: &mut Vec<Diagnostic>) {
    let Some(own) = facts.id() else { return };
    for (target, span) in &facts.related {
        if target == own {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("the record is related to itself (`{own}`)"),
                    Some(span.clone()),
                )
                .with_label("this record's own id")
                .with_help("name the other record's id, or remove the entry"),
            );
        }
    }
}
