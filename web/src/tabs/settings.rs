//! The Settings tab: the one Settings struct (core/src/settings.rs) as a form, checked by core as it is typed
//! (an invalid value names its key and keeps the last valid settings in force), and exported as
//! a Kubewarden `ClusterAdmissionPolicy` and as `.pullpolicy.yaml`.

use std::rc::Rc;

use pullpolicy_core::rules::RuleId;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::severity::Severity;
use serde_json::{Map, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::dom;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub settings: Rc<Settings>,
    pub on_change: Callback<Settings>,
}

/// Fields edited as one entry per line.
const LISTS: [(&str, &str, &str); 9] = [
    (
        "allowedRegistries",
        "Allowed registries",
        "Empty: any registry. One per line: ghcr.io/acme, registry.k8s.io, *.acme.com",
    ),
    (
        "rejectedRegistries",
        "Rejected registries",
        "No image may come from these, even if allowed above: docker.io/untrusted",
    ),
    (
        "allowedImages",
        "Allowed images",
        "Empty: any image. A repository (nginx: any tag), a tag (nginx:1.27), a digest, or a glob (ghcr.io/acme/*).",
    ),
    (
        "rejectedImages",
        "Rejected images",
        "Images no container may run, written as allowed images are.",
    ),
    (
        "rejectedTags",
        "Rejected tags",
        "Tags or globs, with case: latest (also untagged images), *-rc*.",
    ),
    (
        "privateRegistries",
        "Private registries",
        "Images from these need imagePullSecrets (missing-pull-secret).",
    ),
    (
        "publicRegistries",
        "Public registries",
        "Empty: the built-in list (docker.io, ghcr.io, quay.io...). Set: every other registry needs imagePullSecrets.",
    ),
    (
        "digestExemptions",
        "Digest exemptions",
        "Registries or repositories exempt from digest-not-pinned.",
    ),
    (
        "floatingTags",
        "Floating tags",
        "Tag globs that move (floating-tag). Empty: the defaults (latest, stable, main, *-SNAPSHOT...).",
    ),
];

#[derive(Clone, PartialEq)]
struct Draft {
    /// Every key but the lists, as JSON.
    values: Map<String, Value>,
    /// The lists as typed.
    lists: Vec<String>,
}

impl Draft {
    fn of(settings: &Settings) -> Draft {
        let mut values = settings.chosen();
        let lists = LISTS
            .iter()
            .map(|(key, _, _)| {
                let list = values.remove(*key);
                let items = list.as_ref().and_then(Value::as_array);
                items
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default()
            })
            .collect();
        Draft { values, lists }
    }

    fn settings(&self) -> Result<Settings, String> {
        let mut values = self.values.clone();
        for ((key, _, _), text) in LISTS.iter().zip(&self.lists) {
            let items: Vec<Value> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Value::String(l.to_owned()))
                .collect();
            if !items.is_empty() {
                values.insert((*key).to_owned(), Value::Array(items));
            }
        }
        Settings::from_deserializer(Value::Object(values)).map_err(|e| e.to_string())
    }
}

#[function_component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let draft = use_state(|| Draft::of(&props.settings));
    let error = use_state(|| None::<String>);
    let emitted = use_mut_ref(|| None::<Settings>);
    {
        // Settings from elsewhere (a share link): show them, unless they are our own.
        let draft = draft.clone();
        let error = error.clone();
        let emitted = emitted.clone();
        use_effect_with(props.settings.clone(), move |settings| {
            if emitted.borrow().as_ref() != Some(&**settings) {
                draft.set(Draft::of(settings));
                error.set(None);
            }
        });
    }
    let update = {
        let draft = draft.clone();
        let error = error.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |next: Draft| {
            match next.settings() {
                Ok(settings) => {
                    *emitted.borrow_mut() = Some(settings.clone());
                    on_change.emit(settings);
                    error.set(None);
                }
                Err(message) => error.set(Some(message)),
            }
            draft.set(next);
        })
    };
    let form = Form { draft, update };
    let rules = rule_table(&form.draft, &props.settings, form.set_value("rules"));
    let policy_yaml = props.settings.to_cluster_admission_policy();
    let config_yaml = props.settings.to_config_yaml();
    let reset = form
        .update
        .reform(|_: MouseEvent| Draft::of(&Settings::default()));
    html! {
        <div class="settings">
            if let Some(message) = &*error {
                <p class="settings-error" role="alert">{ "Not applied: " }{ message }</p>
            }
            <div class="fields">
                { form.select("profile", &["dev", "prod", "strict"], "Profile", "Preset severities: dev is lenient, strict flags every floating tag.") }
                { form.select("failOn", &["info", "warning", "error"], "Fail on", "The CLI exits 1, and admission rejects, at this severity or above.") }
                { form.select("mutate", &["none", "explicit", "always"], "Mutate (admission)", "explicit writes each container's effective policy; always forces Always on Pods (the AlwaysPullImages rule, kubectl debug containers included).") }
                { form.version() }
                { form.gates() }
                { form.kubelet() }
                { form.require_digest() }
                { form.policies() }
                { form.lists() }
            </div>
            { rules }
            <div class="actions">
                <button onclick={reset}>{ "Reset to defaults" }</button>
            </div>
            { export("ClusterAdmissionPolicy", "pullpolicy-policy.yaml", "export-policy", policy_yaml) }
            { export(".pullpolicy.yaml (CLI)", ".pullpolicy.yaml", "export-config", config_yaml) }
        </div>
    }
}

/// The draft being edited and how an edit reaches it (checked, then applied if valid): each
/// field of the form is a method.
struct Form {
    draft: UseStateHandle<Draft>,
    update: Callback<Draft>,
}

impl Form {
    /// Sets (or, with `None`, removes) one key of the draft.
    fn set_value(&self, key: &'static str) -> impl Fn(Option<Value>) + Clone + 'static {
        let draft = self.draft.clone();
        let update = self.update.clone();
        move |value: Option<Value>| {
            let mut next = (*draft).clone();
            match value {
                Some(value) => next.values.insert(key.to_owned(), value),
                None => next.values.remove(key),
            };
            update.emit(next);
        }
    }

    fn select(&self, key: &'static str, options: &[&'static str], label: &str, help: &str) -> Html {
        let set = self.set_value(key);
        let current = self
            .draft
            .values
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned);
        let default = serde_json::to_value(Settings::default())
            .ok()
            .and_then(|v| v.get(key).and_then(Value::as_str).map(str::to_owned));
        let current = current.or(default);
        let onchange = Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            set(Some(Value::String(s.value())));
        });
        let id = format!("setting-{key}");
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }</label>
                <select id={id} {onchange}>
                    { for options.iter().map(|o| html! {
                        <option value={*o} selected={current.as_deref() == Some(*o)}>{ *o }</option>
                    }) }
                </select>
                <small>{ help.to_owned() }</small>
            </div>
        }
    }

    fn version(&self) -> Html {
        let set = self.set_value("kubernetesVersion");
        let current = self
            .draft
            .values
            .get("kubernetesVersion")
            .and_then(Value::as_str)
            .unwrap_or("1.35")
            .to_owned();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            set(Some(Value::String(input.value())));
        });
        html! {
            <div class="field">
                <label for="setting-kubernetesVersion">{ "Kubernetes version" }</label>
                <input id="setting-kubernetesVersion" type="text" inputmode="decimal" value={current} {oninput} />
                <small>{ "Minor version of the cluster (1.24 to 1.35): the image parser, image volumes and messages follow it." }</small>
            </div>
        }
    }

    /// A setting of a group (the API server's feature gates, the nodes' kubelet): unset is what
    /// the release defaults to.
    fn nested(
        &self,
        group: &'static str,
        name: &'static str,
        label: &str,
        help: &str,
        options: &[(&str, Value)],
    ) -> Html {
        let draft = self.draft.clone();
        let update = self.update.clone();
        let current = draft.values.get(group).and_then(|k| k.get(name)).cloned();
        let choices: Vec<(String, Value)> = options
            .iter()
            .map(|(label, value)| ((*label).to_owned(), value.clone()))
            .collect();
        let values: Vec<Value> = choices.iter().map(|(_, v)| v.clone()).collect();
        let onchange = Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let chosen = s
                .selected_index()
                .checked_sub(1)
                .and_then(|i| values.get(usize::try_from(i).ok()?).cloned());
            let mut next = (*draft).clone();
            let mut values = next
                .values
                .remove(group)
                .and_then(|k| k.as_object().cloned())
                .unwrap_or_default();
            match chosen {
                Some(value) => values.insert(name.to_owned(), value),
                None => values.remove(name),
            };
            if !values.is_empty() {
                next.values.insert(group.to_owned(), Value::Object(values));
            }
            update.emit(next);
        });
        let id = format!("setting-{group}-{name}");
        html! {
            <div class="field">
                <label for={id.clone()}>{ label.to_owned() }</label>
                <select id={id} {onchange}>
                    <option value="" selected={current.is_none()}>{ "the release's default" }</option>
                    { for choices.iter().map(|(label, value)| html! {
                        <option value={label.clone()} selected={current.as_ref() == Some(value)}>{ label.clone() }</option>
                    }) }
                </select>
                <small>{ help.to_owned() }</small>
            </div>
        }
    }

    fn gates(&self) -> Html {
        self.nested(
            "featureGates",
            "ImageVolume",
            "API server: ImageVolume feature gate",
            "Off, the API server drops image volumes and their mounts: off by default before 1.35.",
            &ON_OFF,
        )
    }

    fn kubelet(&self) -> Html {
        let policies: Vec<(&str, Value)> = [
            "NeverVerifyPreloadedImages",
            "NeverVerifyAllowlistedImages",
            "AlwaysVerify",
            "NeverVerify",
        ]
        .into_iter()
        .map(|p| (p, Value::String(p.to_owned())))
        .collect();
        html! {
            <>
                { self.nested(
                    "kubelet",
                    "ensureSecretPulledImages",
                    "Kubelet: KubeletEnsureSecretPulledImages",
                    "Whether kubelets check pull credentials of cached images (KEP-2535): from 1.33, on by default from 1.35.",
                    &ON_OFF,
                ) }
                { self.nested(
                    "kubelet",
                    "imagePullCredentialsVerificationPolicy",
                    "Kubelet: imagePullCredentialsVerificationPolicy",
                    "Which cached images the check exempts (default NeverVerifyPreloadedImages).",
                    &policies,
                ) }
            </>
        }
    }

    fn require_digest(&self) -> Html {
        let set = self.set_value("requireDigest");
        let checked = self.draft.values.get("requireDigest") == Some(&Value::Bool(true));
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            set(input.checked().then_some(Value::Bool(true)));
        });
        html! {
            <label class="toggle field">
                <input type="checkbox" id="setting-requireDigest" {checked} {onchange} />
                { " Require a digest on every image (digest-not-pinned: error)" }
            </label>
        }
    }

    fn policies(&self) -> Html {
        let allowed: Vec<String> = self
            .draft
            .values
            .get("allowedPullPolicies")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let boxes = ["Always", "IfNotPresent", "Never"]
            .into_iter()
            .map(|policy| {
                let set = self.set_value("allowedPullPolicies");
                let checked = allowed.iter().any(|p| p == policy);
                let allowed = allowed.clone();
                let onchange = Callback::from(move |e: Event| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    let mut next: Vec<String> =
                        allowed.iter().filter(|p| *p != policy).cloned().collect();
                    if input.checked() {
                        next.push(policy.to_owned());
                    }
                    set((!next.is_empty()).then(|| next.into_iter().map(Value::String).collect()));
                });
                html! {
                    <label class="toggle">
                        <input type="checkbox" {checked} {onchange} />
                        { format!(" {policy} ") }
                    </label>
                }
            });
        html! {
            <fieldset class="field">
                <legend>{ "Allowed pull policies" }</legend>
                { for boxes }
                <small>{ "None checked: any policy." }</small>
            </fieldset>
        }
    }

    /// The fields edited one entry per line ([`LISTS`]).
    fn lists(&self) -> Html {
        let lists = LISTS.iter().enumerate().map(|(i, (key, label, help))| {
            let value = self.draft.lists[i].clone();
            let draft = self.draft.clone();
            let update = self.update.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let t: HtmlTextAreaElement = e.target_unchecked_into();
                let mut next = (*draft).clone();
                next.lists[i] = t.value();
                update.emit(next);
            });
            let id = format!("setting-{key}");
            html! {
                <div class="field">
                    <label for={id.clone()}>{ *label }</label>
                    <textarea id={id} rows="3" spellcheck="false" {value} {oninput} />
                    <small>{ *help }</small>
                </div>
            }
        });
        html! { <>{ for lists }</> }
    }
}

/// The choices of a boolean nested setting.
const ON_OFF: [(&str, Value); 2] = [("on", Value::Bool(true)), ("off", Value::Bool(false))];

/// Per-rule severity: the profile's default, or an override.
fn rule_table(
    draft: &Draft,
    settings: &Settings,
    set: impl Fn(Option<Value>) + Clone + 'static,
) -> Html {
    let overrides = draft
        .values
        .get("rules")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let rows = RuleId::ALL.iter().map(|&rule| {
        let id = rule.as_str();
        let current = overrides.get(id).and_then(Value::as_str).map(str::to_owned);
        let mut profile_only = settings.clone();
        profile_only.rules.remove(&rule);
        let default = profile_only.severity(rule);
        let set = set.clone();
        let overrides = overrides.clone();
        let onchange = Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let mut next = overrides.clone();
            match s.value().as_str() {
                "" => next.remove(id),
                value => next.insert(id.to_owned(), Value::String(value.to_owned())),
            };
            set((!next.is_empty()).then_some(Value::Object(next)));
        });
        html! {
            <tr>
                <th scope="row"><code>{ id }</code></th>
                <td>{ rule.rule().summary }</td>
                <td>
                    <select aria-label={format!("severity of {id}")} id={format!("rule-severity-{id}")} {onchange}>
                        <option value="" selected={current.is_none()}>{ format!("default ({default})") }</option>
                        { for Severity::ALL.iter().map(|s| html! {
                            <option value={s.as_str()} selected={current.as_deref() == Some(s.as_str())}>{ s.as_str() }</option>
                        }) }
                    </select>
                </td>
            </tr>
        }
    });
    html! {
        <details class="rule-severities">
            <summary>{ "Rule severities" }</summary>
            <table>
                <tbody>{ for rows }</tbody>
            </table>
        </details>
    }
}

fn export(title: &str, file: &'static str, id: &'static str, text: String) -> Html {
    let copy = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            dom::copy(&text);
        })
    };
    let download = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| dom::download(file, &text, "application/yaml"))
    };
    html! {
        <section class="export">
            <h3>{ title.to_owned() }</h3>
            <div class="actions">
                <button onclick={copy}>{ "Copy" }</button>
                <button onclick={download}>{ format!("Download {file}") }</button>
            </div>
            <pre id={id}>{ text }</pre>
        </section>
    }
}
