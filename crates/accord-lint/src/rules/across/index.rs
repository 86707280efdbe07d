//! The index the rules across records look things up in: who uses an id, who links to it, who
//! shares a date, type and parties. It can be built for a whole tree at once, or kept and
//! updated one file at a time; an update says which files' findings may have changed, so that a
//! caller (the watcher) re-checks only those.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;

use super::RecordFacts;
use crate::diagnostic::Diagnostic;

/// Records that may be the same event share this: the start of the date, the type, the parties.
pub(crate) type GroupKey = (String, String, Vec<String>);

/// The group a record belongs to, when it can be compared at all (not retracted, an id, a date,
/// a type and at least two parties).
pub(crate) fn group_key(facts: &RecordFacts) -> Option<GroupKey> {
    if facts.retracted || facts.parties.len() < 2 {
        return None;
    }
    let (Some(date), Some(kind), Some(_)) = (&facts.date, &facts.event_type, facts.id()) else {
        return None;
    };
    Some((date.clone(), kind.clone(), facts.parties.clone()))
}

/// Every file's facts, indexed for the rules across records.
#[derive(Debug, Default)]
pub struct Index {
    facts: HashMap<PathBuf, RecordFacts>,
    /// Who uses each id.
    pub(crate) ids: HashMap<String, BTreeSet<PathBuf>>,
    /// Who names each id in `related`.
    referrers: HashMap<String, BTreeSet<PathBuf>>,
    /// Ids named in `related` that no record has.
    missing: BTreeSet<String>,
    /// Possible duplicates, by what they share.
    pub(crate) groups: HashMap<GroupKey, BTreeSet<PathBuf>>,
}

impl Index {
    /// Indexes a whole tree.
    pub fn of(files: impl IntoIterator<Item = (PathBuf, RecordFacts)>) -> Index {
        let files = files.into_iter();
        let size = files.size_hint().0;
        let mut index = Index {
            facts: HashMap::with_capacity_and_hasher(size, Default::default()),
            ids: HashMap::with_capacity_and_hasher(size, Default::default()),
            ..Index::default()
        };
        for (path, facts) in files {
            index.link(&path, &facts, None);
            index.facts.insert(path, facts);
        }
        index
    }

    /// Adds a file or replaces its facts. Returns every file whose findings may have changed,
    /// this one included.
    pub fn insert(&mut self, path: &Path, facts: RecordFacts) -> BTreeSet<PathBuf> {
        let mut affected = BTreeSet::from([path.to_path_buf()]);
        let mut ids_changed = false;
        if let Some(old) = self.facts.remove(path) {
            ids_changed |= self.unlink(path, &old, &mut affected);
        }
        ids_changed |= self.link(path, &facts, Some(&mut affected));
        self.facts.insert(path.to_path_buf(), facts);
        if ids_changed {
            self.add_unresolved(&mut affected);
        }
        affected
    }

    /// Forgets a file. Returns every file whose findings may have changed (not this one).
    pub fn remove(&mut self, path: &Path) -> BTreeSet<PathBuf> {
        let mut affected = BTreeSet::new();
        if let Some(old) = self.facts.remove(path) {
            if self.unlink(path, &old, &mut affected) {
                self.add_unresolved(&mut affected);
            }
        }
        affected.remove(path);
        affected
    }

    /// The findings of the rules across records for one indexed file (none for a file not in
    /// the index).
    pub fn check(&self, path: &Path) -> Vec<Diagnostic> {
        match self.facts.get(path) {
            Some(facts) => super::check_one(self, path, facts),
            None => Vec::new(),
        }
    }

    /// The facts of an indexed file.
    pub(crate) fn facts_of(&self, path: &Path) -> Option<&RecordFacts> {
        self.facts.get(path)
    }

    /// Every id in use.
    pub(crate) fn id_list(&self) -> impl Iterator<Item = &str> {
        self.ids.keys().map(String::as_str)
    }

    /// Adds a file's facts to the lookups; `affected` collects the files that share something
    /// with it. Returns whether the set of ids in use changed.
    fn link(
        &mut self,
        path: &Path,
        facts: &RecordFacts,
        mut affected: Option<&mut BTreeSet<PathBuf>>,
    ) -> bool {
        let mut ids_changed = false;
        if let Some(id) = facts.id() {
            if let Some(a) = affected.as_deref_mut() {
                a.extend(self.referrers.get(id).into_iter().flatten().cloned());
            }
            match self.ids.get_mut(id) {
                Some(users) => {
                    if let Some(a) = affected.as_deref_mut() {
                        a.extend(users.iter().cloned());
                    }
                    users.insert(path.to_path_buf());
                }
                None => {
                    self.ids
                        .insert(id.to_owned(), BTreeSet::from([path.to_path_buf()]));
                    self.missing.remove(id);
                    ids_changed = true;
                }
            }
        }
        for (target, _) in &facts.related {
            self.referrers
                .entry(target.clone())
                .or_default()
                .insert(path.to_path_buf());
            if !self.ids.contains_key(target) {
                self.missing.insert(target.clone());
            }
        }
        if let Some(key) = group_key(facts) {
            let members = self.groups.entry(key).or_default();
            if let Some(a) = affected {
                a.extend(members.iter().cloned());
            }
            members.insert(path.to_path_buf());
        }
        ids_changed
    }

    /// Takes a file's old facts out of the lookups; `affected` collects the files that shared
    /// something with it. Returns whether the set of ids in use changed.
    fn unlink(
        &mut self,
        path: &Path,
        facts: &RecordFacts,
        affected: &mut BTreeSet<PathBuf>,
    ) -> bool {
        let mut ids_changed = false;
        if let Some(id) = facts.id() {
            affected.extend(self.referrers.get(id).into_iter().flatten().cloned());
            if let Some(users) = self.ids.get_mut(id) {
                users.remove(path);
                affected.extend(users.iter().cloned());
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
                from.remove(path);
                if from.is_empty() {
                    self.referrers.remove(target);
                    self.missing.remove(target);
                }
            }
        }
        if let Some(key) = group_key(facts) {
            if let Some(members) = self.groups.get_mut(&key) {
                members.remove(path);
                affected.extend(members.iter().cloned());
                if members.is_empty() {
                    self.groups.remove(&key);
                }
            }
        }
        ids_changed
    }

    /// Files that link to an id no record has: when the ids in use change, their "did you mean"
    /// may change too.
    fn add_unresolved(&self, affected: &mut BTreeSet<PathBuf>) {
        for target in &self.missing {
            affected.extend(self.referrers.get(target).into_iter().flatten().cloned());
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
            date: Some(format!("2025-01-0{}", pick(24, 2))),
            event_type: Some("meeting".to_owned()),
            parties: if pick(28, 3) == 0 {
                vec!["country:PK".to_owned()]
            } else {
                vec!["country:CN".to_owned(), "country:PK".to_owned()]
            },
            related,
            retracted: pick(32, 9) == 0,
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
            let affected = if (state >> 40) % 5 == 0 {
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
}
