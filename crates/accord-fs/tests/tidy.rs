//! The written invariant "every file accord reads or writes goes through accord-fs", checked:
//! no library or binary source outside this crate opens, reads or writes a file by itself,
//! except the few places listed here with their reasons.

use std::path::{Path, PathBuf};

/// Calls that open, read or write a file by path.
const CALLS: &[&str] = &[
    "File::open(",
    "File::create(",
    "fs::read(",
    "fs::read_to_string(",
    "fs::write(",
    "OpenOptions::new(",
];

/// The places allowed to make them, and why.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "crates/accord-cli/src/new.rs",
        "OpenOptions::new(",
        "a new record is created with create_new (O_EXCL never follows a link) once accord-fs has checked its folders",
    ),
    (
        "crates/accord-git/src/lib.rs",
        "fs::read_to_string(",
        "git's own `shallow` file, in the git folder a pull request cannot write",
    ),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_accord_fs_touches_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    for krate in std::fs::read_dir(root.join("crates"))
        .expect("crates")
        .flatten()
    {
        let name = krate.file_name().to_string_lossy().into_owned();
        // This crate is the place; the bench and the code generator are maintainers' tools
        // that never run on a pull request's tree.
        if ["accord-fs", "accord-bench", "accord-codegen"].contains(&name.as_str()) {
            continue;
        }
        let mut files = Vec::new();
        sources(&krate.path().join("src"), &mut files);
        for file in files {
            let whole = std::fs::read_to_string(&file).expect("source");
            // Unit tests (the module at the end of a file) may make files as they like.
            let text = whole.split("#[cfg(test)]").next().unwrap_or("");
            let rel = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            for call in CALLS {
                if text.contains(call)
                    && !ALLOWED
                        .iter()
                        .any(|(f, c, _)| rel.ends_with(f) && c == call)
                {
                    found.push(format!("{rel}: {call}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "open files through accord-fs (Root, Folder, OutDir), or add the place to ALLOWED with its reason: {found:?}"
    );
}
