//! Settings written out for the other faces: `.pullpolicy.yaml` for the CLI and a Kubewarden
//! `ClusterAdmissionPolicy` for the cluster. Only what differs from the defaults is written (and
//! always the profile), so the files say what was chosen; both read back to the same settings.

use serde_json::{Map, Value, json};

use super::{Mutate, Settings};
use crate::yaml::to_yaml;

/// The published policy module (wasm-policy/artifacthub-pkg.yml).
pub const POLICY_MODULE: &str = "registry://ghcr.io/pullpolicy/policies/pullpolicy:v0.1.0";

impl Settings {
    /// The settings as JSON, without the keys that hold their default value (`profile` kept).
    pub fn chosen(&self) -> Map<String, Value> {
        let defaults = serialize(&Settings::default());
        serialize(self)
            .into_iter()
            .filter(|(key, value)| key == "profile" || defaults.get(key) != Some(value))
            .collect()
    }

    /// `.pullpolicy.yaml`, the CLI's configuration file.
    pub fn to_config_yaml(&self) -> String {
        format!(
            "# .pullpolicy.yaml: read by `pullpolicy lint` from the current directory or --config.\n{}",
            to_yaml(&Value::Object(self.chosen()))
        )
    }

    /// A `ClusterAdmissionPolicy` that runs the policy module with these settings on the
    /// resources of wasm-policy/metadata.yml. `mutating` follows `mutate`: Kubewarden rejects
    /// every change made by a policy declared non-mutating.
    pub fn to_cluster_admission_policy(&self) -> String {
        let policy = json!({
            "apiVersion": "policies.kubewarden.io/v1",
            "kind": "ClusterAdmissionPolicy",
            "metadata": {"name": "pullpolicy"},
            "spec": {
                "module": POLICY_MODULE,
                "mode": "protect",
                "mutating": self.mutate != Mutate::None,
                "backgroundAudit": true,
                "rules": admission_rules(),
                "settings": self.chosen(),
            }
        });
        format!(
            "# kubectl apply -f pullpolicy-policy.yaml\n{}",
            to_yaml(&policy)
        )
    }
}

/// The resources the policy subscribes to, as wasm-policy/metadata.yml lists them.
pub fn admission_rules() -> Value {
    let rule = |group: &str, resources: &[&str]| {
        json!({
            "apiGroups": [group],
            "apiVersions": ["v1"],
            "resources": resources,
            "operations": ["CREATE", "UPDATE"],
        })
    };
    json!([
        rule(
            "",
            &[
                "pods",
                "pods/ephemeralcontainers",
                "replicationcontrollers",
                "podtemplates"
            ]
        ),
        rule(
            "apps",
            &["deployments", "replicasets", "statefulsets", "daemonsets"]
        ),
        rule("batch", &["jobs", "cronjobs"]),
    ])
}

fn serialize(settings: &Settings) -> Map<String, Value> {
    match serde_json::to_value(settings) {
        Ok(Value::Object(map)) => map,
        // Settings serialize to an object by construction.
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, documents};

    fn read_yaml(text: &str) -> Value {
        let doc = documents(text, &Limits::DEFAULT).next().unwrap().unwrap();
        doc.to_json().unwrap()
    }

    fn customised() -> Settings {
        let json = json!({
            "profile": "strict",
            "rules": {"latest-tag": "error", "floating-tag": "off"},
            "floatingTags": ["latest", "*-rc*", "yes"],
            "allowedRegistries": ["ghcr.io/acme", "registry.k8s.io"],
            "privateRegistries": ["registry.acme.com"],
            "allowedPullPolicies": ["Always", "IfNotPresent"],
            "kubernetesVersion": "1.30",
            "failOn": "warning",
            "mutate": "always",
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn defaults_export_only_the_profile() {
        let yaml = Settings::default().to_config_yaml();
        insta::assert_snapshot!(yaml, @r"
        # .pullpolicy.yaml: read by `pullpolicy lint` from the current directory or --config.
        profile: prod
        ");
    }

    #[test]
    fn config_yaml_reads_back_to_the_same_settings() {
        let settings = customised();
        let yaml = settings.to_config_yaml();
        let read: Settings = serde_json::from_value(read_yaml(&yaml)).unwrap();
        assert_eq!(read, settings);
        insta::assert_snapshot!(yaml);
    }

    #[test]
    fn cluster_admission_policy_carries_the_settings_and_the_module_rules() {
        let settings = customised();
        let yaml = settings.to_cluster_admission_policy();
        let policy = read_yaml(&yaml);
        let read: Settings = serde_json::from_value(policy["spec"]["settings"].clone()).unwrap();
        assert_eq!(read, settings);
        assert_eq!(policy["spec"]["mutating"], json!(true));
        let metadata = read_yaml(include_str!("../../../wasm-policy/metadata.yml"));
        assert_eq!(policy["spec"]["rules"], metadata["rules"]);
        insta::assert_snapshot!(yaml);
        let plain = Settings::default().to_cluster_admission_policy();
        assert_eq!(read_yaml(&plain)["spec"]["mutating"], json!(false));
    }
}
