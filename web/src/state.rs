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

/// How long to wait after a keystroke before sending it to the worker: the edits of one frame
/// go together. No longer: the worker drops a run that a newer edit supersedes, and the page
/// never waits for an analysis.
pub const DEBOUNCE_MS: u32 = 16;

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
    /// The wait before the pending analysis.
    pub delay: u32,
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
        State {
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
            delay: 0,
            progress: None,
            tab: Tab::Containers,
            allow_unsafe: false,
            theme,
            notice: None,
            rule: None,
            dialog: None,
            embed,
        }
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
    /// The worker crashed with this message.
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
                s.delay = DEBOUNCE_MS;
                s.text = text;
            }
            Action::Load { text, settings } => {
                s.text = text.into();
                s.revision += 1;
                if let Some(settings) = settings {
                    s.settings = Rc::new(settings);
                }
                s.delay = 0;
            }
            Action::Analyzed { analysis, fresh } => {
                s.analysis = analysis;
                if fresh {
                    s.analyses += 1;
                    s.progress = None;
                }
            }
            Action::Crashed(message) => {
                s.progress = None;
                s.notice = Some(format!(
                    "The analysis stopped on an internal error ({message}). It restarts at the \
                     next edit; the results shown are the last good ones."
                ));
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
                s.delay = 0;
            }
            Action::SetSettings(settings) => {
                s.settings = Rc::new(settings);
                s.delay = 0;
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
