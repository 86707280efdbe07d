//! A218: a commitment is not worth more than its event, in one currency and stage.

use std::cmp::Ordering;

use super::{Context, amount, compare_amounts, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a commitment whose `value` is more than the event's `value` when both are in the
    /// same currency and at the same stage (both `pledged`, say, or both without a stage).
    ///
    /// ## Why it matters
    /// An event's value is the whole of what it pledged, committed or delivered; one of its
    /// commitments is a part of it. A part larger than the whole is a typo (a digit too many)
    /// or a unit slip, and summaries would show a commitment worth more than its event.
    ///
    /// ## Example
    /// ```yaml
    /// value: {amount: "5000000", currency: USD, stage: pledged}
    /// commitments:
    ///   - text: "A grant for vaccine cold chains."
    ///     by: ["US"]
    ///     value: {amount: "50000000", currency: USD, stage: pledged}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     value: {amount: "5000000", currency: USD, stage: pledged}
    /// ```
    pub static RULE = ("A218", "commitment-above-event", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(event) = cx.value() else {
        return;
    };
    let text =
        |v: accord_yaml::Located<'_>, key: &str| string(v.get(key)).map(|(s, _)| s.to_owned());
    let Some((event_amount, event_node)) = string(event.get("amount")) else {
        return;
    };
    let Some((_, event_digits)) = amount(event_amount) else {
        return;
    };
    let (currency, stage) = (text(event, "currency"), text(event, "stage"));
    for value in cx.commitments().filter_map(|c| c.get("value")) {
        let Some((given, node)) = string(value.get("amount")) else {
            continue;
        };
        let Some((_, digits)) = amount(given) else {
            continue;
        };
        if currency.is_none()
            || text(value, "currency") != currency
            || text(value, "stage") != stage
        {
            continue;
        }
        if compare_amounts(digits, event_digits) == Ordering::Greater {
            let currency = currency.as_deref().unwrap_or_default();
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "the commitment is worth `{given}` {currency}, more than the event's `{event_amount}` {currency}"
                    ),
                    Some(span_of(node, cx.source)),
                )
                .with_label("more than the event")
                .with_related(span_of(event_node, cx.source), "the event's value")
                .with_help("check the digits; an event's value is the whole of what it pledged, committed or delivered"),
            );
        }
    }
}
