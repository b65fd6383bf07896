//! Finding a key wherever it is written in an object, for the rules about fields in the wrong
//! place. Aliases are not followed (their anchor is visited where it is written), the entries of
//! a mapping merged in with `<<` count as entries of the mapping they are merged into, and
//! `metadata.labels` / `metadata.annotations` are skipped: any key is fine there.

use std::fmt::Write;

use crate::go_quote::go_quote;
use crate::manifest::{Object, ObjectId};
use crate::yaml::{Document, NodeId, NodeKind};

/// One place `key` is written.
pub struct Hit {
    /// The mapping the key is written in (a `<<` mapping, for a merged key).
    pub mapping: NodeId,
    /// The mapping the key belongs to once merges are applied.
    pub owner: NodeId,
    pub key: NodeId,
    pub value: NodeId,
    /// Field path of the key, e.g. `spec.template.imagePullPolicy`.
    pub path: String,
    /// The image use (index in `object.images`) whose mapping holds the key directly.
    pub at_image: Option<usize>,
    /// The image use whose mapping encloses the key deeper down.
    pub inside_image: Option<usize>,
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

pub fn find_key(doc: &Document<'_>, object: &Object, key: &str) -> Vec<Hit> {
    let mut images: Vec<(NodeId, usize)> = (object.image_nodes.iter().enumerate())
        .map(|(i, &(node, _))| (node, i))
        .collect();
    images.sort_unstable();
    let mut walk = Walk {
        doc,
        images,
        key,
        // Kubernetes objects nest about 10 deep: one allocation for the walk.
        path: Vec::with_capacity(16),
        hits: Vec::new(),
    };
    walk.visit(object.node, None);
    walk.hits
}

struct Walk<'w, 'a> {
    doc: &'w Document<'a>,
    /// Image uses by the node they were read from, sorted (a few; a map would cost more).
    images: Vec<(NodeId, usize)>,
    key: &'w str,
    path: Vec<Segment<'w>>,
    hits: Vec<Hit>,
}

impl<'w> Walk<'w, '_> {
    fn visit(&mut self, node: NodeId, inside: Option<usize>) {
        match &self.doc.node(node).kind {
            NodeKind::Mapping(_) => {
                let at_image = self
                    .images
                    .binary_search_by_key(&node, |&(n, _)| n)
                    .ok()
                    .map(|i| self.images[i].1);
                self.entries(node, node, at_image, inside);
            }
            NodeKind::Sequence(items) => {
                for (i, &item) in items.iter().enumerate() {
                    self.path.push(Segment::Index(i));
                    self.visit(item, inside);
                    self.path.pop();
                }
            }
            NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
        }
    }

    /// The entries written in `mapping`, which belong to `owner` (itself, or the mapping a `<<`
    /// merges it into).
    fn entries(
        &mut self,
        mapping: NodeId,
        owner: NodeId,
        at_image: Option<usize>,
        inside: Option<usize>,
    ) {
        let doc = self.doc;
        let NodeKind::Mapping(entries) = &doc.node(mapping).kind else {
            return;
        };
        for &(k, v) in entries {
            if doc.is_merge_key(k) {
                let merged = match &doc.node(v).kind {
                    NodeKind::Sequence(items) => items.clone(),
                    _ => vec![v],
                };
                for m in merged {
                    self.entries(m, owner, at_image, inside);
                }
                continue;
            }
            let Some(name) = doc.node(k).scalar_value() else {
                continue;
            };
            if name == self.key {
                self.hits.push(Hit {
                    mapping,
                    owner,
                    key: k,
                    value: v,
                    path: self.render(name),
                    at_image,
                    inside_image: inside,
                });
            }
            let in_metadata = matches!(self.path.last(), Some(Segment::Key("metadata")));
            if in_metadata && matches!(name, "labels" | "annotations") {
                continue;
            }
            self.path.push(Segment::Key(name));
            self.visit(v, at_image.or(inside));
            self.path.pop();
        }
    }

    fn render(&self, last: &str) -> String {
        let mut out = String::with_capacity(64);
        for segment in &self.path {
            match segment {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]"); // Writing to a String cannot fail.
                }
            }
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(last);
        out
    }
}

/// The field path of the mapping that holds a key: its path without the last segment.
pub fn parent_path(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(parent, _)| parent)
}

/// The pod specs (indices) whose node lies within `mapping`.
pub fn pod_specs_within(doc: &Document<'_>, object: &Object, mapping: NodeId) -> Vec<usize> {
    let outer = doc.node(mapping).span;
    object
        .pod_specs
        .iter()
        .enumerate()
        .filter(|(_, spec)| {
            let inner = doc.node(spec.node).span;
            outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset
        })
        .map(|(i, _)| i)
        .collect()
}

/// What `kubectl apply` (`--validate=strict`, its default) gets back for an unknown field: the
/// API server's strict decoding error (apimachinery `strictDecodingError`, joined by the
/// serializer as `<Kind> in version "<version>" cannot be handled as a <Kind>: ...`). `None`
/// when the object does not say its kind.
pub fn strict_decoding_error(object: &ObjectId, path: &str) -> Option<String> {
    let kind = object.kind.as_deref()?;
    let api_version = object.api_version.as_deref()?;
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    Some(format!(
        "{kind} in version {} cannot be handled as a {kind}: strict decoding error: unknown field {}",
        go_quote(version),
        go_quote(path)
    ))
}

/// The note of the misplaced-field rules: who refuses the field, who drops it, and the text.
pub fn unknown_field_note(object: &ObjectId, path: &str) -> String {
    let refused = match strict_decoding_error(object, path) {
        Some(error) => {
            format!("kubectl apply (--validate=strict, its default) fails with `{error}`")
        }
        None => "kubectl apply (--validate=strict, its default) fails with a strict decoding error"
            .to_owned(),
    };
    format!(
        "{refused}; clients that do not ask for validation (--validate=false, many GitOps and IaC tools, controllers) get an unknown-field warning at most, and the field is dropped"
    )
}
