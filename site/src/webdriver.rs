//! The wire protocol of W3C WebDriver: JSON over HTTP/1.1 to chromedriver on loopback, one
//! connection per command.

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

use crate::http::read_head;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longer than any command may take (navigation waits for the page load, 300 s by default), so
/// that a hung driver is an error rather than a hung test.
const READ_TIMEOUT: Duration = Duration::from_secs(360);

/// A chromedriver listening on `addr`.
#[derive(Clone, Copy)]
pub struct Driver {
    pub addr: SocketAddr,
}

impl Driver {
    /// Sends a command and returns the `value` of its answer; WebDriver errors come back as
    /// `"<method> <path>: <error>: <message>"`.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let what = format!("{method} {path}");
        let (status, text) = self
            .exchange(method, path, body)
            .map_err(|e| format!("{what}: chromedriver at {}: {e}", self.addr))?;
        let json: Value = serde_json::from_slice(&text).map_err(|e| {
            let text = String::from_utf8_lossy(&text);
            format!("{what}: HTTP {status}, not JSON ({e}): {text:.200}")
        })?;
        let value = json.get("value").cloned().unwrap_or(Value::Null);
        match value.get("error").and_then(Value::as_str) {
            Some(error) => {
                let message = value.get("message").and_then(Value::as_str).unwrap_or("");
                Err(format!("{what}: {error}: {message}"))
            }
            None if !(200..300).contains(&status) => Err(format!("{what}: HTTP {status}: {json}")),
            None => Ok(value),
        }
    }

    /// One HTTP request and its answer: the status code and the body.
    fn exchange(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect_timeout(&self.addr, CONNECT_TIMEOUT)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\
             Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n",
            self.addr,
            body.len(),
        );
        stream.write_all(request.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        stream.flush()?;

        let mut reader = BufReader::new(stream);
        let head = read_head(&mut reader)?;
        let status = head
            .start
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("bad status line {:?}", head.start),
                )
            })?;
        let mut text = Vec::new();
        // chromedriver sends Content-Length; without one, the body ends when it closes.
        match head.content_length() {
            Some(length) => {
                reader.take(length).read_to_end(&mut text)?;
                if text.len() as u64 != length {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
            }
            None => {
                reader.read_to_end(&mut text)?;
            }
        }
        Ok((status, text))
    }
}
