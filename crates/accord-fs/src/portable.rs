//! Elsewhere than on Unix: names are looked at with `symlink_metadata` before they are used,
//! so a link is met as a link; the same checks as on Unix, by path.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Before, Kind, Refused, Stat};

pub(crate) type Folder = PathBuf;

pub(crate) fn open_folder(root: &Path, names: Vec<&OsStr>) -> Result<PathBuf, Refused> {
    let mut path = root.to_path_buf();
    for name in names {
        path.push(name);
        match Kind::of(std::fs::symlink_metadata(&path)?.file_type()) {
            Kind::Folder => {}
            Kind::Link => return Err(Refused::Link),
            other => return Err(Refused::NotRegular(other)),
        }
    }
    Ok(path)
}

pub(crate) fn open_in(folder: &Path, name: &OsStr) -> Result<File, Refused> {
    let path = folder.join(name);
    match Kind::of(std::fs::symlink_metadata(&path)?.file_type()) {
        Kind::File => Ok(File::open(path)?),
        Kind::Link => Err(Refused::Link),
        other => Err(Refused::NotRegular(other)),
    }
}

pub(crate) fn kind_in(folder: &Path, name: &OsStr) -> std::io::Result<Kind> {
    Ok(Kind::of(
        std::fs::symlink_metadata(folder.join(name))?.file_type(),
    ))
}

pub(crate) fn stat_in(folder: &Path, name: &OsStr) -> std::io::Result<(Kind, Stat)> {
    let meta = std::fs::symlink_metadata(folder.join(name))?;
    Ok((Kind::of(meta.file_type()), Stat::of(&meta)))
}

pub(crate) fn open_dir_nofollow(path: &Path) -> std::io::Result<PathBuf> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        Ok(path.to_path_buf())
    } else {
        Err(std::io::Error::other(format!(
            "{} is not a real folder; accord writes only into a real folder",
            path.display()
        )))
    }
}

pub(crate) fn open_in_nofollow_dir(folder: &Path, name: &OsStr) -> std::io::Result<PathBuf> {
    open_dir_nofollow(&folder.join(name))
}

/// Makes the folder `name`; true when it made it, false when one was there.
pub(crate) fn make_folder_in(folder: &Path, name: &OsStr) -> std::io::Result<bool> {
    match std::fs::create_dir(folder.join(name)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Renames `from` to `to` in one folder.
pub(crate) fn rename_in(folder: &Path, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
    if std::fs::symlink_metadata(folder.join(to)).is_ok() {
        // Windows would replace a file, or refuse a folder, by other rules than Unix's: here a
        // name that is taken is refused, unless it is an empty folder.
        std::fs::remove_dir(folder.join(to))?;
    }
    std::fs::rename(folder.join(from), folder.join(to))
}

pub(crate) fn remove_in(folder: &Path, name: &OsStr) -> std::io::Result<()> {
    std::fs::remove_file(folder.join(name))
}

pub(crate) fn remove_folder_in(folder: &Path, name: &OsStr) -> std::io::Result<()> {
    std::fs::remove_dir(folder.join(name))
}

pub(crate) fn names_in(folder: &Path, _path: &Path) -> std::io::Result<Vec<OsString>> {
    std::fs::read_dir(folder)?
        .map(|e| e.map(|e| e.file_name()))
        .collect()
}

pub(crate) fn write_in(
    folder: &Path,
    name: &OsStr,
    parts: &[&[u8]],
    _before: Before,
) -> std::io::Result<()> {
    let temp = folder.join(crate::temporary_name(name));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            for part in parts {
                file.write_all(part)?;
            }
            file.flush()
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    std::fs::rename(&temp, folder.join(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
