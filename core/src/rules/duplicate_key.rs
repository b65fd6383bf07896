//! `duplicate-key`: the same key twice in one mapping.

use super::{Check, Diagnostic, FixAvailability, Rule, RuleId, Severities};
use crate::severity::Severity::Error;
use crate::yaml::Document;

pub static RULE: Rule = Rule {
    id: RuleId::DuplicateKey,
    summary: "The same key twice in one mapping",
    why: "A mapping with the same key twice means different things depending on who reads \
        it; with two `imagePullPolicy` lines, nobody can tell which one was meant.",
    cluster: "kubectl refuses a manifest with a duplicate key (`mapping key already defined`), \
        while other tools (Helm, Kustomize, many CI linters) silently keep the last value.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/duplicate_key.bad.yaml"),
    good_example: include_str!("examples/duplicate_key.good.yaml"),
    example_settings: None,
    check: Check::Document(check),
};

// What the findings say.

/// `kubectl refuses this document: the key imagePullPolicy appears twice in one mapping (first
/// on the line above)`
fn appears_twice(key: &str, lines_above: u32) -> String {
    format!(
        "kubectl refuses this document: the key {key} appears twice in one mapping ({})",
        where_first(lines_above)
    )
}

/// Where the first one is, relative to this one: `first earlier on this line`, `first on the
/// line above`, `first 3 lines above`. A message says the same wherever the document moves in
/// its stream (an incremental session reuses it there).
fn where_first(lines_above: u32) -> String {
    match lines_above {
        0 => "first earlier on this line".to_owned(),
        1 => "first on the line above".to_owned(),
        n => format!("first {n} lines above"),
    }
}

const KEEP_ONE: &str = "keep one of them; other tools silently use the last";

fn check(doc: &Document<'_>, out: &mut Vec<Diagnostic>) {
    for dup in &doc.duplicate_keys {
        let message = appears_twice(&dup.key, dup.second.start.line - dup.first.start.line);
        out.push(Diagnostic::new(dup.second, dup.key.clone(), message).help(KEEP_ONE));
    }
}
