//! A217: money or goods are not disbursed before the event they come from.

use std::cmp::Ordering;

use super::{Context, date, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `value` at the stage `disbursed` whose `date` is before the event's date (for
    /// a range, its start).
    ///
    /// ## Why it matters
    /// What an event pledged or agreed cannot be paid or delivered before it happened; a date
    /// like that is a typo, or the record mixes two events (an earlier delivery belongs to a
    /// record of its own, linked with `related`).
    ///
    /// ## Example
    /// ```yaml
    /// date: "2025-09-17"
    /// value:
    ///   amount: "1000000"
    ///   currency: USD
    ///   stage: disbursed
    ///   date: "2025-08-01"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// value:
    ///   amount: "1000000"
    ///   currency: USD
    ///   stage: disbursed
    ///   date: "2025-10-01"
    /// ```
    pub static RULE = ("A217", "disbursed-before-event", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some((event, event_node)) = cx.event_date() else {
        return;
    };
    for value in cx.values() {
        if string(value.get("stage")).map(|(s, _)| s) != Some("disbursed") {
            continue;
        }
        let Some((when, node)) = date(value.get("date")) else {
            continue;
        };
        if when.definitely_cmp(&event.start) == Some(Ordering::Less) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "it is disbursed on `{when}`, before the event on `{}`",
                        event.start
                    ),
                    Some(span_of(node, cx.source)),
                )
                .with_label("before the event")
                .with_related(span_of(event_node, cx.source), "the event date")
                .with_help("check the year; an earlier delivery is an event of its own, linked with `related`"),
            );
        }
    }
}
