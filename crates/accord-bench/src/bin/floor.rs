//! `floor DIR`: the floor of any linter's wall time: reads every `.yaml` file under DIR and
//! parses its YAML (with spans), in parallel, doing nothing else. Prints the count of files that
//! parsed and of those that did not.

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
    let parsed = files
        .par_iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .ok()
                .is_some_and(|t| accord_yaml::parse(&t).is_ok())
        })
        .count();
    println!("{parsed} parsed, {} not", files.len() - parsed);
    ExitCode::SUCCESS
}
