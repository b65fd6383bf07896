//! Line diffs of a manifest before and after its fixes: hunks for the playground, unified text
//! for `pullpolicy fix`.
//!
//! Patience diff (Bram Cohen's; as in `git diff --patience`): lines that occur once in both
//! texts anchor the match, their longest increasing run is kept, and the gaps between anchors
//! are diffed the same way. Fixes insert or change scattered lines among mostly unique ones,
//! where this is near linear; Myers' algorithm is quadratic there (12 s for 64,000 inserted
//! lines). A gap with no unique line is matched by a table (LCS) when small, else replaced
//! whole: correct, if not minimal, for long runs of repeated lines. Written here rather than
//! taken from a crate: the playground's download is its budget, and this is all it needs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// Lines of context around each change.
pub const CONTEXT: usize = 3;

/// What one diff line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Context,
    Removed,
    Added,
}

/// One line of a hunk; line numbers are 1-based, in the old and the new text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiffLine {
    pub kind: LineKind,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    /// Without its line break.
    pub text: String,
}

/// Changed lines with their context.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hunk {
    pub lines: Vec<DiffLine>,
}

/// The hunks that turn `old` into `new`, with [`CONTEXT`] lines around changes.
pub fn hunks(old: &str, new: &str) -> Vec<Hunk> {
    let (a, b) = (lines(old), lines(new));
    groups(&script(&a, &b))
        .into_iter()
        .map(|group| Hunk {
            lines: group
                .iter()
                .map(|&step| {
                    let (kind, old_line, new_line, text) = match step {
                        Step::Same(i, j) => (LineKind::Context, Some(i + 1), Some(j + 1), a[i]),
                        Step::Removed(i) => (LineKind::Removed, Some(i + 1), None, a[i]),
                        Step::Added(j) => (LineKind::Added, None, Some(j + 1), b[j]),
                    };
                    let text = text.trim_end_matches(['\n', '\r']).to_owned();
                    DiffLine {
                        kind,
                        old_line,
                        new_line,
                        text,
                    }
                })
                .collect(),
        })
        .collect()
}

/// A unified diff (`--- a/name`, `+++ b/name`), empty when the texts are equal.
pub fn unified(old: &str, new: &str, name: &str) -> String {
    let (a, b) = (lines(old), lines(new));
    let mut out = String::new();
    for (n, group) in groups(&script(&a, &b)).iter().enumerate() {
        if n == 0 {
            _ = write!(out, "--- a/{name}\n+++ b/{name}\n");
        }
        let (old_range, new_range) = ranges(group);
        _ = writeln!(out, "@@ -{} +{} @@", Span(old_range), Span(new_range));
        for &step in *group {
            let (sign, line) = match step {
                Step::Same(i, _) => (' ', a[i]),
                Step::Removed(i) => ('-', a[i]),
                Step::Added(j) => ('+', b[j]),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The lines of a text, each with its line break.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// One line of the edit script: kept (old index, new index), removed (old), added (new).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// Work still to do, in order: a stack, so that no input nests the calls deeply.
enum Task {
    Diff(Range<usize>, Range<usize>),
    /// `len` kept lines from these starts.
    Same(usize, usize, usize),
}

/// Gaps with no unique line are matched by a table up to this many cells.
const TABLE_CELLS: usize = 1 << 16;

/// The edit script from `a` to `b`; in each run of changes, removals come first.
fn script(a: &[&str], b: &[&str]) -> Vec<Step> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let mut tasks = vec![Task::Diff(0..a.len(), 0..b.len())];
    while let Some(task) = tasks.pop() {
        let (mut ra, mut rb) = match task {
            Task::Same(i, j, len) => {
                out.extend((0..len).map(|k| Step::Same(i + k, j + k)));
                continue;
            }
            Task::Diff(ra, rb) => (ra, rb),
        };
        while !ra.is_empty() && !rb.is_empty() && a[ra.start] == b[rb.start] {
            out.push(Step::Same(ra.start, rb.start));
            ra.start += 1;
            rb.start += 1;
        }
        let mut suffix = 0;
        while suffix < ra.len()
            && suffix < rb.len()
            && a[ra.end - 1 - suffix] == b[rb.end - 1 - suffix]
        {
            suffix += 1;
        }
        tasks.push(Task::Same(ra.end - suffix, rb.end - suffix, suffix));
        ra.end -= suffix;
        rb.end -= suffix;
        if ra.is_empty() || rb.is_empty() {
            out.extend(ra.map(Step::Removed));
            out.extend(rb.map(Step::Added));
            continue;
        }
        let anchors = unique_anchors(a, b, &ra, &rb);
        if anchors.is_empty() {
            if ra.len() * rb.len() <= TABLE_CELLS {
                table(a, b, ra, rb, &mut out);
            } else {
                out.extend(ra.map(Step::Removed));
                out.extend(rb.map(Step::Added));
            }
            continue;
        }
        // Between the anchors, last gap first: the stack hands them back in order.
        let mut end = (ra.end, rb.end);
        for &(i, j) in anchors.iter().rev() {
            tasks.push(Task::Diff(i + 1..end.0, j + 1..end.1));
            tasks.push(Task::Same(i, j, 1));
            end = (i, j);
        }
        tasks.push(Task::Diff(ra.start..end.0, rb.start..end.1));
    }
    removals_first(&mut out);
    out
}

/// The pairs of lines that occur once in each range, in the longest run increasing in both.
fn unique_anchors(
    a: &[&str],
    b: &[&str],
    ra: &Range<usize>,
    rb: &Range<usize>,
) -> Vec<(usize, usize)> {
    // Per line: occurrences in a, in b, and where in each.
    let mut seen: HashMap<&str, (u32, u32, usize, usize)> = HashMap::new();
    for i in ra.clone() {
        let e = seen.entry(a[i]).or_insert((0, 0, i, 0));
        e.0 += 1;
    }
    for j in rb.clone() {
        if let Some(e) = seen.get_mut(b[j]) {
            e.1 += 1;
            e.3 = j;
        }
    }
    let pairs: Vec<(usize, usize)> = ra
        .clone()
        .filter_map(|i| match seen[a[i]] {
            (1, 1, _, j) => Some((i, j)),
            _ => None,
        })
        .collect();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (increasing in `.0`) that increases in `.1` too: patience
/// sorting, O(n log n).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // `tops[k]`: the index of the pair ending the best run of length k + 1 found so far.
    let mut tops: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for (n, &(_, j)) in pairs.iter().enumerate() {
        let k = tops.partition_point(|&t| pairs[t].1 < j);
        before[n] = k.checked_sub(1).map(|p| tops[p]);
        match tops.get_mut(k) {
            Some(top) => *top = n,
            None => tops.push(n),
        }
    }
    let mut run = Vec::with_capacity(tops.len());
    let mut at = tops.last().copied();
    while let Some(n) = at {
        run.push(pairs[n]);
        at = before[n];
    }
    run.reverse();
    run
}

/// A longest common subsequence by table, for a small gap.
fn table(a: &[&str], b: &[&str], ra: Range<usize>, rb: Range<usize>, out: &mut Vec<Step>) {
    let (n, m) = (ra.len(), rb.len());
    // `len[i][j]`: the LCS of a[ra.start + i..] and b[rb.start + j..].
    let mut len = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[at(i, j)] = if a[ra.start + i] == b[rb.start + j] {
                len[at(i + 1, j + 1)] + 1
            } else {
                len[at(i + 1, j)].max(len[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[ra.start + i] == b[rb.start + j] {
            out.push(Step::Same(ra.start + i, rb.start + j));
            (i, j) = (i + 1, j + 1);
        } else if j == m || (i < n && len[at(i + 1, j)] >= len[at(i, j + 1)]) {
            out.push(Step::Removed(ra.start + i));
            i += 1;
        } else {
            out.push(Step::Added(rb.start + j));
            j += 1;
        }
    }
}

/// Orders each run of changes as a reader expects: its removed lines, then its added ones.
fn removals_first(steps: &mut [Step]) {
    for run in steps.split_mut(|s| matches!(s, Step::Same(..))) {
        run.sort_by_key(|s| match *s {
            Step::Removed(i) => (0, i),
            Step::Added(j) => (1, j),
            Step::Same(..) => (2, 0),
        });
    }
}

/// The script cut into hunks: each change with up to [`CONTEXT`] kept lines around it, changes
/// closer than twice that in one hunk.
fn groups(script: &[Step]) -> Vec<&[Step]> {
    let changed: Vec<usize> = (0..script.len())
        .filter(|&k| !matches!(script[k], Step::Same(..)))
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k];
        while k + 1 < changed.len() && changed[k + 1] - changed[k] - 1 <= 2 * CONTEXT {
            k += 1;
        }
        let last = changed[k];
        let start = first.saturating_sub(CONTEXT);
        let end = (last + 1 + CONTEXT).min(script.len());
        out.push(&script[start..end]);
        k += 1;
    }
    out
}

/// The old and the new lines a hunk covers.
fn ranges(group: &[Step]) -> (Range<usize>, Range<usize>) {
    // A hunk's first old (new) line is that of its first step with one.
    let start = |old: bool| {
        group.iter().find_map(|&s| match (s, old) {
            (Step::Same(i, _) | Step::Removed(i), true) => Some(i),
            (Step::Same(_, j) | Step::Added(j), false) => Some(j),
            _ => None,
        })
    };
    let count = |old: bool| {
        group
            .iter()
            .filter(|s| match s {
                Step::Same(..) => true,
                Step::Removed(_) => old,
                Step::Added(_) => !old,
            })
            .count()
    };
    let (old_count, new_count) = (count(true), count(false));
    // A hunk with no line of one text has no context either, so that text is empty.
    let (old_start, new_start) = (start(true).unwrap_or(0), start(false).unwrap_or(0));
    (
        old_start..old_start + old_count,
        new_start..new_start + new_count,
    )
}

/// A hunk header's range: `start,count`, `start` alone for one line, and for none the line
/// before (as diff and similar write it).
struct Span(Range<usize>);

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.len() {
            1 => write!(f, "{}", self.0.start + 1),
            0 => write!(f, "{},0", self.0.start),
            n => write!(f, "{},{n}", self.0.start + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    const NEW: &str = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";

    #[test]
    fn hunks_number_lines_in_both_texts() {
        let hunks = hunks(OLD, NEW);
        assert_eq!(hunks.len(), 2, "{hunks:?}");
        let first = &hunks[0].lines;
        assert_eq!(first[0], line(LineKind::Context, Some(1), Some(1), "a"));
        assert_eq!(first[1], line(LineKind::Removed, Some(2), None, "b"));
        assert_eq!(first[2], line(LineKind::Added, None, Some(2), "B"));
        assert_eq!(first.len(), 6);
        let last = hunks[1].lines.last().unwrap();
        assert_eq!(*last, line(LineKind::Added, None, Some(11), "k"));
        assert!(super::hunks(OLD, OLD).is_empty());
    }

    #[test]
    fn unified_text() {
        insta::assert_snapshot!(unified(OLD, NEW, "app.yaml"), @r"
        --- a/app.yaml
        +++ b/app.yaml
        @@ -1,5 +1,5 @@
         a
        -b
        +B
         c
         d
         e
        @@ -8,3 +8,4 @@
         h
         i
         j
        +k
        ");
        assert_eq!(unified(OLD, OLD, "app.yaml"), "");
    }

    fn line(kind: LineKind, old: Option<usize>, new: Option<usize>, text: &str) -> DiffLine {
        DiffLine {
            kind,
            old_line: old,
            new_line: new,
            text: text.to_owned(),
        }
    }
}
