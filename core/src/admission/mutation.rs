//! `mutate: explicit` and `mutate: always`: which pull-policy fields to write. Only those fields
//! change; every other byte of the object's JSON value stays as it came.

use serde_json::Value;

use super::request::{Operation, Request};
use crate::manifest::{ContainerKind, Object};
use crate::policy::{PullPolicy, Resolution};
use crate::settings::Mutate;
use crate::yaml::JsonDocument;

/// One JSON Patch (RFC 6902) operation that sets a pull policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPatch {
    /// `true`: the field was there with another value (`replace`); `false`: it is added.
    pub replaces: bool,
    /// JSON pointer of the field, e.g. `/spec/containers/0/imagePullPolicy`.
    pub path: String,
    pub value: PullPolicy,
}

impl PolicyPatch {
    pub fn op(&self) -> &'static str {
        if self.replaces { "replace" } else { "add" }
    }

    /// The operation as JSON: `{"op": "add", "path": ..., "value": ...}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({"op": self.op(), "path": self.path, "value": self.value.as_str()})
    }
}

/// The patches `mode` asks for on the objects of a request. `only_ephemeral`: the request
/// updates the `ephemeralcontainers` subresource, which only stores ephemeral containers.
pub(crate) fn patches(
    mode: Mutate,
    request: &Request<'_>,
    json: &JsonDocument<'_>,
    objects: &[Object],
    only_ephemeral: bool,
) -> Vec<PolicyPatch> {
    let mut out = Vec::new();
    for object in objects {
        if mode == Mutate::Always && !always_pull_images_applies(request, object) {
            continue;
        }
        for (image, &(node, _)) in object.images.iter().zip(&object.image_nodes) {
            let kind = image.container.kind;
            if only_ephemeral && kind != ContainerKind::EphemeralContainer {
                continue;
            }
            let value = match (mode, &image.resolution) {
                (Mutate::None, _) => None,
                // Writing the default down changes nothing the node does.
                (Mutate::Explicit, Resolution::Defaulted { policy, .. }) => Some(*policy),
                (Mutate::Explicit, _) => None,
                // AlwaysPullImages sets every container, and leaves image volumes alone.
                (Mutate::Always, _) => (kind != ContainerKind::ImageVolume
                    && image.resolution != Resolution::Explicit(PullPolicy::Always))
                .then_some(PullPolicy::Always),
            };
            let Some(value) = value else { continue };
            let field = kind.policy_field();
            out.push(PolicyPatch {
                replaces: json.doc.value(node, field).is_some(),
                path: format!("{}/{field}", json.pointer(node)),
                value,
            });
        }
    }
    out
}

/// The AlwaysPullImages admission plugin's scope: Pods (and their `ephemeralcontainers`
/// subresource) only, on create, and on update only when an image is new to the Pod.
fn always_pull_images_applies(request: &Request<'_>, object: &Object) -> bool {
    // The plugin looks at the resource; a request scaffolded without a cluster (`kwctl
    // scaffold`) may carry a placeholder there, and a raw manifest has none: then the kind says.
    let is_pod = request.resource == Some(("", "pods"))
        || (object.id.kind.as_deref() == Some("Pod")
            && object.id.api_version.as_deref() == Some("v1"));
    if !is_pod {
        return false;
    }
    match (request.operation, request.old_object) {
        (Operation::Update, Some(old)) => {
            let before = pod_images(old);
            pod_images(request.object)
                .iter()
                .any(|image| !before.contains(image))
        }
        _ => true,
    }
}

/// Every container image of a Pod's JSON (`isUpdateWithNoNewImages` compares these).
fn pod_images(pod: &Value) -> Vec<&str> {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|list| pod.pointer(&format!("/spec/{list}"))?.as_array())
        .flatten()
        .filter_map(|c| c.get("image")?.as_str())
        .collect()
}

/// Applies patches to a copy of the object. The pointers come from this object's own tree, so
/// each one names a mapping that exists.
pub(crate) fn apply(object: &Value, patches: &[PolicyPatch]) -> Value {
    let mut out = object.clone();
    for patch in patches {
        let (parent, field) = patch.path.rsplit_once('/').unwrap_or(("", &patch.path));
        if let Some(Value::Object(map)) = out.pointer_mut(parent) {
            map.insert(field.to_owned(), Value::from(patch.value.as_str()));
        }
    }
    out
}
