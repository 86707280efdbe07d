//! A212: placeholders left by `accord new`.

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

/// How `accord new` marks a value it could not fill in.
pub const MARKER: &str = "TODO";

/// Whether a string is a placeholder: it starts with [`MARKER`] followed by the end, a colon
/// or a space.
pub fn is_placeholder(text: &str) -> bool {
    text.strip_prefix(MARKER)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', ' ']))
}

declare_rule! {
    /// ## What it does
    /// Reports a value that is still a placeholder: text starting with `TODO`, as `accord new`
    /// writes for every required field it was not given.
    ///
    /// ## Why it matters
    /// A placeholder is a reminder, not data; a record with one is not finished.
    ///
    /// ## Example
    /// ```yaml
    /// summary: "TODO: a few neutral sentences in your own words"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// summary: "The health ministers of Pakistan and China met in Geneva ..."
    /// ```
    pub static RULE = ("A212", "placeholder", Error, fixed = true);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A record without the marker anywhere has no placeholder; most records are skipped here.
    if memchr::memmem::find(cx.source.as_bytes(), MARKER.as_bytes()).is_none() {
        return;
    }
    for at in cx.doc.walk() {
        let node = at.node();
        let Some(text) = at.as_str() else {
            continue;
        };
        if is_placeholder(text) {
            let field = crate::rules::schema::field_name(at.pointer());
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("{field} is still a placeholder"),
                    Some(span_of(node, cx.source)),
                )
                .with_label("fill this in")
                .with_help(
                    text.strip_prefix(MARKER)
                        .map(|r| r.trim_start_matches([':', ' ']).trim())
                        .filter(|r| !r.is_empty())
                        .map_or_else(
                            || "replace it with the real value".to_owned(),
                            str::to_owned,
                        ),
                ),
            );
        }
    }
}
