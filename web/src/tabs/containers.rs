//! The Containers tab: one row per container, init container, ephemeral container and image
//! volume, with the policy as written, the effective one, why, and whether a restart pulls
//! again; a row opens to what the kubelet does at each event (core's node view, built by the
//! worker for the opened rows only).

use yew::prelude::*;

use crate::ptr::Ptr;
use crate::view::{Analysis, ContainerRow, Timeline};

#[derive(Properties, PartialEq)]
pub struct ContainersProps {
    pub analysis: Ptr<Analysis>,
    /// Selects the image of a row in the editor: (byte start, byte end, line).
    pub on_select: Callback<(usize, usize, u32)>,
    /// Opens or closes a row's timeline, by index.
    pub on_toggle: Callback<usize>,
    /// Asks for a page more of rows.
    pub on_more: Callback<()>,
    #[prop_or_default]
    pub compact: bool,
}

#[function_component]
pub fn Containers(props: &ContainersProps) -> Html {
    let results = &props.analysis.results;
    if results.ask.containers == 0 {
        // Not asked for yet (the tab just opened, or no analysis yet): on their way.
        return html! { <p class="empty">{ "Listing…" }</p> };
    }
    if results.rows.is_empty() {
        return html! {
            <p class="empty">
                { "No containers found. Paste a Pod, a workload (Deployment, StatefulSet, Job, \
                   CronJob...) or any object with a pod template." }
            </p>
        };
    }
    let rows = results
        .rows
        .iter()
        .enumerate()
        .map(|(index, r)| row(props, index, r));
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
            { super::more_rows(results.rows.len(), results.containers, "containers", &props.on_more) }
        </div>
    }
}

/// One container's row, and its timeline when opened.
fn row(props: &ContainersProps, index: usize, r: &ContainerRow) -> Html {
    let is_open = r.timeline.is_some();
    let toggle = props.on_toggle.reform(move |_: MouseEvent| index);
    let timeline_id = format!("timeline-{index}");
    let onclick = {
        let (on_select, at) = (props.on_select.clone(), r.at);
        Callback::from(move |_: MouseEvent| {
            if let Some(at) = at {
                on_select.emit((at.start, at.end, at.line));
            }
        })
    };
    let effective = &r.effective;
    html! {
        <>
        <tr class={classes!(is_open.then_some("open"))}>
            <td class="container">
                if !props.compact { <div class="object">{ &r.object }</div> }
                <div>{ &r.container }</div>
            </td>
            <td class="image">
                <button class="link" {onclick} title="Show in the editor">
                    <code>{ &r.image }</code>
                </button>
                if !props.compact {
                    if let Some(pulled) = &r.pulled {
                        <div class="pulled">{ "pulls " }<code>{ pulled }</code></div>
                    }
                    if let Some(digest) = &r.digest {
                        <div class="digest" title={digest.clone()}>{ "digest " }<code>{ short_digest(digest) }</code></div>
                    }
                }
            </td>
            <td class={classes!("effective", format!("policy-{}", effective.to_ascii_lowercase()))}>
                <strong>{ effective }</strong>
                <div class="written">{ &r.written }</div>
            </td>
            <td class="why">{ &r.reason }</td>
            <td class={classes!("repulls", format!("repulls-{}", r.repulls_class))} title={r.repulls_title.clone()}>
                { &r.repulls }
                if r.reachable {
                    <button class="link expand" onclick={toggle}
                        aria-expanded={is_open.to_string()} aria-controls={timeline_id.clone()}
                        title="What the kubelet does at each event">
                        { if is_open { "▾ on the node" } else { "▸ on the node" } }
                    </button>
                }
            </td>
        </tr>
        if let Some(node) = &r.timeline {
            <tr class="timeline-row" id={timeline_id}>
                <td colspan="5">{ timeline(node, &props.analysis.settings.kubernetes_version.to_string()) }</td>
            </tr>
        }
        </>
    }
}

/// What the kubelet does at each event, with the back-off schedule and what holds throughout.
fn timeline(node: &Timeline, version: &str) -> Html {
    let steps = node.steps.iter().map(|step| {
        html! {
            <tr class={classes!("step", format!("outcome-{}", step.outcome))} data-event={step.event.clone()}>
                <th scope="row">{ &step.title }</th>
                <td class="pulls">{ &step.pulls }</td>
                <td class="status">{ &step.status }</td>
                <td class="reason">{ &step.reason }</td>
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
            if let Some(backoff) = &node.backoff {
                <p class="backoff">{ backoff }</p>
            }
            { for node.notes.iter().map(|n| html! { <p class="node-note">{ n }</p> }) }
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
