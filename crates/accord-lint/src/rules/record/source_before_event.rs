//! A208: a source is not published before the event it reports.

use std::cmp::Ordering;

use super::{Context, date, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a source whose `published` date is before the event's date (for a range, its
    /// start). Dates are compared at their common precision: `2025-05` is not before
    /// `2025-05-19`.
    ///
    /// ## Why it matters
    /// A source cannot report an event that has not happened yet; one of the two dates is
    /// wrong, or the source announced a planned event, which is then the event to record.
    ///
    /// ## Example
    /// ```yaml
    /// date: "2025-09-17"
    /// sources:
    ///   - published: "2025-09-16"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025-09-17"
    /// sources:
    ///   - published: "2025-09-17"
    /// ```
    pub static RULE = ("A208", "source-before-event", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some((event, event_node)) = cx.event_date() else {
        return;
    };
    for published in cx.published() {
        let Some((published, node)) = date(Some(published)) else {
            continue;
        };
        if published.definitely_cmp(&event.start) == Some(Ordering::Less) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "the source was published on `{published}`, before the event on `{}`",
                        event.start
                    ),
                    Some(span_of(node, cx.source)),
                )
                .with_label("before the event")
                .with_related(span_of(event_node, cx.source), "the event date")
                .with_help(
                    "check both dates; if the source announced a planned event, record the \
                     announcement instead",
                ),
            );
        }
    }
}
