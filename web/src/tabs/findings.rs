//! The Findings tab: severity, rule, message, where. Clicking a finding selects its range in
//! the editor; the rule id opens its explanation.

use pullpolicy_core::counts::Counts;
use pullpolicy_core::rules::RuleId;
use yew::prelude::*;

use crate::ptr::Ptr;
use crate::view::{Analysis, Place};

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub analysis: Ptr<Analysis>,
    pub on_select: Callback<(usize, usize, u32)>,
    pub on_rule: Callback<RuleId>,
    /// Asks for a page more of rows.
    pub on_more: Callback<()>,
}

/// The tab's label counts, as (class, count, letter, what): `E 2`, `W 1`, `S 1`.
pub fn label_counts(counts: Counts) -> Vec<(&'static str, usize, &'static str, &'static str)> {
    [
        ("error", counts.error, "E", "error"),
        ("warning", counts.warning, "W", "warning"),
        ("info", counts.info, "i", "info"),
        ("syntax", counts.syntax, "S", "syntax error"),
    ]
    .into_iter()
    .filter(|&(_, n, _, _)| n > 0)
    .collect()
}

#[function_component]
pub fn Findings(props: &FindingsProps) -> Html {
    let results = &props.analysis.results;
    if results.ask.findings == 0 {
        // Not asked for yet (the tab just opened, or no analysis yet): on their way.
        return html! { <p class="empty">{ "Listing…" }</p> };
    }
    if results.findings.is_empty() {
        return html! { <p class="empty ok">{ "No findings: every pull policy here says what it means." }</p> };
    }
    let rows = results.findings.iter().map(|f| {
        let onclick = select(&props.on_select, f.at);
        let class = f.class.clone();
        let Some(rule) = &f.rule else {
            // A syntax error.
            return html! {
                <li class="finding error">
                    <button class="finding-main" {onclick}>
                        <span class="severity error">{ "error" }</span>
                        <span class="rule">{ "syntax" }</span>
                        <span class="message">{ &f.message }</span>
                        <span class="where">{ &f.place }</span>
                    </button>
                </li>
            };
        };
        let on_rule =
            RuleId::parse(rule).map(|rule| props.on_rule.reform(move |_: MouseEvent| rule));
        html! {
            <li class={classes!("finding", class.clone())}>
                <button class="finding-main" {onclick} title="Select in the editor">
                    <span class={classes!("severity", class)}>{ &f.class }</span>
                    <span class="message">{ &f.message }</span>
                    <span class="where">{ &f.place }</span>
                </button>
                <button class="rule link" onclick={on_rule} title="What this rule checks, and why">
                    { rule }
                </button>
                if let Some(note) = &f.note { <p class="note">{ note }</p> }
                if let Some(help) = &f.help { <p class="help">{ "help: " }{ help }</p> }
                if let Some(fix) = &f.fix { <p class="fixable">{ "fix: " }{ fix }</p> }
            </li>
        }
    });
    let drawn = results.findings.len().saturating_sub(results.counts.syntax);
    html! {
        <>
            <ol class="findings">{ for rows }</ol>
            { super::more_rows(drawn, results.findings_total, "findings", &props.on_more) }
        </>
    }
}

fn select(on_select: &Callback<(usize, usize, u32)>, at: Place) -> Callback<MouseEvent> {
    on_select.reform(move |_| (at.start, at.end, at.line))
}

/// Used by the live region: `3 containers, 2 findings (1 error), 1 syntax error`.
pub fn summary(analysis: &Analysis) -> String {
    let containers = analysis.results.containers;
    let Counts {
        error: errors,
        warning: warnings,
        info: infos,
        syntax,
        ..
    } = analysis.results.counts;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut parts = vec![plural(containers, "container")];
    let findings = errors + warnings + infos;
    if findings == 0 {
        parts.push("no findings".into());
    } else {
        let by: Vec<String> = [(errors, "error"), (warnings, "warning"), (infos, "info")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| plural(n, w))
            .collect();
        parts.push(format!(
            "{} ({})",
            plural(findings, "finding"),
            by.join(", ")
        ));
    }
    if syntax > 0 {
        parts.push(plural(syntax, "syntax error"));
    }
    parts.join(", ")
}
