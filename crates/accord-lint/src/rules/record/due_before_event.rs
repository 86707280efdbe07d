//! A209: a commitment is not due before the event where it was made.

use std::cmp::Ordering;

use super::{Context, date, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a commitment whose explicit `due` date is before the event's date (for a range,
    /// its start). A `due: {within: P30D}` is counted from the event date and so is never early.
    ///
    /// ## Why it matters
    /// A commitment made at an event cannot fall due before it; summaries would list it as
    /// overdue from the day it was made.
    ///
    /// ## Example
    /// ```yaml
    /// date: "2025-09-17"
    /// commitments:
    ///   - text: "..."
    ///     due: "2025-08-17"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// commitments:
    ///   - text: "..."
    ///     due: "2025-10-17"
    /// ```
    /// or `due: {within: P30D}` when the source gives a period.
    pub static RULE = ("A209", "due-before-event", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some((event, event_node)) = cx.event_date() else {
        return;
    };
    for due in cx.due() {
        let Some((due, node)) = date(Some(due)) else {
            continue;
        };
        if due.definitely_cmp(&event.start) == Some(Ordering::Less) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "the commitment is due on `{due}`, before the event on `{}`",
                        event.start
                    ),
                    Some(span_of(node, cx.source)),
                )
                .with_label("before the event")
                .with_related(span_of(event_node, cx.source), "the event date")
                .with_help("check the year, or write `due: {within: P30D}` for a period"),
            );
        }
    }
}
