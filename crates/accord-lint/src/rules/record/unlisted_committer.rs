//! A211: commitments are made by parties of the record.

use accord_yaml::Located;

use super::{Context, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Reports a commitment whose `by` names a country or organisation that is not one of the
    /// record's `parties`.
    ///
    /// ## Why it matters
    /// A commitment binds a party to the event; summaries list each party's commitments, and a
    /// commitment by someone who was not there cannot be attributed.
    ///
    /// ## Example
    /// ```yaml
    /// parties: [{country: "PK"}, {country: "PS"}]
    /// commitments:
    ///   - text: "..."
    ///     by: ["PK", "CN"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// commitments:
    ///   - text: "..."
    ///     by: ["PK", "PS"]
    /// ```
    /// or add the missing party to `parties`.
    pub static RULE = ("A211", "unlisted-committer", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.party_codes().next().is_none() {
        return;
    }
    for commitment in cx.commitments() {
        for by in commitment.get("by").into_iter().flat_map(Located::items) {
            let Some((code, node)) = string(Some(by)) else {
                continue;
            };
            if cx.party_codes().any(|(_, party, _)| party == code) {
                continue;
            }
            let parties: Vec<&str> = cx.party_codes().map(|(_, code, _)| code).collect();
            let listed = parties
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut help = format!("the parties are {listed}");
            if let Some(near) = did_you_mean(code, parties.iter().copied()) {
                help = format!("did you mean `{near}`? {help}");
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`{code}` made a commitment but is not a party of this record"),
                    Some(span_of(node, cx.source)),
                )
                .with_label("not in `parties`")
                .with_help(help),
            );
        }
    }
}
