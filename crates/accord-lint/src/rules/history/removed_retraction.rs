//! A404: a retraction stays.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a record that was retracted at the base commit and is no longer retracted.
    /// Only checked with `accord lint --base`.
    ///
    /// ## Why it matters
    /// A retraction is part of the public record: readers and summaries rely on it. Quietly
    /// removing it brings a withdrawn claim back without review.
    ///
    /// ## Example
    /// A change that deletes the `retracted:` block of a record.
    ///
    /// ## Use instead
    /// Keep the retraction. If the record was retracted by mistake, add a new record with the
    /// corrected information and link it with `related` (`relation: supersedes`).
    pub static RULE = ("A404", "removed-retraction", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(current) = cx.current else { return };
    if !cx.base_retracted {
        return;
    }
    let still = current.facts.as_ref().is_some_and(|f| f.retracted);
    if still || current.facts.is_none() {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "the retraction of {} was removed (it is retracted at the base commit {})",
                cx.name(),
                cx.base
            ),
            cx.current_id().map(|(_, span)| span),
        )
        .with_label("no longer retracted")
        .with_help(
            "restore the `retracted:` block; to correct a retracted record, add a new record that \
             supersedes it",
        ),
    );
}
