//! The app's hooks that wait on the browser.

use std::cell::Cell;
use std::rc::Rc;

use pullpolicy_core::settings::Settings;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::share;

/// The share link to `base` for this text and settings while `wanted`: `None` until it is made
/// (the browser deflates it asynchronously) and while not wanted. A link made for an older text
/// is dropped when it arrives.
#[hook]
pub fn use_link(
    base: String,
    text: Rc<str>,
    settings: Rc<Settings>,
    wanted: bool,
) -> Option<Result<String, String>> {
    let link = use_state_eq(|| None);
    {
        let link = link.clone();
        use_effect_with((text, settings, wanted), move |(text, settings, wanted)| {
            let current = Rc::new(Cell::new(true));
            if *wanted {
                let (text, settings, current) = (text.clone(), settings.clone(), current.clone());
                spawn_local(async move {
                    let made = share::link(&base, &text, &settings).await;
                    if current.get() {
                        link.set(Some(made));
                    }
                });
            } else {
                link.set(None);
            }
            move || current.set(false)
        });
    }
    (*link).clone()
}
