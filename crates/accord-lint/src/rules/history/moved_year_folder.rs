//! A405: a merged record stays in its year folder.

use super::{ChangeKind, Context, year_folder};
use crate::diagnostic::Diagnostic;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a merged record moved to another year folder, for example after its date was
    /// corrected. Only checked with `accord lint --base`.
    ///
    /// ## Why it matters
    /// The folder follows the id, and the id never changes after merging, so the folder does
    /// not either; moving it breaks every link to the file.
    ///
    /// ## Example
    /// `git mv records/2024/2024-12-30-x.yaml records/2025/2024-12-30-x.yaml`
    ///
    /// ## Use instead
    /// Keep the file where it is and correct only the `date`.
    pub static RULE = ("A405", "moved-year-folder", Error);
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.change.kind != ChangeKind::Renamed {
        return;
    }
    let Some(old) = &cx.change.old_path else {
        return;
    };
    let (from, to) = (year_folder(old), year_folder(&cx.change.path));
    if from == to {
        return;
    }
    let folder =
        |f: Option<String>| f.map_or_else(|| "records/".to_owned(), |y| format!("records/{y}/"));
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "the merged record {} moved from `{}` to `{}` (since the base commit {})",
                cx.name(),
                folder(from),
                folder(to),
                cx.base
            ),
            cx.current_id().map(|(_, span)| span),
        )
        .with_label("moved")
        .with_help(format!(
            "move it back: `git mv {} {}`",
            cx.change.path.display(),
            old.display()
        )),
    );
}
