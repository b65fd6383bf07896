//! The Rules tab: the rule registry under the headings of docs/rules.md, so a finding's rule id
//! opens its explanation without leaving the page.

use pullpolicy_core::rules::{RuleId, docs};
use pullpolicy_core::settings::Settings;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulesProps {
    pub settings: std::rc::Rc<Settings>,
    /// The rule to scroll to.
    pub focus: Option<RuleId>,
}

#[function_component]
pub fn Rules(props: &RulesProps) -> Html {
    use_effect_with(props.focus, |focus| {
        if let Some(rule) = focus
            && let Some(element) = gloo::utils::document().get_element_by_id(&anchor(*rule))
        {
            element.scroll_into_view();
        }
    });
    let rules = RuleId::ALL.iter().map(|&id| {
        let rule = id.rule();
        let [dev, prod, strict] = rule.severity.each();
        let focused = props.focus == Some(id);
        html! {
            <article id={anchor(id)} class={classes!("rule-doc", focused.then_some("focused"))}>
                <h3><code>{ id.as_str() }</code></h3>
                <p class="summary">{ rule.summary }</p>
                <h4>{ "Why" }</h4>
                <p class="why">{ markdown(rule.why) }</p>
                <h4>{ "What the cluster does" }</h4>
                <p class="cluster">{ markdown(rule.cluster) }</p>
                <h4>{ "Fix safety" }</h4>
                <p class="fix">{ markdown(&docs::fix_safety(rule)) }</p>
                <h4>{ "Severity and settings" }</h4>
                <p class="meta">
                    { format!("Severity: dev {dev}, prod {prod}, strict {strict}; here {}.", props.settings.severity(id)) }
                    if let Some(condition) = docs::runs_only_when(rule) { { " " }{ markdown(&condition) }{ "." } }
                </p>
            </article>
        }
    });
    html! { <div class="rules">{ for rules }</div> }
}

/// The registry's Markdown has only inline code: `` `x` `` becomes `<code>x</code>`.
fn markdown(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => html! { { part } },
            _ => html! { <code>{ part }</code> },
        })
        .collect()
}

fn anchor(id: RuleId) -> String {
    format!("rule-{}", id.as_str())
}
