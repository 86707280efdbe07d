//! The git side of accord, on libgit2 (`git2`, built without network features): what a pull
//! request changes under `records/` since its merge-base with the base branch, and who added and
//! last changed each record, when.
//!
//! Nothing here guesses. When the history needed is not there (a shallow clone, a base that was
//! never fetched) the functions return an error that says how to fetch it; provenance that the
//! history does not reach is reported as unknown.

mod cache;
pub mod review;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use accord_lint::rules::history::{Change, ChangeKind};
use accord_schema::date::Day;
use foldhash::HashMap as SeededMap;
use git2::{Delta, DiffFindOptions, DiffOptions, ErrorCode, Repository, Sort};

pub use cache::{Entries, Entry, Stamp, WorkTreeCache, encode_facts};
pub use git2::Oid;

/// Why the history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The folder is not inside a git work tree.
    #[error(
        "{0} is not inside a git repository; `--base` compares with the git history, so run it in a clone"
    )]
    NotARepository(String),
    /// HEAD has no commit yet.
    #[error("the repository has no commits yet, so there is no HEAD to compare with `{0}`")]
    NoCommits(String),
    /// The base revision does not exist here.
    #[error("`{rev}` is not a commit in this clone; {advice}")]
    UnknownRev {
        /// The revision asked for.
        rev: String,
        /// How to get it.
        advice: String,
    },
    /// A shallow clone that does not reach the merge-base.
    #[error(
        "this is a shallow clone and it does not reach the merge-base of HEAD and `{0}`; fetch the whole history with `git fetch --unshallow` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`)"
    )]
    ShallowWithoutMergeBase(String),
    /// HEAD and the base share no history.
    #[error(
        "HEAD and `{0}` have no common ancestor; check that `--base` names the branch this one was cut from"
    )]
    NoMergeBase(String),
    /// Anything else libgit2 reports.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// A commit, as provenance reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full hexadecimal id.
    pub id: String,
    /// The author's name.
    pub author: String,
    /// The author date, UTC, RFC 3339 (`2025-09-18T10:22:03Z`).
    pub date: String,
}

/// Who added a record and who last changed it. `None` means unknown: the history available
/// (a shallow clone, say) does not reach that far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The commit that added the record.
    pub added: Option<CommitInfo>,
    /// The newest commit that changed the record.
    pub last_changed: Option<CommitInfo>,
}

/// What changed under `records/` since the merge-base.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    /// The merge-base commit, in full.
    pub base: String,
    /// The merge-base, abbreviated for messages.
    pub base_short: String,
    /// Each changed path under `records/`, committed or not (untracked files included).
    pub changes: Vec<Change>,
}

/// The files under `records/` at a merge-base: each path (relative to the accord root, with
/// `/`) and its blob.
#[derive(Debug, Clone)]
pub struct Base {
    commit: Oid,
    blobs: SeededMap<String, Oid>,
}

impl Base {
    /// The blob of the file at `path` (relative to the accord root) at the base.
    pub fn blob(&self, path: &Path) -> Option<Oid> {
        self.blobs.get(key(path)?.as_ref()).copied()
    }

    /// The paths that may have changed since the base, for [`Repo::changes_among`]: `differ`
    /// (the work-tree files whose blob id, see [`blob_id`], is not their [`Base::blob`]) plus every base file that
    /// `seen` does not name (deleted, or the old side of a rename). `seen` names every path
    /// under `records/` that the caller found in the work tree.
    pub fn candidates<'a, S>(
        &self,
        differ: impl IntoIterator<Item = &'a Path>,
        seen: S,
    ) -> Vec<PathBuf>
    where
        S: IntoIterator<Item = &'a Path> + Clone,
    {
        let mut out: Vec<PathBuf> = differ.into_iter().map(Path::to_path_buf).collect();
        // Usually every base file is still there: counting them spares a set of every path.
        let present = seen
            .clone()
            .into_iter()
            .filter(|p| key(p).is_some_and(|k| self.blobs.contains_key(k.as_ref())))
            .count();
        if present < self.blobs.len() {
            let seen: HashSet<std::borrow::Cow<'a, str>> =
                seen.into_iter().filter_map(key).collect();
            out.extend(
                self.blobs
                    .keys()
                    .filter(|k| !seen.contains(k.as_str()))
                    .map(PathBuf::from),
            );
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Git's id of `bytes` as a blob: the SHA-1 of `blob <length>\0` and the bytes. Hashed here
/// rather than by libgit2, whose collision-detecting SHA-1 is several times slower on the
/// megabytes `lint --base` reads; a colliding file could not reach a clone in the first place,
/// since git hosts reject such objects.
pub fn blob_id(bytes: &[u8]) -> Oid {
    use sha1::{Digest, Sha1};
    use std::io::Write;
    let mut header = [0u8; 32];
    let mut cursor = std::io::Cursor::new(&mut header[..]);
    write!(cursor, "blob {}\0", bytes.len()).expect("32 bytes hold the header");
    let length = cursor.position() as usize;
    let mut hasher = Sha1::new();
    hasher.update(&header[..length]);
    hasher.update(bytes);
    Oid::from_bytes(&hasher.finalize()).expect("SHA-1 ids are 20 bytes")
}

/// A path relative to the accord root as the base keys it (`/` between folders).
fn key(path: &Path) -> Option<std::borrow::Cow<'_, str>> {
    let s = path.to_str()?;
    Some(if std::path::MAIN_SEPARATOR == '/' {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.replace(std::path::MAIN_SEPARATOR, "/"))
    })
}

/// A git repository holding an accord dataset.
pub struct Repo {
    repo: Repository,
    /// The accord root relative to the work tree, `/`-terminated (`""` when they are the same).
    prefix: String,
}

impl Repo {
    /// Opens the repository that contains `root` (the accord repository root).
    pub fn open(root: &Path) -> Result<Repo, GitError> {
        let repo = Repository::discover(root)
            .map_err(|_| GitError::NotARepository(root.display().to_string()))?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::NotARepository(root.display().to_string()))?;
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let prefix = canonical(root)
            .strip_prefix(canonical(workdir))
            .map(|p| {
                let s = p.to_string_lossy().replace('\\', "/");
                if s.is_empty() { s } else { format!("{s}/") }
            })
            .unwrap_or_default();
        Ok(Repo { repo, prefix })
    }

    /// Where `lint --base` keeps its [`WorkTreeCache`]: in the git folder, so that it belongs to
    /// this clone (and work tree) and is never committed.
    pub fn cache_file(&self) -> PathBuf {
        self.repo.path().join("accord").join("work-tree-cache")
    }

    /// The accord root relative to the work tree, `/`-terminated (`""` when they are the same).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The commit HEAD points at (hexadecimal), `None` before the first commit. Reading it
    /// costs a few small file reads: the watcher asks it often, to notice commits.
    pub fn head_id(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        head.target().map(|oid| oid.to_string())
    }

    /// The branch a pull request is compared with when none is named: the remote's default
    /// branch (`origin/HEAD`, as `git clone` sets it), else the first of `origin/main`,
    /// `origin/master`, `main` and `master` there is. `None` when there is none of them.
    pub fn default_base(&self) -> Option<String> {
        if let Ok(head) = self.repo.find_reference("refs/remotes/origin/HEAD")
            && let Ok(Some(target)) = head.symbolic_target()
            && let Some(branch) = target.strip_prefix("refs/remotes/")
            && self.resolve(branch).is_ok()
        {
            return Some(branch.to_owned());
        }
        ["origin/main", "origin/master", "main", "master"]
            .into_iter()
            .find(|rev| self.resolve(rev).is_ok())
            .map(str::to_owned)
    }

    /// Whether this is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    fn records_spec(&self) -> String {
        format!("{}records/", self.prefix)
    }

    /// A path of the work tree as a path relative to the accord root.
    fn relative(&self, path: &Path) -> PathBuf {
        let s = path.to_string_lossy();
        PathBuf::from(s.strip_prefix(&self.prefix).unwrap_or(&s).to_string())
    }

    fn head(&self, rev: &str) -> Result<Oid, GitError> {
        match self.repo.head() {
            Ok(head) => head
                .peel_to_commit()
                .map(|c| c.id())
                .map_err(GitError::from),
            Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
                Err(GitError::NoCommits(rev.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        let object = self
            .repo
            .revparse_single(rev)
            .map_err(|_| GitError::UnknownRev {
                rev: rev.to_owned(),
                advice: fetch_advice(rev),
            })?;
        let commit = object.peel_to_commit().map_err(|_| GitError::UnknownRev {
            rev: rev.to_owned(),
            advice: format!("`{rev}` does not name a commit"),
        })?;
        Ok(commit.id())
    }

    /// The merge-base of HEAD and `rev`, and every record path changed since it: in commits
    /// since the merge-base, in the index and in the work tree (untracked files included).
    /// Renames are detected.
    pub fn changes_since(&self, rev: &str) -> Result<ChangeSet, GitError> {
        let base = self.merge_base(rev)?;
        self.diff(&base, None)
    }

    /// The merge-base of HEAD and `rev` with the blob of every file under `records/` in its
    /// tree, so that a caller reading the work tree anyway can tell the files that did not
    /// change (their bytes hash to the same blob) without asking git to look at each of them;
    /// [`Repo::changes_among`] then settles the few others.
    pub fn base(&self, rev: &str) -> Result<Base, GitError> {
        self.base_at(self.merge_base(rev)?)
    }

    /// [`Repo::base`] for a merge-base already found ([`Repo::merge_base`]): finding it is
    /// quick and fails for the reasons a user can fix; listing it takes a while.
    pub fn base_at(&self, commit: Oid) -> Result<Base, GitError> {
        let mut blobs = SeededMap::default();
        let tree = self.repo.find_commit(commit)?.tree()?;
        let records = self.records_spec();
        if let Ok(entry) = tree.get_path(Path::new(records.trim_end_matches('/')))
            && let Ok(subtree) = entry.to_object(&self.repo).and_then(|o| o.peel_to_tree())
        {
            subtree.walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
                if entry.kind() == Some(git2::ObjectType::Blob)
                    && let Ok(name) = entry.name()
                {
                    blobs.insert(format!("records/{folder}{name}"), entry.id());
                }
                git2::TreeWalkResult::Ok
            })?;
        }
        Ok(Base { commit, blobs })
    }

    /// Loads git's index ahead of [`Repo::changes_among`], which needs it (libgit2 keeps it
    /// with the repository and reloads it only if the file changes): with 100,000 records it is
    /// 11 MB, and reading it is most of what asking about a few files costs. Errors are left
    /// for the real question to meet.
    pub fn preload_index(&self) {
        let _ = self.repo.index();
    }

    /// What [`Repo::changes_since`] reports for the base, limited to `paths` (relative to the
    /// accord root): the files that may have changed. Renames are detected among them, so a
    /// renamed file needs its old and its new path in `paths`; [`Base::candidates`] gives both.
    pub fn changes_among(&self, base: &Base, paths: &[PathBuf]) -> Result<ChangeSet, GitError> {
        if paths.is_empty() {
            return self.change_set(base.commit, Vec::new());
        }
        self.diff(&base.commit, Some(paths))
    }

    /// The merge-base of HEAD and `rev`.
    pub fn merge_base(&self, rev: &str) -> Result<Oid, GitError> {
        let head = self.head(rev)?;
        let base_tip = self.resolve(rev)?;
        match self.repo.merge_base(head, base_tip) {
            Ok(base) => Ok(base),
            Err(e) if e.code() == ErrorCode::NotFound => Err(if self.repo.is_shallow() {
                GitError::ShallowWithoutMergeBase(rev.to_owned())
            } else {
                GitError::NoMergeBase(rev.to_owned())
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// The changes under `records/` between the base's tree and the work tree, all of them or
    /// only those at `paths` (exact paths, relative to the accord root).
    fn diff(&self, base: &Oid, paths: Option<&[PathBuf]>) -> Result<ChangeSet, GitError> {
        let base_tree = self.repo.find_commit(*base)?.tree()?;
        let mut options = DiffOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_typechange(true);
        match paths {
            None => {
                options.pathspec(self.records_spec());
            }
            Some(paths) => {
                // Exact paths, no pattern matching: libgit2 then visits only these entries
                // instead of every file under `records/`.
                options.disable_pathspec_match(true);
                for path in paths {
                    let path = path.to_string_lossy().replace('\\', "/");
                    options.pathspec(format!("{}{path}", self.prefix));
                }
            }
        }
        let mut diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options))?;
        diff.find_similar(Some(
            DiffFindOptions::new()
                .renames(true)
                .for_untracked(true)
                .rename_threshold(50),
        ))?;
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let kind = match delta.status() {
                Delta::Added | Delta::Untracked | Delta::Copied => ChangeKind::Added,
                Delta::Modified | Delta::Typechange => ChangeKind::Modified,
                Delta::Renamed => ChangeKind::Renamed,
                Delta::Deleted => ChangeKind::Deleted,
                _ => continue,
            };
            let new_path = delta.new_file().path().map(|p| self.relative(p));
            let old_path = delta.old_file().path().map(|p| self.relative(p));
            let base_text = match kind {
                ChangeKind::Added => None,
                _ => self
                    .repo
                    .find_blob(delta.old_file().id())
                    .ok()
                    .and_then(|b| String::from_utf8(b.content().to_vec()).ok()),
            };
            let path = match kind {
                ChangeKind::Deleted => old_path.clone(),
                _ => new_path,
            };
            let Some(path) = path else { continue };
            changes.push(Change {
                kind,
                path,
                old_path: (kind != ChangeKind::Added).then_some(old_path).flatten(),
                base_text,
            });
        }
        self.change_set(*base, changes)
    }

    fn change_set(&self, base: Oid, mut changes: Vec<Change>) -> Result<ChangeSet, GitError> {
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        let commit = self.repo.find_commit(base)?;
        let short = commit
            .as_object()
            .short_id()
            .ok()
            .and_then(|b| b.as_str().ok().map(str::to_owned))
            .unwrap_or_else(|| base.to_string()[..7].to_owned());
        Ok(ChangeSet {
            base: base.to_string(),
            base_short: short,
            changes,
        })
    }

    /// Who added each record under `records/` and who last changed it, from one walk of the
    /// history reachable from HEAD (merge commits are skipped: their changes are the changes of
    /// the commits they merge). Renames are followed. Paths are relative to the accord root.
    /// In a shallow clone, what the history does not reach is `None`.
    pub fn provenance(&self) -> Result<HashMap<PathBuf, Provenance>, GitError> {
        let mut out: HashMap<PathBuf, Provenance> = HashMap::new();
        let head = match self.repo.head() {
            Ok(head) => head.peel_to_commit()?,
            Err(_) => return Ok(out),
        };
        let mut walk = self.repo.revwalk()?;
        walk.push(head.id())?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;

        let mut added: HashMap<String, CommitInfo> = HashMap::new();
        let mut last: HashMap<String, CommitInfo> = HashMap::new();
        let mut done: HashSet<String> = HashSet::new();
        let mut alias: HashMap<String, String> = HashMap::new();
        let spec = self.records_spec();
        let mut find = DiffFindOptions::new();
        find.renames(true).rename_threshold(50);
        // In a shallow clone the boundary commits look like roots; what they changed is unknown.
        let boundary: HashSet<Oid> = if self.repo.is_shallow() {
            std::fs::read_to_string(self.repo.path().join("shallow"))
                .unwrap_or_default()
                .lines()
                .filter_map(|l| Oid::from_str(l.trim()).ok())
                .collect()
        } else {
            HashSet::new()
        };

        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            if commit.parent_count() > 1 || boundary.contains(&commit.id()) {
                continue;
            }
            let parent_tree = if commit.parent_count() == 1 {
                match commit.parent(0).and_then(|p| p.tree()) {
                    Ok(tree) => Some(tree),
                    // A shallow boundary: what this commit changed is unknown.
                    Err(_) => continue,
                }
            } else {
                None
            };
            let tree = commit.tree()?;
            let mut options = DiffOptions::new();
            options.pathspec(&spec);
            let mut diff = self.repo.diff_tree_to_tree(
                parent_tree.as_ref(),
                Some(&tree),
                Some(&mut options),
            )?;
            if diff.deltas().len() == 0 {
                continue;
            }
            diff.find_similar(Some(&mut find))?;
            let info = commit_info(&commit);
            for delta in diff.deltas() {
                let path = |f: git2::DiffFile<'_>| {
                    f.path().map(|p| p.to_string_lossy().replace('\\', "/"))
                };
                let Some(new) = path(delta.new_file()) else {
                    continue;
                };
                let current = alias.get(&new).cloned().unwrap_or_else(|| new.clone());
                if done.contains(&current) {
                    continue;
                }
                match delta.status() {
                    Delta::Added | Delta::Copied => {
                        last.entry(current.clone()).or_insert_with(|| info.clone());
                        added.insert(current.clone(), info.clone());
                        done.insert(current);
                    }
                    Delta::Modified | Delta::Typechange => {
                        last.entry(current).or_insert_with(|| info.clone());
                    }
                    Delta::Renamed => {
                        last.entry(current.clone()).or_insert_with(|| info.clone());
                        if let Some(old) = path(delta.old_file()) {
                            alias.insert(old, current);
                        }
                    }
                    _ => {}
                }
            }
        }
        for (path, info) in last {
            let entry = out.entry(self.relative(Path::new(&path))).or_default();
            entry.added = added.remove(&path);
            entry.last_changed = Some(info);
        }
        Ok(out)
    }
}

fn commit_info(commit: &git2::Commit<'_>) -> CommitInfo {
    let author = commit.author();
    let seconds = author.when().seconds();
    let day = Day::from_days(seconds.div_euclid(86_400));
    let rest = seconds.rem_euclid(86_400);
    CommitInfo {
        id: commit.id().to_string(),
        author: author.name().unwrap_or("unknown").to_owned(),
        date: format!(
            "{day}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
    }
}

/// Whether `word` can stand in a suggested shell command as it is: letters, digits and
/// `._/-`, not starting with `-` (so a hostile revision is never echoed into a command).
fn shell_safe(word: &str) -> bool {
    !word.is_empty()
        && !word.starts_with('-')
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._/-".contains(&b))
}

/// How to get a revision that is not in the clone.
fn fetch_advice(rev: &str) -> String {
    match rev.split_once('/') {
        Some((remote, branch)) if shell_safe(remote) && shell_safe(branch) => format!(
            "fetch it with `git fetch {remote} {branch}` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`)"
        ),
        _ if shell_safe(rev) => format!(
            "check the name (`git branch -a` lists the branches), or fetch it with `git fetch origin {rev}`"
        ),
        _ => "check the name (`git branch -a` lists the branches)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_revision_is_never_put_in_a_suggested_command() {
        assert!(fetch_advice("origin/main").contains("`git fetch origin main`"));
        assert!(fetch_advice("main").contains("`git fetch origin main`"));
        for rev in [
            "x;rm -rf ~",
            "origin/$(id)",
            "--upload-pack=x",
            "a\n::error::x",
            "o/`id`",
        ] {
            let advice = fetch_advice(rev);
            assert!(!advice.contains("git fetch"), "{rev}: {advice}");
            assert!(!advice.contains(rev), "{rev}: {advice}");
        }
    }

    #[test]
    fn blob_ids_are_gits() {
        for bytes in [&b""[..], b"id: x\n", &[0xffu8; 70_000][..]] {
            assert_eq!(
                blob_id(bytes),
                Oid::hash_object(git2::ObjectType::Blob, bytes).expect("libgit2 hashes")
            );
        }
    }
}
