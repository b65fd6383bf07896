//! The one Settings struct every face reads: the CLI from `.pullpolicy.yaml`, the
//! policy from its Kubewarden settings (JSON), the playground from its form. Every value is checked
//! while it is deserialized, so an error names the key (and, from YAML or JSON text, the line and
//! column); unknown keys are rejected.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::cluster::{Cluster, FeatureGates};
use crate::node::VerificationPolicy;
use crate::pattern::{ImagePattern, RegistryPattern, glob_matches};
use crate::policy::PullPolicy;
use crate::rules::RuleId;
use crate::severity::{Profile, Severity};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Settings {
    /// Rule severities preset: `dev`, `prod` (default) or `strict`.
    pub profile: Profile,
    /// Per-rule severity overrides: `{latest-tag: error}`.
    #[serde(deserialize_with = "rule_severities")]
    pub rules: BTreeMap<RuleId, Severity>,
    /// Tag globs that count as floating; `None` keeps [`DEFAULT_FLOATING_TAGS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floating_tags: Option<Vec<TagPattern>>,
    /// Shorthand for `digest-not-pinned: error`.
    pub require_digest: bool,
    /// Registries or repositories exempt from `digest-not-pinned`.
    pub digest_exemptions: Vec<Registry>,
    /// Empty: any registry.
    pub allowed_registries: Vec<Registry>,
    /// Registries no image may come from, whatever `allowedRegistries` says.
    pub rejected_registries: Vec<Registry>,
    /// Empty: any image.
    pub allowed_images: Vec<Image>,
    /// Images no container may run.
    pub rejected_images: Vec<Image>,
    /// Tags no image may have (case matters: tags are case-sensitive).
    pub rejected_tags: Vec<TagPattern>,
    /// Registries that always need a pull secret.
    pub private_registries: Vec<Registry>,
    /// Registries anyone can pull from; `None` keeps the built-in list. When set, every other
    /// registry (but local development ones) needs a pull secret, as `privateRegistries` do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_registries: Option<Vec<Registry>>,
    /// Empty: any policy.
    pub allowed_pull_policies: Vec<PullPolicy>,
    pub kubernetes_version: KubernetesVersion,
    /// The API server's feature gates, where they change what a manifest becomes.
    #[serde(skip_serializing_if = "FeatureGates::is_default")]
    pub feature_gates: FeatureGates,
    /// What the nodes' kubelets are configured with, where it changes what a pod may start from.
    #[serde(skip_serializing_if = "KubeletSettings::is_default")]
    pub kubelet: KubeletSettings,
    /// The CLI exits with 1, and the policy rejects, at this severity or above.
    pub fail_on: FailOn,
    /// Kubewarden policy only: what to write into admitted objects.
    pub mutate: Mutate,
    /// CLI only: paths not to read when walking a directory (see [`Settings::excludes`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: Profile::Prod,
            rules: BTreeMap::new(),
            floating_tags: None,
            require_digest: false,
            digest_exemptions: Vec::new(),
            allowed_registries: Vec::new(),
            rejected_registries: Vec::new(),
            allowed_images: Vec::new(),
            rejected_images: Vec::new(),
            rejected_tags: Vec::new(),
            private_registries: Vec::new(),
            public_registries: None,
            allowed_pull_policies: Vec::new(),
            kubernetes_version: KubernetesVersion::DEFAULT,
            feature_gates: FeatureGates::default(),
            kubelet: KubeletSettings::default(),
            fail_on: FailOn(Severity::Error),
            mutate: Mutate::None,
            exclude: Vec::new(),
        }
    }
}

/// Tags that are moved on purpose (the `floating-tag` rule), matched without case.
pub const DEFAULT_FLOATING_TAGS: [&str; 9] = [
    "stable",
    "main",
    "master",
    "develop",
    "dev",
    "edge",
    "nightly",
    "snapshot",
    "*-SNAPSHOT",
];

impl Settings {
    /// Whether `path` (as the CLI names it, `./` left out) is excluded: by a pattern with a `/`
    /// matched against the whole path, or by one without against any of its components (`tests`,
    /// `*-assert.yaml`). `*` matches any run of characters, `?` one.
    pub fn excludes(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./");
        self.exclude.iter().any(|pattern| {
            let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
            match pattern.contains('/') {
                true => glob_matches(pattern, path, false),
                false => path.split('/').any(|c| glob_matches(pattern, c, false)),
            }
        })
    }

    /// Reads settings from any serde format (`serde_json`, `yaml_serde`...), naming the key of
    /// the first bad value.
    pub fn from_deserializer<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Settings, SettingsError> {
        serde_path_to_error::deserialize(deserializer)
            .map(|MappingOnly(settings)| settings)
            .map_err(|e| {
                let key = e.path().to_string();
                let key = if key == "." { String::new() } else { key };
                let message = e.into_inner().to_string();
                // Some formats (yaml_serde) start their message with the path already.
                let message = match message.strip_prefix(&format!("{key}: ")) {
                    Some(rest) if !key.is_empty() => rest.to_owned(),
                    _ => message,
                };
                SettingsError { key, message }
            })
            .and_then(Settings::checked)
    }

    /// Refuses what no cluster can be (a feature gate set on a release that does not have it);
    /// for settings changed after they were read.
    pub fn checked(self) -> Result<Settings, SettingsError> {
        let version = self.kubernetes_version;
        if self.kubelet.ensure_secret_pulled_images == Some(true)
            && version < crate::node::credentials::GATE_ALPHA
        {
            return Err(SettingsError {
                key: "kubelet.ensureSecretPulledImages".to_owned(),
                message: format!(
                    "the KubeletEnsureSecretPulledImages feature gate exists from Kubernetes {} \
                     (kubernetesVersion is {version})",
                    crate::node::credentials::GATE_ALPHA
                ),
            });
        }
        if self.feature_gates.image_volume == Some(true)
            && version < crate::cluster::IMAGE_VOLUME_ALPHA
        {
            return Err(SettingsError {
                key: "featureGates.ImageVolume".to_owned(),
                message: format!(
                    "the ImageVolume feature gate exists from Kubernetes {} (kubernetesVersion is {version})",
                    crate::cluster::IMAGE_VOLUME_ALPHA
                ),
            });
        }
        Ok(self)
    }

    /// The release and gates the manifest reader follows.
    pub fn cluster(&self) -> Cluster {
        Cluster::new(self.kubernetes_version, &self.feature_gates)
    }

    /// The severity a rule runs at: the override in `rules`, else `requireDigest` for
    /// `digest-not-pinned`, else the profile's default.
    pub fn severity(&self, rule: RuleId) -> Severity {
        if let Some(&severity) = self.rules.get(&rule) {
            return severity;
        }
        if rule == RuleId::DigestNotPinned && self.require_digest {
            return Severity::Error;
        }
        rule.rule().severity.of(self.profile)
    }

    /// Whether a tag is floating: matches the configured patterns, or the default list.
    pub fn is_floating(&self, tag: &str) -> bool {
        match &self.floating_tags {
            Some(patterns) => patterns.iter().any(|p| glob_matches(&p.0, tag, true)),
            None => DEFAULT_FLOATING_TAGS
                .iter()
                .any(|p| glob_matches(p, tag, true)),
        }
    }
}

/// The `rules` mapping, with rule ids read as strings so that an error names the rule.
fn rule_severities<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<RuleId, Severity>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<RuleId, Severity>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a mapping of rule ids to severities")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(id) = map.next_key::<String>()? {
                let Some(rule) = RuleId::parse(&id) else {
                    return Err(serde::de::Error::custom(format!(
                        "unknown rule `{id}` (`pullpolicy rules` lists them)"
                    )));
                };
                out.insert(rule, map.next_value()?);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visitor)
}

/// Settings from a mapping only: serde's derived structs also accept a sequence of values.
struct MappingOnly(Settings);

impl<'de> Deserialize<'de> for MappingOnly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = MappingOnly;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of settings (profile, rules, failOn...)")
            }
            /// No settings at all (`null`, an empty YAML document): the defaults.
            fn visit_unit<E: serde::de::Error>(self) -> Result<MappingOnly, E> {
                Ok(MappingOnly(Settings::default()))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<MappingOnly, E> {
                self.visit_unit()
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MappingOnly, A::Error> {
                Settings::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(MappingOnly)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A bad setting: which key, and what is wrong (with the allowed values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// Path of the key, e.g. `rules.latest-tag` or `allowedRegistries[2]`; empty at the top level.
    pub key: String,
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "invalid settings: {}", self.message)
        } else {
            write!(f, "invalid settings: {}: {}", self.key, self.message)
        }
    }
}

impl std::error::Error for SettingsError {}

/// The kubelet configuration that decides whether a pod may start from an image another pod
/// pulled with credentials (KEP-2535); unset, each is what the kubelet of `kubernetesVersion`
/// defaults to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct KubeletSettings {
    /// `imagePullCredentialsVerificationPolicy` of the kubelet configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_pull_credentials_verification_policy: Option<VerificationPolicy>,
    /// The `KubeletEnsureSecretPulledImages` feature gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ensure_secret_pulled_images: Option<bool>,
}

impl KubeletSettings {
    pub fn is_default(&self) -> bool {
        *self == KubeletSettings::default()
    }
}

/// `failOn`: a severity that findings can have (`off` would fail on nothing and is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FailOn(pub Severity);

impl<'de> Deserialize<'de> for FailOn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Severity::deserialize(d)? {
            Severity::Off => Err(serde::de::Error::custom(
                "`off` would never fail; use `info`, `warning` or `error`",
            )),
            severity => Ok(FailOn(severity)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mutate {
    /// Validate only.
    #[default]
    None,
    /// Write each container's effective policy explicitly (no behaviour change).
    Explicit,
    /// Force `Always` on Pods' containers: the AlwaysPullImages admission plugin's rule, also on
    /// the ephemeral containers `kubectl debug` adds (the plugin skips subresources).
    Always,
}

/// A tag glob (`*-SNAPSHOT`, `*-rc*`): tag characters, `*` and `?`; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPattern(pub String);

impl TagPattern {
    pub fn parse(pattern: &str) -> Result<Self, String> {
        if pattern.is_empty() {
            return Err("an empty tag pattern matches nothing".to_owned());
        }
        // The tag grammar (`[\w][\w.-]{0,127}`) with glob characters.
        let tag_char =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '*' | '?');
        if !pattern.chars().all(tag_char) || pattern.len() > 128 {
            return Err(format!(
                "`{pattern}` is not a tag pattern: tags are up to 128 letters, digits, `_`, `.` \
                 and `-`, with `*` and `?` as wildcards"
            ));
        }
        Ok(TagPattern(pattern.to_owned()))
    }
}

impl Serialize for TagPattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TagPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pattern = String::deserialize(d)?;
        TagPattern::parse(&pattern).map_err(serde::de::Error::custom)
    }
}

/// A pattern as written, with its parsed form: settings echo what the user wrote (findings name
/// the entry, the export writes it back) and match with the parsed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written<P> {
    pub written: String,
    pub pattern: P,
}

/// An entry of `allowedImages` / `rejectedImages`.
pub type Image = Written<ImagePattern>;
/// An entry of a registry list (`allowedRegistries`, `privateRegistries`, ...).
pub type Registry = Written<RegistryPattern>;

/// A pattern that can be parsed from its written form.
pub trait Pattern: Sized {
    fn parse(written: &str) -> Result<Self, String>;
}

impl Pattern for ImagePattern {
    fn parse(written: &str) -> Result<Self, String> {
        ImagePattern::parse(written)
    }
}

impl Pattern for RegistryPattern {
    fn parse(written: &str) -> Result<Self, String> {
        RegistryPattern::parse(written)
    }
}

impl<P: Pattern> Written<P> {
    pub fn parse(written: &str) -> Result<Self, String> {
        Ok(Written {
            written: written.to_owned(),
            pattern: P::parse(written)?,
        })
    }
}

impl<P> Serialize for Written<P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.written)
    }
}

impl<'de, P: Pattern> Deserialize<'de> for Written<P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = String::deserialize(d)?;
        Written::parse(&written).map_err(serde::de::Error::custom)
    }
}

/// A Kubernetes minor version, written `"1.35"` (a string: as a YAML number `1.30` would be 1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct KubernetesVersion {
    pub minor: u32,
}

impl KubernetesVersion {
    pub const DEFAULT: KubernetesVersion = KubernetesVersion { minor: 35 };
    /// The oldest release modelled: 1.24 vendored docker/distribution v2.8.1, whose parser was
    /// read; 1.20 to 1.23 vendored v2.7.1, which was not (`docs/versions.md`).
    pub const OLDEST: KubernetesVersion = KubernetesVersion { minor: 24 };
    /// The newest release modelled: what a later one changes is not known.
    pub const NEWEST: KubernetesVersion = KubernetesVersion { minor: 35 };

    pub fn parse(text: &str) -> Result<Self, String> {
        let number = |s: &str| {
            let digits = !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| s.parse::<u32>().ok()).flatten()
        };
        let mut parts = text.strip_prefix('v').unwrap_or(text).split('.');
        let (major, minor, patch) = (parts.next(), parts.next(), parts.next());
        match (
            major,
            minor.and_then(number),
            patch.map(number),
            parts.next(),
        ) {
            (Some("1"), Some(minor), None | Some(Some(_)), None)
                if (Self::OLDEST.minor..=Self::NEWEST.minor).contains(&minor) =>
            {
                Ok(KubernetesVersion { minor })
            }
            (Some("1"), Some(minor), None | Some(Some(_)), None) => Err(format!(
                "pullpolicy models Kubernetes {} to {}, not 1.{minor} (docs/versions.md says what each changes)",
                Self::OLDEST,
                Self::NEWEST
            )),
            _ => Err(format!(
                "`{text}` is not a Kubernetes version; write it like \"1.35\" ({} to {})",
                Self::OLDEST,
                Self::NEWEST
            )),
        }
    }
}

impl Default for KubernetesVersion {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

impl Serialize for KubernetesVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KubernetesVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = KubernetesVersion;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a version string like \"1.35\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                KubernetesVersion::parse(v).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Err(E::custom(format!(
                    "{v} is a number; quote the version (\"1.30\" as a number reads 1.3)"
                )))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(Visitor)
    }
}

mod export;
pub use export::{POLICY_MODULE, admission_rules};

#[cfg(test)]
mod tests;
