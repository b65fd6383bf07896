//! What the policy answers for each object of a manifest file: every document reviewed as a
//! raw request, the way `kwctl run --raw` reviews one. The playground's Admission tab.

use serde_json::Value;

use super::{Verdict, review_value};
use crate::manifest::object_id;
use crate::settings::Settings;
use crate::yaml::{Limits, documents};

/// The verdict on one document.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestVerdict {
    /// 1-based position of the document in the stream.
    pub document: usize,
    /// `Kind/namespace/name` as far as it is written (`document 3` when it cannot be read).
    pub object: String,
    /// The first line of the document.
    pub line: u32,
    pub verdict: Verdict,
}

/// Reviews each non-empty document of `text`. A document that cannot be read gets the answer
/// the policy gives an unreadable request (rejected, code 400), with the position of the error.
pub fn review_manifest(text: &str, settings: &Settings) -> Vec<ManifestVerdict> {
    let mut verdicts = Vec::new();
    for (i, document) in documents(text, &Limits::DEFAULT).enumerate() {
        let number = i + 1;
        let (object, line, value) = match document {
            Ok(doc) => {
                let Some(root) = doc.root else { continue };
                let object = object_id(&doc, root).display();
                let line = doc.node(root).span.start.line;
                let value = doc
                    .to_json()
                    .map_err(|e| format!("{}:{}: {}", e.pos.line, e.pos.column, e.message));
                (object, line, value)
            }
            Err(e) => {
                let message = format!("{}:{}: {}", e.pos.line, e.pos.column, e.kind);
                (format!("document {number}"), e.pos.line, Err(message))
            }
        };
        let verdict = match value {
            Ok(Value::Null) => continue,
            Ok(value) => review_value(&value, settings),
            Err(message) => {
                Verdict::unreadable(format!("pullpolicy cannot read the object: {message}"))
            }
        };
        verdicts.push(ManifestVerdict {
            document: number,
            object,
            line,
            verdict,
        });
    }
    verdicts
}
