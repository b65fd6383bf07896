//! The analysis worker: this same module, started by `web/worker.js` in a dedicated worker, so
//! that linting never holds the page's thread. It keeps the text (changed by the page's
//! splices), the settings and core's incremental session, lints in steps (`analysis.rs`) so
//! that a newer request supersedes a run, and answers with what the page asked to see
//! (`view.rs`). A panic here is reported to the page, which starts a new worker (`analyst.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use pullpolicy_core::settings::Settings;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::analysis::{Linted, Running};
use crate::protocol::{Analyse, Reply, Request, settings_from_json};
use crate::view::{Ask, Results};

/// Whether this module runs in a worker (it has no `document`).
pub fn is_worker() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"document".into()).is_ok_and(|d| d.is_undefined())
}

#[derive(Default)]
struct Worker {
    text: Rc<str>,
    settings: Rc<Settings>,
    /// What the page asked to see, last.
    ask: Ask,
    /// The analysis under way (dropping it stops it).
    running: Option<Running>,
    /// The last analysis finished, and its id.
    last: Option<(u32, Linted)>,
}

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::default();
}

/// Listens to the page, and says so.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&Reply::Crashed(info.to_string()));
    }));
    let scope: web_sys::EventTarget = js_sys::global().unchecked_into();
    EventListener::new(&scope, "message", |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        match Request::from_js(&event.data()) {
            Some(Request::Analyse(request)) => analyse(request),
            Some(Request::View(ask)) => view(ask),
            Some(Request::Crash) => panic!("the page asked the analysis worker to crash"),
            None => {}
        }
    })
    .forget();
    post(&Reply::Ready);
}

fn post(reply: &Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&reply.to_js());
}

/// Starts analysing the changed text; a run under way stops (the session keeps what it linted).
fn analyse(request: Analyse) {
    WORKER.with_borrow_mut(|w| {
        if let Some(settings) = request.settings.as_deref().and_then(settings_from_json) {
            w.settings = Rc::new(settings);
        }
        // The page keeps what this worker holds; a splice that does not fit is a bug, and a
        // crash makes the page start afresh with the whole text.
        let text = (request.splice.apply(&w.text)).expect("a change that fits the worker's text");
        w.text = text.into();
        w.ask = request.ask;
        let id = request.id;
        w.running = Some(Running::start(
            w.text.clone(),
            w.settings.clone(),
            move |p| {
                post(&Reply::Progress {
                    id,
                    done: p.done,
                    total: p.total,
                })
            },
            move |linted| finished(id, linted),
        ));
    });
}

fn finished(id: u32, linted: Linted) {
    WORKER.with_borrow_mut(|w| {
        w.running = None;
        answer(id, true, &linted, &w.ask);
        w.last = Some((id, linted));
    });
}

/// Another look at the last analysis (the page's on screen while a newer one runs, which
/// answers with this ask when it ends).
fn view(ask: Ask) {
    WORKER.with_borrow_mut(|w| {
        if let Some((id, linted)) = &w.last {
            answer(*id, false, linted, &ask);
        }
        w.ask = ask;
    });
}

/// What `ask` shows of analysis `id`; the marks only when `fresh` (the page keeps those of the
/// analysis on screen).
fn answer(id: u32, fresh: bool, linted: &Linted, ask: &Ask) {
    let Linted {
        text,
        settings,
        lint,
        millis,
    } = linted;
    let results = Box::new(Results::of(text, settings, lint, *millis, ask, fresh));
    post(&Reply::Results { id, fresh, results });
}
