//! `invalid-image-reference`: an image that does not parse.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::manifest::{ContainerKind, ImageUse};
use crate::policy::Defaulter;
use crate::reference::{Parser, Reference, ReferenceError, ReferenceErrorKind};
use crate::settings::KubernetesVersion;
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::InvalidImageReference,
    summary: "Image reference that does not parse",
    why: "An image reference that does not parse is mostly not caught when the manifest is \
        applied: it fails later, on the node. Common causes: uppercase letters in the \
        repository, an empty tag (`nginx:`), a trailing space inside quotes, a malformed digest. \
        The message names the upstream error category. With `kubernetesVersion` 1.31 or older, \
        a name over 255 characters counting the registry is invalid too (1.32 and later count \
        the path only), and so, with 1.28 or older, are IPv6 registries and an uppercase first \
        component (`Foo/bar`), which newer releases read as a registry.",
    cluster: "The API server does not check image syntax (except leading or trailing whitespace \
        in a Pod's containers, which `validateContainerOnlyForPod` rejects; \
        `validateImageVolumeSource` has no such check for image volumes) and defaulting \
        ignores the parse error, so the object is admitted with `IfNotPresent`. The node then \
        refuses to pull: the container waits in `InvalidImageName`; for an image volume the \
        error is in the Pod's events and its containers stay `ContainerCreating` \
        (`kuberuntime_manager.go` `SyncPod`: `getImageVolumes` fails the sync).",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::Sometimes,
    fix_description: Some(
        "Safe: remove surrounding whitespace. Unsafe: lowercase the repository path (the registry host and the tag keep their case).",
    ),
    bad_example: include_str!("examples/invalid_image_reference.bad.yaml"),
    good_example: include_str!("examples/invalid_image_reference.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `the API server cannot decode this Pod: the image of container b is a number, not a string`
fn not_a_string(u: &ImageUse, by: Defaulter, found: &str) -> String {
    format!(
        "{}: the image of {} is a {found}, not a string",
        say::decoder(&u.object, by),
        say::who(u)
    )
}

const WRITE_A_STRING: &str = "write the image as a string";

/// `the API server rejects this Pod: the image of container web has leading or trailing
/// whitespace`
fn whitespace_rejected(u: &ImageUse) -> String {
    format!(
        "the API server rejects this Pod: the image of {} has leading or trailing whitespace",
        say::who(u)
    )
}

/// `container web fails with InvalidImageName: "nginx:1.27 " is not a valid image reference`
fn unparsable(u: &ImageUse, value: &str) -> String {
    format!(
        "{}: {:?} is not a valid image reference",
        say::fails_with(u, "InvalidImageName"),
        value
    )
}

/// `invalid reference format (invalid-format)`: the upstream error and its category.
fn parse_error(error: &ReferenceError) -> String {
    format!("{} ({})", error.message(), error.kind().as_str())
}

/// Added to the note of a name too long for an older parser: `; Kubernetes 1.31
/// (github.com/distribution/reference v0.5.0) counts the registry too, 1.32 and later the path
/// only`
fn counts_the_registry(version: KubernetesVersion, parser: Parser) -> String {
    format!(
        "; Kubernetes {version} ({}) counts the registry too, 1.32 and later the path only",
        parser.name()
    )
}

const REMOVE_WHITESPACE_HELP: &str = "remove the whitespace around the image";

/// The fix's title: `remove the whitespace`.
const REMOVE_WHITESPACE: &str = "remove the whitespace";

/// `repositories are lowercase: nginx:1.27`
fn lowercase_help(lower: &str) -> String {
    format!("repositories are lowercase: {lower}")
}

/// The fix's title: `write nginx:1.27`.
fn write_lowercase(lower: &str) -> String {
    format!("write {lower}")
}

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    if let Some(found) = u.image_wrong_type {
        let message = not_a_string(u, cx.pod_spec.by, found);
        // The value as written (the image use keeps a span for string images only).
        let span = cx
            .doc
            .value(cx.node, u.container.kind.image_field())
            .map_or(u.container.span, |n| cx.doc.node(n).span);
        out.push(Diagnostic::new(span, u.image_path(), message).help(WRITE_A_STRING));
        return;
    }
    let (Some(image), Err(error)) = (&u.image, &u.reference) else {
        return;
    };
    if image.value.is_empty() {
        return; // missing-image
    }
    let value = image.value.as_str();
    let trimmed = value.trim();
    // `validateContainerOnlyForPod` checks the whitespace of Pod containers (init and ephemeral
    // ones too); `validateImageVolumeSource` has no such check, so the kubelet meets it.
    let is_pod =
        u.object.kind.as_deref() == Some("Pod") && u.object.api_version.as_deref() == Some("v1");
    let checked = is_pod && u.container.kind != ContainerKind::ImageVolume;
    let message = if trimmed != value && checked {
        whitespace_rejected(u)
    } else {
        unparsable(u, value)
    };
    let parser = cx.settings.cluster().parser();
    let mut note = parse_error(error);
    if error.kind() == ReferenceErrorKind::NameTooLong && parser != Parser::Reference06 {
        // v0.6.0 (1.32 on) counts the path alone; older parsers the whole name.
        note.push_str(&counts_the_registry(cx.settings.kubernetes_version, parser));
    }
    let mut d = Diagnostic::new(image.span, u.image_path(), message).note(note);
    let editor = Editor::new(cx.doc);
    let replace = |new: &str, title: String, applicability| {
        let edit = editor.set_scalar(
            cx.doc.own_entry(cx.node, u.container.kind.image_field())?.1,
            new,
        )?;
        Some(Fix::new(title, applicability, vec![edit]))
    };
    if trimmed != value && Reference::parse_normalized_with(trimmed, parser).is_ok() {
        d = d.help(REMOVE_WHITESPACE_HELP).fix(replace(
            trimmed,
            REMOVE_WHITESPACE.to_owned(),
            Applicability::Safe,
        ));
    } else if let Some(lower) = lowercased(trimmed, parser) {
        d = d.help(lowercase_help(&lower)).fix(replace(
            &lower,
            write_lowercase(&lower),
            Applicability::Unsafe,
        ));
    }
    out.push(d);
}

/// The reference with its repository path and digest in lowercase, if that parses. The tag keeps
/// its case, and so does a registry host (a first component with `.` or `:`, or `localhost`):
/// host names are case-insensitive, so changing one would be an edit nobody asked for. A first
/// component that is a host only because it has capitals (`Acme/App`) is a Docker Hub namespace
/// written in the wrong case, and is lowercased with the rest.
fn lowercased(image: &str, parser: Parser) -> Option<String> {
    let (rest, digest) = image
        .split_once('@')
        .map_or((image, None), |(r, d)| (r, Some(d)));
    let (name, tag) = match rest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
        _ => (rest, None),
    };
    let (host, path) = match name.split_once('/') {
        Some((first, path))
            if first.contains(['.', ':']) || first.eq_ignore_ascii_case("localhost") =>
        {
            (Some(first), path)
        }
        _ => (None, name),
    };
    let mut out = host.map(|h| format!("{h}/")).unwrap_or_default();
    out.push_str(&path.to_lowercase());
    if let Some(tag) = tag {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(digest) = digest {
        out.push('@');
        out.push_str(&digest.to_lowercase());
    }
    (out != image && Reference::parse_normalized_with(&out, parser).is_ok()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::lowercased;
    use crate::reference::Parser;

    fn lowercased6(image: &str) -> Option<String> {
        lowercased(image, Parser::Reference06)
    }

    #[test]
    fn lowercases_name_and_digest_not_tag() {
        assert_eq!(lowercased6("Nginx:Latest").as_deref(), Some("nginx:Latest"));
        assert_eq!(
            lowercased6("ghcr.io/Acme/App").as_deref(),
            Some("ghcr.io/acme/app")
        );
        assert_eq!(
            lowercased6("localhost:5000/App:v1").as_deref(),
            Some("localhost:5000/app:v1")
        );
        assert_eq!(lowercased6("nginx:"), None);
    }

    #[test]
    fn keeps_the_registry_host_as_written() {
        assert_eq!(
            lowercased6("Registry.Example.com/Team/App:V2").as_deref(),
            Some("Registry.Example.com/team/app:V2")
        );
        assert_eq!(
            lowercased6("LocalHost:5000/App").as_deref(),
            Some("LocalHost:5000/app")
        );
        // Capitals alone make no host: a Docker Hub namespace, lowercased.
        assert_eq!(lowercased6("Acme/App").as_deref(), Some("acme/app"));
    }
}
