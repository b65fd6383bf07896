//! `image-not-allowed`: an image outside `allowedImages`, or one of `rejectedImages`.

use super::listed::{Listed, listed};
use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::ImageNotAllowed,
    summary: "Image outside allowedImages, or listed in rejectedImages",
    explanation: "Runs only when `allowedImages` or `rejectedImages` is set. Entries are compared \
        with the reference the node pulls, normalised, so `nginx` and \
        `docker.io/library/nginx:latest` name the same image. A repository (`nginx`, \
        `quay.io/coreos/etcd`) matches any of its tags and digests; `nginx:1.27` matches that \
        tag (an image written without tag or digest has the tag `latest`, which the node pulls); \
        `nginx@sha256:...` matches that digest only. An entry with `*` or `?` is a glob over the \
        whole normalised reference (`docker.io/library/nginx:1.27`, `@sha256:...` when pinned): \
        `docker.io/bitnami/*` matches `bitnami/redis:7.2`. An image must match an entry of \
        `allowedImages` (when it has any) and none of `rejectedImages`. A tag moves: to allow \
        content rather than a name, list digests.",
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
        Some(Listed::Rejected(entry)) => at(format!(
            "{} runs {}, a rejected image ({entry})",
            say::who(u),
            say::image(u),
        ))
        .help("use another image"),
        Some(Listed::NotAllowed(list)) => at(format!(
            "{} runs {}, which allowedImages does not list",
            say::who(u),
            say::image(u)
        ))
        .note(format!("allowed: {list}"))
        .help("use an allowed image, or add this one to allowedImages"),
    });
}
