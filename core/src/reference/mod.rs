//! Container image references, parsed and normalised exactly as Kubernetes does it: through
//! distribution/reference v0.6.0 (`Parse`, `ParseNormalizedNamed`, `ParseDockerRef`), go-digest
//! v1.0.0 digest validation, and kubernetes `pkg/util/parsers.ParseImageName`.

mod error;
pub mod grammar;

use std::fmt;

pub use error::{ReferenceError, ReferenceErrorKind};

/// Docker Hub, where names without a domain go.
pub const DEFAULT_DOMAIN: &str = "docker.io";
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
const OFFICIAL_REPO_PREFIX: &str = "library/";
/// `NameTotalLengthMax`; v0.6.0 applies it to the path alone.
pub const NAME_MAX_LEN: usize = 255;

/// The release of distribution's reference parser a Kubernetes release vendors (its `go.mod`):
/// they differ in what parses and where the domain ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parser {
    /// docker/distribution v2.8 (Kubernetes 1.28 and older): the first component is a domain
    /// only with a `.` or `:`, or as `localhost` (`Foo/bar` is a Docker Hub name, and invalid);
    /// no IPv6 hosts; the 255-character limit counts the whole name.
    Distribution28,
    /// distribution/reference v0.5.0 (1.29 to 1.31): as v0.6.0, but the 255-character limit
    /// counts the whole name, registry included.
    Reference05,
    /// distribution/reference v0.6.0 (1.32 on).
    Reference06,
}

impl Parser {
    pub fn of(version: crate::settings::KubernetesVersion) -> Parser {
        match version.minor {
            ..=28 => Parser::Distribution28,
            29..=31 => Parser::Reference05,
            _ => Parser::Reference06,
        }
    }

    /// The module and version, as `go.mod` names it.
    pub fn name(self) -> &'static str {
        match self {
            Parser::Distribution28 => "github.com/docker/distribution v2.8",
            Parser::Reference05 => "github.com/distribution/reference v0.5.0",
            Parser::Reference06 => "github.com/distribution/reference v0.6.0",
        }
    }

    fn ipv6(self) -> bool {
        self != Parser::Distribution28
    }

    /// Whether the limit counts the whole name; v0.6.0 counts the path alone.
    fn limits_whole_name(self) -> bool {
        self != Parser::Reference06
    }

    /// Whether an uppercase first component is a domain (`Foo/bar`: domain `Foo`).
    fn uppercase_domains(self) -> bool {
        self != Parser::Distribution28
    }
}

/// A parsed image reference: `[domain/]path[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
}

impl Reference {
    /// distribution/reference `Parse`: the grammar alone, no normalisation (the domain is the first
    /// component whenever it looks like one, so `foo/bar` has domain `foo`).
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        Reference::parse_with(s, Parser::Reference06)
    }

    /// As [`Reference::parse`], by the given parser.
    pub fn parse_with(s: &str, parser: Parser) -> Result<Reference, ReferenceError> {
        let ipv6 = parser.ipv6();
        let Some((name, tag, digest)) = grammar::match_reference_in(s, ipv6) else {
            let kind = if s.is_empty() {
                ReferenceErrorKind::NameEmpty
            } else if grammar::match_reference_in(&go_to_lower(s), ipv6).is_some() {
                ReferenceErrorKind::NameContainsUppercase
            } else {
                ReferenceErrorKind::InvalidFormat
            };
            return Err(ReferenceError::new(kind));
        };
        // v0.5.0 and v2.8 check the whole name before splitting it.
        if parser.limits_whole_name() && name.len() > NAME_MAX_LEN {
            return Err(ReferenceError::new(ReferenceErrorKind::NameTooLong));
        }
        let (domain, path) = grammar::match_name_in(name, ipv6).unwrap_or((None, name));
        if path.len() > NAME_MAX_LEN {
            return Err(ReferenceError::new(ReferenceErrorKind::NameTooLong));
        }
        if let Some(digest) = digest {
            validate_digest(digest)?;
        }
        Ok(Reference {
            domain: domain.unwrap_or_default().to_owned(),
            path: path.to_owned(),
            tag: tag.map(str::to_owned),
            digest: digest.map(str::to_owned),
        })
    }

    /// distribution/reference `ParseNormalizedNamed`: what Kubernetes uses. Names without a domain
    /// go to `docker.io`, single-component Docker Hub names to `docker.io/library/`.
    pub fn parse_normalized(s: &str) -> Result<Reference, ReferenceError> {
        Reference::parse_normalized_with(s, Parser::Reference06)
    }

    /// As [`Reference::parse_normalized`], by the given parser.
    pub fn parse_normalized_with(s: &str, parser: Parser) -> Result<Reference, ReferenceError> {
        if grammar::is_identifier(s) {
            return Err(ReferenceError::with_message(
                ReferenceErrorKind::HexRepository,
                format!(
                    "invalid repository name ({s}), cannot specify 64-byte hexadecimal strings"
                ),
            ));
        }
        let (domain, remainder) = split_docker_domain(s, parser.uppercase_domains());
        let remote = remainder.split_once(':').map_or(&*remainder, |(r, _)| r);
        if go_changes_case(remote) {
            // v2.8 does not name the repository.
            let message = match parser {
                Parser::Distribution28 => {
                    "invalid reference format: repository name must be lowercase".to_owned()
                }
                _ => format!(
                    "invalid reference format: repository name ({remote}) must be lowercase"
                ),
            };
            return Err(ReferenceError::with_message(
                ReferenceErrorKind::NameContainsUppercase,
                message,
            ));
        }
        Reference::parse_with(&format!("{domain}/{remainder}"), parser)
    }

    /// distribution/reference `ParseDockerRef` (what containerd pulls): normalised, `latest` added
    /// when there is neither tag nor digest, the tag dropped when there is a digest.
    pub fn parse_docker_ref(s: &str) -> Result<Reference, ReferenceError> {
        Reference::parse_normalized(s).map(Reference::into_docker_ref)
    }

    fn into_docker_ref(mut self) -> Reference {
        if self.digest.is_some() {
            self.tag = None;
        } else if self.tag.is_none() {
            self.tag = Some("latest".to_owned());
        }
        self
    }

    /// The registry host (with port), `""` when there is none (only from [`Reference::parse`]).
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository path within the registry, e.g. `library/nginx`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Upstream `Name()`: `domain/path`, or `path` without a domain.
    pub fn name(&self) -> String {
        join_name(&self.domain, &self.path)
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest with its algorithm, e.g. `sha256:…`.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// Upstream `FamiliarName`: the short name people write (`nginx`, `user/app`).
    pub fn familiar_name(&self) -> String {
        if self.domain != DEFAULT_DOMAIN {
            return self.name();
        }
        match self.path.strip_prefix(OFFICIAL_REPO_PREFIX) {
            Some(rest) if !rest.contains('/') => rest.to_owned(),
            _ => self.path.clone(),
        }
    }

    /// Upstream `FamiliarString`: the familiar name with tag and digest.
    pub fn familiar(&self) -> String {
        with_tag_and_digest(self.familiar_name(), self.tag(), self.digest())
    }

    /// The reference the container runtime requests (containerd's
    /// `ParseDockerRef(...).String()`): fully qualified, `:latest` when neither tag nor digest,
    /// digest only when a digest is present. Mirrors and CRI-O's short-name search may then
    /// fetch it from elsewhere.
    pub fn pulled_as(&self) -> String {
        let tag = match (&self.tag, &self.digest) {
            (_, Some(_)) => None,
            (Some(tag), None) => Some(tag.as_str()),
            (None, None) => Some("latest"),
        };
        with_tag_and_digest(self.name(), tag, self.digest())
    }

    /// The length of [`Reference::name`], without building it.
    pub fn name_len(&self) -> usize {
        match self.domain.len() {
            0 => self.path.len(),
            domain => domain + 1 + self.path.len(),
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&with_tag_and_digest(self.name(), self.tag(), self.digest()))
    }
}

/// The result of kubernetes `parsers.ParseImageName`: the fields API-server defaulting looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageName {
    /// `domain/path`, fully qualified.
    pub repository: String,
    /// The tag; `latest` when neither tag nor digest was written; `""` for digest-only references.
    pub tag: String,
    /// The digest, `""` when none.
    pub digest: String,
}

/// kubernetes `pkg/util/parsers.ParseImageName`.
pub fn parse_image_name(image: &str) -> Result<ImageName, ReferenceError> {
    let r = Reference::parse_normalized(image)?;
    let tag = match (r.tag(), r.digest()) {
        (Some(tag), _) => tag.to_owned(),
        (None, None) => "latest".to_owned(),
        (None, Some(_)) => String::new(),
    };
    Ok(ImageName {
        repository: r.name(),
        tag,
        digest: r.digest().unwrap_or_default().to_owned(),
    })
}

fn join_name(domain: &str, path: &str) -> String {
    if domain.is_empty() {
        return path.to_owned();
    }
    // Room for a tag and a digest too, which callers often add.
    let mut name = String::with_capacity(domain.len() + 1 + path.len() + 80);
    name.push_str(domain);
    name.push('/');
    name.push_str(path);
    name
}

fn with_tag_and_digest(mut name: String, tag: Option<&str>, digest: Option<&str>) -> String {
    if let Some(tag) = tag {
        name.push(':');
        name.push_str(tag);
    }
    if let Some(digest) = digest {
        name.push('@');
        name.push_str(digest);
    }
    name
}

/// `splitDockerDomain` of normalize.go (v0.6.0; v0.5.0 decides the same; v2.8 without the
/// uppercase rule).
fn split_docker_domain(name: &str, uppercase_domains: bool) -> (&str, std::borrow::Cow<'_, str>) {
    let (domain, remote) = match name.split_once('/') {
        None => (DEFAULT_DOMAIN, name),
        Some((LEGACY_DEFAULT_DOMAIN, rest)) => (DEFAULT_DOMAIN, rest),
        Some((first, rest))
            if first == "localhost"
                || first.contains(['.', ':'])
                || (uppercase_domains && go_changes_case(first)) =>
        {
            (first, rest)
        }
        Some(_) => (DEFAULT_DOMAIN, name),
    };
    if domain == DEFAULT_DOMAIN && !remote.contains('/') {
        (domain, format!("{OFFICIAL_REPO_PREFIX}{remote}").into())
    } else {
        (domain, remote.into())
    }
}

/// go-digest v1.0.0 `Digest.Validate` for a string that already matched `digestPat`.
/// sha384 counts as registered: every Kubernetes binary links `crypto/sha512`, which registers it.
fn validate_digest(digest: &str) -> Result<(), ReferenceError> {
    let (algorithm, encoded) = digest.split_once(':').unwrap_or((digest, ""));
    if algorithm.is_empty() || encoded.is_empty() {
        return Err(ReferenceError::new(ReferenceErrorKind::DigestInvalidFormat));
    }
    let hex_len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ if grammar::is_go_digest_pattern(digest) => {
            return Err(ReferenceError::new(ReferenceErrorKind::DigestUnsupported));
        }
        _ => return Err(ReferenceError::new(ReferenceErrorKind::DigestInvalidFormat)),
    };
    if encoded.len() != hex_len {
        return Err(ReferenceError::new(ReferenceErrorKind::DigestInvalidLength));
    }
    if !encoded
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(ReferenceError::new(ReferenceErrorKind::DigestInvalidFormat));
    }
    Ok(())
}

/// Go's `strings.ToLower(s) != s`. Go maps each rune with its simple lower-case mapping; a rune
/// changes under it exactly when it changes under Rust's full mapping, as far as both know the
/// rune: Rust's tables may be a Unicode version newer than the Go that built the cluster, so a
/// letter added since (e.g. U+A7CB, Unicode 16) can be called upper case here and invalid there.
/// Only the error category differs; either way the reference is invalid.
fn go_changes_case(s: &str) -> bool {
    s.chars().any(|c| c.to_lowercase().ne(std::iter::once(c)))
}

/// Go's `strings.ToLower`, as far as the (ASCII-only) grammar can tell: the only non-ASCII runes
/// whose simple lower case is ASCII are U+0130 (İ → i) and U+212A (Kelvin sign → k).
fn go_to_lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
