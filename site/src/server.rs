//! A static file server for one directory (`dist/`): HTTP/1.1 GET and HEAD, one request per
//! connection (`Connection: close`), a thread per connection. Enough for `cargo xtask serve`
//! and for the browser tests; not meant to face the internet.

use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::files::{cache_control, content_type, resolve};
use crate::http::read_head;

/// A client that sends nothing for this long is dropped (it would hold a thread).
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// A running server. Dropping it stops it; [`Server::wait`] keeps it running instead.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `dir` on `addr` (`"127.0.0.1:0"` picks a free port). Fails when `dir` does not
    /// exist or the address cannot be bound.
    pub fn start(dir: &Path, addr: &str) -> io::Result<Server> {
        let root = dir.canonicalize().map_err(|e| {
            io::Error::new(e.kind(), format!("cannot serve {}: {e}", dir.display()))
        })?;
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let accept = thread::Builder::new().name("site-accept".into()).spawn({
            let stop = Arc::clone(&stop);
            move || accept_loop(&listener, &root, &stop)
        })?;
        Ok(Server {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.reachable()
    }

    /// The site's root URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.reachable())
    }

    /// Blocks for as long as the server runs: until the process is stopped (Ctrl-C).
    pub fn wait(mut self) {
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }

    /// The listening address, with a wildcard IP (`0.0.0.0`) replaced by loopback so that it
    /// can be connected to.
    fn reachable(&self) -> SocketAddr {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let Some(accept) = self.accept.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // accept() blocks: a connection of our own wakes it up to see the flag.
        if TcpStream::connect_timeout(&self.reachable(), Duration::from_secs(1)).is_ok() {
            let _ = accept.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, root: &Path, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match stream {
            Ok(stream) => {
                let root = root.to_path_buf();
                // A connection whose thread cannot start is dropped (the client sees it closed).
                let _ = thread::Builder::new()
                    .name("site-conn".into())
                    .spawn(move || serve_one(&root, &stream));
            }
            // Out of file descriptors, say: back off instead of spinning.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Answers one request; I/O errors only mean that the client went away.
fn serve_one(root: &Path, stream: &TcpStream) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let response = match read_head(&mut BufReader::new(stream)) {
        Ok(head) => respond(root, &head.start),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => Response::error("400 Bad Request"),
        Err(_) => return,
    };
    let _ = response.write_to(stream);
}

/// What a request line gets.
fn respond(root: &Path, request_line: &str) -> Response {
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Response::error("400 Bad Request");
    };
    if !version.starts_with("HTTP/1.") {
        return Response::error("505 HTTP Version Not Supported");
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut response = Response::error("405 Method Not Allowed");
            response.allow = true;
            return response;
        }
    };
    let Some(file) = resolve(root, target) else {
        return Response::error("404 Not Found");
    };
    match std::fs::read(&file) {
        Ok(body) => Response {
            status: "200 OK",
            content_type: content_type(&file),
            cache_control: cache_control(&file),
            allow: false,
            body,
            head_only,
        },
        Err(_) => Response::error("404 Not Found"),
    }
}

struct Response {
    status: &'static str,
    content_type: &'static str,
    cache_control: &'static str,
    /// Whether to list the allowed methods (a 405).
    allow: bool,
    body: Vec<u8>,
    /// A HEAD request: the headers of the GET response, without its body.
    head_only: bool,
}

impl Response {
    fn error(status: &'static str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            cache_control: "no-cache",
            allow: false,
            body: format!("{status}\n").into_bytes(),
            head_only: false,
        }
    }

    fn write_to(&self, mut stream: &TcpStream) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len(),
            self.cache_control,
        );
        if self.allow {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !self.head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}
