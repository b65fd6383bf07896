//! The Fixes tab: the manifest with the fixes applied, as a diff; unsafe fixes on request;
//! apply to the editor (undoable), copy, download.

use pullpolicy_core::counts::refuses;
use pullpolicy_core::diff::{LineKind, hunks};
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{Fixed, fix};
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::dom;
use crate::ptr::Ptr;

#[derive(Properties, PartialEq)]
pub struct FixesProps {
    pub analysis: Ptr<Analysis>,
    pub allow_unsafe: bool,
    pub on_allow_unsafe: Callback<bool>,
    pub on_apply: Callback<String>,
}

#[function_component]
pub fn Fixes(props: &FixesProps) -> Html {
    let fixed = use_memo(
        (props.analysis.clone(), props.allow_unsafe),
        |(analysis, allow_unsafe)| {
            // Refused, as by the CLI, while the text has a syntax error: known from the
            // analysis on screen, without the lint `fix` would make to find it again.
            let allowed = Applicability::allowing_unsafe(*allow_unsafe);
            (!refuses(&analysis.lint))
                .then(|| fix(&analysis.text, &analysis.settings, allowed).ok())
                .flatten()
        },
    );
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
    let Some(fixed) = fixed.as_ref() else {
        return html! {
            <>
                { toggle }
                <p class="empty">{ "Nothing is fixed while the manifest has syntax errors: fix those first (see Findings)." }</p>
            </>
        };
    };
    let text = &props.analysis.text;
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
                    <li><code>{ rule.as_str() }</code>{ " " }{ title }</li>
                }) }
            </ul>
            { diff_view(text, &fixed.text) }
        </>
    }
}

fn applied_summary(fixed: &Fixed) -> String {
    match fixed.applied.len() {
        1 => "1 fix applies:".to_owned(),
        n => format!("{n} fixes apply:"),
    }
}

fn apply(props: &FixesProps, fixed: &Fixed) -> Callback<MouseEvent> {
    let text = fixed.text.clone();
    props.on_apply.reform(move |_| text.clone())
}

fn copy(fixed: &Fixed) -> Callback<MouseEvent> {
    let text = fixed.text.clone();
    Callback::from(move |_| {
        dom::copy(&text);
    })
}

fn download(fixed: &Fixed) -> Callback<MouseEvent> {
    let text = fixed.text.clone();
    Callback::from(move |_| dom::download("manifest.fixed.yaml", &text, "application/yaml"))
}

/// A unified diff with old and new line numbers; `+`/`-` signs, not only colours.
fn diff_view(old: &str, new: &str) -> Html {
    let hunks = hunks(old, new);
    let rows = hunks.iter().enumerate().flat_map(|(i, hunk)| {
        let separator = (i > 0).then(|| html! { <tr class="hunk-gap"><td colspan="4">{ "⋯" }</td></tr> });
        let lines = hunk.lines.iter().map(|line| {
            let (class, sign) = match line.kind {
                LineKind::Context => ("context", " "),
                LineKind::Removed => ("removed", "-"),
                LineKind::Added => ("added", "+"),
            };
            html! {
                <tr class={class}>
                    <td class="num">{ line.old_line.map(|n| n.to_string()).unwrap_or_default() }</td>
                    <td class="num">{ line.new_line.map(|n| n.to_string()).unwrap_or_default() }</td>
                    <td class="sign">{ sign }</td>
                    <td class="diff-text"><code>{ &line.text }</code></td>
                </tr>
            }
        });
        separator.into_iter().chain(lines).collect::<Vec<_>>()
    });
    html! {
        <div class="table-wrap">
            <table class="diff" aria-label="Changes the fixes make">
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
