//! `implicit-always-pull`: no policy, and the image is untagged or `:latest`, so `Always`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::policy::{DefaultReason, Defaulter, PullPolicy, Resolution};
use crate::severity::Severity::{Error, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::ImplicitAlwaysPull,
    summary: "No imagePullPolicy on an untagged or :latest image, so it defaults to Always",
    explanation: "When `imagePullPolicy` is absent and the image has no tag or the tag `latest` \
        (even with a digest), the API server writes `Always`. Every container start, restarts \
        included, then asks the registry. An image that exists only on the node (built with \
        `docker build` on Docker Desktop, loaded with `kind load` or `minikube image load`) fails \
        with `ErrImagePull`: `registry/demoapi:latest` is looked up as \
        `docker.io/registry/demoapi:latest` on Docker Hub. A registry outage blocks restarts.",
    severity: Severities {
        dev: Warning,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::Safe,
    fix_description: Some(
        "Safe: write `imagePullPolicy: Always` explicitly. Unsafe alternative: \
        `IfNotPresent`, to use an image already on the node. Or pin a version tag.",
    ),
    bad_example: include_str!("examples/implicit_always_pull.bad.yaml"),
    good_example: include_str!("examples/implicit_always_pull.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Resolution::Defaulted {
        policy: PullPolicy::Always,
        why,
        by,
    } = &u.resolution
    else {
        return;
    };
    let tag = match why {
        DefaultReason::ImpliedLatest => "no tag",
        _ => "tag latest",
    };
    let field = u.container.kind.policy_field();
    let message = match by {
        Defaulter::ApiServer => format!(
            "{}: Always by default ({tag}), so every start pulls {}",
            say::who(u),
            say::image(u)
        ),
        Defaulter::Controller | Defaulter::Knative => format!(
            "{}: its Pod gets Always ({tag}), so every start pulls {}",
            say::who(u),
            say::image(u)
        ),
    };
    let mut d = Diagnostic::new(cx.image_span(), u.policy_path(), message);
    d.note = say::notes([
        say::written_as(u),
        Some("an image that exists only on the node (docker build, kind load) fails with ErrImagePull".into()),
    ]);
    out.push(
        d
            .help(format!(
                "write {field}: Always to say so, IfNotPresent to use a local image, or pin a version tag"
            ))
            .fix(cx.set_policy(PullPolicy::Always, Applicability::Safe))
            .fix(cx.set_policy(PullPolicy::IfNotPresent, Applicability::Unsafe)),
    );
}
