//! `cargo run --release -p accord-bench --bin corpus -- OUT [--count N] [--seed S] [--invalid F]`:
//! writes a generated dataset (a `records/` tree, the schema and the vocabularies) into OUT.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: corpus OUT [--count N (10000)] [--seed S (1)] [--invalid FRACTION (0)]\n\
         writes OUT/records/<year>/<id>.yaml plus OUT/schema/ (copied from this repository)"
    );
    ExitCode::from(2)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let (mut count, mut seed, mut invalid) = (10_000usize, 1u64, 0.0f64);
    while let Some(arg) = args.next() {
        let mut value = || args.next();
        let ok = match arg.as_str() {
            "--count" => value()
                .and_then(|v| v.parse().ok())
                .map(|v| count = v)
                .is_some(),
            "--seed" => value()
                .and_then(|v| v.parse().ok())
                .map(|v| seed = v)
                .is_some(),
            "--invalid" => value()
                .and_then(|v| v.parse().ok())
                .filter(|f: &f64| (0.0..=1.0).contains(f))
                .map(|v| invalid = v)
                .is_some(),
            "-h" | "--help" => false,
            other if out.is_none() && !other.starts_with('-') => {
                out = Some(PathBuf::from(other));
                true
            }
            _ => false,
        };
        if !ok {
            return usage();
        }
    }
    let Some(out) = out else { return usage() };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if let Err(e) = copy_dir(&repo.join("schema"), &out.join("schema")) {
        eprintln!("error: cannot copy the schema: {e}");
        return ExitCode::from(2);
    }
    let corpus = accord_bench::generate(count, seed, invalid);
    let mut bytes = 0;
    for record in &corpus {
        let path = out.join(&record.path);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!("error: {}: {e}", parent.display());
            return ExitCode::from(2);
        }
        if let Err(e) = std::fs::write(&path, &record.text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        bytes += record.text.len();
    }
    eprintln!(
        "wrote {} records ({} invalid, {} KB) to {}",
        corpus.len(),
        corpus.iter().filter(|r| r.invalid).count(),
        bytes / 1024,
        out.join("records").display()
    );
    ExitCode::SUCCESS
}
