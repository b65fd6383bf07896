//! The Admission tab: what the Kubewarden policy answers for each object, from
//! `core::admission`, the function the policy module runs.

use pullpolicy_core::admission::{ManifestVerdict, admission_review, review_manifest};
use serde_json::Value;
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::ptr::Ptr;

#[derive(Properties, PartialEq)]
pub struct AdmissionProps {
    pub analysis: Ptr<Analysis>,
}

#[function_component]
pub fn Admission(props: &AdmissionProps) -> Html {
    let verdicts = use_memo(props.analysis.clone(), |analysis| {
        review_manifest(&analysis.text, &analysis.settings)
    });
    let show_review = use_state(|| false);
    let onchange = {
        let show_review = show_review.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            show_review.set(input.checked());
        })
    };
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
                <input type="checkbox" id="show-review" checked={*show_review} {onchange} />
                { " Show the AdmissionReview response" }
            </label>
            if verdicts.is_empty() {
                <p class="empty">{ "No objects to review." }</p>
            }
            <ul class="verdicts">
                { for verdicts.iter().map(|v| verdict_card(v, *show_review)) }
            </ul>
        </>
    }
}

fn verdict_card(v: &ManifestVerdict, show_review: bool) -> Html {
    let verdict = &v.verdict;
    let (class, word) = match (verdict.accepted, &verdict.skipped) {
        (false, _) => ("rejected", "Rejected"),
        (true, Some(_)) => ("skipped", "Allowed (not checked)"),
        (true, None) if !verdict.patches.is_empty() => ("mutated", "Allowed, mutated"),
        (true, None) => ("allowed", "Allowed"),
    };
    let patch = (!verdict.patches.is_empty()).then(|| {
        let ops: Vec<Value> = verdict.patches.iter().map(|p| p.to_json()).collect();
        serde_json::to_string_pretty(&ops).unwrap_or_default()
    });
    let review = show_review
        .then(|| serde_json::to_string_pretty(&admission_review(verdict)).unwrap_or_default());
    html! {
        <li class={classes!("verdict", class)}>
            <header>
                <span class={classes!("badge", class)}>{ word }</span>
                <span class="object">{ &v.object }</span>
                <span class="where">{ format!("line {}", v.line) }</span>
            </header>
            if let Some(why) = &verdict.skipped { <p class="skipped-why">{ why }</p> }
            if let Some(message) = &verdict.message {
                <pre class="message">{ message }</pre>
            }
            if !verdict.warnings.is_empty() {
                <p class="label">{ "Warnings (kubectl prints them):" }</p>
                <ul class="warnings">
                    { for verdict.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
            if let Some(patch) = patch {
                <p class="label">{ "JSON patch:" }</p>
                <pre class="json">{ patch }</pre>
            }
            if let Some(review) = review {
                <p class="label">{ "AdmissionReview:" }</p>
                <pre class="json review">{ review }</pre>
            }
        </li>
    }
}
