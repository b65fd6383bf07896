//! The app's effects: what ties its state to the browser (analysis after edits, autosave, the
//! theme, shortcuts, links, embedding), one hook each, as yew's examples keep them.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use js_sys::{Object, Reflect};
use pullpolicy_core::settings::Settings;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::MessageEvent;
use yew::prelude::*;

use crate::analyst::{Analyst, Heard};
use crate::state::{Action, State, Theme};
use crate::view::Ask;
use crate::{dom, share, storage};

/// The share link to `base` for this text and settings while `wanted`: `None` until it is made
/// (the browser deflates it asynchronously) and while not wanted. A link made for an older text
/// is dropped when it arrives.
#[hook]
pub fn use_link(
    base: String,
    text: Rc<str>,
    settings: Rc<Settings>,
    wanted: bool,
) -> Option<Result<String, String>> {
    let link = use_state_eq(|| None);
    {
        let link = link.clone();
        use_effect_with((text, settings, wanted), move |(text, settings, wanted)| {
            let current = Rc::new(Cell::new(true));
            if *wanted {
                let (text, settings, current) = (text.clone(), settings.clone(), current.clone());
                spawn_local(async move {
                    let made = share::link(&base, &text, &settings).await;
                    if current.get() {
                        link.set(Some(made));
                    }
                });
            } else {
                link.set(None);
            }
            move || current.set(false)
        });
    }
    (*link).clone()
}

/// Analyses after edits, in the worker (`analyst.rs`: a new edit supersedes the run under way),
/// and when asked (`rerun`); asks the worker again when the page shows something else of the
/// analysis.
#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>) {
    let analyst = {
        let dispatch = state.dispatcher();
        (*use_memo((), move |_| {
            Analyst::new(move |heard| {
                dispatch.dispatch(match heard {
                    Heard::Progress(p) => Action::Progress(p),
                    Heard::Analysed { analysis, fresh } => {
                        if fresh {
                            analysed(analysis.results.millis);
                        }
                        Action::Analyzed { analysis, fresh }
                    }
                    Heard::Crashed(message) => Action::Crashed(message),
                })
            })
        }))
        .clone()
    };
    // What the page shows now: a request sent in a later task asks for that, not for what it
    // showed when the edit was made.
    let ask = use_mut_ref(Ask::default);
    *ask.borrow_mut() = state.ask();
    let ids = use_mut_ref(|| 0);
    let handled_rerun = use_mut_ref(|| 0);
    // The analysis on screen, when there is one.
    let shown = (state.analyses > 0).then(|| state.analysis.clone());
    {
        let analyst = analyst.clone();
        use_effect_with(
            (state.text.clone(), state.settings.clone(), state.rerun),
            move |(text, settings, rerun)| {
                let (text, settings) = (text.clone(), settings.clone());
                let asked = std::mem::replace(&mut *handled_rerun.borrow_mut(), *rerun) != *rerun;
                // The first analysis of a short text is the page's own (`State::new`).
                let on_page = shown.filter(|shown| {
                    !asked
                        && Rc::ptr_eq(&text, &shown.text)
                        && Rc::ptr_eq(&settings, &shown.settings)
                });
                // In a task of its own, after the browser has drawn the edit; the edits of one
                // task (a burst of events) go together. No other wait: the worker drops a run
                // that a newer edit supersedes, so nothing needs holding back.
                let pending = Timeout::new(0, move || {
                    let ask = ask.borrow().clone();
                    if let Some(shown) = &on_page {
                        return analyst.hold(shown, ask);
                    }
                    *ids.borrow_mut() += 1;
                    dom::mark("pullpolicy:analysis-start");
                    analyst.analyse(*ids.borrow(), &text, &settings, ask);
                });
                move || drop(pending)
            },
        );
    }
    {
        // Not at the first render: there is nothing to look at again yet, and starting the
        // worker then would hold the first result back from the screen.
        let (analyst, mounted) = (analyst.clone(), use_mut_ref(|| false));
        use_effect_with(state.ask(), move |ask| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) {
                analyst.view(ask.clone());
            }
        });
    }
    // The browser tests' way to crash the worker: a `pullpolicy:crash-analysis` event.
    use_effect_with((), move |_| {
        let listener = EventListener::new(
            &gloo::utils::document(),
            "pullpolicy:crash-analysis",
            move |_| analyst.crash(),
        );
        move || drop(listener)
    });
}

/// The benchmark's `pullpolicy:analysis` measure: core's lint in the worker, as long as the
/// worker says it took, ending now.
fn analysed(millis: f64) {
    let now = dom::now();
    dom::measure("pullpolicy:analysis", now - millis, now);
}

/// Tells tests and the benchmark that results are on screen: the page's `data-analyses` and
/// `data-settled` (what is shown is up to date: `State::settled`), and the performance marks.
#[hook]
pub fn use_results_marked(analyses: u32, settled: bool) {
    use_effect_with(settled, |&settled| {
        if let Some(body) = gloo::utils::document().body() {
            let _ = body.dataset().set("settled", &settled.to_string());
        }
    });
    use_effect_with(analyses, |&analyses| {
        if let Some(body) = gloo::utils::document().body() {
            let _ = body.dataset().set("analyses", &analyses.to_string());
        }
        match analyses {
            0 => {}
            1 => dom::mark("pullpolicy:first-result"),
            _ => {
                dom::mark("pullpolicy:rendered");
                dom::measure(
                    "pullpolicy:update",
                    "pullpolicy:analysis-start",
                    "pullpolicy:rendered",
                );
            }
        }
    });
}

/// Saves the draft half a second after the last change; not in embed mode, where a widget in a
/// docs page must not replace the user's draft.
#[hook]
pub fn use_autosave(embed: bool, text: Rc<str>, settings: Rc<Settings>) {
    use_effect_with((text, settings), move |(text, settings)| {
        let (text, settings) = (text.clone(), settings.clone());
        let timeout =
            (!embed).then(|| Timeout::new(500, move || storage::save_draft(&text, &settings)));
        move || drop(timeout)
    });
}

/// The chosen theme on the root element (none: `prefers-color-scheme` decides).
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |&theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            match theme {
                Theme::System => root.remove_attribute("data-theme").ok(),
                theme => root.set_attribute("data-theme", theme.as_str()).ok(),
            };
        }
    });
}

/// Shortcuts: Ctrl/Cmd+Enter analyses now, Ctrl/Cmd+S downloads the manifest.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<State>, text: Rc<str>) {
    let latest_text = use_mut_ref(|| text.clone());
    *latest_text.borrow_mut() = text;
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(
            &gloo::utils::document(),
            "keydown",
            options,
            move |event| {
                let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
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
                        dom::download("manifest.yaml", &latest_text.borrow(), "application/yaml");
                    }
                    _ => {}
                }
            },
        );
        move || drop(listener)
    });
}

/// A link opened in this tab (the fragment changed) loads its state.
#[hook]
pub fn use_links_opened(dispatch: UseReducerDispatcher<State>) {
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

/// Embedded: takes the manifest the embedding page sends (embed.js), says when ready, and
/// reports the widget's height whenever it changes.
#[hook]
pub fn use_embedding(embed: bool, dispatch: UseReducerDispatcher<State>) {
    use_effect_with(embed, move |&embed| {
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
                let field = |name: &str| {
                    Reflect::get(&data, &name.into())
                        .ok()
                        .and_then(|v| v.as_string())
                };
                if let (Some("pullpolicy:manifest"), Some(text)) =
                    (field("type").as_deref(), field("text"))
                {
                    dispatch.dispatch(Action::Load {
                        text,
                        settings: None,
                    });
                }
            })
        });
        if embed {
            post_to_parent("pullpolicy:ready", None);
        }
        move || drop(listener)
    });
    let last_height = use_mut_ref(|| 0);
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
                post_to_parent("pullpolicy:height", Some(height));
            }
        }
    });
}

/// A message to the embedding page: `{type, height?}`.
fn post_to_parent(kind: &str, height: Option<i32>) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(height) = height {
        let _ = Reflect::set(&message, &"height".into(), &height.into());
    }
    dom::post_to_parent(&message.into());
}

/// With the Share dialog open, the address bar holds the link too (no new history entry).
#[hook]
pub fn use_link_in_address_bar(link: Option<Result<String, String>>, sharing: bool) {
    use_effect_with((link, sharing), |(link, sharing)| {
        if let (Some(Ok(link)), true) = (link, sharing)
            && let Some((_, fragment)) = link.split_once('#')
        {
            let _ = dom::window().history().map(|h| {
                h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")))
            });
        }
    });
}
