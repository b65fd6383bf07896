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

/// Lines indented again before the document's error is reported as it was.
const MAX_LINES: usize = 64;
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
        let line = u32::try_from(line).unwrap_or(u32::MAX).saturating_add(self.base_line);
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
    let base = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let base_line = u32::try_from(text[..base].matches('\n').count()).unwrap_or(u32::MAX);
    let mut shifts = Shifts {
        base,
        base_line,
        padded: Vec::new(),
    };
    let mut at = error.pos;
    for _ in 0..MAX_LINES {
        let Some(padded) = pad(text, &shifts, at) else {
            return Err(error);
        };
        let i = shifts.padded.partition_point(|p| p.at < padded.at);
        shifts.padded.insert(i, padded);
        let copy = shifts.copy(text);
        let mut docs = Documents::reading_copy(&copy, limits, shifts.clone(), index);
        match docs.next_document_or_indent_error() {
            Ok(Some(doc)) => return Ok(over(doc, text)),
            Ok(None) => return Err(error),
            Err((e, true)) => at = e.pos,
            Err((e, false)) => return Err(e),
        }
    }
    Err(error)
}

/// Blanks that put the line of `at` (a continuation line's first character) past its block:
/// as far in as the previous non-blank line is long. That line is the scalar's first (its
/// opening quote is past the block's indentation) or a continuation line already past it.
fn pad(text: &str, shifts: &Shifts, at: Pos) -> Option<Padded> {
    let line_start = text[..at.offset].rfind('\n').map_or(0, |i| i + 1);
    if line_start < shifts.base || shifts.padded.iter().any(|p| p.at == line_start) {
        return None;
    }
    let indent = text[line_start..at.offset].chars().count();
    // The previous non-blank line, within the document.
    let mut end = line_start;
    let (previous_start, previous) = loop {
        if end <= shifts.base {
            return None;
        }
        let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1).max(shifts.base);
        let line = &text[start..end - 1];
        if !line.trim().is_empty() {
            break (start, line);
        }
        end = start;
    };
    let already = shifts
        .padded
        .iter()
        .find(|p| p.at == previous_start)
        .map_or(0, |p| p.blanks);
    let blanks = (previous.chars().count() + already + 1).checked_sub(indent)?;
    (blanks <= MAX_PAD).then_some(Padded {
        at: line_start,
        line: at.line,
        blanks,
    })
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
