//! The file server over a real socket: what a browser would get.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;

use pullpolicy_site::Server;

/// A fresh site with an index and a hashed wasm file (one per test: they run in parallel).
fn site(test: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "pullpolicy-site-server-{test}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><h1>hi</h1>").unwrap();
    std::fs::write(
        root.join("app-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    root
}

/// Sends `request` as is and returns the whole answer.
fn fetch(server: &Server, request: &str) -> String {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn serves_files_with_their_headers() {
    let root = site("serves");
    let server = Server::start(&root, "127.0.0.1:0").unwrap();
    assert_eq!(
        server.url(),
        format!("http://127.0.0.1:{}/", server.addr().port())
    );

    let index = fetch(&server, "GET /?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
    for header in [
        "Content-Type: text/html; charset=utf-8\r\n",
        "Content-Length: 26\r\n",
        "Cache-Control: no-cache\r\n",
        "X-Content-Type-Options: nosniff\r\n",
        "Connection: close\r\n",
    ] {
        assert!(index.contains(header), "{header} missing: {index}");
    }
    assert!(
        index.ends_with("\r\n\r\n<!doctype html><h1>hi</h1>"),
        "{index}"
    );

    let wasm = fetch(
        &server,
        "HEAD /app-0123456789abcdef_bg.wasm HTTP/1.1\r\n\r\n",
    );
    assert!(
        wasm.contains("Content-Type: application/wasm\r\n"),
        "{wasm}"
    );
    assert!(wasm.contains("Content-Length: 8\r\n"), "{wasm}");
    assert!(
        wasm.contains("Cache-Control: max-age=31536000, immutable\r\n"),
        "{wasm}"
    );
    assert!(wasm.ends_with("\r\n\r\n"), "HEAD has no body: {wasm}");

    drop(server);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn refuses_what_it_does_not_serve() {
    let root = site("refuses");
    let server = Server::start(&root, "127.0.0.1:0").unwrap();
    for (request, status) in [
        ("GET /missing.js HTTP/1.1\r\n\r\n", "404 Not Found"),
        ("GET /../etc/passwd HTTP/1.1\r\n\r\n", "404 Not Found"),
        ("GET /%2e%2e/etc/passwd HTTP/1.1\r\n\r\n", "404 Not Found"),
        (
            "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            "405 Method Not Allowed",
        ),
        ("GET / HTTP/2.0\r\n\r\n", "505 HTTP Version Not Supported"),
        ("GET /\r\n\r\n", "400 Bad Request"),
        ("GET / HTTP/1.1\r\nno colon\r\n\r\n", "400 Bad Request"),
    ] {
        let answer = fetch(&server, request);
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}\r\n")),
            "{request:?}: {answer}"
        );
    }
    // A client that connects and leaves costs nothing, and the server goes on.
    drop(TcpStream::connect(server.addr()).unwrap());
    assert!(fetch(&server, "GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 200 OK"));
    drop(server);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn stops_when_dropped_and_refuses_a_missing_directory() {
    let root = site("stops");
    let server = Server::start(&root, "127.0.0.1:0").unwrap();
    let addr = server.addr();
    drop(server);
    assert!(
        TcpStream::connect(addr).is_err(),
        "still listening on {addr}"
    );
    assert!(Server::start(&root.join("missing"), "127.0.0.1:0").is_err());
    let _ = std::fs::remove_dir_all(&root);
}
