//! `watch_latency ACCORD ROOT [--edits N] [--out DIR]`: how long `accord watch` takes to bring
//! its outputs up to date after a one-record edit, measured from outside, with real file events.
//!
//! It starts `ACCORD --root ROOT watch`, waits for the first build, then edits one record at a
//! time (a new title, written the way editors save: a temporary file renamed over the record),
//! and times each edit from just before the rename to the watcher's status line for the rebuild,
//! which it prints only after every output is in place. After each edit it checks that the
//! year's `events/<year>.json` holds the new title. The records are put back at the end.
//! Prints every latency and the median, p95 and maximum, in milliseconds.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn records(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            records(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// Replaces the record's `title:` line; `None` when it has none on one line.
fn retitle(text: &str, title: &str) -> Option<String> {
    let start = text.find("\ntitle: ")? + 1;
    let end = start + text[start..].find('\n')?;
    Some(format!(
        "{}title: \"{title}\"{}",
        &text[..start],
        &text[end..]
    ))
}

/// Writes the way editors save: a temporary file beside the record, renamed over it.
fn save(path: &Path, text: &str) -> std::io::Result<()> {
    let temp = path.with_extension("yaml.swp~");
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(accord), Some(root)) = (args.first(), args.get(1)) else {
        eprintln!("usage: watch_latency ACCORD ROOT [--edits N] [--out DIR]");
        return ExitCode::from(2);
    };
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let edits: usize = option("--edits").and_then(|n| n.parse().ok()).unwrap_or(50);
    let out = PathBuf::from(option("--out").map_or("target/bench/watch-site", String::as_str));
    let root = PathBuf::from(root);

    let mut files = Vec::new();
    records(&root.join("records"), &mut files);
    files.sort();
    if files.is_empty() {
        eprintln!("no records under {}", root.join("records").display());
        return ExitCode::from(2);
    }

    let mut child = match Command::new(accord)
        .arg("--root")
        .arg(&root)
        .args(["watch", "--as-of", "2026-01-01", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            eprintln!("cannot start {accord}: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(stderr) = child.stderr.take() else {
        return ExitCode::from(2);
    };
    // Every line the watcher prints, with the time it arrived.
    let (tx, rx) = mpsc::channel::<(Instant, String)>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_secs(600)) {
            Ok((_, line)) if line.starts_with("watching ") => break,
            Ok(_) => {}
            Err(_) => {
                eprintln!("the watcher did not start");
                let _ = child.kill();
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!(
        "first build of {} records: {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    std::thread::sleep(Duration::from_millis(500));

    let mut latencies = Vec::new();
    let mut failed = false;
    let step = (files.len() / edits.max(1)).max(1);
    for i in 0..edits {
        let path = &files[(i * step + step / 2) % files.len()];
        let Ok(original) = std::fs::read_to_string(path) else {
            continue;
        };
        let title = format!("Edited for the watch benchmark, edit {i}");
        let Some(edited) = retitle(&original, &title) else {
            continue;
        };
        while rx.try_recv().is_ok() {}
        let t0 = Instant::now();
        if let Err(e) = save(path, &edited) {
            eprintln!("cannot write {}: {e}", path.display());
            failed = true;
            break;
        }
        let year = path
            .parent()
            .and_then(Path::file_name)
            .map(|y| y.to_string_lossy().into_owned())
            .unwrap_or_default();
        let year_json = out.join(format!("events/{year}.json"));
        // The edit is in when a rebuild has finished and the year's events file holds the new
        // title (an editor's save can come as more than one batch of events).
        let done = loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok((at, line)) if line.contains(" events from ") => {
                    let json = std::fs::read_to_string(&year_json).unwrap_or_default();
                    if json.contains(&title) {
                        break Some(at);
                    }
                }
                Ok(_) => {}
                Err(_) => break None,
            }
        };
        let Some(at) = done else {
            eprintln!(
                "events/{year}.json does not show edit {i} of {}",
                path.display()
            );
            failed = true;
            break;
        };
        latencies.push((at - t0).as_secs_f64() * 1000.0);
        let _ = save(path, &original);
        // Let the restoring rebuild pass before the next edit.
        let _ = loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok((_, line)) if line.contains(" events from ") => break true,
                Ok(_) => {}
                Err(_) => break false,
            }
        };
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();

    if latencies.is_empty() {
        eprintln!("no edit was measured");
        return ExitCode::FAILURE;
    }
    let mut sorted = latencies.clone();
    sorted.sort_by(f64::total_cmp);
    let shown: Vec<String> = latencies.iter().map(|l| format!("{l:.1}")).collect();
    println!("latencies (ms): {}", shown.join(" "));
    println!(
        "{} edits: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        latencies.len(),
        percentile(&sorted, 50.0),
        percentile(&sorted, 95.0),
        percentile(&sorted, 100.0)
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
