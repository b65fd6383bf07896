//! The results pane: a tab list (WAI-ARIA tabs: arrow keys move between them) and one panel.

mod admission;
mod containers;
mod findings;
mod fixes;
mod rules;
mod settings;

pub use admission::Admission;
pub use containers::Containers;
pub use findings::{Findings, label_counts, summary};
pub use fixes::Fixes;
pub use rules::Rules;
pub use settings::SettingsForm;

use pullpolicy_core::counts::Counts;
use yew::prelude::*;

use crate::state::Tab;

/// Rows a list draws at first, and each "show more" adds: the worker builds and sends only the
/// rows drawn, and each is redrawn after every analysis.
pub const PAGE_ROWS: usize = 200;

/// The line under a cut list, with a button that asks for a page more.
pub fn more_rows(drawn: usize, total: usize, what: &str, on_more: &Callback<()>) -> Html {
    if total <= drawn {
        return html! {};
    }
    let onclick = on_more.reform(|_: MouseEvent| ());
    html! {
        <p class="more-rows">
            { format!("Showing the first {drawn} of {total} {what}. ") }
            <button class="link show-more" {onclick}>{ format!("Show {} more", PAGE_ROWS.min(total - drawn)) }</button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct TabBarProps {
    pub current: Tab,
    pub counts: Counts,
    pub containers: usize,
    pub on_select: Callback<Tab>,
}

#[function_component]
pub fn TabBar(props: &TabBarProps) -> Html {
    let onkeydown = {
        let current = props.current;
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let n = Tab::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(Tab::ALL[next]);
            if let Some(tab) =
                gloo::utils::document().get_element_by_id(&format!("tab-{}", Tab::ALL[next].id()))
                && let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab)
            {
                let _ = tab.focus();
            }
        })
    };
    let tabs = Tab::ALL.iter().map(|&tab| {
        let selected = tab == props.current;
        let onclick = props.on_select.reform(move |_: MouseEvent| tab);
        let badge = match tab {
            Tab::Containers => html! { <span class="count">{ props.containers }</span> },
            Tab::Findings => html! {
                { for label_counts(props.counts).into_iter().map(|(class, n, letter, what)| html! {
                    <span class={classes!("count", class)} title={format!("{n} {what}")}>
                        { format!("{letter} {n}") }
                    </span>
                }) }
            },
            _ => html! {},
        };
        html! {
            <button role="tab" id={format!("tab-{}", tab.id())}
                    aria-selected={selected.to_string()}
                    aria-controls="results-panel"
                    tabindex={if selected { "0" } else { "-1" }}
                    class={classes!("tab", selected.then_some("selected"))}
                    {onclick}>
                { tab.title() }{ badge }
            </button>
        }
    });
    html! {
        <div class="tabs" role="tablist" aria-label="Results" {onkeydown}>{ for tabs }</div>
    }
}
