//! A small local web server for `accord watch --serve`: it serves the output folder, and the
//! dashboard it serves reloads itself after each rebuild.
//!
//! The written `index.html` has no script at all. Only the copy served here gets a short
//! script, allowed by a per-process nonce in its Content-Security-Policy, that long-polls
//! `/__accord/wait?since=N`; that request returns as soon as the build version passes `N`, and
//! the page reloads. Only the output files are served (the overview and the year files, never
//! through a link), only on GET, only to a `Host` that names this server, by a fixed pool of
//! threads, each request read within a deadline: a server that can be left running.

use std::io::{Read, Write};
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

/// Worker threads: the most connections served at once. Others wait in the queue.
pub const WORKERS: usize = 16;

/// Connections queued for a worker; past this a new one is turned away at once.
pub const QUEUE: usize = 64;

/// The most pages waiting for the next build at once (each holds a worker); past this a page
/// is told to try again later, so that waiting pages never take every worker.
pub const MAX_WAITING: usize = WORKERS / 2;

/// How long a client has to send its whole request head.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(5);

/// The largest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound or a worker not started.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A non-loopback address without the flag that allows it.
    #[error(
        "{0} is not a loopback address: the preview would be open to the network; bind 127.0.0.1, or pass --allow-remote to serve it to other machines"
    )]
    NotLoopback(SocketAddr),
}

/// What the server shares between its threads.
struct Shared {
    out: PathBuf,
    version: Arc<Version>,
    nonce: String,
    bound: SocketAddr,
    allow_remote: bool,
    waiting: std::sync::atomic::AtomicUsize,
}

/// Starts serving `out` on `addr` in background threads; returns the address bound (useful
/// with port 0). Only a loopback address is bound unless `allow_remote`. A fixed pool of
/// [`WORKERS`] threads answers; each request must arrive within [`REQUEST_DEADLINE`], and its
/// `Host` must name the bound address or a loopback name (which defeats DNS rebinding).
pub fn start(
    addr: &str,
    out: PathBuf,
    version: Arc<Version>,
    allow_remote: bool,
) -> Result<SocketAddr, ServeError> {
    let listener = TcpListener::bind(addr)?;
    let bound = listener.local_addr()?;
    if !bound.ip().is_loopback() && !allow_remote {
        return Err(ServeError::NotLoopback(bound));
    }
    let nonce = accord_fs::random_token();
    let shared = Arc::new(Shared {
        out,
        version,
        nonce,
        bound,
        allow_remote,
        waiting: Default::default(),
    });
    let (send, receive) = std::sync::mpsc::sync_channel::<(TcpStream, std::time::Instant)>(QUEUE);
    let receive = Arc::new(Mutex::new(receive));
    for i in 0..WORKERS {
        let receive = Arc::clone(&receive);
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(format!("accord-serve-{i}"))
            .spawn(move || {
                loop {
                    let next = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((stream, accepted)) = next else { return };
                    let _ = handle(stream, accepted, &shared);
                }
            })?;
    }
    std::thread::Builder::new()
        .name("accord-serve".to_owned())
        .spawn(move || {
            for stream in listener.incoming() {
                match stream {
                    Ok(stream) => {
                        let accepted = std::time::Instant::now();
                        if let Err(std::sync::mpsc::TrySendError::Full((mut stream, _))) =
                            send.try_send((stream, accepted))
                        {
                            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
                            let _ = respond(
                                &mut stream,
                                "503 Service Unavailable",
                                "text/plain",
                                b"busy",
                            );
                        }
                    }
                    // Out of file descriptors, or the like: let some connections end first.
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        })?;
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

/// Reads a request head (up to the blank line) within [`REQUEST_DEADLINE`] of the connection
/// being accepted, time in the queue included, however slowly the client sends it; `None`
/// when it is too slow, too long or cut short. (Idle connections that filled the queue are
/// dropped as soon as a worker reaches them past their deadline.)
fn read_head(stream: &mut TcpStream, accepted: std::time::Instant) -> Option<String> {
    let deadline = accepted + REQUEST_DEADLINE;
    let mut head = Vec::new();
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        let left = deadline.checked_duration_since(std::time::Instant::now())?;
        if left.is_zero() || head.len() > MAX_HEAD {
            return None;
        }
        stream.set_read_timeout(Some(left)).ok()?;
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    String::from_utf8(head).ok()
}

/// Whether a `Host` header names this server: the bound address, or a loopback name with the
/// bound port (any host when serving to other machines was asked for).
fn host_allowed(host: &str, shared: &Shared) -> bool {
    if shared.allow_remote {
        return true;
    }
    let port = shared.bound.port();
    let host = host.trim().to_ascii_lowercase();
    host == shared.bound.to_string()
        || ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .any(|name| host == format!("{name}:{port}"))
}

/// The file a request path names among the outputs (`accord_summary::is_output`), relative to
/// the output folder; `None` for anything else.
fn output_name(path: &str) -> Option<&str> {
    let name = match path {
        "/" | "/index.html" => "index.html",
        other => other.strip_prefix('/')?,
    };
    accord_summary::is_output(name).then_some(name)
}

fn handle(
    mut stream: TcpStream,
    accepted: std::time::Instant,
    shared: &Shared,
) -> std::io::Result<()> {
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let Some(head) = read_head(&mut stream, accepted) else {
        return respond(
            &mut stream,
            "408 Request Timeout",
            "text/plain",
            b"request timeout",
        );
    };
    let mut lines = head.lines();
    let line = lines.next().unwrap_or("");
    let host = lines.take_while(|l| !l.is_empty()).find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("host").then_some(value)
    });
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"bad request");
    };
    if !host.is_some_and(|h| host_allowed(h, shared)) {
        return respond(
            &mut stream,
            "421 Misdirected Request",
            "text/plain",
            b"unknown host",
        );
    }
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
        use std::sync::atomic::Ordering;
        if shared.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
            shared.waiting.fetch_sub(1, Ordering::SeqCst);
            return respond(
                &mut stream,
                "503 Service Unavailable",
                "text/plain",
                b"busy",
            );
        }
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let now = shared.version.wait(since, Duration::from_secs(25));
        shared.waiting.fetch_sub(1, Ordering::SeqCst);
        return respond(
            &mut stream,
            "200 OK",
            "text/plain",
            now.to_string().as_bytes(),
        );
    }
    let Some(name) = output_name(path) else {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not found");
    };
    // Read as the site writes: no link followed, only a regular file.
    let file = accord_fs::OutDir::open(&shared.out).ok().and_then(|out| {
        // One folder at a time (`parties/PK/index.html`), each a real folder.
        let mut dir = out;
        let mut parts = name.split('/').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                return dir.open_existing(part);
            }
            dir = dir.existing_subfolder(part)?;
        }
        None
    });
    let mut bytes = Vec::new();
    if file.is_none_or(|mut f| f.read_to_end(&mut bytes).is_err()) {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not built yet");
    }
    let kind = match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("xml") => "application/atom+xml",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
    if name == "index.html" {
        let page = live(
            &String::from_utf8_lossy(&bytes),
            shared.version.get(),
            &shared.nonce,
        );
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
        "<script nonce=\"{nonce}\">(async()=>{{const v={version};for(;;){{try{{const r=await fetch('/__accord/wait?since='+v,{{cache:'no-store'}});if(!r.ok){{await new Promise(r=>setTimeout(r,2000));continue;}}if(+(await r.text())>v){{location.reload();return;}}}}catch(e){{await new Promise(r=>setTimeout(r,500));}}}}}})();</script>\n</body>"
    );
    page.replacen(policy, &live_policy, 1)
        .replacen("</body>", &script, 1)
}
