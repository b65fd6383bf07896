//! Fixes: text edits on the original bytes. Everything outside an edit stays byte for byte as it
//! was (comments, quotes, indentation, key order, `---`, CRLF, BOM), because nothing else is
//! ever written.

use std::ops::Range;

use serde::Serialize;

use crate::yaml::Pos;

/// Whether a fix may change what the cluster does (ruff's applicability). Ordered, as a
/// threshold: `Safe < Unsafe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// No behaviour change (e.g. writing the defaulted value explicitly): `fix` applies it.
    Safe,
    /// Changes behaviour (e.g. `Always` to `IfNotPresent`): only with `--unsafe` or a click.
    Unsafe,
}

impl Applicability {
    /// The most a fix may change, as a face's "unsafe fixes too" switch (`--unsafe`, the
    /// playground's checkbox) sets it: fixes at or below it apply.
    pub fn allowing_unsafe(on: bool) -> Self {
        if on { Self::Unsafe } else { Self::Safe }
    }

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

/// Edits ordered by position, so that a conflict check looks at neighbours only: applying many
/// fixes stays O(n log n). The edits may overlap one another (the fixes `plan` blocks were
/// never checked against each other), so the check looks back as far as the longest edit
/// reaches, not just at the last one before.
#[derive(Default)]
pub struct EditSet<'e> {
    edits: std::collections::BTreeMap<(usize, usize), Vec<&'e TextEdit>>,
    /// The longest range in the set: no edit starting further back can reach a new one.
    max_len: usize,
}

impl<'e> EditSet<'e> {
    /// Whether `edit` conflicts with an edit in the set (identical edits do not).
    pub fn conflicts(&self, edit: &TextEdit) -> bool {
        let (start, end) = (edit.range.start, edit.range.end.max(edit.range.start));
        let from = (start.saturating_sub(self.max_len), 0);
        self.edits
            .range(from..=(end, usize::MAX))
            .flat_map(|(_, edits)| edits)
            .any(|taken| taken.conflicts(edit))
    }

    pub fn insert(&mut self, edit: &'e TextEdit) {
        let at = self
            .edits
            .entry((edit.range.start, edit.range.end))
            .or_default();
        if !at.contains(&edit) {
            at.push(edit);
            self.max_len = self.max_len.max(edit.range.len());
        }
    }

    /// Whether some edit of `fix` conflicts with the set.
    pub fn blocks(&self, fix: &Fix) -> bool {
        fix.edits.iter().any(|e| self.conflicts(e))
    }

    /// By position (`apply` only takes edits that do not conflict: one per range).
    fn in_order(&self) -> impl Iterator<Item = &'e TextEdit> + '_ {
        self.edits.values().flatten().copied()
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

#[cfg(test)]
mod edit_set {
    use super::*;
    use proptest::prelude::*;

    fn edit((start, len, r): (usize, usize, u8)) -> TextEdit {
        TextEdit {
            range: start..start + len,
            replacement: ["", "x", "yy"][r as usize % 3].to_owned(),
            start: Pos::default(),
            end: Pos::default(),
        }
    }

    fn raw() -> impl Strategy<Value = (usize, usize, u8)> {
        (
            0usize..22,
            prop_oneof![Just(0usize), 0usize..4, 0usize..12],
            0u8..3,
        )
    }

    proptest! {
        /// The set answers as a scan of all its edits would, overlapping or not (`plan`'s
        /// blocked fixes overlap).
        #[test]
        fn conflicts_as_a_scan(edits in prop::collection::vec(raw(), 0..12), query in raw()) {
            let edits: Vec<TextEdit> = edits.into_iter().map(edit).collect();
            let mut set = EditSet::default();
            edits.iter().for_each(|e| set.insert(e));
            let q = edit(query);
            prop_assert_eq!(set.conflicts(&q), edits.iter().any(|e| e.conflicts(&q)));
        }
    }
}
