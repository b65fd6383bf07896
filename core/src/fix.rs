//! Fixes: text edits on the original bytes. Everything outside an edit stays byte for byte as it
//! was (comments, quotes, indentation, key order, `---`, CRLF, BOM), because nothing else is
//! ever written.

use std::ops::Range;

use serde::Serialize;

use crate::yaml::Pos;

/// Whether a fix may change what the cluster does (ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// No behaviour change (e.g. writing the defaulted value explicitly): `fix` applies it.
    Safe,
    /// Changes behaviour (e.g. `Always` to `IfNotPresent`): only with `--unsafe` or a click.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// Replace `range` (bytes of the original text) with `replacement`; an empty range inserts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
    /// Line and column of the range ends, for editors and SARIF.
    pub start: Pos,
    pub end: Pos,
}

impl TextEdit {
    fn is_insertion(&self) -> bool {
        self.range.is_empty()
    }

    /// Whether two edits cannot both be applied: overlapping ranges, an insertion inside a
    /// replaced range, or two different insertions at one point (their order would be a guess).
    pub fn conflicts(&self, other: &TextEdit) -> bool {
        if self == other {
            return false;
        }
        let (a, b) = (&self.range, &other.range);
        match (self.is_insertion(), other.is_insertion()) {
            (true, true) => a.start == b.start,
            (true, false) => b.start < a.start && a.start < b.end,
            (false, true) => a.start < b.start && b.start < a.end,
            (false, false) => a.start < b.end && b.start < a.end,
        }
    }
}

/// One way to resolve a finding: a title for people and the edits that do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    /// Whether some edit of one conflicts with some edit of the other.
    pub fn conflicts(&self, other: &Fix) -> bool {
        self.edits
            .iter()
            .any(|a| other.edits.iter().any(|b| a.conflicts(b)))
    }

    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        edits: Vec<TextEdit>,
    ) -> Self {
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }
}

/// Edits taken so far, ordered by position, so that a conflict check looks at neighbours
/// only: applying many fixes stays O(n log n).
#[derive(Default)]
pub struct EditSet<'e> {
    edits: std::collections::BTreeMap<(usize, usize), &'e TextEdit>,
}

impl<'e> EditSet<'e> {
    /// Whether `edit` conflicts with an edit in the set (identical edits do not).
    pub fn conflicts(&self, edit: &TextEdit) -> bool {
        let (start, end) = (edit.range.start, edit.range.end);
        // Taken edits never overlap each other, so only the last one starting at or before
        // `start` can reach into `edit`, besides those starting inside it.
        let before = self.edits.range(..(start, usize::MAX)).next_back();
        let inside = self.edits.range((start, 0)..=(end, usize::MAX));
        before
            .into_iter()
            .chain(inside)
            .any(|(_, taken)| taken.conflicts(edit))
    }

    pub fn insert(&mut self, edit: &'e TextEdit) {
        self.edits.insert((edit.range.start, edit.range.end), edit);
    }

    /// Whether some edit of `fix` conflicts with the set.
    pub fn blocks(&self, fix: &Fix) -> bool {
        fix.edits.iter().any(|e| self.conflicts(e))
    }

    fn in_order(&self) -> impl Iterator<Item = &'e TextEdit> + '_ {
        self.edits.values().copied()
    }
}

/// The result of applying a set of fixes once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// The fixes that were applied, by their index in the input; the others conflicted with an
    /// earlier one (or had an edit outside the text).
    pub applied: Vec<usize>,
}

/// Applies fixes in the given order of preference: a fix is taken whole or not at all, and it
/// is left out when one of its edits conflicts with an edit already taken. Identical edits from
/// different fixes (two rules inserting the same line) are applied once. Deterministic.
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut taken = EditSet::default();
    let mut applied = Vec::new();
    for (index, fix) in fixes.iter().enumerate() {
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        if !valid || fix.edits.is_empty() || taken.blocks(fix) {
            continue;
        }
        for edit in &fix.edits {
            taken.insert(edit);
        }
        applied.push(index);
    }
    let added: usize = taken.in_order().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut at = 0;
    for edit in taken.in_order() {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    Applied { text: out, applied }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, replacement: &str) -> TextEdit {
        TextEdit {
            range,
            replacement: replacement.to_owned(),
            start: Pos::default(),
            end: Pos::default(),
        }
    }

    fn fix(edits: Vec<TextEdit>) -> Fix {
        Fix::new("t", Applicability::Safe, edits)
    }

    #[test]
    fn applies_in_order_and_keeps_everything_else() {
        let a = fix(vec![edit(0..1, "X")]);
        let b = fix(vec![edit(3..3, "!"), edit(5..6, "")]);
        let out = apply("abcdef", &[&b, &a]);
        assert_eq!(out.text, "Xbc!de");
        assert_eq!(out.applied, vec![0, 1]);
    }

    #[test]
    fn conflicts_are_resolved_by_preference_whole_fixes_only() {
        let first = fix(vec![edit(1..3, "Z")]);
        let overlapping = fix(vec![edit(0..1, "Q"), edit(2..4, "Y")]);
        let out = apply("abcdef", &[&first, &overlapping]);
        assert_eq!(out.text, "aZdef");
        assert_eq!(out.applied, vec![0]);
    }

    #[test]
    fn same_insertions_merge_different_ones_conflict() {
        let a = fix(vec![edit(2..2, "+")]);
        let same = fix(vec![edit(2..2, "+")]);
        let other = fix(vec![edit(2..2, "-")]);
        let out = apply("abcd", &[&a, &same, &other]);
        assert_eq!(out.text, "ab+cd");
        assert_eq!(out.applied, vec![0, 1]);
    }

    #[test]
    fn insertion_at_the_edge_of_a_replacement_is_fine_inside_is_not() {
        let replace = fix(vec![edit(1..3, "R")]);
        let edge = fix(vec![edit(3..3, "e")]);
        let inside = fix(vec![edit(2..2, "i")]);
        let out = apply("abcd", &[&replace, &edge, &inside]);
        assert_eq!(out.text, "aRed");
        assert_eq!(out.applied, vec![0, 1]);
    }

    #[test]
    fn out_of_range_or_split_characters_are_refused() {
        let bad = fix(vec![edit(2..9, "")]);
        let split = fix(vec![edit(1..2, "")]);
        let out = apply("é", &[&bad, &split]);
        assert_eq!(out.text, "é");
        assert!(out.applied.is_empty());
    }
}
