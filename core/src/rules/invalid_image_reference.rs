//! `invalid-image-reference`: an image that does not parse.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::reference::{NAME_MAX_LEN, Reference};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::InvalidImageReference,
    summary: "Image reference that does not parse",
    explanation: "The API server does not check image syntax (except leading or trailing \
        whitespace in Pods) and defaulting ignores the parse error, so the object is admitted with \
        `IfNotPresent`. The node then refuses to pull: the container waits in `InvalidImageName`. \
        Common causes: uppercase letters in the repository, an empty tag (`nginx:`), a trailing \
        space inside quotes, a malformed digest. The message names the upstream error category. \
        With `kubernetesVersion` 1.32 or older, a name over 255 characters counting the registry \
        is invalid too (1.33 and later count the path only).",
    severity: [Error, Error, Error],
    configured_by: None,
    fix: FixAvailability::Sometimes,
    fix_description: "Safe: remove surrounding whitespace. Unsafe: lowercase the repository.",
    bad_example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: \"nginx:1.27 \"\n          imagePullPolicy: IfNotPresent\n",
    good_example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolicy: IfNotPresent\n",
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    if let Some(found) = u.image_wrong_type {
        let message = format!(
            "{}: the image of {} is a {found}, not a string",
            say::decoder(&u.object, cx.pod_spec.by),
            say::who(u)
        );
        // The value as written (the image use keeps a span for string images only).
        let span = cx
            .doc
            .value(cx.node, u.container.kind.image_field())
            .map_or(u.container.span, |n| cx.doc.node(n).span);
        out.push(
            Diagnostic::new(span, u.image_path(), message).help("write the image as a string"),
        );
        return;
    }
    if let (Some(image), Ok(r)) = (&u.image, &u.reference) {
        // Kubernetes 1.32 and older vendor a distribution/reference that counts the registry in
        // the 255-character limit; v0.6.0 (1.33 on) counts the path alone.
        if cx.settings.kubernetes_version.minor <= 32 && r.name_len() > NAME_MAX_LEN {
            let message = format!(
                "{} fails with InvalidImageName on Kubernetes {}: the name is over {NAME_MAX_LEN} characters",
                say::who(u),
                cx.settings.kubernetes_version
            );
            out.push(Diagnostic::new(image.span, u.image_path(), message).note(format!(
                "{} characters with the registry; Kubernetes 1.33 and later count the path only",
                r.name_len()
            )));
        }
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
    let is_pod =
        u.object.kind.as_deref() == Some("Pod") && u.object.api_version.as_deref() == Some("v1");
    let message = if trimmed != value && is_pod {
        format!(
            "the API server rejects this Pod: the image of {} has leading or trailing whitespace",
            say::who(u)
        )
    } else {
        format!(
            "{} fails with InvalidImageName: {:?} is not a valid image reference",
            say::who(u),
            value
        )
    };
    let note = format!("{} ({})", error.message(), error.kind().as_str());
    let mut d = Diagnostic::new(image.span, u.image_path(), message).note(note);
    let editor = Editor::new(cx.doc);
    let replace = |new: &str, title: String, applicability| {
        let edit = editor.set_scalar(
            cx.doc.own_entry(cx.node, u.container.kind.image_field())?.1,
            new,
        )?;
        Some(Fix::new(title, applicability, vec![edit]))
    };
    if trimmed != value && Reference::parse_normalized(trimmed).is_ok() {
        d = d
            .help("remove the whitespace around the image")
            .fix(replace(
                trimmed,
                "remove the whitespace".to_owned(),
                Applicability::Safe,
            ));
    } else if let Some(lower) = lowercased(trimmed) {
        d = d
            .help(format!("repositories are lowercase: {lower}"))
            .fix(replace(
                &lower,
                format!("write {lower}"),
                Applicability::Unsafe,
            ));
    }
    out.push(d);
}

/// The reference with its name and digest in lowercase (the tag keeps its case), if that parses.
fn lowercased(image: &str) -> Option<String> {
    let (rest, digest) = image
        .split_once('@')
        .map_or((image, None), |(r, d)| (r, Some(d)));
    let (name, tag) = match rest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
        _ => (rest, None),
    };
    let mut out = name.to_lowercase();
    if let Some(tag) = tag {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(digest) = digest {
        out.push('@');
        out.push_str(&digest.to_lowercase());
    }
    (out != image && Reference::parse_normalized(&out).is_ok()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::lowercased;

    #[test]
    fn lowercases_name_and_digest_not_tag() {
        assert_eq!(lowercased("Nginx:Latest").as_deref(), Some("nginx:Latest"));
        assert_eq!(
            lowercased("ghcr.io/Acme/App").as_deref(),
            Some("ghcr.io/acme/app")
        );
        assert_eq!(
            lowercased("localhost:5000/App:v1").as_deref(),
            Some("localhost:5000/app:v1")
        );
        assert_eq!(lowercased("nginx:"), None);
    }
}
