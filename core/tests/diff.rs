//! The line diff: its hunks turn the old text into the new one, for any pair of texts.

use proptest::prelude::*;
use pullpolicy_core::diff::{CONTEXT, LineKind, hunks, unified};

/// The new text rebuilt from the old one and the hunks, checking each context line.
fn apply(old: &str, hunks: &[pullpolicy_core::diff::Hunk]) -> Vec<String> {
    let old: Vec<&str> = old.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut next = 0; // the next old line (0-based) not yet copied or skipped
    for hunk in hunks {
        let first_old = hunk
            .lines
            .iter()
            .find_map(|l| l.old_line)
            .unwrap_or(next + 1);
        assert!(first_old > next, "hunks overlap or go back");
        out.extend(old[next..first_old - 1].iter().map(|s| s.to_string()));
        next = first_old - 1;
        for line in &hunk.lines {
            match line.kind {
                LineKind::Context => {
                    assert_eq!(line.old_line, Some(next + 1));
                    assert_eq!(old[next], line.text);
                    out.push(line.text.clone());
                    next += 1;
                }
                LineKind::Removed => {
                    assert_eq!(line.old_line, Some(next + 1));
                    assert_eq!(old[next], line.text);
                    next += 1;
                }
                LineKind::Added => out.push(line.text.clone()),
            }
            if let Some(n) = line.new_line {
                assert_eq!(n, out.len(), "new line numbers follow the rebuilt text");
            }
        }
    }
    out.extend(old[next..].iter().map(|s| s.to_string()));
    out
}

/// Texts from few distinct lines, so that repeats (lines that are not unique) are common.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "b", "c", "  - name: x", "image: y", ""]),
        0..40,
    )
    .prop_map(|lines| lines.iter().map(|l| format!("{l}\n")).collect())
}

/// A text and an edit of it: lines inserted, removed and changed here and there.
fn edited() -> impl Strategy<Value = (String, String)> {
    (
        text(),
        prop::collection::vec((0..40usize, 0..3u8, "[a-d]{1,3}"), 0..8),
    )
        .prop_map(|(old, edits)| {
            let mut lines: Vec<String> = old.lines().map(str::to_owned).collect();
            for (at, what, new) in edits {
                let at = at.min(lines.len());
                match what {
                    0 => lines.insert(at, new),
                    1 if at < lines.len() => _ = lines.remove(at),
                    _ if at < lines.len() => lines[at] = new,
                    _ => lines.push(new),
                }
            }
            let new = lines.iter().map(|l| format!("{l}\n")).collect();
            (old, new)
        })
}

proptest! {
    #[test]
    fn hunks_rebuild_the_new_text(old in text(), new in text()) {
        let rebuilt = apply(&old, &hunks(&old, &new));
        prop_assert_eq!(rebuilt, new.lines().map(str::to_owned).collect::<Vec<_>>());
    }

    #[test]
    fn an_edit_rebuilds_and_keeps_its_context_short((old, new) in edited()) {
        let hunks = hunks(&old, &new);
        let rebuilt = apply(&old, &hunks);
        prop_assert_eq!(rebuilt, new.lines().map(str::to_owned).collect::<Vec<_>>());
        for hunk in &hunks {
            let lead = hunk.lines.iter().take_while(|l| l.kind == LineKind::Context).count();
            let tail = hunk.lines.iter().rev().take_while(|l| l.kind == LineKind::Context).count();
            prop_assert!(lead <= CONTEXT && tail <= CONTEXT);
            prop_assert!(hunk.lines.iter().any(|l| l.kind != LineKind::Context));
        }
        prop_assert_eq!(unified(&old, &new, "f").is_empty(), old == new);
    }
}

#[test]
fn headers_and_the_missing_newline_are_written_as_diff_writes_them() {
    // The output of GNU diff -u for the same texts.
    assert_eq!(
        unified("", "a\n", "new.yaml"),
        "--- a/new.yaml\n+++ b/new.yaml\n@@ -0,0 +1 @@\n+a\n"
    );
    assert_eq!(
        unified("a\nb", "a\nc", "f.yaml"),
        "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    );
    assert_eq!(
        unified("x\n", "", "gone.yaml"),
        "--- a/gone.yaml\n+++ b/gone.yaml\n@@ -1 +0,0 @@\n-x\n"
    );
}

#[test]
fn many_scattered_insertions_stay_fast_and_minimal() {
    // 64,000 lines with a line inserted after every 8th: Myers' worst case here.
    let old: String = (0..64_000).map(|i| format!("line {i}\n")).collect();
    let new: String = (0..64_000)
        .map(|i| match i % 8 {
            7 => format!("line {i}\n  imagePullPolicy: Always\n"),
            _ => format!("line {i}\n"),
        })
        .collect();
    let hunks = hunks(&old, &new);
    let added = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Added)
        .count();
    let removed = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Removed)
        .count();
    assert_eq!((added, removed), (8_000, 0));
}
