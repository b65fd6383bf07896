//! What the API server of a Kubernetes release does differently from another, where it changes
//! what a manifest becomes: which parser reads images, whether image volumes exist, how a
//! rejected value is printed. `docs/versions.md` is generated from it.

pub mod versions;

use serde::{Deserialize, Serialize};

use crate::reference::Parser;
use crate::settings::KubernetesVersion;

/// The `ImageVolume` feature gate: alpha (off) in 1.31 and 1.32, beta but off by default in 1.33
/// and 1.34, on by default from 1.35 (kubernetes `pkg/features/kube_features.go`).
pub const IMAGE_VOLUME_ALPHA: KubernetesVersion = KubernetesVersion { minor: 31 };
pub const IMAGE_VOLUME_ON_BY_DEFAULT: KubernetesVersion = KubernetesVersion { minor: 35 };
/// apimachinery v0.34.0 (commit c58e197, "Nicer value rendering in API errors") prints a typed
/// value such as a `PullPolicy` with `json.Marshal`; before, with `%#v`.
pub const JSON_VALUES_FROM: KubernetesVersion = KubernetesVersion { minor: 34 };

/// The API server's feature gates that change what a manifest becomes; unset, each is what
/// `kubernetesVersion` defaults to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeatureGates {
    /// `ImageVolume`: off, the API server drops every image volume and every mount naming one.
    #[serde(rename = "ImageVolume", skip_serializing_if = "Option::is_none")]
    pub image_volume: Option<bool>,
}

impl FeatureGates {
    pub fn is_default(&self) -> bool {
        *self == FeatureGates::default()
    }
}

/// A cluster's release and gates, as the manifest reader needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cluster {
    pub version: KubernetesVersion,
    /// Whether the API server keeps image volumes (the `ImageVolume` gate).
    pub image_volumes: bool,
}

impl Cluster {
    pub fn new(version: KubernetesVersion, gates: &FeatureGates) -> Cluster {
        Cluster {
            version,
            image_volumes: gates
                .image_volume
                .unwrap_or(version >= IMAGE_VOLUME_ON_BY_DEFAULT),
        }
    }

    /// The image-reference parser the release vendors.
    pub fn parser(&self) -> Parser {
        Parser::of(self.version)
    }

    /// Whether `Unsupported value` prints the value as JSON (1.34 on) or Go-quoted.
    pub fn json_values(&self) -> bool {
        self.version >= JSON_VALUES_FROM
    }

    /// Why image volumes are dropped, when they are.
    pub fn image_volumes_dropped(&self) -> Option<String> {
        if self.image_volumes {
            return None;
        }
        Some(if self.version < IMAGE_VOLUME_ALPHA {
            format!("Kubernetes {} has no image volumes", self.version)
        } else if self.version < IMAGE_VOLUME_ON_BY_DEFAULT {
            format!("the ImageVolume gate is off by default in {}", self.version)
        } else {
            "the ImageVolume gate is off".to_owned()
        })
    }
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster::new(KubernetesVersion::DEFAULT, &FeatureGates::default())
    }
}
