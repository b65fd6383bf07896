//! How the tools around a file use it before (or instead of) the cluster reading it: the
//! images a kustomization writes into it, and whether it is applied, merged into another
//! object as a patch, or only compared with the cluster's state by a test.

use crate::kustomize::ImageOverride;

/// What a file is to the tools that read it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Role {
    /// Its objects are applied as written (or as kustomize rewrites them).
    #[default]
    Applied,
    /// A kustomize patch: partial objects merged into others, not objects of their own.
    Patch,
    /// A test's assertion (chainsaw, kuttl): objects compared with what the cluster holds,
    /// never applied, so nothing in it is pulled.
    Assertion,
}

/// How one file is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileUse {
    /// The `images:` of the kustomization that lists it.
    pub images: Vec<ImageOverride>,
    pub role: Role,
}

impl FileUse {
    /// A file applied as written: one nothing else lists.
    pub const NONE: &'static FileUse = &FileUse {
        images: Vec::new(),
        role: Role::Applied,
    };

    /// A test's assertion.
    pub const ASSERTION: &'static FileUse = &FileUse {
        images: Vec::new(),
        role: Role::Assertion,
    };

    /// The image kustomize writes instead of `image`, if an entry matches it.
    pub fn image(&self, image: &str) -> Option<String> {
        self.images.iter().find_map(|o| o.apply(image))
    }
}
