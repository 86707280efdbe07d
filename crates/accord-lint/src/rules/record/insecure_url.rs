//! A210: links are `https://` addresses; an `http://` one needs a reason.

use super::{Context, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a source `url` or `archive_url` that is an `http://` address.
    ///
    /// ## Why it matters
    /// An `http:` page can be altered on the way to whoever reads it, so readers cannot be sure
    /// it is what the source published. Many ministries still have no https site, though: the
    /// record format admits `http://` links, and this rule asks for a reason.
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
    /// `https://web.archive.org/...`), or keep the link and say why:
    /// `# accord: allow(insecure-url) the ministry's site has no https version`.
    pub static RULE = ("A210", "insecure-url", Error);
}

/// Whether a source link at this JSON pointer is judged by a rule (this one or
/// [`super::unsafe_link`]) rather than by the schema.
pub(crate) fn judges(pointer: &str, value: &str) -> bool {
    is_link(pointer) && !value.starts_with("https://")
}

fn is_link(pointer: &str) -> bool {
    pointer.starts_with("/sources/")
        && (pointer.ends_with("/url") || pointer.ends_with("/archive_url"))
}

/// The links of a record's sources, with their nodes, that are not `https://` addresses (nor
/// placeholders, which have their own rule).
pub(super) fn links<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (&'a str, &'a accord_yaml::Node)> + 'a {
    cx.sources().flat_map(|source| {
        ["url", "archive_url"]
            .into_iter()
            .filter_map(move |key| string(source.get(key)))
            .filter(|(url, _)| {
                !url.starts_with("https://") && !super::placeholder::is_placeholder(url)
            })
    })
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (url, node) in links(cx) {
        let Some(rest) = url.strip_prefix("http://") else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                "an `http:` link: readers cannot be sure the page is what the source published",
                Some(span_of(node, cx.source)),
            )
            .with_label("not https")
            .with_help(format!(
                "write `https://{rest}` if the site has it; else link an archived copy, or keep this link with `# accord: allow(insecure-url) why`"
            )),
        );
    }
}
