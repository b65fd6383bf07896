//! The syntax tree: one arena per document, nodes with source spans, aliases kept as references.

use std::borrow::Cow;

use super::scalar::{ScalarType, Tag, resolve, resolve_tagged};

/// A position in the source: byte offset (0-based) plus line and column (1-based, columns in
/// characters, as editors count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
}

/// A source range; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start.offset..self.end.offset
    }
}

/// Index of a node in its [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

/// How a scalar was written. kubectl reads YAML 1.1, so a plain `yes` is a boolean there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar<'a> {
    /// The value after escape processing.
    pub value: Cow<'a, str>,
    pub style: ScalarStyle,
    /// The explicit tag, if any (`!!binary` values are already decoded).
    pub tag: Option<Tag>,
}

impl Scalar<'_> {
    /// The type kubectl (go-yaml v2, YAML 1.1) gives this scalar when it converts YAML to JSON.
    pub fn resolved_type(&self) -> ScalarType {
        match (self.tag, self.style) {
            // The builder refused the document when the tag and the value disagree.
            (Some(tag), _) => resolve_tagged(tag, &self.value).unwrap_or(ScalarType::String),
            (None, ScalarStyle::Plain) => resolve(&self.value),
            (None, _) => ScalarType::String,
        }
    }

    /// The value if kubectl sees a string here.
    pub fn as_string(&self) -> Option<&str> {
        (self.resolved_type() == ScalarType::String).then_some(&*self.value)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind<'a> {
    Scalar(Scalar<'a>),
    Sequence(Vec<NodeId>),
    /// Entries in source order; `<<` merge keys are kept as written and applied by lookups.
    Mapping(Vec<(NodeId, NodeId)>),
    /// An alias (`*name`) to an earlier anchored node of the same document.
    Alias(NodeId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind<'a>,
    pub span: Span,
}

impl Node<'_> {
    /// The value of a scalar node as written (not through an alias).
    pub fn scalar_value(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }
}

/// The same key written twice in one mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

/// One YAML document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    /// 1-based position of the document in its stream.
    pub index: usize,
    pub(crate) nodes: Vec<Node<'a>>,
    pub root: Option<NodeId>,
    /// Where the document starts (its `---`, or its first content).
    pub span: Span,
    pub duplicate_keys: Vec<DuplicateKey>,
    /// Nodes that carry an anchor, in creation order (so sorted): editing one edits its aliases.
    pub(crate) anchored: Vec<NodeId>,
    /// The whole input the spans index into.
    pub(crate) source: &'a str,
}

impl<'a> Document<'a> {
    /// The source text of a node as written (quotes, brackets and all).
    pub fn source_of(&self, id: NodeId) -> &'a str {
        self.source
            .get(self.node(id).span.range())
            .unwrap_or_default()
    }

    /// The whole input the spans index into.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Whether the node has an anchor (`&name`), so that aliases elsewhere share it.
    pub fn is_anchored(&self, id: NodeId) -> bool {
        self.anchored.binary_search(&id).is_ok()
    }

    /// The nodes that carry an anchor, in document order.
    pub fn anchored_nodes(&self) -> &[NodeId] {
        &self.anchored
    }

    /// A key written directly in `mapping` (not merged in with `<<`, not through an alias of the
    /// mapping): the entries a text edit may touch. Returns the key node and the value node.
    pub fn own_entry(&self, mapping: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        let NodeKind::Mapping(entries) = &self.node(mapping).kind else {
            return None;
        };
        entries
            .iter()
            .rev()
            .find(|&&(k, _)| {
                !self.is_merge_key(k) && self.scalar(k).is_some_and(|s| s.value == key)
            })
            .copied()
    }

    /// The entries of a mapping as written (merge keys included), or none.
    pub fn entries(&self, mapping: NodeId) -> &[(NodeId, NodeId)] {
        match self.kind(mapping) {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        }
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id.0 as usize]
    }

    /// The node an alias stands for (the node itself when it is not an alias). The builder only
    /// links aliases to earlier, closed nodes, so this chain is short and ends.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        while let NodeKind::Alias(target) = self.node(id).kind {
            id = target;
        }
        id
    }

    pub fn kind(&self, id: NodeId) -> &NodeKind<'a> {
        &self.node(self.resolve(id)).kind
    }

    pub fn scalar(&self, id: NodeId) -> Option<&Scalar<'a>> {
        match self.kind(id) {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The node's value when kubectl reads it as a string.
    pub fn str(&self, id: NodeId) -> Option<&str> {
        self.scalar(id).and_then(Scalar::as_string)
    }

    pub fn sequence(&self, id: NodeId) -> Option<&[NodeId]> {
        match self.kind(id) {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_mapping(&self, id: NodeId) -> bool {
        matches!(self.kind(id), NodeKind::Mapping(_))
    }

    /// Looks `key` up in a mapping the way kubectl's YAML decoder (go-yaml v2) assigns it:
    /// entries in order, the last assignment wins, and a `<<` merge assigns the merged mapping's
    /// keys at its own position (earlier mappings of a merged sequence take precedence).
    /// Returns the key node and the value node.
    pub fn get(&self, mapping: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        let NodeKind::Mapping(entries) = self.kind(mapping) else {
            return None;
        };
        entries.iter().rev().find_map(|&(k, v)| {
            if self.is_merge_key(k) {
                self.merge_sources(v)
                    .find_map(|source| self.get(source, key))
            } else {
                (self.scalar(k).map(|s| &*s.value) == Some(key)).then_some((k, v))
            }
        })
    }

    /// The value of `key` in a mapping, if present.
    pub fn value(&self, mapping: NodeId, key: &str) -> Option<NodeId> {
        self.get(mapping, key).map(|(_, v)| v)
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, from: NodeId, keys: &[&str]) -> Option<NodeId> {
        keys.iter()
            .try_fold(from, |node, key| self.value(node, key))
    }

    /// go-yaml v2 `isMerge`: a scalar `<<` written as such (an alias to one is a plain key),
    /// plain and untagged, or tagged `!!merge`.
    pub(crate) fn is_merge_key(&self, key: NodeId) -> bool {
        matches!(&self.node(key).kind, NodeKind::Scalar(s)
            if s.value == "<<"
                && (s.tag == Some(Tag::Merge) || (s.tag.is_none() && s.style == ScalarStyle::Plain)))
    }

    /// go-yaml v2 `merge`: the value of `<<` must be a mapping, an alias to one, or a sequence of
    /// those; anything else makes kubectl reject the document.
    pub(crate) fn is_valid_merge_value(&self, value: NodeId) -> bool {
        let mapping_or_alias_to_one = |id: NodeId| match self.node(id).kind {
            NodeKind::Mapping(_) => true,
            NodeKind::Alias(target) => self.is_mapping(target),
            _ => false,
        };
        match &self.node(value).kind {
            NodeKind::Sequence(items) => items.iter().all(|&i| mapping_or_alias_to_one(i)),
            _ => mapping_or_alias_to_one(value),
        }
    }

    /// The mappings a `<<` value merges, in precedence order: one mapping, or a sequence of them
    /// (the builder refused any other `<<` value).
    fn merge_sources(&self, value: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let (single, items): (Option<NodeId>, &[NodeId]) = match self.kind(value) {
            NodeKind::Sequence(items) => (None, items),
            _ => (Some(value), &[]),
        };
        single.into_iter().chain(items.iter().copied())
    }
}
