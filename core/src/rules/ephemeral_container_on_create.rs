//! `ephemeral-container-on-create`: ephemeral containers written into a Pod manifest or a pod
//! template, which the API server refuses.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::{EPHEMERAL_ON_CREATE, ImageUse};
use crate::policy::{Defaulter, Resolution};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::EphemeralContainerOnCreate,
    summary: "Ephemeral containers in a Pod manifest or a pod template",
    why: "Ephemeral containers are added to a running Pod, through its \
        `pods/ephemeralcontainers` subresource (`kubectl debug`). The rule matters in manifests: \
        an admission policy never sees such a create.",
    cluster: "The API server refuses a Pod created with them (`spec.ephemeralContainers: \
        Forbidden: cannot be set on create`) and every pod template that has them (`ephemeral \
        containers not allowed in pod template`), so nothing in the manifest runs. Validation \
        runs before validating admission webhooks, so they never see such a create.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/ephemeral_container_on_create.bad.yaml"),
    good_example: include_str!("examples/ephemeral_container_on_create.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `the API server rejects this Pod: a Pod cannot be created with ephemeral containers
/// (ephemeral container debugger)`; for a pod template, `...: a pod template cannot have
/// ephemeral containers (...)`
fn cannot_have_them(u: &ImageUse, by: Defaulter, on_create: bool) -> String {
    let what = if on_create {
        "a Pod cannot be created with ephemeral containers"
    } else {
        "a pod template cannot have ephemeral containers"
    };
    format!("{}: {what} ({})", say::rejecter(&u.object, by), say::who(u))
}

/// The API server's error: `spec.ephemeralContainers: Forbidden: cannot be set on create`; a
/// controller copies the pod spec into the object it creates, and that object is refused, so
/// there the path starts at `ephemeralContainers`.
fn forbidden(u: &ImageUse, by: Defaulter, detail: &str) -> String {
    match by {
        Defaulter::ApiServer => format!(
            "{}.ephemeralContainers: Forbidden: {detail}",
            u.pod_spec_path
        ),
        Defaulter::Controller | Defaulter::Knative => {
            format!("ephemeralContainers: Forbidden: {detail}")
        }
    }
}

/// `remove it; add it to the running Pod with kubectl debug`; for a pod template, `remove it;
/// kubectl debug adds one to a running Pod`
fn remove_it(on_create: bool) -> &'static str {
    if on_create {
        "remove it; add it to the running Pod with kubectl debug"
    } else {
        "remove it; kubectl debug adds one to a running Pod"
    }
}

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Resolution::Forbidden(detail) = u.resolution else {
        return;
    };
    let on_create = detail == EPHEMERAL_ON_CREATE;
    out.push(
        Diagnostic::new(
            u.container.span,
            u.container.path.clone(),
            cannot_have_them(u, cx.pod_spec.by, on_create),
        )
        .note(forbidden(u, cx.pod_spec.by, detail))
        .help(remove_it(on_create)),
    );
}
