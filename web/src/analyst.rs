//! The page's side of the analysis worker (`worker.rs`): starts it from `web/worker.js`, sends
//! each change of the text as one splice and the settings when they change, hands the app the
//! replies to its latest request (and other looks at the analysis on screen), and starts a new
//! worker when one crashes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use pullpolicy_core::session::Progress;
use pullpolicy_core::settings::Settings;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::protocol::{Analyse, Reply, Request, Splice, settings_to_json};
use crate::ptr::Ptr;
use crate::view::{Analysis, Ask};

/// What the app hears from the worker.
pub enum Heard {
    Progress(Progress),
    Analysed {
        analysis: Ptr<Analysis>,
        fresh: bool,
    },
    /// The worker crashed, or could not start: what to tell the user. A new one starts at the
    /// next request.
    Crashed(String),
}

/// The worker and what the page knows of it; cheap to clone (one worker).
#[derive(Clone)]
pub struct Analyst(Rc<RefCell<Inner>>);

impl PartialEq for Analyst {
    fn eq(&self, other: &Analyst) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Inner {
    worker: Option<Started>,
    on_heard: Rc<dyn Fn(Heard)>,
    /// The latest analysis asked for: its id, text and settings.
    latest: Option<(u32, Rc<str>, Rc<Settings>)>,
    /// The analysis on screen and its id: while a newer one runs, the worker shows it for
    /// another ask (a tab opened meanwhile), without its marks, which are kept from this.
    shown: Option<(u32, Ptr<Analysis>)>,
}

/// A running worker.
struct Started {
    worker: Worker,
    _listeners: [EventListener; 2],
    /// Requests made before it listens.
    queue: Option<Vec<Request>>,
    /// The text and settings it holds, as of the requests sent.
    text: Rc<str>,
    settings: Option<Rc<Settings>>,
}

impl Drop for Started {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Analyst {
    pub fn new(on_heard: impl Fn(Heard) + 'static) -> Analyst {
        Analyst(Rc::new(RefCell::new(Inner {
            worker: None,
            on_heard: Rc::new(on_heard),
            latest: None,
            shown: None,
        })))
    }

    /// Analyses `text` with `settings` as request `id`, superseding the one under way.
    pub fn analyse(&self, id: u32, text: &Rc<str>, settings: &Rc<Settings>, ask: Ask) {
        self.0.borrow_mut().latest = Some((id, text.clone(), settings.clone()));
        self.request(id, text, settings, ask);
    }

    /// Gives the worker the text and settings of the analysis the page made itself (the first,
    /// of a short text): the worker analyses them too, for the next edit and for other looks at
    /// them (a tab opened), and its result is not counted as new.
    pub fn hold(&self, shown: &Ptr<Analysis>, ask: Ask) {
        // Request 0: the page's own are 1 and up.
        self.0.borrow_mut().shown = Some((0, shown.clone()));
        self.request(0, &shown.text, &shown.settings, ask);
    }

    fn request(&self, id: u32, text: &Rc<str>, settings: &Rc<Settings>, ask: Ask) {
        let request = {
            let mut inner = self.0.borrow_mut();
            let Some(worker) = self.started(&mut inner) else {
                drop(inner);
                return self.cannot_start();
            };
            let fresh = !worker.settings.as_ref().is_some_and(|s| s == settings);
            let settings_json = fresh.then(|| settings_to_json(settings));
            let splice = Splice::between(&worker.text, text);
            worker.text = text.clone();
            worker.settings = Some(settings.clone());
            Request::Analyse(Analyse {
                id,
                settings: settings_json,
                splice,
                ask,
            })
        };
        self.send(request);
    }

    /// The latest analysis again, showing what `ask` asks for.
    pub fn view(&self, ask: Ask) {
        self.send(Request::View(ask));
    }

    /// Makes the worker panic (the browser tests' way to prove the page survives it).
    pub fn crash(&self) {
        self.send(Request::Crash);
    }

    fn send(&self, request: Request) {
        let mut inner = self.0.borrow_mut();
        let Some(worker) = self.started(&mut inner) else {
            drop(inner);
            return self.cannot_start();
        };
        match &mut worker.queue {
            Some(queue) => queue.push(request),
            None => {
                let _ = worker.worker.post_message(&request.to_js());
            }
        }
    }

    /// Says that there is no worker to ask (this browser has no module workers, or the page
    /// was loaded without its loader); tried again at the next request.
    fn cannot_start(&self) {
        let on_heard = self.0.borrow().on_heard.clone();
        on_heard(Heard::Crashed(
            "This browser could not start the playground's analysis (a module Web Worker), so \
             nothing is analysed; it tries again at the next edit."
                .into(),
        ));
    }

    /// The worker, started if there is none.
    fn started<'a>(&self, inner: &'a mut Inner) -> Option<&'a mut Started> {
        if inner.worker.is_none() {
            inner.worker = self.start();
        }
        inner.worker.as_mut()
    }

    fn start(&self) -> Option<Started> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&worker_url()?, &options).ok()?;
        // `worker.js` starts the module it is sent: this one, compiled already.
        worker.post_message(&wasm_bindgen::module()).ok()?;
        let on_message = {
            let analyst = self.clone();
            EventListener::new(&worker, "message", move |event| {
                if let Some(reply) = event
                    .dyn_ref::<MessageEvent>()
                    .and_then(|e| Reply::from_js(&e.data()))
                {
                    analyst.heard(reply);
                }
            })
        };
        // A trap without a panic message (or a worker that cannot start) is a crash too.
        let on_error = {
            let analyst = self.clone();
            EventListener::new(&worker, "error", move |_| {
                analyst.heard(Reply::Crashed(
                    "the analysis worker stopped, or could not load".into(),
                ))
            })
        };
        Some(Started {
            worker,
            _listeners: [on_message, on_error],
            queue: Some(Vec::new()),
            text: "".into(),
            settings: None,
        })
    }

    fn heard(&self, reply: Reply) {
        let heard = {
            let mut inner = self.0.borrow_mut();
            let latest = |id: u32| inner.latest.as_ref().filter(|(of, ..)| *of == id);
            let shown = |id: u32| inner.shown.as_ref().filter(|(of, ..)| *of == id);
            match reply {
                Reply::Ready => {
                    let queue = inner.worker.as_mut().and_then(|w| w.queue.take());
                    drop(inner);
                    for request in queue.into_iter().flatten() {
                        self.send(request);
                    }
                    return;
                }
                Reply::Progress { id, done, total } => {
                    let Some(_) = latest(id) else { return };
                    Heard::Progress(Progress { done, total })
                }
                Reply::Results { id, fresh, results } => {
                    // New to the page only as the answer to its latest request; for the
                    // analysis on screen, another look at it (with its marks kept when none
                    // come).
                    let analysis = match (&results.marks, latest(id), shown(id)) {
                        (Some(_), Some((_, text, settings)), _) => {
                            Analysis::new(text.clone(), settings.clone(), *results)
                        }
                        (Some(_), None, Some((_, shown))) => {
                            Analysis::new(shown.text.clone(), shown.settings.clone(), *results)
                        }
                        (None, _, Some((_, shown))) => Analysis::again(shown, *results),
                        _ => return,
                    };
                    let fresh = fresh && latest(id).is_some();
                    let analysis = Ptr::new(analysis);
                    inner.shown = Some((id, analysis.clone()));
                    Heard::Analysed { analysis, fresh }
                }
                Reply::Crashed(message) => {
                    if inner.worker.is_none() {
                        return;
                    }
                    // Gone: the next request starts another, and sends it the whole text.
                    inner.worker = None;
                    Heard::Crashed(format!(
                        "The analysis stopped on an internal error ({message}). It restarts at \
                         the next edit; the results shown are the last good ones."
                    ))
                }
            }
        };
        let on_heard = self.0.borrow().on_heard.clone();
        on_heard(heard);
    }
}

/// `worker.js` next to the page's loader (`web/boot.js`), told the glue's hashed file.
fn worker_url() -> Option<String> {
    let boot = gloo::utils::document()
        .query_selector("script[data-wasm]")
        .ok()??;
    let src = boot.get_attribute("src")?;
    let base = gloo::utils::document().base_uri().ok()??;
    let absolute = |path: &str| {
        web_sys::Url::new_with_base(path, &base)
            .ok()
            .map(|u| u.href())
    };
    let file = |name: &str| {
        boot.get_attribute(name)
            .and_then(|path| absolute(&path))
            .map(|url| String::from(js_sys::encode_uri_component(&url)))
    };
    let worker = web_sys::Url::new_with_base("worker.js", &absolute(&src)?).ok()?;
    Some(format!("{}?js={}", worker.href(), file("data-js")?))
}
