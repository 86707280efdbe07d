//! The Unix side: every name is resolved relative to an open folder with `O_NOFOLLOW`, so a
//! link anywhere below the root is met as a link, never followed.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::path::Path;

use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use crate::{Before, Kind, Refused, Stat};

pub(crate) type Folder = OwnedFd;

const DIR_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

fn kind_of_mode(mode: u32) -> Kind {
    match FileType::from_raw_mode(mode as _) {
        FileType::RegularFile => Kind::File,
        FileType::Directory => Kind::Folder,
        FileType::Symlink => Kind::Link,
        FileType::Fifo => Kind::Fifo,
        FileType::Socket => Kind::Socket,
        FileType::CharacterDevice => Kind::CharDevice,
        FileType::BlockDevice => Kind::BlockDevice,
        FileType::Unknown => Kind::Other,
    }
}

/// What a name in a folder is, when opening it as a folder did not work.
fn refusal_for(folder: &OwnedFd, name: &OsStr, e: Errno) -> Refused {
    match kind_in(folder, name) {
        Ok(Kind::Link) => Refused::Link,
        Ok(Kind::Folder) | Err(_) => Refused::Io(e.into()),
        Ok(other) => Refused::NotRegular(other),
    }
}

pub(crate) fn open_folder(root: &Path, names: Vec<&OsStr>) -> Result<OwnedFd, Refused> {
    // The root is the user's choice: it is opened as given.
    let mut fd = rustix::fs::open(
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(std::io::Error::from)?;
    for name in names {
        fd = match rustix::fs::openat(&fd, name, DIR_FLAGS, Mode::empty()) {
            Ok(next) => next,
            Err(e) => return Err(refusal_for(&fd, name, e)),
        };
    }
    Ok(fd)
}

pub(crate) fn open_in(folder: &OwnedFd, name: &OsStr) -> Result<File, Refused> {
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    match rustix::fs::openat(folder, name, flags, Mode::empty()) {
        Ok(fd) => Ok(File::from(fd)),
        // (ELOOP on Linux, EMLINK on FreeBSD, EFTYPE on NetBSD for a link under O_NOFOLLOW.)
        Err(e) if e == Errno::LOOP || e == Errno::MLINK => Err(Refused::Link),
        Err(e) => Err(Refused::Io(e.into())),
    }
}

pub(crate) fn kind_in(folder: &OwnedFd, name: &OsStr) -> std::io::Result<Kind> {
    let st = rustix::fs::statat(folder, name, AtFlags::SYMLINK_NOFOLLOW)?;
    #[allow(clippy::unnecessary_cast)]
    Ok(kind_of_mode(st.st_mode as u32))
}

pub(crate) fn stat_in(folder: &OwnedFd, name: &OsStr) -> std::io::Result<(Kind, Stat)> {
    let st = rustix::fs::statat(folder, name, AtFlags::SYMLINK_NOFOLLOW)?;
    // (The field types differ between architectures.)
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    let stat = Stat {
        len: st.st_size as u64,
        modified: (st.st_mtime as i64, st.st_mtime_nsec as u32),
        changed: (st.st_ctime as i64, st.st_ctime_nsec as u32),
        inode: st.st_ino as u64,
        device: st.st_dev as u64,
    };
    #[allow(clippy::unnecessary_cast)]
    Ok((kind_of_mode(st.st_mode as u32), stat))
}

pub(crate) fn open_dir_nofollow(path: &Path) -> std::io::Result<OwnedFd> {
    rustix::fs::open(path, DIR_FLAGS, Mode::empty()).map_err(|e| {
        if e == Errno::LOOP || e == Errno::NOTDIR {
            std::io::Error::other(format!(
                "{} is not a real folder (a symbolic link or a file); accord writes only into a real folder",
                path.display()
            ))
        } else {
            e.into()
        }
    })
}

pub(crate) fn open_in_nofollow_dir(folder: &OwnedFd, name: &OsStr) -> std::io::Result<OwnedFd> {
    Ok(rustix::fs::openat(folder, name, DIR_FLAGS, Mode::empty())?)
}

/// Makes the folder `name`; true when it made it, false when one was there.
pub(crate) fn make_folder_in(folder: &OwnedFd, name: &OsStr) -> std::io::Result<bool> {
    match rustix::fs::mkdirat(folder, name, Mode::from_raw_mode(0o777)) {
        Ok(()) => Ok(true),
        Err(Errno::EXIST) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Renames `from` to `to` in one folder (a folder over an empty folder replaces it; over
/// anything else, it is refused).
pub(crate) fn rename_in(folder: &OwnedFd, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
    Ok(rustix::fs::renameat(folder, from, folder, to)?)
}

pub(crate) fn remove_in(folder: &OwnedFd, name: &OsStr) -> std::io::Result<()> {
    Ok(rustix::fs::unlinkat(folder, name, AtFlags::empty())?)
}

pub(crate) fn remove_folder_in(folder: &OwnedFd, name: &OsStr) -> std::io::Result<()> {
    Ok(rustix::fs::unlinkat(folder, name, AtFlags::REMOVEDIR)?)
}

pub(crate) fn names_in(folder: &OwnedFd, _path: &Path) -> std::io::Result<Vec<OsString>> {
    use std::os::unix::ffi::OsStrExt;
    let dup = rustix::io::fcntl_dupfd_cloexec(folder, 0)?;
    let mut dir = rustix::fs::Dir::new(dup)?;
    // A duplicate shares the folder's read position: after one listing it is at the end, and a
    // second listing of the same folder would find nothing. Start from the beginning.
    dir.rewind();
    let mut names = Vec::new();
    while let Some(entry) = dir.read() {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name != b"." && name != b".." {
            names.push(OsStr::from_bytes(name).to_os_string());
        }
    }
    Ok(names)
}

pub(crate) fn write_in(
    folder: &OwnedFd,
    name: &OsStr,
    parts: &[&[u8]],
    before: Before,
) -> std::io::Result<()> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    // The mode asked for is 0666: the kernel takes the umask off it.
    let mode = Mode::from_raw_mode(0o666);
    let before = if before == Before::Unseen {
        // Nobody can see the folder yet: the file is made under its own name (never through
        // a link: it must be new), and removed if it cannot be written whole. A name written
        // before is replaced the usual way.
        match rustix::fs::openat(folder, name, flags, mode) {
            Ok(fd) => {
                let mut file = File::from(fd);
                let written = write_parts(&mut file, parts).and_then(|()| file.flush());
                drop(file);
                if written.is_err() {
                    let _ = rustix::fs::unlinkat(folder, name, AtFlags::empty());
                }
                return written;
            }
            Err(Errno::EXIST) => Before::Unknown,
            Err(e) => return Err(e.into()),
        }
    } else {
        before
    };
    let mut tries = 0;
    let (temp, fd) = loop {
        let temp = crate::temporary_name(name);
        match rustix::fs::openat(folder, &temp, flags, mode) {
            Ok(fd) => break (temp, fd),
            Err(Errno::EXIST) if tries < 8 => tries += 1,
            Err(e) => return Err(e.into()),
        }
    };
    let mut file = File::from(fd);
    let written = write_parts(&mut file, parts).and_then(|()| file.flush());
    drop(file);
    if let Err(e) = written {
        let _ = rustix::fs::unlinkat(folder, &temp, AtFlags::empty());
        return Err(e);
    }
    let replaces_file = match before {
        Before::Missing | Before::Unseen => false,
        Before::File => true,
        Before::Unknown => matches!(kind_in(folder, name), Ok(Kind::File)),
    };
    if replaces_file && swap(folder, &temp, name) {
        // The old file now has the temporary name.
        let _ = rustix::fs::unlinkat(folder, &temp, AtFlags::empty());
        return Ok(());
    }
    // Renaming over a link replaces the link; it is never followed.
    rustix::fs::renameat(folder, &temp, folder, name).map_err(|e| {
        let _ = rustix::fs::unlinkat(folder, &temp, AtFlags::empty());
        e.into()
    })
}

/// Swaps two names in one step (Linux's `renameat2` with `RENAME_EXCHANGE`), which readers see
/// the same way as a rename. Replacing a file by renaming over it makes ext4 allocate and start
/// writing the new file's blocks inside the rename (its `auto_da_alloc` safeguard), about 6 ms
/// for a year's 7 MB of JSON; swapping and then unlinking the old file does not. Returns false
/// when the swap is not possible here; the caller renames instead.
#[cfg(target_os = "linux")]
fn swap(folder: &OwnedFd, a: &OsStr, b: &OsStr) -> bool {
    use rustix::fs::{RenameFlags, renameat_with};
    renameat_with(folder.as_fd(), a, folder.as_fd(), b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn swap(_: &OwnedFd, _: &OsStr, _: &OsStr) -> bool {
    false
}

/// Writes every part, in order, with gathering writes.
fn write_parts(file: &mut File, parts: &[&[u8]]) -> std::io::Result<()> {
    use std::io::IoSlice;
    for chunk in parts.chunks(1024) {
        let mut slices: Vec<IoSlice<'_>> = chunk.iter().map(|p| IoSlice::new(p)).collect();
        let mut left = &mut slices[..];
        // Skips leading empty parts.
        IoSlice::advance_slices(&mut left, 0);
        while !left.is_empty() {
            match file.write_vectored(left) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut left, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}
