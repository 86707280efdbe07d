//! The real watcher on a real temporary repository: after each change, the outputs must come to
//! equal a fresh build of the same tree; no reader may ever see a partly written output.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use accord_schema::date::Day;
use accord_watch::site::{Rebuild, Site};
use accord_watch::watch::{self, Options};

const DAY: Day = Day {
    year: 2026,
    month: 1,
    day: 1,
};

use accord_test_support::{distinct_record as record, record_path as path, write};

/// A repository holding these records (slug, type) and a site built from it once: the
/// repository, the output folder, the site and its first rebuild.
fn built(records: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir, Site, Rebuild) {
    let repo = tempfile::tempdir().expect("temp dir");
    for (slug, kind) in records {
        write(repo.path(), &path(slug), &record(slug, kind));
    }
    let out = tempfile::tempdir().expect("temp dir");
    let mut site = Site::new(repo.path(), out.path(), DAY, DAY, Default::default()).expect("site");
    let first = site.rebuild().expect("first build");
    (repo, out, site, first)
}

/// The outputs a fresh build of the tree gives.
fn fresh(root: &Path) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().expect("temp dir");
    let mut site = Site::new(root, out.path(), DAY, DAY, Default::default()).expect("site");
    site.rebuild().expect("build");
    read_outputs(out.path())
}

/// Every file in the output folder (year files included, so a stale one shows), by path.
fn read_outputs(out: &Path) -> Vec<(String, Vec<u8>)> {
    accord_test_support::files_under(out).into_iter().collect()
}

/// Waits (bounded) until the watched outputs equal a fresh build.
fn settles(root: &Path, out: &Path, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut expected = fresh(root);
    loop {
        if read_outputs(out) == expected {
            return;
        }
        if Instant::now() > deadline {
            let got = read_outputs(out);
            for ((name, a), (_, b)) in got.iter().zip(&expected) {
                if a != b {
                    panic!(
                        "{what}: {name} differs from a fresh build:\n--- watched\n{}\n--- fresh\n{}",
                        String::from_utf8_lossy(a),
                        String::from_utf8_lossy(b)
                    );
                }
            }
            panic!("{what}: outputs differ");
        }
        std::thread::sleep(Duration::from_millis(20));
        // The tree may still be changing (an editor's second write): compare with its latest state.
        expected = fresh(root);
    }
}

struct Watching {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    torn: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(t) = self.reader.take() {
            let _ = t.join();
        }
    }
}

/// Starts watching `root`, writing into `out`, and a reader that checks every output it reads
/// is whole.
fn start(root: &Path, out: &Path, poll: bool) -> Watching {
    let mut site = Site::new(root, out, DAY, DAY, Default::default()).expect("site");
    site.rebuild().expect("first build");
    let stop = Arc::new(AtomicBool::new(false));
    let thread = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let options = Options {
                poll,
                ..Options::default()
            };
            watch::run(&mut site, &options, &stop, |_, result, _| {
                result.expect("rebuild");
            })
            .expect("watch");
        })
    };
    let torn = Arc::new(AtomicBool::new(false));
    let reader = {
        let stop = Arc::clone(&stop);
        let torn = Arc::clone(&torn);
        let out = out.to_path_buf();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Ok(html) = std::fs::read_to_string(out.join("index.html"))
                    && !html.ends_with("</html>\n")
                {
                    torn.store(true, Ordering::Relaxed);
                }
                for name in ["events.json", "events/2025.json"] {
                    if let Ok(json) = std::fs::read(out.join(name))
                        && serde_json::from_slice::<serde_json::Value>(&json).is_err()
                    {
                        torn.store(true, Ordering::Relaxed);
                    }
                }
            }
        })
    };
    // Give the watcher time to register its watches before the first change.
    std::thread::sleep(Duration::from_millis(300));
    Watching {
        stop,
        thread: Some(thread),
        torn,
        reader: Some(reader),
    }
}

fn scenario(poll: bool) {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path().canonicalize().expect("canonical");
    let out: PathBuf = root.join("site");
    write(&root, &path("a"), &record("a", "meeting"));
    write(&root, &path("b"), &record("b", "visit"));
    let watching = start(&root, &out, poll);
    settles(&root, &out, "start");

    write(
        &root,
        &path("a"),
        &record("a", "meeting").replace("Record a", "Record A, edited"),
    );
    settles(&root, &out, "edit");

    write(&root, &path("c"), &record("c", "donation"));
    settles(&root, &out, "add");

    std::fs::remove_file(root.join(path("b"))).expect("delete");
    settles(&root, &out, "delete");

    // An editor's rename-over save.
    write(&root, "records/2025/.a.tmp", &record("a", "conference"));
    std::fs::rename(root.join("records/2025/.a.tmp"), root.join(path("a"))).expect("rename");
    settles(&root, &out, "rename-over save");

    std::fs::rename(root.join(path("c")), root.join(path("c2"))).expect("rename");
    settles(&root, &out, "rename");

    write(&root, &path("a"), "id: [broken\n");
    settles(&root, &out, "broken record");
    write(&root, &path("a"), &record("a", "meeting"));
    settles(&root, &out, "fixed record");

    write(
        &root,
        "records/2024/2024-01-01-x.yaml",
        &record("x", "other"),
    );
    settles(&root, &out, "new folder");
    std::fs::remove_dir_all(root.join("records/2024")).expect("remove folder");
    settles(&root, &out, "folder removed");

    std::fs::remove_dir_all(root.join("records")).expect("remove records");
    settles(&root, &out, "records/ removed");
    write(&root, &path("z"), &record("z", "meeting"));
    settles(&root, &out, "records/ recreated");
    write(&root, &path("z"), &record("z", "visit"));
    settles(&root, &out, "edit in the recreated records/");

    assert!(
        !watching.torn.load(Ordering::Relaxed),
        "a reader saw a partly written output"
    );
}

#[test]
fn the_watcher_keeps_the_outputs_equal_to_a_fresh_build() {
    scenario(false);
}

#[test]
fn the_polling_watcher_does_too() {
    scenario(true);
}

/// A small deterministic generator (xorshift), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn random_operations_end_equal_to_a_fresh_build() {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path().canonicalize().expect("canonical");
    let out = root.join("site");
    write(&root, &path("seed"), &record("seed", "meeting"));
    let watching = start(&root, &out, false);
    // `ACCORD_WATCH_SEED=0x…` replays a failure, or explores other sequences.
    let seed = std::env::var("ACCORD_WATCH_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .filter(|&s| s != 0)
        .unwrap_or(0x5eed_1234_abcd);
    let mut rng = Rng(seed);
    let kinds = ["meeting", "visit", "donation", "conference", "other"];
    for step in 0..300 {
        let slug = format!("r{}", rng.below(12));
        let folder = if rng.below(4) == 0 {
            "records/2024"
        } else {
            "records/2025"
        };
        let file = format!("{folder}/2025-05-19-{slug}.yaml");
        match rng.below(6) {
            0 | 1 => write(&root, &file, &record(&slug, kinds[rng.below(5) as usize])),
            2 => write(&root, &file, "id: [broken\n"),
            3 => {
                let _ = std::fs::remove_file(root.join(&file));
            }
            4 => {
                let other = format!("records/2025/2025-05-19-r{}.yaml", rng.below(12));
                let _ = std::fs::rename(root.join(&file), root.join(other));
            }
            _ => {
                if rng.below(10) == 0 {
                    let _ = std::fs::remove_dir_all(root.join(folder));
                }
            }
        }
        if step % 50 == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    settles(
        &root,
        &out,
        &format!("300 random operations (seed {seed:#x})"),
    );
    assert!(
        !watching.torn.load(Ordering::Relaxed),
        "a reader saw a partly written output"
    );
}

#[test]
fn a_year_that_could_not_be_written_is_written_at_the_next_rebuild() {
    let (repo, out, mut site, _) = built(&[("a", "meeting")]);
    let root = repo.path();
    // An edit, and a folder where the year's events file was: its year cannot be written
    // (a folder in the way is never removed; only a file or a link would be replaced).
    write(root, &path("a"), &record("a", "conference"));
    let blocker = out.path().join("events/2025.json");
    std::fs::remove_file(&blocker).expect("remove");
    std::fs::create_dir_all(blocker.join("in-the-way")).expect("blocker");
    site.update(&[root.join(path("a"))]).expect("update");
    assert!(site.rebuild().is_err());
    std::fs::remove_dir_all(&blocker).expect("unblock");
    // Nothing changed in the records since, yet the next rebuild writes what the failed one
    // could not.
    let rebuild = site.rebuild().expect("rebuild");
    assert!(
        rebuild.written.contains(&"events/2025.json".to_owned()),
        "{:?}",
        rebuild.written
    );
    assert_eq!(read_outputs(out.path()), fresh(root));
}

/// A change reported for the folder holding every record (as a polling watcher reports a new
/// file) forgets them all and reads them again; the dataset is then built whole, and every
/// output must follow, the new record's page included.
#[test]
fn a_change_to_the_folder_holding_every_record_rebuilds_every_output() {
    let (repo, out, mut site, _) = built(&[("a", "meeting"), ("b", "visit")]);
    let root = repo.path();
    write(root, &path("c"), &record("c", "donation"));
    std::fs::remove_file(root.join(path("b"))).expect("delete");
    site.update(&[root.join("records/2025")]).expect("update");
    let rebuild = site.rebuild().expect("rebuild");
    assert!(
        rebuild
            .written
            .contains(&"events/2025-05-19-c.html".to_owned()),
        "{:?}",
        rebuild.written
    );
    assert_eq!(read_outputs(out.path()), fresh(root));
}

/// The watcher keeps no rendering of its events: an edit rewrites its year's files from the files
/// as last written, borrowing the fragments of the events that did not change (so a byte
/// changed in place, with the file's time put back, is carried over: the proof that it was
/// borrowed), unless the file is no longer the version written, when the year is rendered
/// whole.
#[test]
fn a_year_is_rewritten_from_its_files_as_last_written_unless_they_changed() {
    use std::io::Write;
    let (repo, out, mut site, _) = built(&[("a", "meeting"), ("b", "visit")]);
    let root = repo.path();
    let year = out.path().join("events/2025.json");
    let csv = out.path().join("events/2025.csv");
    for file in [&year, &csv] {
        let text = std::fs::read_to_string(file).expect("year file");
        assert!(text.contains("Record b"), "{text}");
        let modified = std::fs::metadata(file)
            .and_then(|m| m.modified())
            .expect("time");
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(file)
            .expect("open");
        f.write_all(text.replacen("Record b", "Record B", 1).as_bytes())
            .expect("write in place");
        f.set_modified(modified).expect("time put back");
    }
    write(root, &path("a"), &record("a", "conference"));
    site.update(&[root.join(path("a"))]).expect("update");
    site.rebuild().expect("rebuild");
    for file in [&year, &csv] {
        let text = std::fs::read_to_string(file).expect("year file");
        assert!(
            text.contains("Record B"),
            "b's fragment was borrowed: {text}"
        );
        assert!(text.contains("conference"), "a's was rendered: {text}");
    }
    // Changed the usual way (its length and time move): not the version written, so not
    // trusted.
    for file in [&year, &csv] {
        let text = std::fs::read_to_string(file).expect("year file");
        std::fs::write(file, text.replace("Record B", "Record, changed by hand")).expect("write");
    }
    write(root, &path("a"), &record("a", "meeting"));
    site.update(&[root.join(path("a"))]).expect("update");
    site.rebuild().expect("rebuild");
    assert_eq!(read_outputs(out.path()), fresh(root));
}

/// A clean record's text is let go once it is checked; when another record's edit then gives it
/// a finding (an id used twice), the rebuild's report on it still carries its text.
#[test]
fn a_finding_from_another_records_edit_comes_with_the_records_text() {
    // (Another type: the same type, day and parties would make them possible duplicates.)
    let (repo, _out, mut site, first) = built(&[("b", "conference"), ("c", "meeting")]);
    let root = repo.path();
    assert!(
        first.reports.iter().all(|r| r.diagnostics.is_empty()),
        "{:?}",
        first.reports
    );
    // b takes c's id; b comes first by path (neither is in git), so it keeps the id and c, whose
    // text was let go, has the A301.
    let twin = record("b", "conference").replace("2025-05-19-b\"", "2025-05-19-c\"");
    write(root, &path("b"), &twin);
    site.update(&[root.join(path("b"))]).expect("update");
    let rebuild = site.rebuild().expect("rebuild");
    let c = rebuild
        .reports
        .iter()
        .find(|r| r.path == Path::new(&path("c")))
        .unwrap_or_else(|| panic!("c is reported again: {:?}", rebuild.reports));
    assert!(c.diagnostics.iter().any(|d| d.rule.code == "A301"), "{c:?}");
    assert_eq!(&*c.source, record("c", "meeting"));
    let span = c
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "A301")
        .and_then(|d| d.span.clone())
        .expect("a place");
    assert_eq!(&c.source[span], "\"2025-05-19-c\"");
}

/// A path the events never named (the debouncer folded it away): the update for its neighbour
/// trusts the paths it is given, and checking the folders afterwards finds the stale file.
#[test]
fn checking_the_folders_finds_what_the_events_left_out() {
    let (repo, out, mut site, _) = built(&[("a", "meeting"), ("b", "conference")]);
    let root = repo.path();
    assert!(!site.check_folders(), "nothing to check before any update");

    // b goes and c comes, but only a's edit is reported.
    std::fs::remove_file(root.join(path("b"))).expect("remove");
    write(root, &path("c"), &record("c", "donation"));
    write(root, &path("a"), &record("a", "conference"));
    site.update(&[root.join(path("a"))]).expect("update");
    let rebuild = site.rebuild().expect("rebuild");
    assert_eq!(rebuild.files, 2, "update reads only the paths it is given");

    assert!(site.check_folders(), "the folder's listing differs");
    let rebuild = site.rebuild().expect("rebuild");
    assert_eq!(rebuild.files, 2);
    assert_eq!(read_outputs(out.path()), fresh(root));
    assert!(
        !site.check_folders(),
        "each folder is checked once per update"
    );

    // A folder that is gone loses everything cached under it.
    std::fs::remove_dir_all(root.join("records/2025")).expect("remove folder");
    site.update(&[root.join(path("a"))]).expect("update");
    assert!(site.check_folders());
    let rebuild = site.rebuild().expect("rebuild");
    assert_eq!(rebuild.files, 0);
    assert_eq!(read_outputs(out.path()), fresh(root));
}

/// A named pipe or a link out of the tree, appearing while the site is kept, is reported and
/// never opened: an update neither hangs nor reads what a link points to.
#[cfg(unix)]
#[test]
fn a_pipe_or_a_link_out_is_reported_without_being_opened() {
    let (repo, _out, mut site, _) = built(&[("a", "meeting")]);
    let root = repo.path();
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(outside.path().join("secret.yaml"), "SECRET-OUTSIDE\n").expect("secret");
    let fifo = root.join("records/2025/2025-05-19-pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let link = root.join("records/2025/2025-05-19-link.yaml");
    std::os::unix::fs::symlink(outside.path().join("secret.yaml"), &link).expect("link");
    site.update(&[fifo.clone(), link.clone()]).expect("update");
    let rebuild = site.rebuild().expect("rebuild");
    let shown = accord_lint::render::human(&rebuild.reports, &Default::default());
    assert!(
        shown.contains("a named pipe (FIFO), not a regular file"),
        "{shown}"
    );
    assert!(shown.contains("a symbolic link"), "{shown}");
    assert!(!shown.contains("SECRET-OUTSIDE"), "{shown}");
}

/// `[files] ignore` applies to the site as it does to `accord lint`: an ignored record is never
/// checked nor published, the rebuild counts it, and editing or removing it changes nothing
/// else (nor makes the folder check find something forever).
#[test]
fn ignored_records_are_neither_checked_nor_published() {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    write(root, &path("a"), &record("a", "meeting"));
    write(root, &path("b"), &record("b", "conference"));
    write(root, "records/drafts/2025-05-19-c.yaml", "not: [a record");
    write(
        root,
        "accord.toml",
        "[files]\nignore = [\"records/drafts/**\", \"records/2025/2025-05-19-b.yaml\"]\n",
    );
    let out = tempfile::tempdir().expect("temp dir");
    let mut site = Site::new(root, out.path(), DAY, DAY, Default::default()).expect("site");
    let first = site.rebuild().expect("build");
    assert_eq!((first.events, first.ignored, first.files), (1, 2, 1));
    assert!(
        first.reports.is_empty(),
        "an ignored file was checked: {:?}",
        first.reports
    );
    let events = std::fs::read_to_string(out.path().join("events/2025.json")).expect("year");
    assert!(
        !events.contains("2025-05-19-b"),
        "an ignored record was published"
    );
    // Editing an ignored record, then checking its folder, finds nothing to do.
    write(root, &path("b"), &record("b", "visit"));
    site.update(&[root.join(path("b"))]).expect("update");
    let again = site.rebuild().expect("rebuild");
    assert_eq!((again.events, again.ignored), (1, 2));
    assert!(
        !site.check_folders(),
        "the folder check found an ignored file"
    );
    assert!(!site.check_folders());
    // Removing it is counted.
    std::fs::remove_file(root.join(path("b"))).expect("remove");
    site.update(&[root.join(path("b"))]).expect("update");
    assert_eq!(site.rebuild().expect("rebuild").ignored, 1);
    assert_eq!(read_outputs(out.path()), fresh(root));
}

/// Of two records with one id, the one added to git first stays published, whatever their
/// paths; only the newcomer is left out (and reported).
#[test]
fn the_older_record_of_a_duplicate_id_stays_published() {
    use accord_summary::model::{Commit, Provenance};
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    // `a` comes first by path but was added later.
    let newcomer = record("a", "meeting")
        .replace("2025-05-19-a\"", "2025-05-19-z\"")
        .replace("Record a", "The newcomer");
    write(root, &path("a"), &newcomer);
    write(
        root,
        &path("z"),
        &record("z", "meeting").replace("Record z", "The established record"),
    );
    let added = |date: &str| Provenance {
        added: Some(Commit {
            id: "0".repeat(40),
            author: "t".to_owned(),
            date: date.to_owned(),
        }),
        last_changed: None,
    };
    let provenance = [
        (PathBuf::from(path("a")), added("2025-06-01T00:00:00Z")),
        (PathBuf::from(path("z")), added("2025-05-20T00:00:00Z")),
    ]
    .into_iter()
    .collect();
    let out = tempfile::tempdir().expect("temp dir");
    let mut site = Site::new(root, out.path(), DAY, DAY, provenance).expect("site");
    let first = site.rebuild().expect("build");
    assert_eq!(first.events, 1);
    let events = std::fs::read_to_string(out.path().join("events/2025.json")).expect("year");
    assert!(events.contains("The established record"), "{events}");
    assert!(!events.contains("The newcomer"), "{events}");
    let reported: Vec<&Path> = first
        .reports
        .iter()
        .filter(|r| r.diagnostics.iter().any(|d| d.rule.code == "A301"))
        .map(|r| r.path.as_path())
        .collect();
    assert_eq!(reported, [Path::new(&path("a"))]);
}

/// The browse pages an edit rewrote in a key's folder (`parties/PK/`), feeds left aside.
fn pages_written(rebuild: &Rebuild, folder: &str) -> Vec<String> {
    rebuild
        .written
        .iter()
        .filter(|w| w.starts_with(folder) && w.ends_with(".html"))
        .cloned()
        .collect()
}

/// A key of about ten pages of events (`PAGE_BREAK_ONE_IN` is a page's mean length). Adding an
/// event, removing one, editing one in place and moving one to another date (the start of its
/// list) each rewrite at most four of its pages (the page the event is on, the one it split from,
/// the next one's link, and the newest page with the total), however long the list, and the
/// outputs still equal a fresh build's.
#[test]
fn an_edit_rewrites_a_bounded_number_of_browse_pages() {
    let count = 10 * accord_summary::browse::PAGE_BREAK_ONE_IN as usize;
    let slugs: Vec<String> = (0..count).map(|i| format!("e{i:04}")).collect();
    let records: Vec<(&str, &str)> = slugs.iter().map(|s| (s.as_str(), "meeting")).collect();
    let (repo, out, mut site, first) = built(&records);
    let root = repo.path();
    let pages = pages_written(&first, "parties/PK/");
    assert!(pages.len() >= 6, "{pages:?}");
    // What, which record, and its new text (none: removed).
    // (From its day to "some time in May": its list's oldest.)
    let moved = record("e0350", "meeting").replace("date: \"2025-05-19\"", "date: \"2025-05~\"");
    let edits = [
        (
            "an event added in the middle",
            "e0300x",
            Some(record("e0300x", "meeting")),
            count + 1,
        ),
        ("an event removed", "e0123", None, count),
        (
            "an event edited in place",
            "e0250",
            Some(record("e0250", "visit")),
            count,
        ),
        ("an event moved to another date", "e0350", Some(moved), count),
        (
            "an old event given a value (the newest page's totals change)",
            "e0010",
            Some(record("e0010", "meeting").replace(
                "areas: [vaccines]\n",
                "areas: [vaccines]\nvalue:\n  amount: \"2500000\"\n  currency: USD\n  stage: pledged\n",
            )),
            count,
        ),
    ];
    for (what, slug, text, events) in edits {
        match text {
            Some(text) => write(root, &path(slug), &text),
            None => std::fs::remove_file(root.join(path(slug))).expect("remove"),
        }
        let changed = [root.join(path(slug))];
        site.update(&changed).expect("update");
        let rebuild = site.rebuild().expect("rebuild");
        assert_eq!(rebuild.events, events, "{what}: {:?}", rebuild.reports);
        let pages = pages_written(&rebuild, "parties/PK/");
        assert!(!pages.is_empty() && pages.len() <= 4, "{what}: {pages:?}");
        assert_eq!(read_outputs(out.path()), fresh(root), "{what}");
    }
}

/// A one-shot build keeps no rendered fragments (they are rendered as they are written), and
/// writes the same bytes as the watcher's site, which keeps them.
#[test]
fn a_one_shot_build_writes_what_the_watcher_writes() {
    let records: Vec<(String, &str)> = (0..30)
        .map(|i| (format!("o{i:02}"), ["meeting", "visit", "donation"][i % 3]))
        .collect();
    let records: Vec<(&str, &str)> = records.iter().map(|(s, k)| (s.as_str(), *k)).collect();
    let (repo, out, _site, _) = built(&records);
    let once = tempfile::tempdir().expect("temp dir");
    let mut site =
        Site::once(repo.path(), once.path(), DAY, DAY, Default::default()).expect("site");
    site.rebuild().expect("build");
    let (a, b) = (read_outputs(out.path()), read_outputs(once.path()));
    assert!(a.len() > 30, "{}", a.len());
    assert!(a == b, "a one-shot build differs from the watcher's site");
}
