//! `accord intake`: a "Propose an event" issue to a record file (`accord_intake` decides what
//! the record says; this reads the issue and writes the files).

use std::path::Path;

use accord_lint::render::escape;
use accord_schema::Vocabularies;

use crate::{Fatal, Global, IntakeArgs, Outcome, emit};

/// The event payload and a body file are read up to this size.
const MAX_INPUT: u64 = 8 * 1024 * 1024;

/// A file the caller names (GitHub's event payload, a saved body), read as text without
/// following a link, up to [`MAX_INPUT`].
fn read(path: &Path) -> Result<String, Fatal> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path
        .file_name()
        .ok_or_else(|| Fatal(format!("{}: not a file", path.display())))?;
    accord_fs::Root::unchecked(folder.unwrap_or(Path::new(".")))
        .read_to_string(Path::new(name), MAX_INPUT)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))
}

pub(crate) fn run(root: &Path, args: &IntakeArgs, global: &Global) -> Result<Outcome, Fatal> {
    let vocabularies = Vocabularies::load(root)?;
    // The issue's text: from GitHub's event payload, or a body and a title given apart.
    let payload: serde_json::Value;
    let body_text: String;
    let issue = match (&args.event, &args.body) {
        (Some(event), _) => {
            payload = serde_json::from_str(&read(event)?).map_err(|e| {
                Fatal(format!(
                    "{} is not a JSON event payload: {e}",
                    event.display()
                ))
            })?;
            let issue = &payload["issue"];
            let text = |key: &str| issue[key].as_str();
            accord_intake::Issue {
                number: issue["number"].as_u64(),
                title: text("title").ok_or_else(|| {
                    Fatal(format!(
                        "{}: the payload has no `issue.title`; is it an `issues` event?",
                        event.display()
                    ))
                })?,
                body: text("body").unwrap_or_default(),
                url: text("html_url"),
                opened: text("created_at"),
            }
        }
        (None, Some(body)) => {
            body_text = read(body)?;
            accord_intake::Issue {
                number: args.issue,
                title: args.title.as_deref().unwrap_or_default(),
                body: &body_text,
                url: None,
                opened: None,
            }
        }
        (None, None) => {
            return Err(Fatal(
                "give the issue: --event FILE (GitHub's event payload) or --body FILE --title TITLE".to_owned(),
            ));
        }
    };
    let made = accord_intake::intake(&issue, &vocabularies).map_err(|e| Fatal(e.0))?;
    crate::new::create(root, &made.record)?;
    if let Some(file) = &args.pr_body {
        accord_fs::write_atomically(
            file,
            accord_intake::pull_request_body(&made, &issue).as_bytes(),
        )
        .map_err(|e| Fatal(format!("cannot write {}: {e}", file.display())))?;
    }
    emit(&format!("{}\n", made.record.path))?;
    if !global.quiet {
        for note in &made.unmapped {
            eprintln!("accord: not mapped: {}", escape::terminal(note));
        }
        eprintln!(
            "fill in every `TODO:` from the sources, then run `accord lint {}`",
            made.record.path
        );
    }
    Ok(Outcome::Clean)
}
