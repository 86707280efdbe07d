//! A402: a merged record's file keeps its name.

use super::{ChangeKind, Context, year_folder};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a merged record whose file was renamed within its year folder. (A move to
    /// another year folder is `moved-year-folder`.) Only checked with `accord lint --base`.
    ///
    /// ## Why it matters
    /// The path is the record's address: links to the file on the web and in other tools break
    /// when it moves, and since the file name is the id, a rename usually changes the id too.
    ///
    /// ## Example
    /// `git mv records/2025/2025-05-19-pk-cn-meeting.yaml records/2025/2025-05-19-pk-cn-talks.yaml`
    ///
    /// ## Use instead
    /// Leave the file where it is; change the `title` if the name no longer fits.
    pub static RULE = ("A402", "renamed-record", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.change.kind != ChangeKind::Renamed {
        return;
    }
    let Some(old) = &cx.change.old_path else {
        return;
    };
    if year_folder(old) != year_folder(&cx.change.path) {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "the merged record {} was renamed from `{}` (since the base commit {})",
                cx.name(),
                old.display(),
                cx.base
            ),
            cx.current_id().map(|(_, span)| span),
        )
        .with_label("the file was renamed")
        .with_help(format!(
            "move it back: `git mv {} {}`",
            cx.change.path.display(),
            old.display()
        )),
    );
}
