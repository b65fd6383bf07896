//! The app's state, changed only by [`Action`]s through one reducer.

use std::rc::Rc;

use pullpolicy_core::rules::RuleId;
use pullpolicy_core::session::Progress;
use pullpolicy_core::settings::Settings;
use yew::Reducible;

use crate::analysis::Analysis;
use crate::ptr::Ptr;

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

/// How long to wait after an edit before analysing: as long as the last analysis took, so that
/// keystrokes faster than an analysis are taken together, and one after a pause is analysed at
/// once (an edit inside one document of a long stream costs that document: the session).
pub fn debounce_ms(last_analysis_ms: f64) -> u32 {
    // Saturating: NaN and negatives give 0, then the floor.
    (last_analysis_ms.ceil() as u32).clamp(16, 300)
}

#[derive(Debug, Clone)]
pub struct State {
    pub text: Rc<str>,
    /// Bumped when the text changes other than by typing (see `Editor`).
    pub revision: u32,
    pub settings: Rc<Settings>,
    /// The last analysis; kept while a new one is pending, so results never go blank.
    pub analysis: Ptr<Analysis>,
    /// Analyses finished so far (the page exposes it for tests and the benchmark).
    pub analyses: u32,
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
        let analysis = Ptr::new(Analysis::run(text.clone(), settings.clone()));
        State {
            text,
            revision: 0,
            settings,
            analysis,
            analyses: 1,
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
    Analyzed(Ptr<Analysis>),
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

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edit(text) => {
                if *s.text == *text {
                    return self;
                }
                s.delay = debounce_ms(s.analysis.millis);
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
            Action::Analyzed(analysis) => {
                s.analysis = analysis;
                s.analyses += 1;
                s.progress = None;
            }
            Action::Progress(progress) => s.progress = Some(progress),
            Action::Rerun => {
                s.rerun += 1;
                s.delay = 0;
            }
            Action::SetSettings(settings) => {
                s.settings = Rc::new(settings);
                s.delay = 0;
            }
            Action::Tab(tab) => s.tab = tab,
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
