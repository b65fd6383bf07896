//! Colours for text output. anstream drops them when stdout is not a terminal or NO_COLOR is
//! set, so the same code prints plain text into pipes and CI logs.

pub use anstyle::{AnsiColor, Style};
use pullpolicy_core::policy::PullPolicy;

pub const HEADER: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const PATH: Style = Style::new().bold().underline();
pub const NOTE: Style = AnsiColor::Cyan.on_default().bold();

pub fn policy(policy: Option<PullPolicy>) -> Style {
    match policy {
        Some(PullPolicy::Always) => AnsiColor::Yellow.on_default(),
        Some(PullPolicy::IfNotPresent) => AnsiColor::Green.on_default(),
        Some(PullPolicy::Never) => AnsiColor::Cyan.on_default(),
        None => ERROR,
    }
}

/// `text` wrapped in `style`, padded to `width` characters outside the escapes. Control
/// characters from the input are shown escaped, so a manifest cannot drive the terminal.
pub fn paint(style: Style, text: &str, width: usize) -> String {
    let text = clean(text);
    let pad = width.saturating_sub(text.chars().count());
    format!("{style}{text}{style:#}{}", " ".repeat(pad))
}

/// Text from a manifest, with control characters (escape sequences, carriage returns, line
/// breaks that would forge rows) shown as escapes.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// The colour of an "on the node" outcome.
pub fn status(outcome: &str) -> Style {
    match outcome {
        "runs" => AnsiColor::Green.on_default(),
        "backs off" | "depends on node" => AnsiColor::Yellow.on_default(),
        "fails" => ERROR,
        _ => DIM,
    }
}

pub fn severity(severity: pullpolicy_core::severity::Severity) -> Style {
    use pullpolicy_core::severity::Severity;
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info | Severity::Off => AnsiColor::Cyan.on_default().bold(),
    }
}
