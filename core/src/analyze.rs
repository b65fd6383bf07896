//! The entry point: text in, [`Report`] out. It never fails: errors are part of the report.

use crate::cluster::Cluster;
use crate::file_use::FileUse;
use crate::manifest::{ImageUse, objects_as};
use crate::yaml::{self, Limits, SyntaxError, SyntaxErrorKind};

/// Everything found in one input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub images: Vec<ImageUse>,
    /// Documents (or the whole input) that could not be read, with positions.
    pub errors: Vec<SyntaxError>,
    /// How many documents the stream had, readable or not.
    pub documents: usize,
}

/// Analyses a YAML stream or JSON text, one document at a time, as the API server of `cluster`
/// reads it.
pub fn analyze(text: &str, limits: &Limits, cluster: &Cluster) -> Report {
    analyze_as(text, limits, cluster, FileUse::NONE)
}

/// As [`analyze`], for an input used as `file_use` says ([`crate::manifest::objects_as`]).
pub fn analyze_as(text: &str, limits: &Limits, cluster: &Cluster, file_use: &FileUse) -> Report {
    let mut report = Report::default();
    for document in yaml::documents(text, limits) {
        report.documents += 1;
        match document {
            Ok(doc) => report.images.extend(
                objects_as(&doc, cluster, file_use)
                    .into_iter()
                    .flat_map(|o| o.images),
            ),
            Err(error) => report.errors.push(error),
        }
    }
    report
}

/// As [`analyze`], for bytes that may not be UTF-8 text.
pub fn analyze_bytes(bytes: &[u8], limits: &Limits, cluster: &Cluster) -> Report {
    analyze_bytes_as(bytes, limits, cluster, FileUse::NONE)
}

/// As [`analyze_as`], for bytes that may not be UTF-8 text.
pub fn analyze_bytes_as(
    bytes: &[u8],
    limits: &Limits,
    cluster: &Cluster,
    file_use: &FileUse,
) -> Report {
    match text_of(bytes, limits) {
        Ok(text) => analyze_as(text, limits, cluster, file_use),
        Err(error) => Report {
            errors: vec![error],
            ..Report::default()
        },
    }
}

/// The input as text, or why it cannot be read. The size is checked first, so an input cut at
/// the limit inside a character is still reported as too large.
pub(crate) fn text_of<'b>(bytes: &'b [u8], limits: &Limits) -> Result<&'b str, SyntaxError> {
    if bytes.len() > limits.max_input_bytes {
        let kind = SyntaxErrorKind::InputTooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        };
        return Err(SyntaxError::at_start(kind));
    }
    yaml::decode_utf8(bytes)
}
