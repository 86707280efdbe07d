//! The written invariant "every file accord reads or writes goes through accord-fs", checked:
//! no library or binary source outside this crate opens, reads or writes a file by itself,
//! except the few places listed here with their reasons.

use std::path::Path;

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
        // that never run on a pull request's tree, and the test support runs only in tests.
        if [
            "accord-fs",
            "accord-bench",
            "accord-codegen",
            "accord-test-support",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        for file in accord_test_support::rust_sources(&krate.path().join("src")) {
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
