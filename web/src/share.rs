//! Share links: the manifest and the settings, deflated and base64url-encoded into the URL
//! fragment (`#s=...`). A fragment never reaches any server, so a shared manifest stays between
//! the people who hold the link.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use pullpolicy_core::base64;
use pullpolicy_core::settings::Settings;
use serde_json::{Value, json};

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

/// The fragment part (`s=...`) for this state.
pub fn encode(text: &str, settings: &Settings) -> String {
    let state = json!({"v": 1, "text": text, "settings": settings.chosen()});
    let compressed = compress_to_vec(state.to_string().as_bytes(), 9);
    format!("s={}", base64::encode_url(&compressed))
}

/// A full link to `base` (the page's URL without its fragment), or why none is offered.
pub fn link(base: &str, text: &str, settings: &Settings) -> Result<String, String> {
    let link = format!("{base}#{}", encode(text, settings));
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
pub fn decode(fragment: &str) -> Option<Result<Shared, String>> {
    let payload = parts(fragment).find_map(|p| p.strip_prefix("s="))?;
    Some(decode_payload(payload).map_err(|e| format!("This share link is damaged: {e}.")))
}

fn decode_payload(payload: &str) -> Result<Shared, String> {
    let compressed = base64::decode_url(payload).ok_or("it is not base64url")?;
    let bytes = decompress_to_vec_with_limit(&compressed, MAX_STATE_BYTES)
        .map_err(|_| "it does not inflate (cut short, or too large)")?;
    let state: Value = serde_json::from_slice(&bytes).map_err(|e| format!("bad JSON ({e})"))?;
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
    use super::*;

    fn custom() -> Settings {
        serde_json::from_value(json!({"profile": "strict", "failOn": "warning"})).unwrap()
    }

    #[test]
    fn links_round_trip() {
        let text = "apiVersion: v1\nkind: Pod # é 😀\n";
        let link = link("http://127.0.0.1:8080/", text, &custom()).unwrap();
        let fragment = link.split_once('#').unwrap().1;
        let shared = decode(fragment).unwrap().unwrap();
        assert_eq!(shared.text, text);
        assert_eq!(shared.settings, custom());
        let embedded = format!("#embed&{fragment}");
        assert_eq!(decode(&embedded).unwrap().unwrap().text, text);
        assert!(decode("#embed").is_none());
    }

    #[test]
    fn long_manifests_are_refused_with_a_reason() {
        // Incompressible: every line different.
        let text: String = (0..4000u32)
            .map(|i| format!("k{i}: {:x}\n", i.wrapping_mul(2654435761)))
            .collect();
        let error = link("http://x/", &text, &Settings::default()).unwrap_err();
        assert!(error.contains("too large to share"), "{error}");
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let good = encode("a: b\n", &Settings::default());
        let cut = &good[..good.len() - 4];
        for (fragment, says) in [
            ("s=***", "not base64url"),
            (cut, "does not inflate"),
            ("s=", "does not inflate"),
        ] {
            let error = decode(fragment).unwrap().unwrap_err();
            assert!(error.contains(says), "{fragment}: {error}");
        }
        let bomb = base64::encode_url(&compress_to_vec(&vec![b' '; 64 << 20], 9));
        let error = decode(&format!("s={bomb}")).unwrap().unwrap_err();
        assert!(error.contains("does not inflate"), "{error}");
        let bad_settings = json!({"v": 1, "text": "", "settings": {"failOn": "off"}});
        let payload = base64::encode_url(&compress_to_vec(bad_settings.to_string().as_bytes(), 9));
        let error = decode(&format!("s={payload}")).unwrap().unwrap_err();
        assert!(error.contains("failOn"), "{error}");
    }
}
