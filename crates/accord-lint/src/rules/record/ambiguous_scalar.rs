//! A203: plain scalars that YAML 1.1 readers take for something other than text.

use accord_yaml::Style;

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an unquoted value that accord reads as text (YAML 1.2) but that a YAML 1.1
    /// reader takes for a date, a boolean, a number or null: `2025-05-19`, `NO`, `yes`, `on`,
    /// `1_000`, `0x1F`, `12:30`.
    ///
    /// ## Why it matters
    /// Many consumers of the dataset read YAML 1.1 (PyYAML, js-yaml 3, Ruby's Psych, older
    /// tools). For them `country: NO` is `false` instead of Norway and `date: 2025-05-19` a
    /// timestamp object, so the same file means different things to different readers. Quoting
    /// makes it text for everyone. `accord fmt` adds the quotes.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2025-05-19
    /// parties:
    ///   - country: NO
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: "2025-05-19"
    /// parties:
    ///   - country: "NO"
    /// ```
    pub static RULE = ("A203", "ambiguous-scalar", Error, fixable = true);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for node in cx.doc.nodes() {
        if node.style != Style::Plain || !node.is_string {
            continue;
        }
        let Some(text) = cx.source.get(node.span.clone()) else {
            continue;
        };
        let Some(reading) = accord_yaml::yaml11_reading(text) else {
            continue;
        };
        let what = match reading {
            "a date" => "a timestamp",
            other => other,
        };
        out.push(
            Diagnostic::new(
                &RULE,
                format!("quote it: YAML 1.1 readers take `{text}` for {what}"),
                Some(node.span.clone()),
            )
            .with_label(format!("{what} in YAML 1.1"))
            .with_help(format!(
                "write `\"{text}\"` so that every reader sees text (`accord fmt` does this)"
            )),
        );
    }
}
