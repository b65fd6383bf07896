//! Phrases the rule messages share, so every rule names things the same way.

use crate::manifest::{ContainerKind, ContainerRef, ImageUse, ObjectId};
use crate::policy::Defaulter;

/// `container "web"`, `init container "setup"`, `image volume "models"`.
pub fn who(image: &ImageUse) -> String {
    container(&image.container)
}

/// As [`who`], from the container alone.
pub fn container(container: &ContainerRef) -> String {
    let kind = match container.kind {
        ContainerKind::Container => "container",
        ContainerKind::InitContainer => "init container",
        ContainerKind::EphemeralContainer => "ephemeral container",
        ContainerKind::ImageVolume => "image volume",
    };
    match &container.name {
        Some(name) => format!("{kind} {name}"),
        None => format!("{kind} {}", container.path),
    }
}

/// The image as the node pulls it (fully qualified), or as written when it does not parse. A
/// digest is cut to 12 hex digits, as container tools show it, to keep messages short.
pub fn image(image: &ImageUse) -> String {
    let Ok(r) = &image.reference else {
        return image
            .image
            .as_ref()
            .map_or("", |i| i.value.as_str())
            .to_owned();
    };
    let pulled = r.pulled_as();
    match pulled.split_once('@') {
        Some((name, digest)) => {
            let (algorithm, hex) = digest.split_once(':').unwrap_or(("", digest));
            format!("{name}@{algorithm}:{}…", &hex[..hex.len().min(12)])
        }
        None => pulled,
    }
}

/// `registry/demoapi:latest is pulled as docker.io/registry/demoapi:latest`, when they differ.
pub fn written_as(image: &ImageUse) -> Option<String> {
    let written = image.image.as_ref()?.value.as_str();
    let pulled = image.reference.as_ref().ok()?.pulled_as();
    (pulled != written).then(|| format!("{written} is pulled as {pulled}"))
}

/// How the node shows a pull that fails with `reason` (`InvalidImageName`, `ErrImageNeverPull`):
/// a container waits with it as its status; an image volume's failure stops the Pod's sync, so
/// its containers stay `ContainerCreating` and the reason shows only in the Pod's events
/// (kubernetes `kuberuntime_manager.go` `SyncPod`: `getImageVolumes` fails the sync).
pub fn fails_with(image: &ImageUse, reason: &str) -> String {
    match image.container.kind {
        ContainerKind::ImageVolume => format!(
            "{} fails with {reason} in the Pod's events, its containers stuck in ContainerCreating",
            who(image)
        ),
        _ => format!("{} fails with {reason}", who(image)),
    }
}

/// Joins notes with `; `.
pub fn notes(parts: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Who refuses an object that fails validation.
pub fn rejecter(object: &ObjectId, by: Defaulter) -> String {
    refusal(object, by, "rejects")
}

/// Who cannot even decode an object with a field of the wrong type.
pub fn decoder(object: &ObjectId, by: Defaulter) -> String {
    refusal(object, by, "cannot decode")
}

fn refusal(object: &ObjectId, by: Defaulter, verb: &str) -> String {
    match by {
        Defaulter::ApiServer => format!(
            "the API server {verb} this {}",
            object.kind.as_deref().unwrap_or("object")
        ),
        Defaulter::Controller | Defaulter::Knative => crate::policy::rejected_by(by).to_owned(),
    }
}

/// The note of the rules about tags that move: how the image resolves, and what moving means.
pub fn drift(cx: &super::ImageCx<'_>) -> Option<String> {
    let knative = cx.pod_spec.by == Defaulter::Knative
        && cx
            .image
            .reference
            .as_ref()
            .is_ok_and(crate::policy::knative_resolves);
    let meaning = if knative {
        "Knative pins each new revision to whatever the tag names at that moment"
    } else {
        "nodes that pulled at different times run different builds"
    };
    notes([written_as(cx.image), Some(meaning.into())])
}

/// The finding of the rules about tags that move: `{who} runs {image}, {what}`.
pub fn moving_tag(cx: &super::ImageCx<'_>, what: &str) -> super::Diagnostic {
    let u = cx.image;
    let message = format!("{} runs {}, {what}", who(u), image(u));
    let mut d = super::Diagnostic::new(cx.image_span(), u.image_path(), message)
        .help("pin a version tag, or a digest");
    d.note = drift(cx);
    d
}
