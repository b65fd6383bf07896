//! `duplicate-key`: the same key twice in one mapping.

use super::{Check, Diagnostic, FixAvailability, Rule, RuleId, Severities};
use crate::severity::Severity::Error;
use crate::yaml::Document;

pub static RULE: Rule = Rule {
    id: RuleId::DuplicateKey,
    summary: "The same key twice in one mapping",
    explanation: "kubectl refuses a manifest with a duplicate key (`mapping key already defined`), \
        while other tools (Helm, Kustomize, many CI linters) silently keep the last value. The \
        same file then means different things depending on who reads it; with two \
        `imagePullPolicy` lines, nobody can tell which one was meant.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/duplicate_key.bad.yaml"),
    good_example: include_str!("examples/duplicate_key.good.yaml"),
    example_settings: None,
    check: Check::Document(check),
};

fn check(doc: &Document<'_>, out: &mut Vec<Diagnostic>) {
    for dup in &doc.duplicate_keys {
        // Where the first one is, relative to this one: a message says the same wherever the
        // document moves in its stream (an incremental session reuses it there).
        let where_first = match dup.second.start.line - dup.first.start.line {
            0 => "first earlier on this line".to_owned(),
            1 => "first on the line above".to_owned(),
            n => format!("first {n} lines above"),
        };
        let message = format!(
            "kubectl refuses this document: the key {} appears twice in one mapping ({where_first})",
            dup.key
        );
        out.push(
            Diagnostic::new(dup.second, dup.key.clone(), message)
                .help("keep one of them; other tools silently use the last"),
        );
    }
}
