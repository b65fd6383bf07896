use super::*;

fn parse(json: &str) -> Result<Settings, SettingsError> {
    Settings::from_deserializer(&mut serde_json::Deserializer::from_str(json))
}

fn error(json: &str) -> String {
    parse(json).expect_err(json).to_string()
}

#[test]
fn defaults_are_the_prod_profile() {
    let s = parse("{}").unwrap();
    assert_eq!(s, Settings::default());
    assert_eq!(s.profile, Profile::Prod);
    assert_eq!(s.fail_on, FailOn(Severity::Error));
    assert_eq!(s.severity(RuleId::LatestTag), Severity::Warning);
    assert_eq!(s.severity(RuleId::DigestNotPinned), Severity::Off);
}

#[test]
fn every_key_is_read() {
    let s = parse(
        r#"{"profile": "strict", "rules": {"latest-tag": "off"}, "floatingTags": ["rc-*"],
            "requireDigest": true, "digestExemptions": ["registry.local:5000"],
            "allowedRegistries": ["ghcr.io/acme", "docker.io/library"],
            "privateRegistries": ["registry.acme.com"], "allowedPullPolicies": ["Always"],
            "kubernetesVersion": "v1.33.2", "failOn": "warning", "mutate": "explicit"}"#,
    )
    .unwrap();
    assert_eq!(s.severity(RuleId::LatestTag), Severity::Off);
    assert_eq!(s.severity(RuleId::DigestNotPinned), Severity::Error);
    assert_eq!(s.severity(RuleId::ImplicitAlwaysPull), Severity::Error);
    assert!(s.is_floating("RC-1") && !s.is_floating("main"));
    assert_eq!(s.kubernetes_version, KubernetesVersion { minor: 33 });
    assert_eq!(s.allowed_pull_policies, vec![PullPolicy::Always]);
    assert_eq!(s.mutate, Mutate::Explicit);
    assert_eq!(s.fail_on, FailOn(Severity::Warning));
    // Written back as read.
    let back = serde_json::to_value(&s).unwrap();
    assert_eq!(back["allowedRegistries"][0], "ghcr.io/acme");
    assert_eq!(back["kubernetesVersion"], "1.33");
    assert_eq!(parse(&back.to_string()).unwrap(), s);
}

#[test]
fn null_means_the_defaults() {
    assert_eq!(parse("null").unwrap(), Settings::default());
}

#[test]
fn a_rule_override_beats_require_digest() {
    let s = parse(r#"{"requireDigest": true, "rules": {"digest-not-pinned": "info"}}"#).unwrap();
    assert_eq!(s.severity(RuleId::DigestNotPinned), Severity::Info);
}

#[test]
fn default_floating_tags_ignore_case() {
    let s = Settings::default();
    for tag in [
        "main",
        "MASTER",
        "1.0-SNAPSHOT",
        "1.0-snapshot",
        "nightly",
        "dev",
    ] {
        assert!(s.is_floating(tag), "{tag}");
    }
    for tag in ["latest", "1.25", "main-1", "development"] {
        assert!(!s.is_floating(tag), "{tag}");
    }
}

#[test]
fn errors_name_the_key_and_the_allowed_values() {
    let cases = [
        r#"{"profile": "production"}"#,
        r#"{"profil": "prod"}"#,
        r#"{"rules": {"latest-tags": "error"}}"#,
        r#"{"rules": {"latest-tag": "fatal"}}"#,
        r#"{"allowedPullPolicies": ["always"]}"#,
        r#"{"allowedRegistries": ["ghcr.io", "https://quay.io"]}"#,
        r#"{"privateRegistries": ["acme"]}"#,
        r#"{"kubernetesVersion": 1.30}"#,
        r#"{"kubernetesVersion": "2.0"}"#,
        r#"{"failOn": "off"}"#,
        r#"{"mutate": "sometimes"}"#,
        r#"{"floatingTags": [""]}"#,
        r#"{"requireDigest": "yes"}"#,
        r#"{"kubelet": {"imagePullCredentialsVerificationPolicy": "alwaysVerify"}}"#,
        r#"{"kubelet": {"ensureSecretPulledImage": true}}"#,
        r#"{"kubelet": {"ensureSecretPulledImages": "on"}}"#,
        r#"{"kubernetesVersion": "1.32", "kubelet": {"ensureSecretPulledImages": true}}"#,
        r#"{"kubernetesVersion": "1.23"}"#,
        r#"{"kubernetesVersion": "1.36"}"#,
        r#"{"featureGates": {"ImageVolumes": true}}"#,
        r#"{"featureGates": {"ImageVolume": "on"}}"#,
        r#"{"kubernetesVersion": "1.30", "featureGates": {"ImageVolume": true}}"#,
        r#"[]"#,
    ];
    let messages: Vec<String> = cases
        .iter()
        .map(|c| format!("{c}\n  {}", error(c)))
        .collect();
    insta::assert_snapshot!(messages.join("\n"));
}

#[test]
fn kubelet_settings_read_back_and_are_left_out_when_unset() {
    let s = parse(
        r#"{"kubernetesVersion": "1.34", "kubelet": {"ensureSecretPulledImages": true, "imagePullCredentialsVerificationPolicy": "AlwaysVerify"}}"#,
    )
    .unwrap();
    assert_eq!(s.kubelet.ensure_secret_pulled_images, Some(true));
    assert_eq!(
        s.kubelet.image_pull_credentials_verification_policy,
        Some(crate::node::VerificationPolicy::AlwaysVerify)
    );
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(
        json["kubelet"],
        serde_json::json!({"imagePullCredentialsVerificationPolicy": "AlwaysVerify", "ensureSecretPulledImages": true})
    );
    let defaults = serde_json::to_value(Settings::default()).unwrap();
    assert!(defaults.get("kubelet").is_none());
    // Turning the gate off is possible on any release.
    let off =
        parse(r#"{"kubernetesVersion": "1.32", "kubelet": {"ensureSecretPulledImages": false}}"#)
            .unwrap();
    assert_eq!(off.kubelet.ensure_secret_pulled_images, Some(false));
}

#[test]
fn feature_gates_default_by_release_and_read_back() {
    use crate::cluster::Cluster;
    let at = |text: &str| parse(text).unwrap().cluster();
    // kube_features.go: ImageVolume beta off by default in 1.33/1.34, on from 1.35.
    assert!(at(r#"{"kubernetesVersion": "1.35"}"#).image_volumes);
    assert!(!at(r#"{"kubernetesVersion": "1.34"}"#).image_volumes);
    assert!(
        at(r#"{"kubernetesVersion": "1.33", "featureGates": {"ImageVolume": true}}"#).image_volumes
    );
    assert!(!at(r#"{"featureGates": {"ImageVolume": false}}"#).image_volumes);
    assert_eq!(Cluster::default(), Settings::default().cluster());
    let s =
        parse(r#"{"kubernetesVersion": "1.34", "featureGates": {"ImageVolume": true}}"#).unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(
        json["featureGates"],
        serde_json::json!({"ImageVolume": true})
    );
    let defaults = serde_json::to_value(Settings::default()).unwrap();
    assert!(defaults.get("featureGates").is_none());
}

#[test]
fn kubernetes_versions() {
    for (text, minor) in [("1.35", 35), ("v1.24", 24), ("1.31.4", 31)] {
        assert_eq!(
            KubernetesVersion::parse(text),
            Ok(KubernetesVersion { minor })
        );
    }
    for bad in [
        "1.23", "1.36", "1", "1.", "1.x", "1.35.", "1.35.1.2", "2.1", "1.035x", "",
    ] {
        assert!(KubernetesVersion::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn exclude_matches_whole_paths_or_components() {
    let s = Settings {
        exclude: vec![
            "tests".into(),
            "*-assert.yaml".into(),
            "./charts/*/templates/".into(),
        ],
        ..Settings::default()
    };
    for path in [
        "./app/tests/pod.yaml",
        "tests",
        "e2e/01-assert.yaml",
        "charts/web/templates",
    ] {
        assert!(s.excludes(path), "{path}");
    }
    for path in [
        "./app/pod.yaml",
        "contests/pod.yaml",
        "charts/web/values.yaml",
        "charts",
    ] {
        assert!(!s.excludes(path), "{path}");
    }
}
