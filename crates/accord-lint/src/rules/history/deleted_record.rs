//! A403: merged records are retracted, never deleted.

use super::{ChangeKind, Context};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a record that exists at the base commit (it has been merged) and is deleted by
    /// the change. Only checked with `accord lint --base`.
    ///
    /// ## Why it matters
    /// Published records are cited and linked; a deleted record breaks every such link and
    /// silently rewrites the dataset's history. A record that turned out wrong is retracted:
    /// it stays, says why, and summaries leave it out.
    ///
    /// ## Example
    /// `git rm records/2025/2025-05-19-pk-cn-wha-ministers-meeting.yaml`
    ///
    /// ## Use instead
    /// ```yaml
    /// retracted:
    ///   date: "2025-06-02"
    ///   reason: "Duplicate of 2025-05-19-pk-cn-health-talks, which has the fuller sources."
    /// ```
    pub static RULE = ("A403", "deleted-record", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.change.kind != ChangeKind::Deleted {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "the merged record {} is deleted (it exists at the base commit {})",
                cx.name(),
                cx.base
            ),
            None,
        )
        .with_help(
            "restore the file and retract it instead: add `retracted:` with a `date` and a \
             `reason`",
        ),
    );
}
