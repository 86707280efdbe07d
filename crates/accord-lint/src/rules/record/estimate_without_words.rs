//! A216: an estimated amount comes with the source's own words.

use super::{Context, amount, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `value` whose `amount` is marked as an estimate (`"~5000000"`) and that has no
    /// `as_reported`.
    ///
    /// ## Why it matters
    /// An estimate is the editor's reading of what a source said ("about $5 million", "more
    /// than five million dollars"). Without the source's words a reader cannot tell how rough
    /// it is, or check it.
    ///
    /// ## Example
    /// ```yaml
    /// value:
    ///   amount: "~5000000"
    ///   currency: USD
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// value:
    ///   amount: "~5000000"
    ///   currency: USD
    ///   as_reported: "about $5 million"
    /// ```
    pub static RULE = ("A216", "estimate-without-words", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for value in cx.values() {
        let Some((text, node)) = string(value.get("amount")) else {
            continue;
        };
        let Some((true, _)) = amount(text) else {
            continue;
        };
        if value.get("as_reported").is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("the amount `{text}` is an estimate, and the source's words for it are not given"),
                    Some(span_of(node, cx.source)),
                )
                .with_label("an estimate")
                .with_help("add `as_reported:` with the source's own words, for example \"about $5 million\""),
            );
        }
    }
}
