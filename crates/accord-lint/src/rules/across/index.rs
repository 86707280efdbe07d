//! The index the rules across records look things up in: who uses an id, who links to it, who
//! shares a date, type and parties. It can be built for a whole tree at once, or kept and
//! updated one file at a time; an update says which files' findings may have changed, so that a
//! caller (the watcher) re-checks only those.
//!
//! Files are numbered as they are first indexed, and the lookups hold numbers, not paths: a
//! tree of 100,000 records is indexed with a few small allocations per file. Groups of possible
//! duplicates are keyed by a hash of what their members share; the rule compares the members'
//! facts, so a collision of hashes costs a comparison, never a finding.

use std::collections::{BTreeSet, HashSet};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use compact_str::CompactString;
use foldhash::HashMap;
use foldhash::fast::RandomState;

use super::RecordFacts;
use crate::diagnostic::Diagnostic;

/// A file's number in an [`Index`].
pub(crate) type File = u32;

/// Records that may be the same event share this: the start of the date, the type, the parties.
pub(crate) type GroupKey<'a> = (&'a str, &'a str, &'a [CompactString]);

/// The group a record belongs to, when it can be compared at all (not retracted, an id, a date,
/// a type and at least two parties).
pub(crate) fn group_key(facts: &RecordFacts) -> Option<GroupKey<'_>> {
    if facts.retracted || facts.parties.len() < 2 {
        return None;
    }
    let (Some(date), Some(kind), Some(_)) = (&facts.date, &facts.event_type, facts.id()) else {
        return None;
    };
    Some((date, kind, &facts.parties))
}

/// One seed for the process, chosen at random when first used (every map below is seeded so
/// too): what records share is a stranger's choice, so collisions must not be made ahead.
static GROUP_HASH: LazyLock<RandomState> = LazyLock::new(Default::default);

pub(crate) fn group_hash(key: &GroupKey<'_>) -> u64 {
    GROUP_HASH.hash_one(key)
}

/// Where `file` is, or would be, in a set kept sorted by path (as bytes, then by number): the
/// rules list a set's first few paths without sorting it (8,000 records sharing an id each
/// name the same first five).
fn place(set: &[File], file: File, paths: &[Arc<Path>]) -> Result<usize, usize> {
    let key = |f: File| (paths[f as usize].as_os_str().as_encoded_bytes(), f);
    set.binary_search_by(|&f| key(f).cmp(&key(file)))
}

/// Adds `file` to a set kept sorted by path.
fn add(set: &mut Vec<File>, file: File, paths: &[Arc<Path>]) {
    if let Err(at) = place(set, file, paths) {
        set.insert(at, file);
    }
}

/// Takes `file` out of a set kept sorted by path.
fn take(set: &mut Vec<File>, file: File, paths: &[Arc<Path>]) {
    if let Ok(at) = place(set, file, paths) {
        set.remove(at);
    }
}

/// Every file's facts, indexed for the rules across records.
#[derive(Debug, Default)]
pub struct Index {
    /// Each file's path, by number. A file that is removed keeps its number, which it gets back
    /// when it is indexed again.
    paths: Vec<Arc<Path>>,
    numbers: HashMap<Arc<Path>, File>,
    /// Each file's facts, by number (`None` once removed).
    facts: Vec<Option<RecordFacts>>,
    /// Who uses each id.
    ids: HashMap<String, Vec<File>>,
    /// Who names each id in `related`.
    referrers: HashMap<String, Vec<File>>,
    /// Ids named in `related` that no record has.
    missing: HashSet<String, RandomState>,
    /// Possible duplicates, by the hash of what they share.
    groups: HashMap<u64, Vec<File>>,
}

impl Index {
    /// Indexes a whole tree.
    pub fn of<P: AsRef<Path>>(files: impl IntoIterator<Item = (P, RecordFacts)>) -> Index {
        Index::numbered(files).0
    }

    /// Indexes a whole tree; also returns the number each file got, in the order given (a
    /// path given twice gets one number, and the facts given last).
    pub(crate) fn numbered<P: AsRef<Path>>(
        files: impl IntoIterator<Item = (P, RecordFacts)>,
    ) -> (Index, Vec<File>) {
        let files = files.into_iter();
        // Room for every file at once: a caller's filter leaves the lower bound at 0, and
        // growing by doubling would leave up to half of the largest lists unused (the facts
        // alone are 17 MB at 100,000 records). The upper bound is the files given.
        let (least, most) = files.size_hint();
        let size = most.unwrap_or(least);
        let mut index = Index {
            paths: Vec::with_capacity(size),
            numbers: HashMap::with_capacity_and_hasher(size, RandomState::default()),
            facts: Vec::with_capacity(size),
            ids: HashMap::with_capacity_and_hasher(size, RandomState::default()),
            groups: HashMap::with_capacity_and_hasher(size, RandomState::default()),
            ..Index::default()
        };
        let mut numbers = Vec::with_capacity(size);
        for (path, facts) in files {
            let file = index.number(path.as_ref());
            index.replace(file, facts, None);
            numbers.push(file);
        }
        (index, numbers)
    }

    /// Gives a file new facts, taking its old ones out of the lookups first; `affected`, when
    /// given, collects the files that shared something with either. Returns whether the set of
    /// ids in use changed.
    fn replace(
        &mut self,
        file: File,
        facts: RecordFacts,
        mut affected: Option<&mut Vec<File>>,
    ) -> bool {
        let mut ids_changed = false;
        if let Some(old) = self.facts[file as usize].take() {
            let mut unused = Vec::new();
            let collect = affected.as_deref_mut().unwrap_or(&mut unused);
            ids_changed |= self.unlink(file, &old, collect);
        }
        ids_changed |= self.link(file, &facts, affected);
        self.facts[file as usize] = Some(facts);
        ids_changed
    }

    /// The number of a file, given one if it has none yet.
    fn number(&mut self, path: &Path) -> File {
        if let Some(&file) = self.numbers.get(path) {
            return file;
        }
        let file = File::try_from(self.paths.len()).expect("fewer than 2^32 files");
        let path: Arc<Path> = Arc::from(path);
        self.paths.push(path.clone());
        self.numbers.insert(path, file);
        self.facts.push(None);
        file
    }

    /// Adds a file or replaces its facts. Returns every file whose findings may have changed,
    /// this one included.
    pub fn insert(&mut self, path: &Path, facts: RecordFacts) -> BTreeSet<PathBuf> {
        let file = self.number(path);
        let mut affected = vec![file];
        if self.replace(file, facts, Some(&mut affected)) {
            self.add_unresolved(&mut affected);
        }
        self.paths_of(affected)
    }

    /// Forgets a file. Returns every file whose findings may have changed (not this one).
    pub fn remove(&mut self, path: &Path) -> BTreeSet<PathBuf> {
        let Some(&file) = self.numbers.get(path) else {
            return BTreeSet::new();
        };
        let mut affected = Vec::new();
        if let Some(old) = self.facts[file as usize].take()
            && self.unlink(file, &old, &mut affected)
        {
            self.add_unresolved(&mut affected);
        }
        affected.retain(|&f| f != file);
        self.paths_of(affected)
    }

    /// The findings of the rules across records for one indexed file (none for a file not in
    /// the index).
    pub fn check(&self, path: &Path) -> Vec<Diagnostic> {
        match self.numbers.get(path) {
            Some(&file) => self.check_file(file),
            None => Vec::new(),
        }
    }

    /// [`Index::check`] for a file by its number.
    pub(crate) fn check_file(&self, file: File) -> Vec<Diagnostic> {
        match self.facts(file) {
            Some(facts) => super::check_one(self, file, facts),
            None => Vec::new(),
        }
    }

    /// Takes the facts of a file back out of the index (which then no longer knows them, but
    /// still answers for the other files as before: meant for after the last check).
    pub fn take_facts(&mut self, path: &Path) -> Option<RecordFacts> {
        let &file = self.numbers.get(path)?;
        self.take_file_facts(file)
    }

    /// [`Index::take_facts`] for a file by its number.
    pub(crate) fn take_file_facts(&mut self, file: File) -> Option<RecordFacts> {
        self.facts.get_mut(file as usize)?.take()
    }

    /// The path of a file.
    pub(crate) fn path(&self, file: File) -> &Path {
        &self.paths[file as usize]
    }

    /// The facts of an indexed file.
    pub(crate) fn facts(&self, file: File) -> Option<&RecordFacts> {
        self.facts[file as usize].as_ref()
    }

    /// The files that use an id.
    pub(crate) fn users(&self, id: &str) -> &[File] {
        self.ids.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether some file uses the id.
    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// The files that may share the group `key` (the rule compares their facts).
    pub(crate) fn group(&self, key: &GroupKey<'_>) -> &[File] {
        self.groups.get(&group_hash(key)).map_or(&[], Vec::as_slice)
    }

    /// Every id in use.
    pub(crate) fn id_list(&self) -> impl Iterator<Item = &str> {
        self.ids.keys().map(String::as_str)
    }

    fn paths_of(&self, mut files: Vec<File>) -> BTreeSet<PathBuf> {
        files.sort_unstable();
        files.dedup();
        files
            .into_iter()
            .map(|f| self.path(f).to_path_buf())
            .collect()
    }

    /// Adds a file's facts to the lookups; `affected` collects the files that share something
    /// with it. Returns whether the set of ids in use changed.
    fn link(
        &mut self,
        file: File,
        facts: &RecordFacts,
        mut affected: Option<&mut Vec<File>>,
    ) -> bool {
        let mut ids_changed = false;
        if let Some(id) = facts.id() {
            if let Some(a) = affected.as_deref_mut() {
                a.extend(self.referrers.get(id).into_iter().flatten());
            }
            match self.ids.get_mut(id) {
                Some(users) => {
                    if let Some(a) = affected.as_deref_mut() {
                        a.extend(users.iter());
                    }
                    add(users, file, &self.paths);
                }
                None => {
                    self.ids.insert(id.to_owned(), vec![file]);
                    if !self.missing.is_empty() {
                        self.missing.remove(id);
                    }
                    ids_changed = true;
                }
            }
        }
        for (target, _) in &facts.related {
            match self.referrers.get_mut(target) {
                Some(from) => add(from, file, &self.paths),
                None => {
                    self.referrers.insert(target.clone(), vec![file]);
                }
            }
            if !self.ids.contains_key(target) {
                self.missing.insert(target.clone());
            }
        }
        if let Some(key) = group_key(facts) {
            let members = self.groups.entry(group_hash(&key)).or_default();
            if let Some(a) = affected {
                a.extend(members.iter());
            }
            add(members, file, &self.paths);
        }
        ids_changed
    }

    /// Takes a file's old facts out of the lookups; `affected` collects the files that shared
    /// something with it. Returns whether the set of ids in use changed.
    fn unlink(&mut self, file: File, facts: &RecordFacts, affected: &mut Vec<File>) -> bool {
        let mut ids_changed = false;
        if let Some(id) = facts.id() {
            affected.extend(self.referrers.get(id).into_iter().flatten());
            if let Some(users) = self.ids.get_mut(id) {
                take(users, file, &self.paths);
                affected.extend(users.iter());
                if users.is_empty() {
                    self.ids.remove(id);
                    if self.referrers.contains_key(id) {
                        self.missing.insert(id.to_owned());
                    }
                    ids_changed = true;
                }
            }
        }
        for (target, _) in &facts.related {
            if let Some(from) = self.referrers.get_mut(target) {
                take(from, file, &self.paths);
                if from.is_empty() {
                    self.referrers.remove(target);
                    self.missing.remove(target);
                }
            }
        }
        if let Some(key) = group_key(facts) {
            let hash = group_hash(&key);
            if let Some(members) = self.groups.get_mut(&hash) {
                take(members, file, &self.paths);
                affected.extend(members.iter());
                if members.is_empty() {
                    self.groups.remove(&hash);
                }
            }
        }
        ids_changed
    }

    /// Files that link to an id no record has: when the ids in use change, their "did you mean"
    /// may change too.
    fn add_unresolved(&self, affected: &mut Vec<File>) {
        for target in &self.missing {
            affected.extend(self.referrers.get(target).into_iter().flatten());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Facts from a small alphabet, so that ids clash, links resolve and groups form.
    fn facts(seed: u64) -> RecordFacts {
        let pick = |shift: u32, n: u64| (seed >> shift) % n;
        let id = format!("2025-01-0{}-x", pick(0, 6));
        let related = (0..pick(4, 3))
            .map(|i| (format!("2025-01-0{}-x", pick(8 + 4 * i as u32, 8)), 0..1))
            .collect();
        RecordFacts {
            id: (pick(20, 8) != 0).then_some((id, 4..10)),
            date: Some(compact_str::format_compact!("2025-01-0{}", pick(24, 2))),
            event_type: Some("meeting".into()),
            parties: if pick(28, 3) == 0 {
                vec!["country:PK".into()]
            } else {
                vec!["country:CN".into(), "country:PK".into()]
            },
            related,
            retracted: pick(32, 9) == 0,
            // Some older, some newer, so that which record keeps an id varies too.
            seniority: pick(36, 3),
        }
    }

    fn messages(index: &Index, path: &Path) -> Vec<String> {
        index
            .check(path)
            .into_iter()
            .map(|d| format!("{} {} {:?}", d.rule.code, d.message, d.help))
            .collect()
    }

    #[test]
    fn an_index_kept_up_to_date_finds_what_a_fresh_one_finds_and_names_every_file_affected() {
        let mut live = Index::default();
        let mut files: BTreeMap<PathBuf, RecordFacts> = BTreeMap::new();
        let mut shown: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut codes = std::collections::BTreeSet::new();
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let path = PathBuf::from(format!("records/{}.yaml", state % 12));
            let affected = if (state >> 40).is_multiple_of(5) {
                files.remove(&path);
                shown.remove(&path);
                live.remove(&path)
            } else {
                let f = facts(state.rotate_left(7));
                files.insert(path.clone(), f.clone());
                live.insert(&path, f)
            };
            for p in &affected {
                shown.insert(p.clone(), messages(&live, p));
            }
            let fresh = Index::of(files.clone());
            for p in files.keys() {
                let expected = messages(&fresh, p);
                assert_eq!(messages(&live, p), expected, "{}", p.display());
                codes.extend(expected.iter().map(|m| m[..4].to_owned()));
                // What the caller re-checked is still what a fresh index finds: no file was
                // left out of `affected`.
                assert_eq!(
                    shown.get(p),
                    Some(&expected),
                    "{} not re-checked",
                    p.display()
                );
            }
        }
        // The walk met every rule.
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            ["A301", "A302", "A303", "A304"]
        );
    }

    #[test]
    fn the_records_bearing_on_a_few_find_for_them_what_all_records_find() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut narrowed, mut left_out, mut codes) = (0, 0, std::collections::BTreeSet::new());
        for _ in 0..300 {
            let count = 2 + (next() % 40) as usize;
            let all: Vec<(PathBuf, Option<RecordFacts>)> = (0..count)
                .map(|i| {
                    let seed = next();
                    let path = PathBuf::from(format!("records/{i}.yaml"));
                    (path, (seed % 11 != 0).then(|| facts(seed)))
                })
                .collect();
            let wanted: Vec<bool> = (0..count).map(|_| next() % 8 == 0).collect();
            let facts = all.iter().map(|(_, f)| f.as_ref());
            let Some(bearing) = super::super::bearing_on(facts, &wanted) else {
                continue;
            };
            narrowed += 1;
            left_out += bearing.iter().filter(|b| !**b).count();
            let full = Index::of(all.iter().filter_map(|(p, f)| Some((p, f.clone()?))));
            let some = Index::of(
                all.iter()
                    .zip(&bearing)
                    .filter(|(_, b)| **b)
                    .filter_map(|((p, f), _)| Some((p, f.clone()?))),
            );
            for ((path, _), _) in all.iter().zip(&wanted).filter(|(_, w)| **w) {
                let expected = messages(&full, path);
                assert_eq!(messages(&some, path), expected, "{}", path.display());
                codes.extend(expected.iter().map(|m| m[..4].to_owned()));
            }
        }
        assert!(narrowed > 100, "most cases are narrowed ({narrowed})");
        assert!(left_out > 1000, "records are left out ({left_out})");
        // The narrowed cases met every rule but A302: a link to an id no record has is checked
        // against every id, so such a case is not narrowed.
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            ["A301", "A303", "A304"]
        );
    }
}
