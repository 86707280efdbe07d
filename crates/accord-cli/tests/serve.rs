//! `accord watch --serve`: the real binary serves the dashboard, and a page waiting for the next
//! build is answered within moments of a record changing.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{CLEAN, write};

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `accord watch --serve` on a free loopback port in `dir`; returns it and its address.
fn serve(dir: &std::path::Path) -> (Child, String) {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["watch", "--serve", "127.0.0.1:0", "--as-of", "2026-01-01"])
            .current_dir(dir)
            .env("ACCORD_TODAY", "2026-01-01")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("accord watch starts"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut addr = None;
    for line in lines.by_ref() {
        let line = line.expect("a line");
        if let Some(rest) = line.strip_prefix("serving the dashboard at http://") {
            addr = Some(rest.trim_end_matches('/').to_owned());
        }
        if line.starts_with("watching ") {
            break;
        }
    }
    let addr = addr.expect("the server's address");
    // Keep reading the status lines so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

#[test]
fn the_served_dashboard_learns_of_each_rebuild() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = "records/2025/2025-05-19-pk-cn-test.yaml";
    write(dir.path(), record, CLEAN);
    let (_child, addr) = serve(dir.path());
    let page = get(&addr, "/");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("Health cooperation dataset · dashboard"));
    assert!(
        page.contains("/__accord/wait?since="),
        "the served page reloads itself"
    );
    assert!(
        page.contains("script-src 'nonce-"),
        "the script is allowed by nonce only"
    );
    assert!(get(&addr, "/events.json").starts_with("HTTP/1.1 200 OK"));
    assert!(get(&addr, "/../Cargo.toml").starts_with("HTTP/1.1 404"));

    let waiter = {
        let addr = addr.clone();
        std::thread::spawn(move || get(&addr, "/__accord/wait?since=0"))
    };
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    write(
        dir.path(),
        record,
        &CLEAN.replace("A test record", "An edited record"),
    );
    let answer = waiter.join().expect("waiter");
    assert!(answer.ends_with("\r\n\r\n1"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(get(&addr, "/").contains("An edited record"));
}

/// Sends a raw request head and reads the whole answer.
fn raw(addr: &str, head: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let _ = stream.write_all(head.as_bytes());
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

#[test]
fn the_server_answers_only_its_own_host_and_serves_the_year_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    let (_child, addr) = serve(dir.path());
    let port = addr.rsplit(':').next().expect("port");
    // A page of another site that resolves its name to this machine (DNS rebinding) is refused.
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1:1",
    ] {
        let answer = raw(&addr, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert!(answer.starts_with("HTTP/1.1 421"), "{host}: {answer}");
    }
    assert!(raw(&addr, "GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 421"));
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let answer = raw(&addr, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
    }
    // The year files events.json lists, the events' pages, the browse pages, the feeds and
    // the schemas are served; nothing else is.
    let events = get(&addr, "/events.json");
    assert!(events.contains("events/2025.json"), "{events}");
    for path in [
        "/events/2025.json",
        "/events/2025.csv",
        "/commitments/2025.csv",
        "/events/2025-05-19-pk-cn-test.html",
        "/events/2025-05-19-pk-cn-test.json",
        "/schema/v1/record.schema.json",
        "/parties/index.html",
        "/parties/PK/index.html",
        "/areas/vaccines/feed.xml",
        "/feed.xml",
    ] {
        let answer = get(&addr, path);
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{path}: {answer}");
    }
    assert!(get(&addr, "/events/2025.json").contains("2025-05-19-pk-cn-test"));
    for path in [
        "/events/1999.json",
        "/events/../events.json",
        "/events/x.json",
        "/events/2025-05-19-NOPE.html",
        "/events/.hidden.html",
        "/parties/PK.html",
        "/parties/PK/../../events.json",
        "/parties/PK/sub/index.html",
        "/commitments/2025.json",
        "/records/2025/2025-05-19-pk-cn-test.yaml",
    ] {
        assert!(get(&addr, path).starts_with("HTTP/1.1 404"), "{path}");
    }
}

#[test]
fn slow_and_idle_clients_cannot_hold_the_server() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    let (_child, addr) = serve(dir.path());
    // A client that sends a byte every 0.9 s (so no single read times out) is cut off at the
    // deadline for the whole request. (It runs while the idle connections below wait for
    // theirs, so the test waits for one deadline, not two.)
    let slow_addr = addr.clone();
    let slow_client = std::thread::spawn(move || {
        let started = Instant::now();
        let mut slow = TcpStream::connect(&slow_addr).expect("connect");
        slow.set_read_timeout(Some(Duration::from_millis(900)))
            .expect("timeout");
        let mut answer = String::new();
        for byte in "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "
            .bytes()
            .cycle()
            .take(20)
        {
            if slow.write_all(&[byte]).is_err() {
                break;
            }
            let mut buf = [0u8; 512];
            match slow.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    answer.push_str(&String::from_utf8_lossy(&buf[..n]));
                    let _ = slow.set_read_timeout(Some(Duration::from_secs(5)));
                    let _ = slow.read_to_string(&mut answer);
                    break;
                }
                Err(_) => {}
            }
        }
        (answer, started.elapsed())
    });
    // (The slow client is taken by a worker before the idle connections fill the rest.)
    std::thread::sleep(Duration::from_millis(200));
    // More idle connections than workers and queue together: the extra ones are turned away
    // at once, the queued ones are dropped at their deadline, and pages are served again
    // within moments of it.
    let started = Instant::now();
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        // (A connection turned away may be reset before its answer is read.)
        let page = raw(&addr, &format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
        if page.starts_with("HTTP/1.1 200 OK") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server no longer answers: {page}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "idle connections held the server {:?}",
        started.elapsed()
    );
    drop(idle);
    let (answer, kept) = slow_client.join().expect("the slow client");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        kept < Duration::from_secs(8),
        "a slow client was kept {kept:?}"
    );
}

#[test]
fn a_non_loopback_address_needs_a_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "records/2025/2025-05-19-pk-cn-test.yaml", CLEAN);
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["watch", "--serve", "0.0.0.0:0", "--as-of", "2026-01-01"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("accord runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--allow-remote"), "{stderr}");
}
