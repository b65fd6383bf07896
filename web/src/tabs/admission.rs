//! The Admission tab: what the Kubewarden policy answers for each object, from
//! `core::admission`, the function the policy module runs (in the worker, while the tab shows).

use yew::prelude::*;

use crate::ptr::Ptr;
use crate::view::{Analysis, VerdictCard};

#[derive(Properties, PartialEq)]
pub struct AdmissionProps {
    pub analysis: Ptr<Analysis>,
    pub show_review: bool,
    pub on_show_review: Callback<bool>,
}

#[function_component]
pub fn Admission(props: &AdmissionProps) -> Html {
    let onchange = props.on_show_review.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let settings = &props.analysis.settings;
    html! {
        <>
            <p class="explain">
                { format!(
                    "What the pullpolicy Kubewarden policy answers for each object with these settings \
                     (failOn: {}, mutate: {}), as `kwctl run` answers a raw request. In a cluster the API \
                     server first fills in defaults, so findings about an omitted imagePullPolicy do not \
                     reject there.",
                    settings.fail_on.0,
                    serde_json::to_value(settings.mutate).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                ) }
            </p>
            <label class="toggle">
                <input type="checkbox" id="show-review" checked={props.show_review} {onchange} />
                { " Show the AdmissionReview response" }
            </label>
            {
                match &props.analysis.results.verdicts {
                    // Asked for when the tab opened; on its way.
                    None => html! { <p class="empty">{ "Reviewing…" }</p> },
                    Some(verdicts) if verdicts.is_empty() => {
                        html! { <p class="empty">{ "No objects to review." }</p> }
                    }
                    Some(verdicts) => html! {
                        <ul class="verdicts">{ for verdicts.iter().map(verdict_card) }</ul>
                    },
                }
            }
        </>
    }
}

fn verdict_card(v: &VerdictCard) -> Html {
    let class = v.class.clone();
    html! {
        <li class={classes!("verdict", class.clone())}>
            <header>
                <span class={classes!("badge", class)}>{ &v.word }</span>
                <span class="object">{ &v.object }</span>
                <span class="where">{ format!("line {}", v.line) }</span>
            </header>
            if let Some(why) = &v.skipped { <p class="skipped-why">{ why }</p> }
            if let Some(message) = &v.message {
                <pre class="message">{ message }</pre>
            }
            if !v.warnings.is_empty() {
                <p class="label">{ "Warnings (kubectl prints them):" }</p>
                <ul class="warnings">
                    { for v.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
            if let Some(patch) = &v.patch {
                <p class="label">{ "JSON patch:" }</p>
                <pre class="json">{ patch }</pre>
            }
            if let Some(review) = &v.review {
                <p class="label">{ "AdmissionReview:" }</p>
                <pre class="json review">{ review }</pre>
            }
        </li>
    }
}
