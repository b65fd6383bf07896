//! `never-pull-remote-image`: `Never` with an image that names a registry.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::manifest::ImageUse;
use crate::node::Verification;
use crate::policy::PullPolicy;
use crate::severity::Severity::{Error, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::NeverPullRemoteImage,
    summary: "Never with an image from a registry: runs only where someone preloaded it",
    why: "`Never` is right for images built on the node, wrong for an image that names a \
        registry. Development registries (`localhost`, `127.0.0.1`, `*.local`, `*.localhost`) \
        are not flagged.",
    cluster: "With `Never` the kubelet never contacts a registry: the container starts only on \
        nodes where the image is already present, elsewhere it fails with `ErrImageNeverPull` \
        (`Container image \"...\" is not present with pull policy of Never`). When the kubelet \
        checks credentials of cached images (KEP-2535, on by default from Kubernetes 1.35), a \
        copy another pod pulled with credentials this pod lacks is refused with the same error.",
    severity: Severities {
        dev: Info,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: Some("Unsafe: set `IfNotPresent`, so nodes without the image pull it."),
    bad_example: include_str!("examples/never_pull_remote_image.bad.yaml"),
    good_example: include_str!("examples/never_pull_remote_image.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `container web starts only where ghcr.io/acme/web:2.3.1 was preloaded; elsewhere it fails
/// with ErrImageNeverPull`
fn starts_only_where_preloaded(u: &ImageUse) -> String {
    format!(
        "{} starts only where {} was preloaded; elsewhere it fails with ErrImageNeverPull",
        say::who(u),
        say::image(u)
    )
}

/// When the kubelet checks cached images' credentials: `a copy another pod pulled with
/// credentials is refused too, with ErrImageNeverPull (1.35: KubeletEnsureSecretPulledImages on
/// (default), NeverVerifyPreloadedImages)`
fn copies_refused(verification: Verification) -> Option<String> {
    verification
        .checks_pulled_images()
        .then(|| verification.without_credentials(PullPolicy::Never))
        .flatten()
}

const PULL_WHERE_MISSING: &str = "use IfNotPresent so nodes without the image pull it";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let Some((r, written)) = cx.reference() else {
        return;
    };
    // Only a registry written in the image counts: `app:dev` is a local build.
    let names_registry = written
        .split_once('/')
        .is_some_and(|(first, _)| first.contains(['.', ':']) || first == "localhost");
    if u.resolution.effective() != Some(PullPolicy::Never)
        || !names_registry
        || is_dev_registry(r.domain())
    {
        return;
    }
    let verification = Verification::of(cx.settings.kubernetes_version, &cx.settings.kubelet);
    let mut d = Diagnostic::new(
        cx.policy_span(),
        u.policy_path(),
        starts_only_where_preloaded(u),
    )
    .help(PULL_WHERE_MISSING)
    .fix(cx.set_policy(PullPolicy::IfNotPresent, Applicability::Unsafe));
    d.note = copies_refused(verification);
    out.push(d);
}

/// Registries on the developer's machine, where `Never` with a preloaded image is the point.
pub(crate) fn is_dev_registry(domain: &str) -> bool {
    let host = match domain.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => domain,
    };
    let host = host.to_ascii_lowercase();
    matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
        || host.ends_with(".local")
        || host.ends_with(".localhost")
}
