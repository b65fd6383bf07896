//! Share links: the manifest and the settings, deflated and base64url-encoded into the URL
//! fragment (`#s=...`). A fragment never reaches any server, so a shared manifest stays between
//! the people who hold the link. The deflating is the browser's ([`crate::deflate`]), so making
//! and reading a link are async; what a link holds, and what is wrong with a damaged one, are
//! decided here, in code the native tests reach.

use pullpolicy_core::base64;
use pullpolicy_core::settings::Settings;
use serde_json::{Value, json};

use crate::deflate::{self, Inflate};

/// Longest link offered. Browsers take far longer URLs, but chat and mail clients cut or refuse
/// them somewhere above this; a link that arrives cut would restore nothing.
pub const MAX_LINK_CHARS: usize = 16_384;

/// Decompressed state larger than this is refused (a crafted link could inflate to gigabytes).
const MAX_STATE_BYTES: usize = 4 << 20;

/// What a link carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub text: String,
    pub settings: Settings,
}

/// A full link to `base` (the page's URL without its fragment), or why none is offered.
pub async fn link(base: &str, text: &str, settings: &Settings) -> Result<String, String> {
    let compressed = deflate::deflate(&state(text, settings))
        .await
        .ok_or("This browser cannot make share links (it has no CompressionStream).")?;
    within_limit(format!("{base}#s={}", base64::encode_url(&compressed)))
}

/// What a link carries, before deflating: JSON, versioned.
fn state(text: &str, settings: &Settings) -> Vec<u8> {
    json!({"v": 1, "text": text, "settings": settings.chosen()})
        .to_string()
        .into_bytes()
}

/// `link`, or why it is not offered.
fn within_limit(link: String) -> Result<String, String> {
    if link.len() > MAX_LINK_CHARS {
        return Err(format!(
            "This manifest is too large to share as a link ({} characters compressed, the limit \
             is {MAX_LINK_CHARS}). Download it and share the file instead.",
            link.len()
        ));
    }
    Ok(link)
}

/// The parts of a fragment (`#embed&s=...`), `&`-separated, without the `#`.
pub fn parts(fragment: &str) -> impl Iterator<Item = &str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty())
}

/// The state a fragment carries: `None` without an `s=` part; an error that says what is wrong
/// with a damaged one.
pub async fn decode(fragment: &str) -> Option<Result<Shared, String>> {
    let shared = match compressed(fragment)? {
        Ok(compressed) => deflate::inflate(&compressed, MAX_STATE_BYTES)
            .await
            .map_err(inflate_error)
            .and_then(|bytes| read_state(&bytes)),
        Err(e) => Err(e),
    };
    Some(shared.map_err(|e| format!("This share link is damaged: {e}.")))
}

/// The deflated state of a fragment's `s=` part, before the (async) inflating.
fn compressed(fragment: &str) -> Option<Result<Vec<u8>, String>> {
    let payload = parts(fragment).find_map(|p| p.strip_prefix("s="))?;
    Some(base64::decode_url(payload).ok_or_else(|| "it is not base64url".to_owned()))
}

fn inflate_error(error: Inflate) -> String {
    match error {
        Inflate::Damaged => "it does not inflate (cut short, or not deflate data)".to_owned(),
        Inflate::TooLarge => {
            format!("it inflates to more than {} MiB", MAX_STATE_BYTES >> 20)
        }
    }
}

/// The state in a link's inflated bytes.
fn read_state(bytes: &[u8]) -> Result<Shared, String> {
    let state: Value = serde_json::from_slice(bytes).map_err(|e| format!("bad JSON ({e})"))?;
    if state["v"] != 1 {
        return Err("it was made by another version of the playground".into());
    }
    let text = state["text"].as_str().ok_or("it carries no manifest")?;
    let settings = Settings::from_deserializer(state["settings"].clone())
        .map_err(|e| format!("its settings are invalid ({e})"))?;
    Ok(Shared {
        text: text.to_owned(),
        settings,
    })
}

#[cfg(test)]
mod tests {
    //! The deflating is the browser's: the browser tests (site/tests/playground.rs) make, open,
    //! cut and inflate-bomb real links. Here: what a link holds.
    use super::*;

    fn custom() -> Settings {
        serde_json::from_value(json!({"profile": "strict", "failOn": "warning"})).unwrap()
    }

    #[test]
    fn the_state_round_trips() {
        let text = "apiVersion: v1\nkind: Pod # é 😀\n";
        let shared = read_state(&state(text, &custom())).unwrap();
        assert_eq!(shared.text, text);
        assert_eq!(shared.settings, custom());
        assert_eq!(
            parts("#embed&s=abc").collect::<Vec<_>>(),
            ["embed", "s=abc"]
        );
        assert_eq!(compressed("#embed&s=AAEC"), Some(Ok(vec![0, 1, 2])));
        assert!(compressed("#embed").is_none());
    }

    #[test]
    fn long_links_are_refused_with_a_reason() {
        let error = within_limit("x".repeat(MAX_LINK_CHARS + 1)).unwrap_err();
        assert!(error.contains("too large to share"), "{error}");
        assert!(within_limit("x".repeat(MAX_LINK_CHARS)).is_ok());
    }

    #[test]
    fn damaged_states_say_what_is_wrong() {
        for (state, says) in [
            (
                json!({"v": 1, "text": "", "settings": {"failOn": "off"}}),
                "failOn",
            ),
            (json!({"v": 2, "text": ""}), "another version"),
            (json!({"v": 1, "settings": {}}), "no manifest"),
        ] {
            let error = read_state(state.to_string().as_bytes()).unwrap_err();
            assert!(error.contains(says), "{state}: {error}");
        }
        assert!(read_state(b"{").unwrap_err().contains("bad JSON"));
        assert!(
            compressed("s=***")
                .unwrap()
                .unwrap_err()
                .contains("not base64url")
        );
        assert!(inflate_error(Inflate::TooLarge).contains("more than 4 MiB"));
    }
}
