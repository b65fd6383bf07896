//! The Fixes tab: the manifest with the fixes applied, as a diff; unsafe fixes on request;
//! apply to the editor (undoable), copy, download.

use yew::prelude::*;

use crate::dom;
use crate::ptr::Ptr;
use crate::view::{Analysis, DiffRow, FixesView};

#[derive(Properties, PartialEq)]
pub struct FixesProps {
    pub analysis: Ptr<Analysis>,
    pub allow_unsafe: bool,
    pub on_allow_unsafe: Callback<bool>,
    pub on_apply: Callback<String>,
}

#[function_component]
pub fn Fixes(props: &FixesProps) -> Html {
    let onchange = {
        let on = props.on_allow_unsafe.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on.emit(input.checked());
        })
    };
    let toggle = html! {
        <label class="toggle">
            <input type="checkbox" id="allow-unsafe" checked={props.allow_unsafe} {onchange} />
            { " Include unsafe fixes (they change what the cluster does, e.g. pinning a digest or \
               choosing a policy; review them)" }
        </label>
    };
    // Made by the worker while the tab shows (`view::fixes`).
    let Some(fixed) = &props.analysis.results.fixes else {
        return html! {
            <>
                { toggle }
                <p class="empty">{ "Fixing…" }</p>
            </>
        };
    };
    let Some(fixed) = fixed else {
        return html! {
            <>
                { toggle }
                <p class="empty">{ "Nothing is fixed while the manifest has syntax errors: fix those first (see Findings)." }</p>
            </>
        };
    };
    if fixed.applied.is_empty() {
        return html! {
            <>
                { toggle }
                <p class="empty ok">{ "Nothing to fix." }</p>
            </>
        };
    }
    html! {
        <>
            { toggle }
            <div class="actions">
                <button id="apply-fixes" class="primary" onclick={apply(props, fixed)}>
                    { "Apply to editor" }
                </button>
                <button onclick={copy(fixed)}>{ "Copy fixed manifest" }</button>
                <button onclick={download(fixed)}>{ "Download" }</button>
            </div>
            <p class="applied-count">{ applied_summary(fixed) }</p>
            <ul class="applied">
                { for fixed.applied.iter().map(|(rule, title)| html! {
                    <li><code>{ rule }</code>{ " " }{ title }</li>
                }) }
            </ul>
            { diff_view(&fixed.diff) }
        </>
    }
}

fn applied_summary(fixed: &FixesView) -> String {
    match fixed.applied.len() {
        1 => "1 fix applies:".to_owned(),
        n => format!("{n} fixes apply:"),
    }
}

fn apply(props: &FixesProps, fixed: &FixesView) -> Callback<MouseEvent> {
    let text = fixed.text.clone();
    props.on_apply.reform(move |_| text.clone())
}

fn copy(fixed: &FixesView) -> Callback<MouseEvent> {
    let text = fixed.text.clone();
    Callback::from(move |_| {
        dom::copy(&text);
    })
}

fn download(fixed: &FixesView) -> Callback<MouseEvent> {
    let text = fixed.text.clone();
    Callback::from(move |_| dom::download("manifest.fixed.yaml", &text, "application/yaml"))
}

/// A unified diff with old and new line numbers; `+`/`-` signs, not only colours.
fn diff_view(diff: &[DiffRow]) -> Html {
    let rows = diff.iter().map(|line| {
        if line.class == "hunk-gap" {
            return html! { <tr class="hunk-gap"><td colspan="4">{ &line.text }</td></tr> };
        }
        let sign = match line.class.as_str() {
            "removed" => "-",
            "added" => "+",
            _ => " ",
        };
        html! {
            <tr class={line.class.clone()}>
                <td class="num">{ &line.old }</td>
                <td class="num">{ &line.new }</td>
                <td class="sign">{ sign }</td>
                <td class="diff-text"><code>{ &line.text }</code></td>
            </tr>
        }
    });
    html! {
        <div class="table-wrap">
            <table class="diff" aria-label="Changes the fixes make">
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
