//! An allow list and a deny list judged together, as `registry-not-allowed` and
//! `image-not-allowed` judge them: a rejected entry wins; otherwise a non-empty allow list must
//! match.

use crate::settings::Written;

pub(super) enum Listed<'s> {
    /// Matched this entry of the deny list.
    Rejected(&'s str),
    /// Matched no entry of the allow list, which is this (written as the user wrote it).
    NotAllowed(String),
}

pub(super) fn listed<'s, P>(
    allowed: &'s [Written<P>],
    rejected: &'s [Written<P>],
    matches: impl Fn(&P) -> bool,
) -> Option<Listed<'s>> {
    if let Some(entry) = rejected.iter().find(|e| matches(&e.pattern)) {
        return Some(Listed::Rejected(&entry.written));
    }
    if allowed.is_empty() || allowed.iter().any(|e| matches(&e.pattern)) {
        return None;
    }
    let list: Vec<&str> = allowed.iter().map(|e| e.written.as_str()).collect();
    Some(Listed::NotAllowed(list.join(", ")))
}

/// The note of a [`Listed::NotAllowed`] finding: `allowed: docker.io/library, ghcr.io/acme`.
pub(super) fn allowed_note(list: &str) -> String {
    format!("allowed: {list}")
}
