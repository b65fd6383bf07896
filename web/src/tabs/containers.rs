//! The Containers tab: one row per container, init container, ephemeral container and image
//! volume, with the policy as written, the effective one, why, and whether a restart pulls
//! again; a row opens to what the kubelet does at each event (core's node view).

use std::collections::BTreeSet;

use pullpolicy_core::manifest::ImageUse;
use pullpolicy_core::node::{Event, Outcome, Pulls, Step, Subject, decide};
use pullpolicy_core::view::{ImageUseView, NodeView};
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::ptr::Ptr;

#[derive(Properties, PartialEq)]
pub struct ContainersProps {
    pub analysis: Ptr<Analysis>,
    /// Selects the image of a row in the editor: (byte start, byte end, line).
    pub on_select: Callback<(usize, usize, u32)>,
    /// Rows opened to their timeline, by index (kept by the app across tab switches).
    pub open: UseStateHandle<BTreeSet<usize>>,
    #[prop_or_default]
    pub compact: bool,
}

#[function_component]
pub fn Containers(props: &ContainersProps) -> Html {
    let shown = super::use_rows();
    let images = &props.analysis.lint.report.images;
    if images.is_empty() {
        return html! {
            <p class="empty">
                { "No containers found. Paste a Pod, a workload (Deployment, StatefulSet, Job, \
                   CronJob...) or any object with a pod template." }
            </p>
        };
    }
    let rows = images
        .iter()
        .take(*shown)
        .enumerate()
        .map(|(index, image)| row(props, index, image));
    html! {
        <div class="table-wrap">
            <table class="containers">
                <caption class="sr-only">{ "Effective imagePullPolicy of each container" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Container" }</th>
                        <th scope="col">{ "Image" }</th>
                        <th scope="col">{ "Effective policy" }</th>
                        <th scope="col">{ "Why" }</th>
                        <th scope="col" title="Whether the kubelet pulls again when the container restarts">{ "Re-pulls on restart" }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            { super::more_rows(&shown, images.len(), "containers") }
        </div>
    }
}

/// One container's row, and its timeline when opened.
fn row(props: &ContainersProps, index: usize, image: &ImageUse) -> Html {
    let settings = &props.analysis.settings;
    let open = &props.open;
    let view = ImageUseView::from(image);
    let is_open = open.contains(&index);
    // The column needs one event; the whole view only for an opened row.
    let restart = Subject::of(image).map(|s| decide(&s, Event::ContainerRestart, settings));
    let node = is_open.then(|| NodeView::of(image, settings));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            let mut now = (*open).clone();
            if !now.remove(&index) {
                now.insert(index);
            }
            open.set(now);
        })
    };
    let reachable = restart.is_some();
    let (repulls, repulls_class, repulls_title) = repulls(restart);
    let timeline_id = format!("timeline-{index}");
    let span = image
        .image
        .as_ref()
        .map(|i| (i.span.start.offset, i.span.end.offset, i.span.start.line));
    let onclick = {
        let on_select = props.on_select.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(span) = span {
                on_select.emit(span);
            }
        })
    };
    let object = image.object.display();
    let container = format!(
        "{}{}",
        view.container.name.as_deref().unwrap_or("(unnamed)"),
        match view.container.kind {
            "container" => String::new(),
            kind => format!(" ({kind})"),
        }
    );
    let effective = view.pull_policy.effective.unwrap_or("none");
    let reference = &view.reference;
    let written = match &view.pull_policy.explicit {
        Some(policy) => format!("written: {policy}"),
        None => "not written".to_owned(),
    };
    html! {
        <>
        <tr class={classes!(is_open.then_some("open"))}>
            <td class="container">
                if !props.compact { <div class="object">{ object }</div> }
                <div>{ container }</div>
            </td>
            <td class="image">
                <button class="link" {onclick} title="Show in the editor">
                    <code>{ view.image.value.clone().unwrap_or_else(|| "(none)".into()) }</code>
                </button>
                if !props.compact {
                    if let Some(pulled) = &reference.pulled_as {
                        <div class="pulled">{ "pulls " }<code>{ pulled }</code></div>
                    }
                    if let Some(digest) = &reference.digest {
                        <div class="digest" title={digest.clone()}>{ "digest " }<code>{ short_digest(digest) }</code></div>
                    }
                }
            </td>
            <td class={classes!("effective", format!("policy-{}", effective.to_ascii_lowercase()))}>
                <strong>{ effective }</strong>
                <div class="written">{ written }</div>
            </td>
            <td class="why">{ view.pull_policy.reason.clone() }</td>
            <td class={classes!("repulls", format!("repulls-{repulls_class}"))} title={repulls_title}>
                { repulls }
                if reachable {
                    <button class="link expand" onclick={toggle}
                        aria-expanded={is_open.to_string()} aria-controls={timeline_id.clone()}
                        title="What the kubelet does at each event">
                        { if is_open { "▾ on the node" } else { "▸ on the node" } }
                    </button>
                }
            </td>
        </tr>
        if let Some(node) = node {
            <tr class="timeline-row" id={timeline_id}>
                <td colspan="5">{ timeline(&node, &settings.kubernetes_version.to_string()) }</td>
            </tr>
        }
        </>
    }
}

/// The "re-pulls on restart" cell: its text, its class and why.
fn repulls(restart: Option<Step>) -> (&'static str, &'static str, String) {
    match restart {
        Some(step) if step.outcome == Outcome::NotApplicable => ("–", "na", step.reason),
        Some(step) if step.pulls == Pulls::Yes => ("yes", "yes", step.reason),
        Some(step) if step.outcome == Outcome::Fails => ("fails", "fails", step.reason),
        Some(step) => ("no", "no", step.reason),
        None => (
            "–",
            "na",
            "the object is rejected: nothing reaches a node".to_owned(),
        ),
    }
}

/// What the kubelet does at each event, with the back-off schedule and what holds throughout.
fn timeline(node: &NodeView, version: &str) -> Html {
    let steps = node.on_node.iter().map(|step| {
        let outcome = step.outcome.replace(' ', "-").replace('/', "");
        html! {
            <tr class={classes!("step", format!("outcome-{outcome}"))} data-event={step.event}>
                <th scope="row">{ step.title }</th>
                <td class="pulls">{ step.pulls }</td>
                <td class="status">{ step.status.clone() }</td>
                <td class="reason">{ step.reason.clone() }</td>
            </tr>
        }
    });
    html! {
        <div class="timeline">
            <table>
                <caption>{ format!("On the node (Kubernetes {version})") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Event" }</th>
                        <th scope="col">{ "Pulls" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Why" }</th>
                    </tr>
                </thead>
                <tbody>{ for steps }</tbody>
            </table>
            if let Some(backoff) = node.backoff {
                <p class="backoff">
                    { format!(
                        "Back-off after a failed pull: {} s, then every {} s, per pod and image.",
                        backoff.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
                        backoff.last().copied().unwrap_or_default()
                    ) }
                </p>
            }
            { for node.node_notes.iter().map(|n| html! { <p class="node-note">{ n.clone() }</p> }) }
        </div>
    }
}

/// `sha256:25b5fd6a…` : enough to recognise, the full digest in the title.
fn short_digest(digest: &str) -> String {
    match digest.char_indices().nth(15) {
        Some((i, _)) => format!("{}…", &digest[..i]),
        None => digest.to_owned(),
    }
}
