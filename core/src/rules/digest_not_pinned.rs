//! `digest-not-pinned`: an image without a digest.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::ImageUse;
use crate::severity::Severity::{Off, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::DigestNotPinned,
    summary: "Image without a digest",
    why: "Pinning by digest makes deployments reproducible and rollbacks exact. \
        `requireDigest: true` raises this rule to `error`; `digestExemptions` lists registries \
        or repositories it does not apply to (e.g. your own registry that forbids tag \
        overwrites).",
    cluster: "Only a digest (`@sha256:...`) names exactly one image; any tag can be pushed \
        again, so when a node pulls a tag, the registry decides what runs.",
    severity: Severities {
        dev: Off,
        prod: Off,
        strict: Warning,
    },
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/digest_not_pinned.bad.yaml"),
    good_example: include_str!("examples/digest_not_pinned.good.yaml"),
    example_settings: Some(r#"{"requireDigest": true}"#),
    check: Check::Image(check),
};

// What the findings say.

/// `container web runs docker.io/library/nginx:1.27 without a digest: the registry decides which
/// build runs`
fn no_digest(u: &ImageUse) -> String {
    format!(
        "{} runs {} without a digest: the registry decides which build runs",
        say::who(u),
        say::image(u)
    )
}

const PIN_THE_DIGEST: &str =
    "pin the digest: image@sha256:... (keep the tag for readers: name:tag@sha256:...)";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let name = r.name();
    if r.digest().is_some()
        || cx
            .settings
            .digest_exemptions
            .iter()
            .any(|e| e.pattern.matches(&name))
    {
        return;
    }
    let u = cx.image;
    out.push(Diagnostic::new(cx.image_span(), u.image_path(), no_digest(u)).help(PIN_THE_DIGEST));
}
