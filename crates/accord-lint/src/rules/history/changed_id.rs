//! A401: a merged record's id never changes.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a merged record whose `id` differs from its id at the base commit. Only checked
    /// with `accord lint --base`.
    ///
    /// ## Why it matters
    /// Ids are how records are cited, linked with `related` and found by readers. They are set
    /// once, when the record is added; even a corrected date does not rename a record.
    ///
    /// ## Example
    /// ```yaml
    /// id: "2025-05-20-pk-cn-wha-ministers-meeting"   # was 2025-05-19-...
    /// ```
    ///
    /// ## Use instead
    /// Keep the old id and correct `date` only; if the id no longer matches the date, add
    /// `# accord: allow(id-date-mismatch) the date was corrected after merging`.
    pub static RULE = ("A401", "changed-id", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(old), Some((new, span))) = (&cx.base_id, cx.current_id()) else {
        return;
    };
    if old != new {
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "the id of a merged record changed from `{old}` to `{new}` (since the base commit {})",
                    cx.base
                ),
                Some(span),
            )
            .with_label(format!("was `{old}`"))
            .with_help(format!(
                "set `id: \"{old}\"` again; a merged record keeps its id even when its date is corrected"
            )),
        );
    }
}
