//! The Share and Embed dialogs: a link to this exact state, and the snippets that put the
//! playground into documentation pages.

use yew::prelude::*;

use crate::dom;
use crate::share::MAX_LINK_CHARS;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The link, or why there is none; `None` while it is being made.
    pub link: Option<Result<String, String>>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ShareDialog(props: &ShareProps) -> Html {
    let body = match &props.link {
        None => making(),
        Some(Ok(link)) => html! {
            <>
                <p>{ "The manifest and the settings are in the link itself, after the #: \
                      browsers never send that part to a server." }</p>
                <input id="share-link" type="text" readonly=true value={link.clone()} aria-label="Share link" />
                <div class="actions">
                    <button class="primary" onclick={copy(link.clone())}>{ "Copy link" }</button>
                </div>
                <small>{ format!("{} of at most {MAX_LINK_CHARS} characters.", link.len()) }</small>
            </>
        },
        Some(Err(why)) => html! { <p class="settings-error" role="alert">{ why }</p> },
    };
    dialog("share-dialog", "Share", body, &props.on_close)
}

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The page's address without query or fragment.
    pub base: String,
    /// The fragment for the current state, when it fits in a link; `None` while it is made.
    pub fragment: Option<Result<String, String>>,
    pub text: String,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn EmbedDialog(props: &EmbedProps) -> Html {
    let base = &props.base;
    let iframe = props.fragment.as_ref().map(|fragment| {
        fragment.as_ref().map(|fragment| format!(
            "<iframe src=\"{base}?embed#{fragment}\" title=\"pullpolicy: effective imagePullPolicy\" \
             width=\"100%\" height=\"420\" style=\"border:0\" loading=\"lazy\"></iframe>"
        ))
    });
    let script = format!(
        "<script src=\"{base}embed.js\" defer></script>\n<pre data-pullpolicy>\n{}</pre>",
        escape_html(&props.text)
    );
    let body = html! {
        <>
            <h3>{ "An iframe for this manifest" }</h3>
            { match iframe {
                None => making(),
                Some(Ok(iframe)) => snippet("embed-iframe", iframe),
                Some(Err(why)) => html! { <p class="settings-error">{ why }</p> },
            } }
            <p>{ "The frame posts its height to the page (message type pullpolicy:height); embed.js \
                  below resizes its frames for you." }</p>
            <h3>{ "Or mark up blocks in your docs" }</h3>
            <p>{ "Load embed.js once; every <pre data-pullpolicy> block becomes a live widget with \
                  the block's text as its manifest." }</p>
            { snippet("embed-script", script) }
        </>
    };
    dialog("embed-dialog", "Embed", body, &props.on_close)
}

/// While the browser deflates the link (a few milliseconds).
fn making() -> Html {
    html! { <p class="making" aria-busy="true">{ "Making the link…" }</p> }
}

fn snippet(id: &'static str, text: String) -> Html {
    html! {
        <div class="snippet">
            <pre id={id}>{ text.clone() }</pre>
            <button onclick={copy(text)}>{ "Copy" }</button>
        </div>
    }
}

fn copy(text: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        dom::copy(&text);
    })
}

fn dialog(id: &'static str, title: &'static str, body: Html, on_close: &Callback<()>) -> Html {
    let close = on_close.reform(|_: MouseEvent| ());
    let onkeydown = on_close.reform(|_: KeyboardEvent| ());
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            onkeydown.emit(e);
        }
    });
    html! {
        <div class="dialog-backdrop">
            <section class="dialog" id={id} role="dialog" aria-modal="true" aria-labelledby={format!("{id}-title")} {onkeydown}>
                <header>
                    <h2 id={format!("{id}-title")}>{ title }</h2>
                    <button class="close" onclick={close} aria-label="Close" autofocus=true>{ "×" }</button>
                </header>
                { body }
            </section>
        </div>
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn manifests_are_escaped_for_html() {
        assert_eq!(super::escape_html("a: <b> & c"), "a: &lt;b&gt; &amp; c");
    }
}
