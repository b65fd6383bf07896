//! `cargo bench -p pullpolicy-site`: what the playground costs a visitor, on the built `dist/`
//! (`cargo xtask build-web` first) in headless Chromium:
//!
//! - the download: every file of `dist/` gzipped at level 9, summed;
//! - the first result: from navigation to the app's `pullpolicy:first-result` mark, the median
//!   of 5 loads, each in a fresh browser (empty cache, wasm compiled anew);
//! - a 1 MB paste: the editor's text replaced by a 1 MB manifest whose every document is new
//!   (nothing to reuse), the duration of the app's last `pullpolicy:analysis` measure once
//!   `document.body.dataset.analyses` has gone up, and the time from the `input` event to that
//!   count changing (results on screen);
//! - an 8 MB paste, the same way, once;
//! - a keystroke in that manifest: one character typed into a document near the middle, the
//!   same two times (the incremental session lints that document again).
//!
//! The marks are the contract with the app; without them, those numbers are "not available".
//! Under `cargo test` (no `--bench` argument) this only checks that it builds.

use std::fmt::Write;
use std::time::Duration;

use pullpolicy_site::testing::{APP_READY, LOAD_TIMEOUT, dist_dir, serve_dist};
use pullpolicy_site::{Browser, Server, size::SiteSize};
use serde_json::json;

const LOADS: usize = 5;
const REANALYSES: usize = 3;
const KEYSTROKES: usize = 9;
const MANIFEST_BYTES: usize = 1 << 20;
/// How long after the app is ready its marks and analysis count may still take to appear.
const MARK_GRACE: Duration = Duration::from_secs(2);
/// The longest a 1 MB analysis may take before the bench gives up.
const ANALYSIS_TIMEOUT: Duration = Duration::from_secs(120);

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    if let Err(e) = run() {
        eprintln!("playground bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let server = serve_dist()?;
    let size = SiteSize::measure(&dist_dir())?;
    println!("playground ({})", dist_dir().display());
    println!(
        "  download          {} bytes gzip -9 ({} bytes raw, {} files)",
        size.gzip(),
        size.bytes(),
        size.files.len()
    );

    let mut loads = Vec::new();
    for _ in 0..LOADS {
        match first_result(&server)? {
            Some(ms) => loads.push(ms),
            None => break,
        }
    }
    match summary(&mut loads) {
        Some(s) => println!("  first result      {s} over {LOADS} fresh loads"),
        None => println!("  first result      not available (no `pullpolicy:first-result` mark)"),
    }

    let manifest = manifest_of(MANIFEST_BYTES);
    // Every document differs from the last run's: a fresh paste.
    let pastes =
        (0..REANALYSES).map(|run| manifest.replace("name: app-", &format!("name: r{run}-app-")));
    report(
        "1 MB paste",
        reanalysis(&server, pastes.map(Edit::Replace).collect())?,
        REANALYSES,
    );
    // The size of a large bundle (kube-prometheus, a rendered chart set): one paste.
    let large = manifest_of(8 * MANIFEST_BYTES);
    report(
        "8 MB paste",
        reanalysis(&server, vec![Edit::Replace(large)])?,
        1,
    );
    // One character typed into a document near the middle, then deleted, after the manifest is
    // in: the textarea edited in place, as a keystroke edits it.
    let at = manifest.len() / 2
        + manifest[manifest.len() / 2..]
            .find("name: app-")
            .unwrap_or(0);
    let at = at + "name: app-".len();
    let line = manifest[..at].matches('\n').count();
    let mut edits = vec![Edit::Replace(manifest.clone())];
    edits.extend((0..KEYSTROKES).map(|i| {
        if i % 2 == 0 {
            Edit::Splice {
                at,
                remove: 0,
                insert: "x",
                line,
            }
        } else {
            Edit::Splice {
                at,
                remove: 1,
                insert: "",
                line,
            }
        }
    }));
    // The first edit is the paste that sets up the session.
    let keystrokes = reanalysis(&server, edits)?.map(Samples::skip_first);
    report("1 MB keystroke", keystrokes, KEYSTROKES);
    Ok(())
}

/// One fresh load: milliseconds from navigation to the first-result mark, if the app sets it.
fn first_result(server: &Server) -> Result<Option<f64>, String> {
    let browser = Browser::start()?;
    browser.goto(&server.url())?;
    browser.wait_for(APP_READY, LOAD_TIMEOUT)?;
    // An array, so that a mark at time 0 would still be truthy.
    let mark = browser.wait_for(
        "(m => m && [m.startTime])(performance.getEntriesByName('pullpolicy:first-result')[0])",
        MARK_GRACE,
    );
    Ok(mark.ok().and_then(|m| m[0].as_f64()))
}

/// What one scenario measured, per run, in milliseconds.
#[derive(Default)]
struct Samples {
    /// The app's `pullpolicy:analysis` measure: core's lint (through the session) in wasm.
    analysis: Vec<f64>,
    /// The app's `pullpolicy:update` measure: from the analysis' start to the results drawn.
    drawn: Vec<f64>,
    /// The browser's own work on the textarea before the app sees the edit: `setRangeText` and
    /// the layout it forces (keystrokes only).
    textarea: Vec<f64>,
    /// From the edit to the analysis count changing: what the user waits for.
    on_screen: Vec<f64>,
    /// The longest task on the main thread in that time (a long-task observer; 0 when no task
    /// took 50 ms or more): how long the page could not answer a key or a click.
    longest_task: Vec<f64>,
}

impl Samples {
    /// Drops the first run (the paste that sets up a keystroke scenario).
    fn skip_first(mut self) -> Samples {
        for v in [
            &mut self.analysis,
            &mut self.drawn,
            &mut self.textarea,
            &mut self.on_screen,
            &mut self.longest_task,
        ] {
            if !v.is_empty() {
                v.remove(0);
            }
        }
        self
    }
}

/// Prints a scenario's medians.
fn report(what: &str, measured: Result<Samples, String>, runs: usize) {
    let mut s = match measured {
        Ok(s) => s,
        Err(why) => return println!("  {what:<15} not available ({why})"),
    };
    let rows = [
        (
            "analysis",
            &mut s.analysis,
            "`pullpolicy:analysis`: lint in wasm",
        ),
        (
            "analysed+drawn",
            &mut s.drawn,
            "`pullpolicy:update`: analysis start to results drawn",
        ),
        (
            "textarea",
            &mut s.textarea,
            "the browser's setRangeText and layout, before the app runs",
        ),
        (
            "on screen",
            &mut s.on_screen,
            "edit to `data-analyses` changed",
        ),
        (
            "longest task",
            &mut s.longest_task,
            "the main thread's longest task from the edit to the results",
        ),
    ];
    for (label, samples, meaning) in rows {
        if let Some(m) = summary(samples) {
            println!("  {what:<15} {label:<15} {m} over {runs} runs ({meaning})");
        }
    }
}

/// Sets the editor's text to each of `texts` in turn. Each gives the app's analysis time and the
/// time from the input event to the analysis count changing, in milliseconds; the inner error
/// says why the numbers are not available.
#[allow(clippy::type_complexity)]
fn reanalysis(server: &Server, edits: Vec<Edit>) -> Result<Result<Samples, String>, String> {
    let browser = Browser::start()?;
    browser.goto(&server.url())?;
    browser.wait_for(APP_READY, LOAD_TIMEOUT)?;
    // The app may show its first render a moment before its first analysis counts.
    let contract = "Number(document.body.dataset.analyses) >= 1 \
                    && document.querySelector('textarea#editor') !== null";
    if browser.wait_for(contract, MARK_GRACE).is_err() {
        return Ok(Err(
            "no `textarea#editor` or no `document.body.dataset.analyses`".into(),
        ));
    }
    browser.execute(LONG_TASKS, vec![])?;
    let mut samples = Samples::default();
    for edit in edits {
        let before = match edit {
            Edit::Replace(text) => browser.execute(EDIT, vec![json!(text)])?,
            Edit::Splice {
                at,
                remove,
                insert,
                line,
            } => browser.execute(
                SPLICE,
                vec![json!(at), json!(at + remove), json!(insert), json!(line)],
            )?,
        };
        browser.wait_for(
            &format!("Number(document.body.dataset.analyses) > {before}"),
            ANALYSIS_TIMEOUT,
        )?;
        let times = browser.execute(TIMES, vec![])?;
        match (times[0].as_f64(), times[1].as_f64()) {
            (Some(measure), Some(counted)) => {
                samples.analysis.push(measure);
                samples.on_screen.push(counted);
                samples.drawn.extend(times[2].as_f64());
                samples.textarea.extend(times[3].as_f64());
                samples.longest_task.extend(times[4].as_f64());
            }
            _ => return Ok(Err("no `pullpolicy:analysis` measure".into())),
        }
    }
    Ok(Ok(samples))
}

/// Replaces the editor's text with `arguments[0]` by a paste, noting when the analysis count
/// changes next; returns the count before.
const EDIT: &str = "
const editor = document.querySelector('textarea#editor');
const before = Number(document.body.dataset.analyses);
window.__pullpolicyCounted = undefined;
window.__pullpolicyTextarea = undefined;
const observer = new MutationObserver(() => {
  if (Number(document.body.dataset.analyses) > before) {
    window.__pullpolicyCounted = performance.now() - window.__pullpolicyInput;
    observer.disconnect();
  }
});
observer.observe(document.body, { attributes: true, attributeFilter: ['data-analyses'] });
window.__pullpolicyInput = performance.now();
window.__pullpolicyLong.takeRecords();
window.__pullpolicyTasks = [];
// Ctrl+A and a paste, as a user replaces the text (the editor puts a script's paste in place).
editor.focus();
editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true }));
editor.select();
const data = new DataTransfer();
data.setData('text/plain', arguments[0]);
editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
return before;
";

/// What the editor is given: a whole new text (a paste), or one change in place (a keystroke).
enum Edit {
    Replace(String),
    /// Bytes `at..at + remove` become `insert` (the manifest is ASCII: bytes are UTF-16 units).
    Splice {
        at: usize,
        remove: usize,
        insert: &'static str,
        /// The line of `at` (0-based), scrolled to first.
        line: usize,
    },
}

/// As [`EDIT`], for `setRangeText(arguments[2], arguments[0], arguments[1])` in bytes of the
/// whole text: the textarea keeps its text and changes one place, as typing does. The view is
/// first scrolled to line `arguments[3]`, so that the textarea's window holds the place.
const SPLICE: &str = "
const editor = document.querySelector('textarea#editor');
const scroller = document.querySelector('#editor-scroll');
const inside = () => Number(editor.dataset.windowStart) <= arguments[0]
  && arguments[1] <= Number(editor.dataset.windowEnd);
if (!inside()) {
  scroller.scrollTop = arguments[3] * 20 - 100;
  scroller.dispatchEvent(new Event('scroll'));
}
if (!inside()) throw new Error('the window did not follow the scroll');
const from = arguments[0] - Number(editor.dataset.windowStart);
const to = arguments[1] - Number(editor.dataset.windowStart);
const before = Number(document.body.dataset.analyses);
window.__pullpolicyCounted = undefined;
window.__pullpolicyTextarea = undefined;
const observer = new MutationObserver(() => {
  if (Number(document.body.dataset.analyses) > before) {
    window.__pullpolicyCounted = performance.now() - window.__pullpolicyInput;
    observer.disconnect();
  }
});
observer.observe(document.body, { attributes: true, attributeFilter: ['data-analyses'] });
window.__pullpolicyInput = performance.now();
window.__pullpolicyLong.takeRecords();
window.__pullpolicyTasks = [];
editor.setRangeText(arguments[2], from, to, 'end');
// The layout the edit needs, forced here so that it is counted apart (the browser would do it
// before the next frame anyway).
void editor.scrollHeight;
window.__pullpolicyTextarea = performance.now() - window.__pullpolicyInput;
editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
return before;
";

/// Watches for long tasks (50 ms or more on the main thread); [`EDIT`] and [`SPLICE`] empty
/// its queue, [`TIMES`] reads it.
const LONG_TASKS: &str = "
window.__pullpolicyTasks = [];
window.__pullpolicyLong = new PerformanceObserver(list => {
  window.__pullpolicyTasks.push(...list.getEntries().map(e => e.duration));
});
window.__pullpolicyLong.observe({ type: 'longtask' });
";

/// The last analysis and update measures, the edit-to-count time, the textarea's own time and
/// the longest task since the edit.
const TIMES: &str = "
const last = name => (e => e[e.length - 1])(performance.getEntriesByName(name));
const analysis = last('pullpolicy:analysis');
const update = last('pullpolicy:update');
const tasks = window.__pullpolicyTasks
  .concat(window.__pullpolicyLong.takeRecords().map(e => e.duration));
const longest = Math.max(0, ...tasks);
return [analysis ? analysis.duration : null, window.__pullpolicyCounted ?? null,
        update ? update.duration : null, window.__pullpolicyTextarea ?? null, longest];
";

/// "median M ms (min A, max B)", or `None` without samples.
fn summary(samples: &mut [f64]) -> Option<String> {
    samples.sort_by(f64::total_cmp);
    let (first, last) = (samples.first()?, samples.last()?);
    let median = samples[samples.len() / 2];
    Some(format!(
        "median {median:.1} ms (min {first:.1}, max {last:.1})"
    ))
}

/// A multi-document manifest of Deployments of about `bytes` bytes, with the image forms the
/// linter distinguishes: tagged with a policy, `:latest`, untagged, and pinned by digest.
fn manifest_of(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    let mut i = 0usize;
    while out.len() < bytes {
        let (image, policy) = match i % 4 {
            0 => (
                format!("registry.example.com/team/app-{i}:1.{i}.0"),
                "IfNotPresent",
            ),
            1 => ("nginx:latest".to_owned(), ""),
            2 => (format!("busybox-{i}"), "Always"),
            _ => (format!("ghcr.io/acme/svc-{i}@sha256:{:064x}", i), ""),
        };
        let policy = if policy.is_empty() {
            String::new()
        } else {
            format!("        imagePullPolicy: {policy}\n")
        };
        let _ = write!(
            out,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  \
             namespace: team-{ns}\n  labels:\n    app: app-{i}\nspec:\n  replicas: 2\n  \
             selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      \
             labels:\n        app: app-{i}\n    spec:\n      containers:\n      - name: main\n        \
             image: {image}\n{policy}        ports:\n        - containerPort: 8080\n      \
             - name: proxy\n        image: registry.example.com/proxy:2.{ns}\n",
            ns = i % 7,
        );
        i += 1;
    }
    out
}
