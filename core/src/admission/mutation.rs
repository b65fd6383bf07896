//! `mutate: explicit` and `mutate: always`: which pull-policy fields to write. Only those fields
//! change; every other byte of the object's JSON value stays as it came.

use serde_json::Value;

use super::request::{Operation, Request};
use crate::manifest::{ContainerKind, Object};
use crate::policy::{PullPolicy, Resolution};
use crate::settings::Mutate;

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

/// The patches `mode` asks for on the objects of a request (`before`: those of the old object
/// of an UPDATE). `only_ephemeral`: the request updates the `ephemeralcontainers`
/// subresource, which only stores ephemeral containers.
pub(crate) fn patches(
    mode: Mutate,
    request: &Request<'_>,
    objects: &[Object],
    before: Option<&[Object]>,
    only_ephemeral: bool,
) -> Vec<PolicyPatch> {
    let json = request.json;
    // Patches apply to the object, not to the payload around it.
    let Some(root) = request.object else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for object in objects {
        if mode == Mutate::Always && !always_pull_images_applies(request, object, before) {
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
                // A placeholder's default is decided by the image that fills it in.
                (Mutate::Explicit, Resolution::Defaulted { policy, .. })
                    if image.placeholder.is_none() =>
                {
                    Some(*policy)
                }
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
                path: format!("{}/{field}", json.pointer_from(root, node)),
                value,
            });
        }
    }
    out
}

/// The AlwaysPullImages admission plugin's scope, and one step past it: Pods only, on create,
/// and on update only when an image is new to the Pod. The plugin skips every subresource
/// (`shouldIgnore`), so `kubectl debug` containers (`pods/ephemeralcontainers`) bypass it; here
/// they get `Always` too, on purpose.
fn always_pull_images_applies(
    request: &Request<'_>,
    object: &Object,
    before: Option<&[Object]>,
) -> bool {
    // The plugin looks at the resource; a request scaffolded without a cluster (`kwctl
    // scaffold`) may carry a placeholder there, and a raw manifest has none: then the kind says.
    let is_pod = request.resource == Some(("", "pods"))
        || (object.id.kind.as_deref() == Some("Pod")
            && object.id.api_version.as_deref() == Some("v1"));
    if !is_pod {
        return false;
    }
    match (request.operation, before) {
        (Operation::Update, Some(before)) => {
            let old: Vec<&str> = before.iter().flat_map(container_images).collect();
            container_images(object).any(|image| !old.contains(&image))
        }
        _ => true,
    }
}

/// Every container image of a Pod (`isUpdateWithNoNewImages` compares these; image volumes are
/// not containers).
fn container_images(pod: &Object) -> impl Iterator<Item = &str> {
    pod.images
        .iter()
        .filter(|u| u.container.kind != ContainerKind::ImageVolume)
        .filter_map(|u| u.image.as_ref().map(|i| i.value.as_str()))
}

/// The object's JSON text with the patches applied. The pointers come from this object's own
/// tree, so each one names a mapping that exists.
pub(crate) fn apply(object: &str, patches: &[PolicyPatch]) -> Result<Value, String> {
    let mut out: Value = serde_json::from_str(object)
        .map_err(|e| format!("pullpolicy cannot read the object: {e}"))?;
    for patch in patches {
        let (parent, field) = patch.path.rsplit_once('/').unwrap_or(("", &patch.path));
        if let Some(Value::Object(map)) = out.pointer_mut(parent) {
            map.insert(field.to_owned(), Value::from(patch.value.as_str()));
        }
    }
    Ok(out)
}
