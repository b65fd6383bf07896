//! `pullpolicy rules`: the registry, as a table, JSON, or the Markdown of docs/rules.md.

use std::io::Write;

use pullpolicy_core::rules::{RuleId, docs};
use pullpolicy_core::view::RuleView;

use crate::RulesFormat;
use crate::style::{self, paint};

pub fn run(format: RulesFormat) -> u8 {
    let out = match format {
        RulesFormat::Markdown => docs::markdown(),
        RulesFormat::Json => {
            let rules: Vec<RuleView> = RuleId::ALL.iter().map(|id| id.rule().into()).collect();
            serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
        }
        RulesFormat::Text => text(),
    };
    match write!(anstream::stdout(), "{out}") {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

fn text() -> String {
    let width = RuleId::ALL
        .iter()
        .map(|id| id.as_str().len())
        .max()
        .unwrap_or(0);
    let heading = format!(
        "{:<width$}  {:<8} {:<8} {:<8} {:<7} SUMMARY",
        "RULE", "DEV", "PROD", "STRICT", "FIX"
    );
    let mut out = format!("{}\n", paint(style::HEADER, &heading, 0));
    for &id in RuleId::ALL {
        let rule = id.rule();
        let [dev, prod, strict] = rule.severity.each().map(|s| s.as_str());
        let configured = match rule.configured_by {
            Some(setting) => format!(" (runs when {setting} is set)"),
            None => String::new(),
        };
        out.push_str(&format!(
            "{}  {dev:<8} {prod:<8} {strict:<8} {:<7} {}{configured}\n",
            paint(style::PATH, id.as_str(), width),
            rule.fix.short(),
            rule.summary
        ));
    }
    out.push_str("\nDetails: docs/rules.md, or pullpolicy rules --format markdown\n");
    out
}
