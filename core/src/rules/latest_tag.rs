//! `latest-tag`: an untagged or `:latest` image.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::severity::Severity::{Error, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::LatestTag,
    summary: "Untagged or :latest image",
    why: "`latest` moves with every push, so nobody can tell from the manifest what runs. An \
        untagged image is flagged too; a digest-pinned image is not flagged.",
    cluster: "An untagged image means `latest`: the node pulls it as `:latest`. Nodes that \
        pulled at different times run different builds, and a rollback returns to whatever \
        `latest` is now.",
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

// What the findings say.

/// The end of `container web runs docker.io/library/nginx:latest, a tag that moves with every
/// push` ([`say::moving_tag`] says the rest, and the note and help).
const MOVES_WITH_EVERY_PUSH: &str = "a tag that moves with every push";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, _)) = cx.reference() else {
        return;
    };
    if r.digest().is_some() || !matches!(r.tag(), None | Some("latest")) {
        return;
    }
    out.push(say::moving_tag(cx, MOVES_WITH_EVERY_PUSH));
}
