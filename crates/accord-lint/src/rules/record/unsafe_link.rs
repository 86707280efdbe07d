//! A214: a source's link is a web address, `https://` (or `http://`, see A210).

use super::{Context, span_of};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a source `url` or `archive_url` that is not a web address: `javascript:`,
    /// `data:`, `file:` or any other scheme, a scheme not in lowercase, or no scheme at all.
    ///
    /// ## Why it matters
    /// Records come from strangers' pull requests and their links end up on the published
    /// dashboard and in the dataset. `javascript:` and `data:` addresses run code or smuggle
    /// content into the page of whoever clicks them; the record format admits only `https://`
    /// and `http://` addresses, so this rule cannot be turned off.
    ///
    /// ## Example
    /// ```yaml
    /// url: "javascript:alert(1)"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// url: "https://www.nhsrc.gov.pk/news"
    /// ```
    pub static RULE = ("A214", "unsafe-link", Error, fixed = true);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (url, node) in super::insecure_url::links(cx) {
        if url.starts_with("http://") {
            continue;
        }
        let scheme = url.split_once(':').map(|(s, _)| s.trim()).filter(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        });
        let (message, help) = match scheme.map(str::to_ascii_lowercase).as_deref() {
            Some(s @ ("https" | "http")) => (
                format!(
                    "`{}` must be written in lowercase: `{s}://`",
                    scheme.unwrap_or(s)
                ),
                format!("write `{s}{}`", &url[s.len()..]),
            ),
            Some(s @ ("javascript" | "vbscript" | "data")) => (
                format!(
                    "`{s}:` addresses are refused: they run code or embed content instead of pointing at a source"
                ),
                "link the source's public `https://` address".to_owned(),
            ),
            Some(s) => (
                format!("`{s}:` addresses are refused: a source is linked by its web address"),
                "link the source's public `https://` address".to_owned(),
            ),
            None => (
                format!("`{url}` is not a web address"),
                "write the full address, starting with `https://`".to_owned(),
            ),
        };
        out.push(
            Diagnostic::new(&RULE, message, Some(span_of(node, cx.source)))
                .with_label("not a web address")
                .with_help(help),
        );
    }
}
