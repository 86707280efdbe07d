//! A small local web server for `accord watch --serve`: it serves the output folder, and the
//! dashboard it serves reloads itself after each rebuild.
//!
//! The written `index.html` has no script at all. Only the copy served here gets a short
//! script, allowed by a per-process nonce in its Content-Security-Policy, that long-polls
//! `/__accord/wait?since=N`; that request returns as soon as the build version passes `N`, and
//! the page reloads. Only the output files are served, and only on GET.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The build version shared between the watch loop and the server.
#[derive(Debug, Default)]
pub struct Version {
    value: Mutex<u64>,
    changed: Condvar,
}

impl Version {
    /// The current version.
    pub fn get(&self) -> u64 {
        *self.value.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves to the next version and wakes every waiting page.
    pub fn bump(&self) {
        let mut v = self.value.lock().unwrap_or_else(|e| e.into_inner());
        *v += 1;
        self.changed.notify_all();
    }

    /// Waits until the version passes `since` or `timeout` elapses; returns the version.
    pub fn wait(&self, since: u64, timeout: Duration) -> u64 {
        let guard = self.value.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |v| *v <= since)
            .unwrap_or_else(|e| e.into_inner());
        *guard
    }
}

/// Starts serving `out` on `addr` in background threads; returns the address bound (useful
/// with port 0).
pub fn start(addr: &str, out: PathBuf, version: Arc<Version>) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr)?;
    let bound = listener.local_addr()?;
    let nonce = format!(
        "{:x}{:x}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let out = out.clone();
            let version = Arc::clone(&version);
            let nonce = nonce.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &out, &version, &nonce);
            });
        }
    });
    Ok(bound)
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

fn handle(
    mut stream: TcpStream,
    out: &std::path::Path,
    version: &Version,
    nonce: &str,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    // Read the whole request head: closing a socket with unread input resets the connection.
    let mut reader = BufReader::new(Read::take(&stream, 16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 0 && header != "\r\n" && header != "\n" {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"bad request");
    };
    if method != "GET" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only",
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == "/__accord/wait" {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let now = version.wait(since, Duration::from_secs(25));
        return respond(
            &mut stream,
            "200 OK",
            "text/plain",
            now.to_string().as_bytes(),
        );
    }
    let name = match path {
        "/" | "/index.html" => "index.html",
        other => other.trim_start_matches('/'),
    };
    let Some(&name) = accord_summary::OUTPUTS.iter().find(|n| **n == name) else {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not found");
    };
    let Ok(bytes) = std::fs::read(out.join(name)) else {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not built yet");
    };
    let kind = match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    };
    if name == "index.html" {
        let page = live(&String::from_utf8_lossy(&bytes), version.get(), nonce);
        return respond(&mut stream, "200 OK", kind, page.as_bytes());
    }
    respond(&mut stream, "200 OK", kind, &bytes)
}

/// The served copy of the dashboard: its policy also allows one nonce'd script and requests to
/// this server, and the script reloads the page when the build version changes.
fn live(page: &str, version: u64, nonce: &str) -> String {
    let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;";
    let live_policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; connect-src 'self';"
    );
    let script = format!(
        "<script nonce=\"{nonce}\">(async()=>{{const v={version};for(;;){{try{{const r=await fetch('/__accord/wait?since='+v,{{cache:'no-store'}});if(+(await r.text())>v){{location.reload();return;}}}}catch(e){{await new Promise(r=>setTimeout(r,500));}}}}}})();</script>\n</body>"
    );
    page.replacen(policy, &live_policy, 1)
        .replacen("</body>", &script, 1)
}
