//! Suppression comments: `# accord: allow(rule) reason` silences one or more rules for the
//! record the comment is in. The reason is required; a comment without one, or naming a rule
//! that does not exist, is itself an error ([`INVALID_SUPPRESSION`]), and a suppression that
//! silences nothing is a warning ([`UNUSED_SUPPRESSION`]).

use std::ops::Range;

use accord_yaml::{Document, Style};

use crate::diagnostic::Diagnostic;
use crate::rules::{self, Rule, declare_rule};
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment that accord cannot honour: one without a reason, one that
    /// names an unknown rule or a rule that cannot be silenced, or one not of the form
    /// `# accord: allow(rule, ...) reason`.
    ///
    /// ## Why it matters
    /// A suppression is a reviewed exception. Its reason tells the next maintainer why the
    /// rule does not apply; without it the exception cannot be reviewed, and a misspelt rule
    /// name would silence nothing while looking as if it did.
    ///
    /// ## Example
    /// ```yaml
    /// # accord: allow(insecure-url)
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # accord: allow(insecure-url) the ministry's site has no https version and no archive
    /// ```
    pub static INVALID_SUPPRESSION = ("A511", "invalid-suppression", Error, fixed = true);
}

declare_rule! {
    /// ## What it does
    /// Warns about a suppression comment whose rule reports nothing in this record.
    ///
    /// ## Why it matters
    /// A stale exception hides the next real problem of the same kind; remove it once the
    /// record no longer needs it.
    ///
    /// ## Example
    /// ```yaml
    /// # accord: allow(future-date) announced ahead of time
    /// date: "2025-05-19"
    /// ```
    ///
    /// ## Use instead
    /// The same record without the comment.
    pub static UNUSED_SUPPRESSION = ("A512", "unused-suppression", Warning);
}

/// One rule silenced in one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule.
    pub rule: &'static Rule,
    /// The rule's name as written in the comment.
    pub span: Range<usize>,
    /// Why, as written.
    pub reason: String,
}

const MARKER: &str = "accord:";

/// Finds the suppression comments of a parsed record. Problems with them are pushed to `out`.
pub fn scan(source: &str, doc: &Document, out: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let mut found = Vec::new();
    if !source.contains(MARKER) {
        return found;
    }
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        if let Some(hash) = comment_start(line) {
            let at = line_start + hash;
            if !inside_string(doc, at) {
                let comment = line[hash + 1..].trim_end_matches(['\n', '\r']);
                let body = comment.trim_start();
                if let Some(rest) = body.strip_prefix(MARKER) {
                    let offset = at + 1 + (comment.len() - body.len()) + MARKER.len();
                    let comment_span = at..line_start + line.trim_end().len();
                    parse(rest, offset, comment_span, &mut found, out);
                }
            }
        }
        line_start += line.len();
    }
    found
}

/// Byte offset of the first `#` in a line that starts a comment (at the start or after a blank).
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t'))
}

/// Whether a byte offset lies inside a quoted or block scalar (where `#` is text).
fn inside_string(doc: &Document, at: usize) -> bool {
    doc.nodes().iter().any(|n| {
        matches!(n.style, Style::Quoted | Style::Block) && n.span.start <= at && at < n.span.end
    })
}

fn parse(
    rest: &str,
    offset: usize,
    comment: Range<usize>,
    found: &mut Vec<Suppression>,
    out: &mut Vec<Diagnostic>,
) {
    let invalid = |message: String, help: &str| {
        Diagnostic::new(&INVALID_SUPPRESSION, message, Some(comment.clone()))
            .with_label("not honoured")
            .with_help(help.to_owned())
    };
    let trimmed = rest.trim_start();
    let base = offset + (rest.len() - trimmed.len());
    let Some(list) = trimmed.strip_prefix("allow(") else {
        out.push(invalid(
            "a suppression comment must read `# accord: allow(rule) reason`".to_owned(),
            "write `# accord: allow(rule-name) why it does not apply`",
        ));
        return;
    };
    let Some(close) = list.find(')') else {
        out.push(invalid(
            "the suppression comment has no closing `)`".to_owned(),
            "write `# accord: allow(rule-name) why it does not apply`",
        ));
        return;
    };
    let reason = list[close + 1..].trim();
    if reason.is_empty() {
        out.push(invalid(
            "the suppression comment gives no reason".to_owned(),
            "say after the `)` why the rule does not apply to this record",
        ));
        return;
    }
    let mut name_start = base + "allow(".len();
    for name in list[..close].split(',') {
        let lead = name.len() - name.trim_start().len();
        let name_trimmed = name.trim();
        let span = name_start + lead..name_start + lead + name_trimmed.len();
        name_start += name.len() + 1;
        match rules::find(name_trimmed) {
            Some(rule) if rule.configurable() => found.push(Suppression {
                rule,
                span,
                reason: reason.to_owned(),
            }),
            Some(rule) => out.push(
                Diagnostic::new(
                    &INVALID_SUPPRESSION,
                    format!("`{}` cannot be silenced", rule.name),
                    Some(span),
                )
                .with_label("always checked")
                .with_help("fix the problem: later checks need a readable record"),
            ),
            None => {
                let mut d = Diagnostic::new(
                    &INVALID_SUPPRESSION,
                    format!("no rule is named `{name_trimmed}`"),
                    Some(span),
                )
                .with_label("unknown rule");
                d = match did_you_mean(name_trimmed, rules::ALL.iter().map(|r| r.name)) {
                    Some(near) => d.with_help(format!(
                        "did you mean `{near}`? `accord rules` lists them all"
                    )),
                    None => d.with_help("`accord rules` lists every rule"),
                };
                out.push(d);
            }
        }
    }
}

/// Removes the diagnostics a record's suppressions silence, and warns about the suppressions
/// that silenced nothing.
pub fn apply(suppressions: &[Suppression], diagnostics: &mut Vec<Diagnostic>) {
    if suppressions.is_empty() {
        return;
    }
    let mut used = vec![false; suppressions.len()];
    diagnostics.retain(|d| {
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            if s.rule.code == d.rule.code {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    for (s, used) in suppressions.iter().zip(used) {
        if !used {
            diagnostics.push(
                Diagnostic::new(
                    &UNUSED_SUPPRESSION,
                    format!("`{}` reports nothing in this record", s.rule.name),
                    Some(s.span.clone()),
                )
                .with_label("nothing to silence")
                .with_help("remove the suppression comment"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_comment_after_a_quoted_value_is_found() {
        let src = "id: \"x\" # accord: allow(insecure-url) no link\n";
        let doc = accord_yaml::parse(src).expect("parses");
        let mut out = Vec::new();
        let found = scan(src, &doc, &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(found.len(), 1);
        assert_eq!(&src[found[0].span.clone()], "insecure-url");
    }
}
