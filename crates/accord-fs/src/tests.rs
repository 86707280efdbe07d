//! Attacks on the confinement and on the writes, each a way a pull request could plant a link
//! or a special file.

use std::path::Path;

use super::*;

const SECRET: &str = "SECRET-OUTSIDE-THE-REPOSITORY";

/// A repository root and, beside it, a folder standing for the rest of the machine.
fn tree() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(root.join("records/2025")).expect("records");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::write(outside.join("secret.yaml"), SECRET).expect("secret");
    std::fs::write(root.join("records/2025/a.yaml"), "id: a\n").expect("record");
    (dir, root, outside)
}

fn is_link_refusal(r: Result<Vec<u8>, Refused>) -> bool {
    matches!(r, Err(Refused::Link))
}

#[cfg(unix)]
#[test]
fn a_link_is_never_followed_whatever_it_points_to() {
    use std::os::unix::fs::symlink;
    let (_dir, root, outside) = tree();
    let records = root.join("records/2025");
    symlink(outside.join("secret.yaml"), records.join("out.yaml")).expect("link");
    symlink("a.yaml", records.join("inside.yaml")).expect("link");
    symlink("/dev/zero", records.join("zero.yaml")).expect("link");
    symlink(&outside, root.join("records/elsewhere")).expect("link");
    symlink("loop.yaml", records.join("loop.yaml")).expect("link");
    let root = Root::new(&root).expect("root");
    for rel in [
        "records/2025/out.yaml",
        "records/2025/inside.yaml",
        "records/2025/zero.yaml",
        "records/2025/loop.yaml",
        "records/elsewhere/secret.yaml",
    ] {
        let read = root.read(Path::new(rel), 1 << 20);
        assert!(is_link_refusal(read), "{rel} was not refused as a link");
        assert!(!Refused::Link.to_string().contains(SECRET));
    }
    assert_eq!(
        root.read(Path::new("records/2025/a.yaml"), 1 << 20)
            .expect("a record"),
        b"id: a\n"
    );
    assert_eq!(
        root.kind(Path::new("records/2025/out.yaml")).ok(),
        Some(Kind::Link)
    );
}

#[test]
fn a_path_that_climbs_out_is_refused_before_anything_is_opened() {
    let (_dir, root, _outside) = tree();
    let root = Root::new(&root).expect("root");
    for rel in [
        "../outside/secret.yaml",
        "records/../../outside/secret.yaml",
        "/etc/passwd",
    ] {
        assert!(
            matches!(root.read(Path::new(rel), 1 << 20), Err(Refused::Outside)),
            "{rel}"
        );
    }
    assert_eq!(
        root.relative(&root.path().join("records/x.yaml")),
        Some("records/x.yaml".into())
    );
    assert_eq!(root.relative(&root.path().join("records/../../x")), None);
    assert_eq!(root.relative(Path::new("/elsewhere/x.yaml")), None);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_being_waited_on() {
    let (_dir, root, _outside) = tree();
    let fifo = root.join("records/2025/pipe.yaml");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .expect("mkfifo");
    let root = Root::new(&root).expect("root");
    let read = root.read(Path::new("records/2025/pipe.yaml"), 1 << 20);
    assert!(
        matches!(read, Err(Refused::NotRegular(Kind::Fifo))),
        "{read:?}"
    );
    // Even when a listing said it was a file, opening it neither blocks nor passes it.
    let folder = root.folder(Path::new("records/2025")).expect("folder");
    let opened = folder.open(OsStr::new("pipe.yaml"));
    assert!(
        matches!(opened, Err(Refused::NotRegular(Kind::Fifo))),
        "{opened:?}"
    );
    assert_eq!(
        Refused::NotRegular(Kind::Fifo).to_string(),
        "a named pipe (FIFO), not a regular file"
    );
}

#[test]
fn a_file_over_the_cap_is_refused_with_its_real_length() {
    let (_dir, root, _outside) = tree();
    std::fs::write(
        root.join("records/2025/big.yaml"),
        vec![b'x'; 50 * 1024 * 1024 + 7],
    )
    .expect("big");
    let root = Root::new(&root).expect("root");
    match root.read(Path::new("records/2025/big.yaml"), 1024 * 1024) {
        Err(e @ Refused::TooLarge { len, cap }) => {
            assert_eq!((len, cap), (50 * 1024 * 1024 + 7, 1024 * 1024));
            assert_eq!(
                e.to_string(),
                "the file is 50.0 MiB long; the limit is 1.0 MiB"
            );
        }
        other => panic!("not refused as too large: {other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn records_or_schema_as_a_link_refuse_the_root() {
    use std::os::unix::fs::symlink;
    for name in FIXED_FOLDERS {
        let (_dir, root, outside) = tree();
        let _ = std::fs::remove_dir_all(root.join(name));
        symlink(&outside, root.join(name)).expect("link");
        let refused = Root::new(&root).expect_err("refused");
        assert!(matches!(refused, RootError::Link(n) if n == name));
        assert!(
            !refused
                .to_string()
                .contains(outside.to_str().expect("utf-8"))
        );
    }
}

#[cfg(unix)]
#[test]
fn a_planted_link_is_replaced_never_written_through() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let (_dir, root, outside) = tree();
    let site = root.join("site");
    std::fs::create_dir(&site).expect("site");
    let target = outside.join("secret.yaml");
    // The final name, the temporary names the old code used, and a year folder.
    symlink(&target, site.join("index.html")).expect("link");
    symlink(
        &target,
        site.join(format!(".index.html.{}.tmp", std::process::id())),
    )
    .expect("link");
    symlink(&outside, site.join("events")).expect("link");
    let out = OutDir::create(&site).expect("out");
    out.write("index.html", &[b"<html>", b"</html>"])
        .expect("write");
    let events = out.subfolder("events").expect("events");
    events.write("2025.json", &[b"[]"]).expect("write");
    assert_eq!(std::fs::read_to_string(&target).expect("secret"), SECRET);
    assert_eq!(std::fs::read_dir(&outside).expect("outside").count(), 1);
    assert!(
        std::fs::symlink_metadata(site.join("index.html"))
            .expect("stat")
            .is_file()
    );
    assert!(
        std::fs::symlink_metadata(site.join("events"))
            .expect("stat")
            .is_dir()
    );
    assert_eq!(
        std::fs::read(site.join("events/2025.json")).expect("year"),
        b"[]"
    );
    // The mode is the umask's, not the link's 0777 nor an old file's.
    let mode = std::fs::metadata(site.join("index.html"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0, "mode {mode:o}");
    std::fs::set_permissions(
        site.join("index.html"),
        std::fs::Permissions::from_mode(0o755),
    )
    .expect("chmod");
    out.write("index.html", &[b"again"]).expect("write");
    let mode = std::fs::metadata(site.join("index.html"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0, "mode {mode:o}");
    // Removing a link removes the link.
    symlink(&target, site.join("old.csv")).expect("link");
    assert!(out.remove("old.csv").expect("remove"));
    assert!(!out.remove("old.csv").expect("remove"));
    assert!(target.exists());
    // A link is not opened as an existing output.
    symlink(&target, site.join("summary.md")).expect("link");
    assert!(out.open_existing("summary.md").is_none());
    assert!(out.open_existing("index.html").is_some());
    // An output folder that is itself a link is refused.
    let linked = root.join("linked-site");
    symlink(&outside, &linked).expect("link");
    assert!(OutDir::create(&linked).is_err());
    assert!(write_atomically(&linked.join("x.yaml"), b"x").is_err());
    assert_eq!(std::fs::read_dir(&outside).expect("outside").count(), 1);
}

#[test]
fn a_file_is_replaced_whole_and_nothing_is_left_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("index.html");
    write_atomically(&path, b"first").expect("write");
    let before = File::open(&path).expect("open");
    write_atomically(&path, b"second, longer").expect("write");
    assert_eq!(std::fs::read(&path).expect("read"), b"second, longer");
    // A reader that had the old file open still reads the old file.
    assert_eq!(std::io::read_to_string(before).expect("read"), "first");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["index.html"]);
    // A folder in the way is left alone.
    let folder = dir.path().join("events.json");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("inside"), b"kept").expect("write");
    assert!(write_atomically(&folder, b"text").is_err());
    assert_eq!(std::fs::read(folder.join("inside")).expect("read"), b"kept");
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
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
    assert!(!out.write_if_changed("events.json", &parts).expect("write"));
    out.write("events.json", &[]).expect("write");
    assert_eq!(std::fs::read(&path).expect("read"), b"");
    assert_eq!(listing(dir.path()), ["events.json"]);
}

fn opened(path: &Path) -> (File, u64) {
    let file = File::open(path).expect("open");
    let len = file.metadata().expect("stat").len();
    (file, len)
}

#[test]
fn a_file_holds_the_bytes_only_when_every_byte_is_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("events.json");
    let holds_now = |parts: &[&[u8]]| {
        let (file, len) = opened(&path);
        holds(file, len, parts)
    };
    // Longer than one block, so that the comparison goes block by block.
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &bytes).expect("write");
    assert!(holds_now(&[&bytes]));
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
    assert!(holds_now(&parts));
    let mut last = bytes.clone();
    *last.last_mut().expect("bytes") ^= 1;
    assert!(!holds_now(&[&last]));
    let middle = bytes.len() / 2;
    let mut changed = bytes.clone();
    changed[middle] ^= 1;
    assert!(!holds_now(&[&changed[..middle], &changed[middle..]]));
    let mut first = bytes.clone();
    first[0] ^= 1;
    assert!(!holds_now(&[&first]));
    assert!(!holds_now(&[&bytes[1..]]));
    assert!(!holds_now(&[&bytes, b"x"]));
    std::fs::write(&path, b"").expect("write");
    assert!(holds_now(&[]));
    assert!(holds_now(&[b"", b""]));
    // A file that grew after its length was taken is not the same.
    std::fs::write(&path, b"ab").expect("write");
    let file = File::open(&path).expect("open");
    assert!(!holds(file, 1, &[b"a"]));
}

#[cfg(unix)]
#[test]
fn writing_when_changed_meets_whatever_is_at_the_name() {
    use std::os::unix::fs::{MetadataExt, symlink};
    let (_dir, root, outside) = tree();
    let target = outside.join("secret.yaml");
    let site = root.join("site");
    std::fs::create_dir(&site).expect("site");
    let inode = |name: &str| {
        std::fs::symlink_metadata(site.join(name))
            .expect("stat")
            .ino()
    };
    let out = OutDir::create(&site).expect("out");
    // The same bytes: nothing is written, the file is the same file.
    std::fs::write(site.join("same.html"), "same").expect("write");
    let before = inode("same.html");
    assert!(
        !out.write_if_changed("same.html", &[b"sa", b"me"])
            .expect("write")
    );
    assert_eq!(inode("same.html"), before);
    // Other bytes, longer or of the same length: replaced whole.
    assert!(
        out.write_if_changed("same.html", &[b"other"])
            .expect("write")
    );
    assert_eq!(
        std::fs::read(site.join("same.html")).expect("read"),
        b"other"
    );
    assert!(
        out.write_if_changed("same.html", &[b"OTHER"])
            .expect("write")
    );
    assert_eq!(
        std::fs::read(site.join("same.html")).expect("read"),
        b"OTHER"
    );
    // A link to a file holding exactly these bytes is not taken for the file: it is replaced,
    // and what it pointed to is untouched.
    symlink(&target, site.join("linked.html")).expect("link");
    assert!(
        out.write_if_changed("linked.html", &[SECRET.as_bytes()])
            .expect("write")
    );
    assert!(
        std::fs::symlink_metadata(site.join("linked.html"))
            .expect("stat")
            .is_file()
    );
    assert_eq!(std::fs::read_to_string(&target).expect("secret"), SECRET);
    // A named pipe is not waited on: it is replaced.
    rustix::fs::mknodat(
        rustix::fs::CWD,
        site.join("pipe.html"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .expect("fifo");
    assert!(
        out.write_if_changed("pipe.html", &[b"page"])
            .expect("write")
    );
    assert_eq!(
        std::fs::read(site.join("pipe.html")).expect("read"),
        b"page"
    );
    // A folder in the way is left alone, and said so.
    std::fs::create_dir(site.join("folder.html")).expect("folder");
    std::fs::write(site.join("folder.html/inside"), b"kept").expect("write");
    assert!(out.write_if_changed("folder.html", &[b"page"]).is_err());
    assert_eq!(
        std::fs::read(site.join("folder.html/inside")).expect("read"),
        b"kept"
    );
    // Nothing but the outputs is left behind.
    assert_eq!(
        listing(&site),
        ["folder.html", "linked.html", "pipe.html", "same.html"]
    );
    assert_eq!(listing(&outside), ["secret.yaml"]);
}

#[cfg(unix)]
#[test]
fn only_a_folder_this_process_made_is_written_without_looking() {
    use std::os::unix::fs::symlink;
    let (_dir, root, outside) = tree();
    let target = outside.join("secret.yaml");
    // A new output folder, and a new folder in it: the writes land, and say they wrote.
    let site = root.join("site");
    let out = OutDir::create(&site).expect("out");
    let events = out.subfolder("events").expect("events");
    assert!(events.write_if_changed("a.html", &[b"a"]).expect("write"));
    assert!(events.write_if_changed("a.html", &[b"b"]).expect("write"));
    // It is staged: nothing is at its place until it is published.
    assert!(out.is_staged() && !site.exists());
    let mut out = out;
    out.publish().expect("publish");
    assert_eq!(
        std::fs::read(site.join("events/a.html")).expect("read"),
        b"b"
    );
    assert_eq!(listing(&site.join("events")), ["a.html"]);
    // Opened again, the folders are not new: what is there is looked at.
    let out = OutDir::create(&site).expect("out");
    let events = out.subfolder("events").expect("events");
    assert!(!events.write_if_changed("a.html", &[b"b"]).expect("write"));
    // A folder that was there before is never taken for new: a link planted in it is met as
    // a link.
    std::fs::create_dir(root.join("again")).expect("again");
    symlink(&target, root.join("again/a.html")).expect("link");
    let out = OutDir::create(&root.join("again")).expect("out");
    assert!(
        out.write_if_changed("a.html", &[SECRET.as_bytes()])
            .expect("write")
    );
    assert_eq!(std::fs::read_to_string(&target).expect("secret"), SECRET);
    assert!(
        std::fs::symlink_metadata(root.join("again/a.html"))
            .expect("stat")
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn a_report_is_appended_to_a_real_file_only() {
    use std::os::unix::fs::symlink;
    let (_dir, root, outside) = tree();
    let target = outside.join("secret.yaml");
    let summary = root.join("summary.md");
    append(&summary, b"one\n").expect("created");
    append(&summary, b"two\n").expect("appended");
    assert_eq!(std::fs::read(&summary).expect("read"), b"one\ntwo\n");
    // A link is refused, and what it points to is untouched.
    symlink(&target, root.join("linked.md")).expect("link");
    let refused = append(&root.join("linked.md"), b"x").expect_err("a link");
    assert!(refused.to_string().contains("symbolic link"), "{refused}");
    assert_eq!(std::fs::read_to_string(&target).expect("secret"), SECRET);
    // A pipe nobody reads is refused at once, not waited on; a folder is refused.
    rustix::fs::mknodat(
        rustix::fs::CWD,
        root.join("pipe.md"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .expect("fifo");
    assert!(append(&root.join("pipe.md"), b"x").is_err());
    assert!(append(&root.join("records"), b"x").is_err());
}

#[test]
fn temporary_names_differ() {
    let a = temporary_name(OsStr::new("index.html"));
    let b = temporary_name(OsStr::new("index.html"));
    assert_ne!(a, b);
    assert!(a.to_string_lossy().starts_with(".index.html."));
}

#[test]
fn sizes_read_as_people_say_them() {
    assert_eq!(size(812), "812 bytes");
    assert_eq!(size(1536), "1.5 KiB");
    assert_eq!(size(50 * 1024 * 1024), "50.0 MiB");
}

#[test]
fn a_sized_read_gets_the_whole_file_whatever_its_stat_data_said() {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = dir.path().join("x.yaml");
    let text: Vec<u8> = (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect();
    std::fs::write(&path, &text).expect("write");
    let file = File::open(&path).expect("open");
    let mut buf = b"left over".to_vec();
    // As long as said, longer (grown since), shorter (shrunk since), and empty.
    for said in [5000, 4000, 0, 1] {
        read_open(&file, said, 1 << 20, &mut buf).expect("read");
        assert_eq!(buf, text, "stat data said {said}");
        std::io::Seek::rewind(&mut &file).expect("rewind");
    }
    // Said to be over the cap: refused unread. Grown past the cap since: refused too.
    assert!(matches!(
        read_open(&file, 6000, 4096, &mut buf),
        Err(Refused::TooLarge {
            len: 6000,
            cap: 4096
        })
    ));
    assert!(buf.is_empty());
    assert!(matches!(
        read_open(&file, 10, 4096, &mut buf),
        Err(Refused::TooLarge {
            len: 4097,
            cap: 4096
        })
    ));
    assert!(buf.is_empty());
}

#[test]
fn a_folder_lists_the_same_names_every_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = OutDir::create(dir.path()).expect("out dir");
    out.write("a.txt", &[b"a"]).expect("write");
    out.write("b.txt", &[b"b"]).expect("write");
    let mut first = out.names().expect("names");
    first.sort();
    assert_eq!(first, ["a.txt", "b.txt"]);
    // (A second listing once found nothing: the duplicate shared the first one's position.)
    let mut again = out.names().expect("names");
    again.sort();
    assert_eq!(again, first);
}

#[test]
fn an_output_name_is_one_name_never_a_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = OutDir::create(dir.path()).expect("out dir");
    // A folder planted as a link must not be walked through by a name with a slash.
    std::fs::create_dir(dir.path().join("elsewhere")).expect("folder");
    std::fs::write(dir.path().join("elsewhere/secret.txt"), "SECRET").expect("secret");
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("link"))
        .expect("link");
    for name in ["link/secret.txt", "../x", "..", ".", "", "a/b"] {
        assert!(out.open_existing(name).is_none(), "{name:?}");
        assert!(out.write(name, &[b"x"]).is_err(), "{name:?}");
        assert!(out.remove(name).is_err(), "{name:?}");
        assert!(out.subfolder(name).is_err(), "{name:?}");
        assert!(out.existing_subfolder(name).is_none(), "{name:?}");
        assert!(out.remove_empty_folder(name).is_err(), "{name:?}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("elsewhere/secret.txt")).expect("secret"),
        "SECRET"
    );
}

#[test]
fn only_an_empty_real_folder_is_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = OutDir::create(dir.path()).expect("out dir");
    out.subfolder("empty").expect("folder");
    out.subfolder("full")
        .expect("folder")
        .write("keep.txt", &[b"kept"])
        .expect("write");
    std::fs::create_dir(dir.path().join("elsewhere")).expect("folder");
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("link"))
        .expect("link");
    assert!(out.remove_empty_folder("empty").expect("removed"));
    assert!(!dir.path().join("empty").exists());
    assert!(!out.remove_empty_folder("empty").expect("already gone"));
    // A folder with something in it stays, and so does a link's target (the link is not a
    // folder, so it is not removed, and nothing is removed through it).
    assert!(out.remove_empty_folder("full").is_err());
    assert!(dir.path().join("full/keep.txt").exists());
    assert!(out.remove_empty_folder("link").is_err());
    assert!(dir.path().join("elsewhere").is_dir());
}

/// The temporary folders beside `path` (a staged output folder's).
fn staging_beside(path: &Path) -> Vec<PathBuf> {
    let name = path
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    std::fs::read_dir(path.parent().expect("a parent"))
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned());
            n.is_some_and(|n| n.starts_with(&format!(".{name}.")) && n.ends_with(".tmp"))
        })
        .collect()
}

#[test]
fn a_new_output_folder_appears_whole_or_not_at_all() {
    let (_dir, root, _outside) = tree();
    // Published: everything at once, nothing left beside it; its parents are made.
    let site = root.join("public/site");
    let mut out = OutDir::create(&site).expect("out");
    let events = out.subfolder("events").expect("events");
    events.write("a.html", &[b"<p>", b"a"]).expect("write");
    out.write("index.html", &[b"index"]).expect("write");
    assert!(!site.exists(), "nothing is seen before it is published");
    assert_eq!(staging_beside(&site).len(), 1);
    out.publish().expect("publish");
    assert!(!out.is_staged());
    assert_eq!(listing(&site), ["events", "index.html"]);
    assert_eq!(
        std::fs::read(site.join("events/a.html")).expect("read"),
        b"<p>a"
    );
    assert!(staging_beside(&site).is_empty());
    // Published twice: the second does nothing.
    out.publish().expect("publish again");
    // Dropped before it is published (a build that failed): nothing is left, anywhere.
    let other = root.join("other");
    let out = OutDir::create(&other).expect("out");
    out.subfolder("events")
        .expect("events")
        .write("b.html", &[b"b"])
        .expect("write");
    drop(out);
    assert!(!other.exists());
    assert!(staging_beside(&other).is_empty());
}

#[cfg(unix)]
#[test]
fn a_staged_folder_is_never_published_over_what_took_its_place_nor_written_through_a_link() {
    use std::os::unix::fs::symlink;
    let (_dir, root, outside) = tree();
    let target = outside.join("secret.yaml");
    // A link planted inside the staging folder (by someone who found its name) is replaced,
    // never written through.
    let site = root.join("site");
    let mut out = OutDir::create(&site).expect("out");
    let staging = staging_beside(&site).pop().expect("a staging folder");
    symlink(&target, staging.join("index.html")).expect("link");
    assert!(
        out.write_if_changed("index.html", &[b"mine"])
            .expect("write")
    );
    assert_eq!(std::fs::read_to_string(&target).expect("secret"), SECRET);
    out.publish().expect("publish");
    assert_eq!(
        std::fs::read(site.join("index.html")).expect("read"),
        b"mine"
    );
    // Whatever took the place meanwhile (a folder with a file in it, a file, a link) stays as
    // it is; the staged folder goes and publishing says why.
    for (name, plant) in [("folder", 0), ("file", 1), ("link", 2)] {
        let path = root.join(name);
        let mut out = OutDir::create(&path).expect("out");
        out.write("index.html", &[b"new"]).expect("write");
        match plant {
            0 => {
                std::fs::create_dir(&path).expect("folder");
                std::fs::write(path.join("keep.txt"), "kept").expect("file");
            }
            1 => std::fs::write(&path, "kept").expect("file"),
            _ => symlink(&outside, &path).expect("link"),
        }
        let refused = out.publish().expect_err("refused");
        assert!(
            refused.to_string().contains("cannot move the new"),
            "{refused}"
        );
        assert!(
            staging_beside(&path).is_empty(),
            "{name}: the staged folder went"
        );
        match plant {
            0 => assert_eq!(listing(&path), ["keep.txt"]),
            1 => assert_eq!(std::fs::read_to_string(&path).expect("file"), "kept"),
            _ => assert!(std::fs::symlink_metadata(&path).expect("link").is_symlink()),
        }
    }
    assert_eq!(std::fs::read_dir(&outside).expect("outside").count(), 1);
    assert_eq!(std::fs::read_to_string(&target).expect("secret"), SECRET);
}
