//! Opening and looking at many files that sit in a few folders, each folder opened once and each
//! file found by its name in it, confined to the repository root by `accord-fs` (no link
//! followed, only regular files opened). The kernel then resolves one name per file instead of
//! its whole path: for 100,000 records in a few dozen folders that spares about 2.5 µs a file
//! here, which is a tenth of what `lint --base` spends on a record it has to read.

use std::fs::File;
use std::path::{Path, PathBuf};

pub use accord_fs::Stat;
use accord_fs::{Refused, Root};

/// How many folders are held open at most: each takes a file descriptor for as long as the
/// [`Folders`] live, and the files to be read need theirs (the usual limit is 1,024).
pub const MAX_OPEN: usize = 128;

/// The folders of a set of files below a root, each opened once without following a link (up
/// to [`MAX_OPEN`] of them); every file is then opened by its name in its folder, without
/// following a link, and only when it is a regular file.
#[derive(Debug)]
pub struct Folders {
    root: Root,
    open: std::collections::HashMap<PathBuf, accord_fs::Folder>,
}

impl Folders {
    /// Opens the folders of these files, below `root`. Files of one folder are best given
    /// together (a walk's order), so that each folder is looked up once.
    pub fn of<'a>(root: &Root, files: impl IntoIterator<Item = &'a Path>) -> Folders {
        let mut open = std::collections::HashMap::new();
        let mut last: Option<&Path> = None;
        for file in files {
            let Some(folder) = file.parent() else {
                continue;
            };
            if last == Some(folder) || open.contains_key(folder) {
                last = Some(folder);
                continue;
            }
            last = Some(folder);
            if open.len() >= MAX_OPEN {
                // The rest are found by their paths.
                break;
            }
            if let Some(opened) = root.relative(folder).and_then(|rel| root.folder(&rel).ok()) {
                open.insert(folder.to_path_buf(), opened);
            }
        }
        Folders {
            root: root.clone(),
            open,
        }
    }

    /// The root the files are below.
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// The open folder of a file, and the file's name in it.
    fn place<'p>(&self, path: &'p Path) -> Option<(&accord_fs::Folder, &'p std::ffi::OsStr)> {
        Some((self.open.get(path.parent()?)?, path.file_name()?))
    }

    /// Opens a regular file for reading, with its stat data; a link or a special file is
    /// refused. For files a folder listing gave as regular files.
    pub fn open(&self, path: &Path) -> Result<(File, Stat), Refused> {
        match self.place(path) {
            Some((folder, name)) => folder.open(name),
            None => self
                .root
                .open_file(&self.root.relative(path).ok_or(Refused::Outside)?),
        }
    }

    /// A regular file's stat data (a link or a special file is refused).
    pub fn stat(&self, path: &Path) -> Result<Stat, Refused> {
        match self.place(path) {
            Some((folder, name)) => folder.stat(name),
            None => self
                .root
                .stat(&self.root.relative(path).ok_or(Refused::Outside)?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Folders, Stat};

    #[test]
    fn files_are_opened_and_looked_at_as_by_their_paths() {
        use std::io::Read;
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a");
        std::fs::create_dir(&a).expect("folder");
        let one = a.join("one.yaml");
        let two = dir.path().join("two.yaml");
        std::fs::write(&one, "one").expect("write");
        std::fs::write(&two, "two, longer").expect("write");
        let missing = a.join("missing.yaml");
        let elsewhere = dir.path().join("b").join("three.yaml");
        let root = accord_fs::Root::unchecked(dir.path());
        let folders = Folders::of(&root, [one.as_path(), missing.as_path(), two.as_path()]);
        for (path, text) in [(&one, "one"), (&two, "two, longer")] {
            let mut read = String::new();
            folders
                .open(path)
                .expect("open")
                .0
                .read_to_string(&mut read)
                .expect("read");
            assert_eq!(read, text);
            let meta = std::fs::metadata(path).expect("metadata");
            assert_eq!(folders.stat(path).expect("stat"), Stat::of(&meta));
        }
        for path in [&missing, &elsewhere] {
            assert!(folders.open(path).is_err());
            assert!(folders.stat(path).is_err());
        }
        // Past the most folders held open, files are found by their paths.
        let many: Vec<std::path::PathBuf> = (0..super::MAX_OPEN + 2)
            .map(|i| dir.path().join(format!("f{i}")).join("x.yaml"))
            .collect();
        for path in &many {
            std::fs::create_dir(path.parent().expect("folder")).expect("folder");
            std::fs::write(path, "x").expect("write");
        }
        let folders_of_many = Folders::of(&root, many.iter().map(|p| p.as_path()));
        for path in &many {
            assert_eq!(folders_of_many.stat(path).expect("stat").len, 1);
        }
        // A file in a folder not given is found by its path.
        std::fs::create_dir(dir.path().join("b")).expect("folder");
        std::fs::write(&elsewhere, "three").expect("write");
        assert!(folders.open(&elsewhere).is_ok());
        // A link is refused, by a folder held open and by its path.
        #[cfg(unix)]
        for link in [a.join("link.yaml"), dir.path().join("b").join("link.yaml")] {
            std::os::unix::fs::symlink(&one, &link).expect("link");
            let folders = Folders::of(&root, [one.as_path()]);
            assert!(matches!(folders.open(&link), Err(accord_fs::Refused::Link)));
            assert!(matches!(folders.stat(&link), Err(accord_fs::Refused::Link)));
        }
        assert_eq!(folders.stat(&elsewhere).expect("stat").len, 5);
    }
}
