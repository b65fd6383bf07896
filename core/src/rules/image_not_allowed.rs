//! `image-not-allowed`: an image outside `allowedImages`, or one of `rejectedImages`.

use super::listed::{Listed, allowed_note, listed};
use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::ImageUse;
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::ImageNotAllowed,
    summary: "Image outside allowedImages, or listed in rejectedImages",
    why: "Runs only when `allowedImages` or `rejectedImages` is set. Entries are compared \
        with the reference the node pulls, normalised, so `nginx` and \
        `docker.io/library/nginx:latest` name the same image. A repository (`nginx`, \
        `quay.io/coreos/etcd`) matches any of its tags and digests; `nginx:1.27` matches that \
        tag (an image written without tag or digest has the tag `latest`, which the node pulls); \
        `nginx@sha256:...` matches that digest only. An entry with `*` or `?` is a glob over the \
        whole normalised reference (`docker.io/library/nginx:1.27`, `@sha256:...` when pinned): \
        `docker.io/bitnami/*` matches `bitnami/redis:7.2`. An image must match an entry of \
        `allowedImages` (when it has any) and none of `rejectedImages`. A tag moves: to allow \
        content rather than a name, list digests.",
    cluster: "Kubernetes keeps no list of allowed images: the API server admits a Pod whatever \
        repository, tag or digest its images name, unless an admission policy (a validating \
        admission webhook, a `ValidatingAdmissionPolicy`, the `ImagePolicyWebhook` admission \
        plugin) refuses it, and the kubelet asks the runtime to pull the image as its pull policy \
        says.",
    severity: Severities::every_profile(Error),
    configured_by: Some("allowedImages, rejectedImages"),
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/image_not_allowed.bad.yaml"),
    good_example: include_str!("examples/image_not_allowed.good.yaml"),
    example_settings: Some(
        r#"{"allowedImages": ["nginx:1.27", "quay.io/coreos/etcd", "redis"], "rejectedImages": ["redis:7.2"]}"#,
    ),
    check: Check::Image(check),
};

// What the findings say.

/// `container cache runs docker.io/library/redis:7.2, a rejected image (redis:7.2)`
fn rejected_image(u: &ImageUse, entry: &str) -> String {
    format!(
        "{} runs {}, a rejected image ({entry})",
        say::who(u),
        say::image(u),
    )
}

/// `container web runs docker.io/library/nginx:1.25, which allowedImages does not list`
fn not_listed(u: &ImageUse) -> String {
    format!(
        "{} runs {}, which allowedImages does not list",
        say::who(u),
        say::image(u)
    )
}

const USE_ANOTHER: &str = "use another image";

const USE_AN_ALLOWED: &str = "use an allowed image, or add this one to allowedImages";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let (allowed, rejected) = (&cx.settings.allowed_images, &cx.settings.rejected_images);
    if allowed.is_empty() && rejected.is_empty() {
        return;
    }
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let u = cx.image;
    let at = |message: String| Diagnostic::new(cx.image_span(), u.image_path(), message);
    out.push(match listed(allowed, rejected, |p| p.matches(r)) {
        None => return,
        Some(Listed::Rejected(entry)) => at(rejected_image(u, entry)).help(USE_ANOTHER),
        Some(Listed::NotAllowed(list)) => at(not_listed(u))
            .note(allowed_note(&list))
            .help(USE_AN_ALLOWED),
    });
}
