//! The rule registry (docs/rules.md is generated from it): one file per rule, each a [`Rule`] with its metadata (the
//! user documentation is generated from it) and its check. Ids are the contract shared by the
//! CLI, the policy settings, the playground and suppression annotations.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fix::Applicability;
use crate::fix::Fix;
use crate::manifest::{ContainerKind, ContainerRef, ImageUse, Object, PodSpec};
use crate::policy::PullPolicy;
use crate::set::ManifestSet;
use crate::settings::Settings;
use crate::severity::{Profile, Severity};
use crate::yaml::{Document, NodeId, Span};

mod always_needs_registry;
mod deprecated_registry;
mod digest_not_pinned;
pub mod docs;
mod duplicate_key;
mod ephemeral_container_on_create;
mod floating_tag;
mod image_not_allowed;
mod image_volume_dropped;
mod implicit_always_pull;
mod implicit_pull_policy;
mod invalid_image_reference;
mod invalid_pull_policy;
mod latest_tag;
mod latest_tag_with_digest;
mod listed;
mod misplaced;
mod misplaced_pull_policy;
mod misplaced_pull_secrets;
mod missing_image;
mod missing_pull_secret;
mod never_pull_remote_image;
mod placeholder_image;
mod pull_policy_not_allowed;
mod pull_secret_api_warning;
mod pull_secret_wrong_type;
mod registry_not_allowed;
mod restart_keeps_stale_image;
mod say;
mod tag_not_allowed;
mod typo;
mod unknown_suppression;

macro_rules! rule_ids {
    ($($variant:ident => $id:literal => $module:ident,)*) => {
        /// A rule's stable id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum RuleId {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl RuleId {
            /// Every rule, in registry order (which is also the order fixes are preferred in).
            pub const ALL: &[RuleId] = &[$(RuleId::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }

            pub fn rule(self) -> &'static Rule {
                match self {
                    $(RuleId::$variant => &$module::RULE,)*
                }
            }
        }
    };
}

rule_ids! {
    InvalidPullPolicy => "invalid-pull-policy" => invalid_pull_policy,
    MisplacedPullPolicy => "misplaced-pull-policy" => misplaced_pull_policy,
    MisplacedPullSecrets => "misplaced-pull-secrets" => misplaced_pull_secrets,
    DuplicateKey => "duplicate-key" => duplicate_key,
    InvalidImageReference => "invalid-image-reference" => invalid_image_reference,
    MissingImage => "missing-image" => missing_image,
    PlaceholderImage => "placeholder-image" => placeholder_image,
    EphemeralContainerOnCreate => "ephemeral-container-on-create" => ephemeral_container_on_create,
    ImageVolumeDropped => "image-volume-dropped" => image_volume_dropped,
    ImplicitAlwaysPull => "implicit-always-pull" => implicit_always_pull,
    ImplicitPullPolicy => "implicit-pull-policy" => implicit_pull_policy,
    LatestTag => "latest-tag" => latest_tag,
    FloatingTag => "floating-tag" => floating_tag,
    LatestTagWithDigest => "latest-tag-with-digest" => latest_tag_with_digest,
    RestartKeepsStaleImage => "restart-keeps-stale-image" => restart_keeps_stale_image,
    NeverPullRemoteImage => "never-pull-remote-image" => never_pull_remote_image,
    AlwaysNeedsRegistry => "always-needs-registry" => always_needs_registry,
    DigestNotPinned => "digest-not-pinned" => digest_not_pinned,
    PullPolicyNotAllowed => "pull-policy-not-allowed" => pull_policy_not_allowed,
    RegistryNotAllowed => "registry-not-allowed" => registry_not_allowed,
    ImageNotAllowed => "image-not-allowed" => image_not_allowed,
    TagNotAllowed => "tag-not-allowed" => tag_not_allowed,
    DeprecatedRegistry => "deprecated-registry" => deprecated_registry,
    MissingPullSecret => "missing-pull-secret" => missing_pull_secret,
    PullSecretWrongType => "pull-secret-wrong-type" => pull_secret_wrong_type,
    PullSecretApiWarning => "pull-secret-api-warning" => pull_secret_api_warning,
    UnknownSuppression => "unknown-suppression" => unknown_suppression,
}

/// Ids that were renamed, and the rule each now names: settings and suppression annotations
/// written with an old id keep working.
pub const RENAMED: [(&str, RuleId); 2] = [
    ("ifnotpresent-mutable-tag", RuleId::RestartKeepsStaleImage),
    ("always-pull-pinned-digest", RuleId::AlwaysNeedsRegistry),
];

impl RuleId {
    /// The rule an id names, old ids ([`RENAMED`]) included.
    pub fn parse(id: &str) -> Option<RuleId> {
        Self::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == id)
            .or_else(|| RENAMED.iter().find(|(old, _)| *old == id).map(|&(_, r)| r))
    }

    /// Whether an image rule judges the image (its tag, registry, default): those leave a
    /// placeholder image alone ([`crate::placeholder`]). An explicit policy is still judged.
    pub fn judges_the_image(self) -> bool {
        !matches!(
            self,
            RuleId::PlaceholderImage
                | RuleId::InvalidPullPolicy
                | RuleId::EphemeralContainerOnCreate
                | RuleId::PullPolicyNotAllowed
        )
    }

    /// Whether an image rule judges what a container leaves out: a kustomize patch leaves out
    /// all it does not change.
    pub fn judges_what_is_left_out(self) -> bool {
        matches!(
            self,
            RuleId::MissingImage | RuleId::ImplicitPullPolicy | RuleId::ImplicitAlwaysPull
        )
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What fix a rule offers, for the documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    /// Always safe.
    Safe,
    /// Always unsafe (changes behaviour).
    Unsafe,
    /// Safe in some cases, unsafe in others (see the fix text).
    Sometimes,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
            Self::Sometimes => "safe or unsafe",
        }
    }

    /// One word, for tables.
    pub fn short(self) -> &'static str {
        match self {
            Self::Sometimes => "either",
            other => other.as_str(),
        }
    }
}

/// Which part of a manifest a rule looks at.
#[derive(Clone, Copy)]
pub enum Check {
    /// Each image use (containers, init and ephemeral containers, image volumes).
    Image(fn(&ImageCx<'_>, &mut Vec<Diagnostic>)),
    /// Each object, with its syntax tree (misplaced fields).
    Object(fn(&ObjectCx<'_>, &mut Vec<Diagnostic>)),
    /// Each document's syntax.
    Document(fn(&Document<'_>, &mut Vec<Diagnostic>)),
    /// The whole manifest set: pull secrets and ServiceAccounts across documents and files.
    Set(fn(&SetCx<'_>, &mut Vec<(usize, Diagnostic)>)),
}

/// A rule: metadata and check.
pub struct Rule {
    pub id: RuleId,
    pub summary: &'static str,
    /// Why it matters to the manifest's author, and what the rule does and does not flag
    /// (Markdown).
    pub why: &'static str,
    /// What the API server, the kubelet or the controller does with what the rule flags, with
    /// the upstream source (Markdown).
    pub cluster: &'static str,
    /// Default severity in each profile.
    pub severity: Severities,
    /// The setting that turns the rule on, for rules that only run when configured.
    pub configured_by: Option<&'static str>,
    pub fix: FixAvailability,
    /// What the fix does, for a rule that has one.
    pub fix_description: Option<&'static str>,
    /// A manifest that triggers the rule (under the default settings, or `example_settings`).
    pub bad_example: &'static str,
    /// A manifest that must not trigger it.
    pub good_example: &'static str,
    /// Settings (JSON) the examples need, for rules that run only when configured.
    pub example_settings: Option<&'static str>,
    pub check: Check,
}

/// A rule's default severity in the `dev`, `prod` and `strict` profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Severities {
    pub dev: Severity,
    pub prod: Severity,
    pub strict: Severity,
}

impl Severities {
    /// The same severity whatever the profile: what the cluster itself refuses, for one.
    pub const fn every_profile(severity: Severity) -> Severities {
        Severities {
            dev: severity,
            prod: severity,
            strict: severity,
        }
    }

    pub fn of(self, profile: Profile) -> Severity {
        match profile {
            Profile::Dev => self.dev,
            Profile::Prod => self.prod,
            Profile::Strict => self.strict,
        }
    }

    /// The three, in [`Profile::ALL`] order (`dev`, `prod`, `strict`).
    pub fn each(self) -> [Severity; 3] {
        Profile::ALL.map(|p| self.of(p))
    }
}

impl Rule {
    /// The whole explanation in one text, where a format has room for one (SARIF's
    /// `fullDescription`, the JSON rule list's `explanation`).
    pub fn explanation(&self) -> String {
        format!("{} {}", self.why, self.cluster)
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// What a check reports; the linter adds the rule, severity, object and suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    /// Field path of what is flagged, e.g. `spec.containers[0].imagePullPolicy`.
    pub path: String,
    /// What happens in the cluster, in one sentence (it becomes an admission warning).
    pub message: String,
    /// More detail, e.g. the API server's exact message.
    pub note: Option<String>,
    /// What to do.
    pub help: Option<String>,
    /// Ways to fix it, the preferred one first.
    pub fixes: Vec<Fix>,
    /// A ceiling on the severity (e.g. `info` when a registry is only presumed private).
    pub max_severity: Option<Severity>,
    /// The container it is about, when the linter cannot tell (rules about the whole set).
    pub container: Option<ContainerRef>,
}

impl Diagnostic {
    pub fn new(span: Span, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            path: path.into(),
            message: message.into(),
            note: None,
            help: None,
            fixes: Vec::new(),
            max_severity: None,
            container: None,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fixes.extend(fix);
        self
    }
}

/// What an image rule sees.
pub struct ImageCx<'a> {
    pub doc: &'a Document<'a>,
    pub object: &'a Object,
    pub image: &'a ImageUse,
    /// The container mapping (or an image volume's `image` mapping).
    pub node: NodeId,
    pub pod_spec: &'a PodSpec,
    pub settings: &'a Settings,
}

impl ImageCx<'_> {
    /// Where to point when the finding is about the image: the image, else the container.
    pub fn image_span(&self) -> Span {
        self.image
            .image
            .as_ref()
            .map_or(self.image.container.span, |i| i.span)
    }

    /// Field path of the image field.
    pub fn image_path(&self) -> String {
        self.image.image_path()
    }

    /// Where to point when the finding is about the policy: the written policy, else the image.
    pub fn policy_span(&self) -> Span {
        self.image
            .written_policy
            .as_ref()
            .map_or_else(|| self.image_span(), |p| p.span)
    }

    /// A fix that writes `policy` into this container's policy field (replacing or inserting);
    /// none when the settings do not allow that policy (the fix would trade one finding for
    /// another), or when an image volume carries a misplaced `imagePullPolicy` (its own fix
    /// writes `pullPolicy`).
    pub fn set_policy(&self, policy: PullPolicy, applicability: Applicability) -> Option<Fix> {
        let allowed = &self.settings.allowed_pull_policies;
        let kind = self.image.container.kind;
        if (!allowed.is_empty() && !allowed.contains(&policy))
            || (kind == ContainerKind::ImageVolume
                && self.doc.get(self.node, "imagePullPolicy").is_some())
        {
            return None;
        }
        let edit = crate::edit::Editor::new(self.doc).set_entry(
            self.node,
            kind.policy_field(),
            policy.as_str(),
            kind.image_field(),
        )?;
        let verb = if self.image.written_policy.is_some() {
            "set"
        } else {
            "write"
        };
        Some(Fix::new(
            format!("{verb} {}: {policy}", kind.policy_field()),
            applicability,
            vec![edit],
        ))
    }

    /// The parsed reference and the image as written, when the image is valid.
    pub fn reference(&self) -> Option<(&crate::reference::Reference, &str)> {
        let r = self.image.reference.as_ref().ok()?;
        Some((
            r,
            self.image.image.as_ref().map_or("", |i| i.value.as_str()),
        ))
    }
}

/// What an object rule sees.
pub struct ObjectCx<'a> {
    pub doc: &'a Document<'a>,
    pub object: &'a Object,
    pub settings: &'a Settings,
}

/// What a set rule sees: the pods to judge, and the set's ServiceAccounts and Secrets to judge
/// them by (a long set can be judged some pods at a time:
/// [`crate::session::Session::update_within`]).
pub struct SetCx<'a> {
    pub set: &'a ManifestSet,
    pub pods: &'a [crate::set::PodFacts],
    pub settings: &'a Settings,
}

impl SetCx<'_> {
    /// The pods to judge, each with its index in `pods`.
    pub fn pods(&self) -> impl Iterator<Item = (usize, &crate::set::PodFacts)> {
        self.pods.iter().enumerate()
    }
}
