//! `ifnotpresent-mutable-tag`: `IfNotPresent` with a tag that moves.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, say};
use crate::fix::Applicability;
use crate::policy::{Defaulter, PullPolicy, knative_resolves};
use crate::severity::Severity::{Error, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::IfNotPresentMutableTag,
    summary: "IfNotPresent with a latest or floating tag: nodes drift apart",
    explanation: "With `IfNotPresent` a node pulls a tag once and keeps that image. When the tag \
        moves (`latest`, `main`, `stable`...), nodes that pulled at different times run different \
        builds, and no restart or `kubectl rollout restart` brings them in line. A digest-pinned \
        image, or a Knative Service (which resolves tags to digests), is not flagged.",
    severity: [Warning, Warning, Error],
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: "Unsafe: set `Always`. Better: pin a version tag or a digest.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:latest\n      imagePullPolicy: IfNotPresent\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:2.3.1\n      imagePullPolicy: IfNotPresent\n",
    example_settings: None,
    check: Check::Image(check),
};

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
    let message = format!(
        "{} keeps whichever {} each node pulled first (IfNotPresent, moving tag)",
        say::who(u),
        say::image(u)
    );
    out.push(
        Diagnostic::new(cx.policy_span(), u.policy_path(), message)
            .help("pin a version tag or a digest, or use Always")
            .fix(cx.set_policy(PullPolicy::Always, Applicability::Unsafe)),
    );
}
