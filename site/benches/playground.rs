//! `cargo bench -p pullpolicy-site`: what the playground costs a visitor, on the built `dist/`
//! (`cargo xtask build-web` first) in headless Chromium:
//!
//! - the download: every file of `dist/` gzipped at level 9, summed;
//! - the first result: from navigation to the app's `pullpolicy:first-result` mark, the median
//!   of 5 loads, each in a fresh browser (empty cache, wasm compiled anew);
//! - re-analysing a 1 MB manifest: the editor's text replaced, the duration of the app's last
//!   `pullpolicy:analysis` measure once `document.body.dataset.analyses` has gone up, and the
//!   time from the `input` event to that count changing.
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

    match reanalysis(&server)? {
        Ok((mut analysis, mut input)) => {
            let (a, i) = (summary(&mut analysis), summary(&mut input));
            let runs = format!("over {REANALYSES} runs");
            println!(
                "  1 MB re-analysis  {} {runs} (`pullpolicy:analysis`)",
                a.unwrap_or_default()
            );
            println!(
                "  1 MB input→count  {} {runs} (input event to `data-analyses` changed)",
                i.unwrap_or_default()
            );
        }
        Err(why) => println!("  1 MB re-analysis  not available ({why})"),
    }
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

/// Replaces the editor's text with a 1 MB manifest [`REANALYSES`] times. Each run gives the
/// app's analysis time and the time from the input event to the analysis count changing, in
/// milliseconds; the inner error says why the numbers are not available.
#[allow(clippy::type_complexity)]
fn reanalysis(server: &Server) -> Result<Result<(Vec<f64>, Vec<f64>), String>, String> {
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
    let manifest = manifest(MANIFEST_BYTES);
    let (mut analysis, mut input) = (Vec::new(), Vec::new());
    for run in 0..REANALYSES {
        // Different text each time, so that the app cannot skip the work.
        let text = format!("{manifest}# run {run}\n");
        let before = browser.execute(EDIT, vec![json!(text)])?;
        browser.wait_for(
            &format!("Number(document.body.dataset.analyses) > {before}"),
            ANALYSIS_TIMEOUT,
        )?;
        let times = browser.execute(TIMES, vec![])?;
        match (times[0].as_f64(), times[1].as_f64()) {
            (Some(measure), Some(counted)) => {
                analysis.push(measure);
                input.push(counted);
            }
            _ => return Ok(Err("no `pullpolicy:analysis` measure".into())),
        }
    }
    Ok(Ok((analysis, input)))
}

/// Sets the editor's text to `arguments[0]` and fires `input`, noting when the analysis count
/// changes next; returns the count before.
const EDIT: &str = "
const editor = document.querySelector('textarea#editor');
const before = Number(document.body.dataset.analyses);
window.__pullpolicyCounted = undefined;
const observer = new MutationObserver(() => {
  if (Number(document.body.dataset.analyses) > before) {
    window.__pullpolicyCounted = performance.now() - window.__pullpolicyInput;
    observer.disconnect();
  }
});
observer.observe(document.body, { attributes: true, attributeFilter: ['data-analyses'] });
editor.value = arguments[0];
window.__pullpolicyInput = performance.now();
editor.dispatchEvent(new Event('input', { bubbles: true }));
return before;
";

/// The last analysis measure's duration, and the input-to-count time.
const TIMES: &str = "
const measures = performance.getEntriesByName('pullpolicy:analysis');
const last = measures[measures.length - 1];
return [last ? last.duration : null, window.__pullpolicyCounted ?? null];
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
fn manifest(bytes: usize) -> String {
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
