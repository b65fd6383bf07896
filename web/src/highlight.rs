//! YAML colouring, one line at a time. An approximation on purpose (no state across lines, so
//! any visible line is coloured without reading the lines before it), but plain scalars get
//! the type kubectl gives them: `yes` is coloured as the boolean YAML 1.1 makes it.

use std::ops::Range;

use pullpolicy_core::yaml::{ScalarType, resolve_plain};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Comment,
    Key,
    String,
    Number,
    /// Booleans and null.
    Literal,
    /// `&anchor`, `*alias`, `!tag`.
    Meta,
    /// `-`, `:`, `|`, `>`, brackets, `---`.
    Punct,
}

impl Token {
    pub fn class(self) -> &'static str {
        match self {
            Token::Comment => "t-comment",
            Token::Key => "t-key",
            Token::String => "t-string",
            Token::Number => "t-number",
            Token::Literal => "t-literal",
            Token::Meta => "t-meta",
            Token::Punct => "t-punct",
        }
    }
}

/// The coloured ranges of one line (byte ranges, in order, not overlapping).
pub fn line(text: &str) -> Vec<(Range<usize>, Token)> {
    let mut out = Vec::new();
    let mut at = text.len() - text.trim_start_matches([' ', '\t']).len();
    let rest = &text[at..];
    if rest.starts_with("---") || rest.starts_with("...") {
        out.push((at..at + 3, Token::Punct));
        at += 3;
    }
    // Sequence dashes, possibly nested (`- - a`).
    while text[at..].starts_with("- ") || &text[at..] == "-" {
        out.push((at..at + 1, Token::Punct));
        at = skip_spaces(text, at + 1);
    }
    if let Some(colon) = key_end(text, at) {
        let quoted = matches!(text.as_bytes().get(at), Some(b'"' | b'\''));
        let token = if quoted { Token::String } else { Token::Key };
        out.push((at..colon, token));
        out.push((colon..colon + 1, Token::Punct));
        at = skip_spaces(text, colon + 1);
    }
    value(text, at, &mut out);
    out
}

/// Where the key's `:` is, when the line at `at` is `key: ...`.
fn key_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    if let Some(&quote @ (b'"' | b'\'')) = bytes.get(at) {
        i = quoted_end(text, at, quote)?;
        return (bytes.get(i) == Some(&b':')
            && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')))
        .then_some(i);
    }
    if matches!(
        bytes.get(at),
        None | Some(b'#' | b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>')
    ) {
        return None;
    }
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => return Some(i),
            b'#' if i > at && bytes[i - 1] == b' ' => return None,
            _ => i += 1,
        }
    }
    None
}

/// The index just past the closing quote of a quoted scalar starting at `at`.
fn quoted_end(text: &str, at: usize, quote: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn value(text: &str, mut at: usize, out: &mut Vec<(Range<usize>, Token)>) {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let start = at;
        match bytes[at] {
            b' ' | b'\t' => {
                at += 1;
                continue;
            }
            b'#' if at == 0 || matches!(bytes[at - 1], b' ' | b'\t') => {
                out.push((at..bytes.len(), Token::Comment));
                return;
            }
            q @ (b'"' | b'\'') => {
                at = quoted_end(text, at, q).unwrap_or(bytes.len());
                out.push((start..at, Token::String));
            }
            b'&' | b'*' | b'!' => {
                at = word_end(text, at);
                out.push((start..at, Token::Meta));
            }
            b'|' | b'>' | b'[' | b']' | b'{' | b'}' | b',' | b'-' if punct_here(text, at) => {
                at += 1;
                out.push((start..at, Token::Punct));
            }
            b':' => {
                at += 1;
                out.push((start..at, Token::Punct));
            }
            _ => {
                at = plain_end(text, at);
                let plain = text[start..at].trim_end();
                let token = match resolve_plain(plain) {
                    ScalarType::Bool | ScalarType::Null => Some(Token::Literal),
                    ScalarType::Number => Some(Token::Number),
                    ScalarType::String => None,
                };
                if let Some(token) = token {
                    out.push((start..start + plain.len(), token));
                }
            }
        }
    }
}

/// `-` is punctuation only as a dash (`- `); `|` and `>` only as block indicators.
fn punct_here(text: &str, at: usize) -> bool {
    let next = text.as_bytes().get(at + 1);
    match text.as_bytes()[at] {
        b'-' => matches!(next, None | Some(b' ')),
        b'|' | b'>' => matches!(next, None | Some(b' ' | b'-' | b'+' | b'0'..=b'9')),
        _ => true,
    }
}

fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .find([' ', ',', ']', '}'])
        .map_or(text.len(), |i| at + i)
}

/// A plain scalar ends at ` #`, and inside flow collections at `,` `]` `}` or `: `.
fn plain_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b',' | b']' | b'}' => return i,
            b'#' if i > at && matches!(bytes[i - 1], b' ' | b'\t') => return i,
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => return i,
            _ => i += 1,
        }
    }
    i
}

fn skip_spaces(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `token:text` for each coloured range.
    fn show(text: &str) -> Vec<String> {
        line(text)
            .into_iter()
            .map(|(r, t)| format!("{}:{}", t.class().trim_start_matches("t-"), &text[r]))
            .collect()
    }

    #[test]
    fn colours_keys_values_and_comments() {
        assert_eq!(
            show("    - name: app # the app"),
            ["punct:-", "key:name", "punct::", "comment:# the app"]
        );
        assert_eq!(
            show("  replicas: 3"),
            ["key:replicas", "punct::", "number:3"]
        );
        assert_eq!(
            show("  enabled: yes  # YAML 1.1"),
            [
                "key:enabled",
                "punct::",
                "literal:yes",
                "comment:# YAML 1.1"
            ]
        );
        assert_eq!(
            show("image: \"nginx:1.25\" "),
            ["key:image", "punct::", "string:\"nginx:1.25\""]
        );
        assert_eq!(show("---"), ["punct:---"]);
        assert_eq!(show("# only a comment"), ["comment:# only a comment"]);
        assert_eq!(
            show("base: &base {a: 1, b: [x, null]}"),
            [
                "key:base",
                "punct::",
                "meta:&base",
                "punct:{",
                "punct::",
                "number:1",
                "punct:,",
                "punct::",
                "punct:[",
                "punct:,",
                "literal:null",
                "punct:]",
                "punct:}"
            ]
        );
        assert_eq!(show("  script: |"), ["key:script", "punct::", "punct:|"]);
        assert_eq!(show("'quoted key': v"), ["string:'quoted key'", "punct::"]);
        assert_eq!(show("url: http://x#y"), ["key:url", "punct::"]);
    }

    #[test]
    fn never_panics_on_odd_lines() {
        for text in [
            "\"unterminated",
            "- ",
            "-",
            ":",
            "a:",
            "'it''s",
            "\\",
            "é: ü",
            "&",
            "key: \"a\\",
        ] {
            let ranges = line(text);
            let mut end = 0;
            for (r, _) in ranges {
                assert!(
                    r.start >= end && r.end <= text.len() && r.start <= r.end,
                    "{text}"
                );
                end = r.end;
            }
        }
    }
}
