//! `registry-not-allowed`: an image from outside `allowedRegistries`, or from one of
//! `rejectedRegistries`.

use super::listed::{Listed, allowed_note, listed};
use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::ImageUse;
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::RegistryNotAllowed,
    summary: "Image from a registry or repository outside allowedRegistries, or in rejectedRegistries",
    why: "Runs only when `allowedRegistries` or `rejectedRegistries` is set. Entries are \
        registry hosts (`ghcr.io`, `*.dkr.ecr.*.amazonaws.com`) or repository prefixes \
        (`docker.io/library`, `ghcr.io/acme`), compared with the fully qualified image the node \
        pulls (`nginx` is `docker.io/library/nginx`). Matching respects path boundaries: \
        `docker.io/library` does not allow `docker.io/library-evil/x`, and `ghcr.io` does not \
        allow `ghcr.io.evil.com`. An image must match an entry of `allowedRegistries` (when it \
        has any) and none of `rejectedRegistries`, so both can be used at once: allow \
        `docker.io`, reject `docker.io/untrusted`.",
    cluster: "Kubernetes keeps no list of allowed registries: the API server admits a Pod \
        whatever registry its images come from, unless an admission policy (a validating \
        admission webhook, a `ValidatingAdmissionPolicy`, the `ImagePolicyWebhook` admission \
        plugin) refuses it, and the kubelet asks the runtime to pull the image as its pull policy \
        says.",
    severity: Severities::every_profile(Error),
    configured_by: Some("allowedRegistries, rejectedRegistries"),
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/registry_not_allowed.bad.yaml"),
    good_example: include_str!("examples/registry_not_allowed.good.yaml"),
    example_settings: Some(
        r#"{"allowedRegistries": ["docker.io/library", "ghcr.io/acme", "quay.io"], "rejectedRegistries": ["quay.io/untrusted"]}"#,
    ),
    check: Check::Image(check),
};

// What the findings say.

/// `container tools pulls quay.io/untrusted/tools:2.0 from a rejected registry (quay.io/untrusted)`
fn rejected_registry(u: &ImageUse, entry: &str) -> String {
    format!(
        "{} pulls {} from a rejected registry ({entry})",
        say::who(u),
        say::image(u),
    )
}

/// `container web pulls docker.io/library-evil/nginx:1.27 from outside the allowed registries`
fn outside_allowed(u: &ImageUse) -> String {
    format!(
        "{} pulls {} from outside the allowed registries",
        say::who(u),
        say::image(u)
    )
}

const USE_ANOTHER: &str = "use an image from another registry";

const USE_AN_ALLOWED: &str =
    "use an image from an allowed registry, or add its registry to allowedRegistries";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let (allowed, rejected) = (
        &cx.settings.allowed_registries,
        &cx.settings.rejected_registries,
    );
    if allowed.is_empty() && rejected.is_empty() {
        return;
    }
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let name = r.name();
    let u = cx.image;
    let at = |message: String| Diagnostic::new(cx.image_span(), u.image_path(), message);
    out.push(match listed(allowed, rejected, |p| p.matches(&name)) {
        None => return,
        Some(Listed::Rejected(entry)) => at(rejected_registry(u, entry)).help(USE_ANOTHER),
        Some(Listed::NotAllowed(list)) => at(outside_allowed(u))
            .note(allowed_note(&list))
            .help(USE_AN_ALLOWED),
    });
}
