//! `imagePullPolicy`: its values, API-server defaulting (kubernetes `pkg/apis/core/v1/defaults.go`)
//! and validation, each with a reason a person can read.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cluster::Cluster;
use crate::go_quote::{go_quote, json_quote};
use crate::placeholder::Filler;
use crate::reference::{Parser, Reference, ReferenceError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

impl PullPolicy {
    pub const ALL: [PullPolicy; 3] = [Self::Always, Self::IfNotPresent, Self::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "Always",
            Self::IfNotPresent => "IfNotPresent",
            Self::Never => "Never",
        }
    }

    /// The policy a value names, exactly as the API server compares it (case-sensitive).
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// The policy a value names in any case (`always`): what its writer meant, which the API
    /// server does not accept.
    pub fn parse_ignoring_case(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(value))
    }
}

impl fmt::Display for PullPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why defaulting chose its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultReason {
    /// Neither tag nor digest: `ParseImageName` implies `latest`.
    ImpliedLatest,
    LatestTag,
    /// `name:latest@sha256:…`: the tag is still `latest`, the digest does not matter.
    LatestTagWithDigest,
    OtherTag(String),
    DigestOnly,
    /// No image at all (the API server requires one).
    NoImage,
    /// The image does not parse; defaulting ignores the error (the kubelet does not).
    Unparsable(ReferenceError),
    /// Knative resolves tags to digests before it creates the Deployment.
    KnativeResolvesTag,
    /// The image is a placeholder: the default is decided from what fills it in. The policy
    /// beside this reason is what the text as written would get.
    Placeholder(Filler),
}

/// Who writes the default into the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defaulter {
    /// The API server, when a built-in object is created.
    ApiServer,
    /// Nobody defaults a custom resource; the API server defaults the Pod its controller creates.
    Controller,
    /// Knative Serving: as `Controller`, after resolving the tag to a digest.
    Knative,
}

/// Registries Knative does not resolve tags for (`registries-skipping-tag-resolving` default).
const KNATIVE_SKIPPED_REGISTRIES: [&str; 3] = ["kind.local", "ko.local", "dev.local"];

/// `SetDefaults_Container`: `Always` if `ParseImageName` sees the tag `latest` (written, or implied
/// by neither tag nor digest), else `IfNotPresent`. The parse error is ignored (no tag, so
/// `IfNotPresent`).
pub fn default_for(image: &str) -> (PullPolicy, DefaultReason) {
    default_with(image, Parser::Reference06)
}

/// As [`default_for`], by the parser of a given release (what parses differs between them).
pub fn default_with(image: &str, parser: Parser) -> (PullPolicy, DefaultReason) {
    use {DefaultReason::*, PullPolicy::*};
    match Reference::parse_normalized_with(image, parser) {
        Err(_) if image.is_empty() => (IfNotPresent, NoImage),
        Err(e) => (IfNotPresent, Unparsable(e)),
        Ok(r) => match (r.tag(), r.digest()) {
            (None, None) => (Always, ImpliedLatest),
            (Some("latest"), None) => (Always, LatestTag),
            (Some("latest"), Some(_)) => (Always, LatestTagWithDigest),
            (None, Some(_)) => (IfNotPresent, DigestOnly),
            (Some(tag), _) => (IfNotPresent, OtherTag(tag.to_owned())),
        },
    }
}

/// Whether Knative replaces this image's tag with the digest it points to when it creates a
/// revision (it does for every tagged or untagged image outside its skipped registries).
pub fn knative_resolves(reference: &Reference) -> bool {
    reference.digest().is_none() && !KNATIVE_SKIPPED_REGISTRIES.contains(&reference.domain())
}

/// The default as it ends up on the Pod, given who defaults and the release's parser.
pub fn default_by(image: &str, by: Defaulter, parser: Parser) -> (PullPolicy, DefaultReason) {
    if by == Defaulter::Knative
        && let Ok(r) = Reference::parse_normalized_with(image, parser)
        && knative_resolves(&r)
    {
        return (PullPolicy::IfNotPresent, DefaultReason::KnativeResolvesTag);
    }
    default_with(image, parser)
}

/// What a manifest says for the policy field, as kubectl reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenPolicy<'a> {
    /// Absent, `null`, `~` or `""`: all defaulted.
    Unset,
    String(&'a str),
    /// Not a string (`yes` is a boolean in YAML 1.1): the API server cannot decode the object.
    WrongType(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicySource {
    Explicit,
    Defaulted,
    Invalid,
}

impl PolicySource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Explicit => "explicit",
            Self::Defaulted => "defaulted",
            Self::Invalid => "invalid",
        }
    }
}

/// The effective policy of one container (or image volume) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Explicit(PullPolicy),
    Defaulted {
        policy: PullPolicy,
        why: DefaultReason,
        by: Defaulter,
    },
    /// A non-empty value that is not exactly one of the three.
    Unsupported {
        value: String,
        /// The value as the release's API server prints it.
        shown: String,
        by: Defaulter,
    },
    /// `field` must be a string and is not (`imagePullPolicy: yes` is a boolean in YAML 1.1).
    WrongType {
        field: &'static str,
        found: &'static str,
        by: Defaulter,
    },
    /// The container may not be written where it is: ephemeral containers in a pod template, or
    /// in a Pod being created. The API server's `Forbidden` detail, e.g. `cannot be set on create`.
    Forbidden(&'static str),
}

impl Resolution {
    /// Resolves what is written against the image, as the API server of `cluster` would.
    pub fn of(
        written: WrittenPolicy<'_>,
        image: &str,
        by: Defaulter,
        cluster: &Cluster,
    ) -> Resolution {
        match written {
            WrittenPolicy::Unset | WrittenPolicy::String("") => {
                let (policy, why) = default_by(image, by, cluster.parser());
                Resolution::Defaulted { policy, why, by }
            }
            WrittenPolicy::String(value) => match PullPolicy::parse(value) {
                Some(policy) => Resolution::Explicit(policy),
                None => Resolution::Unsupported {
                    value: value.to_owned(),
                    shown: shown_value(value, cluster),
                    by,
                },
            },
            WrittenPolicy::WrongType(found) => Resolution::WrongType {
                field: "imagePullPolicy",
                found,
                by,
            },
        }
    }

    /// `None` when the object (or the Pod made from it) would be rejected.
    pub fn effective(&self) -> Option<PullPolicy> {
        match self {
            Self::Explicit(p) | Self::Defaulted { policy: p, .. } => Some(*p),
            Self::Unsupported { .. } | Self::WrongType { .. } | Self::Forbidden(_) => None,
        }
    }

    pub fn source(&self) -> PolicySource {
        match self {
            Self::Explicit(_) => PolicySource::Explicit,
            Self::Defaulted { .. } => PolicySource::Defaulted,
            Self::Unsupported { .. } | Self::WrongType { .. } | Self::Forbidden(_) => {
                PolicySource::Invalid
            }
        }
    }
}

/// The API server's validation message, e.g.
/// `spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"`,
/// with `shown` the value as [`shown_value`] prints it.
pub fn unsupported_value_message(field: &str, shown: &str) -> String {
    format!("{field}: {}", unsupported_value(shown))
}

/// A bad policy as apimachinery's `field.Error.ErrorBody` prints it: a `core.PullPolicy` is no
/// `string`, so 1.34 on (apimachinery v0.34.0) use `json.Marshal`, older releases `%#v`
/// (Go-quoted). The supported values are always `strconv.Quote`d.
pub fn shown_value(value: &str, cluster: &Cluster) -> String {
    if cluster.json_values() {
        json_quote(value)
    } else {
        go_quote(value)
    }
}

fn unsupported_value(shown: &str) -> String {
    format!("Unsupported value: {shown}: supported values: \"Always\", \"IfNotPresent\", \"Never\"")
}

/// Who turns a bad value into a rejection: the API server validates built-in objects; nobody
/// validates these fields in a custom resource until its controller creates a built-in object
/// from it: an Argo Workflow's Pods, an Argo Rollout's ReplicaSet, a Knative Revision's
/// Deployment.
pub(crate) fn rejected_by(by: Defaulter) -> &'static str {
    match by {
        Defaulter::ApiServer => "the API server rejects the object",
        Defaulter::Controller => {
            "what the controller creates from it (Pods, or a Rollout's ReplicaSet) is rejected"
        }
        Defaulter::Knative => "the Deployment Knative creates for the revision is rejected",
    }
}

impl fmt::Display for DefaultReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ImpliedLatest => f.write_str("no tag, so latest, so Always"),
            Self::LatestTag => f.write_str("tag latest, so Always"),
            Self::LatestTagWithDigest => {
                f.write_str("tag latest, so Always (the digest does not change the default)")
            }
            Self::OtherTag(tag) => write!(f, "tag {tag} is not latest, so IfNotPresent"),
            Self::DigestOnly => f.write_str("digest without a tag, so IfNotPresent"),
            Self::NoImage => {
                f.write_str("no image, so IfNotPresent (the API server requires an image)")
            }
            Self::Unparsable(e) => write!(
                f,
                "the image does not parse ({e}), so IfNotPresent; the node fails with InvalidImageName"
            ),
            Self::KnativeResolvesTag => {
                f.write_str("Knative resolves the tag to a digest first, so IfNotPresent")
            }
            Self::Placeholder(filler) => write!(
                f,
                "the image is {}; the default follows the image it gets (Always for latest or no tag, else IfNotPresent)",
                filler.what()
            ),
        }
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Explicit(p) => write!(f, "explicit: {p}"),
            Self::Defaulted {
                why,
                by: Defaulter::ApiServer,
                ..
            } => write!(f, "defaulted: {why}"),
            Self::Defaulted { why, .. } => {
                write!(f, "defaulted when the controller creates the Pod: {why}")
            }
            Self::Unsupported { shown, by, .. } => {
                write!(f, "{}; {}", unsupported_value(shown), rejected_by(*by))
            }
            Self::WrongType {
                field,
                found,
                by: Defaulter::ApiServer,
            } => write!(
                f,
                "{field} is a {found} where a string is required; the API server cannot decode the object"
            ),
            Self::WrongType { field, found, by } => write!(
                f,
                "{field} is a {found} where a string is required; {}",
                rejected_by(*by)
            ),
            Self::Forbidden(detail) => write!(
                f,
                "ephemeralContainers: Forbidden: {detail}; the API server rejects the object"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cluster::FeatureGates;
    use crate::settings::KubernetesVersion;

    const P: Parser = Parser::Reference06;

    fn now() -> Cluster {
        Cluster::default()
    }

    const D: &str = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

    #[test]
    fn defaulting_table_of_semantics_md() {
        use PullPolicy::*;
        let cases: Vec<(String, PullPolicy)> = vec![
            ("nginx".into(), Always),
            ("nginx:latest".into(), Always),
            ("nginx:1.25".into(), IfNotPresent),
            (format!("nginx@{D}"), IfNotPresent),
            (format!("nginx:latest@{D}"), Always),
            ("nginx:LATEST".into(), IfNotPresent),
            ("nginx:latest-alpine".into(), IfNotPresent),
            ("localhost:5000/app".into(), Always),
            ("localhost:5000".into(), IfNotPresent),
            ("".into(), IfNotPresent),
            ("Nginx:latest".into(), IfNotPresent),
            ("nginx:".into(), IfNotPresent),
            ("nginx:latest ".into(), IfNotPresent),
            (format!("nginx@{}", D.to_uppercase()), IfNotPresent),
            ("a".repeat(64), IfNotPresent),
        ];
        for (image, expected) in cases {
            assert_eq!(default_for(&image).0, expected, "{image:?}");
        }
    }

    #[test]
    fn reasons_name_the_cause() {
        assert_eq!(default_for("nginx").1, DefaultReason::ImpliedLatest);
        assert_eq!(default_for("nginx:latest").1, DefaultReason::LatestTag);
        assert_eq!(
            default_for(&format!("nginx:latest@{D}")).1,
            DefaultReason::LatestTagWithDigest
        );
        assert_eq!(
            default_for(&format!("nginx@{D}")).1,
            DefaultReason::DigestOnly
        );
        assert_eq!(
            default_for("localhost:5000").1,
            DefaultReason::OtherTag("5000".into())
        );
        let by = Defaulter::ApiServer;
        let shown =
            Resolution::of(WrittenPolicy::Unset, "registry/demoapi:latest", by, &now()).to_string();
        assert_eq!(shown, "defaulted: tag latest, so Always");
        let shown = Resolution::of(WrittenPolicy::Unset, "Nginx", by, &now()).to_string();
        assert_eq!(
            shown,
            "defaulted: the image does not parse (invalid reference format: repository name (library/Nginx) must be lowercase), so IfNotPresent; the node fails with InvalidImageName"
        );
    }

    #[test]
    fn only_absent_or_empty_values_are_defaulted() {
        let by = Defaulter::ApiServer;
        let r = Resolution::of(WrittenPolicy::String(""), "nginx", by, &now());
        assert_eq!(
            (r.source(), r.effective()),
            (PolicySource::Defaulted, Some(PullPolicy::Always))
        );
        let r = Resolution::of(WrittenPolicy::String("always"), "nginx", by, &now());
        assert_eq!((r.source(), r.effective()), (PolicySource::Invalid, None));
        let r = Resolution::of(WrittenPolicy::String("Never"), "nginx", by, &now());
        assert_eq!(
            (r.source(), r.effective()),
            (PolicySource::Explicit, Some(PullPolicy::Never))
        );
        let r = Resolution::of(WrittenPolicy::WrongType("bool"), "nginx", by, &now());
        assert_eq!(r.source(), PolicySource::Invalid);
        let controller = Resolution::of(
            WrittenPolicy::String("always"),
            "x",
            Defaulter::Controller,
            &now(),
        );
        assert!(controller.to_string().ends_with(
            "; what the controller creates from it (Pods, or a Rollout's ReplicaSet) is rejected"
        ));
        // apimachinery v0.34.0 on renders a `core.PullPolicy` with json.Marshal, v0.33 with %#v.
        let control = Resolution::of(WrittenPolicy::String("Never\0"), "x", by, &now());
        assert!(
            control
                .to_string()
                .starts_with(r#"Unsupported value: "Never\u0000""#),
            "{control}"
        );
        let old = Cluster::new(KubernetesVersion { minor: 33 }, &FeatureGates::default());
        let control = Resolution::of(WrittenPolicy::String("Never\0"), "x", by, &old);
        assert!(
            control
                .to_string()
                .starts_with(r#"Unsupported value: "Never\x00""#),
            "{control}"
        );
    }

    #[test]
    fn unsupported_value_message_matches_the_api_server() {
        let field = "spec.containers[0].imagePullPolicy";
        assert_eq!(
            unsupported_value_message(field, &shown_value("always", &now())),
            r#"spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never""#
        );
        // kubernetes 1.34 on: `"\u003cno value\u003e"`; 1.33: `"<no value>"`.
        let v = |minor| Cluster::new(KubernetesVersion { minor }, &FeatureGates::default());
        assert_eq!(
            shown_value("<no value>", &v(34)),
            r#""\u003cno value\u003e""#
        );
        assert_eq!(shown_value("<no value>", &v(33)), r#""<no value>""#);
    }

    #[test]
    fn older_parsers_default_differently() {
        use PullPolicy::*;
        let v = |minor| Parser::of(KubernetesVersion { minor });
        // v0.6.0 counts the path; v0.5.0 and v2.8 the whole name (docker.io/library/ + 240).
        let long = "a".repeat(240);
        assert_eq!(default_with(&long, v(32)).0, Always);
        assert_eq!(default_with(&long, v(31)).0, IfNotPresent);
        // v2.8 reads `Foo` as a Docker Hub namespace (uppercase: invalid), later ones as a registry.
        assert_eq!(default_with("Foo/bar", v(29)).0, Always);
        assert_eq!(default_with("Foo/bar", v(28)).0, IfNotPresent);
        // v2.8 has no IPv6 registries.
        assert_eq!(default_with("[::1]:5000/app", v(29)).0, Always);
        assert_eq!(default_with("[::1]:5000/app", v(28)).0, IfNotPresent);
    }

    #[test]
    fn knative_resolves_tags_except_on_skipped_registries() {
        let k = Defaulter::Knative;
        assert_eq!(default_by("nginx:latest", k, P).0, PullPolicy::IfNotPresent);
        assert_eq!(default_by("kind.local/app", k, P).0, PullPolicy::Always);
        assert_eq!(
            default_by(&format!("nginx:latest@{D}"), k, P).0,
            PullPolicy::Always
        );
        assert_eq!(
            default_by("nginx", Defaulter::Controller, P).0,
            PullPolicy::Always
        );
    }
}
