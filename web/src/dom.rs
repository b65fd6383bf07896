//! The few browser calls the app makes, in one place: clock and performance marks, downloads,
//! the clipboard, text offsets in UTF-16, messages to an embedding page.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

pub fn window() -> web_sys::Window {
    gloo::utils::window()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // The global `performance`: the page's and the worker's alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
    #[wasm_bindgen(js_namespace = performance, js_name = mark, catch)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = performance, js_name = measure, catch)]
    fn performance_measure(name: &str, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// Milliseconds since this page or worker started (0 outside a browser, e.g. in native tests).
pub fn now() -> f64 {
    if cfg!(target_arch = "wasm32") {
        performance_now()
    } else {
        0.0
    }
}

/// A performance mark, read by the benchmark (`pullpolicy:first-result`...).
pub fn mark(name: &str) {
    let _ = performance_mark(name);
}

/// A performance measure from `start` (a mark made with [`mark`], or a time) to `end`.
pub fn measure(name: &str, start: impl Into<JsValue>, end: impl Into<JsValue>) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &end.into());
    let _ = performance_measure(name, &options);
}

/// Offers `text` as a file download; nothing is uploaded (a `blob:` URL of this page).
pub fn download(name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = Url::revoke_object_url(&url);
}

/// Copies `text` to the clipboard; `false` when the browser refuses at once.
pub fn copy(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(text);
    true
}

/// The UTF-16 index of a byte offset of `text`: textareas count UTF-16 code units.
pub fn utf16_index(text: &str, byte: usize) -> u32 {
    let byte = floor_char_boundary(text, byte);
    let units = text[..byte].encode_utf16().count();
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// The byte offset of a UTF-16 index of `text`.
pub fn byte_index(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units >= utf16 as usize {
            return byte;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// Sends a message to the page that embeds this one in an iframe (no-op at the top level).
pub fn post_to_parent(message: &JsValue) {
    let window = window();
    if let Ok(Some(parent)) = window.parent()
        && JsValue::from(parent.clone()) != JsValue::from(window)
    {
        let _ = parent.post_message(message, "*");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_byte_indexes_agree() {
        let text = "a: é\nb: 😀 x\n";
        for (byte, _) in text.char_indices() {
            assert_eq!(byte_index(text, utf16_index(text, byte)), byte);
        }
        assert_eq!(utf16_index(text, text.find('x').unwrap()), 11);
        // Inside a character: the character's start.
        assert_eq!(utf16_index(text, 5), 4);
    }
}
