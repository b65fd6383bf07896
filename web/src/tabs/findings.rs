//! The Findings tab: severity, rule, message, where. Clicking a finding selects its range in
//! the editor; the rule id opens its explanation.

use pullpolicy_core::counts::Counts;
use pullpolicy_core::rules::RuleId;
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::ptr::Ptr;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub analysis: Ptr<Analysis>,
    pub on_select: Callback<(usize, usize, u32)>,
    pub on_rule: Callback<RuleId>,
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
    let shown = super::use_rows();
    let lint = &props.analysis.lint;
    let errors = lint.report.errors.iter().map(|e| {
        let onclick = select(&props.on_select, e.pos.offset, e.pos.offset, e.pos.line);
        html! {
            <li class="finding error">
                <button class="finding-main" {onclick}>
                    <span class="severity error">{ "error" }</span>
                    <span class="rule">{ "syntax" }</span>
                    <span class="message">{ e.kind.to_string() }</span>
                    <span class="where">{ format!("{}:{}", e.pos.line, e.pos.column) }</span>
                </button>
            </li>
        }
    });
    let findings = lint.findings.iter().take(*shown).map(|f| {
        let severity = if f.suppressed.is_some() {
            "suppressed"
        } else {
            f.severity.as_str()
        };
        let onclick = select(
            &props.on_select,
            f.span.start.offset,
            f.span.end.offset,
            f.span.start.line,
        );
        let rule = f.rule;
        let on_rule = props.on_rule.reform(move |_: MouseEvent| rule);
        html! {
            <li class={classes!("finding", severity)}>
                <button class="finding-main" {onclick} title="Select in the editor">
                    <span class={classes!("severity", severity)}>{ severity }</span>
                    <span class="message">{ &f.message }</span>
                    <span class="where">
                        { format!("{}:{} · {}", f.span.start.line, f.span.start.column, f.object.display()) }
                    </span>
                </button>
                <button class="rule link" onclick={on_rule} title="What this rule checks, and why">
                    { rule.as_str() }
                </button>
                if let Some(note) = &f.note { <p class="note">{ note }</p> }
                if let Some(help) = &f.help { <p class="help">{ "help: " }{ help }</p> }
                if let Some(fix) = f.fixes.first() {
                    <p class="fixable">{ "fix: " }{ &fix.title }</p>
                }
            </li>
        }
    });
    if lint.findings.is_empty() && lint.report.errors.is_empty() {
        return html! { <p class="empty ok">{ "No findings: every pull policy here says what it means." }</p> };
    }
    html! {
        <>
            <ol class="findings">{ for errors }{ for findings }</ol>
            { super::more_rows(&shown, lint.findings.len(), "findings") }
        </>
    }
}

fn select(
    on_select: &Callback<(usize, usize, u32)>,
    start: usize,
    end: usize,
    line: u32,
) -> Callback<MouseEvent> {
    on_select.reform(move |_| (start, end, line))
}

/// Used by the live region: `3 containers, 2 findings (1 error), 1 syntax error`.
pub fn summary(analysis: &Analysis) -> String {
    let containers = analysis.lint.report.images.len();
    let Counts {
        error: errors,
        warning: warnings,
        info: infos,
        syntax,
        ..
    } = analysis.counts;
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
