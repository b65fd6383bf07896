//! The editor: a native `<textarea>` (undo, selection, IME, mobile and screen readers keep
//! working) over a highlight layer drawn in sync with its scroll position. Only the visible lines
//! are drawn, so a 10,000-line manifest costs what 60 lines cost.

use std::rc::Rc;

use gloo::events::EventListener;
use pullpolicy_core::severity::Severity;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::analysis::{Analysis, Mark};
use crate::highlight;
use crate::ptr::Ptr;

/// Pixel height of a line: the highlight layer and the textarea share it (style.css).
pub const LINE_HEIGHT: u32 = 20;
/// Lines drawn above and below the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 20;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    pub analysis: Ptr<Analysis>,
    pub on_edit: Callback<String>,
    /// Says why an edit was refused (a paste over the size pullpolicy reads).
    pub on_refuse: Callback<String>,
    pub textarea: NodeRef,
    /// Bumped when the text changes other than by typing (an example, a link, a fix): the
    /// textarea is uncontrolled (reading a 1 MB value back on every render costs), so it is
    /// given the new text then.
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
    let viewport = use_state(|| Viewport {
        height: 800,
        ..Viewport::default()
    });
    let cursor = use_state(|| 0usize);
    let tab_leaves = use_mut_ref(|| false);
    let starts = use_memo(props.text.clone(), |text| line_starts(text));
    {
        let textarea = props.textarea.clone();
        let text = props.text.clone();
        use_effect_with(props.revision, move |_| {
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>()
                && t.value() != *text
            {
                t.set_value(&text);
            }
        });
    }

    let measure = {
        let viewport = viewport.clone();
        let textarea = props.textarea.clone();
        move || {
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                viewport.set(Viewport {
                    top: t.scroll_top(),
                    left: t.scroll_left(),
                    height: t.client_height(),
                });
            }
        }
    };
    {
        // Window resizes change how many lines are visible.
        let measure = measure.clone();
        use_effect_with((), move |_| {
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    let onscroll = {
        let measure = measure.clone();
        Callback::from(move |_: Event| measure())
    };
    let track_cursor = {
        let cursor = cursor.clone();
        let text = props.text.clone();
        move |t: HtmlTextAreaElement| {
            let start = t.selection_start().ok().flatten().unwrap_or(0);
            cursor.set(crate::dom::byte_index(&text, start));
        }
    };
    let oninput = {
        let on_edit = props.on_edit.clone();
        let track_cursor = track_cursor.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            // Text that got in another way (a drop, a script) is read and analysed: core
            // answers an oversized one with its own error.
            on_edit.emit(t.value());
            track_cursor(t);
        })
    };
    // A paste that would take the text over the limit is refused before the textarea takes it:
    // laying out tens of megabytes would freeze the page first.
    let onpaste = {
        let on_refuse = props.on_refuse.clone();
        Callback::from(move |e: Event| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let pasted = pasted_units(&e);
            let selected = match (t.selection_start(), t.selection_end()) {
                (Ok(Some(a)), Ok(Some(b))) => b.saturating_sub(a),
                _ => 0,
            };
            let kept = t.text_length().saturating_sub(selected);
            let units = usize::try_from(kept)
                .unwrap_or(usize::MAX)
                .saturating_add(pasted);
            if units > MAX_INPUT {
                e.prevent_default();
                on_refuse.emit(too_large(units));
            }
        })
    };
    let onkeydown = {
        let tab_leaves = tab_leaves.clone();
        Callback::from(move |e: KeyboardEvent| {
            let leave = std::mem::replace(&mut *tab_leaves.borrow_mut(), e.key() == "Escape");
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
    };
    let onkeyup = {
        let track_cursor = track_cursor.clone();
        Callback::from(move |e: KeyboardEvent| track_cursor(e.target_unchecked_into()))
    };
    let onclick = Callback::from(move |e: MouseEvent| track_cursor(e.target_unchecked_into()));

    let v = *viewport;
    let line_count = starts.len();
    let first = (v.top.max(0) as usize / LINE_HEIGHT as usize).saturating_sub(OVERSCAN);
    let visible = v.height.max(0) as usize / LINE_HEIGHT as usize + 1;
    let last = (first + visible + 2 * OVERSCAN).min(line_count);
    let offset = first as i32 * LINE_HEIGHT as i32 - v.top;
    let marks = &props.analysis.marks;
    let longest_mark = props.analysis.longest_mark;
    let text = &*props.text;
    let digits = line_count.to_string().len().max(2);

    let lines = (first..last).map(|i| {
        let range = line_range(text, &starts, i);
        let near = marks_near(marks, longest_mark, range.clone());
        render_line(text, range, near)
    });
    let gutter = (first..last).map(|i| {
        let number = i as u32 + 1;
        let marker = line_marker(marks, number);
        html! {
            <div class="gutter-line" key={i}>
                { marker }
                <span class="line-number">{ number }</span>
            </div>
        }
    });
    let status = status(text, &starts, *cursor, marks);
    // Browsers round performance.now() to 0.1 ms without cross-origin isolation.
    let millis = props.analysis.millis;
    let timing = if millis < 0.1 {
        format!("{line_count} lines · analysed in < 0.1 ms")
    } else {
        format!("{line_count} lines · analysed in {millis:.1} ms")
    };

    html! {
        <div class={classes!("editor", props.compact.then_some("compact"))}>
            <div class="editor-body" style={format!("--digits: {digits}")}>
                <div class="gutter">
                    <div class="gutter-lines" style={format!("transform: translateY({offset}px)")}>
                        { for gutter }
                    </div>
                </div>
                <div class="code">
                    <div class="highlight" aria-hidden="true">
                        <div class="highlight-lines"
                             style={format!("transform: translate({}px, {offset}px)", -v.left)}>
                            { for lines }
                        </div>
                    </div>
                    <textarea
                        id="editor"
                        ref={props.textarea.clone()}
                        aria-label="Kubernetes manifest (YAML or JSON)"
                        aria-describedby="editor-status"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        {oninput} {onpaste} {onscroll} {onkeydown} {onkeyup} {onclick}
                    />
                </div>
            </div>
            <div class="editor-status" id="editor-status">
                { status }
                <span class="timing">{ timing }</span>
            </div>
        </div>
    }
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

/// The length of a paste's text in UTF-16 units, read without copying it out of JavaScript.
fn pasted_units(e: &Event) -> usize {
    use wasm_bindgen::JsCast;
    let Some(data) = js_sys::Reflect::get(e, &"clipboardData".into()).ok() else {
        return 0;
    };
    let text = js_sys::Reflect::get(&data, &"getData".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&data, &"text/plain".into()).ok());
    text.and_then(|t| t.dyn_into::<js_sys::JsString>().ok())
        .map_or(0, |t| t.length() as usize)
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
