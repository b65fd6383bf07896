//! Suppression annotations: `pullpolicy/ignore: "latest-tag, implicit-always-pull"` (or `all`)
//! and `pullpolicy/ignore-reason: "..."`, on an object's `metadata.annotations` or on those of a
//! template inside it (a workload's pod template, a CronJob's job template), where they cover
//! what that template holds. Suppressed findings are still reported, marked as such.

use crate::manifest::Object;
use crate::rules::RuleId;
use crate::yaml::{Document, NodeId, Span};

pub const IGNORE: &str = "pullpolicy/ignore";
pub const IGNORE_REASON: &str = "pullpolicy/ignore-reason";

/// One `pullpolicy/ignore` annotation: what it suppresses, and where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suppression {
    pub all: bool,
    pub rules: Vec<RuleId>,
    pub reason: Option<String>,
    /// The mapping whose `metadata` holds the annotation: findings within it are covered.
    pub within: Span,
}

impl Suppression {
    pub fn covers(&self, rule: RuleId) -> bool {
        self.all || self.rules.contains(&rule)
    }
}

/// A mapping that may carry suppression annotations, with the field path of its `metadata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotated {
    pub node: NodeId,
    /// `metadata`, `spec.template.metadata`...
    pub metadata_path: String,
}

/// The places an object's suppressions may be written: the object itself, then each mapping on
/// the way from it to a pod spec that has `metadata` (a pod template, a job template).
pub fn annotated(doc: &Document<'_>, object: &Object) -> Vec<Annotated> {
    let mut out = vec![Annotated {
        node: object.node,
        metadata_path: "metadata".to_owned(),
    }];
    for spec in &object.pod_specs {
        let keys: Vec<&str> = spec.path.split('.').collect();
        // The pod spec itself is not a template; the mappings above it may be.
        for depth in 1..keys.len() {
            let Some(node) = doc.path(object.node, &keys[..depth]) else {
                break;
            };
            let seen = out.iter().any(|a| a.node == node);
            if !seen && doc.value(node, "metadata").is_some() {
                let path = format!("{}.metadata", keys[..depth].join("."));
                out.push(Annotated {
                    node,
                    metadata_path: path,
                });
            }
        }
    }
    out
}

/// The value node of an annotation of `mapping` (`metadata.annotations[key]`), if it is a string.
pub fn annotation(doc: &Document<'_>, mapping: NodeId, key: &str) -> Option<NodeId> {
    doc.path(mapping, &["metadata", "annotations", key])
        .filter(|&n| doc.str(n).is_some())
}

/// The ids a `pullpolicy/ignore` value names, trimmed, each with the rule it is (`None` for an
/// id that is no rule; `all` is not listed).
pub fn ids(value: &str) -> impl Iterator<Item = (&str, Option<RuleId>)> {
    value
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty() && *id != "all")
        .map(|id| (id, RuleId::parse(id)))
}

/// Every suppression that applies within one object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suppressions(Vec<Suppression>);

impl Suppressions {
    /// Reads the annotations of an object and of its templates.
    pub fn of(doc: &Document<'_>, object: &Object) -> Suppressions {
        let read = |a: &Annotated| {
            let ignore = doc.str(annotation(doc, a.node, IGNORE)?)?;
            let reason = annotation(doc, a.node, IGNORE_REASON).and_then(|n| doc.str(n));
            Some(Suppression {
                all: ignore.split(',').any(|id| id.trim() == "all"),
                rules: ids(ignore).filter_map(|(_, rule)| rule).collect(),
                reason: reason.map(str::to_owned),
                within: doc.node(a.node).span,
            })
        };
        Suppressions(annotated(doc, object).iter().filter_map(read).collect())
    }

    /// The suppression covering `rule` at `span`: the innermost annotation that names it (so its
    /// reason is the one shown).
    pub fn covering(&self, rule: RuleId, span: Span) -> Option<&Suppression> {
        let inside = |s: &&Suppression| {
            s.within.start.offset <= span.start.offset && span.end.offset <= s.within.end.offset
        };
        self.0
            .iter()
            .filter(inside)
            .filter(|s| s.covers(rule))
            .max_by_key(|s| s.within.start.offset)
    }
}
