//! The app: the state, its effects (the `hooks` module), and the layout.

use std::rc::Rc;

use pullpolicy_core::settings::Settings;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::dialogs::{EmbedDialog, ShareDialog};
use crate::editor::Editor;
use crate::hooks::{
    use_analysis, use_autosave, use_embedding, use_link, use_link_in_address_bar, use_links_opened,
    use_results_marked, use_shortcuts, use_theme,
};
use crate::share::Shared;
use crate::state::{Action, Dialog, State, Tab};
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
    let area = (*use_memo((), |_| TextArea::default())).clone();
    use_analysis(&state);
    use_results_marked(state.analyses, state.settled());
    use_autosave(state.embed, state.text.clone(), state.settings.clone());
    use_theme(state.theme);
    use_shortcuts(state.dispatcher(), state.text.clone());
    use_links_opened(state.dispatcher());
    use_embedding(state.embed, state.dispatcher());
    // The share link, made while something shows it: the embed footer or a dialog.
    let link = use_link(
        base_url(),
        state.text.clone(),
        state.settings.clone(),
        state.embed || state.dialog.is_some(),
    );
    use_link_in_address_bar(link.clone(), state.dialog == Some(Dialog::Share));

    let dispatch = state.dispatcher();
    let on_select = {
        let area = area.clone();
        Callback::from(move |(start, end, line): (usize, usize, u32)| area.select(start, end, line))
    };
    let analysis = state.analysis.clone();
    let editor = html! {
        <Editor text={state.text.clone()} analysis={analysis.clone()}
                on_edit={dispatch.to_callback().reform(Action::Edit)}
                on_refuse={dispatch.to_callback().reform(|why| Action::Notice(Some(why)))}
                area={area.clone()} revision={state.revision} compact={state.embed} />
    };
    // What the live region and the embed footer say: nothing counted before the first result.
    let said = if state.analyses == 0 {
        "Analysing…".to_owned()
    } else {
        summary(&analysis)
    };
    let live = html! {
        <div class="sr-only" role="status" aria-live="polite" id="summary">{ said.clone() }</div>
    };

    if state.embed {
        let open = link.and_then(Result::ok);
        return html! {
            <div class="app embed">
                { editor }
                <Containers analysis={analysis.clone()} on_select={on_select} compact=true
                            on_toggle={dispatch.to_callback().reform(Action::Toggle)}
                            on_more={dispatch.to_callback().reform(|()| Action::MoreRows { findings: false })} />
                <footer class="embed-footer">
                    <span>{ said }</span>
                    if let Some(open) = open {
                        <a href={open} target="_blank" rel="noopener">{ "Open in the pullpolicy playground ↗" }</a>
                    }
                </footer>
                { live }
            </div>
        };
    }

    let panel = panel(&state, &area, on_select);
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
                            <span>{ format!("Analysing: {}…", p.label()) }</span>
                            <progress max={p.total.to_string()} value={p.done.to_string()}></progress>
                        </div>
                    } else if state.analyses == 0 {
                        // The worker is starting, then analyses the first text.
                        <div class="progress" role="status"><span>{ "Analysing…" }</span></div>
                    }
                    <TabBar current={state.tab} counts={analysis.results.counts}
                            containers={analysis.results.containers}
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

/// The panel of the tab shown.
fn panel(
    state: &UseReducerHandle<State>,
    area: &TextArea,
    on_select: Callback<(usize, usize, u32)>,
) -> Html {
    let dispatch = state.dispatcher();
    let analysis = state.analysis.clone();
    match state.tab {
        Tab::Containers => html! {
            <Containers {analysis} {on_select} on_toggle={dispatch.to_callback().reform(Action::Toggle)}
                        on_more={dispatch.to_callback().reform(|()| Action::MoreRows { findings: false })} />
        },
        Tab::Findings => html! {
            <Findings {analysis} {on_select} on_rule={dispatch.to_callback().reform(Action::ShowRule)}
                      on_more={dispatch.to_callback().reform(|()| Action::MoreRows { findings: true })} />
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
                <Fixes {analysis} allow_unsafe={state.allow_unsafe}
                       on_allow_unsafe={dispatch.to_callback().reform(Action::AllowUnsafe)} {on_apply} />
            }
        }
        Tab::Admission => html! {
            <Admission {analysis} show_review={state.show_review}
                       on_show_review={dispatch.to_callback().reform(Action::ShowReview)} />
        },
        Tab::Settings => html! {
            <SettingsForm settings={state.settings.clone()} on_change={dispatch.to_callback().reform(Action::SetSettings)} />
        },
        Tab::Rules => html! { <Rules settings={state.settings.clone()} focus={state.rule} /> },
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
