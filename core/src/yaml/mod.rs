//! A span-carrying YAML syntax tree, read the way kubectl reads manifests (YAML 1.1 scalar types,
//! `<<` merge keys, last duplicate key wins), with hard limits against hostile input.
//! JSON is read as the YAML flow subset it is.

mod builder;
mod emit;
mod error;
mod json;
mod lenient;
mod limits;
mod scalar;
mod to_json;
mod tree;

pub use builder::Documents;
pub use emit::to_yaml;
pub use error::{SyntaxError, SyntaxErrorKind};
pub use json::JsonDocument;
pub use limits::Limits;
pub use scalar::{ScalarType, Tag, resolve as resolve_plain};
pub use to_json::ToJsonError;
pub use tree::{Document, DuplicateKey, Node, NodeId, NodeKind, Pos, Scalar, ScalarStyle, Span};

/// Reads `text` as a stream of documents, one at a time.
pub fn documents<'a>(text: &'a str, limits: &Limits) -> Documents<'a> {
    Documents::new(text, limits)
}

/// Checks that bytes are UTF-8, pointing at the first offending byte.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, SyntaxError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        // Valid prefix, so this is exact.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        let pos = Pos {
            offset: valid.len(),
            line: u32::try_from(prefix.matches('\n').count() + 1).unwrap_or(u32::MAX),
            column: u32::try_from(prefix[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
        };
        SyntaxError::new(SyntaxErrorKind::InvalidUtf8, pos)
    })
}

#[cfg(test)]
mod tests;
