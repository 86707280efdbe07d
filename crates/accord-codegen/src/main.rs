//! `cargo run -p accord-codegen`: rewrites every generated file that is committed to the
//! repository, from the code and data that are their source. Tests fail when a committed copy is
//! stale and name this command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let vocabularies = match accord_schema::Vocabularies::load(&root) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let outputs: Vec<(PathBuf, String)> = vec![
        (
            root.join(accord_schema::schema::SCHEMA_PATH),
            accord_schema::schema::render(&accord_schema::schema::record_schema(&vocabularies)),
        ),
        (
            root.join(accord_lint::rules::REFERENCE_PATH),
            accord_lint::rules::reference(),
        ),
    ];
    for (path, text) in outputs {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        if current == text {
            println!("unchanged  {shown}");
            continue;
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {shown}: {e}");
            return ExitCode::from(2);
        }
        println!("updated    {shown}");
    }
    ExitCode::SUCCESS
}
