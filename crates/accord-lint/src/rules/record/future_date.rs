//! A206: no date lies in the future.

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an event date, a source's `published` date or a retraction date that lies
    /// entirely after today. Commitments' `due` dates may be in the future.
    ///
    /// ## Why it matters
    /// The dataset records what has happened and been reported. A future date is a typo (often
    /// the wrong year), or a planned event recorded too early.
    ///
    /// ## Example
    /// ```yaml
    /// date: "2052-05-19"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025-05-19"
    /// ```
    /// A planned event is recorded when it is announced, dated at the announcement, with
    /// `status: announced`.
    pub static RULE = ("A206", "future-date", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let event = cx
        .event_date()
        .map(|(date, node)| (date.start, node, "the event"));
    let published = cx
        .published()
        .filter_map(|published| super::date(Some(published)))
        .map(|(date, node)| (date, node, "the source's publication"));
    let retracted =
        super::date(cx.retracted_date()).map(|(date, node)| (date, node, "the retraction"));
    for (date, node, what) in event.into_iter().chain(published).chain(retracted) {
        if date.first_day() > cx.today {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`{date}` is in the future (today is {})", cx.today),
                    Some(span_of(node, cx.source)),
                )
                .with_label(format!("{what} cannot be after today"))
                .with_help("check the year; record planned events when they are announced"),
            );
        }
    }
}
