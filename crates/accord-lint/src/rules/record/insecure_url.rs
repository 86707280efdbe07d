//! A210: links are `https://` addresses.

use super::{Context, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a source `url` or `archive_url` that is not an `https://` address: `http:`
    /// links, and `javascript:`, `data:`, `file:` or any other scheme.
    ///
    /// ## Why it matters
    /// Records come from strangers' pull requests and their links end up on the published
    /// dashboard. `javascript:` and `data:` addresses run code or smuggle content into the page
    /// of whoever clicks them; `http:` links can be altered on the way.
    ///
    /// ## Example
    /// ```yaml
    /// url: "http://www.nhsrc.gov.pk/news"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// url: "https://www.nhsrc.gov.pk/news"
    /// ```
    /// If the site has no https version, link an archived copy (`archive_url`, for example
    /// `https://web.archive.org/...`).
    pub static RULE = ("A210", "insecure-url", Error);
}

/// Whether a source link at this JSON pointer is judged by this rule rather than by the schema.
pub(crate) fn judges(pointer: &str, value: &str) -> bool {
    is_link(pointer) && !has_https_scheme(value)
}

fn is_link(pointer: &str) -> bool {
    pointer.starts_with("/sources/")
        && (pointer.ends_with("/url") || pointer.ends_with("/archive_url"))
}

fn has_https_scheme(value: &str) -> bool {
    value
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for source in cx.sources() {
        for key in ["url", "archive_url"] {
            let Some((url, node)) = string(source.get(key)) else {
                continue;
            };
            if has_https_scheme(url) || super::placeholder::is_placeholder(url) {
                continue;
            }
            let scheme = url
                .split_once(':')
                .map(|(s, _)| s.trim().to_ascii_lowercase())
                .filter(|s| {
                    !s.is_empty()
                        && s.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                });
            let (message, help) = match scheme.as_deref() {
                Some("http") => (
                    "`http:` links are refused: only `https://` addresses are published".to_owned(),
                    format!(
                        "write `https{}`; if the site has no https version, link an archived copy",
                        url.trim_start().get(4..).unwrap_or_default()
                    ),
                ),
                Some(s @ ("javascript" | "vbscript" | "data")) => (
                    format!(
                        "`{s}:` addresses are refused: they run code or embed content instead of pointing at a source"
                    ),
                    "link the source's public `https://` address".to_owned(),
                ),
                Some(s) => (
                    format!(
                        "`{s}:` addresses are refused: only `https://` addresses are published"
                    ),
                    "link the source's public `https://` address".to_owned(),
                ),
                None => (
                    format!("`{url}` is not an `https://` address"),
                    "write the full address, starting with `https://`".to_owned(),
                ),
            };
            out.push(
                Diagnostic::new(&RULE, message, Some(span_of(node, cx.source)))
                    .with_label("not https")
                    .with_help(help),
            );
        }
    }
}
