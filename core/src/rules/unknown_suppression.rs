//! `unknown-suppression`: a `pullpolicy/ignore` annotation that names no rule.

use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities, typo};
use crate::severity::Severity::Warning;
use crate::suppression::{IGNORE, annotated, annotation, ids};

pub static RULE: Rule = Rule {
    id: RuleId::UnknownSuppression,
    summary: "pullpolicy/ignore names a rule that does not exist",
    explanation: "A `pullpolicy/ignore` annotation lists rule ids (or `all`), on the object or on \
        a template inside it. An id that is no rule (a typo, another tool's id) suppresses \
        nothing: the findings it was meant to quiet are still reported, and at admission they \
        still warn and reject. `pullpolicy rules` lists the ids.",
    severity: Severities::every_profile(Warning),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/unknown_suppression.bad.yaml"),
    good_example: include_str!("examples/unknown_suppression.good.yaml"),
    example_settings: None,
    check: Check::Object(check),
};

fn check(cx: &ObjectCx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    for place in annotated(doc, cx.object) {
        let Some(node) = annotation(doc, place.node, IGNORE) else {
            continue;
        };
        let value = doc.str(node).unwrap_or_default();
        for (id, _) in ids(value).filter(|(_, rule)| rule.is_none()) {
            let message = format!(
                "{IGNORE} names `{id}`, which is no pullpolicy rule: it suppresses nothing"
            );
            let ids = RuleId::ALL.iter().map(|r| r.as_str());
            let help = match typo::closest(id, ids) {
                Some(rule) => format!("did you mean `{rule}`?"),
                None => "write rule ids as `pullpolicy rules` lists them, or `all`".to_owned(),
            };
            let path = format!("{}.annotations[{IGNORE}]", place.metadata_path);
            out.push(Diagnostic::new(doc.node(node).span, path, message).help(help));
        }
    }
}
