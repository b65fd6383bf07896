//! The answer to one admission request, and the words it is given in: a rejection message that
//! lists what blocks, one `kubectl` warning line per finding, audit annotations with rule ids.

use std::collections::BTreeMap;

use serde_json::Value;

use super::mutation::PolicyPatch;
use crate::lint::Finding;
use crate::settings::Settings;
use crate::severity::Severity;

/// Kubernetes asks webhooks to keep each warning within 120 characters.
pub const MAX_WARNING_CHARS: usize = 120;
/// Warning lines before the rest are summed up in a `+N more` line.
pub const MAX_WARNINGS: usize = 10;
/// Findings the rejection message lists before `+N more`.
pub const MAX_LISTED_IN_MESSAGE: usize = 5;
/// The audit annotation that says why an object was let through without a look. The API server
/// files it as `<webhook name>/skipped` (a key of its own may hold no `/`).
pub const SKIPPED: &str = "skipped";

/// What the policy answers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// The request's `uid`, which the response echoes (empty for a raw manifest).
    pub uid: String,
    pub accepted: bool,
    /// Why it was rejected (or why the request could not be read).
    pub message: Option<String>,
    /// HTTP status for a request that could not be read (400); `None` for a policy decision.
    pub code: Option<u16>,
    /// One line each for findings from `warning` up that did not reject the request.
    pub warnings: Vec<String>,
    /// `findings`: the rule ids found, comma-separated; [`SKIPPED`]: why it was not judged.
    pub audit_annotations: BTreeMap<String, String>,
    /// The pull-policy fields `mutate` writes, in object order.
    pub patches: Vec<PolicyPatch>,
    /// The object with `patches` applied, when there are any.
    pub mutated_object: Option<Value>,
    /// The findings the verdict was made from (in scope, in object order); suppressed ones
    /// still reject but do not warn.
    pub findings: Vec<Finding>,
    /// Why the object was let through without a look (`DELETE is not checked`...).
    pub skipped: Option<String>,
}

impl Verdict {
    /// Accepted without a look, and why.
    pub fn skipped(why: impl Into<String>) -> Verdict {
        Verdict {
            accepted: true,
            skipped: Some(why.into()),
            ..Verdict::default()
        }
    }

    /// A request that cannot be admitted because it cannot be read.
    pub fn unreadable(message: impl Into<String>) -> Verdict {
        Verdict {
            accepted: false,
            message: Some(message.into()),
            code: Some(400),
            ..Verdict::default()
        }
    }

    /// A payload that is not a request.
    pub fn unreadable_request(error: &super::RequestError) -> Verdict {
        Verdict::unreadable(format!("pullpolicy cannot read the request: {error}"))
    }

    /// Judges findings: those at or above `failOn` reject, the others from `warning` up warn.
    /// `name_objects`: the request holds several objects (a raw `List`), so lines say which.
    pub(crate) fn judge(
        findings: Vec<Finding>,
        settings: &Settings,
        name_objects: bool,
    ) -> Verdict {
        let fail_on = settings.fail_on.0;
        let object = |f: &Finding| {
            if name_objects {
                format!("{}: ", f.object.display())
            } else {
                String::new()
            }
        };
        // A suppression annotation is written by whoever writes the object: it may quiet a
        // warning, never unlock what the policy's settings reject.
        let blocking: Vec<&Finding> = findings.iter().filter(|f| f.severity >= fail_on).collect();
        let warning: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.is_active() && f.severity >= Severity::Warning && f.severity < fail_on)
            .collect();
        let message = (!blocking.is_empty()).then(|| {
            let mut parts: Vec<String> = blocking
                .iter()
                .take(MAX_LISTED_IN_MESSAGE)
                .map(|f| format!("{}{} [{}]", object(f), f.message, f.rule))
                .collect();
            if blocking.len() > MAX_LISTED_IN_MESSAGE {
                parts.push(format!("+{} more", blocking.len() - MAX_LISTED_IN_MESSAGE));
            }
            parts.join("; ")
        });
        let mut warnings: Vec<String> = warning
            .iter()
            .map(|f| fit(&object(f), &f.message, f.rule.as_str()))
            .collect();
        if warnings.len() > MAX_WARNINGS {
            let more = warnings.len() - (MAX_WARNINGS - 1);
            warnings.truncate(MAX_WARNINGS - 1);
            warnings.push(format!("+{more} more pullpolicy findings"));
        }
        let mut rules: Vec<&str> = blocking
            .iter()
            .chain(&warning)
            .map(|f| f.rule.as_str())
            .collect();
        rules.sort_unstable();
        rules.dedup();
        let audit_annotations = (!rules.is_empty())
            .then(|| ("findings".to_owned(), rules.join(",")))
            .into_iter()
            .collect();
        Verdict {
            accepted: blocking.is_empty(),
            message,
            warnings,
            audit_annotations,
            findings,
            ..Verdict::default()
        }
    }
}

/// `{object}{message} [{rule}]` within [`MAX_WARNING_CHARS`], cutting the message if it must.
fn fit(object: &str, message: &str, rule: &str) -> String {
    let fixed = object.chars().count() + rule.chars().count() + 3;
    let room = MAX_WARNING_CHARS.saturating_sub(fixed);
    let mut line =
        String::with_capacity(object.len() + message.len().min(4 * room) + rule.len() + 3);
    line.push_str(object);
    match message.char_indices().nth(room) {
        None => line.push_str(message),
        Some(_) => {
            let end = message
                .char_indices()
                .nth(room.saturating_sub(3))
                .map_or(message.len(), |(i, _)| i);
            let cut = &message[..end];
            // At a word boundary when there is one in the second half.
            let cut = match cut.rfind(' ') {
                Some(space) if space > cut.len() / 2 => &cut[..space],
                _ => cut,
            };
            line.push_str(cut.trim_end_matches([' ', ',', ':', ';']));
            line.push_str("...");
        }
    }
    line.push_str(" [");
    line.push_str(rule);
    line.push(']');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_in_120_characters() {
        let long = "container app ".repeat(20);
        let line = fit("Pod/p: ", &long, "restart-keeps-stale-image");
        assert!(line.chars().count() <= MAX_WARNING_CHARS);
        assert!(line.starts_with("Pod/p: container app"));
        assert!(
            line.ends_with(" container... [restart-keeps-stale-image]"),
            "{line}"
        );
        let unbroken = "x".repeat(200);
        let line = fit("", &unbroken, "latest-tag");
        assert_eq!(line.chars().count(), MAX_WARNING_CHARS);
        assert_eq!(fit("", "short", "latest-tag"), "short [latest-tag]");
    }
}
