//! `always-needs-registry` (formerly `always-pull-pinned-digest`): `Always` on an image whose
//! bytes cannot change (a digest) or are not meant to (a tag outside `floatingTags`), so every
//! container start depends on the registry for nothing (docs/node.md).

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::manifest::ImageUse;
use crate::node::Verification;
use crate::policy::PullPolicy;
use crate::severity::Severity::Info;

pub static RULE: Rule = Rule {
    id: RuleId::AlwaysNeedsRegistry,
    summary: "Always on a digest or a version tag: every container start needs the registry for nothing",
    why: "`Always` makes every container start depend on the registry, which buys something \
        only for a tag that moves. A digest never changes, and a version tag (one that `latest` \
        and `floatingTags` do not match) is pushed once. With `allowedPullPolicies` excluding \
        `IfNotPresent` the rule is silent. `latest` with a digest is \
        `latest-tag-with-digest`'s. Formerly `always-pull-pinned-digest`, which still names it \
        in settings and suppressions.",
    cluster: "With `Always` the kubelet asks the registry at every container start, restarts \
        included, and never falls back to the cached image: a registry outage or rate limit \
        leaves crashed containers and new pods in `ErrImagePull` / `ImagePullBackOff` (retried \
        after 10 s, doubling to 5 minutes). `Always` also makes every start check the pod's own \
        pull credentials; from Kubernetes 1.35 the kubelet checks them for cached images itself \
        (KEP-2535, `KubeletEnsureSecretPulledImages`), except for preloaded ones.",
    severity: Severities::every_profile(Info),
    configured_by: None,
    fix: FixAvailability::Sometimes,
    fix_description: Some(
        "For a digest, set `IfNotPresent`: safe when the kubelet checks the \
        credentials of cached images (the 1.35 defaults, or `kubelet` settings saying so), since \
        the same bytes run for the same pods; unsafe on older kubelets (a pod without \
        credentials could run another pod's cached copy). A version tag gets no edit: tags do \
        get pushed again, and then `IfNotPresent` would keep the stale image.",
    ),
    bad_example: include_str!("examples/always_needs_registry.bad.yaml"),
    good_example: include_str!("examples/always_needs_registry.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `container web pulls docker.io/library/nginx@sha256:0d17b565c37b… at every start, yet a
/// digest never changes`
fn pulls_at_every_start(u: &ImageUse, why: &str) -> String {
    format!(
        "{} pulls {} at every start, {why}",
        say::who(u),
        say::image(u),
    )
}

const DIGEST: &str = "yet a digest never changes";

const VERSION_TAG: &str = "yet a version tag is pushed once";

const OUTAGE: &str = "an outage or rate limit then blocks restarts and new pods (ErrImagePull, then ImagePullBackOff)";

/// The note on an older kubelet: `an outage or rate limit then blocks restarts and new pods
/// (ErrImagePull, then ImagePullBackOff); the kubelet does not check credentials of cached
/// images (1.34: KubeletEnsureSecretPulledImages off (default)), so with IfNotPresent pods
/// without credentials could run a cached copy`
fn outage_and_unchecked(verification: Verification) -> String {
    format!(
        "{OUTAGE}; the kubelet does not check credentials of cached images ({}), so with IfNotPresent pods without credentials could run a cached copy",
        verification.describe()
    )
}

const USE_IF_NOT_PRESENT: &str = "use IfNotPresent";

const IF_NEVER_PUSHED_AGAIN: &str =
    "use IfNotPresent if this tag is never pushed again, or pin its digest";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let allowed = &cx.settings.allowed_pull_policies;
    if (!allowed.is_empty() && !allowed.contains(&PullPolicy::IfNotPresent))
        || u.resolution.effective() != Some(PullPolicy::Always)
    {
        return;
    }
    let verification = Verification::of(cx.settings.kubernetes_version, &cx.settings.kubelet);
    // A version tag gets no edit: tags do get pushed again (a rebuilt `5c3dda6b`), and then
    // IfNotPresent would bring back the stale image the writer of `Always` meant to avoid.
    let (why, applicability) = match (r.digest(), r.tag()) {
        (_, Some("latest")) | (None, None) => return,
        (Some(_), _) => {
            let applicability = if verification.checks_pulled_images() {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            (DIGEST, Some(applicability))
        }
        (None, Some(tag)) if cx.settings.is_floating(tag) => return,
        (None, Some(_)) => (VERSION_TAG, None),
    };
    let (note, help) = match applicability {
        Some(Applicability::Safe) => (OUTAGE.to_owned(), USE_IF_NOT_PRESENT),
        Some(Applicability::Unsafe) => (outage_and_unchecked(verification), USE_IF_NOT_PRESENT),
        None => (OUTAGE.to_owned(), IF_NEVER_PUSHED_AGAIN),
    };
    let fix = applicability.and_then(|a| cx.set_policy(PullPolicy::IfNotPresent, a));
    out.push(
        Diagnostic::new(
            cx.policy_span(),
            u.policy_path(),
            pulls_at_every_start(u, why),
        )
        .note(note)
        .help(help)
        .fix(fix),
    );
}
