//! A [`Document`] read straight from JSON text. An admission payload is JSON; decoding it into a
//! `serde_json::Value` and then building a tree from the value costs more than every rule
//! together, so the tree is built from the bytes in one pass. Spans index the text the host sent,
//! and every node can be traced back to its JSON pointer, which is how mutations name the field
//! to change.
//!
//! The grammar is RFC 8259, read as strictly as `serde_json` reads it (no comments, no trailing
//! commas, escapes and surrogate pairs checked, nothing after the value). Duplicate keys are kept
//! as written; lookups take the last one, as `serde_json` and the API server's decoder do.

use std::borrow::Cow;

use super::error::{SyntaxError, SyntaxErrorKind};
use super::limits::Limits;
use super::tree::{Document, Node, NodeId, NodeKind, Pos, Scalar, ScalarStyle, Span};

/// A document read from JSON text, with the way back from each node to its JSON pointer.
#[derive(Debug, Clone)]
pub struct JsonDocument<'a> {
    pub doc: Document<'a>,
    /// Per node: its parent and the key (a node) or index that leads to it (`None` for the root
    /// and for keys).
    steps: Vec<Option<(NodeId, Step)>>,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Key(NodeId),
    Index(u32),
}

/// An entry to leave out of the tree wherever it appears: `(parent key, key)`, e.g.
/// `("metadata", "managedFields")`, the API server's bookkeeping that no rule reads. Its text is
/// still checked and stays in the source.
pub type Omit<'o> = &'o [(&'o str, &'o str)];

impl<'a> JsonDocument<'a> {
    /// Reads `text` as one JSON value. Fails on anything `serde_json` refuses, and beyond
    /// `limits` (size, depth, node count), with the position.
    pub fn parse(text: &'a str, limits: &Limits) -> Result<Self, SyntaxError> {
        Self::parse_omitting(text, &[], limits)
    }

    /// As [`JsonDocument::parse`], without the entries `omit` names.
    pub fn parse_omitting(
        text: &'a str,
        omit: Omit<'_>,
        limits: &Limits,
    ) -> Result<Self, SyntaxError> {
        if text.len() > limits.max_input_bytes {
            let (size, limit) = (text.len(), limits.max_input_bytes);
            return Err(SyntaxError::at_start(SyntaxErrorKind::InputTooLarge {
                size,
                limit,
            }));
        }
        // About one node per 12 bytes of Kubernetes JSON; reserving that saves the copies of
        // growing (bounded, so a huge input does not reserve before it is read).
        let expected = (text.len() / 12).min(1 << 16);
        let mut reader = Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
            continuation: 0,
            nodes: Vec::with_capacity(expected),
            steps: Vec::with_capacity(expected),
            items: Vec::new(),
            entries: Vec::new(),
            limits,
            omit,
        };
        reader.space();
        let start = reader.pos();
        reader.value(None, 0, None)?;
        reader.space();
        if reader.at < reader.bytes.len() {
            return Err(reader.error("trailing characters after the JSON value"));
        }
        let end = reader.pos();
        let Reader { nodes, steps, .. } = reader;
        let doc = Document {
            index: 1,
            root: Some(NodeId(0)),
            nodes,
            span: Span { start, end },
            duplicate_keys: Vec::new(),
            anchored: Vec::new(),
            source: text,
        };
        Ok(JsonDocument { doc, steps })
    }

    /// The RFC 6901 JSON pointer of a node (`/spec/containers/0`); `""` for the root.
    pub fn pointer(&self, id: NodeId) -> String {
        self.pointer_from(NodeId(0), id)
    }

    /// The JSON pointer of a node within the value at `from` (an object inside a payload).
    pub fn pointer_from(&self, from: NodeId, mut id: NodeId) -> String {
        let mut steps = Vec::new();
        while id != from
            && let Some(Some((parent, step))) = self.steps.get(id.0 as usize)
        {
            steps.push(*step);
            id = *parent;
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            out.push('/');
            match step {
                Step::Key(key) => {
                    let key = self.doc.scalar(*key).map_or("", |s| &s.value);
                    out.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Step::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// The JSON text of a node, exactly as written.
    pub fn text_of(&self, id: NodeId) -> &'a str {
        self.doc.source_of(id)
    }
}

struct Reader<'a, 'l> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: u32,
    line_start: usize,
    /// UTF-8 continuation bytes between `line_start` and `at`: columns count characters, and
    /// outside strings JSON is ASCII, so only strings add to this.
    continuation: usize,
    nodes: Vec<Node<'a>>,
    steps: Vec<Option<(NodeId, Step)>>,
    /// Items and entries of the collections being read, innermost last: each collection takes
    /// its own when it closes, so every list is allocated once, at its final size.
    items: Vec<NodeId>,
    entries: Vec<(NodeId, NodeId)>,
    limits: &'l Limits,
    omit: Omit<'l>,
}

impl<'a> Reader<'a, '_> {
    fn pos(&self) -> Pos {
        let column = self.at - self.line_start - self.continuation + 1;
        Pos {
            offset: self.at,
            line: self.line,
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError::new(SyntaxErrorKind::Json(message.to_owned()), self.pos())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips whitespace (the four bytes JSON allows), counting lines.
    fn space(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                    self.continuation = 0;
                }
                _ => break,
            }
        }
    }

    /// Adds a node (its kind filled in when it closes) and returns its id.
    fn push(&mut self, step: Option<(NodeId, Step)>) -> Result<NodeId, SyntaxError> {
        if self.nodes.len() >= self.limits.max_nodes {
            let limit = self.limits.max_nodes;
            return Err(SyntaxError::new(
                SyntaxErrorKind::TooManyNodes { limit },
                self.pos(),
            ));
        }
        let start = self.pos();
        // Fits: the node limit keeps ids far below u32::MAX.
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind: NodeKind::Sequence(Vec::new()),
            span: Span { start, end: start },
        });
        self.steps.push(step);
        Ok(id)
    }

    fn close(&mut self, id: NodeId, kind: NodeKind<'a>) {
        let end = self.pos();
        let node = &mut self.nodes[id.0 as usize];
        node.kind = kind;
        node.span.end = end;
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= self.limits.max_depth {
            let limit = self.limits.max_depth;
            return Err(SyntaxError::new(
                SyntaxErrorKind::TooDeep { limit },
                self.pos(),
            ));
        }
        Ok(())
    }

    /// One value at `at` (whitespace already skipped). `key`: the key it is the value of.
    fn value(
        &mut self,
        step: Option<(NodeId, Step)>,
        depth: usize,
        key: Option<&str>,
    ) -> Result<NodeId, SyntaxError> {
        match self.peek() {
            Some(b'{') => self.object(step, depth, key),
            Some(b'[') => self.array(step, depth),
            Some(b'"') => {
                let id = self.push(step)?;
                let value = self.string()?;
                self.close(id, scalar(value, ScalarStyle::DoubleQuoted));
                Ok(id)
            }
            Some(_) => {
                let id = self.push(step)?;
                let text = self.bare()?;
                // JSON's `true`, `false`, `null` and numbers are plain YAML scalars of the same
                // types (every JSON number matches YAML 1.1's number patterns).
                self.close(id, scalar(Cow::Borrowed(text), ScalarStyle::Plain));
                Ok(id)
            }
            None => Err(self.error("expected a value, found the end of the input")),
        }
    }

    fn array(&mut self, step: Option<(NodeId, Step)>, depth: usize) -> Result<NodeId, SyntaxError> {
        self.enter(depth)?;
        let id = self.push(step)?;
        self.at += 1;
        self.space();
        let first = self.items.len();
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                let index = u32::try_from(self.items.len() - first).unwrap_or(u32::MAX);
                let item = self.value(Some((id, Step::Index(index))), depth + 1, None)?;
                self.items.push(item);
                self.space();
                if self.separator(b']')? {
                    break;
                }
            }
        }
        let items = self.items.split_off(first);
        self.close(id, NodeKind::Sequence(items));
        Ok(id)
    }

    fn object(
        &mut self,
        step: Option<(NodeId, Step)>,
        depth: usize,
        parent_key: Option<&str>,
    ) -> Result<NodeId, SyntaxError> {
        self.enter(depth)?;
        let id = self.push(step)?;
        self.at += 1;
        self.space();
        let first = self.entries.len();
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a string key"));
                }
                let k = self.push(None)?;
                let key = self.string()?;
                let omitted = parent_key
                    .is_some_and(|parent| self.omit.iter().any(|&(p, o)| p == parent && o == key));
                self.close(k, scalar(key, ScalarStyle::DoubleQuoted));
                self.space();
                if self.peek() != Some(b':') {
                    return Err(self.error("expected `:` after a key"));
                }
                self.at += 1;
                self.space();
                if omitted {
                    // The key's node is the last one: drop it with its value.
                    self.nodes.pop();
                    self.steps.pop();
                    self.skip(depth + 1)?;
                } else {
                    let key = self.doc_key(k);
                    let v = self.value(Some((id, Step::Key(k))), depth + 1, key)?;
                    self.entries.push((k, v));
                }
                self.space();
                if self.separator(b'}')? {
                    break;
                }
            }
        }
        let entries = self.entries.split_off(first);
        self.close(id, NodeKind::Mapping(entries));
        Ok(id)
    }

    /// A key's text when an omitted entry could sit below it (borrowed from the source).
    fn doc_key(&self, key: NodeId) -> Option<&'a str> {
        let span = self.nodes[key.0 as usize].span;
        let inner = self.text.get(span.start.offset + 1..span.end.offset - 1)?;
        let omits = self.omit.iter().any(|&(parent, _)| parent == inner);
        omits.then_some(inner)
    }

    /// After an item: `,` (another follows) or `close` (the collection ends); `true` at the end.
    fn separator(&mut self, close: u8) -> Result<bool, SyntaxError> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.space();
                if matches!(self.peek(), Some(b']' | b'}')) {
                    return Err(self.error("trailing comma"));
                }
                Ok(false)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(true)
            }
            _ if close == b']' => Err(self.error("expected `,` or `]`")),
            _ => Err(self.error("expected `,` or `}`")),
        }
    }

    /// Checks a value without building nodes for it (an omitted entry).
    fn skip(&mut self, depth: usize) -> Result<(), SyntaxError> {
        let (open, close) = match self.peek() {
            Some(b'"') => return self.skip_string(),
            Some(b'[') => (b'[', b']'),
            Some(b'{') => (b'{', b'}'),
            Some(_) => return self.bare().map(drop),
            None => return Err(self.error("expected a value, found the end of the input")),
        };
        self.enter(depth)?;
        self.at += 1;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            if open == b'{' {
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a string key"));
                }
                self.skip_string()?;
                self.space();
                if self.peek() != Some(b':') {
                    return Err(self.error("expected `:` after a key"));
                }
                self.at += 1;
                self.space();
            }
            self.skip(depth + 1)?;
            self.space();
            if self.separator(close)? {
                return Ok(());
            }
        }
    }

    /// `true`, `false`, `null` or a number.
    fn bare(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.at;
        for word in ["true", "false", "null"] {
            if self.bytes[start..].starts_with(word.as_bytes()) {
                self.at += word.len();
                return Ok(word);
            }
        }
        self.number()?;
        Ok(&self.text[start..self.at])
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a value")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), SyntaxError> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.error("invalid number: expected a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string at `at` (on its opening quote): borrowed from the text unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.at += 1;
        let start = self.at;
        self.run()?;
        if self.peek() == Some(b'"') {
            self.at += 1;
            return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(_) => {
                    self.at += 1;
                    out.push(self.escape()?);
                    let from = self.at;
                    self.run()?;
                    out.push_str(&self.text[from..self.at]);
                }
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Checks a string without decoding it.
    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        self.at += 1;
        loop {
            self.run()?;
            if self.peek() == Some(b'"') {
                self.at += 1;
                return Ok(());
            }
            self.at += 1;
            self.escape()?;
        }
    }

    /// Moves over string bytes up to the next quote or backslash (both ASCII, so the run is whole
    /// characters), refusing control characters and counting continuation bytes.
    fn run(&mut self) -> Result<(), SyntaxError> {
        let rest = &self.bytes[self.at..];
        let mut continuation = 0;
        let mut n = 0;
        // Eight bytes at a time; in the word with the end, the lowest flagged byte is it.
        while let Some(Ok(chunk)) = rest.get(n..n + 8).map(<[u8; 8]>::try_from) {
            let word = u64::from_le_bytes(chunk);
            let ends = run_ends(word);
            if ends != 0 {
                let first = (ends.trailing_zeros() / 8) as usize;
                continuation += continuation_bytes(word & ((1 << (8 * first)) - 1));
                n += first;
                break;
            }
            continuation += continuation_bytes(word);
            n += 8;
        }
        // The last few bytes of the input.
        while let Some(&b) = rest
            .get(n)
            .filter(|&&b| b != b'"' && b != b'\\' && b >= 0x20)
        {
            continuation += usize::from(b & 0xC0 == 0x80);
            n += 1;
        }
        self.at += n;
        self.continuation += continuation;
        match rest.get(n) {
            None => Err(self.error("unterminated string")),
            Some(&b) if b < 0x20 => Err(self.error("control character in a string (escape it)")),
            Some(_) => Ok(()),
        }
    }

    /// The character an escape stands for (`at` just after the backslash).
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                return self.unicode_escape();
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.at += 1;
        Ok(c)
    }

    /// `\uXXXX`, and the `\uXXXX` of a surrogate pair's second half.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in hex escape")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid escape"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape: expected 4 hex digits"))?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid escape"))
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `word` that end a run (a quote, a backslash, a control character) flagged by
/// their high bit. Only the lowest flag is exact: a borrow may flag bytes above it.
fn run_ends(word: u64) -> u64 {
    // A byte below `n` (n <= 0x80) sets its high bit in `(x - n) & !x` (Hacker's Delight 6-1).
    let below = |x: u64, n: u64| x.wrapping_sub(n * ONES) & !x & HIGH;
    below(word ^ (u64::from(b'"') * ONES), 1)
        | below(word ^ (u64::from(b'\\') * ONES), 1)
        | below(word, 0x20)
}

/// How many of the eight bytes of `word` are UTF-8 continuation bytes (`10xxxxxx`).
fn continuation_bytes(word: u64) -> usize {
    (word & !(word << 1) & HIGH).count_ones() as usize
}

fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> NodeKind<'_> {
    NodeKind::Scalar(Scalar {
        value,
        style,
        tag: None,
    })
}

#[cfg(test)]
mod tests;
