//! The seed scenarios (examples/, docs/semantics.md section 7): each is caught where and as it must
//! be, and the clean one stays clean.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

use std::path::Path;

use pullpolicy_core::lint::{Finding, lint};
use pullpolicy_core::settings::Settings;

fn scenario(name: &str) -> Vec<Finding> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("scenario exists");
    let linted = lint(&text, &Settings::default());
    assert!(
        linted.report.errors.is_empty(),
        "{name}: {:?}",
        linted.report.errors
    );
    linted.findings
}

/// `line:column severity[rule]` of each finding.
fn summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}[{}]",
                f.span.start.line, f.span.start.column, f.severity, f.rule
            )
        })
        .collect()
}

fn find<'a>(findings: &'a [Finding], rule: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.rule.as_str() == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:?}", summary(findings)))
}

#[test]
fn local_image_latest_defaults_to_always_and_asks_docker_hub() {
    let findings = scenario("01-local-image-latest.yaml");
    let f = find(&findings, "implicit-always-pull");
    assert_eq!((f.span.start.line, f.span.start.column), (22, 18));
    assert!(
        f.message.contains("docker.io/registry/demoapi:latest"),
        "{}",
        f.message
    );
    assert!(
        f.note
            .as_deref()
            .unwrap_or_default()
            .contains("ErrImagePull")
    );
    assert!(f.fixes.iter().any(|fix| fix.title.contains("IfNotPresent")));
    assert_eq!(
        summary(&findings),
        [
            "22:18 warning[implicit-always-pull]",
            "22:18 warning[latest-tag]"
        ]
    );
}

/// kubectl (`--validate=strict`, its default: kubectl `AddValidateFlags`) gets the Pod refused
/// with the API server's strict decoding error; clients that do not validate have the field
/// dropped (the API server's default field validation for them), and the container defaults.
#[test]
fn pull_policy_next_to_containers_is_refused_or_dropped() {
    let findings = scenario("02-misplaced-pull-policy.yaml");
    let f = find(&findings, "misplaced-pull-policy");
    assert_eq!((f.span.start.line, f.span.start.column), (14, 3));
    assert_eq!(f.severity.as_str(), "error");
    assert_eq!(
        f.message,
        "unknown field imagePullPolicy at spec: kubectl refuses it, others drop it (container myapp defaults to IfNotPresent)"
    );
    let note = f.note.as_deref().unwrap_or_default();
    assert!(
        note.contains(r#"`Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.imagePullPolicy"`"#),
        "{note}"
    );
    // The pull secret at the pod spec level is where it belongs.
    assert!(findings.iter().all(|f| !f.rule.as_str().contains("secret")));
}

#[test]
fn policies_side_by_side_have_no_errors() {
    let findings = scenario("03-policies-side-by-side.yaml");
    assert!(
        findings.iter().all(|f| f.severity.as_str() != "error"),
        "{:?}",
        summary(&findings)
    );
    // `Never` with a local build (no registry in the name) is the point of Never.
    assert!(
        !findings
            .iter()
            .any(|f| f.rule.as_str() == "never-pull-remote-image")
    );
    assert_eq!(find(&findings, "latest-tag").span.start.line, 9);
}

#[test]
fn pinned_digest_is_not_a_latest_problem() {
    let findings = scenario("04-pinned-digest.yaml");
    assert_eq!(summary(&findings), ["17:18 info[implicit-pull-policy]"]);
    assert!(
        find(&findings, "implicit-pull-policy")
            .message
            .contains("digest without a tag")
    );
}

#[test]
fn private_registry_without_secret_and_init_container_latest() {
    let findings = scenario("05-private-registry-init-container.yaml");
    let secret = find(&findings, "missing-pull-secret");
    assert_eq!(secret.span.start.line, 13);
    assert!(
        secret
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("ServiceAccount default is not in the input")
    );
    let init = find(&findings, "implicit-always-pull");
    assert_eq!(
        init.container.as_ref().unwrap().path,
        "spec.initContainers[0]"
    );
    assert_eq!(
        find(&findings, "restart-keeps-stale-image").span.start.line,
        14
    );
}

#[test]
fn lowercase_policy_is_rejected_with_the_api_server_message() {
    let findings = scenario("06-invalid-value.yaml");
    let f = find(&findings, "invalid-pull-policy");
    assert_eq!((f.span.start.line, f.span.start.column), (17, 32));
    assert_eq!(
        f.note.as_deref(),
        Some(
            "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"always\": supported values: \"Always\", \"IfNotPresent\", \"Never\""
        )
    );
    assert_eq!(f.fixes[0].applicability.as_str(), "safe");
}

#[test]
fn clean_stays_clean() {
    assert_eq!(summary(&scenario("07-clean.yaml")), Vec::<String>::new());
}
