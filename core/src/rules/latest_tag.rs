//! `latest-tag`: an untagged or `:latest` image.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::severity::Severity::{Error, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::LatestTag,
    summary: "Untagged or :latest image",
    explanation: "`latest` (also what an untagged image means) moves with every push. Nodes that \
        pulled at different times run different builds, a rollback returns to whatever `latest` \
        is now, and nobody can tell from the manifest what runs. A digest-pinned image is not \
        flagged.",
    severity: Severities {
        dev: Info,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/latest_tag.bad.yaml"),
    good_example: include_str!("examples/latest_tag.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, _)) = cx.reference() else {
        return;
    };
    if r.digest().is_some() || !matches!(r.tag(), None | Some("latest")) {
        return;
    }
    out.push(say::moving_tag(cx, "a tag that moves with every push"));
}
