//! A215: an amount is more than zero.

use super::{Context, amount, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `value` whose `amount` is zero (`"0"`, `"0.00"`).
    ///
    /// ## Why it matters
    /// An amount of nothing is not what any source reports: it is a placeholder, or a value the
    /// editor did not know. Summed into totals it says "this event was worth nothing", which is
    /// wrong. (The schema already refuses a negative amount: amounts are written as digits.)
    ///
    /// ## Example
    /// ```yaml
    /// value:
    ///   amount: "0"
    ///   currency: USD
    /// ```
    ///
    /// ## Use instead
    /// Leave `amount` out and keep the source's words, or give the amount it reports:
    /// ```yaml
    /// value:
    ///   as_reported: "an undisclosed sum"
    /// ```
    pub static RULE = ("A215", "non-positive-amount", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for value in cx.values() {
        let Some((text, node)) = string(value.get("amount")) else {
            continue;
        };
        let Some((_, digits)) = amount(text) else {
            continue;
        };
        if digits.bytes().all(|b| b == b'0' || b == b'.') {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("the amount `{text}` is zero"),
                    Some(span_of(node, cx.source)),
                )
                .with_label("zero")
                .with_help("give the amount the source reports, or leave `amount` out and quote the source in `as_reported`"),
            );
        }
    }
}
