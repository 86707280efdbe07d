//! Finding record files under `records/`, reporting (never skipping) what is not a record.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, FileReport};
use crate::{file_problem, rules};

/// What a walk of a records folder found.
#[derive(Debug, Default)]
pub struct Found {
    /// Record files (`.yaml`), sorted.
    pub records: Vec<PathBuf>,
    /// Problems with files that are not records, or could not be read, with their paths shown
    /// relative to the root.
    pub problems: Vec<FileReport>,
}

/// Walks `dir` (normally `<root>/records`) without following symbolic links to folders, so a
/// link loop cannot trap it. Paths in problems are shown relative to `root`. Folders are listed
/// in parallel (a large tree keeps its records in one folder per year).
pub fn records(root: &Path, dir: &Path) -> Found {
    let mut found = walk(root, dir);
    // The walk lists records in path order already; problems come in folder-by-folder.
    debug_assert!(found.records.is_sorted());
    found.problems.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Lists a folder, then walks its subfolders in parallel; records come out in path order.
fn walk(root: &Path, folder: &Path) -> Found {
    use rayon::prelude::*;
    let mut found = Found::default();
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            found.problems.push(file_problem(
                folder.strip_prefix(root).unwrap_or(folder).to_path_buf(),
                Diagnostic::new(
                    &rules::format::UNREADABLE_FILE,
                    format!("cannot read the folder: {e}"),
                    None,
                ),
            ));
            return found;
        }
    };
    // Entries in name order, each folder's records where the folder is: the records come out
    // in path order without comparing whole paths (which costs more than the walk itself).
    let mut entries: Vec<(std::ffi::OsString, std::fs::FileType)> = entries
        .flatten()
        .filter_map(|entry| Some((entry.file_name(), entry.file_type().ok()?)))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let folders: Vec<PathBuf> = entries
        .iter()
        .filter(|(_, kind)| kind.is_dir())
        .map(|(name, _)| folder.join(name))
        .collect();
    let mut below = folders
        .par_iter()
        .map(|f| walk(root, f))
        .collect::<Vec<Found>>()
        .into_iter();
    for (name, kind) in entries {
        if kind.is_dir() {
            if let Some(mut sub) = below.next() {
                found.records.append(&mut sub.records);
                found.problems.append(&mut sub.problems);
            }
        } else {
            visit(folder.join(name), kind, &mut found, root);
        }
    }
    found
}

/// Looks at one path: a file, a link or a folder (walked like [`records`]). A path that does not
/// exist finds nothing. Used by the watcher for the paths an event names.
pub fn path(root: &Path, path: &Path) -> Found {
    let mut found = Found::default();
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return found;
    };
    if meta.is_dir() {
        return records(root, path);
    }
    visit(path.to_path_buf(), meta.file_type(), &mut found, root);
    found
}

/// Sorts one entry that is not a folder into records or problems.
fn visit(path: PathBuf, kind: std::fs::FileType, found: &mut Found, root: &Path) {
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    if kind.is_symlink() {
        // A link is read only if it resolves to a regular file.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => classify(path, found, root),
            Ok(_) => found.problems.push(file_problem(
                shown(&path),
                Diagnostic::new(
                    &rules::format::UNREADABLE_FILE,
                    "a symbolic link to a folder; accord does not follow those",
                    None,
                )
                .with_help("keep records as regular files in the repository"),
            )),
            Err(e) => found.problems.push(file_problem(
                shown(&path),
                Diagnostic::new(
                    &rules::format::UNREADABLE_FILE,
                    format!("a broken or looping symbolic link: {e}"),
                    None,
                ),
            )),
        }
    } else {
        classify(path, found, root);
    }
}

fn classify(path: PathBuf, found: &mut Found, root: &Path) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".yaml") {
        found.records.push(path);
        return;
    }
    let help = if let Some(stem) = name.strip_suffix(".yml") {
        format!("rename it to `{stem}.yaml`")
    } else if name.ends_with(".json") {
        "records are YAML: convert it and save it as `.yaml`".to_owned()
    } else {
        "move it out of records/; only `.yaml` records belong there".to_owned()
    };
    found.problems.push(file_problem(
        path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
        Diagnostic::new(
            &rules::format::NOT_A_RECORD_FILE,
            format!("`{name}` is not a `.yaml` record file"),
            None,
        )
        .with_help(help),
    ));
}
