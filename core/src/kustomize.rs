//! What a `kustomization.yaml` does to the files it lists, as far as images go: its `images:`
//! rewrite their names, tags and digests (kustomize `api/filters/imagetag`, the `images` field
//! of `types.Kustomization`), and the files under `patches`, `patchesStrategicMerge` and
//! `patchesJson6902` are patches: partial objects merged into others, not objects of their own.

use crate::file_use::{FileUse, Role};
use crate::yaml::{Document, Limits, NodeId, documents};

/// The parts of a kustomization this analysis uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kustomization {
    /// `resources` (files, or directories with their own kustomization).
    pub resources: Vec<String>,
    /// The files of `patches[].path`, `patchesStrategicMerge[]` and `patchesJson6902[].path`.
    pub patches: Vec<String>,
    pub images: Vec<ImageOverride>,
}

/// One entry of `images:`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageOverride {
    /// The image name it matches (no tag, no digest).
    pub name: String,
    pub new_name: Option<String>,
    pub new_tag: Option<String>,
    pub digest: Option<String>,
}

impl Kustomization {
    /// The kustomization a file holds (its first document), if it is one.
    pub fn read(text: &str) -> Option<Kustomization> {
        let doc = documents(text, &Limits::DEFAULT).next()?.ok()?;
        let root = doc.root.filter(|&r| doc.is_mapping(r))?;
        let strings = |key: &str| -> Vec<String> {
            let items = doc.value(root, key).and_then(|v| doc.sequence(v));
            items
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| doc.str(i).map(normal))
                .collect()
        };
        let paths = |key: &str| -> Vec<String> {
            let items = doc.value(root, key).and_then(|v| doc.sequence(v));
            items
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| doc.value(i, "path").and_then(|p| doc.str(p)).map(normal))
                .collect()
        };
        let mut patches = paths("patches");
        patches.extend(strings("patchesStrategicMerge"));
        patches.extend(paths("patchesJson6902"));
        let images = doc.value(root, "images").and_then(|v| doc.sequence(v));
        let images = images
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| image_override(&doc, i))
            .collect();
        Some(Kustomization {
            resources: strings("resources"),
            patches,
            images,
        })
    }

    /// What it does to the file `name`, relative to the kustomization's directory; `None` when
    /// it does not list the file.
    pub fn for_file(&self, name: &str) -> Option<FileUse> {
        let name = normal(name);
        let role = if self.patches.contains(&name) {
            Role::Patch
        } else if self.resources.contains(&name) {
            Role::Applied
        } else {
            return None;
        };
        Some(FileUse {
            images: self.images.clone(),
            role,
        })
    }
}

/// A path as kustomize compares it here: without a leading `./`.
fn normal(path: &str) -> String {
    path.trim_start_matches("./").to_owned()
}

fn image_override(doc: &Document<'_>, entry: NodeId) -> Option<ImageOverride> {
    // A tag written as a number (`newTag: 1.27`) is the text as written.
    let text = |key: &str| {
        doc.value(entry, key)
            .and_then(|v| doc.scalar(v))
            .map(|s| s.value.to_string())
            .filter(|s| !s.is_empty())
    };
    Some(ImageOverride {
        name: text("name")?,
        new_name: text("newName"),
        new_tag: text("newTag"),
        digest: text("digest"),
    })
}

impl ImageOverride {
    /// The image kustomize writes for `image`, when its name (the image without its tag and
    /// digest) is this entry's `name`: `newName` replaces the name, `newTag` the tag, `digest`
    /// the digest (with `newTag` too: both).
    pub fn apply(&self, image: &str) -> Option<String> {
        let (name, suffix) = split(image);
        if name != self.name {
            return None;
        }
        let name = self.new_name.as_deref().unwrap_or(name);
        Some(match (&self.new_tag, &self.digest) {
            (None, None) => format!("{name}{suffix}"),
            (Some(tag), None) => format!("{name}:{tag}"),
            (None, Some(digest)) => format!("{name}@{digest}"),
            (Some(tag), Some(digest)) => format!("{name}:{tag}@{digest}"),
        })
    }
}

/// An image's name and the rest (`:tag`, `@digest`, both, or nothing). A `:` before the last
/// `/` is a registry's port.
fn split(image: &str) -> (&str, &str) {
    let end = image.find('@').unwrap_or(image.len());
    let slash = image[..end].rfind('/').map_or(0, |i| i + 1);
    let end = image[slash..end].find(':').map_or(end, |i| slash + i);
    image.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_rewritten_as_kustomize_rewrites_them() {
        let o = |name: &str, new_name: Option<&str>, tag: Option<&str>, digest: Option<&str>| {
            ImageOverride {
                name: name.into(),
                new_name: new_name.map(Into::into),
                new_tag: tag.map(Into::into),
                digest: digest.map(Into::into),
            }
        };
        let tag = o("nginx", None, Some("1.27"), None);
        assert_eq!(tag.apply("nginx").as_deref(), Some("nginx:1.27"));
        assert_eq!(tag.apply("nginx:latest").as_deref(), Some("nginx:1.27"));
        assert_eq!(tag.apply("nginx@sha256:abc").as_deref(), Some("nginx:1.27"));
        assert_eq!(tag.apply("docker.io/nginx"), None);
        assert_eq!(tag.apply("nginx-proxy:1"), None);
        let renamed = o(
            "app",
            Some("registry.example.com:5000/team/app"),
            None,
            None,
        );
        assert_eq!(
            renamed.apply("app:v2").as_deref(),
            Some("registry.example.com:5000/team/app:v2")
        );
        let port = o("registry.local:5000/app", None, None, Some("sha256:abc"));
        assert_eq!(
            port.apply("registry.local:5000/app:1").as_deref(),
            Some("registry.local:5000/app@sha256:abc")
        );
        let both = o("app", None, Some("v1"), Some("sha256:abc"));
        assert_eq!(both.apply("app").as_deref(), Some("app:v1@sha256:abc"));
    }

    #[test]
    fn a_kustomization_lists_resources_patches_and_images() {
        let k = Kustomization::read(
            "apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [./deployment.yaml, ../base]
patches:
  - path: patch.yaml
    target: {kind: Deployment}
  - patch: |-
      - op: remove
patchesStrategicMerge: [./old-patch.yaml]
images:
  - {name: nginx, newTag: 1.27}
  - {name: app, newName: ghcr.io/acme/app, digest: 'sha256:abc'}
  - {newTag: orphan}
",
        )
        .unwrap();
        assert_eq!(k.resources, ["deployment.yaml", "../base"]);
        assert_eq!(k.patches, ["patch.yaml", "old-patch.yaml"]);
        assert_eq!(k.images.len(), 2);
        assert_eq!(k.images[0].new_tag.as_deref(), Some("1.27"));
        let resource = k.for_file("deployment.yaml").unwrap();
        assert_eq!(resource.role, Role::Applied);
        assert_eq!(resource.image("nginx").as_deref(), Some("nginx:1.27"));
        assert_eq!(k.for_file("./patch.yaml").unwrap().role, Role::Patch);
        assert_eq!(k.for_file("other.yaml"), None);
        assert_eq!(Kustomization::read("- a list\n"), None);
    }
}
