//! `never-pull-remote-image`: `Never` with an image that names a registry.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::fix::Applicability;
use crate::node::Verification;
use crate::policy::PullPolicy;
use crate::severity::Severity::{Error, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::NeverPullRemoteImage,
    summary: "Never with an image from a registry: runs only where someone preloaded it",
    explanation: "`Never` never contacts a registry: the container starts only on nodes where \
        the image is already present, elsewhere it fails with `ErrImageNeverPull` (`Container \
        image \"...\" is not present with pull policy of Never`). That is right for images built \
        on the node, wrong for an image that names a registry. When the kubelet checks \
        credentials of cached images (KEP-2535, on by default from Kubernetes 1.35), a copy \
        another pod pulled with credentials this pod lacks is refused with the same error. Development registries \
        (`localhost`, `127.0.0.1`, `*.local`, `*.localhost`) are not flagged.",
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
    let message = format!(
        "{} starts only where {} was preloaded; elsewhere it fails with ErrImageNeverPull",
        say::who(u),
        say::image(u)
    );
    let verification = Verification::of(cx.settings.kubernetes_version, &cx.settings.kubelet);
    let note = verification
        .checks_pulled_images()
        .then(|| verification.without_credentials(PullPolicy::Never))
        .flatten();
    let mut d = Diagnostic::new(cx.policy_span(), u.policy_path(), message)
        .help("use IfNotPresent so nodes without the image pull it")
        .fix(cx.set_policy(PullPolicy::IfNotPresent, Applicability::Unsafe));
    d.note = note;
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
