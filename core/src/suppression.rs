//! Suppression annotations on an object:
//! `pullpolicy/ignore: "latest-tag, implicit-always-pull"` (or `all`) and
//! `pullpolicy/ignore-reason: "..."`. Suppressed findings are still reported, marked as such.

use crate::rules::RuleId;
use crate::yaml::{Document, NodeId};

pub const IGNORE: &str = "pullpolicy/ignore";
pub const IGNORE_REASON: &str = "pullpolicy/ignore-reason";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suppression {
    pub all: bool,
    pub rules: Vec<RuleId>,
    pub reason: Option<String>,
}

impl Suppression {
    /// Reads the annotations of an object (`metadata.annotations`).
    pub fn of(doc: &Document<'_>, object: NodeId) -> Suppression {
        let annotation = |key| {
            doc.path(object, &["metadata", "annotations", key])
                .and_then(|n| doc.str(n))
        };
        let mut out = Suppression {
            reason: annotation(IGNORE_REASON).map(str::to_owned),
            ..Suppression::default()
        };
        for id in annotation(IGNORE).into_iter().flat_map(|v| v.split(',')) {
            let id = id.trim();
            match RuleId::parse(id) {
                _ if id.is_empty() => {}
                _ if id == "all" => out.all = true,
                Some(rule) => out.rules.push(rule),
                None => {}
            }
        }
        out
    }

    pub fn covers(&self, rule: RuleId) -> bool {
        self.all || self.rules.contains(&rule)
    }
}
