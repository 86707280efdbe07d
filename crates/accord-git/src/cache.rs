//! What `lint --base` learnt of each work-tree file last time: the file's stat data, its blob id
//! and its facts, kept in the git folder (`.git/accord/work-tree-cache`), the way git's index
//! keeps stat data so that `git status` need not read every file.
//!
//! A file whose size, modification and change times, inode and device are what the cache
//! recorded is taken to hold what it held then, and is not opened. An entry is written only for
//! a file last modified before the run started, by more than the file system's clock can blur
//! (git's "racily clean" problem: a file changed in the same clock tick as it was read would
//! look unchanged): 50 ms where times have nanoseconds, 2 s where they are whole seconds. The cache is tied to
//! the accord binary that wrote it (version, size and modification time), so facts read by
//! other code are never reused. It is a cache: a missing, unreadable or stale one is rebuilt,
//! and failing to write it only costs the next run its speed.

use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime};

use accord_lint::RecordFacts;
use accord_lint::folders::Stat;
use foldhash::HashMap;
use git2::Oid;
use serde::{Deserialize, Serialize};

/// Bumped whenever the layout below changes.
const FORMAT: u32 = 1;

/// How long before the run a file must have been last modified for its entry to be kept: more
/// than the kernel's coarse clock lags behind, where the file system keeps nanoseconds...
const SETTLED: Duration = Duration::from_millis(50);
/// ... and more than the resolution of file systems that keep whole (or even) seconds.
const SETTLED_COARSE: Duration = Duration::from_secs(2);

/// A file's stat data as the cache records it (see [`Stat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stamp(Stat);

impl From<Stat> for Stamp {
    fn from(stat: Stat) -> Stamp {
        Stamp(stat)
    }
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &Metadata) -> Stamp {
        Stamp(Stat::of(meta))
    }

    /// The file's length in bytes.
    pub fn bytes(&self) -> u64 {
        self.0.len
    }

    /// Whether the file was last modified and changed long enough before `moment` that a
    /// change after it would show in its times.
    fn settled_before(&self, moment: Duration) -> bool {
        let Stat {
            modified, changed, ..
        } = self.0;
        let coarse = modified.1 == 0 && changed.1 == 0;
        let margin = if coarse { SETTLED_COARSE } else { SETTLED };
        let Some(limit) = moment.checked_sub(margin) else {
            return false;
        };
        let limit = (limit.as_secs() as i64, limit.subsec_nanos());
        modified < limit && changed < limit
    }
}

/// What was learnt of one file, borrowed from the cache's bytes; its facts are decoded only
/// when asked for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Entry<'a> {
    /// The file's stat data when it was read.
    pub stamp: Stamp,
    blob: [u8; 20],
    #[serde(borrow)]
    facts: &'a [u8],
}

impl<'a> Entry<'a> {
    /// Git's blob id of the file's bytes.
    pub fn blob(&self) -> Oid {
        Oid::from_bytes(&self.blob).expect("20 bytes")
    }

    /// The file's facts, when it was a record that parses.
    pub fn facts(&self) -> Option<RecordFacts> {
        postcard::from_bytes(self.facts).ok().flatten()
    }

    /// The file's facts as the cache holds them ([`encode_facts`]), to be saved again as they
    /// are.
    pub fn encoded_facts(&self) -> &'a [u8] {
        self.facts
    }
}

/// A file's facts as a cache entry holds them. Encoding is left to the callers of
/// [`WorkTreeCache::save`] so that they can do it where the facts are found, on every core.
pub fn encode_facts(facts: Option<&RecordFacts>) -> Vec<u8> {
    postcard::to_allocvec(&facts).unwrap_or_default()
}

#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    format: u32,
    /// The binary that wrote the cache: version, and the size and modification time of the
    /// executable.
    writer: (String, u64, (i64, u32)),
    /// The accord root relative to the work tree.
    prefix: String,
}

/// The cache as read from the git folder: its bytes, checked to come from this binary and
/// this root; [`WorkTreeCache::entries`] looks into them.
#[derive(Debug, Default)]
pub struct WorkTreeCache {
    bytes: Vec<u8>,
    started: Option<Duration>,
}

/// The entries of a [`WorkTreeCache`], by path relative to the accord root.
#[derive(Debug, Default)]
pub struct Entries<'a> {
    map: HashMap<&'a str, Entry<'a>>,
}

impl<'a> Entries<'a> {
    /// How many files the cache knows.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// What is known of the file at `path` (relative to the accord root), if its stat data is
    /// still what was recorded.
    pub fn get(&self, path: &Path, stamp: &Stamp) -> Option<&Entry<'a>> {
        let entry = self.map.get(path.to_str()?)?;
        (entry.stamp == *stamp).then_some(entry)
    }
}

fn writer() -> (String, u64, (i64, u32)) {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| Stamp::of(&m));
    let (len, modified) = exe.map_or((0, (0, 0)), |s| (s.0.len, s.0.modified));
    (env!("CARGO_PKG_VERSION").to_owned(), len, modified)
}

fn now() -> Duration {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
}

fn header(prefix: &str) -> Header {
    Header {
        format: FORMAT,
        writer: writer(),
        prefix: prefix.to_owned(),
    }
}

impl WorkTreeCache {
    /// Reads the cache at `file`; an empty one when there is none or it was written by other
    /// code or for another root. The clock is read first: entries saved later must predate it.
    pub fn load(file: &Path, prefix: &str) -> WorkTreeCache {
        let started = Some(now());
        // (A regular file only, never through a link; its folder is git's own.)
        let bytes = accord_fs::Root::unchecked(file.parent().unwrap_or(Path::new(".")))
            .read(
                Path::new(file.file_name().unwrap_or_default()),
                accord_fs::MAX_CACHE_FILE,
            )
            .ok()
            .and_then(|bytes| {
                let (found, rest): (Header, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
                let at = bytes.len() - rest.len();
                (found == header(prefix)).then(|| bytes[at..].to_vec())
            })
            .unwrap_or_default();
        WorkTreeCache { bytes, started }
    }

    /// The entries, looked up in place (nothing but the lookup table is allocated).
    pub fn entries(&self) -> Entries<'_> {
        if self.bytes.is_empty() {
            return Entries::default();
        }
        let list: Vec<(&str, Entry<'_>)> = postcard::from_bytes(&self.bytes).unwrap_or_default();
        Entries {
            map: list.into_iter().collect(),
        }
    }

    /// Writes these entries (path relative to the accord root, stat data, blob id, and facts as
    /// [`encode_facts`] gives them) to `file`, atomically, leaving out files modified too
    /// recently to be trusted.
    pub fn save<'a>(
        &self,
        file: &Path,
        prefix: &str,
        entries: impl IntoIterator<Item = (&'a Path, &'a Stamp, Oid, &'a [u8])>,
    ) -> std::io::Result<()> {
        let started = self.started.unwrap_or_else(now);
        let list: Vec<(&str, Entry<'_>)> = entries
            .into_iter()
            .filter(|(_, stamp, _, _)| stamp.settled_before(started))
            .filter_map(|(path, stamp, blob, facts)| {
                let blob: [u8; 20] = blob.as_bytes().try_into().ok()?;
                Some((
                    path.to_str()?,
                    Entry {
                        stamp: *stamp,
                        blob,
                        facts,
                    },
                ))
            })
            .collect();
        let mut bytes = postcard::to_stdvec(&header(prefix)).map_err(std::io::Error::other)?;
        bytes = postcard::to_extend(&list, bytes).map_err(std::io::Error::other)?;
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Under an unpredictable name, never through a link, then swapped in.
        accord_fs::write_atomically(file, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(id: &str) -> RecordFacts {
        RecordFacts {
            id: Some((id.to_owned(), 4..4 + id.len())),
            date: Some("2025-05-19".into()),
            event_type: Some("meeting".into()),
            parties: vec!["country:CN".into(), "country:PK".into()],
            related: vec![("2025-01-01-x".to_owned(), 40..52)],
            retracted: false,
            seniority: 0,
        }
    }

    fn stamp(len: u64, seconds: i64, nanos: u32) -> Stamp {
        Stamp(Stat {
            len,
            modified: (seconds, nanos),
            changed: (seconds, nanos),
            inode: 7,
            device: 1,
        })
    }

    /// A cache whose run started at `started` seconds after the epoch.
    fn at(started: u64) -> WorkTreeCache {
        WorkTreeCache {
            bytes: Vec::new(),
            started: Some(Duration::from_secs(started)),
        }
    }

    #[test]
    fn what_is_saved_is_found_again_for_the_same_stamp_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("accord").join("work-tree-cache");
        let (a, b) = (Path::new("records/a.yaml"), Path::new("records/b.yaml"));
        let (sa, sb) = (stamp(10, 1_000, 5), stamp(20, 1_000, 6));
        let fa = facts("2025-05-19-a");
        let blob = Oid::hash_object(git2::ObjectType::Blob, b"x").expect("hash");
        at(2_000)
            .save(
                &file,
                "data/",
                [
                    (a, &sa, blob, encode_facts(Some(&fa)).as_slice()),
                    (b, &sb, blob, encode_facts(None).as_slice()),
                ],
            )
            .expect("saved");

        let cache = WorkTreeCache::load(&file, "data/");
        let entries = cache.entries();
        assert_eq!(entries.len(), 2);
        let found = entries.get(a, &sa).expect("a is known");
        assert_eq!(found.facts(), Some(fa));
        assert_eq!(found.blob(), blob);
        assert_eq!(entries.get(b, &sb).expect("b is known").facts(), None);
        // Any change to the stat data and the entry is not trusted.
        for changed in [
            stamp(11, 1_000, 5),
            stamp(10, 1_000, 6),
            Stamp(Stat { inode: 8, ..sa.0 }),
            Stamp(Stat {
                changed: (1_001, 0),
                ..sa.0
            }),
        ] {
            assert!(entries.get(a, &changed).is_none(), "{changed:?}");
        }
        assert!(entries.get(Path::new("records/c.yaml"), &sa).is_none());
        // Another root, or bytes that are not a cache: nothing is known.
        assert!(WorkTreeCache::load(&file, "").entries().is_empty());
        std::fs::write(&file, b"not a cache").expect("write");
        assert!(WorkTreeCache::load(&file, "data/").entries().is_empty());
        assert!(
            WorkTreeCache::load(&dir.path().join("missing"), "data/")
                .entries()
                .is_empty()
        );
    }

    #[test]
    fn files_modified_too_close_to_the_run_are_not_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("work-tree-cache");
        let blob = Oid::hash_object(git2::ObjectType::Blob, b"x").expect("hash");
        let paths = ["old", "recent", "coarse-old", "coarse-recent", "later"].map(Path::new);
        let stamps = [
            stamp(1, 999, 900_000_000), // 100 ms before the run
            stamp(1, 999, 990_000_000), // 10 ms before
            stamp(1, 997, 0),           // whole seconds, 3 s before
            stamp(1, 999, 0),           // whole seconds, 1 s before
            stamp(1, 1_001, 1),         // after the run started
        ];
        let none = encode_facts(None);
        at(1_000)
            .save(
                &file,
                "",
                paths
                    .iter()
                    .zip(&stamps)
                    .map(|(p, s)| (*p, s, blob, none.as_slice())),
            )
            .expect("saved");
        let cache = WorkTreeCache::load(&file, "");
        let entries = cache.entries();
        let kept: Vec<&str> = paths
            .iter()
            .zip(&stamps)
            .filter(|(p, s)| entries.get(p, s).is_some())
            .map(|(p, _)| p.to_str().expect("text"))
            .collect();
        assert_eq!(kept, ["old", "coarse-old"]);
    }
}
