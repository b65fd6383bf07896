//! pullpolicy-web: the browser playground. Everything it shows comes from pullpolicy-core,
//! compiled into this module; the page makes no request but for its own files. The module runs
//! twice: as the page (the Yew app) and as its analysis worker (`worker.rs`), one download.

mod analysis;
mod analyst;
mod app;
mod deflate;
mod dialogs;
mod dom;
mod editor;
mod examples;
mod highlight;
mod hooks;
mod protocol;
mod ptr;
mod share;
mod state;
mod storage;
mod tabs;
mod textarea;
mod view;
mod window;
mod wire;
mod worker;

fn main() {
    if worker::is_worker() {
        worker::start();
        return;
    }
    // A panic logs its message (console_error_panic_hook) and says so on the page; what is on
    // screen stays, the last good result included.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let document = gloo::utils::document();
        if let Ok(banner) = document.create_element("div") {
            banner.set_class_name("crash");
            banner.set_attribute("role", "alert").ok();
            banner.set_text_content(Some(
                "pullpolicy stopped on an internal error (details in the browser console). \
                 The results shown are the last good ones; reload the page to continue.",
            ));
            if let Some(body) = document.body() {
                let _ = body.append_child(&banner);
            }
        }
    }));
    // A share link is read before the first render (the browser inflates it, asynchronously), so
    // the app starts with the link's state and never shows, analyses or autosaves another first.
    wasm_bindgen_futures::spawn_local(async {
        let hash = dom::window().location().hash().unwrap_or_default();
        let shared = share::decode(&hash).await;
        yew::Renderer::<app::App>::with_props(app::AppProps { shared }).render();
    });
}
