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

/// Walks `dir` (normally `<root>/records`) without following symbolic links, so a link loop
/// cannot trap it and nothing outside the repository is listed. Paths in problems are shown relative to `root`. Folders are listed
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
    // Only below the root, and only through real folders: a folder reached through a link is
    // reported where the link is, by the walk that meets it.
    let confined = accord_fs::Root::unchecked(root);
    let Some(rel) = confined.relative(path) else {
        return found;
    };
    if confined
        .folder(rel.parent().unwrap_or(Path::new("")))
        .is_err()
    {
        return found;
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return found;
    };
    if meta.is_dir() {
        return records(root, path);
    }
    visit(path.to_path_buf(), meta.file_type(), &mut found, root);
    found
}

/// Sorts one entry that is not a folder into records or problems. Only a regular file can be a
/// record: a symbolic link is reported as one and never followed (so nothing outside the
/// repository is read through it, whatever it points to), and a named pipe, socket or device
/// is reported without being opened.
fn visit(path: PathBuf, kind: std::fs::FileType, found: &mut Found, root: &Path) {
    match accord_fs::Kind::of(kind) {
        accord_fs::Kind::File => classify(path, found, root),
        accord_fs::Kind::Link => found.problems.push(crate::refused(
            path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
            accord_fs::Refused::Link,
        )),
        other => found.problems.push(crate::refused(
            path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
            accord_fs::Refused::NotRegular(other),
        )),
    }
}

fn classify(path: PathBuf, found: &mut Found, root: &Path) {
    let lossy = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name: &str = &lossy;
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
