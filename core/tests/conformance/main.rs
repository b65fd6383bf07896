//! Conformance tests transcribed from the upstream Go test tables that define the image-reference
//! semantics `pullpolicy-core` reproduces.
//!
//! Sources (read from the stored upstream repositories, never from memory):
//! - github.com/distribution/reference v0.6.0 (the version Kubernetes >= 1.33 vendors):
//!   `reference_test.go` at commit ff14fafe2236e51c2894ac07d4bdfc778e96d682 (the v0.6.0 commit),
//!   `regexp_test.go` (identical tables in every stored version: 727f80d4, 875f162f, 00a09fa3),
//!   `normalize_test.go` (only stored version: 48941240, a commit before v0.6.0; see
//!   `normalize.rs`).
//! - github.com/opencontainers/go-digest v1.0.0 `digest.go` / `algorithm.go` (as vendored by
//!   kubernetes/kubernetes) for the digest error values.
//! - kubernetes/kubernetes `pkg/util/parsers/parsers_test.go` (`TestParseImageName`).
//!
//! Each module says at its top which upstream tests it skips and why.

mod normalize;
mod parsers;
mod reference;
mod regexp;

use pullpolicy_core::reference::{Reference, ReferenceError, ReferenceErrorKind};

/// A test string written the way upstream builds it: either a literal, or
/// `prefix + strings.Repeat(unit, times) + suffix`. Lets the tables stay `const` while long inputs
/// are not hand-expanded.
#[derive(Clone, Copy)]
pub enum Text {
    Lit(&'static str),
    Repeat {
        prefix: &'static str,
        unit: &'static str,
        times: usize,
        suffix: &'static str,
    },
}

impl Text {
    pub fn build(self) -> String {
        match self {
            Text::Lit(s) => s.to_owned(),
            Text::Repeat {
                prefix,
                unit,
                times,
                suffix,
            } => format!("{prefix}{}{suffix}", unit.repeat(times)),
        }
    }
}

/// A literal test string.
pub const fn lit(s: &'static str) -> Text {
    Text::Lit(s)
}

/// `prefix + strings.Repeat(unit, times) + suffix`.
pub const fn rep(
    prefix: &'static str,
    unit: &'static str,
    times: usize,
    suffix: &'static str,
) -> Text {
    Text::Repeat {
        prefix,
        unit,
        times,
        suffix,
    }
}

/// Go's empty string for "no such part" becomes `None` in the Rust API.
pub fn non_empty(s: &str) -> Option<&str> {
    if s.is_empty() { None } else { Some(s) }
}

/// Renders a parse result for failure messages without requiring `Debug` on the API types.
pub fn show(result: &Result<Reference, ReferenceError>) -> String {
    match result {
        Ok(r) => format!(
            "Ok({r}) [domain={:?} path={:?} tag={:?} digest={:?}]",
            r.domain(),
            r.path(),
            r.tag(),
            r.digest()
        ),
        Err(e) => show_err(e),
    }
}

pub fn show_err(e: &ReferenceError) -> String {
    format!("Err({:?}: {:?})", e.kind(), e.message())
}

/// The text of the upstream sentinel error values (Go compares them by identity, so the text is
/// fixed): distribution/reference v0.6.0 `reference.go` and go-digest v1.0.0 `digest.go`.
/// `None` for the kinds whose message is formatted with the input (`HexRepository`, and
/// `ParseNormalizedNamed`'s own lowercase message), and for `NameContainsUppercase`, whose text
/// depends on which function produced it.
pub fn sentinel_message(kind: ReferenceErrorKind) -> Option<&'static str> {
    match kind {
        ReferenceErrorKind::InvalidFormat => Some("invalid reference format"),
        ReferenceErrorKind::NameEmpty => Some("repository name must have at least one component"),
        ReferenceErrorKind::NameTooLong => {
            Some("repository name must not be more than 255 characters")
        }
        ReferenceErrorKind::DigestInvalidFormat => Some("invalid checksum digest format"),
        ReferenceErrorKind::DigestInvalidLength => Some("invalid checksum digest length"),
        ReferenceErrorKind::DigestUnsupported => Some("unsupported digest algorithm"),
        _ => None,
    }
}

/// Every case of a table is checked before failing, so one run lists all failing inputs.
pub fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
