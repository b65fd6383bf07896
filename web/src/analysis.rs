//! One run of the core over the editor's text, in the analysis worker (`worker.rs`): in steps, so
//! that a newer text or another ask, which the worker hears between steps, supersedes it.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use pullpolicy_core::lint::FileLint;
use pullpolicy_core::session::{Progress, Session};
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::Limits;

/// A text linted.
pub struct Linted {
    pub text: Rc<str>,
    pub settings: Rc<Settings>,
    pub lint: FileLint,
    /// How long `lint` took, in milliseconds.
    pub millis: f64,
}

thread_local! {
    /// The documents of the last text, so that an edit lints again only what it changed; other
    /// settings (a new `Rc`: the app makes one per change) start afresh.
    static SESSION: RefCell<Option<(Rc<Settings>, Session)>> = const { RefCell::new(None) };
}

/// How long one step of an analysis keeps the worker before it hears what the page sent
/// meanwhile: an edit waits at most this long to supersede a run. Longer steps lose less to
/// the wait between them (browsers hold a chain of zero timeouts back 4 ms each); the page
/// waits for none of them.
const STEP_MS: f64 = 100.0;

/// A run is said to be in progress once it has taken this long, and then at most this often
/// (each report draws the page again).
const PROGRESS_AFTER_MS: f64 = 150.0;
const PROGRESS_EVERY_MS: f64 = 250.0;

/// `f` with the session of these settings: `lint` of a text as an incremental session computes
/// it (the same answer, faster after an edit inside one document of a long stream).
fn with_session<R>(settings: &Rc<Settings>, f: impl FnOnce(&mut Session) -> R) -> R {
    SESSION.with_borrow_mut(|session| {
        if !session
            .as_ref()
            .is_some_and(|(of, _)| Rc::ptr_eq(of, settings))
        {
            let fresh = Session::new((**settings).clone(), Limits::DEFAULT);
            *session = Some((settings.clone(), fresh));
        }
        let (_, session) = session.as_mut().expect("a session, just made");
        f(session)
    })
}

/// An analysis running in steps of at most [`STEP_MS`], one task each, so that the worker
/// hears the page's requests between them; dropping it stops it (an edit supersedes the run,
/// and the documents it linted are kept for the next: [`Session::update_within`]).
pub struct Running {
    /// The wait before the next step.
    next: Rc<RefCell<Option<Timeout>>>,
}

impl Running {
    /// Starts in a task of its own; `on_progress` hears how far a run that pauses got, `on_done`
    /// gets the result.
    pub fn start(
        text: Rc<str>,
        settings: Rc<Settings>,
        on_progress: impl Fn(Progress) + 'static,
        on_done: impl Fn(Linted) + 'static,
    ) -> Running {
        let next = Rc::new(RefCell::new(None));
        let run = Run {
            next: Rc::downgrade(&next),
            text,
            settings,
            millis: 0.0,
            began: None,
            reported: f64::NEG_INFINITY,
            on_progress: Rc::new(on_progress),
            on_done: Rc::new(on_done),
        };
        *next.borrow_mut() = Some(Timeout::new(0, move || run.step()));
        Running { next }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Cancels the next step; the one running, if any, is this task.
        self.next.borrow_mut().take();
    }
}

struct Run {
    /// Where the next step waits, while the [`Running`] is alive.
    next: Weak<RefCell<Option<Timeout>>>,
    text: Rc<str>,
    settings: Rc<Settings>,
    /// Time spent linting so far, over all steps.
    millis: f64,
    /// When the first step began.
    began: Option<f64>,
    /// When progress was last reported.
    reported: f64,
    on_progress: Rc<dyn Fn(Progress)>,
    on_done: Rc<dyn Fn(Linted)>,
}

impl Run {
    fn step(mut self) {
        let began = crate::dom::now();
        if self.began.is_none() {
            self.began = Some(began);
        }
        let deadline = began + STEP_MS;
        let linted = with_session(&self.settings, |session| {
            session.update_within(&self.text, &mut || crate::dom::now() < deadline)
        });
        self.millis += crate::dom::now() - began;
        match linted {
            Ok(lint) => (self.on_done)(Linted {
                text: self.text,
                settings: self.settings,
                lint,
                millis: self.millis,
            }),
            Err(progress) => {
                // Said once a run is long enough to be noticed, then now and then.
                let now = crate::dom::now();
                if self.began.is_some_and(|b| now - b > PROGRESS_AFTER_MS)
                    && now - self.reported > PROGRESS_EVERY_MS
                {
                    self.reported = now;
                    (self.on_progress)(progress);
                }
                // A zero timeout: after what the browser has pending (input, drawing).
                let Some(next) = self.next.upgrade() else {
                    return;
                };
                *next.borrow_mut() = Some(Timeout::new(0, move || self.step()));
            }
        }
    }
}
