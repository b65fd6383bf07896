//! `pull-secret-wrong-type`: `imagePullSecrets` naming a Secret that is not a registry credential.

use super::{Check, Diagnostic, FixAvailability, Rule, RuleId, SetCx, Severities};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::PullSecretWrongType,
    summary: "imagePullSecrets names a Secret whose type is not kubernetes.io/dockerconfigjson",
    why: "A pull secret is used only when it is of type `kubernetes.io/dockerconfigjson` (or \
        the legacy `kubernetes.io/dockercfg`). Checked when the Secret is in the same input; \
        create registry Secrets with `kubectl create secret docker-registry`.",
    cluster: "The kubelet reads pull credentials only from Secrets of those two types. A Secret \
        of another type (`Opaque`, the default when `type` is absent) is skipped: the pull goes \
        out without credentials and a private registry refuses it.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/pull_secret_wrong_type.bad.yaml"),
    good_example: include_str!("examples/pull_secret_wrong_type.good.yaml"),
    example_settings: None,
    check: Check::Set(check),
};

// What the findings say.

/// `the kubelet skips Secret regcred for pulls: its type is Opaque, not
/// kubernetes.io/dockerconfigjson`
fn skipped(name: &str, secret_type: &str) -> String {
    format!(
        "the kubelet skips Secret {name} for pulls: its type is {secret_type}, not kubernetes.io/dockerconfigjson"
    )
}

const RECREATE: &str = "recreate it with kubectl create secret docker-registry";

const PULL_SECRET_TYPES: [&str; 2] = ["kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg"];

fn check(cx: &SetCx<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    for (index, pod) in cx.pods() {
        for (name, path) in &pod.pull_secrets {
            let Some(secret) = cx.set.secret(&pod.object.namespace, &name.value) else {
                continue;
            };
            let secret_type = secret.secret_type.as_deref().unwrap_or("Opaque");
            if PULL_SECRET_TYPES.contains(&secret_type) {
                continue;
            }
            let message = skipped(&name.value, secret_type);
            out.push((
                index,
                Diagnostic::new(name.span, path.clone(), message).help(RECREATE),
            ));
        }
    }
}
