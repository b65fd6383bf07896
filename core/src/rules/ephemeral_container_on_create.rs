//! `ephemeral-container-on-create`: ephemeral containers written into a Pod manifest or a pod
//! template, which the API server refuses.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::EPHEMERAL_ON_CREATE;
use crate::policy::{Defaulter, Resolution};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::EphemeralContainerOnCreate,
    summary: "Ephemeral containers in a Pod manifest or a pod template",
    explanation: "Ephemeral containers are added to a running Pod, through its \
        `pods/ephemeralcontainers` subresource (`kubectl debug`). The API server refuses a Pod \
        created with them (`spec.ephemeralContainers: Forbidden: cannot be set on create`) and \
        every pod template that has them (`ephemeral containers not allowed in pod template`), \
        so nothing in the manifest runs. Validation runs before validating admission webhooks, \
        so a policy never sees such a create; the rule matters in manifests.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/ephemeral_container_on_create.bad.yaml"),
    good_example: include_str!("examples/ephemeral_container_on_create.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Resolution::Forbidden(detail) = u.resolution else {
        return;
    };
    let on_create = detail == EPHEMERAL_ON_CREATE;
    let what = if on_create {
        "a Pod cannot be created with ephemeral containers"
    } else {
        "a pod template cannot have ephemeral containers"
    };
    let message = format!(
        "{}: {what} ({})",
        say::rejecter(&u.object, cx.pod_spec.by),
        say::who(u)
    );
    // A controller copies the pod spec into the object it creates; that object is refused.
    let note = match cx.pod_spec.by {
        Defaulter::ApiServer => format!(
            "{}.ephemeralContainers: Forbidden: {detail}",
            u.pod_spec_path
        ),
        Defaulter::Controller | Defaulter::Knative => {
            format!("ephemeralContainers: Forbidden: {detail}")
        }
    };
    let help = if on_create {
        "remove it; add it to the running Pod with kubectl debug"
    } else {
        "remove it; kubectl debug adds one to a running Pod"
    };
    out.push(
        Diagnostic::new(u.container.span, u.container.path.clone(), message)
            .note(note)
            .help(help),
    );
}
