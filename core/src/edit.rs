//! Text edits made from the syntax tree. Each constructor returns `None` when the edit cannot be
//! made without touching what it should not: flow style, anchors and aliases, merged keys,
//! multi-line or block scalars. A finding then simply has no fix.

use crate::fix::TextEdit;
use crate::yaml::{Document, NodeId, NodeKind, Pos, ScalarStyle, ScalarType, resolve_plain};

/// Edits on one document's source.
pub struct Editor<'d, 'a> {
    doc: &'d Document<'a>,
    text: &'a str,
}

impl<'d, 'a> Editor<'d, 'a> {
    pub fn new(doc: &'d Document<'a>) -> Self {
        Editor {
            doc,
            text: doc.source(),
        }
    }

    /// Replaces a scalar's value, keeping its quoting style.
    pub fn set_scalar(&self, node: NodeId, value: &str) -> Option<TextEdit> {
        let n = self.doc.node(node);
        let NodeKind::Scalar(scalar) = &n.kind else {
            return None;
        };
        if self.doc.is_anchored(node)
            || scalar.tag.is_some()
            || n.span.start.line != n.span.end.line
            || n.span.range().is_empty()
        {
            return None;
        }
        let written = match scalar.style {
            ScalarStyle::Plain if is_plain_safe(value) => value.to_owned(),
            ScalarStyle::Plain | ScalarStyle::DoubleQuoted => double_quoted(value),
            ScalarStyle::SingleQuoted => format!("'{}'", value.replace('\'', "''")),
            ScalarStyle::Literal | ScalarStyle::Folded => return None,
        };
        self.outside_anchors(TextEdit {
            range: n.span.range(),
            replacement: written,
            start: n.span.start,
            end: n.span.end,
        })
    }

    /// Sets `key: value` in a block mapping: replaces the value when the key is written there,
    /// else inserts a line after the entry `after` (or the first entry), indented like it.
    pub fn set_entry(
        &self,
        mapping: NodeId,
        key: &str,
        value: &str,
        after: &str,
    ) -> Option<TextEdit> {
        // Only the entry that takes effect: not one a later `<<` overrides, not a merged one.
        match (self.doc.own_entry(mapping, key), self.doc.get(mapping, key)) {
            (Some(own), Some(effective)) if own == effective => self.set_scalar(own.1, value),
            (None, None) => self.insert_entry(mapping, key, value, after),
            _ => None,
        }
    }

    /// Inserts `key: value` on a new line after the entry `after` (or the first entry).
    pub fn insert_entry(
        &self,
        mapping: NodeId,
        key: &str,
        value: &str,
        after: &str,
    ) -> Option<TextEdit> {
        let (anchor_key, anchor_value) = self.doc.own_entry(mapping, after).or_else(|| {
            self.doc
                .entries(mapping)
                .iter()
                .find(|&&(k, _)| !self.doc.is_merge_key(k))
                .copied()
        })?;
        if !self.is_block_mapping(mapping) {
            return self.insert_flow_entry(mapping, (anchor_key, anchor_value), key, value);
        }
        let indent = self.indent_of(anchor_key)?;
        let value_node = self.doc.node(anchor_value);
        if !matches!(value_node.kind, NodeKind::Scalar(_) | NodeKind::Alias(_))
            || value_node.span.start.line != self.doc.node(anchor_key).span.start.line
            || value_node.span.end.line != value_node.span.start.line
        {
            return self.insert_entry_first(mapping, key, value);
        }
        let at = self.line_end(value_node.span.end);
        let eol = self.eol_at(at.offset);
        self.outside_anchors(TextEdit {
            range: at.offset..at.offset,
            replacement: format!(
                "{eol}{}{key}: {}",
                " ".repeat(indent),
                plain_or_quoted(value)
            ),
            start: at,
            end: at,
        })
    }

    /// Inserts `key: value` on a line of its own before the first entry of a block mapping,
    /// where no one-line entry is there to follow (an Argo template's `container` that takes
    /// its image from `templateDefaults` may hold only `command: [...]`, or a block).
    fn insert_entry_first(&self, mapping: NodeId, key: &str, value: &str) -> Option<TextEdit> {
        let &(first, _) = self
            .doc
            .entries(mapping)
            .iter()
            .find(|&&(k, _)| !self.doc.is_merge_key(k))?;
        let indent = self.indent_of(first)?;
        let at = self.doc.node(first).span.start;
        let eol = self.eol_at(self.line_end(at).offset);
        self.outside_anchors(TextEdit {
            range: at.offset..at.offset,
            replacement: format!(
                "{key}: {}{eol}{}",
                plain_or_quoted(value),
                " ".repeat(indent)
            ),
            start: at,
            end: at,
        })
    }

    /// Inserts `, key: value` after the entry `anchor` of a flow mapping (JSON's only kind):
    /// quoted as its key is (`"key": "value"` in JSON), on a line of its own at the key's
    /// column when the entries are one per line.
    fn insert_flow_entry(
        &self,
        mapping: NodeId,
        (anchor_key, anchor_value): (NodeId, NodeId),
        key: &str,
        value: &str,
    ) -> Option<TextEdit> {
        let doc = self.doc;
        let (key_node, value_node) = (doc.node(anchor_key), doc.node(anchor_value));
        let NodeKind::Scalar(anchor) = &key_node.kind else {
            return None;
        };
        if !matches!(doc.node(mapping).kind, NodeKind::Mapping(_))
            || doc.is_anchored(mapping)
            || !matches!(value_node.kind, NodeKind::Scalar(_))
            || value_node.span.start.line != value_node.span.end.line
        {
            return None;
        }
        let entry = match anchor.style {
            ScalarStyle::DoubleQuoted => {
                format!("{}: {}", double_quoted(key), double_quoted(value))
            }
            _ => format!("{key}: {}", plain_or_quoted(value)),
        };
        let key_at = key_node.span.start.offset;
        let before_key = &self.text[self.line_start(key_at)..key_at];
        let own_line = key_node.span.start.line != doc.node(mapping).span.start.line
            && before_key.bytes().all(|b| b == b' ');
        let at = value_node.span.end;
        let replacement = match own_line {
            true => format!(
                ",{}{}{entry}",
                self.eol_at(at.offset),
                " ".repeat(before_key.len())
            ),
            false => format!(", {entry}"),
        };
        self.outside_anchors(TextEdit {
            range: at.offset..at.offset,
            replacement,
            start: at,
            end: at,
        })
    }

    /// Deletes an entry (`key: value`, the value possibly a nested block) from a block mapping
    /// that keeps other entries. Its lines must hold nothing else (a comment at the end of its
    /// last line goes with it).
    pub fn delete_entry(&self, mapping: NodeId, key_node: NodeId) -> Option<TextEdit> {
        let &(_, value) = self
            .doc
            .entries(mapping)
            .iter()
            .find(|&&(k, _)| k == key_node)?;
        if !self.is_block_mapping(mapping) || self.doc.entries(mapping).len() < 2 {
            return None;
        }
        let key = self.doc.node(key_node).span;
        self.delete_lines(key.start, "", value)
    }

    /// Deletes an item (`- ...`, possibly a nested block) from a block sequence that keeps other
    /// items, on the same terms as [`Editor::delete_entry`].
    pub fn delete_item(&self, sequence: NodeId, item: NodeId) -> Option<TextEdit> {
        let items = self.doc.sequence(sequence)?;
        if items.len() < 2
            || !items.contains(&item)
            || self.doc.source_of(sequence).starts_with('[')
        {
            return None;
        }
        self.delete_lines(self.doc.node(item).span.start, "-", item)
    }

    /// Deletes the lines from the one of `first` to the end of `last`'s content, when they hold
    /// nothing else: before `first` only spaces and `indicator`, after `last` only a comment.
    fn delete_lines(&self, first: Pos, indicator: &str, last: NodeId) -> Option<TextEdit> {
        let line_start = self.line_start(first.offset);
        let prefix = self.text[line_start..first.offset].trim_matches(' ');
        if prefix != indicator {
            return None;
        }
        let content_end = self.content_end(last);
        let end = self.line_end(content_end);
        let rest = self.text[content_end.offset..end.offset].trim_start_matches([' ', '\t']);
        if !rest.is_empty() && !rest.starts_with('#') {
            return None;
        }
        let start = Pos {
            offset: line_start,
            line: first.line,
            column: 1,
        };
        let eol = self.eol_at(end.offset);
        let end = match self.text[end.offset..].starts_with(eol) && !eol.is_empty() {
            true => Pos {
                offset: end.offset + eol.len(),
                line: end.line + 1,
                column: 1,
            },
            false => end,
        };
        self.outside_anchors(TextEdit {
            range: start.offset..end.offset,
            replacement: String::new(),
            start,
            end,
        })
    }

    /// Moves an entry from one block mapping to another (before its first entry), re-indented.
    pub fn move_entry(&self, from: NodeId, key_node: NodeId, to: NodeId) -> Option<Vec<TextEdit>> {
        let delete = self.delete_entry(from, key_node)?;
        let &(first_key, _) = self.doc.entries(to).first()?;
        if !self.is_block_mapping(to) {
            return None;
        }
        let target = self.doc.node(first_key).span.start;
        let at = self.line_start(target.offset);
        let new_indent = &self.text[at..target.offset];
        let old_indent = self.doc.node(key_node).span.start.column as usize - 1;
        if !new_indent.bytes().all(|b| b == b' ') || delete.range.contains(&at) {
            return None;
        }
        let old_indent = " ".repeat(old_indent);
        let mut block = String::new();
        for line in self.text[delete.range.clone()].split_inclusive('\n') {
            if line.trim().is_empty() {
                block.push_str(line);
                continue;
            }
            let body = line.strip_prefix(old_indent.as_str())?;
            block.push_str(new_indent);
            block.push_str(body);
        }
        if !block.ends_with('\n') {
            block.push_str(self.eol_at(self.text.len()));
        }
        let insert_at = Pos {
            offset: at,
            line: target.line,
            column: 1,
        };
        let insert = TextEdit {
            range: at..at,
            replacement: block,
            start: insert_at,
            end: insert_at,
        };
        Some(vec![self.outside_anchors(insert)?, delete])
    }

    /// Replaces a single-line scalar node's source with `raw`, written as is.
    pub fn replace_scalar_raw(&self, node: NodeId, raw: String) -> Option<TextEdit> {
        let n = self.doc.node(node);
        if !matches!(n.kind, NodeKind::Scalar(_))
            || self.doc.is_anchored(node)
            || n.span.start.line != n.span.end.line
            || n.span.range().is_empty()
        {
            return None;
        }
        self.outside_anchors(TextEdit {
            range: n.span.range(),
            replacement: raw,
            start: n.span.start,
            end: n.span.end,
        })
    }

    /// Where a node's content ends: a block collection's span runs on to the next token, so
    /// this follows its last child instead (comments after it are not part of it).
    fn content_end(&self, node: NodeId) -> Pos {
        let n = self.doc.node(node);
        let flow = self.doc.source_of(node).starts_with(['[', '{']);
        let last = match &n.kind {
            NodeKind::Mapping(entries) if !flow => entries.last().map(|&(_, v)| v),
            NodeKind::Sequence(items) if !flow => items.last().copied(),
            // A block scalar's span, too, runs on to the next token.
            NodeKind::Scalar(s)
                if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) =>
            {
                let text = &self.text[n.span.range()];
                let end = n.span.start.offset + text.trim_end().len();
                return self.advance(n.span.start, end);
            }
            _ => None,
        };
        last.map_or(n.span.end, |child| self.content_end(child))
    }

    /// The position of byte `offset`, counted on from `from` (an earlier position).
    fn advance(&self, from: Pos, offset: usize) -> Pos {
        let between = &self.text[from.offset..offset];
        match between.rfind('\n') {
            None => Pos {
                offset,
                line: from.line,
                column: from.column + between.chars().count() as u32,
            },
            Some(last) => Pos {
                offset,
                line: from.line + between.matches('\n').count() as u32,
                column: 1 + between[last + 1..].chars().count() as u32,
            },
        }
    }

    /// Refuses an edit inside an anchored node: aliases elsewhere would change with it.
    fn outside_anchors(&self, edit: TextEdit) -> Option<TextEdit> {
        let inside = |&a: &NodeId| {
            let span = self.doc.node(a).span;
            span.start.offset <= edit.range.start && edit.range.end <= span.end.offset
        };
        (!self.doc.anchored_nodes().iter().any(inside)).then_some(edit)
    }

    fn is_block_mapping(&self, mapping: NodeId) -> bool {
        let node = self.doc.node(mapping);
        matches!(node.kind, NodeKind::Mapping(_))
            && !self.doc.is_anchored(mapping)
            && !self.doc.source_of(mapping).starts_with('{')
    }

    /// The indentation of a key that starts a line, or follows `- ` sequence indicators only.
    fn indent_of(&self, key: NodeId) -> Option<usize> {
        let span = self.doc.node(key).span;
        if !matches!(&self.doc.node(key).kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain)
        {
            return None;
        }
        let prefix = &self.text[self.line_start(span.start.offset)..span.start.offset];
        prefix
            .bytes()
            .all(|b| b == b' ' || b == b'-')
            .then_some(prefix.len())
    }

    fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The end of the line `pos` is on (before its line break), as a position.
    fn line_end(&self, pos: Pos) -> Pos {
        let rest = &self.text[pos.offset..];
        let mut len = rest.find('\n').unwrap_or(rest.len());
        if rest[..len].ends_with('\r') {
            len -= 1;
        }
        Pos {
            offset: pos.offset + len,
            line: pos.line,
            column: pos.column + rest[..len].chars().count() as u32,
        }
    }

    /// The line break at `offset`, or the document's first one when the text ends there.
    fn eol_at(&self, offset: usize) -> &'static str {
        let rest = &self.text[offset..];
        if rest.starts_with("\r\n") {
            "\r\n"
        } else if rest.starts_with('\n') {
            "\n"
        } else if self.text.contains("\r\n") {
            "\r\n"
        } else if rest.is_empty() {
            "\n"
        } else {
            ""
        }
    }
}

/// `value` plain when that reads back as the same string, else double-quoted.
fn plain_or_quoted(value: &str) -> String {
    if is_plain_safe(value) {
        value.to_owned()
    } else {
        double_quoted(value)
    }
}

/// Values that read back as the same string when written plain (image references, policies).
fn is_plain_safe(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"./:@_-".contains(&b))
        && !value.starts_with(['-', ':', '@', '.'])
        && !value.ends_with(':')
        && resolve_plain(value) == ScalarType::String
}

fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
