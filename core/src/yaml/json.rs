//! A [`Document`] built straight from a decoded JSON value. An admission request arrives as
//! JSON that the host has already decoded; parsing it again as YAML would cost more than every
//! rule together. The value is written out as compact JSON while its tree is built, so spans
//! index into real text (the same text `serde_json::to_string` gives) and every node can be
//! traced back to its JSON pointer, which is how mutations find the field to change.

use std::borrow::Cow;

use serde_json::Value;

use super::error::{SyntaxError, SyntaxErrorKind};
use super::limits::Limits;
use super::tree::{Document, Node, NodeId, NodeKind, Pos, Scalar, ScalarStyle, Span};

/// A document read from a JSON value, with the way back from each node to the value.
#[derive(Debug, Clone)]
pub struct JsonDocument<'a> {
    pub doc: Document<'a>,
    /// Per node: its parent and the key or index that leads to it (`None` for the root).
    steps: Vec<Option<(NodeId, Step<'a>)>>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> JsonDocument<'a> {
    /// Builds the tree of `value`, writing its compact JSON text into `text` (cleared first).
    /// Fails only beyond `limits` (depth, node count, text size).
    pub fn new(
        value: &'a Value,
        text: &'a mut String,
        limits: &Limits,
    ) -> Result<Self, SyntaxError> {
        Self::omitting(value, &[], text, limits)
    }

    /// As [`JsonDocument::new`], leaving out the entry at the key path `omit` (e.g.
    /// `["metadata", "managedFields"]`: the API server's bookkeeping, often a third of an
    /// object, that no rule reads).
    pub fn omitting(
        value: &'a Value,
        omit: &[&str],
        text: &'a mut String,
        limits: &Limits,
    ) -> Result<Self, SyntaxError> {
        text.clear();
        let mut builder = Builder {
            text,
            chars: 0,
            nodes: Vec::new(),
            steps: Vec::new(),
            limits,
        };
        builder.value(value, None, 0, omit)?;
        let Builder {
            text, nodes, steps, ..
        } = builder;
        let text: &'a String = text;
        let end = nodes.first().map_or_else(Pos::default, |n| n.span.end);
        let doc = Document {
            index: 1,
            root: (!nodes.is_empty()).then_some(NodeId(0)),
            nodes,
            span: Span { start: START, end },
            duplicate_keys: Vec::new(),
            anchored: Vec::new(),
            source: text.as_str(),
        };
        Ok(JsonDocument { doc, steps })
    }

    /// The RFC 6901 JSON pointer of a node (`/spec/containers/0`); `""` for the root.
    pub fn pointer(&self, mut id: NodeId) -> String {
        let mut steps = Vec::new();
        while let Some(Some((parent, step))) = self.steps.get(id.0 as usize) {
            steps.push(*step);
            id = *parent;
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            out.push('/');
            match step {
                Step::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
                Step::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

const START: Pos = Pos {
    offset: 0,
    line: 1,
    column: 1,
};

struct Builder<'a, 'l> {
    text: &'a mut String,
    /// Characters written so far (columns count characters).
    chars: usize,
    nodes: Vec<Node<'a>>,
    steps: Vec<Option<(NodeId, Step<'a>)>>,
    limits: &'l Limits,
}

impl<'a> Builder<'a, '_> {
    fn pos(&self) -> Pos {
        Pos {
            offset: self.text.len(),
            line: 1,
            column: u32::try_from(self.chars + 1).unwrap_or(u32::MAX),
        }
    }

    fn write(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn error(&self, kind: SyntaxErrorKind) -> SyntaxError {
        SyntaxError::new(kind, self.pos())
    }

    /// Adds a node (its kind filled in when a collection closes) and returns its id.
    fn push(
        &mut self,
        kind: NodeKind<'a>,
        step: Option<(NodeId, Step<'a>)>,
    ) -> Result<NodeId, SyntaxError> {
        if self.nodes.len() >= self.limits.max_nodes {
            let limit = self.limits.max_nodes;
            return Err(self.error(SyntaxErrorKind::TooManyNodes { limit }));
        }
        if self.text.len() > self.limits.max_input_bytes {
            let (size, limit) = (self.text.len(), self.limits.max_input_bytes);
            return Err(self.error(SyntaxErrorKind::InputTooLarge { size, limit }));
        }
        let start = self.pos();
        // Fits: the node limit keeps ids far below u32::MAX.
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind,
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

    fn scalar(
        &mut self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        step: Option<(NodeId, Step<'a>)>,
    ) -> Result<NodeId, SyntaxError> {
        let id = self.push(NodeKind::Sequence(Vec::new()), step)?;
        match style {
            ScalarStyle::DoubleQuoted => write_json_string(self, &value),
            _ => self.write(&value),
        }
        let scalar = Scalar {
            value,
            style,
            tag: None,
        };
        self.close(id, NodeKind::Scalar(scalar));
        Ok(id)
    }

    fn value(
        &mut self,
        value: &'a Value,
        step: Option<(NodeId, Step<'a>)>,
        depth: usize,
        omit: &[&str],
    ) -> Result<NodeId, SyntaxError> {
        // JSON scalars keep their JSON text; as plain YAML scalars they resolve to the same
        // types (`true`, `null`, and every JSON number matches YAML 1.1's number patterns).
        let plain = |s: &'static str| (Cow::Borrowed(s), ScalarStyle::Plain);
        let (text, style) = match value {
            Value::Null => plain("null"),
            Value::Bool(true) => plain("true"),
            Value::Bool(false) => plain("false"),
            Value::Number(n) => (Cow::Owned(n.to_string()), ScalarStyle::Plain),
            Value::String(s) => (Cow::Borrowed(s.as_str()), ScalarStyle::DoubleQuoted),
            Value::Array(items) => return self.array(items, step, depth),
            Value::Object(map) => return self.object(map, step, depth, omit),
        };
        self.scalar(text, style, step)
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= self.limits.max_depth {
            let limit = self.limits.max_depth;
            return Err(self.error(SyntaxErrorKind::TooDeep { limit }));
        }
        Ok(())
    }

    fn array(
        &mut self,
        items: &'a [Value],
        step: Option<(NodeId, Step<'a>)>,
        depth: usize,
    ) -> Result<NodeId, SyntaxError> {
        self.enter(depth)?;
        let id = self.push(NodeKind::Sequence(Vec::new()), step)?;
        self.write("[");
        let mut ids = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.write(",");
            }
            ids.push(self.value(item, Some((id, Step::Index(i))), depth + 1, &[])?);
        }
        self.write("]");
        self.close(id, NodeKind::Sequence(ids));
        Ok(id)
    }

    fn object(
        &mut self,
        map: &'a serde_json::Map<String, Value>,
        step: Option<(NodeId, Step<'a>)>,
        depth: usize,
        omit: &[&str],
    ) -> Result<NodeId, SyntaxError> {
        self.enter(depth)?;
        let id = self.push(NodeKind::Mapping(Vec::new()), step)?;
        self.write("{");
        let mut entries = Vec::with_capacity(map.len());
        for (key, item) in map {
            let inner = match omit {
                [first] if first == key => continue,
                [first, rest @ ..] if first == key => rest,
                _ => &[],
            };
            if !entries.is_empty() {
                self.write(",");
            }
            let k = self.scalar(Cow::Borrowed(key.as_str()), ScalarStyle::DoubleQuoted, None)?;
            self.write(":");
            let v = self.value(item, Some((id, Step::Key(key))), depth + 1, inner)?;
            entries.push((k, v));
        }
        self.write("}");
        self.close(id, NodeKind::Mapping(entries));
        Ok(id)
    }
}

/// Writes `s` as a JSON string literal, escaped as `serde_json` escapes it.
fn write_json_string(b: &mut Builder<'_, '_>, s: &str) {
    b.write("\"");
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        b.write(&s[start..i]);
        if escape.is_empty() {
            b.write(&format!("\\u{:04x}", c as u32));
        } else {
            b.write(escape);
        }
        start = i + c.len_utf8();
    }
    b.write(&s[start..]);
    b.write("\"");
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::yaml::ScalarType;

    #[test]
    fn the_text_is_serde_json_compact_output_and_spans_index_it() {
        let value = json!({
            "kind": "Pod",
            "a/b~c": [1, -2.5, 1e300, true, null, "quote \" back \\ nl \n tab \t ctl \u{1} \u{7f} \u{8} \u{c} é 🦀"],
            "spec": {"containers": [{"image": "nginx", "imagePullPolicy": "Always"}]},
        });
        let mut text = String::new();
        let json = JsonDocument::new(&value, &mut text, &Limits::DEFAULT).unwrap();
        let doc = &json.doc;
        assert_eq!(doc.source(), serde_json::to_string(&value).unwrap());
        let root = doc.root.unwrap();
        let items = doc.sequence(doc.value(root, "a/b~c").unwrap()).unwrap();
        let types: Vec<ScalarType> = items
            .iter()
            .map(|&i| doc.scalar(i).unwrap().resolved_type())
            .collect();
        use ScalarType as T;
        assert_eq!(
            types,
            [T::Number, T::Number, T::Number, T::Bool, T::Null, T::String]
        );
        assert_eq!(
            doc.source_of(items[5]),
            serde_json::to_string(&value["a/b~c"][5]).unwrap()
        );
        assert_eq!(json.pointer(items[5]), "/a~1b~0c/5");
        let container = doc.path(root, &["spec", "containers"]).unwrap();
        let first = doc.sequence(container).unwrap()[0];
        assert_eq!(json.pointer(first), "/spec/containers/0");
        assert_eq!(
            doc.source_of(first),
            r#"{"image":"nginx","imagePullPolicy":"Always"}"#
        );
        let image = doc.value(first, "image").unwrap();
        // Columns count characters: the é and the crab before it are one each.
        let before = &doc.source()[..doc.node(image).span.start.offset];
        assert_eq!(
            doc.node(image).span.start.column as usize,
            before.chars().count() + 1
        );
        assert_eq!(json.pointer(root), "");
        let mut text = String::new();
        let omitted =
            JsonDocument::omitting(&value, &["spec", "containers"], &mut text, &Limits::DEFAULT);
        assert_eq!(omitted.unwrap().doc.source().find("containers"), None);
    }

    #[test]
    fn limits_hold() {
        let mut deep = json!(0);
        for _ in 0..200 {
            deep = json!([deep]);
        }
        let mut text = String::new();
        let err = JsonDocument::new(&deep, &mut text, &Limits::DEFAULT).unwrap_err();
        assert_eq!(err.kind, SyntaxErrorKind::TooDeep { limit: 128 });
        let wide = json!(vec![0; 100]);
        let limits = Limits {
            max_nodes: 50,
            ..Limits::DEFAULT
        };
        let err = JsonDocument::new(&wide, &mut text, &limits).unwrap_err();
        assert_eq!(err.kind, SyntaxErrorKind::TooManyNodes { limit: 50 });
    }
}
