//! Quoted scalars as kubectl reads them. go-yaml v2 (`scannerc.go`,
//! `yaml_parser_scan_flow_scalar`) checks no indentation on the continuation lines of a quoted
//! scalar, only that none starts with a document marker; granit-parser, like the YAML spec
//! (`s-flow-line-prefix`), refuses a continuation line not indented past its block:
//!
//! ```yaml
//! metadata:
//!   annotations:
//!     note: 'first line
//!     second line'
//! ```
//!
//! A document refused for that alone is read again from a copy in which each such line is
//! indented further. A continuation line's leading blanks are not part of the value, so every
//! value is the one kubectl reads; positions are mapped back to the text as written.

use super::builder::Documents;
use super::error::SyntaxError;
use super::limits::Limits;
use super::tree::{Document, Node, NodeKind, Pos, Scalar};

/// Bytes read again, all copies together, before the document's error is reported as it was:
/// each copy indents the continuation lines of one more scalar, so a document with many costs
/// its size times their number.
const MAX_REREAD_BYTES: usize = 32 << 20;
/// The most blanks added to one line.
const MAX_PAD: usize = 4096;

/// Blanks added at the start of a line of the text as written.
#[derive(Debug, Clone, Copy)]
struct Padded {
    /// Offset of the line's start in the text.
    at: usize,
    /// 1-based line.
    line: u32,
    blanks: usize,
}

/// How positions in a padded copy of the text, from `base` on, map back to the text.
#[derive(Debug, Clone, Default)]
pub(super) struct Shifts {
    /// Offset of the copy's start in the text (a line start).
    base: usize,
    /// Lines before it.
    base_line: u32,
    /// Sorted by `at`.
    padded: Vec<Padded>,
}

impl Shifts {
    /// The text position of a position in the copy (`offset`, 1-based `line`, 0-based `col`).
    pub(super) fn map(&self, offset: usize, line: usize, col: usize) -> Pos {
        let mut offset = offset + self.base;
        let line = u32::try_from(line)
            .unwrap_or(u32::MAX)
            .saturating_add(self.base_line);
        let mut col = col;
        for p in &self.padded {
            if offset < p.at + p.blanks {
                break;
            }
            offset -= p.blanks;
            if p.line == line {
                col = col.saturating_sub(p.blanks);
            }
        }
        Pos {
            offset,
            line,
            column: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }

    /// The copy: `text` from `base` with the blanks added.
    fn copy(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() - self.base + MAX_PAD);
        let mut from = self.base;
        for p in &self.padded {
            out.push_str(&text[from..p.at]);
            out.extend(std::iter::repeat_n(' ', p.blanks));
            from = p.at;
        }
        out.push_str(&text[from..]);
        out
    }
}

/// Reads again the document starting on the line of `start`, refused at `error` for an
/// under-indented quoted-scalar line. `index` is the document's index in its stream. Gives the
/// document, or the error that stands (mapped to the text).
pub(super) fn reread<'a>(
    text: &'a str,
    start: usize,
    error: SyntaxError,
    limits: &Limits,
    index: usize,
) -> Result<Document<'a>, SyntaxError> {
    let Some(before) = text.get(..start) else {
        return Err(error);
    };
    let base = before.rfind('\n').map_or(0, |i| i + 1);
    let base_line = u32::try_from(text[..base].matches('\n').count()).unwrap_or(u32::MAX);
    let mut shifts = Shifts {
        base,
        base_line,
        padded: Vec::new(),
    };
    // The document ends before the next document marker (one cannot be inside a scalar).
    let end = text[base..]
        .match_indices('\n')
        .map(|(i, _)| base + i + 1)
        .find(|&i| text[i..].starts_with("---") || text[i..].starts_with("..."))
        .unwrap_or(text.len());
    let text_of_document = &text[..end];
    // A document with one such scalar often has hundreds (generated CRDs): indent them all at
    // once, and one scalar per read only where that guess is wrong.
    shifts.padded = guess(text_of_document, base, base_line);
    let mut guessing = !shifts.padded.is_empty();
    let mut at = error.pos;
    let mut budget = MAX_REREAD_BYTES;
    while let Some(left) = budget.checked_sub(end - base) {
        budget = left;
        if !guessing && !pad(text_of_document, &mut shifts, at) {
            return Err(error);
        }
        let copy = shifts.copy(text_of_document);
        let mut docs = Documents::reading_copy(&copy, limits, shifts.clone(), index);
        match docs.next_document_or_indent_error() {
            Ok(Some(doc)) => return Ok(over(doc, text)),
            Ok(None) => return Err(error),
            Err((e, true)) => at = e.pos,
            // The guess broke something: read one scalar at a time instead.
            Err(_) if guessing => {
                shifts.padded.clear();
                at = error.pos;
            }
            Err((e, false)) => return Err(e),
        }
        guessing = false;
    }
    Err(error)
}

/// The continuation lines of the multi-line quoted scalars of a document (`text[base..]`) that
/// start a block mapping's value or a block sequence's item, indented to their opening quote's
/// column. A line scan, not a parser: it follows block scalars (whose lines are content) and
/// gives up at a flow collection that spans lines; the document is read again to check.
fn guess(text: &str, base: usize, base_line: u32) -> Vec<Padded> {
    let mut out = Vec::new();
    // Inside a quoted scalar: its quote and the column to indent to.
    let mut quoted: Option<(char, usize)> = None;
    // Inside a block scalar: the indentation its lines are deeper than.
    let mut block: Option<usize> = None;
    let mut at = base;
    for (n, line) in text[base..].split_inclusive('\n').enumerate() {
        let start = at;
        at += line.len();
        let indent = indentation(line);
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            continue;
        }
        if let Some((quote, column)) = quoted {
            if indent < column {
                out.push(Padded {
                    at: start,
                    line: base_line.saturating_add(u32::try_from(n + 1).unwrap_or(u32::MAX)),
                    blanks: column - indent,
                });
            }
            if closing(&content[indent..], quote).is_some() {
                quoted = None;
            }
            continue;
        }
        match block {
            Some(parent) if indent > parent => continue,
            _ => block = None,
        }
        let Some((column, value)) = value_of(content, indent) else {
            continue;
        };
        match value.chars().next() {
            Some(quote @ ('\'' | '"')) if closing(&value[1..], quote).is_none() => {
                quoted = Some((quote, column));
            }
            Some('|' | '>') => block = Some(indent),
            Some('[' | '{') if !balanced(value) => return out,
            _ => {}
        }
    }
    out
}

/// Where a line's value starts (its column, and the text from there): after the `- ` of
/// sequence items and the `: ` of a plain key, past an anchor or a tag. `None` for comments and
/// for keys that are quoted or end the line.
fn value_of(content: &str, indent: usize) -> Option<(usize, &str)> {
    let mut rest = &content[indent..];
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start_matches(' ');
    }
    if rest.starts_with(['#', '\'', '"']) {
        return Some((content.len() - rest.len(), rest)).filter(|_| !rest.starts_with('#'));
    }
    if let Some(colon) = rest.find(": ") {
        rest = rest[colon + 2..].trim_start_matches(' ');
    }
    while rest.starts_with(['&', '!']) {
        rest = rest.split_once(' ')?.1.trim_start_matches(' ');
    }
    Some((content.len() - rest.len(), rest))
}

/// Where the quoted text `rest` (after its opening quote) closes, if on this line: `''` is an
/// escaped single quote, `\` escapes in double quotes.
fn closing(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            ('\'', '\'') if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            ('"', '\\') => {
                chars.next();
            }
            (q, c) if q == c => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a flow collection closes on its line (brackets counted outside quotes).
fn balanced(value: &str) -> bool {
    let mut depth = 0i32;
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            '\'' | '"' => match closing(rest, c) {
                Some(i) => rest = &rest[i + 1..],
                None => return false,
            },
            _ => {}
        }
    }
    depth <= 0
}

/// Indents the line of `at` (a continuation line's first character) and the next lines up to
/// the first with a quote (where the scalar may end) past the scalar's block. The line before
/// them is the scalar's first (its key, or the quote itself, at or past the block's
/// indentation) or a continuation line already past it: one column past its first character
/// is enough, except after a `- ` (`- key: 'a`), where one past its end always is. False when
/// nothing more can be done.
fn pad(text: &str, shifts: &mut Shifts, at: Pos) -> bool {
    let Some(before) = text.get(..at.offset) else {
        return false;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let Some((previous_start, previous)) = previous_line(text, shifts.base, line_start) else {
        return false;
    };
    let added = |shifts: &Shifts, at: usize| {
        shifts
            .padded
            .iter()
            .find(|p| p.at == at)
            .map_or(0, |p| p.blanks)
    };
    let again = added(shifts, line_start) > 0;
    let previous_added = added(shifts, previous_start);
    let target = match again {
        false => indentation(previous) + previous_added + 1,
        true => previous.chars().count() + previous_added + 1,
    };
    if again && indentation(&text[line_start..]) + added(shifts, line_start) >= target {
        return false;
    }
    let mut start = line_start;
    let mut line = at.line;
    for text_line in text[line_start..].split_inclusive('\n') {
        let indent = indentation(text_line);
        if !text_line.trim().is_empty() && indent < target {
            let padded = Padded {
                at: start,
                line,
                blanks: target - indent,
            };
            if padded.blanks > MAX_PAD {
                return false;
            }
            match shifts.padded.binary_search_by_key(&start, |p| p.at) {
                Ok(i) => shifts.padded[i] = padded,
                Err(i) => shifts.padded.insert(i, padded),
            }
        }
        if text_line.contains(['\'', '"']) {
            break;
        }
        start += text_line.len();
        line = line.saturating_add(1);
    }
    true
}

/// The last non-blank line that ends before `end` (a line start), from `base` on: its start
/// and text.
fn previous_line(text: &str, base: usize, mut end: usize) -> Option<(usize, &str)> {
    while end > base {
        let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1).max(base);
        let line = &text[start..end - 1];
        if !line.trim().is_empty() {
            return Some((start, line));
        }
        end = start;
    }
    None
}

/// Leading spaces, in columns.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The document read from the copy, over the text: values owned, positions already mapped.
fn over<'a>(doc: Document<'_>, text: &'a str) -> Document<'a> {
    let nodes = doc
        .nodes
        .into_iter()
        .map(|node| Node {
            span: node.span,
            kind: match node.kind {
                NodeKind::Scalar(s) => NodeKind::Scalar(Scalar {
                    value: s.value.into_owned().into(),
                    style: s.style,
                    tag: s.tag,
                }),
                NodeKind::Sequence(items) => NodeKind::Sequence(items),
                NodeKind::Mapping(entries) => NodeKind::Mapping(entries),
                NodeKind::Alias(target) => NodeKind::Alias(target),
            },
        })
        .collect();
    Document {
        index: doc.index,
        nodes,
        root: doc.root,
        span: doc.span,
        duplicate_keys: doc.duplicate_keys,
        anchored: doc.anchored,
        source: text,
    }
}
