//! `always-needs-registry` (formerly `always-pull-pinned-digest`): `Always` on an image whose
//! bytes cannot change (a digest) or are not meant to (a tag outside `floatingTags`), so every
//! container start depends on the registry for nothing (docs/node.md).

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::node::Verification;
use crate::policy::PullPolicy;
use crate::severity::Severity::Info;

pub static RULE: Rule = Rule {
    id: RuleId::AlwaysNeedsRegistry,
    summary: "Always on a digest or a version tag: every container start needs the registry for nothing",
    explanation: "With `Always` the kubelet asks the registry at every container start, restarts \
        included, and never falls back to the cached image: a registry outage or rate limit \
        leaves crashed containers and new pods in `ErrImagePull` / `ImagePullBackOff` (retried \
        after 10 s, doubling to 5 minutes). That buys something only for a tag that moves. A \
        digest never changes, and a version tag (one that `latest` and `floatingTags` do not \
        match) is pushed once. `Always` also makes every start check the pod's own pull \
        credentials; from Kubernetes 1.35 the kubelet checks them for cached images itself \
        (KEP-2535, `KubeletEnsureSecretPulledImages`), except for preloaded ones. With \
        `allowedPullPolicies` excluding `IfNotPresent` the rule is silent. `latest` with a \
        digest is `latest-tag-with-digest`'s. Formerly `always-pull-pinned-digest`, which \
        still names it in settings and suppressions.",
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
            ("yet a digest never changes", Some(applicability))
        }
        (None, Some(tag)) if cx.settings.is_floating(tag) => return,
        (None, Some(_)) => ("yet a version tag is pushed once", None),
    };
    let message = format!(
        "{} pulls {} at every start, {why}",
        say::who(u),
        say::image(u),
    );
    const OUTAGE: &str = "an outage or rate limit then blocks restarts and new pods (ErrImagePull, then ImagePullBackOff)";
    let (note, help) = match applicability {
        Some(Applicability::Safe) => (OUTAGE.to_owned(), "use IfNotPresent"),
        Some(Applicability::Unsafe) => (
            format!(
                "{OUTAGE}; the kubelet does not check credentials of cached images ({}), so with IfNotPresent pods without credentials could run a cached copy",
                verification.describe()
            ),
            "use IfNotPresent",
        ),
        None => (
            OUTAGE.to_owned(),
            "use IfNotPresent if this tag is never pushed again, or pin its digest",
        ),
    };
    let fix = applicability.and_then(|a| cx.set_policy(PullPolicy::IfNotPresent, a));
    out.push(
        Diagnostic::new(cx.policy_span(), u.policy_path(), message)
            .note(note)
            .help(help)
            .fix(fix),
    );
}
