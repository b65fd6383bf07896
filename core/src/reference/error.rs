use std::fmt;

/// Why an image reference does not parse: the upstream error categories of
/// distribution/reference and go-digest, so users see the same cause the kubelet reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceErrorKind {
    /// `ErrReferenceInvalidFormat`: the string does not match the reference grammar.
    InvalidFormat,
    /// `ErrNameContainsUppercase`: it would match if it were lower case.
    NameContainsUppercase,
    /// `ErrNameEmpty`: the empty string.
    NameEmpty,
    /// `ErrNameTooLong`: the repository path is longer than 255 characters.
    NameTooLong,
    /// go-digest `ErrDigestInvalidFormat`: e.g. upper-case hex in a sha256 digest.
    DigestInvalidFormat,
    /// go-digest `ErrDigestInvalidLength`: a known algorithm with the wrong number of hex digits.
    DigestInvalidLength,
    /// go-digest `ErrDigestUnsupported`: a well-formed digest of an algorithm nobody registered.
    DigestUnsupported,
    /// `ParseNormalizedNamed` refuses a bare 64-hex string: it is an image ID, not a name.
    HexRepository,
}

impl ReferenceErrorKind {
    /// Stable kebab-case id, used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidFormat => "invalid-format",
            Self::NameContainsUppercase => "name-contains-uppercase",
            Self::NameEmpty => "name-empty",
            Self::NameTooLong => "name-too-long",
            Self::DigestInvalidFormat => "digest-invalid-format",
            Self::DigestInvalidLength => "digest-invalid-length",
            Self::DigestUnsupported => "digest-unsupported",
            Self::HexRepository => "hex-repository",
        }
    }

    /// The upstream error text of this category, without context.
    pub(crate) fn upstream_text(self) -> &'static str {
        match self {
            Self::InvalidFormat => "invalid reference format",
            Self::NameContainsUppercase => "repository name must be lowercase",
            Self::NameEmpty => "repository name must have at least one component",
            Self::NameTooLong => "repository name must not be more than 255 characters",
            Self::DigestInvalidFormat => "invalid checksum digest format",
            Self::DigestInvalidLength => "invalid checksum digest length",
            Self::DigestUnsupported => "unsupported digest algorithm",
            Self::HexRepository => "cannot specify 64-byte hexadecimal strings",
        }
    }
}

/// A reference that does not parse, with the exact upstream error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError {
    kind: ReferenceErrorKind,
    message: String,
}

impl ReferenceError {
    pub(crate) fn new(kind: ReferenceErrorKind) -> Self {
        Self {
            kind,
            message: kind.upstream_text().to_owned(),
        }
    }

    pub(crate) fn with_message(kind: ReferenceErrorKind, message: String) -> Self {
        Self { kind, message }
    }

    pub fn kind(&self) -> ReferenceErrorKind {
        self.kind
    }

    /// The message Go's distribution/reference (or go-digest) gives for this input.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReferenceError {}
