//! Which lines of the text the `<textarea>` holds. Chromium lays a textarea's whole text out
//! again on every change: 300 to 470 ms per keystroke at 1 MB (BENCHMARKS.md). A long text is
//! therefore given to it a window of whole lines at a time, around what is on screen or under
//! the caret, and the text outside the window is kept here. Pure, so that it is tested natively.

/// Texts up to this many bytes are given to the textarea whole (its own undo covers them).
pub const WHOLE_UP_TO: usize = 96 * 1024;
/// About how many bytes of lines a window reaches on each side of its focus.
const REACH: usize = 24 * 1024;
/// How close, in lines, the visible lines may come to an edge of the window (one that is not
/// an end of the text) before the window moves.
const MARGIN: usize = 80;

/// A window: bytes `start..end` of the text, whole lines without the line break after the
/// last one, so that the text after it starts with that line break.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    /// Lines before the window.
    pub first_line: usize,
    /// Lines in the window (at least one).
    pub lines: usize,
}

impl Window {
    /// All of `text`.
    pub fn whole(text: &str) -> Window {
        Window {
            start: 0,
            end: text.len(),
            first_line: 0,
            lines: newlines(text) + 1,
        }
    }

    /// The window around byte `focus`: all of a text up to [`WHOLE_UP_TO`], else the whole lines
    /// within about [`REACH`] bytes of it (at least the focus' own line, however long).
    pub fn around(text: &str, focus: usize) -> Window {
        if text.len() <= WHOLE_UP_TO {
            return Window::whole(text);
        }
        let focus = focus.min(text.len());
        let from = line_start(text, focus.saturating_sub(REACH));
        let to = line_end(text, focus.saturating_add(REACH).min(text.len()));
        Window {
            start: from,
            end: to,
            first_line: newlines(&text[..from]),
            lines: newlines(&text[from..to]) + 1,
        }
    }

    /// Whether this window is all of a text of `len` bytes.
    pub fn is_whole(&self, len: usize) -> bool {
        self.start == 0 && self.end == len
    }

    /// The text after the textarea's text became `value` by an edit inside this window.
    pub fn splice(&self, text: &str, value: &str) -> String {
        let (before, after) = (&text[..self.start], &text[self.end..]);
        let mut spliced = String::with_capacity(before.len() + value.len() + after.len());
        spliced.push_str(before);
        spliced.push_str(value);
        spliced.push_str(after);
        spliced
    }

    /// This window once its text has become `value`: the text outside it is unchanged.
    pub fn edited(&self, value: &str) -> Window {
        Window {
            end: self.start + value.len(),
            lines: newlines(value) + 1,
            ..*self
        }
    }

    /// Whether the visible lines `first..last` (0-based, of a text of `total` lines) come near
    /// an edge of the window that is not an end of the text, or lie outside it.
    pub fn should_move(&self, first: usize, last: usize, total: usize) -> bool {
        let end_line = self.first_line + self.lines;
        let near_top = self.first_line > 0 && first < self.first_line + MARGIN;
        let near_bottom = end_line < total && last + MARGIN > end_line;
        near_top || near_bottom
    }

    /// Whether bytes `start..end` of the text lie inside the window.
    pub fn contains(&self, start: usize, end: usize) -> bool {
        self.start <= start && end <= self.end
    }
}

/// A pasted text as a textarea would hold it: the HTML standard normalises its line breaks to
/// LF (CR LF and lone CR alike).
pub fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// How many line breaks `text` holds.
pub fn newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text.as_bytes()[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The end of the line holding byte `at`, before its line break.
fn line_end(text: &str, at: usize) -> usize {
    text.as_bytes()[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_text() -> String {
        (0..20_000).map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn a_short_text_is_shown_whole() {
        let w = Window::around("a: 1\nb: 2\n", 7);
        assert_eq!(
            w,
            Window {
                start: 0,
                end: 10,
                first_line: 0,
                lines: 3
            }
        );
        assert!(w.is_whole(10));
        assert!(!w.should_move(0, 3, 3));
    }

    #[test]
    fn a_long_text_is_shown_in_whole_lines_around_the_focus() {
        let text = long_text();
        let focus = text.find("line 10000\n").unwrap() + 3;
        let w = Window::around(&text, focus);
        assert!(w.contains(focus, focus));
        assert!(w.end - w.start <= 2 * REACH + 16, "{w:?}");
        assert!(w.end - w.start >= 2 * REACH - 16, "{w:?}");
        // Whole lines, the last one without its line break.
        assert!(text[..w.start].ends_with('\n'));
        assert_eq!(&text[w.end..w.end + 1], "\n");
        assert_eq!(w.first_line, text[..w.start].lines().count());
        assert_eq!(w.lines, text[w.start..w.end].lines().count());
        assert!(text[w.start..].starts_with("line "));
        // The ends of the text.
        let top = Window::around(&text, 0);
        assert_eq!((top.start, top.first_line), (0, 0));
        let bottom = Window::around(&text, text.len());
        assert_eq!(bottom.end, text.len());
        assert_eq!(bottom.first_line + bottom.lines, text.lines().count() + 1);
    }

    #[test]
    fn a_line_longer_than_the_reach_is_shown_whole() {
        let text = format!("a: 1\n{}\nb: 2\n", "x".repeat(3 * WHOLE_UP_TO));
        let w = Window::around(&text, 5 + WHOLE_UP_TO);
        assert_eq!((w.start, w.end - w.start), (5, 3 * WHOLE_UP_TO));
    }

    #[test]
    fn edits_inside_the_window_keep_the_text_outside() {
        let text = long_text();
        let w = Window::around(&text, text.len() / 2);
        let value = text[w.start..w.end].replacen("line", "LINE\nX", 1);
        let spliced = w.splice(&text, &value);
        assert_eq!(spliced, text.replacen(&text[w.start..w.end], &value, 1));
        let edited = w.edited(&value);
        assert_eq!(&spliced[edited.start..edited.end], value);
        assert_eq!(edited.lines, w.lines + 1);
        assert_eq!(&spliced[edited.end..], &text[w.end..]);
    }

    #[test]
    fn the_window_moves_near_an_edge_but_not_at_an_end_of_the_text() {
        let text = long_text();
        let total = text.lines().count() + 1;
        let w = Window::around(&text, text.len() / 2);
        let middle = w.first_line + w.lines / 2;
        assert!(!w.should_move(middle, middle + 40, total));
        assert!(w.should_move(w.first_line + 10, w.first_line + 50, total));
        assert!(w.should_move(
            w.first_line + w.lines - 50,
            w.first_line + w.lines - 10,
            total
        ));
        assert!(w.should_move(0, 40, total), "outside it");
        let top = Window::around(&text, 0);
        assert!(!top.should_move(0, 40, total));
        let bottom = Window::around(&text, text.len());
        assert!(!bottom.should_move(total - 40, total, total));
    }

    #[test]
    fn pasted_line_breaks_become_lf() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(
            normalize_newlines("a\nb"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
