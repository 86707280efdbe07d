//! A205: a date range runs forwards.

use std::cmp::Ordering;

use accord_schema::date::EventDate;

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an event date range whose start is after its end.
    ///
    /// ## Why it matters
    /// A reversed range is a typo; sorting and timelines would place the event wrongly.
    ///
    /// ## Example
    /// ```yaml
    /// date: "2025-05-27/2025-05-19"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025-05-19/2025-05-27"
    /// ```
    pub static RULE = ("A205", "reversed-range", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some((
        &EventDate {
            start,
            end: Some(end),
        },
        node,
    )) = cx.event_date()
    else {
        return;
    };
    if start.definitely_cmp(&end) == Some(Ordering::Greater) {
        out.push(
            Diagnostic::new(
                &RULE,
                format!("the range starts on `{start}`, after it ends on `{end}`"),
                Some(span_of(node, cx.source)),
            )
            .with_label("start after end")
            .with_help(format!("write `\"{end}/{start}\"` if the two are swapped")),
        );
    }
}
