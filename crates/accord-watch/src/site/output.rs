//! Atomic output: every file is written through [`OutDir`] (one real folder at a time, never
//! through a link, swapped in whole) and only when its bytes differ from what is on disk.

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

/// Writes `file` in `dir` unless it already holds exactly these bytes; returns whether it
/// wrote.
pub(super) fn write_if_changed(dir: &OutDir, file: &str, parts: &[&[u8]]) -> std::io::Result<bool> {
    if unchanged_on_disk(dir.open_existing(file), parts) {
        return Ok(false);
    }
    dir.write(file, parts)?;
    Ok(true)
}

/// Whether a file holds exactly these bytes, given in parts. Its length is looked at first,
/// then its contents a block at a time (a year's file runs to megabytes; it is compared, not
/// loaded).
pub(super) fn unchanged_on_disk(file: Option<std::fs::File>, parts: &[&[u8]]) -> bool {
    use std::io::Read;
    let Some(mut file) = file else {
        return false;
    };
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if !file.metadata().is_ok_and(|m| m.len() == len as u64) {
        return false;
    }
    let mut block = vec![0u8; 64 * 1024];
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

#[cfg(test)]
mod tests {
    use super::{OutDir, unchanged_on_disk};

    fn opened(path: &std::path::Path) -> Option<std::fs::File> {
        std::fs::File::open(path).ok()
    }

    /// The names in a folder.
    fn listing(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn parts_are_written_in_order_however_many() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("events.json");
        // More parts than one gathering write takes, some of them empty.
        let texts: Vec<String> = (0..3000)
            .map(|i| {
                if i % 7 == 0 {
                    String::new()
                } else {
                    format!("{i},")
                }
            })
            .collect();
        let parts: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
        let out = OutDir::create(dir.path()).expect("out");
        out.write("events.json", &parts).expect("write");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            texts.concat()
        );
        assert!(unchanged_on_disk(opened(&path), &parts));
        out.write("events.json", &[]).expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"");
        assert_eq!(listing(dir.path()), ["events.json"]);
    }

    #[test]
    fn a_file_is_unchanged_only_when_every_byte_is_the_same() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("events.json");
        // Longer than one block, so that the comparison goes block by block.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        assert!(unchanged_on_disk(opened(&path), &[&bytes]));
        // In parts of every size, some empty, some across blocks.
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut rest = bytes.as_slice();
        for size in [0, 1, 65_535, 0, 2, 70_000, 3, 0].into_iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (part, after) = rest.split_at(size.min(rest.len()));
            parts.push(part);
            rest = after;
        }
        assert!(parts.len() > 8);
        assert!(unchanged_on_disk(opened(&path), &parts));
        let mut last = bytes.clone();
        *last.last_mut().expect("bytes") ^= 1;
        assert!(!unchanged_on_disk(opened(&path), &[&last]));
        let middle = bytes.len() / 2;
        let mut changed = bytes.clone();
        changed[middle] ^= 1;
        assert!(!unchanged_on_disk(
            opened(&path),
            &[&changed[..middle], &changed[middle..]]
        ));
        let mut first = bytes.clone();
        first[0] ^= 1;
        assert!(!unchanged_on_disk(opened(&path), &[&first]));
        assert!(!unchanged_on_disk(opened(&path), &[&bytes[1..]]));
        assert!(!unchanged_on_disk(opened(&path), &[&bytes, b"x"]));
        assert!(!unchanged_on_disk(opened(&dir.path().join("missing")), &[]));
        std::fs::write(&path, b"").expect("write");
        assert!(unchanged_on_disk(opened(&path), &[]));
        assert!(unchanged_on_disk(opened(&path), &[b"", b""]));
    }
}
