//! `missing-image`: a container without an image.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::{ContainerKind, FoundBy, ImageUse};
use crate::policy::{Defaulter, Resolution};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::MissingImage,
    summary: "Container or image volume without an image",
    why: "`image` is required: an object with a container without one is rejected. Not \
        reported in a custom resource of unknown kind (its pod template found by its shape: \
        operators fill in such templates' images), nor in a kustomize patch (it leaves out all it \
        does not change); an Argo template takes the image of the workflow's `templateDefaults`.",
    cluster: "The API server rejects a Pod or a workload whose pod template has a container \
        without an image (`Required value`, from `validateContainerCommon`). An image volume's \
        `reference` is required in Pods only (`validateImageVolumeSource`, when \
        `opts.ResourceIsPod`), so that a controller may fill it in: a workload without one is \
        admitted, and the Pods its controller creates are rejected (`FailedCreate` events). In a \
        custom resource nothing checks either until the controller creates the Pod, which is \
        then rejected.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/missing_image.bad.yaml"),
    good_example: include_str!("examples/missing_image.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `the API server rejects this Pod: container web has no image`; for an image volume of a
/// workload, `the API server admits this Deployment and rejects every Pod made from it: ...`
fn has_no_image(u: &ImageUse, by: Defaulter, pods_only: bool) -> String {
    let rejecter = match by {
        Defaulter::ApiServer if pods_only => format!(
            "the API server admits this {} and rejects every Pod made from it",
            u.object.kind.as_deref().unwrap_or("object")
        ),
        _ => say::rejecter(&u.object, by),
    };
    format!("{rejecter}: {} has no image", say::who(u))
}

/// The API server's error: on the object, or (for an image volume of a workload) on each Pod
/// made from it, whose field path starts at the Pod's `spec`: `spec.containers[0].image:
/// Required value`, `each Pod: spec.volumes[0].image.reference: Required value`.
fn required(u: &ImageUse, pods_only: bool) -> String {
    let path = u.image_path();
    match path.strip_prefix(&u.pod_spec_path) {
        Some(rest) if pods_only => format!("each Pod: spec{rest}: Required value"),
        _ => format!("{path}: Required value"),
    }
}

/// `add image: with the image to run`, and when the object may be a kustomize patch, what to
/// lint it with.
fn add_the_image(u: &ImageUse, maybe_a_patch: bool) -> String {
    let field = u.container.kind.image_field();
    let mut help = format!("add {field}: with the image to run");
    if maybe_a_patch {
        help.push_str(KUSTOMIZE_PATCH);
    }
    help
}

const KUSTOMIZE_PATCH: &str = "; if this file is a kustomize patch, lint it with its kustomization (kustomization.yaml beside or above it)";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let empty = u.image.as_ref().is_none_or(|i| i.value.is_empty());
    if !empty || u.image_wrong_type.is_some() || matches!(u.resolution, Resolution::Forbidden(_)) {
        return;
    }
    // A pod template found only by its shape belongs to an operator's resource, and operators
    // fill in or merge the containers of such templates (a CloudNativePG Pooler's).
    if u.found_by == FoundBy::Shape {
        return;
    }
    // kubernetes `validation.go`: `validateContainerCommon` requires `image` everywhere;
    // `validateImageVolumeSource` requires `reference` only when `opts.ResourceIsPod`.
    let is_pod = u.object.kind.as_deref() == Some("Pod") && cx.pod_spec.by == Defaulter::ApiServer;
    let pods_only = u.container.kind == ContainerKind::ImageVolume && !is_pod;
    // An object none of whose containers has an image is most often a kustomize patch read
    // without the kustomization that lists it.
    let maybe_a_patch = cx.object.images.iter().all(|i| i.image.is_none());
    out.push(
        Diagnostic::new(
            cx.image_span(),
            u.image_path(),
            has_no_image(u, cx.pod_spec.by, pods_only),
        )
        .note(required(u, pods_only))
        .help(add_the_image(u, maybe_a_patch)),
    );
}
