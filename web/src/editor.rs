//! The editor: a native `<textarea>` (undo, selection, IME, mobile and screen readers keep
//! working) over a highlight layer drawn in sync with its scroll position. Only the visible lines
//! are drawn, so a 10,000-line manifest costs what 60 lines cost; a long text is given to the
//! textarea a window of lines at a time (`textarea.rs`), so a keystroke in 1 MB costs what one
//! in 50 KB costs.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use pullpolicy_core::severity::Severity;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::highlight;
use crate::ptr::Ptr;
use crate::textarea::TextArea;
use crate::view::{Analysis, Mark};
use crate::window::normalize_newlines;

/// Pixel height of a line: the highlight layer and the textarea share it (style.css).
pub const LINE_HEIGHT: u32 = 20;
/// Pixels above the first line and below the last (style.css).
pub const PADDING: u32 = 8;
/// Lines drawn above and below the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 20;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    pub analysis: Ptr<Analysis>,
    pub on_edit: Callback<Rc<str>>,
    /// Says why an edit was refused (a paste over the size pullpolicy reads).
    pub on_refuse: Callback<String>,
    pub area: TextArea,
    /// Bumped when the text changes other than by typing (an example, a link, a fix): the
    /// textarea is uncontrolled (it holds a window of a long text, and reading a long value back
    /// on every render costs), so it is given the new text then.
    pub revision: u32,
    #[prop_or_default]
    pub compact: bool,
}

#[derive(Clone, Copy, PartialEq, Default)]
struct Viewport {
    top: i32,
    left: i32,
    height: i32,
}

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let cursor = use_state(|| 0usize);
    let tab_leaves = use_mut_ref(|| false);
    let starts = use_memo(props.text.clone(), |text| line_starts(text));
    let area = props.area.clone();
    use_text_given(&area, props.text.clone(), props.revision);
    let (viewport, measure) = use_viewport(&area);
    let onscroll = {
        let area = area.clone();
        let starts = starts.clone();
        Callback::from(move |_: Event| {
            measure.emit(());
            if let Some(s) = area.scroller.cast::<web_sys::HtmlElement>() {
                let (first, last) = visible_lines(s.scroll_top(), s.client_height());
                let middle = ((first + last) / 2).min(starts.len() - 1);
                area.follow(first, last, starts.len(), starts[middle]);
            }
        })
    };
    let track_cursor = {
        let cursor = cursor.clone();
        let area = area.clone();
        move || cursor.set(area.selection().0)
    };
    let oninput = on_input(&area, &props.on_edit, track_cursor.clone());
    let onpaste = on_paste(
        &area,
        &props.on_edit,
        &props.on_refuse,
        track_cursor.clone(),
    );
    let oncopy = on_copy(&area);
    let oncut = on_cut(&area, &props.on_edit);
    let onkeydown = on_keydown(&area, tab_leaves);
    let onkeyup = {
        let track_cursor = track_cursor.clone();
        Callback::from(move |_: KeyboardEvent| track_cursor())
    };
    let onmousedown = {
        let area = area.clone();
        Callback::from(move |_: MouseEvent| area.forget_selection())
    };
    let onclick = Callback::from(move |_: MouseEvent| track_cursor());

    let v = *viewport;
    let line_count = starts.len();
    let (top_line, bottom_line) = visible_lines(v.top, v.height);
    let first = top_line.saturating_sub(OVERSCAN);
    let last = (bottom_line + OVERSCAN).min(line_count);
    let offset = first as i32 * LINE_HEIGHT as i32 - v.top;
    let (lines, gutter) = drawn_lines(&props.text, &starts, &props.analysis, first..last);
    let status = status(&props.text, &starts, *cursor, props.analysis.marks());
    let digits = line_count.to_string().len().max(2);
    // The scroller is as tall as the whole text and one more line (the textarea's own slack).
    let size = (line_count as u32 + 1) * LINE_HEIGHT + 2 * PADDING;

    html! {
        <div class={classes!("editor", props.compact.then_some("compact"))}>
            <div class="editor-body" style={format!("--digits: {digits}")}>
                <div class="gutter">
                    <div class="gutter-lines" style={format!("transform: translateY({offset}px)")}>
                        { gutter }
                    </div>
                </div>
                <div class="code">
                    <div class="highlight" aria-hidden="true">
                        <div class="highlight-lines"
                             style={format!("transform: translate({}px, {offset}px)", -v.left)}>
                            { lines }
                        </div>
                    </div>
                    <div class="scroller" id="editor-scroll" ref={area.scroller.clone()} {onscroll}>
                        <div class="scroll-size" style={format!("height: {size}px")} />
                        <textarea
                            id="editor"
                            ref={area.node.clone()}
                            aria-label="Kubernetes manifest (YAML or JSON)"
                            aria-describedby="editor-status"
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            wrap="off"
                            onscroll={keep_unscrolled()}
                            {oninput} {onpaste} {oncopy} {oncut} {onkeydown} {onkeyup}
                            {onmousedown} {onclick}
                        />
                    </div>
                </div>
            </div>
            <div class="editor-status" id="editor-status">
                { status }
                <span class="timing">{ timing(line_count, props.analysis.results.millis) }</span>
            </div>
        </div>
    }
}

/// Gives the textarea the text when it changes other than by typing (`revision`), and
/// listens for what it is about to take: typing over a Ctrl+A selection replaces the whole
/// text, not the window (Yew has no `onbeforeinput`).
#[hook]
fn use_text_given(area: &TextArea, text: Rc<str>, revision: u32) {
    {
        let area = area.clone();
        use_effect_with(revision, move |_| {
            if *area.text() != *text {
                area.show(text, 0);
            }
        });
    }
    let area = area.clone();
    use_effect_with((), move |_| {
        let listener = area.node.cast::<HtmlTextAreaElement>().map(|t| {
            let area = area.clone();
            EventListener::new(&t, "beforeinput", move |_| area.before_input())
        });
        move || drop(listener)
    });
}

/// Where the scroller is, and how to measure it again (on scroll; window resizes change how
/// many lines are visible).
#[hook]
fn use_viewport(area: &TextArea) -> (UseStateHandle<Viewport>, Callback<()>) {
    let viewport = use_state(|| Viewport {
        height: 800,
        ..Viewport::default()
    });
    let measure = {
        let viewport = viewport.clone();
        let scroller = area.scroller.clone();
        Callback::from(move |()| {
            if let Some(s) = scroller.cast::<web_sys::HtmlElement>() {
                viewport.set(Viewport {
                    top: s.scroll_top(),
                    left: s.scroll_left(),
                    height: s.client_height(),
                });
            }
        })
    };
    {
        let measure = measure.clone();
        use_effect_with((), move |_| {
            measure.emit(());
            let listener =
                EventListener::new(&gloo::utils::window(), "resize", move |_| measure.emit(()));
            move || drop(listener)
        });
    }
    (viewport, measure)
}

/// The highlighted lines `lines` of the text and their gutter (number and marker).
fn drawn_lines(
    text: &str,
    starts: &[usize],
    analysis: &Analysis,
    lines: std::ops::Range<usize>,
) -> (Html, Html) {
    let marks = analysis.marks();
    let code = lines.clone().map(|i| {
        let range = line_range(text, starts, i);
        let near = marks_near(marks, analysis.longest_mark, range.clone());
        render_line(text, range, near)
    });
    let gutter = lines.map(|i| {
        let number = i as u32 + 1;
        html! {
            <div class="gutter-line" key={i}>
                { line_marker(marks, number) }
                <span class="line-number">{ number }</span>
            </div>
        }
    });
    (code.collect(), gutter.collect())
}

/// The status line's size and timing. Browsers round `performance.now()` to 0.1 ms without
/// cross-origin isolation.
fn timing(line_count: usize, millis: f64) -> String {
    if millis < 0.1 {
        format!("{line_count} lines · analysed in < 0.1 ms")
    } else {
        format!("{line_count} lines · analysed in {millis:.1} ms")
    }
}

/// The textarea is as large as its text and never scrolls itself; the browser may still nudge
/// it to show the caret before its size is updated.
fn keep_unscrolled() -> Callback<Event> {
    Callback::from(|e: Event| {
        let t: HtmlTextAreaElement = e.target_unchecked_into();
        if t.scroll_top() != 0 || t.scroll_left() != 0 {
            t.set_scroll_top(0);
            t.set_scroll_left(0);
        }
    })
}

fn on_input(
    area: &TextArea,
    on_edit: &Callback<Rc<str>>,
    track_cursor: impl Fn() + 'static,
) -> Callback<InputEvent> {
    let (area, on_edit) = (area.clone(), on_edit.clone());
    Callback::from(move |_: InputEvent| {
        // Text that got in another way (a drop, a script) is read and analysed: core answers
        // an oversized one with its own error.
        on_edit.emit(area.input());
        track_cursor();
    })
}

/// A paste that would take the text over the limit is refused before the textarea takes it:
/// laying out tens of megabytes would freeze the page first. A long one, or one into a window,
/// is put in place here, so that the textarea only ever lays out its window.
fn on_paste(
    area: &TextArea,
    on_edit: &Callback<Rc<str>>,
    on_refuse: &Callback<String>,
    track_cursor: impl Fn() + 'static,
) -> Callback<Event> {
    let (area, on_edit, on_refuse) = (area.clone(), on_edit.clone(), on_refuse.clone());
    Callback::from(move |e: Event| {
        let Some(pasted) = clipboard_text(&e) else {
            return;
        };
        let pasted_units = pasted.length() as usize;
        let (start, end) = area.selection();
        let kept = area.text().len() - (end - start);
        let units = kept.saturating_add(pasted_units);
        if units > MAX_INPUT {
            e.prevent_default();
            on_refuse.emit(too_large(units));
        } else if area.splices_paste(pasted_units) || !e.is_trusted() {
            // A script's paste event carries its text but is not acted on by the browser.
            e.prevent_default();
            let pasted = String::from(pasted);
            on_edit.emit(area.paste(&normalize_newlines(&pasted)));
            track_cursor();
        }
    })
}

/// Copy and cut of a Ctrl+A selection take the whole text, not the window.
fn on_copy(area: &TextArea) -> Callback<Event> {
    let area = area.clone();
    Callback::from(move |e: Event| {
        if let Some(all) = area.all_selected_text() {
            set_clipboard_text(&e, &all);
        }
    })
}

fn on_cut(area: &TextArea, on_edit: &Callback<Rc<str>>) -> Callback<Event> {
    let (area, on_edit) = (area.clone(), on_edit.clone());
    Callback::from(move |e: Event| {
        if let Some(all) = area.all_selected_text() {
            set_clipboard_text(&e, &all);
            on_edit.emit(area.paste(""));
        }
    })
}

fn on_keydown(area: &TextArea, tab_leaves: Rc<RefCell<bool>>) -> Callback<KeyboardEvent> {
    let area = area.clone();
    Callback::from(move |e: KeyboardEvent| {
        let leave = std::mem::replace(&mut *tab_leaves.borrow_mut(), e.key() == "Escape");
        let command = e.ctrl_key() || e.meta_key();
        match e.key().as_str() {
            "Control" | "Meta" | "Shift" | "Alt" => return,
            "a" | "A" if command => return area.select_all(),
            "c" | "C" if command => return,
            "Home" | "End" if command && !e.shift_key() => {
                e.prevent_default();
                return area.jump(e.key() == "End");
            }
            _ => area.unpark(),
        }
        // Tab indents; Escape then Tab moves focus on, so the editor is no keyboard trap.
        if e.key() == "Tab" && !leave && !e.shift_key() && !e.ctrl_key() && !e.alt_key() {
            e.prevent_default();
            let document = gloo::utils::document();
            use wasm_bindgen::JsCast;
            if let Some(d) = document.dyn_ref::<web_sys::HtmlDocument>() {
                let _ = d.exec_command_with_show_ui_and_value("insertText", false, "  ");
            }
        }
    })
}

/// The lines a scroll position shows, first and one past the last (0-based).
fn visible_lines(top: i32, height: i32) -> (usize, usize) {
    let first = top.max(0) as usize / LINE_HEIGHT as usize;
    (
        first,
        first + height.max(0) as usize / LINE_HEIGHT as usize + 1,
    )
}

/// The most text pullpolicy reads, in bytes; a UTF-16 unit is at least one byte of UTF-8, so a
/// text of more units is over it.
const MAX_INPUT: usize = pullpolicy_core::yaml::Limits::DEFAULT.max_input_bytes;

fn too_large(units: usize) -> String {
    format!(
        "Not pasted: the text would be {:.1} MB, more than the {} MiB pullpolicy reads. \
         Lint it in parts, or with the pullpolicy command.",
        units as f64 / 1e6,
        MAX_INPUT >> 20
    )
}

/// A paste's text, left in JavaScript (its length is read before anything is copied).
fn clipboard_text(e: &Event) -> Option<js_sys::JsString> {
    use wasm_bindgen::JsCast;
    let data = e.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?;
    // `DataTransfer::get_data` would copy the text into a Rust string at once.
    let get = js_sys::Reflect::get(&data, &"getData".into()).ok()?;
    let text = get
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call1(&data, &"text/plain".into())
        .ok()?;
    text.dyn_into::<js_sys::JsString>().ok()
}

/// Puts `text` on the clipboard in place of what a copy or cut would put there.
fn set_clipboard_text(e: &Event, text: &str) {
    use wasm_bindgen::JsCast;
    if let Some(data) = e
        .dyn_ref::<web_sys::ClipboardEvent>()
        .and_then(|e| e.clipboard_data())
        && data.set_data("text/plain", text).is_ok()
    {
        e.prevent_default();
    }
}

/// Byte offsets where lines start (a final line after a trailing newline included).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Byte range of line `i` (0-based), without its line break.
fn line_range(text: &str, starts: &[usize], i: usize) -> std::ops::Range<usize> {
    let start = starts[i];
    let end = starts.get(i + 1).map_or(text.len(), |&next| next - 1);
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "info",
    }
}

/// Severity shown by letter too: colour is never the only signal.
fn severity_letter(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "E",
        Severity::Warning => "W",
        _ => "i",
    }
}

/// One line: coloured tokens, with finding underlines cut in where they overlap.
/// The marks (sorted by start) that may overlap `range`: a binary search on both sides, so a
/// 50 MB text's hundreds of thousands of marks cost nothing per drawn line.
fn marks_near(marks: &[Mark], longest: usize, range: std::ops::Range<usize>) -> &[Mark] {
    let from = marks.partition_point(|m| m.start + longest < range.start);
    let to = marks.partition_point(|m| m.start <= range.end);
    &marks[from..to.max(from)]
}

/// How much of a line is coloured: beyond it (minified JSON, a 100 KB run of `[`), the rest of
/// the line is drawn as plain text, so one line never costs more than a screenful of spans.
const MAX_STYLED_BYTES: usize = 2_000;

fn render_line(text: &str, range: std::ops::Range<usize>, marks: &[Mark]) -> Html {
    let full = &text[range.clone()];
    let mut styled = full.len().min(MAX_STYLED_BYTES);
    while !full.is_char_boundary(styled) {
        styled -= 1;
    }
    let (line, rest) = full.split_at(styled);
    let tokens = highlight::line(line);
    let overlapping: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < range.end.max(range.start + 1) && m.end > range.start)
        .collect();
    let mut cuts: Vec<usize> = vec![0, line.len()];
    for (r, _) in &tokens {
        cuts.extend([r.start, r.end]);
    }
    for m in &overlapping {
        cuts.push(m.start.saturating_sub(range.start).min(line.len()));
        cuts.push(m.end.saturating_sub(range.start).min(line.len()));
    }
    cuts.retain(|&c| line.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    // Tokens are in order and every token edge is a cut, so one cursor walks both.
    let mut next_token = 0;
    let pieces = cuts.windows(2).map(|w| {
        let (a, b) = (w[0], w[1]);
        while next_token < tokens.len() && tokens[next_token].0.end <= a {
            next_token += 1;
        }
        let token = tokens
            .get(next_token)
            .filter(|(r, _)| r.start <= a)
            .map(|(_, t)| t.class());
        let mark = overlapping
            .iter()
            .filter(|m| m.start <= range.start + a && range.start + a < m.end)
            .map(|m| m.severity)
            .max()
            .map(|s| format!("u-{}", severity_class(s)));
        html! { <span class={classes!(token, mark)}>{ &line[a..b] }</span> }
    });
    html! {
        <div class="line">
            { for pieces }
            if !rest.is_empty() { <span>{ rest }</span> }
        </div>
    }
}

/// The gutter marker of a line: its most severe finding, with the messages as its title.
fn line_marker(marks: &[Mark], line: u32) -> Html {
    // Marks are in text order, so in line order.
    let from = marks.partition_point(|m| m.line < line);
    let to = marks.partition_point(|m| m.line <= line);
    let here: Vec<&Mark> = marks[from..to.max(from)].iter().collect();
    let Some(severity) = here.iter().map(|m| m.severity).max() else {
        return html! { <span class="marker" /> };
    };
    let title = here
        .iter()
        .map(|m| format!("{}: {}", m.severity, m.message))
        .collect::<Vec<_>>()
        .join("\n");
    html! {
        <span class={classes!("marker", severity_class(severity))} title={title.clone()}
              role="img" aria-label={title}>
            { severity_letter(severity) }
        </span>
    }
}

/// `Ln 4, Col 12`, and the finding under the cursor.
fn status(text: &str, starts: &[usize], cursor: usize, marks: &[Mark]) -> Html {
    let cursor = cursor.min(text.len());
    let line = starts.partition_point(|&s| s <= cursor).max(1);
    let column = text[starts[line - 1]..cursor].chars().count() + 1;
    let here = marks.iter().find(|m| m.start <= cursor && cursor <= m.end);
    html! {
        <>
            <span class="position">{ format!("Ln {line}, Col {column}") }</span>
            if let Some(m) = here {
                <span class={classes!("cursor-finding", severity_class(m.severity))}>
                    { format!("{}: {}", m.severity, m.message) }
                </span>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_their_ranges() {
        let text = "a: 1\r\nb: 2\n\nc";
        let starts = line_starts(text);
        let lines: Vec<&str> = (0..starts.len())
            .map(|i| &text[line_range(text, &starts, i)])
            .collect();
        assert_eq!(lines, ["a: 1", "b: 2", "", "c"]);
        assert_eq!(line_starts("x\n"), [0, 2]);
    }
}
