//! The manifest set: what rules need to know across documents and files. A pod's pull secrets
//! may come from its ServiceAccount, defined in another document; a referenced Secret's type is
//! in the Secret. Only these small facts are kept, not the documents.

use std::rc::Rc;

use crate::manifest::{ContainerRef, ImageUse, Object, ObjectId, Written};
use crate::policy::PullPolicy;
use crate::reference::Reference;
use crate::suppression::Suppressions;
use crate::yaml::{Document, Span};

#[derive(Debug, Clone, Default)]
pub struct ManifestSet {
    pub service_accounts: Vec<ServiceAccountFacts>,
    pub secrets: Vec<SecretFacts>,
    pub pods: Vec<PodFacts>,
}

#[derive(Debug, Clone)]
pub struct ServiceAccountFacts {
    pub namespace: Option<String>,
    pub name: String,
    pub has_pull_secrets: bool,
}

#[derive(Debug, Clone)]
pub struct SecretFacts {
    pub namespace: Option<String>,
    pub name: String,
    /// `type`, absent meaning `Opaque`.
    pub secret_type: Option<String>,
}

/// A pod spec, with what the pull-secret rules need.
#[derive(Debug, Clone)]
pub struct PodFacts {
    /// Which input it came from (its index in the linter).
    pub file: usize,
    pub document: usize,
    pub object: Rc<ObjectId>,
    pub suppression: Suppressions,
    pub spec_path: String,
    /// `serviceAccountName` as written (`default` when absent).
    pub service_account: Option<String>,
    /// The names in `imagePullSecrets` (entries written as `{name: ...}`), with the path of each.
    pub pull_secrets: Vec<(Written<String>, String)>,
    pub images: Vec<PodImage>,
}

#[derive(Debug, Clone)]
pub struct PodImage {
    pub container: ContainerRef,
    pub span: Span,
    pub path: String,
    pub reference: Reference,
    /// The effective policy; `None` when invalid.
    pub policy: Option<PullPolicy>,
}

/// Namespaces match when equal, or when either is unset (`kubectl apply -n` decides).
pub fn same_namespace(a: &Option<String>, b: &Option<String>) -> bool {
    a.is_none() || b.is_none() || a == b
}

impl ManifestSet {
    /// Records what one object contributes.
    pub fn add(
        &mut self,
        file: usize,
        doc: &Document<'_>,
        object: &Object,
        suppression: &Suppressions,
    ) {
        let id = &object.id;
        let core = id.api_version.as_deref() == Some("v1");
        match (core, id.kind.as_deref(), &id.name) {
            (true, Some("ServiceAccount"), Some(name)) => {
                let has_pull_secrets = doc
                    .value(object.node, "imagePullSecrets")
                    .and_then(|s| doc.sequence(s))
                    .is_some_and(|s| !s.is_empty());
                self.service_accounts.push(ServiceAccountFacts {
                    namespace: id.namespace.clone(),
                    name: name.clone(),
                    has_pull_secrets,
                });
            }
            (true, Some("Secret"), Some(name)) => self.secrets.push(SecretFacts {
                namespace: id.namespace.clone(),
                name: name.clone(),
                secret_type: doc
                    .value(object.node, "type")
                    .and_then(|t| doc.str(t))
                    .map(str::to_owned),
            }),
            _ => {}
        }
        for (index, spec) in object.pod_specs.iter().enumerate() {
            let images = object
                .images
                .iter()
                .zip(&object.image_nodes)
                .filter(|(_, (_, pod))| *pod == index)
                .filter_map(|(u, _)| pod_image(u))
                .collect();
            let field = |key| doc.value(spec.node, key);
            let pull_secrets = field("imagePullSecrets")
                .and_then(|s| doc.sequence(s))
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter_map(|(i, &entry)| {
                    let name = doc.value(entry, "name")?;
                    let written = Written {
                        value: doc.str(name)?.to_owned(),
                        span: doc.node(name).span,
                    };
                    Some((written, format!("{}.imagePullSecrets[{i}].name", spec.path)))
                })
                .collect();
            self.pods.push(PodFacts {
                file,
                document: doc.index,
                object: id.clone(),
                suppression: suppression.clone(),
                spec_path: spec.path.clone(),
                // `serviceAccount` is the deprecated spelling, used when the other is absent.
                service_account: field("serviceAccountName")
                    .or_else(|| field("serviceAccount"))
                    .and_then(|n| doc.str(n))
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                pull_secrets,
                images,
            });
        }
    }

    pub fn service_account(
        &self,
        namespace: &Option<String>,
        name: &str,
    ) -> Option<&ServiceAccountFacts> {
        self.service_accounts
            .iter()
            .find(|sa| sa.name == name && same_namespace(&sa.namespace, namespace))
    }

    pub fn secret(&self, namespace: &Option<String>, name: &str) -> Option<&SecretFacts> {
        self.secrets
            .iter()
            .find(|s| s.name == name && same_namespace(&s.namespace, namespace))
    }
}

fn pod_image(u: &ImageUse) -> Option<PodImage> {
    // Whose registry a placeholder names is not known yet.
    if u.placeholder.is_some() {
        return None;
    }
    let image = u.image.as_ref()?;
    Some(PodImage {
        container: u.container.clone(),
        span: image.span,
        path: u.image_path(),
        reference: u.reference.clone().ok()?,
        policy: u.resolution.effective(),
    })
}
