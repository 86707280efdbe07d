//! A213: the id starts with the event date as written.

use accord_schema::date::EventDate;

use super::{Context, span_of, string};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Warns when the `id` does not start with the event's `date` as written (for a range, its
    /// start; without `~` or `?`).
    ///
    /// ## Why it matters
    /// Ids are read by people: `2025-05-19-pk-cn-meeting` says when the event was. A mismatch is
    /// usually a typo in one of the two. It is only a warning because an id never changes after
    /// merging: when a merged record's date is corrected, the id keeps the old date, and the
    /// record says so with `# accord: allow(id-date-mismatch) <reason>`.
    ///
    /// ## Example
    /// ```yaml
    /// id: "2025-05-18-pk-cn-meeting"
    /// date: "2025-05-19"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: "2025-05-19-pk-cn-meeting"
    /// date: "2025-05-19"
    /// ```
    pub static RULE = ("A213", "id-date-mismatch", Warning);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some((id, id_node)), Some((date, date_node)), Some(_)) =
        (cx.id(), string(cx.date_field()), cx.event_date())
    else {
        return;
    };
    let start = EventDate::start_text(date);
    let matches = id
        .strip_prefix(start)
        .is_some_and(|rest| rest.starts_with('-'));
    if !matches {
        out.push(
            Diagnostic::new(
                &RULE,
                format!("the id `{id}` does not start with the event date `{start}`"),
                Some(span_of(id_node, cx.source)),
            )
            .with_label(format!("expected `{start}-...`"))
            .with_related(span_of(date_node, cx.source), "the event date")
            .with_help(
                "fix whichever is wrong; if the date was corrected after merging, keep the id and \
                 add `# accord: allow(id-date-mismatch) <reason>`",
            ),
        );
    }
}
