//! `implicit-always-pull`: no policy, and the image is untagged or `:latest`, so `Always`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::manifest::ImageUse;
use crate::policy::{DefaultReason, Defaulter, PullPolicy, Resolution};
use crate::severity::Severity::{Error, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::ImplicitAlwaysPull,
    summary: "No imagePullPolicy on an untagged or :latest image, so it defaults to Always",
    why: "An image that exists only on the node (built with `docker build` on Docker Desktop, \
        loaded with `kind load` or `minikube image load`) fails with `ErrImagePull`: \
        `registry/demoapi:latest` is looked up as `docker.io/registry/demoapi:latest` on Docker \
        Hub. A registry outage blocks restarts.",
    cluster: "When `imagePullPolicy` is absent and the image has no tag or the tag `latest` \
        (even with a digest), the API server writes `Always`. Every container start, restarts \
        included, then asks the registry.",
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

// What the findings say.

/// Why the default is `Always`: `no tag`, or `tag latest`.
fn tag(why: &DefaultReason) -> &'static str {
    match why {
        DefaultReason::ImpliedLatest => "no tag",
        _ => "tag latest",
    }
}

/// `container demoapi: Always by default (tag latest), so every start pulls
/// docker.io/registry/demoapi:latest`; through a controller, `container demoapi: its Pod gets
/// Always (no tag), so every start pulls ...`
fn always_by_default(u: &ImageUse, by: Defaulter, tag: &str) -> String {
    match by {
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
    }
}

/// `registry/demoapi:latest is pulled as docker.io/registry/demoapi:latest; an image that
/// exists only on the node (docker build, kind load) fails with ErrImagePull`
fn local_images_fail(u: &ImageUse) -> Option<String> {
    say::notes([say::written_as(u), Some(ONLY_ON_THE_NODE.into())])
}

const ONLY_ON_THE_NODE: &str =
    "an image that exists only on the node (docker build, kind load) fails with ErrImagePull";

/// `write imagePullPolicy: Always to say so, IfNotPresent to use a local image, or pin a
/// version tag`
fn say_so(u: &ImageUse) -> String {
    format!(
        "write {}: Always to say so, IfNotPresent to use a local image, or pin a version tag",
        u.container.kind.policy_field()
    )
}

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
    let mut d = Diagnostic::new(
        cx.image_span(),
        u.policy_path(),
        always_by_default(u, *by, tag(why)),
    );
    d.note = local_images_fail(u);
    out.push(
        d.help(say_so(u))
            .fix(cx.set_policy(PullPolicy::Always, Applicability::Safe))
            .fix(cx.set_policy(PullPolicy::IfNotPresent, Applicability::Unsafe)),
    );
}
