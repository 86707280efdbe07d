//! `floor DIR`: the floor of any linter's wall time: reads every `.yaml` file under DIR (the way
//! accord reads them) and parses its YAML (with spans), in parallel, doing nothing else. Prints
//! the count of files that parsed and of those that did not.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

/// mimalloc: record checking allocates many small strings and maps; the system allocator spent
/// about a quarter of the time in malloc and free (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "yaml") => out.push(path),
            _ => {}
        }
    }
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    // Read the way accord reads: each file opened by its name in its folder (confined, no link
    // followed), read in one call sized by its stat data.
    let root = accord_fs::Root::unchecked(Path::new(&dir));
    let folders = accord_lint::folders::Folders::of(&root, files.iter().map(PathBuf::as_path));
    let parsed = files
        .par_iter()
        .map_init(Vec::new, |buf, p| {
            folders
                .open(p)
                .and_then(|(file, stat)| {
                    accord_fs::read_open(&file, stat.len, accord_lint::MAX_FILE_SIZE, buf)
                })
                .is_ok()
                && std::str::from_utf8(buf).is_ok_and(|t| accord_yaml::parse(t).is_ok())
        })
        .filter(|&parsed| parsed)
        .count();
    println!("{parsed} parsed, {} not", files.len() - parsed);
    ExitCode::SUCCESS
}
