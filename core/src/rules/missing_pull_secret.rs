//! `missing-pull-secret`: a private registry and no pull secret in sight.

use super::never_pull_remote_image::is_dev_registry;
use super::{Check, Diagnostic, FixAvailability, Rule, RuleId, SetCx, Severities, say};
use crate::manifest::ContainerRef;
use crate::node::Verification;
use crate::severity::Severity::{self, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::MissingPullSecret,
    summary: "Image from a private registry with no imagePullSecrets on the pod or its ServiceAccount",
    why: "A pull from a private registry needs credentials: `imagePullSecrets` on the pod \
        spec, or on its ServiceAccount (`serviceAccountName`, `default` when absent). Registries \
        listed in `privateRegistries` are checked at the rule's severity; other registries that \
        are not well-known public ones are reported as `info`, since they may be public, with a \
        note that says it is a guess. The well-known ones: Docker Hub (`docker.io` and its \
        aliases), `ghcr.io`, `quay.io`, `registry.k8s.io`, `k8s.gcr.io`, `mcr.microsoft.com`, \
        `public.ecr.aws`, `cgr.dev`, `docker.elastic.co`, `registry.access.redhat.com`, \
        `cr.l5d.io`, `registry.istio.io`, the Docker Hub mirror `mirror.gcr.io`, and Google's \
        `gcr.io`, `*.gcr.io` and `*.pkg.dev` (their repositories may be public, and GKE's nodes \
        authenticate to them without a pull secret). `publicRegistries` replaces the well-known \
        list: then every registry it does not list (local development registries aside) is \
        checked as a private one, which says \"every registry but these needs a pull secret\"; \
        an entry of `privateRegistries` is private even below a public registry (`docker.io/acme` \
        under `docker.io`). A ServiceAccount defined in the same input is looked at; when it is \
        not in the input, the note says it could not be checked. Whether a cached copy \
        lets a pod without credentials start (below) follows the release's default unless the \
        `kubelet` settings say the cluster differs; the note says which holds. A kubelet \
        credential provider (below) is out of a manifest's sight: one more \
        reason a registry outside `privateRegistries` is only reported as `info`.",
    cluster: "The ServiceAccount admission plugin copies the ServiceAccount's \
        `imagePullSecrets` into a pod that lists none of its own (a pod with any \
        `imagePullSecrets` gets none of its ServiceAccount's). Without credentials the node's \
        pull fails with an authentication error (`ErrImagePull`, then `ImagePullBackOff`). \
        Except where the image is cached: with `IfNotPresent` or `Never`, a pod without \
        credentials starts from a copy another pod pulled with them, unless the kubelet checks \
        credentials of cached images (KEP-2535: `KubeletEnsureSecretPulledImages`, on by default \
        from Kubernetes 1.35). Credentials can also come without any secret, from a kubelet \
        credential provider (ECR, Artifact Registry, ACR; and, beta and on by default from \
        Kubernetes 1.34, providers that use the pod's ServiceAccount token, KEP-4412, gate \
        `KubeletServiceAccountTokenForCredentialProviders`). Those live in the nodes' kubelet \
        configuration.",
    severity: Severities {
        dev: Info,
        prod: Warning,
        strict: Warning,
    },
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/missing_pull_secret.bad.yaml"),
    good_example: include_str!("examples/missing_pull_secret.good.yaml"),
    example_settings: Some(r#"{"privateRegistries": ["registry.acme.com"]}"#),
    check: Check::Set(check),
};

// What the findings say.

/// `container web pulls from registry.acme.com with no imagePullSecrets: a private registry
/// refuses the pull (ErrImagePull)`
fn no_pull_secrets(container: &ContainerRef, domain: &str) -> String {
    format!(
        "{} pulls from {domain} with no imagePullSecrets: a private registry refuses the pull (ErrImagePull)",
        say::container(container)
    )
}

/// `ServiceAccount default in this input has no imagePullSecrets either`
fn account_without_secrets(account: &str) -> String {
    format!("ServiceAccount {account} in this input has no imagePullSecrets either")
}

/// `ServiceAccount default is not in the input, so its imagePullSecrets could not be checked`
fn account_not_in_input(account: &str) -> String {
    format!(
        "ServiceAccount {account} is not in the input, so its imagePullSecrets could not be checked"
    )
}

/// Added to the note of a registry only presumed private: `registry.acme.com is not in
/// privateRegistries, so this is a guess (publicRegistries says which are public)`
fn a_guess(domain: &str) -> String {
    format!(
        "{domain} is not in privateRegistries, so this is a guess (publicRegistries says which are public)"
    )
}

/// `add imagePullSecrets to spec or to the ServiceAccount, or give the nodes a kubelet
/// credential provider for registry.acme.com`
fn add_pull_secrets(spec_path: &str, domain: &str) -> String {
    format!(
        "add imagePullSecrets to {spec_path} or to the ServiceAccount, or give the nodes a kubelet credential provider for {domain}"
    )
}

/// Registries anyone can pull from without credentials (rate limits aside). Sources: each
/// registry's own documentation; `mirror.gcr.io` is Google's cache of Docker Hub's public images
/// (Artifact Registry, "Pull cached Docker Hub images"); `cr.l5d.io` serves Linkerd's images
/// (Linkerd docs, "Installing Linkerd"); `registry.istio.io` serves Istio's.
const PUBLIC_REGISTRIES: [&str; 16] = [
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "ghcr.io",
    "quay.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "gcr.io",
    "mirror.gcr.io",
    "mcr.microsoft.com",
    "public.ecr.aws",
    "cgr.dev",
    "docker.elastic.co",
    "registry.access.redhat.com",
    "cr.l5d.io",
    "registry.istio.io",
];

/// Google's registries, judged as `gcr.io` is: Container Registry's regional hosts
/// (`us.gcr.io`, `eu.gcr.io`, `asia.gcr.io`) and Artifact Registry's `LOCATION-docker.pkg.dev`.
/// Their repositories may be public, and GKE's nodes authenticate to them with the node's
/// service account, without a pull secret (GKE docs, "Using Container Registry with Google
/// Cloud", "Configure access to Artifact Registry"): a finding there would mostly be wrong.
const GOOGLE_SUFFIXES: [&str; 2] = [".gcr.io", ".pkg.dev"];

fn check(cx: &SetCx<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    let private = &cx.settings.private_registries;
    let verification = Verification::of(cx.settings.kubernetes_version, &cx.settings.kubelet);
    for (index, pod) in cx.pods() {
        if !pod.pull_secrets.is_empty() {
            continue;
        }
        let account_name = pod.service_account.as_deref().unwrap_or("default");
        let account = cx.set.service_account(&pod.object.namespace, account_name);
        if account.is_some_and(|a| a.has_pull_secrets) {
            continue;
        }
        for image in &pod.images {
            let domain = image.reference.domain();
            let public = cx.settings.public_registries.as_deref();
            let name = (!private.is_empty() || public.is_some()).then(|| image.reference.name());
            let matches = |patterns: &[crate::settings::Registry]| {
                name.as_ref()
                    .is_some_and(|name| patterns.iter().any(|p| p.pattern.matches(name)))
            };
            let private = matches(private);
            // Told which registries are public, every other one is private.
            let (listed, presumed) = match public {
                Some(public) => {
                    let public = matches(public);
                    (private || (!public && !is_dev_registry(domain)), false)
                }
                None => {
                    let presumed = !private && !is_public(domain) && !is_dev_registry(domain);
                    (private, presumed)
                }
            };
            if !listed && !presumed {
                continue;
            }
            let message = no_pull_secrets(&image.container, domain);
            let on_node = image
                .policy
                .and_then(|p| verification.without_credentials(p));
            let account_note = match account {
                Some(_) => account_without_secrets(account_name),
                None => account_not_in_input(account_name),
            };
            let mut d = Diagnostic::new(image.span, image.path.clone(), message)
                .help(add_pull_secrets(&pod.spec_path, domain));
            d.note = say::notes([
                Some(account_note),
                on_node,
                presumed.then(|| a_guess(domain)),
            ]);
            d.container = Some(image.container.clone());
            if presumed {
                d.max_severity = Some(Severity::Info);
            }
            out.push((index, d));
        }
    }
}

fn is_public(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    PUBLIC_REGISTRIES.contains(&domain.as_str())
        || GOOGLE_SUFFIXES
            .iter()
            .any(|suffix| domain.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn public_registries_mirrors_and_google_hosts() {
        for domain in [
            "docker.io",
            "Docker.IO",
            "mirror.gcr.io",
            "us.gcr.io",
            "europe-west1-docker.pkg.dev",
            "cr.l5d.io",
            "registry.istio.io",
        ] {
            assert!(is_public(domain), "{domain}");
        }
        for domain in ["registry.acme.com", "gcr.io.acme.com", "pkg.dev", "l5d.io"] {
            assert!(!is_public(domain), "{domain}");
        }
    }
}
