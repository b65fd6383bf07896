//! The pattern languages of the settings: tag globs (`*-SNAPSHOT`), registry or repository
//! prefixes (`docker.io/library`, `*.dkr.ecr.*.amazonaws.com`), which match whole path
//! components only, so `docker.io/library` never matches `docker.io/library-evil/x`, and image
//! patterns (`nginx`, `nginx:1.27`, `ghcr.io/acme/*`), compared with the normalised reference.

use crate::reference::Reference;

/// `*` matches any run of characters, `?` exactly one; everything else itself.
pub fn glob_matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    // Tags and registry names are ASCII: match bytes, without collecting characters.
    if pattern.is_ascii() && text.is_ascii() {
        let eq = |p: &u8, t: &u8| p == t || (ignore_case && p.eq_ignore_ascii_case(t));
        return glob(pattern.as_bytes(), text.as_bytes(), b'*', b'?', eq);
    }
    let eq = |p: &char, t: &char| p == t || (ignore_case && p.eq_ignore_ascii_case(t));
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    glob(&p, &t, '*', '?', eq)
}

/// Iterative glob matching with one backtrack point: linear in practice, never exponential.
fn glob<T: PartialEq>(p: &[T], t: &[T], star: T, any: T, eq: impl Fn(&T, &T) -> bool) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == any || (p[pi] != star && eq(&p[pi], &t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star {
            back = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = back {
            pi = sp + 1;
            ti = st + 1;
            back = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star)
}

/// A registry or repository pattern, normalised like an image name: `ghcr.io`, `ghcr.io/acme`,
/// `docker.io/library`, `acme/tools` (Docker Hub), `*.azurecr.io`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPattern {
    components: Vec<String>,
}

impl RegistryPattern {
    /// Parses a pattern, or says what is wrong with it.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        if pattern.is_empty() {
            return Err("an empty pattern matches nothing; remove it".into());
        }
        if pattern.contains("://") {
            return Err(format!(
                "`{pattern}` has a URL scheme; write the registry host only, e.g. `ghcr.io`"
            ));
        }
        if pattern.chars().any(|c| c.is_whitespace() || c == '@') || pattern.ends_with('/') {
            return Err(format!(
                "`{pattern}` is not a registry or repository (no spaces, digests or trailing `/`)"
            ));
        }
        let mut components: Vec<String> = pattern.split('/').map(str::to_owned).collect();
        if components.iter().any(String::is_empty) {
            return Err(format!("`{pattern}` has an empty path component"));
        }
        let first = &components[0];
        let is_domain = first.contains(['.', ':']) || first == "localhost";
        if !is_domain {
            if components.len() == 1 {
                return Err(format!(
                    "`{pattern}` is neither a registry host (no `.` or `:`, not localhost) nor a \
                     repository; for Docker Hub write `docker.io/{pattern}`"
                ));
            }
            components.insert(0, crate::reference::DEFAULT_DOMAIN.to_owned());
        } else if first.eq_ignore_ascii_case("index.docker.io") {
            components[0] = crate::reference::DEFAULT_DOMAIN.to_owned();
        }
        Ok(RegistryPattern { components })
    }

    /// Whether a normalised image name (`domain/path`) is this registry or below it. Host names
    /// compare without case, path components with it (they are lowercase anyway).
    pub fn matches(&self, name: &str) -> bool {
        let mut parts = name.split('/');
        self.components.iter().enumerate().all(|(i, pattern)| {
            parts
                .next()
                .is_some_and(|part| glob_matches(pattern, part, i == 0))
        })
    }
}

/// An image pattern of `allowedImages` / `rejectedImages`, compared with the reference the node
/// pulls, normalised (`nginx` is `docker.io/library/nginx`):
/// - a repository (`nginx`, `quay.io/coreos/etcd`): any tag or digest of it;
/// - with a tag (`nginx:1.27`): that tag, with or without a digest (an image written without
///   tag or digest has the tag `latest`, the one the node pulls);
/// - with a digest (`nginx@sha256:...`, `nginx:1.27@sha256:...`): that digest (and that tag);
/// - with `*` or `?`: a glob over the whole normalised reference, `docker.io/library/nginx:1.27`
///   (`:latest` when neither tag nor digest is written, `@digest` when one is), so
///   `docker.io/bitnami/*` matches `bitnami/redis:7.2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImagePattern {
    Reference {
        name: String,
        tag: Option<String>,
        digest: Option<String>,
    },
    Glob(String),
}

impl ImagePattern {
    /// Parses a pattern, or says what is wrong with it.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        if pattern.is_empty() {
            return Err("an empty pattern matches nothing; remove it".into());
        }
        if pattern.contains(['*', '?']) {
            return Ok(ImagePattern::Glob(pattern.to_owned()));
        }
        let r = Reference::parse_normalized(pattern)
            .map_err(|e| format!("`{pattern}` is not an image reference: {e}"))?;
        Ok(ImagePattern::Reference {
            name: r.name(),
            tag: r.tag().map(str::to_owned),
            digest: r.digest().map(str::to_owned),
        })
    }

    pub fn matches(&self, image: &Reference) -> bool {
        let tag = image_tag(image);
        match self {
            ImagePattern::Reference {
                name,
                tag: t,
                digest,
            } => {
                *name == image.name()
                    && t.as_deref().is_none_or(|t| Some(t) == tag)
                    && digest.as_deref().is_none_or(|d| Some(d) == image.digest())
            }
            ImagePattern::Glob(glob) => {
                let mut full = image.name();
                if let Some(tag) = tag {
                    full.push(':');
                    full.push_str(tag);
                }
                if let Some(digest) = image.digest() {
                    full.push('@');
                    full.push_str(digest);
                }
                glob_matches(glob, &full, false)
            }
        }
    }
}

/// The tag of an image as the node pulls it: the written one, `latest` when there is neither a
/// tag nor a digest, none for a digest alone.
pub fn image_tag(image: &Reference) -> Option<&str> {
    match (image.tag(), image.digest()) {
        (Some(tag), _) => Some(tag),
        (None, None) => Some("latest"),
        (None, Some(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("*-SNAPSHOT", "1.0-snapshot", true));
        assert!(!glob_matches("*-SNAPSHOT", "1.0-snapshot", false));
        assert!(glob_matches("main", "MAIN", true));
        assert!(!glob_matches("main", "mainline", true));
        assert!(glob_matches("v?.*", "v1.25", false));
        assert!(glob_matches("*", "", false));
        assert!(!glob_matches("a*b*c", "aXbX", false));
        assert!(glob_matches("a*b*c", "aXbXc", false));
        assert!(glob_matches("é*", "éclair", false));
        assert!(glob_matches("?-snapshot", "é-SNAPSHOT", true));
    }

    #[test]
    fn registry_patterns_respect_path_boundaries() {
        let p = RegistryPattern::parse("docker.io/library").unwrap();
        assert!(p.matches("docker.io/library/nginx"));
        assert!(p.matches("docker.io/library"));
        assert!(!p.matches("docker.io/library-evil/nginx"));
        assert!(!p.matches("docker.io/acme/nginx"));
        let host = RegistryPattern::parse("ghcr.io").unwrap();
        assert!(host.matches("ghcr.io/acme/app"));
        assert!(host.matches("GHCR.io/acme/app"));
        assert!(!host.matches("ghcr.io.evil.com/acme/app"));
        assert!(!host.matches("evilghcr.io/acme/app"));
        let wild = RegistryPattern::parse("*.dkr.ecr.*.amazonaws.com").unwrap();
        assert!(wild.matches("123.dkr.ecr.eu-west-1.amazonaws.com/app"));
        assert!(!wild.matches("dkr.ecr.amazonaws.com/app"));
        let hub = RegistryPattern::parse("acme/tools").unwrap();
        assert!(hub.matches("docker.io/acme/tools/x"));
        assert!(
            RegistryPattern::parse("index.docker.io/acme")
                .unwrap()
                .matches("docker.io/acme/x")
        );
        assert!(
            RegistryPattern::parse("localhost:5000")
                .unwrap()
                .matches("localhost:5000/a")
        );
    }

    #[test]
    fn image_patterns_compare_normalised_references() {
        let image = |s: &str| Reference::parse_normalized(s).unwrap();
        let pattern = |s: &str| ImagePattern::parse(s).unwrap();
        let digest = "sha256:7ed2739c96eb16de3d7169e2a0aa4ccf3a1f44af24f2bb6cad826935a51bcb3d";
        // A repository: any tag or digest.
        for i in [
            "nginx",
            "nginx:1.27",
            "docker.io/library/nginx:latest",
            "index.docker.io/library/nginx",
        ] {
            assert!(pattern("nginx").matches(&image(i)), "{i}");
        }
        assert!(!pattern("nginx").matches(&image("nginx-evil:1")));
        assert!(!pattern("nginx").matches(&image("acme/nginx:1")));
        // A tag: the untagged image is latest.
        assert!(pattern("docker.io/library/nginx:latest").matches(&image("nginx")));
        assert!(pattern("nginx:1.27").matches(&image(&format!("nginx:1.27@{digest}"))));
        assert!(!pattern("nginx:1.27").matches(&image("nginx:1.27.1")));
        assert!(!pattern("nginx:latest").matches(&image(&format!("nginx@{digest}"))));
        // A digest.
        let pinned = pattern(&format!("quay.io/coreos/etcd@{digest}"));
        assert!(pinned.matches(&image(&format!("quay.io/coreos/etcd:v3.4.12@{digest}"))));
        assert!(!pinned.matches(&image("quay.io/coreos/etcd:v3.4.12")));
        // Globs over the whole normalised reference.
        assert!(pattern("docker.io/bitnami/*").matches(&image("bitnami/redis:7.2")));
        assert!(pattern("docker.io/library/*").matches(&image("busybox")));
        assert!(pattern("*:*-rc?").matches(&image("ghcr.io/a/b:1.0-rc1")));
        assert!(!pattern("ghcr.io/acme/*").matches(&image("ghcr.io/acme-evil/x:1")));
        for bad in ["", "nginx:", "nginx/UPPER", "a@sha256:short"] {
            assert!(ImagePattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_registry_patterns_say_why() {
        for bad in [
            "",
            "https://ghcr.io",
            "ghcr.io/",
            "acme",
            "a//b",
            "ghcr.io/a@sha256:x",
        ] {
            assert!(RegistryPattern::parse(bad).is_err(), "{bad}");
        }
    }
}
