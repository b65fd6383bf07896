//! Builds one [`Document`] at a time from granit-parser events, enforcing [`Limits`].
//!
//! Documents are yielded one by one so that memory is bounded by the largest document, not by the
//! stream. After an error the parser skips to the next `---`, so later documents are still read.

use std::collections::HashMap;

use granit_parser::{ErrorKind, Event, Marker, Parser, ScalarStyle as GranitStyle, StrInput};

use super::error::{SyntaxError, SyntaxErrorKind};
use super::lenient::{self, Shifts};
use super::limits::Limits;
use super::scalar::{Tag, resolve_tagged};
use super::tree::{Document, DuplicateKey, Node, NodeId, NodeKind, Pos, Scalar, ScalarStyle, Span};
use crate::base64;

/// Iterates over the documents of a YAML (or JSON) stream: each is a tree or an error.
pub struct Documents<'a> {
    text: &'a str,
    parser: Parser<'a, StrInput<'a>>,
    limits: Limits,
    index: usize,
    done: bool,
    /// An error found before parsing (input too large), reported as the only item.
    pending_error: Option<SyntaxError>,
    /// Where the current document starts.
    document_start: usize,
    /// The last error was an under-indented quoted-scalar line ([`lenient`]).
    quoted_indent: bool,
    /// Set when reading a padded copy of the text: maps positions back to the text.
    shifts: Option<Shifts>,
}

impl<'a> Documents<'a> {
    pub fn new(text: &'a str, limits: &Limits) -> Self {
        let depth = limits.max_depth;
        let options = granit_parser::options! {
            flow_nesting_limit: depth,
            block_nesting_limit: depth,
        };
        let pending_error = (text.len() > limits.max_input_bytes).then(|| {
            SyntaxError::at_start(SyntaxErrorKind::InputTooLarge {
                size: text.len(),
                limit: limits.max_input_bytes,
            })
        });
        Documents {
            text,
            parser: Parser::new_from_str_with_options(text, options),
            limits: limits.clone(),
            index: 0,
            done: false,
            pending_error,
            document_start: 0,
            quoted_indent: false,
            shifts: None,
        }
    }

    /// Reads a padded copy of a text, whose first document has the 1-based `index`.
    pub(super) fn reading_copy(
        copy: &'a str,
        limits: &Limits,
        shifts: Shifts,
        index: usize,
    ) -> Self {
        let mut docs = Documents::new(copy, limits);
        docs.index = index.saturating_sub(1);
        docs.shifts = Some(shifts);
        docs
    }

    /// The next document, or its error and whether it was an under-indented quoted-scalar line.
    pub(super) fn next_document_or_indent_error(
        &mut self,
    ) -> Result<Option<Document<'a>>, (SyntaxError, bool)> {
        self.next_document().map_err(|e| (e, self.quoted_indent))
    }
}

impl<'a> Iterator for Documents<'a> {
    type Item = Result<Document<'a>, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(error) = self.pending_error.take() {
            self.done = true;
            return Some(Err(error));
        }
        if self.done {
            return None;
        }
        match self.next_document() {
            Ok(Some(doc)) => Some(Ok(doc)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                let read = match std::mem::take(&mut self.quoted_indent) {
                    true => lenient::reread(
                        self.text,
                        self.document_start,
                        error,
                        &self.limits,
                        self.index,
                    ),
                    false => Err(error),
                };
                // Skip to the next document; only a clean end or a fatal scanner state stops us.
                if !matches!(self.parser.proceed_next_document(), Ok(true)) {
                    self.done = true;
                }
                Some(read)
            }
        }
    }
}

struct Open {
    node: NodeId,
    key: Option<NodeId>,
}

#[derive(Clone, Copy, Default)]
struct Size {
    /// Nodes in the subtree with aliases expanded (saturating).
    expanded: u64,
    /// Height of the subtree with aliases expanded.
    height: usize,
}

impl<'a> Documents<'a> {
    fn next_event(&mut self) -> Result<Option<(Event<'a>, granit_parser::Span)>, SyntaxError> {
        match self.parser.next_event() {
            None => Ok(None),
            Some(Ok(pair)) => Ok(Some(pair)),
            Some(Err(e)) => {
                let kind = match e.kind() {
                    ErrorKind::RecursionLimitExceeded => SyntaxErrorKind::TooDeep {
                        limit: self.limits.max_depth,
                    },
                    _ => SyntaxErrorKind::Syntax(e.info()),
                };
                self.quoted_indent = matches!(e.kind(), ErrorKind::InvalidQuotedScalarIndent);
                Err(SyntaxError::new(kind, self.pos(e.marker())))
            }
        }
    }

    fn pos(&self, m: &Marker) -> Pos {
        let offset = m.byte_offset().unwrap_or(m.index()).min(self.text.len());
        match &self.shifts {
            None => Pos {
                offset,
                line: u32::try_from(m.line()).unwrap_or(u32::MAX),
                column: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
            },
            Some(shifts) => shifts.map(offset, m.line(), m.col()),
        }
    }

    fn span(&self, s: &granit_parser::Span) -> Span {
        Span {
            start: self.pos(&s.start),
            end: self.pos(&s.end),
        }
    }

    /// Reads events up to the end of the next document. `Ok(None)` at the end of the stream.
    fn next_document(&mut self) -> Result<Option<Document<'a>>, SyntaxError> {
        // Find the next document start.
        let start = loop {
            match self.next_event()? {
                None | Some((Event::StreamEnd, _)) => return Ok(None),
                Some((Event::DocumentStart(..), span)) => {
                    self.document_start = span.start.byte_offset().unwrap_or(span.start.index());
                    break self.span(&span);
                }
                Some(_) => {}
            }
        };
        self.index += 1;
        let mut growing = Growing {
            doc: Document {
                index: self.index,
                nodes: Vec::new(),
                root: None,
                span: start,
                duplicate_keys: Vec::new(),
                anchored: Vec::new(),
                source: self.text,
            },
            sizes: Vec::new(),
            open: Vec::new(),
            anchors: HashMap::new(),
            alias_expansion: 0,
        };
        loop {
            let Some((event, raw_span)) = self.next_event()? else {
                return Ok(Some(growing.doc));
            };
            let span = self.span(&raw_span);
            let limits = &self.limits;
            match event {
                Event::DocumentEnd => return Ok(Some(growing.doc)),
                Event::StreamEnd => {
                    self.done = true;
                    return Ok(Some(growing.doc));
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let scalar = scalar(value, style, tag, span.start)?;
                    growing.add(scalar, anchor, span, limits)?;
                }
                Event::SequenceStart(_, anchor, _) => {
                    growing.add(NodeKind::Sequence(Vec::new()), anchor, span, limits)?;
                }
                Event::MappingStart(_, anchor, _) => {
                    growing.add(NodeKind::Mapping(Vec::new()), anchor, span, limits)?;
                }
                Event::Alias(anchor) => {
                    let alias = growing.alias(anchor, span.start, limits)?;
                    growing.add(alias, 0, span, limits)?;
                }
                Event::SequenceEnd | Event::MappingEnd => growing.close(span.end)?,
                _ => {}
            }
        }
    }
}

/// A document being built from its events, with what the limits are checked against.
struct Growing<'a> {
    doc: Document<'a>,
    /// Of each node, by id.
    sizes: Vec<Size>,
    /// The collections not yet closed, innermost last.
    open: Vec<Open>,
    anchors: HashMap<usize, NodeId>,
    /// Nodes that aliases stand for so far (an alias bomb's count).
    alias_expansion: u64,
}

impl<'a> Growing<'a> {
    /// Adds a node (a collection is opened: the events up to its end are its children), as the
    /// anchor `anchor` when not 0.
    fn add(
        &mut self,
        kind: NodeKind<'a>,
        anchor: usize,
        span: Span,
        limits: &Limits,
    ) -> Result<(), SyntaxError> {
        let opens = matches!(kind, NodeKind::Sequence(_) | NodeKind::Mapping(_));
        if opens && self.open.len() >= limits.max_depth {
            let limit = limits.max_depth;
            return Err(SyntaxError::new(
                SyntaxErrorKind::TooDeep { limit },
                span.start,
            ));
        }
        if self.doc.nodes.len() >= limits.max_nodes {
            let limit = limits.max_nodes;
            return Err(SyntaxError::new(
                SyntaxErrorKind::TooManyNodes { limit },
                span.start,
            ));
        }
        // Fits: the input-size and node limits keep node counts far below u32::MAX.
        let id = NodeId(self.doc.nodes.len() as u32);
        let leaf_size = match &kind {
            NodeKind::Alias(target) => self.sizes[target.0 as usize],
            _ => Size {
                expanded: 1,
                height: 0,
            },
        };
        self.doc.nodes.push(Node { kind, span });
        self.sizes.push(leaf_size);
        if anchor != 0 {
            self.anchors.insert(anchor, id);
            self.doc.anchored.push(id);
        }
        attach(&mut self.doc, &mut self.open, id);
        if opens {
            self.open.push(Open {
                node: id,
                key: None,
            });
        }
        Ok(())
    }

    /// The node an alias stands for, unless it is unknown, recursive, or takes the document
    /// over the alias-expansion or depth limit.
    fn alias(
        &mut self,
        anchor: usize,
        at: Pos,
        limits: &Limits,
    ) -> Result<NodeKind<'a>, SyntaxError> {
        let Some(&target) = self.anchors.get(&anchor) else {
            return Err(SyntaxError::new(SyntaxErrorKind::UnknownAlias, at));
        };
        if self.open.iter().any(|o| o.node == target) {
            return Err(SyntaxError::new(SyntaxErrorKind::RecursiveAlias, at));
        }
        let size = self.sizes[target.0 as usize];
        self.alias_expansion = self.alias_expansion.saturating_add(size.expanded);
        if self.alias_expansion > limits.max_alias_expansion {
            let limit = limits.max_alias_expansion;
            return Err(SyntaxError::new(
                SyntaxErrorKind::TooManyAliases { limit },
                at,
            ));
        }
        if self.open.len() + size.height > limits.max_depth {
            let limit = limits.max_depth;
            return Err(SyntaxError::new(SyntaxErrorKind::TooDeep { limit }, at));
        }
        Ok(NodeKind::Alias(target))
    }

    /// Closes the innermost collection at `end`: its size, and for a mapping its merge keys
    /// and duplicate keys.
    fn close(&mut self, end: Pos) -> Result<(), SyntaxError> {
        let Some(closed) = self.open.pop() else {
            return Ok(());
        };
        let doc = &mut self.doc;
        doc.nodes[closed.node.0 as usize].span.end = end;
        self.sizes[closed.node.0 as usize] = size_of(doc, &self.sizes, closed.node);
        if let NodeKind::Mapping(entries) = &doc.node(closed.node).kind {
            let bad_merge = entries
                .iter()
                .find(|&&(k, v)| doc.is_merge_key(k) && !doc.is_valid_merge_value(v));
            if let Some(&(_, v)) = bad_merge {
                let at = doc.node(v).span.start;
                return Err(SyntaxError::new(SyntaxErrorKind::InvalidMerge, at));
            }
            find_duplicate_keys(doc, closed.node);
        }
        Ok(())
    }
}

/// A scalar's node: its tag resolved (a value the tag does not allow is an error) and
/// `!!binary` decoded.
fn scalar<'a>(
    mut value: std::borrow::Cow<'a, str>,
    style: GranitStyle,
    tag: Option<std::borrow::Cow<'a, granit_parser::Tag>>,
    at: Pos,
) -> Result<NodeKind<'a>, SyntaxError> {
    let tag =
        tag.map(|t| Tag::from_core_suffix(t.suffix_in_namespace("tag:yaml.org,2002:").as_deref()));
    if let Some(tag) = tag {
        let decode = |m| SyntaxError::new(SyntaxErrorKind::Decode(m), at);
        resolve_tagged(tag, &value).map_err(decode)?;
        if tag == Tag::Binary {
            let Some(bytes) = base64::decode(&value) else {
                let m = "!!binary value contains invalid base64 data";
                return Err(decode(m.to_owned()));
            };
            value = String::from_utf8_lossy(&bytes).into_owned().into();
        }
    }
    Ok(NodeKind::Scalar(Scalar {
        value,
        style: style_of(style),
        tag,
    }))
}

/// A node's size, from its children's: how many nodes it stands for, and how deep it goes.
fn size_of(doc: &Document<'_>, sizes: &[Size], id: NodeId) -> Size {
    let add = |acc: Size, child: &NodeId| {
        let c = sizes[child.0 as usize];
        Size {
            expanded: acc.expanded.saturating_add(c.expanded),
            height: acc.height.max(c.height + 1),
        }
    };
    let leaf = Size {
        expanded: 1,
        height: 0,
    };
    match &doc.node(id).kind {
        NodeKind::Sequence(items) => items.iter().fold(leaf, add),
        NodeKind::Mapping(entries) => entries.iter().fold(leaf, |acc, (k, v)| add(add(acc, k), v)),
        _ => leaf,
    }
}

fn style_of(style: GranitStyle) -> ScalarStyle {
    match style {
        GranitStyle::Plain => ScalarStyle::Plain,
        GranitStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        GranitStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        GranitStyle::Literal => ScalarStyle::Literal,
        GranitStyle::Folded => ScalarStyle::Folded,
    }
}

/// Adds a finished or just-opened node to its parent (or makes it the root).
fn attach(doc: &mut Document<'_>, open: &mut [Open], id: NodeId) {
    let Some(parent) = open.last_mut() else {
        doc.root = Some(id);
        return;
    };
    match &mut doc.nodes[parent.node.0 as usize].kind {
        NodeKind::Sequence(items) => items.push(id),
        NodeKind::Mapping(entries) => match parent.key.take() {
            None => parent.key = Some(id),
            Some(key) => entries.push((key, id)),
        },
        _ => {}
    }
}

/// Records keys written twice in one mapping (scalar keys, compared by value).
fn find_duplicate_keys(doc: &mut Document<'_>, mapping: NodeId) {
    let NodeKind::Mapping(entries) = &doc.node(mapping).kind else {
        return;
    };
    let keys: Vec<(&str, Span)> = entries
        .iter()
        .filter(|&&(k, _)| !doc.is_merge_key(k))
        .filter_map(|&(k, _)| match &doc.node(k).kind {
            NodeKind::Scalar(s) => Some((&*s.value, doc.node(k).span)),
            _ => None,
        })
        .collect();
    // Most mappings are small: a linear scan beats hashing there.
    let mut seen: Option<HashMap<&str, Span>> =
        (keys.len() > 16).then(|| HashMap::with_capacity(keys.len()));
    let mut found = Vec::new();
    for (i, &(key, second)) in keys.iter().enumerate() {
        let first = match &mut seen {
            Some(seen) => seen.insert(key, second),
            None => keys[..i]
                .iter()
                .rev()
                .find(|(k, _)| *k == key)
                .map(|&(_, s)| s),
        };
        if let Some(first) = first {
            found.push(DuplicateKey {
                key: key.to_owned(),
                first,
                second,
            });
        }
    }
    doc.duplicate_keys.extend(found);
}
