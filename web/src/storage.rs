//! The draft and the theme, kept in this browser's localStorage (and nowhere else).

use gloo::storage::{LocalStorage, Storage};
use pullpolicy_core::settings::Settings;
use serde_json::{Value, json};

use crate::state::Theme;

const DRAFT: &str = "pullpolicy:draft";
const THEME: &str = "pullpolicy:theme";

/// The saved manifest and settings; `None` when there is none or it no longer reads.
pub fn load_draft() -> Option<(String, Settings)> {
    let saved: Value = LocalStorage::get(DRAFT).ok()?;
    let text = saved["text"].as_str()?.to_owned();
    let settings = Settings::from_deserializer(saved["settings"].clone()).ok()?;
    Some((text, settings))
}

/// Saves the draft; a full storage (5 MB quota) is ignored: the page goes on working.
pub fn save_draft(text: &str, settings: &Settings) {
    let _ = LocalStorage::set(DRAFT, json!({"text": text, "settings": settings.chosen()}));
}

pub fn load_theme() -> Theme {
    LocalStorage::get::<String>(THEME).map_or(Theme::System, |t| Theme::parse(&t))
}

pub fn save_theme(theme: Theme) {
    let _ = LocalStorage::set(THEME, theme.as_str());
}
