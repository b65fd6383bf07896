//! `pull-secret-wrong-type`: `imagePullSecrets` naming a Secret that is not a registry credential.

use super::{Check, Diagnostic, FixAvailability, Rule, RuleId, SetCx, Severities};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::PullSecretWrongType,
    summary: "imagePullSecrets names a Secret whose type is not kubernetes.io/dockerconfigjson",
    explanation: "The kubelet reads pull credentials only from Secrets of type \
        `kubernetes.io/dockerconfigjson` (or the legacy `kubernetes.io/dockercfg`). A Secret of \
        another type (`Opaque`, the default when `type` is absent) is skipped: the pull goes out \
        without credentials and a private registry refuses it. Checked when the Secret is in the \
        same input; create registry Secrets with `kubectl create secret docker-registry`.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/pull_secret_wrong_type.bad.yaml"),
    good_example: include_str!("examples/pull_secret_wrong_type.good.yaml"),
    example_settings: None,
    check: Check::Set(check),
};

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
            let message = format!(
                "the kubelet skips Secret {} for pulls: its type is {secret_type}, not kubernetes.io/dockerconfigjson",
                name.value
            );
            out.push((
                index,
                Diagnostic::new(name.span, path.clone(), message)
                    .help("recreate it with kubectl create secret docker-registry"),
            ));
        }
    }
}
