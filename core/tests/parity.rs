//! The image policies teams replace with ours, case by case: the examples of Kubewarden's
//! trusted-repos policy (registries, tags and images, allowed or rejected, with wildcards) and
//! Kyverno's best-practice image policies, as our settings and rules.

use pullpolicy_core::lint::lint;
use pullpolicy_core::settings::Settings;

/// The rules that fire on one container running `image`, under `settings` (JSON).
fn fired(settings: &str, image: &str) -> Vec<&'static str> {
    let settings: Settings =
        Settings::from_deserializer(&mut serde_json::Deserializer::from_str(settings)).unwrap();
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  imagePullSecrets: [{{name: pull}}]\n  containers:\n    - name: c\n      image: \"{image}\"\n      imagePullPolicy: Always\n"
    );
    let mut rules: Vec<&str> = lint(&text, &settings)
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .filter(|r| {
            [
                "registry-not-allowed",
                "image-not-allowed",
                "tag-not-allowed",
                "missing-pull-secret",
                "deprecated-registry",
            ]
            .contains(r)
        })
        .collect();
    rules.dedup();
    rules
}

fn check(settings: &str, cases: &[(&str, &[&str])]) {
    for (image, expected) in cases {
        assert_eq!(fired(settings, image), *expected, "{settings} {image}");
    }
}

const DIGEST: &str = "sha256:7ed2739c96eb16de3d7169e2a0aa4ccf3a1f44af24f2bb6cad826935a51bcb3d";

#[test]
fn registries_allowed_and_rejected() {
    let allow = &["registry-not-allowed"][..];
    check(
        r#"{"allowedRegistries": ["registry.my-corp.com"]}"#,
        &[
            ("registry.my-corp.com/app:1.0.0", &[]),
            ("busybox:1.0.0", allow),
            ("registry.my-corp.com.evil.io/app:1.0.0", allow),
        ],
    );
    check(
        r#"{"rejectedRegistries": ["docker.io"]}"#,
        &[
            ("busybox:1.0.0", allow),
            ("docker.io/alpine:1.0.0", allow),
            ("ghcr.io/kubewarden/policy-server:1.0.0", &[]),
        ],
    );
    // Both at once: allow a registry, reject a part of it.
    check(
        r#"{"allowedRegistries": ["docker.io"], "rejectedRegistries": ["docker.io/untrusted"]}"#,
        &[
            ("nginx:1.27", &[]),
            ("untrusted/tool:1", allow),
            ("quay.io/a/b:1", allow),
        ],
    );
    check(
        r#"{"allowedRegistries": ["*.my-corp.com"]}"#,
        &[
            ("registry.my-corp.com/app:1", &[]),
            ("my-corp.com/app:1", allow),
        ],
    );
}

#[test]
fn tags_rejected() {
    let tag = &["tag-not-allowed"][..];
    check(
        r#"{"rejectedTags": ["latest"]}"#,
        &[
            ("busybox", tag),
            ("busybox:latest", tag),
            ("busybox:1.0.0", &[]),
            // Pinned by digest alone: no tag, the node pulls the digest.
            (&format!("busybox@{DIGEST}"), &[]),
            ("busybox:LATEST", &[]),
        ],
    );
    check(
        r#"{"rejectedTags": ["*-rc*"]}"#,
        &[("busybox:1.0.0-rc1", tag), ("busybox:1.0.0", &[])],
    );
}

#[test]
fn images_allowed_and_rejected() {
    let image = &["image-not-allowed"][..];
    check(
        r#"{"allowedImages": ["nginx", "quay.io/coreos/etcd"]}"#,
        &[
            ("nginx:1.21", &[]),
            ("nginx:latest", &[]),
            ("nginx", &[]),
            ("docker.io/library/nginx:1.21", &[]),
            ("quay.io/coreos/etcd:v3.4.12", &[]),
            ("quay.io/coreos/etcd", &[]),
            ("coreos/etcd:v3.4.12", image),
            ("nginx-unprivileged:1", image),
        ],
    );
    check(
        r#"{"rejectedImages": ["quay.io/etcd/etcd:v3.4.12"]}"#,
        &[
            ("quay.io/etcd/etcd:v3.4.12", image),
            ("quay.io/etcd/etcd:v3.4.13", &[]),
        ],
    );
    let pinned = format!(r#"{{"allowedImages": ["quay.io/coreos/etcd:v3.4.12@{DIGEST}"]}}"#);
    check(
        &pinned,
        &[
            (&format!("quay.io/coreos/etcd:v3.4.12@{DIGEST}"), &[]),
            ("quay.io/coreos/etcd:v3.4.12", image),
        ],
    );
    // `nginx` and `docker.io/library/nginx:latest` are one image.
    check(
        r#"{"rejectedImages": ["docker.io/library/nginx:latest"]}"#,
        &[
            ("nginx", image),
            ("nginx:latest", image),
            ("nginx:1.27", &[]),
        ],
    );
    check(
        r#"{"allowedImages": ["docker.io/bitnami/*", "ghcr.io/kubewarden/policy-server:1.0.0"]}"#,
        &[
            ("bitnami/redis:7.2", &[]),
            ("ghcr.io/kubewarden/policy-server:1.0.0", &[]),
            ("ghcr.io/kubewarden/policy-server:1.0.1", image),
            ("redis:7.2", image),
        ],
    );
}

/// Kyverno's `require-imagepullsecrets` asks every image but some registries for a pull secret:
/// `publicRegistries` says it.
#[test]
fn every_registry_but_the_public_ones_needs_a_pull_secret() {
    let settings = |public: &str| {
        format!(r#"{{"publicRegistries": {public}, "privateRegistries": ["docker.io/acme"]}}"#)
    };
    let without_secret = |settings: &str, image: &str| -> Vec<&'static str> {
        let settings: Settings =
            Settings::from_deserializer(&mut serde_json::Deserializer::from_str(settings)).unwrap();
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: {image}\n      imagePullPolicy: Always\n"
        );
        lint(&text, &settings)
            .findings
            .into_iter()
            .filter(|f| f.rule.as_str() == "missing-pull-secret")
            .map(|f| f.severity.as_str())
            .collect()
    };
    let public = settings(r#"["docker.io", "registry.k8s.io"]"#);
    assert_eq!(without_secret(&public, "nginx:1.27"), Vec::<&str>::new());
    assert_eq!(
        without_secret(&public, "registry.k8s.io/pause:3.9"),
        Vec::<&str>::new()
    );
    // Not listed as public: private, at the rule's severity (not the `info` of a guess).
    assert_eq!(without_secret(&public, "ghcr.io/acme/app:1"), ["warning"]);
    assert_eq!(without_secret(&public, "quay.io/a/b:1"), ["warning"]);
    // Private below a public registry.
    assert_eq!(without_secret(&public, "acme/app:1"), ["warning"]);
    // Local development registries need none.
    assert_eq!(
        without_secret(&public, "localhost:5000/app:1"),
        Vec::<&str>::new()
    );
    // Without publicRegistries, an unknown registry is a guess.
    assert_eq!(without_secret("{}", "registry.example.com/app:1"), ["info"]);
    assert_eq!(
        without_secret("{}", "ghcr.io/acme/app:1"),
        Vec::<&str>::new()
    );
}

#[test]
fn frozen_registries_are_named_with_their_replacement() {
    check(
        "{}",
        &[
            ("k8s.gcr.io/pause:3.9", &["deprecated-registry"]),
            (
                "docker.pkg.github.com/acme/repo/app:1",
                &["deprecated-registry"],
            ),
            ("registry.k8s.io/pause:3.9", &[]),
        ],
    );
}
