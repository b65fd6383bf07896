//! The part of HTTP/1.1 both sides here need: reading a message head (the request line or the
//! status line, and the headers). Bodies are read by the callers: the server ignores request
//! bodies (GET and HEAD only), the WebDriver client reads `Content-Length` bytes.

use std::io::{self, BufRead, Read};

/// A head larger than this is refused: nothing we talk to sends one.
const MAX_HEAD: u64 = 64 * 1024;

/// A message head: its first line, and its headers in order.
#[derive(Debug)]
pub struct Head {
    pub start: String,
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `Content-Length`, when present and a number.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length")?.trim().parse().ok()
    }
}

/// Reads a head up to and including its blank line. Lines may end in CRLF or LF; a peer that
/// closes before the blank line, or sends too much, is an error.
pub fn read_head(reader: &mut impl BufRead) -> io::Result<Head> {
    let mut limited = reader.take(MAX_HEAD);
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        if limited.read_until(b'\n', &mut line)? == 0 || line.last() != Some(&b'\n') {
            return Err(invalid("the message head ended early or is too large"));
        }
        let line = String::from_utf8_lossy(&line)
            .trim_end_matches(['\r', '\n'])
            .to_owned();
        if line.is_empty() {
            // Tolerate blank lines before the start line (RFC 9112 2.2).
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(line);
    }
    let mut lines = lines.into_iter();
    let start = lines.next().unwrap_or_default();
    let headers = lines
        .map(|line| match line.split_once(':') {
            Some((name, value)) => Ok((name.trim().to_owned(), value.trim().to_owned())),
            None => Err(invalid("a header line without a colon")),
        })
        .collect::<io::Result<_>>()?;
    Ok(Head { start, headers })
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::read_head;

    #[test]
    fn reads_a_head_and_leaves_the_body() {
        let mut input = &b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A:  b \r\n\r\nhi"[..];
        let head = read_head(&mut input).unwrap();
        assert_eq!(head.start, "HTTP/1.1 200 OK");
        assert_eq!(head.content_length(), Some(2));
        assert_eq!(head.header("x-a"), Some("b"));
        assert_eq!(input, b"hi");
    }

    #[test]
    fn refuses_truncated_and_malformed_heads() {
        for bad in [
            &b""[..],
            b"GET / HTTP/1.1\r\n",
            b"GET / HTTP/1.1\r\nHost",
            b"GET / HTTP/1.1\r\nnocolon\r\n\r\n",
        ] {
            assert!(read_head(&mut &bad[..]).is_err(), "{bad:?}");
        }
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(70_000));
        assert!(read_head(&mut huge.as_bytes()).is_err());
    }
}
