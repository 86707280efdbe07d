//! A207: each party appears once.

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a country or organisation listed twice in `parties`.
    ///
    /// ## Why it matters
    /// Cooperation needs at least two distinct parties, and summaries count each party once
    /// per event. Several representatives of one party belong in its `represented_by` list.
    ///
    /// ## Example
    /// ```yaml
    /// parties:
    ///   - country: "PK"
    ///     represented_by: [{name: "Syed Mustafa Kamal", title: "Health Minister"}]
    ///   - country: "PK"
    ///     represented_by: [{title: "Secretary of Health"}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// parties:
    ///   - country: "PK"
    ///     represented_by:
    ///       - {name: "Syed Mustafa Kamal", title: "Health Minister"}
    ///       - {title: "Secretary of Health"}
    ///   - country: "CN"
    /// ```
    pub static RULE = ("A207", "duplicate-party", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A handful of parties: each is compared with those before it, with nothing collected.
    for (i, (key, code, node)) in cx.party_codes().enumerate() {
        let first = cx
            .party_codes()
            .take(i)
            .find(|&(k, c, _)| k == key && c == code);
        if let Some((_, _, first)) = first {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`{code}` is listed as a party twice"),
                    Some(span_of(node, cx.source)),
                )
                .with_label("listed again")
                .with_related(span_of(first, cx.source), "first listed here")
                .with_help(
                    "list each party once; put several representatives of one party in its \
                     `represented_by` list",
                ),
            );
        }
    }
}
