//! KEP-2535, "ensure secret pulled images": whether the kubelet lets a pod start from an image
//! that another pod pulled with credentials. The feature gate `KubeletEnsureSecretPulledImages`
//! and the kubelet's `imagePullCredentialsVerificationPolicy`, by Kubernetes version.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::policy::PullPolicy;
use crate::settings::{KubeletSettings, KubernetesVersion};

/// `imagePullCredentialsVerificationPolicy` (kubelet configuration, `v1beta1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationPolicy {
    /// Cached images are used by every pod, as before KEP-2535.
    NeverVerify,
    /// Images the kubelet pulled with credentials are checked; images it did not pull
    /// (preloaded, or cached before the gate was on) are not. The kubelet's default.
    NeverVerifyPreloadedImages,
    /// Images matching `preloadedImagesVerificationAllowlist` are exempt (pulled by the kubelet
    /// or not); every other image is checked.
    NeverVerifyAllowlistedImages,
    /// Every cached image is checked, preloaded ones too.
    AlwaysVerify,
}

impl VerificationPolicy {
    pub const DEFAULT: VerificationPolicy = VerificationPolicy::NeverVerifyPreloadedImages;

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NeverVerify => "NeverVerify",
            Self::NeverVerifyPreloadedImages => "NeverVerifyPreloadedImages",
            Self::NeverVerifyAllowlistedImages => "NeverVerifyAllowlistedImages",
            Self::AlwaysVerify => "AlwaysVerify",
        }
    }
}

impl fmt::Display for VerificationPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first release with the gate (alpha, off), and the first where it is on by default (beta).
pub const GATE_ALPHA: KubernetesVersion = KubernetesVersion { minor: 33 };
pub const GATE_ON_BY_DEFAULT: KubernetesVersion = KubernetesVersion { minor: 35 };

/// What the kubelet of a cluster does about cached images' credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification {
    pub version: KubernetesVersion,
    /// `KubeletEnsureSecretPulledImages`, as set or as the release defaults it.
    pub gate: bool,
    /// Whether the gate was set explicitly rather than defaulted.
    pub gate_set: bool,
    pub policy: VerificationPolicy,
}

impl Verification {
    /// The kubelet of `version` with what the settings say (the rest as the release defaults).
    pub fn of(version: KubernetesVersion, kubelet: &KubeletSettings) -> Verification {
        let exists = version >= GATE_ALPHA;
        Verification {
            version,
            gate: exists
                && kubelet
                    .ensure_secret_pulled_images
                    .unwrap_or(version >= GATE_ON_BY_DEFAULT),
            gate_set: kubelet.ensure_secret_pulled_images.is_some(),
            policy: kubelet
                .image_pull_credentials_verification_policy
                .unwrap_or(VerificationPolicy::DEFAULT),
        }
    }

    /// Whether a cached image the kubelet pulled with credentials is checked against a pod's.
    pub fn checks_pulled_images(self) -> bool {
        self.gate && self.policy != VerificationPolicy::NeverVerify
    }

    /// Whether even images the kubelet did not pull (preloaded, `kind load`) are checked: they
    /// have no pull record, so a check means a pull.
    pub fn checks_preloaded(self) -> bool {
        self.gate
            && matches!(
                self.policy,
                VerificationPolicy::AlwaysVerify | VerificationPolicy::NeverVerifyAllowlistedImages
            )
    }

    /// What a pod without pull credentials meets on a node where another pod pulled its image
    /// with credentials, for the rules' notes; `None` for `Always` (it pulls, so it fails
    /// everywhere alike).
    pub fn without_credentials(self, policy: PullPolicy) -> Option<String> {
        let checks = self.checks_pulled_images();
        let said = match (policy, checks) {
            (PullPolicy::Always, _) => return None,
            (PullPolicy::IfNotPresent, true) => {
                "where another pod pulled the image with credentials, the kubelet checks this pod's too"
            }
            (PullPolicy::IfNotPresent, false) => {
                "yet where another pod pulled the image with credentials this pod runs the cached copy without any, so it can seem to work"
            }
            (PullPolicy::Never, true) => {
                "a copy another pod pulled with credentials is refused too, with ErrImageNeverPull"
            }
            (PullPolicy::Never, false) => {
                "a copy another pod pulled with credentials runs without any"
            }
        };
        Some(format!("{said} ({})", self.describe()))
    }

    /// The gate and policy in a few words: `1.35: KubeletEnsureSecretPulledImages on (default),
    /// NeverVerifyPreloadedImages`.
    pub fn describe(self) -> String {
        let version = self.version;
        if version < GATE_ALPHA {
            return format!("{version}: no KEP-2535 (from {GATE_ALPHA})");
        }
        let defaulted = if self.gate_set { "" } else { " (default)" };
        if !self.gate {
            return format!("{version}: KubeletEnsureSecretPulledImages off{defaulted}");
        }
        format!(
            "{version}: KubeletEnsureSecretPulledImages on{defaulted}, {}",
            self.policy
        )
    }

    /// Which cached images escape the check, besides those pulled without pod credentials
    /// (open to every pod).
    pub fn exempt(self) -> &'static str {
        match self.policy {
            VerificationPolicy::NeverVerify => "every image",
            VerificationPolicy::NeverVerifyPreloadedImages => "preloaded images",
            VerificationPolicy::NeverVerifyAllowlistedImages => {
                "images in preloadedImagesVerificationAllowlist"
            }
            VerificationPolicy::AlwaysVerify => "no other image",
        }
    }
}
