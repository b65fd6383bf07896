//! `tag-not-allowed`: an image whose tag matches `rejectedTags`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::ImageUse;
use crate::pattern::{glob_matches, image_tag};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::TagNotAllowed,
    summary: "Image tag listed in rejectedTags",
    why: "Runs only when `rejectedTags` is set. Entries are tags or globs (`*` any run \
        of characters, `?` one), compared with case, as tags are: `latest`, `*-rc*`, `dev-*`. \
        An image written without tag or digest has the tag `latest`, the one the node pulls; an \
        image pinned by digest alone has no tag and never matches. `floatingTags` and \
        `latest-tag` say that a tag moves; this rule says that it is not wanted at all.",
    cluster: "Kubernetes keeps no list of rejected tags: the API server admits a Pod whatever \
        tag its images name, unless an admission policy (a validating admission webhook, a \
        `ValidatingAdmissionPolicy`, the `ImagePolicyWebhook` admission plugin) refuses it, and \
        the kubelet asks the runtime to pull the image as its pull policy says.",
    severity: Severities::every_profile(Error),
    configured_by: Some("rejectedTags"),
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/tag_not_allowed.bad.yaml"),
    good_example: include_str!("examples/tag_not_allowed.good.yaml"),
    example_settings: Some(r#"{"rejectedTags": ["latest", "*-rc*"]}"#),
    check: Check::Image(check),
};

// What the findings say.

/// `container web runs ghcr.io/acme/web:2.0.0-rc1: the tag 2.0.0-rc1 is rejected (*-rc*)`
fn tag_rejected(u: &ImageUse, tag: &str, pattern: &str) -> String {
    format!(
        "{} runs {}: the tag {tag} is rejected ({pattern})",
        say::who(u),
        say::image(u),
    )
}

/// `container tools runs docker.io/library/busybox:latest: no tag means latest, a rejected tag
/// (latest)`
fn no_tag_rejected(u: &ImageUse, pattern: &str) -> String {
    format!(
        "{} runs {}: no tag means latest, a rejected tag ({pattern})",
        say::who(u),
        say::image(u),
    )
}

const USE_ANOTHER: &str = "use another tag, or pin a digest";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let rejected = &cx.settings.rejected_tags;
    if rejected.is_empty() {
        return;
    }
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let Some(tag) = image_tag(r) else {
        return;
    };
    let Some(pattern) = rejected.iter().find(|p| glob_matches(&p.0, tag, false)) else {
        return;
    };
    let u = cx.image;
    let message = match r.tag() {
        Some(_) => tag_rejected(u, tag, &pattern.0),
        None => no_tag_rejected(u, &pattern.0),
    };
    out.push(Diagnostic::new(cx.image_span(), u.image_path(), message).help(USE_ANOTHER));
}
