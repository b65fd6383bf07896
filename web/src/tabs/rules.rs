//! The Rules tab: the rule registry (the same text as docs/rules.md), so a finding's rule id
//! opens its explanation without leaving the page.

use pullpolicy_core::rules::RuleId;
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
                <p class="meta">
                    { format!("Severity: dev {dev}, prod {prod}, strict {strict}; here {}.", props.settings.severity(id)) }
                    if let Some(by) = rule.configured_by { { format!(" Configured by {by}.") } }
                    { format!(" Fix: {}.", rule.fix.as_str()) }
                </p>
                <div class="explanation">{ rule.explanation }</div>
            </article>
        }
    });
    html! { <div class="rules">{ for rules }</div> }
}

fn anchor(id: RuleId) -> String {
    format!("rule-{}", id.as_str())
}
