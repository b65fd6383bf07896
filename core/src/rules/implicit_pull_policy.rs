//! `implicit-pull-policy`: no policy written, so the cluster picks one.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::manifest::ImageUse;
use crate::policy::{DefaultReason, Defaulter, PullPolicy, Resolution};
use crate::severity::Severity::{self, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::ImplicitPullPolicy,
    summary: "No imagePullPolicy: say what it defaults to and why",
    why: "An absent or empty `imagePullPolicy` leaves the policy to the cluster: this rule \
        says what it picks and why. Not reported where another finding says it: a default of \
        `Always` is `implicit-always-pull`'s (unless that rule is off), and a missing or \
        unparsable image is `missing-image`'s or `invalid-image-reference`'s.",
    cluster: "An absent or empty `imagePullPolicy` is defaulted once, when the object is \
        created: `Always` for an untagged or `:latest` image, `IfNotPresent` for anything else \
        (a digest-only image included; an unparsable image too). The value is then stored: \
        changing the image from `:1.0` to `:latest` later keeps `IfNotPresent`. Custom resources \
        are defaulted only when their controller creates the Pod; Knative resolves tags to \
        digests first, so its Pods get `IfNotPresent`.",
    severity: Severities {
        dev: Info,
        prod: Info,
        strict: Warning,
    },
    configured_by: None,
    fix: FixAvailability::Safe,
    fix_description: Some("Safe: write the defaulted value explicitly."),
    bad_example: include_str!("examples/implicit_pull_policy.bad.yaml"),
    good_example: include_str!("examples/implicit_pull_policy.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `container web has no imagePullPolicy: tag 1.27 is not latest, so IfNotPresent`, and `(defaulted
/// when its controller creates the Pod)` when a controller does it.
fn no_policy(u: &ImageUse, why: &DefaultReason, by: Defaulter) -> String {
    let field = u.container.kind.policy_field();
    let when = match by {
        Defaulter::ApiServer => "",
        Defaulter::Controller | Defaulter::Knative => {
            " (defaulted when its controller creates the Pod)"
        }
    };
    format!("{} has no {field}: {why}{when}", say::who(u))
}

/// `write imagePullPolicy: IfNotPresent to make it explicit`
fn make_explicit(u: &ImageUse, policy: PullPolicy) -> String {
    let field = u.container.kind.policy_field();
    format!("write {field}: {policy} to make it explicit")
}

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Resolution::Defaulted { policy, why, by } = &u.resolution else {
        return;
    };
    // One finding per problem: a missing or unparsable image is its own finding, and the
    // default of one is nobody's intent; a default of Always is implicit-always-pull's, with
    // the same fix, unless that rule is off.
    let said_elsewhere = *policy == PullPolicy::Always
        && cx.settings.severity(RuleId::ImplicitAlwaysPull) != Severity::Off;
    if said_elsewhere || matches!(why, DefaultReason::NoImage | DefaultReason::Unparsable(_)) {
        return;
    }
    let fix = cx.set_policy(*policy, Applicability::Safe);
    let d = Diagnostic::new(cx.image_span(), u.policy_path(), no_policy(u, why, *by))
        .help(make_explicit(u, *policy))
        .fix(fix);
    out.push(d);
}
