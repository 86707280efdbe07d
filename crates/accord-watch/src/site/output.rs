//! Atomic output: every file is written through [`OutDir`] (one real folder at a time, never
//! through a link, swapped in whole), with [`OutDir::write_if_changed`] only when its bytes
//! differ from what is on disk.

use accord_fs::OutDir;

/// The folder at `folders` (`schema/v1`) under `out`, each one made a real folder on the way.
pub(super) fn folder_at(out: &OutDir, folders: &str) -> std::io::Result<OutDir> {
    let mut parts = folders.split('/');
    let first = parts.next().unwrap_or_default();
    let mut dir = out.subfolder(first)?;
    for part in parts {
        dir = dir.subfolder(part)?;
    }
    Ok(dir)
}
