//! `pull-policy-not-allowed`: an effective policy outside `allowedPullPolicies`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::manifest::ImageUse;
use crate::policy::{PullPolicy, Resolution};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::PullPolicyNotAllowed,
    summary: "Effective policy outside allowedPullPolicies",
    why: "Runs only when `allowedPullPolicies` is set. Multi-tenant clusters often require \
        `Always`, so that every start checks the pod's own pull credentials. The effective \
        policy counts: a defaulted `IfNotPresent` is flagged like a written one.",
    cluster: "The API server admits any of the three policies; `Always` is what the \
        AlwaysPullImages admission plugin enforces. Before the kubelet's \
        ensure-secret-pulled-images check (KEP-2535, on by default from Kubernetes 1.35), a pod \
        could run another tenant's private image cached on the node.",
    severity: Severities::every_profile(Error),
    configured_by: Some("allowedPullPolicies"),
    fix: FixAvailability::Unsafe,
    fix_description: Some("Unsafe: set the first allowed policy."),
    bad_example: include_str!("examples/pull_policy_not_allowed.bad.yaml"),
    good_example: include_str!("examples/pull_policy_not_allowed.good.yaml"),
    example_settings: Some(r#"{"allowedPullPolicies": ["Always"]}"#),
    check: Check::Image(check),
};

// What the findings say.

/// `container web pulls with IfNotPresent (defaulted), but only Always is allowed here`
fn not_allowed(u: &ImageUse, policy: PullPolicy, allowed: &[PullPolicy]) -> String {
    let list: Vec<&str> = allowed.iter().map(|p| p.as_str()).collect();
    format!(
        "{} pulls with {policy} ({}), but only {} is allowed here",
        say::who(u),
        u.resolution.source().as_str(),
        list.join(" or ")
    )
}

/// `set imagePullPolicy: Always`
fn set_first(u: &ImageUse, first: PullPolicy) -> String {
    format!("set {}: {first}", u.container.kind.policy_field())
}

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let allowed = &cx.settings.allowed_pull_policies;
    let u = cx.image;
    let (Some(&first), Some(policy)) = (allowed.first(), u.resolution.effective()) else {
        return;
    };
    // A placeholder's default follows the image that fills it in.
    if u.placeholder.is_some() && !matches!(u.resolution, Resolution::Explicit(_)) {
        return;
    }
    if allowed.contains(&policy) {
        return;
    }
    out.push(
        Diagnostic::new(
            cx.policy_span(),
            u.policy_path(),
            not_allowed(u, policy, allowed),
        )
        .help(set_first(u, first))
        .fix(cx.set_policy(first, Applicability::Unsafe)),
    );
}
