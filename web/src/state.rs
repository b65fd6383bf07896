//! The app's state, changed only by [`Action`]s through one reducer.

use std::collections::BTreeSet;
use std::rc::Rc;

use pullpolicy_core::rules::RuleId;
use pullpolicy_core::session::Progress;
use pullpolicy_core::settings::Settings;
use yew::Reducible;

use crate::ptr::Ptr;
use crate::tabs::PAGE_ROWS;
use crate::view::{Analysis, Ask, Results};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Containers,
    Findings,
    Fixes,
    Admission,
    Settings,
    Rules,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Containers,
        Tab::Findings,
        Tab::Fixes,
        Tab::Admission,
        Tab::Settings,
        Tab::Rules,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Containers => "containers",
            Tab::Findings => "findings",
            Tab::Fixes => "fixes",
            Tab::Admission => "admission",
            Tab::Settings => "settings",
            Tab::Rules => "rules",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Containers => "Containers",
            Tab::Findings => "Findings",
            Tab::Fixes => "Fixes",
            Tab::Admission => "Admission",
            Tab::Settings => "Settings",
            Tab::Rules => "Rules",
        }
    }
}

/// `System` follows `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Theme {
        match text {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Share,
    Embed,
}

/// The longest text whose first analysis the page makes itself, before the first render: the
/// examples and most drafts, in a few milliseconds. A longer draft waits for the worker.
const FIRST_ON_PAGE_BYTES: usize = 64 << 10;

#[derive(Debug, Clone)]
pub struct State {
    pub text: Rc<str>,
    /// Bumped when the text changes other than by typing (see `Editor`).
    pub revision: u32,
    pub settings: Rc<Settings>,
    /// The last analysis; kept while a new one is pending, so results never go blank. Before
    /// the first, empty results of the text (`analyses` is 0).
    pub analysis: Ptr<Analysis>,
    /// Analyses finished so far (the page exposes it for tests and the benchmark).
    pub analyses: u32,
    /// Rows of the Findings and Containers lists drawn (a page more on request).
    pub findings_rows: usize,
    pub container_rows: usize,
    /// The Containers rows opened to their timeline, by index: kept while another tab (the
    /// settings) is shown.
    pub open: BTreeSet<usize>,
    /// The Admission tab shows the AdmissionReview responses.
    pub show_review: bool,
    /// Bumped to analyse now (Ctrl+Enter).
    pub rerun: u32,
    /// How far the running analysis got, once it runs long enough to say so.
    pub progress: Option<Progress>,
    pub tab: Tab,
    pub allow_unsafe: bool,
    pub theme: Theme,
    /// A message for the user (a refused share link, a damaged one...).
    pub notice: Option<String>,
    /// The rule the Rules tab scrolls to.
    pub rule: Option<RuleId>,
    pub dialog: Option<Dialog>,
    pub embed: bool,
}

impl State {
    pub fn new(text: Rc<str>, settings: Settings, theme: Theme, embed: bool) -> State {
        let settings = Rc::new(settings);
        let analysis = Ptr::new(Analysis::new(
            text.clone(),
            settings.clone(),
            Results::default(),
        ));
        let mut state = State {
            text,
            revision: 0,
            settings,
            analysis,
            analyses: 0,
            findings_rows: PAGE_ROWS,
            container_rows: PAGE_ROWS,
            open: BTreeSet::new(),
            show_review: false,
            rerun: 0,
            progress: None,
            tab: Tab::Containers,
            allow_unsafe: false,
            theme,
            notice: None,
            rule: None,
            dialog: None,
            embed,
        };
        // A short text is analysed here at once (milliseconds), a long one by the worker.
        if state.text.len() <= FIRST_ON_PAGE_BYTES {
            let first = Analysis::on_page(state.text.clone(), state.settings.clone(), &state.ask());
            state.analysis = Ptr::new(first);
            state.analyses = 1;
        }
        state
    }
}

pub enum Action {
    /// The user typed.
    Edit(Rc<str>),
    /// A new text (and maybe settings) from an example, a link, the embedding page, a fix.
    Load {
        text: String,
        settings: Option<Settings>,
    },
    /// Results from the worker: of a new analysis (`fresh`), or the last one shown anew.
    Analyzed {
        analysis: Ptr<Analysis>,
        fresh: bool,
    },
    /// The worker crashed or could not start: what to tell the user.
    Crashed(String),
    /// A page more of the Findings (`true`) or Containers list.
    MoreRows {
        findings: bool,
    },
    /// A Containers row opened or closed.
    Toggle(usize),
    ShowReview(bool),
    /// How far the running analysis got (said once it runs long).
    Progress(Progress),
    Rerun,
    SetSettings(Settings),
    Tab(Tab),
    AllowUnsafe(bool),
    Theme(Theme),
    Notice(Option<String>),
    ShowRule(RuleId),
    Dialog(Option<Dialog>),
}

impl State {
    /// What the results pane shows of an analysis: the worker sends only that.
    pub fn ask(&self) -> Ask {
        // Rows only for the list on screen (the embedded widget always shows the containers):
        // the rest of the analysis waits in the worker.
        let shows = |tab: Tab| self.tab == tab || (self.embed && tab == Tab::Containers);
        Ask {
            findings: if shows(Tab::Findings) {
                self.findings_rows
            } else {
                0
            },
            containers: if shows(Tab::Containers) {
                self.container_rows
            } else {
                0
            },
            open: self.open.iter().copied().collect(),
            fixes: (self.tab == Tab::Fixes).then_some(self.allow_unsafe),
            admission: (self.tab == Tab::Admission).then_some(self.show_review),
        }
    }

    /// Whether what the page shows is the analysis of the text and settings in the editor, as
    /// the page asks to see it (the tests wait for this rather than for time).
    pub fn settled(&self) -> bool {
        let shown = &self.analysis;
        self.analyses > 0
            && Rc::ptr_eq(&shown.text, &self.text)
            && Rc::ptr_eq(&shown.settings, &self.settings)
            && shown.results.ask == self.ask()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edit(text) => {
                if *s.text == *text {
                    return self;
                }
                s.text = text;
            }
            Action::Load { text, settings } => {
                s.text = text.into();
                s.revision += 1;
                if let Some(settings) = settings {
                    s.settings = Rc::new(settings);
                }
            }
            Action::Analyzed { analysis, fresh } => {
                s.analysis = analysis;
                if fresh {
                    s.analyses += 1;
                    s.progress = None;
                }
            }
            Action::Crashed(notice) => {
                s.progress = None;
                s.notice = Some(notice);
            }
            Action::MoreRows { findings: true } => s.findings_rows += PAGE_ROWS,
            Action::MoreRows { findings: false } => s.container_rows += PAGE_ROWS,
            Action::Toggle(row) => {
                if !s.open.remove(&row) {
                    s.open.insert(row);
                }
            }
            Action::ShowReview(on) => s.show_review = on,
            Action::Progress(progress) => s.progress = Some(progress),
            Action::Rerun => {
                s.rerun += 1;
            }
            Action::SetSettings(settings) => {
                s.settings = Rc::new(settings);
            }
            Action::Tab(tab) => {
                // A list shown again starts at its first page.
                if tab != s.tab {
                    (s.findings_rows, s.container_rows) = (PAGE_ROWS, PAGE_ROWS);
                }
                s.tab = tab;
            }
            Action::AllowUnsafe(on) => s.allow_unsafe = on,
            Action::Theme(theme) => s.theme = theme,
            Action::Notice(notice) => s.notice = notice,
            Action::ShowRule(rule) => {
                s.rule = Some(rule);
                s.tab = Tab::Rules;
            }
            Action::Dialog(dialog) => s.dialog = dialog,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn the_worker_is_asked_for_what_the_page_shows_only() {
        let state = State::new("a: 1\n".into(), Settings::default(), Theme::System, false);
        let ask = state.ask();
        assert_eq!((ask.findings, ask.containers), (0, PAGE_ROWS));
        assert_eq!((ask.fixes, ask.admission), (None, None));
        let state = reduce(state, Action::Tab(Tab::Findings));
        let state = reduce(state, Action::MoreRows { findings: true });
        assert_eq!(state.ask().findings, 2 * PAGE_ROWS);
        assert_eq!(state.ask().containers, 0);
        let state = reduce(state, Action::AllowUnsafe(true));
        let state = reduce(state, Action::Tab(Tab::Fixes));
        assert_eq!(state.ask().fixes, Some(true));
        assert_eq!(state.ask().findings, 0);
        let state = reduce(state, Action::Tab(Tab::Findings));
        assert_eq!(
            state.ask().findings,
            PAGE_ROWS,
            "a list shown again starts at its first page"
        );
        let state = reduce(state, Action::Tab(Tab::Admission));
        let state = reduce(state, Action::ShowReview(true));
        assert_eq!(state.ask().admission, Some(true));
        // Embedded, the widget shows the containers whatever the tab.
        let embedded = State::new("a: 1\n".into(), Settings::default(), Theme::System, true);
        let embedded = reduce(embedded, Action::Tab(Tab::Settings));
        assert_eq!(embedded.ask().containers, PAGE_ROWS);
        // Opened rows are asked for their timeline.
        let state = reduce(state, Action::Toggle(3));
        let state = reduce(state, Action::Toggle(1));
        assert_eq!(state.ask().open, vec![1, 3]);
        assert_eq!(reduce(state, Action::Toggle(3)).ask().open, vec![1]);
    }

    #[test]
    fn what_is_shown_is_settled_once_it_answers_the_text_settings_and_ask() {
        let state = State::new("a: 1\n".into(), Settings::default(), Theme::System, false);
        assert!(
            state.settled(),
            "a short text is analysed on the page at once"
        );
        assert_eq!(state.analyses, 1);
        let long = "# a comment\n".repeat(10_000);
        let state = State::new(long.into(), Settings::default(), Theme::System, false);
        assert!(!state.settled(), "a long one waits for the worker");
        assert_eq!(state.analyses, 0);
        let results = Results {
            ask: state.ask(),
            ..Results::default()
        };
        let analysis = Analysis::new(state.text.clone(), state.settings.clone(), results);
        let state = reduce(
            state,
            Action::Analyzed {
                analysis: Ptr::new(analysis),
                fresh: true,
            },
        );
        assert!(state.settled());
        assert_eq!(state.analyses, 1);
        assert!(
            !reduce(state.clone(), Action::Tab(Tab::Fixes)).settled(),
            "the tab asks anew"
        );
        assert!(
            !reduce(state, Action::Edit("a: 2\n".into())).settled(),
            "the text moved on"
        );
    }
}
