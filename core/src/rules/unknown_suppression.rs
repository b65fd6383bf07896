//! `unknown-suppression`: a `pullpolicy/ignore` annotation that names no rule.

use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities, typo};
use crate::severity::Severity::Warning;
use crate::suppression::{IGNORE, annotated, annotation, ids};

pub static RULE: Rule = Rule {
    id: RuleId::UnknownSuppression,
    summary: "pullpolicy/ignore names a rule that does not exist",
    why: "A `pullpolicy/ignore` annotation lists rule ids (or `all`), on the object or on \
        a template inside it. An id that is no rule (a typo, another tool's id) suppresses \
        nothing: the findings it was meant to quiet are still reported, and at admission they \
        still warn and reject. `pullpolicy rules` lists the ids.",
    cluster: "Kubernetes itself never reads the annotation: the API server stores \
        annotations without interpreting their values, so nothing but pullpolicy notices an id \
        that is no rule.",
    severity: Severities::every_profile(Warning),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/unknown_suppression.bad.yaml"),
    good_example: include_str!("examples/unknown_suppression.good.yaml"),
    example_settings: None,
    check: Check::Object(check),
};

// What the findings say.

/// ``pullpolicy/ignore names `latest-tags`, which is no pullpolicy rule: it suppresses nothing``
fn no_such_rule(id: &str) -> String {
    format!("{IGNORE} names `{id}`, which is no pullpolicy rule: it suppresses nothing")
}

/// ``did you mean `latest-tag`?``
fn did_you_mean(rule: &str) -> String {
    format!("did you mean `{rule}`?")
}

const WRITE_RULE_IDS: &str = "write rule ids as `pullpolicy rules` lists them, or `all`";

fn check(cx: &ObjectCx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    for place in annotated(doc, cx.object) {
        let Some(node) = annotation(doc, place.node, IGNORE) else {
            continue;
        };
        let value = doc.str(node).unwrap_or_default();
        for (id, _) in ids(value).filter(|(_, rule)| rule.is_none()) {
            let message = no_such_rule(id);
            let ids = RuleId::ALL.iter().map(|r| r.as_str());
            let help =
                typo::closest(id, ids).map_or_else(|| WRITE_RULE_IDS.to_owned(), did_you_mean);
            let path = format!("{}.annotations[{IGNORE}]", place.metadata_path);
            out.push(Diagnostic::new(doc.node(node).span, path, message).help(help));
        }
    }
}
