//! `accord new`: writes a new record from flags (or, in a terminal, answers to questions).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use accord_lint::scaffold::{Draft, EVENT_TYPES, scaffold};
use accord_schema::Vocabularies;

use crate::{Fatal, Global, NewArgs, Outcome, emit};

/// Asks for a value on the terminal; `None` when standard input closes.
fn ask(question: &str) -> Result<Option<String>, Fatal> {
    eprint!("{question}: ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    let n = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Fatal(format!("cannot read the answer: {e}")))?;
    Ok((n > 0).then(|| line.trim().to_owned()))
}

fn required(
    value: &Option<String>,
    flag: &str,
    question: &str,
    interactive: bool,
) -> Result<String, Fatal> {
    if let Some(v) = value {
        return Ok(v.clone());
    }
    if !interactive {
        return Err(Fatal(format!(
            "{flag} is required (or run `accord new` in a terminal to be asked); see `accord new --help`"
        )));
    }
    loop {
        match ask(question)? {
            Some(answer) if !answer.is_empty() => return Ok(answer),
            Some(_) => continue,
            None => return Err(Fatal(format!("{flag} is required"))),
        }
    }
}

fn list(answer: Option<String>) -> Vec<String> {
    answer
        .unwrap_or_default()
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn run(root: &Path, args: &NewArgs, global: &Global) -> Result<Outcome, Fatal> {
    let vocabularies = Vocabularies::load(root)?;
    let interactive = std::io::stdin().is_terminal();
    let date = required(
        &args.date,
        "--date",
        "Event date (2025-06-01, 2025-06 or 2025)",
        interactive,
    )?;
    let kind = required(
        &args.kind,
        "--type",
        &format!("Event type ({})", EVENT_TYPES.join(", ")),
        interactive,
    )?;
    let title = required(
        &args.title,
        "--title",
        "Title (one line, English)",
        interactive,
    )?;
    let mut parties = args.parties.clone();
    let mut areas = args.areas.clone();
    if interactive && parties.is_empty() {
        parties = list(ask(
            "Parties (country codes or organisation ids, e.g. PK CN who; empty to fill in later)",
        )?);
    }
    if interactive && areas.is_empty() {
        areas = list(ask(
            "Areas (ids from schema/vocabularies/areas.yaml, e.g. vaccines; empty to fill in later)",
        )?);
    }
    let draft = Draft {
        date,
        kind: Some(kind),
        title,
        parties,
        areas,
    };
    let record = scaffold(&draft, &vocabularies).map_err(|e| Fatal(e.0))?;
    let path = root.join(&record.path);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Fatal(format!(
            "{} already exists; a record's id is never reused: choose a more specific title",
            record.path
        )));
    }
    if let Some(existing) = find_id(root, &record.id) {
        return Err(Fatal(format!(
            "a record with the id `{}` already exists at {}; choose a more specific title",
            record.id, existing
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Fatal(format!("cannot create {}: {e}", parent.display())))?;
    }
    // Its folders must be real folders: a link there would put the record elsewhere.
    let folder = Path::new(&record.path).parent().unwrap_or(Path::new(""));
    accord_fs::Root::unchecked(root)
        .folder(folder)
        .map_err(|e| {
            Fatal(format!(
                "cannot create {}: {}: {e}",
                record.path,
                folder.display()
            ))
        })?;
    // `create_new` refuses to overwrite a file that appeared meanwhile, and a link.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", record.path)))?;
    file.write_all(record.text.as_bytes())
        .map_err(|e| Fatal(format!("cannot write {}: {e}", record.path)))?;
    emit(&format!("{}\n", record.path))?;
    if !global.quiet {
        eprintln!(
            "fill in every `TODO:`, then run `accord lint {}`",
            record.path
        );
    }
    Ok(Outcome::Clean)
}

/// A record file anywhere under `records/` whose name is this id.
fn find_id(root: &Path, id: &str) -> Option<String> {
    let found = accord_lint::discover::records(root, &root.join("records"));
    found
        .records
        .iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(id))
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
}
