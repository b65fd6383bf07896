//! The app: the state, the effects that tie it to the browser (analysis after edits, autosave,
//! theme, shortcuts, links, embedding), and the layout.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use js_sys::{Object, Reflect};
use pullpolicy_core::settings::Settings;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, KeyboardEvent as DomKeyboardEvent, MessageEvent};
use yew::prelude::*;

use crate::analysis::Running;
use crate::dialogs::{EmbedDialog, ShareDialog};
use crate::editor::Editor;
use crate::hooks::use_link;
use crate::ptr::Ptr;
use crate::share::Shared;
use crate::state::{Action, Dialog, State, Tab, Theme};
use crate::tabs::{Admission, Containers, Findings, Fixes, Rules, SettingsForm, TabBar, summary};
use crate::textarea::TextArea;
use crate::{dom, examples, share, storage};

/// Where the app starts: the share link's state (`shared`, read from the fragment), else the
/// saved draft, else the first example.
fn initial_state(shared: Option<Result<Shared, String>>) -> State {
    let location = dom::window().location();
    let hash = location.hash().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    let embed = query
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed" || p.starts_with("embed="))
        || share::parts(&hash).any(|p| p == "embed");
    let theme = storage::load_theme();
    let first = || {
        let example = examples::find(examples::FIRST).map_or("", |e| e.text);
        (example.to_owned(), Settings::default())
    };
    let (text, settings, notice) = match shared {
        Some(Ok(shared)) => (shared.text, shared.settings, None),
        Some(Err(damaged)) => {
            let (text, settings) = (!embed)
                .then(storage::load_draft)
                .flatten()
                .unwrap_or_else(first);
            (text, settings, Some(damaged))
        }
        None => {
            let (text, settings) = (!embed)
                .then(storage::load_draft)
                .flatten()
                .unwrap_or_else(first);
            (text, settings, None)
        }
    };
    let mut state = State::new(text.into(), settings, theme, embed);
    state.notice = notice;
    state
}

/// The page's address without query and fragment: what links and snippets point to.
fn base_url() -> String {
    let location = dom::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// What the page's share link holds, or why it is damaged; `None` without one.
    pub shared: Option<Result<Shared, String>>,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| initial_state(props.shared.clone()));
    // The Containers rows opened to their timeline: kept here so that they stay open while
    // another tab (the settings) is shown.
    let open_rows = use_state(std::collections::BTreeSet::<usize>::new);
    let area = (*use_memo((), |_| TextArea::default())).clone();
    let latest_text = use_mut_ref(|| state.text.clone());
    *latest_text.borrow_mut() = state.text.clone();

    // Analyse after edits (debounced: a new edit cancels the pending run).
    let handled_rerun = use_mut_ref(|| 0);
    {
        let dispatch = state.dispatcher();
        let delay = state.delay;
        let current = state.analysis.clone();
        use_effect_with(
            (state.text.clone(), state.settings.clone(), state.rerun),
            move |(text, settings, rerun)| {
                let asked = std::mem::replace(&mut *handled_rerun.borrow_mut(), *rerun) != *rerun;
                // The analysis on screen is of this text and these settings (the first one is
                // made before the first render).
                let fresh = !asked
                    && Rc::ptr_eq(text, &current.text)
                    && Rc::ptr_eq(settings, &current.settings);
                let running = (!fresh).then(|| {
                    let progress = dispatch.clone();
                    Running::start(
                        delay,
                        text.clone(),
                        settings.clone(),
                        move |p| progress.dispatch(Action::Progress(p)),
                        move |analysis| dispatch.dispatch(Action::Analyzed(Ptr::new(analysis))),
                    )
                });
                move || drop(running)
            },
        );
    }
    // Tell tests and the benchmark that results are on screen.
    use_effect_with(state.analyses, |&analyses| {
        if let Some(body) = gloo::utils::document().body() {
            let _ = body.dataset().set("analyses", &analyses.to_string());
        }
        if analyses == 1 {
            dom::mark("pullpolicy:first-result");
        } else {
            dom::mark("pullpolicy:rendered");
            dom::measure(
                "pullpolicy:update",
                "pullpolicy:analysis-start",
                "pullpolicy:rendered",
            );
        }
    });
    // Autosave (not in embed mode: a widget in a docs page must not replace the user's draft).
    {
        let embed = state.embed;
        use_effect_with(
            (state.text.clone(), state.settings.clone()),
            move |(text, settings)| {
                let (text, settings) = (text.clone(), settings.clone());
                let timeout = (!embed)
                    .then(|| Timeout::new(500, move || storage::save_draft(&text, &settings)));
                move || drop(timeout)
            },
        );
    }
    use_effect_with(state.theme, |&theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            match theme {
                Theme::System => root.remove_attribute("data-theme").ok(),
                theme => root.set_attribute("data-theme", theme.as_str()).ok(),
            };
        }
    });
    // Shortcuts: Ctrl/Cmd+Enter analyses now, Ctrl/Cmd+S downloads the manifest.
    {
        let dispatch = state.dispatcher();
        let latest_text = latest_text.clone();
        use_effect_with((), move |_| {
            let options = EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                options,
                move |event| {
                    let Some(e) = event.dyn_ref::<DomKeyboardEvent>() else {
                        return;
                    };
                    if !(e.ctrl_key() || e.meta_key()) {
                        return;
                    }
                    match e.key().as_str() {
                        "Enter" => {
                            e.prevent_default();
                            dispatch.dispatch(Action::Rerun);
                        }
                        "s" | "S" => {
                            e.prevent_default();
                            dom::download(
                                "manifest.yaml",
                                &latest_text.borrow(),
                                "application/yaml",
                            );
                        }
                        _ => {}
                    }
                },
            );
            move || drop(listener)
        });
    }
    // A link opened in this tab (the fragment changed) loads its state.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&dom::window(), "hashchange", move |_| {
                let hash = dom::window().location().hash().unwrap_or_default();
                let dispatch = dispatch.clone();
                spawn_local(async move {
                    match share::decode(&hash).await {
                        Some(Ok(shared)) => dispatch.dispatch(Action::Load {
                            text: shared.text,
                            settings: Some(shared.settings),
                        }),
                        Some(Err(damaged)) => dispatch.dispatch(Action::Notice(Some(damaged))),
                        None => {}
                    }
                });
            });
            move || drop(listener)
        });
    }
    // Embedded: take the manifest the page sends (embed.js), say when ready, report the height.
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.embed, move |&embed| {
            let listener = embed.then(|| {
                EventListener::new(&dom::window(), "message", move |event| {
                    let Some(e) = event.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    // Only the embedding page speaks to the widget.
                    let parent = dom::window().parent().ok().flatten().map(JsValue::from);
                    if e.source().map(JsValue::from) != parent {
                        return;
                    }
                    let data = e.data();
                    let kind = Reflect::get(&data, &"type".into())
                        .ok()
                        .and_then(|v| v.as_string());
                    let text = Reflect::get(&data, &"text".into())
                        .ok()
                        .and_then(|v| v.as_string());
                    if let (Some("pullpolicy:manifest"), Some(text)) = (kind.as_deref(), text) {
                        dispatch.dispatch(Action::Load {
                            text,
                            settings: None,
                        });
                    }
                })
            });
            if embed {
                post("pullpolicy:ready", None);
            }
            move || drop(listener)
        });
    }
    let last_height = use_mut_ref(|| 0);
    {
        let embed = state.embed;
        use_effect(move || {
            if embed {
                // The widget's own height: the document's is at least the frame's.
                let height = gloo::utils::document()
                    .query_selector(".app")
                    .ok()
                    .flatten()
                    .map_or(0, |e| e.scroll_height());
                if *last_height.borrow() != height {
                    *last_height.borrow_mut() = height;
                    post("pullpolicy:height", Some(height));
                }
            }
        });
    }

    let on_edit = {
        let dispatch = state.dispatcher();
        Callback::from(move |text: Rc<str>| dispatch.dispatch(Action::Edit(text)))
    };
    let on_refuse = {
        let dispatch = state.dispatcher();
        Callback::from(move |why: String| dispatch.dispatch(Action::Notice(Some(why))))
    };
    let on_select = {
        let area = area.clone();
        Callback::from(move |(start, end, line): (usize, usize, u32)| area.select(start, end, line))
    };
    // The share link, made while something shows it: the embed footer or a dialog.
    let link = use_link(
        base_url(),
        state.text.clone(),
        state.settings.clone(),
        state.embed || state.dialog.is_some(),
    );
    // With the Share dialog open, the address bar holds the link too (no new history entry).
    use_effect_with(
        (link.clone(), state.dialog == Some(Dialog::Share)),
        |(link, sharing)| {
            if let (Some(Ok(link)), true) = (link, sharing)
                && let Some((_, fragment)) = link.split_once('#')
            {
                let _ = dom::window().history().map(|h| {
                    h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")))
                });
            }
        },
    );
    let analysis = state.analysis.clone();
    let editor = html! {
        <Editor text={state.text.clone()} analysis={analysis.clone()} on_edit={on_edit.clone()}
                {on_refuse} area={area.clone()} revision={state.revision} compact={state.embed} />
    };
    let live = html! {
        <div class="sr-only" role="status" aria-live="polite" id="summary">{ summary(&analysis) }</div>
    };

    if state.embed {
        let open = link.and_then(Result::ok);
        return html! {
            <div class="app embed">
                { editor }
                <Containers analysis={analysis.clone()} on_select={on_select} open={open_rows.clone()} compact=true />
                <footer class="embed-footer">
                    <span>{ summary(&analysis) }</span>
                    if let Some(open) = open {
                        <a href={open} target="_blank" rel="noopener">{ "Open in the pullpolicy playground ↗" }</a>
                    }
                </footer>
                { live }
            </div>
        };
    }

    let dispatch = state.dispatcher();
    let panel = match state.tab {
        Tab::Containers => {
            html! {
                <Containers analysis={analysis.clone()} on_select={on_select.clone()}
                            open={open_rows.clone()} />
            }
        }
        Tab::Findings => html! {
            <Findings analysis={analysis.clone()} on_select={on_select.clone()}
                      on_rule={dispatch.to_callback().reform(Action::ShowRule)} />
        },
        Tab::Fixes => {
            let on_apply = {
                let area = area.clone();
                let dispatch = dispatch.clone();
                Callback::from(move |fixed: String| {
                    let fixed: Rc<str> = fixed.into();
                    let undoable = area.replace_all(fixed.clone());
                    dispatch.dispatch(Action::Edit(fixed));
                    // A long text's window has no undo history beyond the window (textarea.rs).
                    let notice = if undoable {
                        "Fixes applied. Ctrl+Z in the editor undoes them."
                    } else {
                        "Fixes applied."
                    };
                    dispatch.dispatch(Action::Notice(Some(notice.into())));
                })
            };
            html! {
                <Fixes analysis={analysis.clone()} allow_unsafe={state.allow_unsafe}
                       on_allow_unsafe={dispatch.to_callback().reform(Action::AllowUnsafe)} {on_apply} />
            }
        }
        Tab::Admission => html! { <Admission analysis={analysis.clone()} /> },
        Tab::Settings => html! {
            <SettingsForm settings={state.settings.clone()} on_change={dispatch.to_callback().reform(Action::SetSettings)} />
        },
        Tab::Rules => html! { <Rules settings={state.settings.clone()} focus={state.rule} /> },
    };
    let dialog = state.dialog.map(|dialog| {
        let on_close = dispatch.to_callback().reform(|()| Action::Dialog(None));
        match dialog {
            Dialog::Share => html! { <ShareDialog link={link.clone()} {on_close} /> },
            Dialog::Embed => {
                let fragment = link.clone().map(|link| {
                    link.map(|link| link.split_once('#').map(|(_, f)| f.to_owned()).unwrap_or_default())
                });
                html! { <EmbedDialog base={base_url()} {fragment} text={state.text.to_string()} {on_close} /> }
            }
        }
    });
    html! {
        <div class="app">
            { header(&state, &dispatch) }
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert">
                    <span>{ notice }</span>
                    <button class="close" aria-label="Dismiss" onclick={dispatch.to_callback().reform(|_: MouseEvent| Action::Notice(None))}>{ "×" }</button>
                </div>
            }
            <main class="workspace">
                <section class="editor-pane" aria-label="Manifest">{ editor }</section>
                <section class="results-pane" aria-label="Results" aria-busy={state.progress.is_some().to_string()}>
                    if let Some(p) = state.progress {
                        <div class="progress" id="progress" role="status">
                            <span>{ format!("Analysing: {} of {} documents…", p.done, p.total) }</span>
                            <progress max={p.total.to_string()} value={p.done.to_string()}></progress>
                        </div>
                    }
                    <TabBar current={state.tab} counts={analysis.counts()}
                            containers={analysis.lint.report.images.len()}
                            on_select={dispatch.to_callback().reform(Action::Tab)} />
                    <div class="panel" role="tabpanel" id="results-panel"
                         aria-labelledby={format!("tab-{}", state.tab.id())} tabindex="0">
                        { panel }
                    </div>
                </section>
            </main>
            { live }
            { for dialog }
        </div>
    }
}

fn header(state: &State, dispatch: &UseReducerDispatcher<State>) -> Html {
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(example) = examples::find(&select.value()) {
                dispatch.dispatch(Action::Load {
                    text: example.text.to_owned(),
                    settings: None,
                });
            }
            select.set_value("");
        })
    };
    let theme = state.theme;
    html! {
        <header class="top">
            <h1><span class="logo" aria-hidden="true">{ "⟳" }</span>{ "pullpolicy" }<span class="sub">{ " playground" }</span></h1>
            <p class="privacy">{ "Runs entirely in your browser: nothing you paste leaves this page." }</p>
            <nav class="toolbar" aria-label="Tools">
                <label class="sr-only" for="examples">{ "Load an example" }</label>
                <select id="examples" onchange={on_example}>
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for examples::EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                </select>
                <button id="share" onclick={dispatch.to_callback().reform(|_: MouseEvent| Action::Dialog(Some(Dialog::Share)))}>{ "Share" }</button>
                <button id="embed" onclick={dispatch.to_callback().reform(|_: MouseEvent| Action::Dialog(Some(Dialog::Embed)))}>{ "Embed" }</button>
                <button id="rules" onclick={dispatch.to_callback().reform(|_: MouseEvent| Action::Tab(Tab::Rules))}>{ "Rules" }</button>
                <button id="theme" title="Theme: follows the system until you choose"
                        onclick={dispatch.to_callback().reform(move |_: MouseEvent| {
                            let next = theme.next();
                            storage::save_theme(next);
                            Action::Theme(next)
                        })}>
                    { format!("Theme: {}", theme.as_str()) }
                </button>
            </nav>
        </header>
    }
}

/// A message to the embedding page: `{type, height?}`.
fn post(kind: &str, height: Option<i32>) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(height) = height {
        let _ = Reflect::set(&message, &"height".into(), &height.into());
    }
    dom::post_to_parent(&message.into());
}
