//! The one place accord touches the file system, because what it reads comes from strangers'
//! pull requests.
//!
//! - **Reads are confined** ([`Root`], [`Folder`]): a file is read only when it is a regular
//!   file inside the repository root, reached one name at a time without following a symbolic
//!   link (a link to a record, a folder or a vocabulary is refused whatever it points to, so no
//!   byte of its target is ever read), opened without blocking (a named pipe cannot hang the
//!   reader) and read at most to a cap that is checked against the file's length before
//!   anything is allocated.
//! - **Writes cannot be redirected** ([`OutDir`]): a file is written under an unpredictable
//!   name, created exclusively without following links, with the mode the umask gives, in a
//!   folder opened without following a link, then swapped in; an output that is a link is
//!   replaced, never written through.
//!
//! Refusals never carry the bytes of what a link points to: their messages are fixed texts.

use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as sys;

#[cfg(not(unix))]
mod portable;
#[cfg(not(unix))]
use portable as sys;

/// The kinds of things a name in a folder can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A symbolic link (what it points to is never looked at).
    Link,
    /// A named pipe.
    Fifo,
    /// A socket.
    Socket,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// Something else.
    Other,
}

impl Kind {
    /// The kind of a file type (as `symlink_metadata` or a folder listing gives it).
    pub fn of(kind: std::fs::FileType) -> Kind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Kind::Fifo;
            }
            if kind.is_socket() {
                return Kind::Socket;
            }
            if kind.is_char_device() {
                return Kind::CharDevice;
            }
            if kind.is_block_device() {
                return Kind::BlockDevice;
            }
        }
        if kind.is_symlink() {
            Kind::Link
        } else if kind.is_dir() {
            Kind::Folder
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }

    /// The kind, with its article, as a message names it ("a named pipe (FIFO)").
    pub fn named(self) -> &'static str {
        match self {
            Kind::File => "a regular file",
            Kind::Folder => "a folder",
            Kind::Link => "a symbolic link",
            Kind::Fifo => "a named pipe (FIFO)",
            Kind::Socket => "a socket",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Other => "a special file",
        }
    }
}

/// Why a file was not read. The messages are fixed texts: none holds a byte of what a link
/// points to or of what a refused file holds.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The name, or a folder on the way to it, is a symbolic link.
    #[error(
        "a symbolic link; accord reads only regular files inside the repository and follows no links"
    )]
    Link,
    /// The name is not a regular file.
    #[error("{}, not a regular file", .0.named())]
    NotRegular(Kind),
    /// The path leads outside the repository root (or climbs with `..`).
    #[error("outside the repository")]
    Outside,
    /// The file is longer than the cap.
    #[error("the file is {} long; the limit is {}", size(*.len), size(*.cap))]
    TooLarge {
        /// Its length in bytes.
        len: u64,
        /// The cap it was read with.
        cap: u64,
    },
    /// The file system said no.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Refused {
    /// Whether the file is simply not there.
    pub fn is_missing(&self) -> bool {
        matches!(self, Refused::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// A size in bytes as people read it: `812 bytes`, `1.5 KiB`, `48.0 MiB`.
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes < KIB {
        format!("{bytes} bytes")
    } else if bytes < KIB * KIB {
        format!("{:.1} KiB", bytes as f64 / KIB as f64)
    } else if bytes < KIB * KIB * KIB {
        format!("{:.1} MiB", bytes as f64 / (KIB * KIB) as f64)
    } else {
        format!("{:.1} GiB", bytes as f64 / (KIB * KIB * KIB) as f64)
    }
}

/// A file's stat data, as far as telling that it changed goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stat {
    /// Its length in bytes.
    pub len: u64,
    /// Its modification time: seconds and nanoseconds since the epoch.
    pub modified: (i64, u32),
    /// Its status change time (creation time where there is none).
    pub changed: (i64, u32),
    /// Its inode number (0 where there is none).
    pub inode: u64,
    /// Its device (0 where there is none).
    pub device: u64,
}

impl Stat {
    /// The stat data of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stat {
                len: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec() as u32),
                changed: (meta.ctime(), meta.ctime_nsec() as u32),
                inode: meta.ino(),
                device: meta.dev(),
            }
        }
        #[cfg(not(unix))]
        {
            let since = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
            };
            Stat {
                len: meta.len(),
                modified: since(meta.modified()),
                changed: since(meta.created()),
                inode: 0,
                device: 0,
            }
        }
    }
}

/// The most a settings file (`accord.toml`, a vocabulary) may hold: far more than any honest
/// one, little enough that a hostile one cannot exhaust memory.
pub const MAX_SETTINGS_FILE: u64 = 4 * 1024 * 1024;

/// The most the work-tree cache may hold (about 200 bytes a record: five million records).
pub const MAX_CACHE_FILE: u64 = 1024 * 1024 * 1024;

/// The folders that must be real folders in a repository, never links: a link there would
/// carry every read below it out of the repository.
pub const FIXED_FOLDERS: [&str; 2] = ["records", "schema"];

/// Why a repository root cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RootError {
    /// `records/` or `schema/` is a symbolic link.
    #[error(
        "`{0}/` is a symbolic link; accord reads only what is inside the repository, so `{0}/` must be a real folder"
    )]
    Link(&'static str),
    /// `records/` or `schema/` is something other than a folder.
    #[error("`{0}/` is {1}, not a folder")]
    NotAFolder(&'static str, &'static str),
    /// The root itself cannot be used.
    #[error("cannot use {path} as the repository root: {source}")]
    Io {
        /// The root as given.
        path: String,
        /// What the file system said.
        source: std::io::Error,
    },
}

/// The repository root: the one folder below which accord reads. The root itself is the user's
/// choice and trusted; below it, no link is followed.
#[derive(Debug, Clone)]
pub struct Root {
    path: PathBuf,
}

impl Root {
    /// The root at `path`, checked: it is a folder, and `records/` and `schema/` (where they
    /// exist) are real folders, not links.
    pub fn new(path: &Path) -> Result<Root, RootError> {
        let io = |source| RootError::Io {
            path: path.display().to_string(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_dir() {
            return Err(io(std::io::Error::from(std::io::ErrorKind::NotADirectory)));
        }
        for name in FIXED_FOLDERS {
            let Ok(meta) = std::fs::symlink_metadata(path.join(name)) else {
                continue;
            };
            match Kind::of(meta.file_type()) {
                Kind::Folder => {}
                Kind::Link => return Err(RootError::Link(name)),
                other => return Err(RootError::NotAFolder(name, other.named())),
            }
        }
        Ok(Root {
            path: path.to_path_buf(),
        })
    }

    /// A root taken as it is, unchecked (for tests and for callers that checked it already).
    pub fn unchecked(path: &Path) -> Root {
        Root {
            path: path.to_path_buf(),
        }
    }

    /// The root's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `path` relative to the root, worked out from the names alone: `None` when it is not
    /// below the root or climbs with `..`. A relative `path` is taken from the current folder,
    /// as the command line gives it.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let rel = match path.strip_prefix(&self.path) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => {
                let absolute = std::path::absolute(path).ok()?;
                let root = std::path::absolute(&self.path).ok()?;
                absolute.strip_prefix(&root).ok()?.to_path_buf()
            }
        };
        let mut clean = PathBuf::new();
        for part in rel.components() {
            match part {
                Component::Normal(name) => clean.push(name),
                Component::CurDir => {}
                _ => return None,
            }
        }
        Some(clean)
    }

    /// Opens the folder `rel` below the root, one name at a time, following no link.
    pub fn folder(&self, rel: &Path) -> Result<Folder, Refused> {
        Ok(Folder {
            inner: sys::open_folder(&self.path, names(rel)?)?,
        })
    }

    /// Opens the regular file `rel` below the root: its folders are reached without following
    /// a link, its own kind is looked at before it is opened (a device or a pipe is never
    /// opened), and what was opened is checked again to be a regular file.
    pub fn open_file(&self, rel: &Path) -> Result<(File, Stat), Refused> {
        let (folder, name) = self.parent(rel)?;
        folder.open_checked(name)
    }

    /// Reads the regular file `rel` below the root, refusing it when it is longer than `cap`.
    pub fn read(&self, rel: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
        let (file, stat) = self.open_file(rel)?;
        let mut bytes = Vec::new();
        read_open(&file, stat.len, cap, &mut bytes)?;
        Ok(bytes)
    }

    /// [`Root::read`] for a text file.
    pub fn read_to_string(&self, rel: &Path, cap: u64) -> Result<String, Refused> {
        let bytes = self.read(rel, cap)?;
        String::from_utf8(bytes).map_err(|_| {
            Refused::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the file is not valid UTF-8",
            ))
        })
    }

    /// The stat data of the regular file `rel` below the root, not following a link.
    pub fn stat(&self, rel: &Path) -> Result<Stat, Refused> {
        let (folder, name) = self.parent(rel)?;
        folder.stat(name)
    }

    /// The kind of the name `rel` below the root, not following a link; the root itself (an
    /// empty `rel`) is a folder. An error when it is not there, or a folder on the way is a
    /// link or not a folder.
    pub fn kind(&self, rel: &Path) -> Result<Kind, Refused> {
        if rel.as_os_str().is_empty() {
            return Ok(Kind::Folder);
        }
        let (folder, name) = self.parent(rel)?;
        folder.kind(name)
    }

    fn parent<'r>(&self, rel: &'r Path) -> Result<(Folder, &'r OsStr), Refused> {
        let name = rel.file_name().ok_or(Refused::Outside)?;
        let parent = rel.parent().unwrap_or(Path::new(""));
        Ok((self.folder(parent)?, name))
    }
}

/// The names of a relative path, refusing anything but plain names.
fn names(rel: &Path) -> Result<Vec<&OsStr>, Refused> {
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(name) => Ok(name),
            _ => Err(Refused::Outside),
        })
        .collect()
}

/// A folder below the root, opened without following a link; files in it are opened by their
/// names (one name for the kernel to resolve, not a whole path).
#[derive(Debug)]
pub struct Folder {
    inner: sys::Folder,
}

impl Folder {
    /// Opens the regular file `name` in this folder without following a link and without
    /// blocking, and checks that what was opened is a regular file. For names a folder listing
    /// gave as regular files; [`Folder::open_checked`] looks first.
    pub fn open(&self, name: &OsStr) -> Result<(File, Stat), Refused> {
        let file = sys::open_in(&self.inner, name)?;
        let meta = file.metadata()?;
        let kind = Kind::of(meta.file_type());
        if kind != Kind::File {
            return Err(Refused::NotRegular(kind));
        }
        Ok((file, Stat::of(&meta)))
    }

    /// [`Folder::open`] after looking at what `name` is, so that nothing but a regular file is
    /// ever opened (opening a device can have effects of its own).
    pub fn open_checked(&self, name: &OsStr) -> Result<(File, Stat), Refused> {
        match self.kind(name)? {
            Kind::File => self.open(name),
            Kind::Link => Err(Refused::Link),
            other => Err(Refused::NotRegular(other)),
        }
    }

    /// What `name` is in this folder, not following a link.
    pub fn kind(&self, name: &OsStr) -> Result<Kind, Refused> {
        Ok(sys::kind_in(&self.inner, name)?)
    }

    /// The stat data of the regular file `name` in this folder, not following a link.
    pub fn stat(&self, name: &OsStr) -> Result<Stat, Refused> {
        let (kind, stat) = sys::stat_in(&self.inner, name)?;
        match kind {
            Kind::File => Ok(stat),
            Kind::Link => Err(Refused::Link),
            other => Err(Refused::NotRegular(other)),
        }
    }
}

/// Reads an open file whose stat data gave its length `len` into `buf` (emptied first), at
/// most `cap` bytes: a file longer than that is refused before anything is read. One read asks
/// for a byte more than `len`; when it gets just `len`, a regular file has ended. A file that
/// changed length since its stat data was taken is read on to its end, within the cap.
pub fn read_open(file: &File, len: u64, cap: u64, buf: &mut Vec<u8>) -> Result<(), Refused> {
    buf.clear();
    if len > cap {
        return Err(Refused::TooLarge { len, cap });
    }
    let want = len as usize + 1;
    buf.resize(want, 0);
    let mut reader = file;
    let got = loop {
        match reader.read(buf) {
            Ok(got) => break got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                buf.clear();
                return Err(e.into());
            }
        }
    };
    buf.truncate(got);
    if got as u64 != len {
        reader.take(cap + 1 - got as u64).read_to_end(buf)?;
        if buf.len() as u64 > cap {
            let len = buf.len() as u64;
            buf.clear();
            return Err(Refused::TooLarge { len, cap });
        }
    }
    Ok(())
}

/// An output folder: opened without following a link, so nothing written into it can land
/// elsewhere. The folder's own path is the caller's (a user's `--out`); it must not itself be
/// a link.
#[derive(Debug)]
pub struct OutDir {
    inner: sys::Folder,
    path: PathBuf,
    /// Whether this process made the folder, so that it held nothing when opened: a file
    /// written into it need not be looked for first.
    fresh: bool,
    /// Whether no reader can see the folder yet (it is being staged, or is inside a folder
    /// being staged): a file is then created under its own name and written in place, since
    /// nobody can see half of it.
    unseen: bool,
    /// For a folder made under a temporary name beside where it goes: where that is.
    staging: Option<Staging>,
}

/// Where a staged folder goes when it is published.
#[derive(Debug)]
struct Staging {
    /// The folder it is made in, opened without following a link.
    parent: sys::Folder,
    /// Its path.
    parent_path: PathBuf,
    /// Its temporary name there.
    temp: std::ffi::OsString,
    /// Its own name there.
    name: std::ffi::OsString,
}

/// What a name held just before it is written over, when the writer has looked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Before {
    /// Not looked at: the write looks.
    Unknown,
    /// Nothing (or nothing yet: the folder is new).
    Missing,
    /// Nothing, in a folder no reader can see yet: the file is written in place.
    Unseen,
    /// A regular file.
    File,
}

impl OutDir {
    /// Opens the folder at `path` when it is there, refusing it when it is a symbolic link.
    pub fn open(path: &Path) -> std::io::Result<OutDir> {
        Ok(OutDir {
            inner: sys::open_dir_nofollow(path)?,
            path: path.to_path_buf(),
            fresh: false,
            unseen: false,
            staging: None,
        })
    }

    /// Opens the folder at `path`, refusing it when it is a symbolic link. When it is missing,
    /// it is staged: made (with its parents) under a temporary name beside where it goes and
    /// filled there, each file written in place, and it appears whole at
    /// [`OutDir::publish`] (a first build is seen complete or not at all, and costs a third
    /// fewer system calls per file). A staged folder never published is removed when dropped.
    pub fn create(path: &Path) -> std::io::Result<OutDir> {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(std::io::Error::other(format!(
                    "{} is a symbolic link; accord writes only into a real folder",
                    path.display()
                )));
            }
            Ok(_) => return OutDir::open(path),
            Err(_) => {}
        }
        let parent_path = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let Some(name) = path.file_name() else {
            // (`/`, `..`: a folder that is always there, or no folder at all.)
            std::fs::create_dir_all(path)?;
            return OutDir::open(path);
        };
        std::fs::create_dir_all(&parent_path)?;
        let parent = sys::open_dir_nofollow(&parent_path)?;
        let mut tries = 0;
        let temp = loop {
            let temp = temporary_name(name);
            if sys::make_folder_in(&parent, &temp)? {
                break temp;
            }
            tries += 1;
            if tries == 8 {
                return Err(std::io::Error::other(format!(
                    "cannot make a temporary folder beside {}",
                    path.display()
                )));
            }
        };
        Ok(OutDir {
            inner: sys::open_in_nofollow_dir(&parent, &temp)?,
            path: path.to_path_buf(),
            fresh: true,
            unseen: true,
            staging: Some(Staging {
                parent,
                parent_path,
                temp,
                name: name.to_os_string(),
            }),
        })
    }

    /// Whether this process made the folder: everything in it was written through this
    /// `OutDir` or its subfolders (nothing stale to look for).
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Whether this folder is staged and not yet published.
    pub fn is_staged(&self) -> bool {
        self.staging.is_some()
    }

    /// Moves a staged folder to where it goes, in one rename (nothing to do for a folder that
    /// was there already). Refused when something else took its place meanwhile (a folder
    /// with files in it, a file, a link): the staged folder is then removed.
    pub fn publish(&mut self) -> std::io::Result<()> {
        let Some(staging) = self.staging.take() else {
            return Ok(());
        };
        sys::rename_in(&staging.parent, &staging.temp, &staging.name).map_err(|e| {
            let _ = std::fs::remove_dir_all(staging.parent_path.join(&staging.temp));
            std::io::Error::new(
                e.kind(),
                format!(
                    "cannot move the new {} into place: {e}",
                    self.path.display()
                ),
            )
        })?;
        self.unseen = false;
        Ok(())
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder `name` in this one, created when missing; anything else by that name (a
    /// link, a file) is removed first, so that nothing is written through it.
    pub fn subfolder(&self, name: &str) -> std::io::Result<OutDir> {
        one_name(name)?;
        let path = self.path.join(name);
        let os = OsStr::new(name);
        let fresh = if self.fresh {
            sys::make_folder_in(&self.inner, os)?
        } else {
            match sys::kind_in(&self.inner, os) {
                Ok(Kind::Folder) => false,
                Ok(_) => {
                    sys::remove_in(&self.inner, os)?;
                    sys::make_folder_in(&self.inner, os)?
                }
                Err(_) => sys::make_folder_in(&self.inner, os)?,
            }
        };
        Ok(OutDir {
            inner: sys::open_in_nofollow_dir(&self.inner, os)?,
            path,
            fresh,
            unseen: self.unseen,
            staging: None,
        })
    }

    /// The folder `name` in this one when it is a real folder.
    pub fn existing_subfolder(&self, name: &str) -> Option<OutDir> {
        one_name(name).ok()?;
        let os = OsStr::new(name);
        Some(OutDir {
            inner: sys::open_in_nofollow_dir(&self.inner, os).ok()?,
            path: self.path.join(name),
            fresh: false,
            unseen: self.unseen,
            staging: None,
        })
    }

    /// Writes `name` in this folder, its contents given in parts: into a new file with an
    /// unpredictable name, created exclusively (never through a link) with the mode the umask
    /// gives, then swapped in for what was there (a file, or a link, which is replaced, never
    /// followed). No reader ever sees half of it.
    pub fn write(&self, name: &str, parts: &[&[u8]]) -> std::io::Result<()> {
        one_name(name)?;
        let before = self.before_fresh().unwrap_or(Before::Unknown);
        sys::write_in(&self.inner, OsStr::new(name), parts, before)
    }

    /// Writes `name` as [`OutDir::write`] does unless it already holds exactly these bytes;
    /// returns whether it wrote. What is there is opened once (never through a link), its
    /// length looked at first and then its contents a block at a time; in a folder this
    /// process made, nothing is looked for. A new file costs four system calls.
    pub fn write_if_changed(&self, name: &str, parts: &[&[u8]]) -> std::io::Result<bool> {
        one_name(name)?;
        let os = OsStr::new(name);
        let before = if let Some(before) = self.before_fresh() {
            before
        } else {
            match sys::open_in(&self.inner, os) {
                Ok(file) => match file.metadata() {
                    Ok(meta) if meta.is_file() => {
                        if holds(file, meta.len(), parts) {
                            return Ok(false);
                        }
                        Before::File
                    }
                    _ => Before::Unknown,
                },
                Err(Refused::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Before::Missing,
                Err(_) => Before::Unknown,
            }
        };
        sys::write_in(&self.inner, os, parts, before)?;
        Ok(true)
    }

    /// What a name in this folder holds before it is first written, when that is known without
    /// looking: nothing, in a folder this process made.
    fn before_fresh(&self) -> Option<Before> {
        match (self.fresh, self.unseen) {
            (true, true) => Some(Before::Unseen),
            (true, false) => Some(Before::Missing),
            _ => None,
        }
    }

    /// Removes the file (or link) `name` from this folder; `Ok(false)` when it was not there.
    pub fn remove(&self, name: &str) -> std::io::Result<bool> {
        one_name(name)?;
        match sys::remove_in(&self.inner, OsStr::new(name)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Removes the empty folder `name` from this folder; `Ok(false)` when it was not there. A
    /// folder that still holds anything is not removed (an error).
    pub fn remove_empty_folder(&self, name: &str) -> std::io::Result<bool> {
        one_name(name)?;
        match sys::remove_folder_in(&self.inner, OsStr::new(name)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Opens `name` for reading when it is a regular file in this folder (not a link).
    pub fn open_existing(&self, name: &str) -> Option<File> {
        one_name(name).ok()?;
        // (Opening never follows a link, nor waits on a pipe; what it opened is then asked.)
        let file = sys::open_in(&self.inner, OsStr::new(name)).ok()?;
        file.metadata().ok()?.is_file().then_some(file)
    }

    /// Which version of the regular file `name` this folder holds, when it holds one.
    pub fn version(&self, name: &str) -> Option<Version> {
        let file = self.open_existing(name)?;
        Some(Version::of(&file.metadata().ok()?))
    }

    /// The contents of the regular file `name` (not a link), at most `cap` bytes, with its
    /// version as it was when read.
    pub fn read_existing(&self, name: &str, cap: u64) -> Option<(Vec<u8>, Version)> {
        let file = self.open_existing(name)?;
        let meta = file.metadata().ok()?;
        let mut bytes = Vec::new();
        read_open(&file, meta.len(), cap, &mut bytes).ok()?;
        Some((bytes, Version::of(&meta)))
    }

    /// The names in this folder.
    pub fn names(&self) -> std::io::Result<Vec<std::ffi::OsString>> {
        sys::names_in(&self.inner, &self.path)
    }
}

/// What tells one version of a file from the next without reading it: its length, the time it
/// was last changed, and its inode on Unix (every file accord writes is a new inode, swapped in).
/// A file changed by anyone since it was written is another version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Version {
    fn of(meta: &std::fs::Metadata) -> Version {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Version {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        }
    }
}

impl Drop for OutDir {
    /// A staged folder never published goes, with what was written into it.
    fn drop(&mut self) {
        if let Some(staging) = self.staging.take() {
            let _ = std::fs::remove_dir_all(staging.parent_path.join(&staging.temp));
        }
    }
}

/// Whether `file`, `len` bytes long, holds exactly these bytes, given in parts: its length is
/// compared first, then its contents a block at a time (a year's file runs to megabytes; it is
/// compared, not loaded).
fn holds(mut file: File, len: u64, parts: &[&[u8]]) -> bool {
    use std::io::Read;
    if parts.iter().map(|p| p.len() as u64).sum::<u64>() != len {
        return false;
    }
    let mut block = vec![0u8; (len as usize).clamp(1, 64 * 1024)];
    let mut parts = parts.iter();
    // What is left of the part being compared.
    let mut part: &[u8] = &[];
    loop {
        let mut read = match file.read(&mut block) {
            Ok(0) => return part.is_empty() && parts.all(|p| p.is_empty()),
            Ok(n) => &block[..n],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        while !read.is_empty() {
            if part.is_empty() {
                match parts.next() {
                    Some(next) => part = next,
                    None => return false,
                }
                continue;
            }
            let n = part.len().min(read.len());
            if part[..n] != read[..n] {
                return false;
            }
            part = &part[n..];
            read = &read[n..];
        }
    }
}

/// Refuses a name that is not one name in a folder (`a/b`, `..`, empty): a path of several
/// names would be resolved by the kernel in one go, following a link on the way, which is what
/// opening one name at a time exists to prevent.
fn one_name(name: &str) -> std::io::Result<()> {
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', '\0']) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("`{}` is not one name in a folder", name.escape_debug()),
        ));
    }
    Ok(())
}

/// Writes `path` (a file in a folder that exists) as [`OutDir::write`] does, its folder opened
/// without following a link: for a file replaced in place, such as a record `accord fmt`
/// rewrites.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path
        .file_name()
        .and_then(OsStr::to_str)
        .ok_or_else(|| std::io::Error::other("a file name must be UTF-8"))?;
    let folder = sys::open_dir_nofollow(dir.unwrap_or(Path::new(".")))?;
    sys::write_in(&folder, OsStr::new(name), &[bytes], Before::Unknown)
}

/// Appends `bytes` to the regular file at `path`, created when missing (with the mode the umask
/// gives): for a report a caller names, such as a GitHub job summary. Never through a link,
/// never into a pipe or a device (refused, without waiting on it).
pub fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(
            "a symbolic link; accord writes only to a real file",
        ));
    }
    let mut file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            return std::io::Error::other("a symbolic link; accord writes only to a real file");
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    file.write_all(bytes)
}

/// 128 random bits as hexadecimal, that another process cannot guess: from the standard
/// library's per-process random hash keys, with a counter so that no two calls agree. For the
/// names of temporary files, the token of a `::stop-commands::` fence, a page's nonce.
pub fn random_token() -> String {
    use std::hash::{BuildHasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // (Asked once: the process id is a system call, and a build names 200,000 files.)
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let a = RandomState::new().hash_one((n, *PID.get_or_init(std::process::id)));
    let b = RandomState::new().hash_one((a, n));
    format!("{a:016x}{b:016x}")
}

/// A name for a temporary file next to `name` that another process cannot guess.
fn temporary_name(name: &OsStr) -> std::ffi::OsString {
    let mut temp = std::ffi::OsString::from(".");
    temp.push(name);
    temp.push(format!(".{}.tmp", random_token()));
    temp
}

#[cfg(test)]
mod tests;
