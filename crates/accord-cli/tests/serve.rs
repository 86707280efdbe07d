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

#[test]
fn the_served_dashboard_learns_of_each_rebuild() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = "records/2025/2025-05-19-pk-cn-test.yaml";
    write(dir.path(), record, CLEAN);
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["watch", "--serve", "127.0.0.1:0", "--as-of", "2026-01-01"])
            .current_dir(dir.path())
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

    let page = get(&addr, "/");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("Health cooperation dashboard"));
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
