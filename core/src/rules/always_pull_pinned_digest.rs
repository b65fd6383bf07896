//! `always-pull-pinned-digest`: `Always` on an image pinned by digest alone.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, say};
use crate::fix::Applicability;
use crate::policy::PullPolicy;
use crate::severity::Severity::{Info, Off};

pub static RULE: Rule = Rule {
    id: RuleId::AlwaysPullPinnedDigest,
    summary: "Always on a digest-pinned image: every start needs the registry for nothing",
    explanation: "A digest names exactly one image, so pulling again can never bring anything \
        new; with `Always` each container start still asks the registry, and a registry outage or \
        rate limit blocks restarts (`ImagePullBackOff`). The exception is deliberate: `Always` \
        makes the kubelet check pull credentials on every start, which some multi-tenant \
        clusters require (with `allowedPullPolicies` excluding `IfNotPresent` the rule is \
        silent); from Kubernetes 1.35 the kubelet checks credentials of cached images itself \
        (KEP-2535).",
    severity: [Off, Info, Info],
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: "Unsafe: set `IfNotPresent`.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31\n      imagePullPolicy: Always\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31\n      imagePullPolicy: IfNotPresent\n",
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
        || r.digest().is_none()
        || r.tag().is_some()
    {
        return;
    }
    let message = format!(
        "{} pulls {} at every start, yet a digest never changes",
        say::who(u),
        say::image(u)
    );
    out.push(
        Diagnostic::new(cx.policy_span(), u.policy_path(), message)
            .note("a registry outage or rate limit then blocks restarts (ImagePullBackOff)")
            .help("use IfNotPresent")
            .fix(cx.set_policy(PullPolicy::IfNotPresent, Applicability::Unsafe)),
    );
}
