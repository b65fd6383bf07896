//! `floating-tag`: a tag that is moved on purpose (`stable`, `main`, `*-SNAPSHOT`...).

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::severity::Severity::{Error, Off, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::FloatingTag,
    summary: "Tag that moves on purpose (stable, main, nightly, *-SNAPSHOT...)",
    why: "Branch and channel tags are re-pushed on purpose, like `latest`. The patterns are \
        globs matched without case (`floatingTags` replaces the default list: `stable`, `main`, \
        `master`, `develop`, `dev`, `edge`, `nightly`, `snapshot`, `*-SNAPSHOT`). A digest-pinned \
        image is not flagged.",
    cluster: "Nodes that pulled the tag at different times run different builds. With \
        `IfNotPresent` they never update; with `Always` every restart may bring a new build.",
    severity: Severities {
        dev: Off,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/floating_tag.bad.yaml"),
    good_example: include_str!("examples/floating_tag.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// The end of `container web runs ghcr.io/acme/web:main, a tag that is moved on purpose`
/// ([`say::moving_tag`] says the rest, and the note and help).
const MOVED_ON_PURPOSE: &str = "a tag that is moved on purpose";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let Some(tag) = r.tag() else {
        return;
    };
    if r.digest().is_some() || tag == "latest" || !cx.settings.is_floating(tag) {
        return;
    }
    out.push(say::moving_tag(cx, MOVED_ON_PURPOSE));
}
