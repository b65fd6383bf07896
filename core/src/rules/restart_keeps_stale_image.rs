//! `restart-keeps-stale-image` (formerly `ifnotpresent-mutable-tag`): `IfNotPresent` with a tag
//! that moves, so a restart or rollout keeps each node's cached build (docs/node.md).

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::manifest::ImageUse;
use crate::policy::{Defaulter, PullPolicy, knative_resolves};
use crate::severity::Severity::{Error, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::RestartKeepsStaleImage,
    summary: "IfNotPresent with a latest or floating tag: a rollout restart keeps each node's cached build",
    why: "When the tag moves (`latest`, `main`, `stable`...), a node keeps the build it pulled \
        first: neither a container restart nor `kubectl rollout restart` (new pods, same spec) \
        picks up a new push, and nodes that pulled at different times run different builds. A \
        digest-pinned image, or a Knative Service (which resolves tags to digests), is not \
        flagged. Formerly `ifnotpresent-mutable-tag`, which still names it in settings and \
        suppressions.",
    cluster: "With `IfNotPresent` the kubelet pulls only when the node lacks the image, so after \
        a new push only nodes that never had the image pull it.",
    severity: Severities {
        dev: Info,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: Some(
        "Unsafe: set `Always`, so every container start pulls the tag again. \
        Better: pin the digest of the build to run (pullpolicy cannot know it, so it offers no \
        edit for that).",
    ),
    bad_example: include_str!("examples/restart_keeps_stale_image.bad.yaml"),
    good_example: include_str!("examples/restart_keeps_stale_image.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `container web keeps each node's cached ghcr.io/acme/web:latest: a rollout restart misses a
/// new push (IfNotPresent)`
fn keeps_cached(u: &ImageUse) -> String {
    format!(
        "{} keeps each node's cached {}: a rollout restart misses a new push (IfNotPresent)",
        say::who(u),
        say::image(u)
    )
}

const DIFFERENT_BUILDS: &str = "only nodes without the image pull it, so nodes that pulled at different times run different builds";

const PIN_OR_ALWAYS: &str = "pin the digest of the build to run (image@sha256:...), or use Always";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Some((r, _)) = cx.reference() else {
        return;
    };
    // Knative pins each revision to the digest the tag named when the revision was made.
    let pinned_by_knative = cx.pod_spec.by == Defaulter::Knative && knative_resolves(r);
    if u.resolution.effective() != Some(PullPolicy::IfNotPresent)
        || r.digest().is_some()
        || pinned_by_knative
    {
        return;
    }
    let moving = match r.tag() {
        None | Some("latest") => true,
        Some(tag) => cx.settings.is_floating(tag),
    };
    if !moving {
        return;
    }
    out.push(
        Diagnostic::new(cx.policy_span(), u.policy_path(), keeps_cached(u))
            .note(DIFFERENT_BUILDS)
            .help(PIN_OR_ALWAYS)
            .fix(cx.set_policy(PullPolicy::Always, Applicability::Unsafe)),
    );
}
