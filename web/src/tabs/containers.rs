//! The Containers tab: one row per container, init container, ephemeral container and image
//! volume, with the policy as written, the effective one, and why.

use pullpolicy_core::view::ImageUseView;
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::ptr::Ptr;

#[derive(Properties, PartialEq)]
pub struct ContainersProps {
    pub analysis: Ptr<Analysis>,
    /// Selects the image of a row in the editor: (byte start, byte end, line).
    pub on_select: Callback<(usize, usize, u32)>,
    #[prop_or_default]
    pub compact: bool,
}

#[function_component]
pub fn Containers(props: &ContainersProps) -> Html {
    let images = &props.analysis.lint.report.images;
    if images.is_empty() {
        return html! {
            <p class="empty">
                { "No containers found. Paste a Pod, a workload (Deployment, StatefulSet, Job, \
                   CronJob...) or any object with a pod template." }
            </p>
        };
    }
    let rows = images.iter().take(super::MAX_ROWS).map(|image| {
        let view = ImageUseView::from(image);
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
            <tr>
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
            </tr>
        }
    });
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
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            { super::more_rows(images.len(), "containers") }
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
