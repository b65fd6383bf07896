//! Colours for text output. anstream drops them when stdout is not a terminal or NO_COLOR is
//! set, so the same code prints plain text into pipes and CI logs.

use anstyle::{AnsiColor, Style};
use pullpolicy_core::policy::PullPolicy;

pub const HEADER: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const PATH: Style = Style::new().bold().underline();

pub fn policy(policy: Option<PullPolicy>) -> Style {
    match policy {
        Some(PullPolicy::Always) => AnsiColor::Yellow.on_default(),
        Some(PullPolicy::IfNotPresent) => AnsiColor::Green.on_default(),
        Some(PullPolicy::Never) => AnsiColor::Cyan.on_default(),
        None => ERROR,
    }
}

/// `text` wrapped in `style`, padded to `width` characters outside the escapes.
pub fn paint(style: Style, text: &str, width: usize) -> String {
    let pad = width.saturating_sub(text.chars().count());
    format!("{style}{text}{style:#}{}", " ".repeat(pad))
}
