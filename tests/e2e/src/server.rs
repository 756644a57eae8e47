//! A small static file server for the built app, on loopback only.
//!
//! It serves `dist/` with the right content types and falls back to
//! `index.html` for any path without a file extension, so deep links such as
//! `/principles/oomph` work on reload, as they would behind a real host
//! configured for a single-page app. One thread per connection is plenty for
//! a test or a local preview. `start_compressed` also serves brotli, as a
//! real host would, to browsers that accept it (the start-up benchmark on a
//! slow network would otherwise measure uncompressed WebAssembly).
//!
//! Every response forbids framing (`Content-Security-Policy:
//! frame-ancestors 'none'`, which a meta tag cannot set), as the README asks
//! of hosts; `start_framable` leaves it out, to test the app on a host that
//! cannot set headers.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

/// The header that keeps other pages from framing the app.
pub const NO_FRAMING: &str = "Content-Security-Policy: frame-ancestors 'none'\r\n";

/// A running server; it stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

/// Brotli copies of the compressible files, made once at start.
type Compressed = Arc<HashMap<PathBuf, Vec<u8>>>;

fn compress_all(dir: &Path, out: &mut HashMap<PathBuf, Vec<u8>>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            compress_all(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css" | "html" | "svg" | "json" | "webmanifest")
        ) {
            let body = std::fs::read(&path)?;
            let mut packed = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &body[..], &mut packed, &params)?;
            out.insert(path, packed);
        }
    }
    Ok(())
}

impl StaticServer {
    /// Serves `root` on `127.0.0.1:port` (`0` picks a free port).
    pub fn start(root: &Path, port: u16) -> std::io::Result<StaticServer> {
        StaticServer::serve(root, port, Arc::new(HashMap::new()), NO_FRAMING)
    }

    /// `start` without the header that forbids framing: a host that cannot
    /// set headers, where the app itself must refuse what a frame could
    /// abuse.
    pub fn start_framable(root: &Path, port: u16) -> std::io::Result<StaticServer> {
        StaticServer::serve(root, port, Arc::new(HashMap::new()), "")
    }

    /// `start`, also serving brotli to browsers that accept it.
    pub fn start_compressed(root: &Path, port: u16) -> std::io::Result<StaticServer> {
        let mut packed = HashMap::new();
        compress_all(root, &mut packed)?;
        StaticServer::serve(root, port, Arc::new(packed), NO_FRAMING)
    }

    fn serve(
        root: &Path,
        port: u16,
        packed: Compressed,
        extra: &'static str,
    ) -> std::io::Result<StaticServer> {
        let index = root.join("index.html");
        if !index.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "{} is missing: build the app first (cargo xtask test or serve)",
                    index.display()
                ),
            ));
        }
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stop_flag = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (root, packed) = (root.clone(), Arc::clone(&packed));
                    thread::spawn(move || {
                        let _ = handle(stream, &root, &packed, extra);
                    });
                }
            }
        });
        Ok(StaticServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Blocks until the server thread ends (only when dropped elsewhere).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `root`, refusing `..` and friends.
fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let candidate = root.join(relative);
    if candidate.is_file() {
        Some(candidate)
    } else if candidate.join("index.html").is_file() {
        // A prerendered page (`/principles` → `principles/index.html`).
        Some(candidate.join("index.html"))
    } else if relative.extension().is_none() {
        // An app route, not an asset: the app's router takes it from here,
        // in the shell of the page when the build has one.
        let shell = root.join("shell.html");
        Some(if shell.is_file() {
            shell
        } else {
            root.join("index.html")
        })
    } else {
        None
    }
}

fn handle(stream: TcpStream, root: &Path, packed: &Compressed, extra: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the headers; only Accept-Encoding matters here.
    let mut line = String::new();
    let mut brotli_ok = false;
    while reader.read_line(&mut line)? > 2 {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("accept-encoding:") && lower.contains("br") {
            brotli_ok = true;
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            extra,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            method == "HEAD",
        );
    }
    match resolve(root, target).and_then(|p| std::fs::read(&p).ok().map(|body| (p, body))) {
        Some((path, body)) => match packed.get(&path).filter(|_| brotli_ok) {
            Some(small) => respond_encoded(
                &mut stream,
                extra,
                content_type(&path),
                small,
                Some("br"),
                method == "HEAD",
            ),
            None => respond(
                &mut stream,
                extra,
                "200 OK",
                content_type(&path),
                &body,
                method == "HEAD",
            ),
        },
        None => respond(
            &mut stream,
            extra,
            "404 Not Found",
            "text/plain",
            b"not found",
            method == "HEAD",
        ),
    }
}

fn respond_encoded(
    stream: &mut TcpStream,
    extra: &str,
    kind: &str,
    body: &[u8],
    encoding: Option<&str>,
    head_only: bool,
) -> std::io::Result<()> {
    let encoding = encoding.map_or(String::new(), |e| {
        format!("Content-Encoding: {e}\r\nVary: Accept-Encoding\r\n")
    });
    let header = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n{encoding}{extra}Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn respond(
    stream: &mut TcpStream,
    extra: &str,
    status: &str,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{extra}Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::Path;

    #[test]
    fn routes_fall_back_to_index_and_traversal_is_refused() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            resolve(root, "/principles/oomph"),
            Some(root.join("index.html"))
        );
        assert_eq!(resolve(root, "/Cargo.toml"), Some(root.join("Cargo.toml")));
        assert_eq!(resolve(root, "/missing.wasm"), None);
        assert_eq!(resolve(root, "/../Cargo.toml"), None);
    }
}
