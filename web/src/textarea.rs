//! The editor's `<textarea>` and the window of the text it holds (`window.rs`). The editor and
//! the app read and change the text through this handle, in byte offsets of the whole text; it
//! turns them into the textarea's UTF-16 offsets inside the window, and moves the window when
//! the view or the caret goes where the textarea holds no text.
//!
//! The textarea sits in a scroller as tall as the whole text, at its window's first line, as
//! tall as its own lines: it never scrolls itself, the scroller does (the browser scrolls it to
//! keep the caret in view), so a scroll position means the same line for the textarea, the
//! highlight layer and the gutter.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::NodeRef;

use crate::dom::{byte_index, utf16_index};
use crate::editor::{LINE_HEIGHT, PADDING};
use crate::window::{WHOLE_UP_TO, Window, newlines};

#[derive(Default)]
struct Held {
    text: Rc<str>,
    window: Window,
    /// Ctrl+A selected the whole text, not only the window, while the textarea's selection
    /// still spans its whole value.
    all_selected: bool,
    /// The input under way replaces the whole text (typed while all was selected).
    replacing_all: bool,
    /// A selection left outside the window when scrolling moved it: the next key brings the
    /// window back to it, as a textarea scrolls back to its caret; unless the textarea's own
    /// selection (the second pair, in its UTF-16 units) was moved since (a click, a tap).
    parked: Option<((usize, usize), (u32, u32))>,
}

/// A handle to the textarea, shared by the editor and the app (clones are the same handle).
#[derive(Clone, Default)]
pub struct TextArea {
    pub node: NodeRef,
    pub scroller: NodeRef,
    held: Rc<RefCell<Held>>,
}

impl PartialEq for TextArea {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.held, &other.held)
    }
}

impl TextArea {
    fn element(&self) -> Option<HtmlTextAreaElement> {
        self.node.cast::<HtmlTextAreaElement>()
    }

    fn scroller(&self) -> Option<HtmlElement> {
        self.scroller.cast::<HtmlElement>()
    }

    /// The whole text, as the textarea last had it.
    pub fn text(&self) -> Rc<str> {
        self.held.borrow().text.clone()
    }

    fn is_windowed(&self) -> bool {
        let held = self.held.borrow();
        !held.window.is_whole(held.text.len())
    }

    /// Gives the textarea the window of `text` around byte `focus`, the scroll position kept.
    pub fn show(&self, text: Rc<str>, focus: usize) {
        let window = Window::around(&text, focus);
        let unchanged = {
            let held = self.held.borrow();
            held.window == window
                && held.text[window.start..window.end] == text[window.start..window.end]
        };
        {
            let mut held = self.held.borrow_mut();
            held.text = text;
            held.window = window;
            held.parked = None;
            held.all_selected = false;
        }
        if !unchanged {
            self.lay_out(true);
        }
    }

    /// Puts the window's text (with `value`), position and size on the textarea.
    fn lay_out(&self, value: bool) {
        let (Some(t), held) = (self.element(), self.held.borrow()) else {
            return;
        };
        let w = held.window;
        let scroll = self.scroller().map(|s| (s.scroll_top(), s.scroll_left()));
        if value {
            t.set_value(&held.text[w.start..w.end]);
        }
        let style = t.style();
        let _ = style.set_property("top", &format!("{}px", w.first_line as u32 * LINE_HEIGHT));
        let height = (w.lines as u32 + 1) * LINE_HEIGHT + 2 * PADDING;
        let _ = style.set_property("height", &format!("{height}px"));
        if value {
            let _ = style.remove_property("width");
        }
        // As wide as its longest line, so that the scroller, not the textarea, scrolls sideways
        // (only growing while typing: a layout more per keystroke otherwise).
        let (wide, fits) = (t.scroll_width(), t.client_width());
        if wide > fits {
            let _ = style.set_property("width", &format!("{}px", wide + 64));
        }
        let data = t.dataset();
        let _ = data.set("windowStart", &w.start.to_string());
        let _ = data.set("windowEnd", &w.end.to_string());
        let _ = data.set("length", &held.text.len().to_string());
        if let (Some(s), Some((top, left))) = (self.scroller(), scroll) {
            s.set_scroll_top(top);
            s.set_scroll_left(left);
        }
    }

    /// The text after an input event changed the textarea's value.
    pub fn input(&self) -> Rc<str> {
        let Some(t) = self.element() else {
            return self.text();
        };
        let value = t.value();
        let text: Rc<str> = {
            let mut held = self.held.borrow_mut();
            let replacing_all = std::mem::take(&mut held.replacing_all);
            let text: Rc<str> = if replacing_all || held.window.is_whole(held.text.len()) {
                held.window = Window::whole(&value);
                value.into()
            } else {
                let spliced = held.window.splice(&held.text, &value);
                held.window = held.window.edited(&value);
                spliced.into()
            };
            held.text = text.clone();
            held.parked = None;
            text
        };
        if self.is_windowed() || text.len() <= 2 * WHOLE_UP_TO {
            self.lay_out(false);
        } else {
            // A long text that got in whole (a drop, a script): from now on, a window of it.
            let (caret, _) = self.selection();
            self.show(text.clone(), caret);
            self.set_selection(caret, caret);
        }
        text
    }

    /// The selection, in bytes of the whole text.
    pub fn selection(&self) -> (usize, usize) {
        let held = self.held.borrow();
        let Some(t) = self.element() else {
            return (0, 0);
        };
        if let Some((parked, local)) = held.parked
            && local_selection(&t) == local
        {
            return parked;
        }
        if self.all_is_selected() {
            return (0, held.text.len());
        }
        let w = held.window;
        let shown = &held.text[w.start..w.end];
        let (start, end) = local_selection(&t);
        (
            w.start + byte_index(shown, start),
            w.start + byte_index(shown, end),
        )
    }

    /// Whether Ctrl+A's whole-text selection still stands: the textarea's selection has not
    /// moved off its whole value since.
    fn all_is_selected(&self) -> bool {
        self.held.borrow().all_selected
            && self
                .element()
                .is_some_and(|t| local_selection(&t) == (0, t.text_length()))
    }

    /// Selects bytes `start..end`, which must lie in the window.
    fn set_selection(&self, start: usize, end: usize) {
        let (Some(t), held) = (self.element(), self.held.borrow()) else {
            return;
        };
        let w = held.window;
        let shown = &held.text[w.start..w.end];
        let local = |at: usize| utf16_index(shown, at.clamp(w.start, w.end) - w.start);
        let _ = t.set_selection_range(local(start), local(end));
    }

    /// Selects bytes `start..end` of the text (on line `line`, 1-based), focuses the textarea
    /// and scrolls the range into view.
    pub fn select(&self, start: usize, end: usize, line: u32) {
        if !self.held.borrow().window.contains(start, end) {
            self.show(self.text(), start);
        }
        self.focus();
        self.set_selection(start, end);
        self.scroll_to(line);
    }

    fn focus(&self) {
        if let Some(t) = self.element() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = t.focus_with_options(&options);
        }
    }

    /// Scrolls line `line` (1-based) into view, a third of the way down, unless it is in view.
    fn scroll_to(&self, line: u32) {
        let Some(s) = self.scroller() else {
            return;
        };
        let top = f64::from(line.saturating_sub(1) * LINE_HEIGHT);
        let height = f64::from(s.client_height());
        let scroll = f64::from(s.scroll_top());
        if top < scroll || top + f64::from(LINE_HEIGHT) > scroll + height {
            s.set_scroll_top((top - height / 3.0).max(0.0) as i32);
        }
    }

    /// Replaces the whole text, as an edit that Ctrl+Z undoes where the textarea holds all of
    /// it before and after; says whether it can be undone.
    pub fn replace_all(&self, text: Rc<str>) -> bool {
        let Some(t) = self.element() else {
            return false;
        };
        let undoable = !self.is_windowed() && text.len() <= WHOLE_UP_TO;
        if undoable {
            self.focus();
            t.select();
            let inserted = gloo::utils::document()
                .dyn_ref::<web_sys::HtmlDocument>()
                .and_then(|d| {
                    d.exec_command_with_show_ui_and_value("insertText", false, &text)
                        .ok()
                })
                .unwrap_or(false);
            // insertText fires `input`, which took the text in; if it did not, set it.
            if inserted && *self.text() == *text {
                let _ = t.set_selection_range(0, 0);
                self.scroll_home();
                return true;
            }
        }
        self.show(text, 0);
        let _ = t.set_selection_range(0, 0);
        self.scroll_home();
        false
    }

    fn scroll_home(&self) {
        if let Some(s) = self.scroller() {
            s.set_scroll_top(0);
            s.set_scroll_left(0);
        }
    }

    /// Moves the window to the visible lines when they come near its edge (`focus`: a byte on
    /// the middle visible line); the selection stays, parked if it falls outside.
    pub fn follow(&self, first: usize, last: usize, total: usize, focus: usize) {
        if !self.is_windowed() || !self.held.borrow().window.should_move(first, last, total) {
            return;
        }
        let selection = self.selection();
        self.show(self.text(), focus);
        if self.held.borrow().window.contains(selection.0, selection.1) {
            self.set_selection(selection.0, selection.1);
        } else if let Some(t) = self.element() {
            self.held.borrow_mut().parked = Some((selection, local_selection(&t)));
        }
    }

    /// Before a key acts: a parked selection comes back into the window.
    pub fn unpark(&self) {
        let Some(((start, end), local)) = self.held.borrow_mut().parked.take() else {
            return;
        };
        if self.element().is_some_and(|t| local_selection(&t) == local) {
            self.show(self.text(), start);
            self.set_selection(start, end);
        }
    }

    /// A click puts the caret where it lands: nothing wholly selected stays.
    pub fn forget_selection(&self) {
        self.held.borrow_mut().all_selected = false;
    }

    /// Ctrl+A: the textarea selects its window, which stands for the whole text.
    pub fn select_all(&self) {
        self.held.borrow_mut().parked = None;
        if self.is_windowed() {
            self.held.borrow_mut().all_selected = true;
        }
    }

    /// Before an input: whether it replaces the whole text (typed over a Ctrl+A selection).
    pub fn before_input(&self) {
        let all = self.all_is_selected();
        let mut held = self.held.borrow_mut();
        held.replacing_all = all;
        held.all_selected = false;
    }

    /// The whole text when Ctrl+A selected it in a window (a copy or cut takes that, not the
    /// window).
    pub fn all_selected_text(&self) -> Option<Rc<str>> {
        self.all_is_selected().then(|| self.text())
    }

    /// Whether a paste of `units` UTF-16 units is spliced in here rather than by the browser:
    /// in a window, or when the text would grow past what is shown whole (the browser would
    /// lay it all out first).
    pub fn splices_paste(&self, units: usize) -> bool {
        self.is_windowed() || self.held.borrow().text.len().saturating_add(units) > WHOLE_UP_TO
    }

    /// Puts `pasted` in place of the selection (the whole text if it was all selected), with the
    /// caret after it; returns the new text.
    pub fn paste(&self, pasted: &str) -> Rc<str> {
        let (start, end) = self.selection();
        let old = self.text();
        let mut text = String::with_capacity(old.len() - (end - start) + pasted.len());
        text.push_str(&old[..start]);
        text.push_str(pasted);
        text.push_str(&old[end..]);
        let caret = start + pasted.len();
        let line = newlines(&text[..caret]) as u32 + 1;
        let text: Rc<str> = text.into();
        self.show(text.clone(), caret);
        self.set_selection(caret, caret);
        self.scroll_to(line);
        text
    }

    /// Ctrl+Home and Ctrl+End: the caret at an end of the text, the window moved there.
    pub fn jump(&self, to_end: bool) {
        let text = self.text();
        let at = if to_end { text.len() } else { 0 };
        self.show(text, at);
        self.set_selection(at, at);
        if let Some(s) = self.scroller() {
            s.set_scroll_top(if to_end { s.scroll_height() } else { 0 });
            s.set_scroll_left(0);
        }
    }
}

/// The textarea's selection, in its UTF-16 units.
fn local_selection(t: &HtmlTextAreaElement) -> (u32, u32) {
    let at = |units: Result<Option<u32>, _>| units.ok().flatten().unwrap_or(0);
    (at(t.selection_start()), at(t.selection_end()))
}
