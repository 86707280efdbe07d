//! A204: dates that have the right form but are not days of the calendar.

use accord_schema::date::{DateError, PartialDate, days_in_month};

use super::{Context, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a date of the right form that is not a real calendar date, such as `2025-02-29`
    /// (2025 is not a leap year), `2025-04-31` or the year `0000`, in the event date (either end
    /// of a range), a source's `published`, a commitment's `due` and a retraction's `date`; and
    /// a commitment due `within` a period that runs past the year 9999.
    ///
    /// ## Why it matters
    /// An impossible date is a typo that hides the real one, and tools that parse dates either
    /// reject the record or roll it over into the next month.
    ///
    /// ## Example
    /// ```yaml
    /// date: "2025-02-29"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025-02-28"
    /// ```
    /// or the precision the source supports, such as `"2025-02"`.
    pub static RULE = ("A204", "invalid-date", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    within_range(cx, out);
    for field in cx.date_field().into_iter().chain(cx.other_dates()) {
        let Some((text, node)) = string(Some(field)) else {
            continue;
        };
        for part in text.split('/') {
            let part = part.trim_end_matches(['~', '?']);
            if let Err(DateError::NotInCalendar(_)) = PartialDate::parse(part) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!("`{part}` is not a day of the calendar"),
                        Some(span_of(node, cx.source)),
                    )
                    .with_label("no such day")
                    .with_help(why(part)),
                );
            }
        }
    }
}

/// Reports a `due: {within: ...}` whose due day would fall past 9999-12-31.
fn within_range(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some((event, _)) = cx.event_date() else {
        return;
    };
    let start = event.start.first_day();
    for due in cx.due() {
        let Some((within, node)) = string(due.get("within")) else {
            continue;
        };
        if accord_schema::date::parse_duration(within).is_some() && start.plus(within).is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`{within}` after the event is past the year 9999"),
                    Some(span_of(node, cx.source)),
                )
                .with_label("too far")
                .with_help(
                    "write the period the source gives, such as `P5Y`; dates run to 9999-12-31",
                ),
            );
        }
    }
}

/// Says how many days the month has.
fn why(text: &str) -> String {
    let mut parts = text.split('-');
    let year = parts.next().and_then(|y| y.parse::<i32>().ok());
    let month = parts.next().and_then(|m| m.parse::<u8>().ok());
    match (year, month) {
        (Some(0), _) => "years run from 0001: check the year".to_owned(),
        (Some(year), Some(month @ 1..=12)) => {
            const NAMES: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!(
                "{} {year} has {} days; if the source gives no day, write `{year}-{month:02}`",
                NAMES[usize::from(month - 1)],
                days_in_month(year, month)
            )
        }
        _ => "write a real date at the precision the source supports".to_owned(),
    }
}
