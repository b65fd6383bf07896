//! The playground as users meet it, in headless Chromium against the built `dist/`: every
//! example and seed scenario, findings that select their range, fixes, settings that change the
//! admission verdict, share links, autosave, embed mode, keyboard, parse errors, 1 MB inputs.
//! What the page shows is compared with what pullpolicy-core computes natively for the same text.
//! Every test ends with `check_clean`: no console error, no CSP violation, nothing loaded from
//! anywhere but the site.

use std::path::Path;
use std::time::Duration;

use pullpolicy_core::counts::Counts;
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{fix, lint};
use pullpolicy_core::rules::docs;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::Limits;
use pullpolicy_site::testing::{APP_READY, Page, dist_dir};
use pullpolicy_site::{Browser, Server};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

fn ok<T>(result: Result<T, String>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn js(page: &Browser, script: &str) -> Value {
    ok(page.execute(script, vec![]))
}

fn js_with(page: &Browser, script: &str, args: Vec<Value>) -> Value {
    ok(page.execute(script, args))
}

fn analyses(page: &Browser) -> u64 {
    js(page, "return Number(document.body.dataset.analyses || 0);")
        .as_u64()
        .unwrap_or(0)
}

/// Waits until an analysis after `before` is on screen.
fn wait_analysed(page: &Browser, before: u64) {
    ok(page.wait_for(
        &format!("Number(document.body.dataset.analyses) > {before}"),
        WAIT,
    ));
}

/// Pastes `text` into the editor over the whole text as a user would (Ctrl+A, then a paste
/// event carrying it) and waits for the result.
fn paste(page: &Browser, text: &str) {
    let before = analyses(page);
    let pasted = js_with(
        page,
        &format!(
            "{HOLDS_ALL} if (holdsAll() && t.value === arguments[0]) return false; {PASTE} return true;"
        ),
        vec![json!(text)],
    );
    // Nothing changes, so nothing is analysed again.
    if pasted == json!(true) {
        wait_analysed(page, before);
    }
}

/// Defines `t` (the textarea) and `holdsAll()`: whether it holds the whole text, not a window.
const HOLDS_ALL: &str = "const t = document.querySelector('#editor'); \
    const holdsAll = () => t.dataset.windowStart === '0' && t.dataset.windowEnd === t.dataset.length;";

/// Selects all in `t` as Ctrl+A does and pastes `arguments[0]` (a paste event that carries its
/// text: the editor puts a script's paste in place itself).
const PASTE: &str = "t.focus(); \
    t.dispatchEvent(new KeyboardEvent('keydown', {key: 'a', ctrlKey: true, bubbles: true})); \
    t.select(); \
    const data = new DataTransfer(); data.setData('text/plain', arguments[0]); \
    t.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));";

/// The editor's text; only for texts the textarea holds whole (short ones).
fn editor_text(page: &Browser) -> String {
    let held = js(
        page,
        &format!("{HOLDS_ALL} return holdsAll() ? t.value : null;"),
    );
    held.as_str()
        .expect("the textarea holds a window of the text, not all of it")
        .to_owned()
}

/// Where the textarea's window is: bytes `[start, end, length of the whole text]`.
fn window(page: &Browser) -> [usize; 3] {
    let at = js(
        page,
        "const d = document.querySelector('#editor').dataset; \
         return [d.windowStart, d.windowEnd, d.length].map(Number);",
    );
    serde_json::from_value(at).unwrap()
}

/// Waits until what the page shows is up to date: the analysis of the editor's text, with what
/// the page asks of it (a tab's results, opened rows) back from the worker.
fn settle(page: &Browser) {
    ok(page.wait_for("document.body.dataset.settled === 'true'", WAIT));
}

/// Clicks, and waits for what the click asked the worker for.
fn click(page: &Browser, selector: &str) {
    ok(ok(page.find(selector)).click());
    settle(page);
}

fn open_tab(page: &Browser, id: &str) {
    click(page, &format!("#tab-{id}"));
    ok(page.wait_for(
        &format!("document.querySelector('#tab-{id}').getAttribute('aria-selected') === 'true'"),
        WAIT,
    ));
    settle(page);
}

/// Sets a `<select>` as a user would.
fn choose(page: &Browser, selector: &str, value: &str) {
    js_with(
        page,
        "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(selector), json!(value)],
    );
}

/// Sets a text field (an `<input>` or a `<textarea>`) as typing would, with one input event.
fn type_into(page: &Browser, selector: &str, value: &str) {
    js_with(
        page,
        "const t = document.querySelector(arguments[0]); t.value = arguments[1]; \
         t.dispatchEvent(new InputEvent('input', {bubbles: true}));",
        vec![json!(selector), json!(value)],
    );
}

fn texts(page: &Browser, selector: &str) -> Vec<String> {
    let value = js_with(
        page,
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());",
        vec![json!(selector)],
    );
    serde_json::from_value(value).unwrap_or_default()
}

/// The effective policies core computes for `text`, in order.
fn expected_policies(text: &str, settings: &Settings) -> Vec<String> {
    lint(text, settings)
        .report
        .images
        .iter()
        .map(|u| {
            u.resolution
                .effective()
                .map_or("none", |p| p.as_str())
                .to_owned()
        })
        .collect()
}

/// Active findings as `line:rule`, as core computes them.
fn expected_findings(text: &str, settings: &Settings) -> Vec<String> {
    lint(text, settings)
        .findings
        .iter()
        .filter(|f| f.is_active())
        .map(|f| format!("{} {}", f.span.start.line, f.rule))
        .collect()
}

/// Findings as shown: `line:rule` (the line from "line:column · object").
fn shown_findings(page: &Browser) -> Vec<String> {
    let value = js(
        page,
        "return [...document.querySelectorAll('ol.findings li.finding:not(.suppressed)')].map(li => \
           li.querySelector('.where').textContent.split(':')[0] + ' ' + \
           li.querySelector('.rule').textContent.trim());",
    );
    serde_json::from_value(value).unwrap_or_default()
}

fn read_example(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn first_visit_shows_the_first_scenario_explained() {
    let page = ok(Page::open());
    let text = editor_text(&page);
    assert!(text.contains("registry/demoapi:latest"), "{text}");
    assert_eq!(
        texts(&page, "table.containers td.effective strong"),
        expected_policies(&text, &Settings::default())
    );
    let why = texts(&page, "table.containers td.why").join(" ");
    assert!(why.contains("latest"), "{why}");
    // The gutter marks line 22 (the image) with a letter, not only a colour.
    let marker = texts(&page, ".gutter-line .marker.warning");
    assert_eq!(marker, ["W"]);
    let summary = texts(&page, "#summary");
    assert!(summary[0].starts_with("1 container"), "{summary:?}");
    // The page analysed this short text itself, before the worker started: at once, a tab
    // opened is answered by the worker (its first analysis, of the same text, not counted as
    // a new one).
    assert_eq!(analyses(&page), 1);
    ok(page.save_screenshot("main"));
    open_tab(&page, "findings");
    assert_eq!(
        shown_findings(&page),
        expected_findings(&text, &Settings::default())
    );
    assert_eq!(analyses(&page), 1);
    open_tab(&page, "containers");
    ok(page.check_clean());
}

#[test]
fn every_example_shows_the_policies_and_findings_core_computes() {
    let page = ok(Page::open());
    let ids: Vec<String> = serde_json::from_value(js(
        &page,
        "return [...document.querySelectorAll('#examples option')].map(o => o.value).filter(v => v);",
    ))
    .unwrap();
    assert!(ids.len() >= 8, "{ids:?}");
    let settings = Settings::default();
    // From the last: the first is already loaded, and loading it again changes nothing.
    for id in ids.iter().rev() {
        let before = analyses(&page);
        choose(&page, "#examples", id);
        wait_analysed(&page, before);
        let text = editor_text(&page);
        assert_eq!(
            texts(&page, "table.containers td.effective strong"),
            expected_policies(&text, &settings),
            "{id}"
        );
        open_tab(&page, "findings");
        assert_eq!(
            shown_findings(&page),
            expected_findings(&text, &settings),
            "{id}"
        );
        open_tab(&page, "containers");
    }
    ok(page.check_clean());
}

#[test]
fn pasted_scenarios_are_read_as_written() {
    let page = ok(Page::open());
    let settings = Settings::default();
    for name in [
        "examples/02-misplaced-pull-policy.yaml",
        "examples/05-private-registry-init-container.yaml",
        "web/examples/never-registry-image.yaml",
    ] {
        let text = read_example(name);
        paste(&page, &text);
        assert_eq!(editor_text(&page), text);
        assert_eq!(
            texts(&page, "table.containers td.effective strong"),
            expected_policies(&text, &settings),
            "{name}"
        );
    }
    // Seed 2: the misplaced field is reported where it is written.
    paste(
        &page,
        &read_example("examples/02-misplaced-pull-policy.yaml"),
    );
    open_tab(&page, "findings");
    let shown = shown_findings(&page);
    assert!(
        shown.iter().any(|f| f == "14 misplaced-pull-policy"),
        "{shown:?}"
    );
    ok(page.check_clean());
}

#[test]
fn clicking_a_finding_selects_its_range_in_the_editor() {
    let page = ok(Page::open());
    // Non-ASCII before the finding: the selection counts UTF-16 units, core counts bytes.
    let text = "# café ☕ déploiement\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n";
    paste(&page, text);
    open_tab(&page, "findings");
    let linted = lint(text, &Settings::default());
    let first = linted
        .findings
        .iter()
        .find(|f| f.is_active())
        .expect("a finding");
    click(&page, "ol.findings li.finding .finding-main");
    let selection = js(
        &page,
        "const t = document.querySelector('#editor'); \
         return [t.selectionStart, t.selectionEnd, document.activeElement === t, \
                 t.value.substring(t.selectionStart, t.selectionEnd)];",
    );
    let start = text[..first.span.start.offset].encode_utf16().count();
    let end = text[..first.span.end.offset].encode_utf16().count();
    assert_eq!(
        selection,
        json!([start, end, true, &text[first.span.range()]])
    );
    // The rule id opens its explanation.
    click(&page, "ol.findings li.finding .rule");
    ok(page.wait_for(
        &format!(
            "document.querySelector('#rule-{}.focused') !== null",
            first.rule
        ),
        WAIT,
    ));
    // Under the headings of docs/rules.md, with the registry's texts (inline code drawn).
    let rule = first.rule.rule();
    let at = |part: &str| texts(&page, &format!("#rule-{} {part}", first.rule));
    let plain = |markdown: &str| markdown.replace('`', "");
    assert_eq!(
        at("h4"),
        [
            "Why",
            "What the cluster does",
            "Fix safety",
            "Severity and settings"
        ]
    );
    assert_eq!(at(".why"), [plain(rule.why)]);
    assert_eq!(at(".cluster"), [plain(rule.cluster)]);
    assert_eq!(at(".fix"), [plain(&docs::fix_safety(rule))]);
    ok(page.check_clean());
}

#[test]
fn fixes_show_a_diff_and_apply_what_core_fixes() {
    let page = ok(Page::open());
    let text = read_example("examples/01-local-image-latest.yaml");
    paste(&page, &text);
    open_tab(&page, "fixes");
    let settings = Settings::default();
    let safe = fix(&text, &settings, Applicability::Safe).unwrap();
    let all = fix(&text, &settings, Applicability::Unsafe).unwrap();
    assert_eq!(
        texts(&page, "ul.applied li").len(),
        safe.applied.len(),
        "safe fixes"
    );
    let added = texts(&page, "table.diff tr.added td.diff-text");
    assert!(!added.is_empty());
    // Unsafe fixes on request.
    click(&page, "#allow-unsafe");
    ok(page.wait_for(
        &format!(
            "document.querySelectorAll('ul.applied li').length === {}",
            all.applied.len()
        ),
        WAIT,
    ));
    click(&page, "#allow-unsafe");
    ok(page.wait_for(
        &format!(
            "document.querySelectorAll('ul.applied li').length === {}",
            safe.applied.len()
        ),
        WAIT,
    ));
    let before = analyses(&page);
    click(&page, "#apply-fixes");
    wait_analysed(&page, before);
    assert_eq!(editor_text(&page), safe.text);
    ok(page.wait_for(
        "document.querySelector('.panel').textContent.includes('Nothing to fix')",
        WAIT,
    ));
    // Applied as an edit: undo brings the original back.
    let before = analyses(&page);
    js(
        &page,
        "document.querySelector('#editor').focus(); document.execCommand('undo');",
    );
    wait_analysed(&page, before);
    assert_eq!(editor_text(&page), text);
    ok(page.check_clean());
}

#[test]
fn settings_change_the_admission_verdict_and_export() {
    let page = ok(Page::open());
    paste(
        &page,
        &read_example("web/examples/latest-in-production.yaml"),
    );
    open_tab(&page, "admission");
    // prod: latest-tag is a warning, failOn error: allowed, with warnings.
    assert_eq!(texts(&page, ".verdict .badge"), ["Allowed"]);
    assert!(!texts(&page, ".verdict ul.warnings li").is_empty());

    open_tab(&page, "settings");
    let before = analyses(&page);
    choose(&page, "#setting-failOn", "warning");
    wait_analysed(&page, before);
    let exported = texts(&page, "#export-policy").join("");
    assert!(exported.contains("failOn: warning"), "{exported}");
    assert!(
        exported.contains("kind: ClusterAdmissionPolicy"),
        "{exported}"
    );
    let config = texts(&page, "#export-config").join("");
    assert!(config.contains("failOn: warning"), "{config}");

    open_tab(&page, "admission");
    assert_eq!(texts(&page, ".verdict .badge"), ["Rejected"]);
    let message = texts(&page, ".verdict pre.message").join("");
    assert!(message.contains("[latest-tag]"), "{message}");

    // mutate: always patches the Pod spec's policies.
    open_tab(&page, "settings");
    let before = analyses(&page);
    choose(&page, "#setting-failOn", "error");
    choose(&page, "#setting-mutate", "explicit");
    wait_analysed(&page, before);
    open_tab(&page, "admission");
    ok(page.wait_for(
        "document.querySelector('.verdict .badge').textContent === 'Allowed, mutated'",
        WAIT,
    ));
    let patch = texts(&page, ".verdict pre.json").join("");
    assert!(patch.contains("imagePullPolicy"), "{patch}");
    // A rejected registry, one per line: the verdict names the pattern; the export carries it.
    open_tab(&page, "settings");
    let before = analyses(&page);
    type_into(&page, "#setting-rejectedRegistries", "ghcr.io/acme");
    wait_analysed(&page, before);
    let exported = texts(&page, "#export-policy").join("");
    assert!(exported.contains("rejectedRegistries:"), "{exported}");
    open_tab(&page, "admission");
    assert_eq!(texts(&page, ".verdict .badge"), ["Rejected"]);
    let message = texts(&page, ".verdict pre.message").join("");
    assert!(
        message.contains("a rejected registry (ghcr.io/acme) [registry-not-allowed]"),
        "{message}"
    );
    open_tab(&page, "settings");
    let before = analyses(&page);
    type_into(&page, "#setting-rejectedRegistries", "");
    wait_analysed(&page, before);
    // An invalid value names its key and changes nothing.
    open_tab(&page, "settings");
    type_into(&page, "#setting-kubernetesVersion", "2.0");
    ok(page.wait_for("document.querySelector('.settings-error') !== null", WAIT));
    let error = texts(&page, ".settings-error").join("");
    assert!(error.contains("kubernetesVersion"), "{error}");
    ok(page.check_clean());
}

/// The Containers tab says whether a restart pulls again, and a row opens to what the kubelet
/// does at each event: the same steps core computes, following the Kubernetes version setting.
#[test]
fn a_row_opens_to_what_the_node_does_at_each_event() {
    use pullpolicy_core::view::NodeView;
    let page = ok(Page::open());
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: myapp}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: wait\n          image: busybox\n      containers:\n        - name: myapp\n          image: myregistry.com/myapp:5c3dda6b\n";
    paste(&page, text);
    assert_eq!(texts(&page, "table.containers td.repulls").len(), 2);
    assert!(texts(&page, "table.containers td.repulls")[0].starts_with("yes"));
    assert!(texts(&page, "table.containers td.repulls")[1].starts_with("no"));
    assert!(texts(&page, ".timeline").is_empty(), "rows start closed");
    // Open the app container's row.
    js(
        &page,
        "document.querySelectorAll('table.containers td.repulls button.expand')[1].click();",
    );
    ok(page.wait_for("document.querySelector('.timeline') !== null", WAIT));
    let expanded = js(
        &page,
        "return document.querySelectorAll('table.containers button.expand')[1].getAttribute('aria-expanded');",
    );
    assert_eq!(expanded, json!("true"));
    let shown = |page: &Browser| -> Vec<(String, String, String)> {
        serde_json::from_value(js(
            page,
            "return [...document.querySelectorAll('.timeline tr.step')].map(tr => \
               [tr.dataset.event, tr.querySelector('.pulls').textContent, \
                tr.querySelector('.status').textContent]);",
        ))
        .unwrap()
    };
    let expected = |settings: &Settings| -> Vec<(String, String, String)> {
        let linted = lint(text, settings);
        let image = &linted.report.images[1];
        NodeView::of(image, settings)
            .on_node
            .iter()
            .map(|s| (s.event.to_owned(), s.pulls.to_owned(), s.status.clone()))
            .collect()
    };
    assert_eq!(shown(&page), expected(&Settings::default()));
    let rollout = texts(&page, ".timeline tr[data-event=rollout-restart] td.reason").join("");
    assert!(rollout.contains("a new push is not picked up"), "{rollout}");
    let backoff = texts(&page, ".timeline p.backoff").join("");
    assert!(backoff.contains("10, 20, 40, 80, 160, 300 s"), "{backoff}");
    // On 1.34 the kubelet does not check credentials of cached images: the row follows.
    open_tab(&page, "settings");
    let before = analyses(&page);
    type_into(&page, "#setting-kubernetesVersion", "1.34");
    wait_analysed(&page, before);
    open_tab(&page, "containers");
    ok(page.wait_for("document.querySelector('.timeline') !== null", WAIT));
    let v134 = Settings {
        kubernetes_version: pullpolicy_core::settings::KubernetesVersion { minor: 34 },
        ..Settings::default()
    };
    assert_eq!(shown(&page), expected(&v134));
    let credentials = texts(
        &page,
        ".timeline tr[data-event=cached-by-another-pod] td.status",
    )
    .join("");
    assert_eq!(credentials, "Running");
    // Back on 1.35 with the gate turned on explicitly, AlwaysVerify: the kubelet checks even
    // preloaded copies, and the export carries the kubelet settings.
    open_tab(&page, "settings");
    let before = analyses(&page);
    type_into(&page, "#setting-kubernetesVersion", "1.35");
    choose(&page, "#setting-kubelet-ensureSecretPulledImages", "on");
    choose(
        &page,
        "#setting-kubelet-imagePullCredentialsVerificationPolicy",
        "AlwaysVerify",
    );
    wait_analysed(&page, before);
    ok(page.wait_for(
        "document.querySelector('#export-config').textContent.includes('AlwaysVerify')",
        WAIT,
    ));
    let config = texts(&page, "#export-config").join("");
    assert!(
        config.contains("imagePullCredentialsVerificationPolicy: AlwaysVerify"),
        "{config}"
    );
    assert!(
        config.contains("ensureSecretPulledImages: true"),
        "{config}"
    );
    open_tab(&page, "containers");
    ok(page.wait_for(
        "document.querySelector('.timeline tr[data-event=start-with-image] td.pulls') \
           ?.textContent === 'if preloaded'",
        WAIT,
    ));
    let always_verify = Settings {
        kubelet: pullpolicy_core::settings::KubeletSettings {
            ensure_secret_pulled_images: Some(true),
            image_pull_credentials_verification_policy: Some(
                pullpolicy_core::node::VerificationPolicy::AlwaysVerify,
            ),
        },
        ..Settings::default()
    };
    assert_eq!(shown(&page), expected(&always_verify));
    // Closing the row hides the timeline again.
    js(
        &page,
        "document.querySelectorAll('table.containers td.repulls button.expand')[1].click();",
    );
    ok(page.wait_for("document.querySelector('.timeline') === null", WAIT));
    ok(page.check_clean());
}

/// kubernetes `pkg/api/pod/util.go` `dropDisabledFields`: on 1.34, whose ImageVolume gate is off
/// by default, the API server drops image volumes; the gate set in the form keeps them.
#[test]
fn image_volumes_follow_the_release_and_the_gate() {
    use pullpolicy_core::cluster::FeatureGates;
    use pullpolicy_core::settings::KubernetesVersion;
    let page = ok(Page::open());
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: ml}\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/app:1.0\n      imagePullPolicy: IfNotPresent\n      volumeMounts: [{name: model, mountPath: /m}]\n  volumes:\n    - name: model\n      image: {reference: ghcr.io/acme/model:v2, pullPolicy: IfNotPresent}\n";
    paste(&page, text);
    open_tab(&page, "containers");
    assert_eq!(texts(&page, "table.containers td.repulls").len(), 2);
    let v134 = Settings {
        kubernetes_version: KubernetesVersion { minor: 34 },
        ..Settings::default()
    };
    open_tab(&page, "settings");
    let before = analyses(&page);
    type_into(&page, "#setting-kubernetesVersion", "1.34");
    wait_analysed(&page, before);
    open_tab(&page, "containers");
    assert_eq!(texts(&page, "table.containers td.repulls").len(), 1);
    open_tab(&page, "findings");
    let shown = shown_findings(&page);
    assert_eq!(shown, expected_findings(text, &v134));
    assert!(
        shown.contains(&"12 image-volume-dropped".to_owned()),
        "{shown:?}"
    );
    open_tab(&page, "settings");
    let before = analyses(&page);
    choose(&page, "#setting-featureGates-ImageVolume", "on");
    wait_analysed(&page, before);
    let gate_on = Settings {
        feature_gates: FeatureGates {
            image_volume: Some(true),
        },
        ..v134
    };
    open_tab(&page, "findings");
    assert_eq!(shown_findings(&page), expected_findings(text, &gate_on));
    open_tab(&page, "containers");
    assert_eq!(texts(&page, "table.containers td.repulls").len(), 2);
    ok(page.check_clean());
}

/// A paste that would take the text over core's 64 MiB limit is refused before the textarea
/// takes it (laying out that much text would freeze the page first), with a notice saying why.
#[test]
fn an_oversized_paste_is_refused_at_once() {
    let page = ok(Page::open());
    let paste = |size: usize| {
        js_with(
            &page,
            "const t = document.querySelector('#editor'); const dt = new DataTransfer(); \
             dt.setData('text/plain', 'a'.repeat(arguments[0])); \
             const e = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}); \
             t.dispatchEvent(e); return e.defaultPrevented;",
            vec![json!(size)],
        )
    };
    assert_eq!(paste(65 << 20), json!(true), "refused");
    ok(page.wait_for("document.querySelector('.notice') !== null", WAIT));
    let notice = texts(&page, ".notice span").join("");
    assert!(
        notice.contains("more than the 64 MiB pullpolicy reads"),
        "{notice}"
    );
    // A small one is taken (the editor puts a script's paste in place itself).
    let [_, _, length] = window(&page);
    let before = analyses(&page);
    paste(1000);
    wait_analysed(&page, before);
    assert_eq!(
        window(&page)[2],
        length + 1000,
        "a small paste goes through"
    );
    ok(page.check_clean());
}

#[test]
fn a_share_link_restores_the_state_in_a_fresh_browser() {
    let page = ok(Page::open());
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: shared}\nspec:\n  containers:\n    - name: a\n      image: ghcr.io/acme/a:1.0  # ünïcode\n";
    paste(&page, text);
    open_tab(&page, "settings");
    let before = analyses(&page);
    choose(&page, "#setting-profile", "strict");
    wait_analysed(&page, before);
    click(&page, "#share");
    ok(page.wait_for("document.querySelector('#share-link') !== null", WAIT));
    let link = js(&page, "return document.querySelector('#share-link').value;");
    let link = link.as_str().unwrap().to_owned();
    assert!(link.contains("#s="), "{link}");
    assert!(
        !link.contains('?'),
        "state goes in the fragment only: {link}"
    );
    assert_eq!(
        ok(page.current_url()),
        link,
        "the address bar holds the link"
    );
    // The Embed dialog's iframe snippet carries the same state.
    ok(page.execute(
        "document.querySelector('#share-dialog .close').click();",
        vec![],
    ));
    click(&page, "#embed");
    ok(page.wait_for("document.querySelector('#embed-iframe') !== null", WAIT));
    let iframe = texts(&page, "#embed-iframe").join("");
    let fragment = link.split_once('#').unwrap().1;
    assert!(iframe.contains(&format!("?embed#{fragment}\"")), "{iframe}");
    ok(page.check_clean());

    // A fresh browser: a new profile, so no localStorage; the link alone carries the state.
    let fresh = ok(Browser::start());
    ok(fresh.goto(&link));
    ok(fresh.wait_for(APP_READY, WAIT));
    assert_eq!(editor_text(&fresh), text);
    open_tab(&fresh, "settings");
    assert_eq!(
        js(
            &fresh,
            "return document.querySelector('#setting-profile').value;"
        ),
        json!("strict")
    );
    // A damaged link says so and still shows a working page.
    let damaged = format!("{}x", &link[..link.len() - 20]);
    ok(fresh.goto(&page.url("")));
    ok(fresh.goto(&damaged));
    ok(fresh.execute("location.reload();", vec![]));
    ok(fresh.wait_for(
        "document.querySelector('.notice') !== null && Number(document.body.dataset.analyses) >= 1",
        WAIT,
    ));
    let notice = texts(&fresh, ".notice span").join("");
    assert!(notice.contains("damaged"), "{notice}");
}

/// Links are raw deflate (RFC 1951), made and read by the browser's Compression Streams: one made
/// by another deflater (flate2 here; the playground's own miniz_oxide until 2026-12-07) opens,
/// and one that would inflate to 64 MiB is stopped at 4 MiB with a reason, the text kept.
#[test]
fn links_from_any_deflater_open_and_inflate_bombs_do_not() {
    use std::io::Write;
    let fragment = |state: &[u8]| {
        let mut deflater =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        deflater.write_all(state).unwrap();
        format!(
            "#s={}",
            pullpolicy_core::base64::encode_url(&deflater.finish().unwrap())
        )
    };
    let text = "apiVersion: v1\nkind: Pod # an older link\n";
    let state = json!({"v": 1, "text": text, "settings": {"profile": "dev"}});
    let page = ok(Page::open_at(
        &fragment(state.to_string().as_bytes()),
        APP_READY,
    ));
    assert_eq!(editor_text(&page), text);
    // Only the fragment changes: the page stays and reads it on `hashchange`.
    let bomb = fragment(&vec![b' '; 64 << 20]);
    ok(page.execute(&format!("location.hash = '{bomb}';"), vec![]));
    ok(page.wait_for("document.querySelector('.notice') !== null", WAIT));
    let notice = texts(&page, ".notice span").join("");
    assert!(
        notice.contains("damaged") && notice.contains("more than 4 MiB"),
        "{notice}"
    );
    assert_eq!(editor_text(&page), text);
    ok(page.check_clean());
}

#[test]
fn large_links_are_refused_with_a_reason() {
    let page = ok(Page::open());
    let text: String = (0..3000u32)
        .map(|i| format!("k{i}: {:x}\n", i.wrapping_mul(2_654_435_761)))
        .collect();
    paste(&page, &text);
    click(&page, "#share");
    ok(page.wait_for("document.querySelector('#share-dialog') !== null", WAIT));
    let dialog = texts(&page, "#share-dialog").join("");
    assert!(dialog.contains("too large to share"), "{dialog}");
    assert!(ok(page.find_all("#share-link")).is_empty());
    ok(page.check_clean());
}

#[test]
fn the_draft_is_autosaved_and_restored() {
    let page = ok(Page::open());
    let text =
        "# my draft\napiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: busybox}]\n";
    paste(&page, text);
    ok(page.wait_for(
        "(localStorage.getItem('pullpolicy:draft') || '').includes('my draft')",
        WAIT,
    ));
    ok(page.navigate("", APP_READY));
    assert_eq!(editor_text(&page), text);
    ok(page.check_clean());
}

#[test]
fn embed_mode_renders_a_compact_widget() {
    let page = ok(Page::open_at("?embed", APP_READY));
    assert!(ok(page.find_all("header.top")).is_empty(), "no header");
    assert!(!ok(page.find_all(".app.embed textarea#editor")).is_empty());
    assert!(!texts(&page, "table.containers td.effective strong").is_empty());
    // The footer links to the full playground with this state (made asynchronously).
    ok(page.wait_for("document.querySelector('.embed-footer a') !== null", WAIT));
    let open = js(
        &page,
        "return document.querySelector('.embed-footer a').href;",
    );
    assert!(open.as_str().unwrap().contains("#s="), "{open}");
    ok(page.check_clean());
    ok(page.save_screenshot("embed"));
}

/// A documentation page on the same site that loads embed.js with two `<pre data-pullpolicy>`
/// blocks: each becomes a widget showing its block's manifest, sized to its content.
#[test]
fn embed_js_turns_pre_blocks_into_widgets() {
    let docs = std::env::temp_dir().join(format!("pullpolicy-docs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&docs);
    copy_dir(&dist_dir(), &docs);
    std::fs::write(
        docs.join("docs.html"),
        "<!doctype html><title>docs</title><link rel=\"icon\" href=\"data:,\"><h1>Docs</h1>\
         <pre data-pullpolicy>apiVersion: v1\nkind: Pod\nmetadata: {name: one}\nspec:\n  containers:\n    - {name: a, image: nginx}\n</pre>\
         <p>between</p>\
         <pre data-pullpolicy>apiVersion: v1\nkind: Pod\nmetadata: {name: two}\nspec:\n  containers:\n    - {name: b, image: quay.io/x/y:1.0, imagePullPolicy: Never}\n</pre>\
         <script src=\"embed.js\"></script>",
    )
    .unwrap();
    let server = Server::start(&docs, "127.0.0.1:0").unwrap();
    let browser = ok(Browser::start());
    ok(browser.goto(&format!("{}docs.html", server.url())));
    ok(browser.wait_for(
        "[...document.querySelectorAll('iframe.pullpolicy-embed')].length === 2 && \
         [...document.querySelectorAll('iframe.pullpolicy-embed')].every(f => \
            f.contentDocument && f.contentDocument.querySelector('#editor') && \
            f.contentDocument.querySelector('#editor').value.includes('kind: Pod') && \
            f.contentDocument.body.dataset.settled === 'true' && \
            f.style.height !== '420px')",
        WAIT,
    ));
    let policies = js(
        &browser,
        "return [...document.querySelectorAll('iframe.pullpolicy-embed')].map(f => \
           [...f.contentDocument.querySelectorAll('td.effective strong')].map(e => e.textContent));",
    );
    assert_eq!(policies, json!([["Always"], ["Never"]]));
    assert!(ok(browser.find_all("pre[data-pullpolicy]")).is_empty());
    assert_eq!(ok(browser.console_errors()), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&docs);
}

#[test]
fn keyboard_tab_indents_and_ctrl_enter_reanalyses() {
    let page = ok(Page::open());
    paste(&page, "a: 1\n");
    let before = analyses(&page);
    ok(ok(page.find("#editor")).send_keys("\u{E004}"));
    wait_analysed(&page, before);
    // Two spaces at the caret (WebDriver puts it at the end), and the focus stays.
    assert_eq!(editor_text(&page), "a: 1\n  ");
    assert_eq!(
        js(&page, "return document.activeElement.id;"),
        json!("editor")
    );
    let before = analyses(&page);
    ok(ok(page.find("#editor")).send_keys("\u{E009}\u{E007}\u{E009}"));
    wait_analysed(&page, before);
    // Everything is reachable by keyboard: the tabs are a tablist with arrow keys.
    click(&page, "#tab-containers");
    ok(ok(page.find("#tab-containers")).send_keys("\u{E014}"));
    ok(page.wait_for(
        "document.activeElement.id === 'tab-findings' && \
         document.querySelector('#tab-findings').getAttribute('aria-selected') === 'true'",
        WAIT,
    ));
    ok(page.check_clean());
}

#[test]
fn parse_errors_are_shown_at_their_line_and_nothing_goes_blank() {
    let page = ok(Page::open());
    paste(
        &page,
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: [nginx\n",
    );
    open_tab(&page, "findings");
    let rules = texts(&page, "ol.findings li.finding .rule");
    assert!(rules.contains(&"syntax".to_owned()), "{rules:?}");
    assert!(!texts(&page, ".gutter-line .marker.error").is_empty());
    // Binary garbage and control characters: still a page that answers.
    paste(&page, "\u{0}\u{1}\u{fffd}\u{7f}: ][ {{ \t- - -\n");
    assert!(!texts(&page, ".tabs .tab").is_empty());
    ok(page.check_clean());
}

/// A stream of Deployments of at least `bytes` bytes, and how many there are.
fn deployments(bytes: usize) -> (String, usize) {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.acme.com/app-{i}:latest\n"
        ));
        i += 1;
    }
    (text, i)
}

#[test]
fn a_1_mb_manifest_stays_responsive() {
    let page = ok(Page::open());
    let (text, i) = deployments(1 << 20);
    paste(&page, &text);
    // The textarea holds a window of whole lines, not the megabyte: around the caret, at the
    // end of what was pasted.
    let [start, end, length] = window(&page);
    assert_eq!((end, length), (text.len(), text.len()));
    assert!(end - start < 100_000, "a window of {} bytes", end - start);
    assert!(
        js(&page, "return document.querySelector('#editor').value;") == json!(&text[start..]),
        "the window holds other text"
    );
    let rows = js(
        &page,
        "return document.querySelectorAll('table.containers tbody tr').length;",
    );
    assert_eq!(rows, json!(200), "the table draws a page of 200 rows");
    let more = texts(&page, ".more-rows").join("");
    assert!(more.contains(&format!("of {i} containers")), "{more}");
    // "Show 200 more" draws the next page, and it stays through the next analysis.
    click(&page, ".more-rows button.show-more");
    ok(page.wait_for(
        "document.querySelectorAll('table.containers tbody tr').length === 400",
        WAIT,
    ));
    // Only the visible lines are drawn.
    let drawn = js(
        &page,
        "return document.querySelectorAll('.highlight .line').length;",
    );
    assert!(drawn.as_u64().unwrap() < 200, "{drawn} lines drawn");
    // Scrolling to the top draws the top, and the window goes with the view.
    js(
        &page,
        "const s = document.querySelector('#editor-scroll'); s.scrollTop = 0; \
         s.dispatchEvent(new Event('scroll'));",
    );
    ok(page.wait_for(
        "[...document.querySelectorAll('.gutter-line .line-number')].some(n => n.textContent === '1')",
        WAIT,
    ));
    let [start, end, _] = window(&page);
    assert_eq!(start, 0);
    assert!(
        js(&page, "return document.querySelector('#editor').value;") == json!(&text[..end]),
        "the window holds other text"
    );
    ok(page.check_clean());
}

/// WebDriver's keys (the W3C table): Control, End, and the release of modifiers.
const CONTROL: &str = "\u{E009}";
const END: &str = "\u{E010}";
const RELEASE: &str = "\u{E000}";

#[test]
fn typing_in_a_long_text_edits_its_window_and_keeps_the_rest() {
    let page = ok(Page::open());
    let settings = Settings::default();
    let (mut text, count) = deployments(1 << 20);
    paste(&page, &text);
    // Scrolled to the middle, the window follows.
    let middle = text.find(&format!("name: app-{}\n", count / 2)).unwrap();
    let line = text[..middle].lines().count();
    js_with(
        &page,
        "const s = document.querySelector('#editor-scroll'); s.scrollTop = arguments[0] * 20 - 100; \
         s.dispatchEvent(new Event('scroll'));",
        vec![json!(line)],
    );
    ok(page.wait_for(
        &format!(
            "(d => Number(d.windowStart) < {middle} && {middle} < Number(d.windowEnd))\
             (document.querySelector('#editor').dataset)"
        ),
        WAIT,
    ));
    // A keystroke at the end of that document's `:latest` edits the whole text there.
    let at = middle + text[middle..].find(":latest").unwrap() + ":latest".len();
    let [start, _, _] = window(&page);
    js_with(
        &page,
        "const t = document.querySelector('#editor'); t.focus(); \
         t.setSelectionRange(arguments[0], arguments[0]);",
        vec![json!(at - start)],
    );
    let before = analyses(&page);
    ok(page.press_keys("x"));
    wait_analysed(&page, before);
    text.insert(at, 'x');
    assert_eq!(window(&page)[2], text.len());
    let [start, end, _] = window(&page);
    let value = js(&page, "return document.querySelector('#editor').value;");
    let value = value.as_str().unwrap_or_default();
    let differs = value
        .bytes()
        .zip(text[start..].bytes())
        .position(|(a, b)| a != b);
    assert!(
        value == &text[start..end],
        "the window {start}..{end} holds other text, from {differs:?} ({at} expected)"
    );
    assert_eq!(shown_counts(&page), expected_counts(&text, &settings));
    // Ctrl+End goes to the end of the whole text, not of the window.
    ok(page.press_keys(&format!("{CONTROL}{END}{RELEASE}")));
    let [_, end, length] = window(&page);
    assert_eq!(end, length);
    assert_eq!(
        js(
            &page,
            "const t = document.querySelector('#editor'); return t.selectionStart === t.value.length;"
        ),
        json!(true)
    );
    // A finding far above selects its range, the window brought back to it.
    open_tab(&page, "findings");
    let first = lint(&text, &settings)
        .findings
        .into_iter()
        .find(|f| f.is_active())
        .expect("a finding");
    click(&page, "ol.findings li.finding .finding-main");
    let [start, _, _] = window(&page);
    assert!(
        start <= first.span.start.offset,
        "the window holds the finding"
    );
    let selected = js(
        &page,
        "const t = document.querySelector('#editor'); \
         return t.value.substring(t.selectionStart, t.selectionEnd);",
    );
    assert_eq!(selected, json!(&text[first.span.range()]));
    // Ctrl+A selects the whole text, not the window: typing replaces all of it.
    let before = analyses(&page);
    ok(page.press_keys(&format!("{CONTROL}a{RELEASE}b")));
    wait_analysed(&page, before);
    assert_eq!(window(&page), [0, 1, 1]);
    assert_eq!(editor_text(&page), "b");
    ok(page.check_clean());
}

/// A long analysis runs in steps in the worker: the page says how far it got, a key typed
/// meanwhile is in the text at once, a tab opened meanwhile shows the last results, and the edit
/// supersedes the run (its results are never drawn); the run after it keeps what the first
/// linted, and its results are core's for the final text.
#[test]
fn a_long_analysis_runs_in_steps_and_an_edit_supersedes_it() {
    let page = ok(Page::open());
    let settings = Settings::default();
    let (mut text, _) = deployments(4 << 20);
    let before = analyses(&page);
    js_with(&page, &format!("{HOLDS_ALL} {PASTE}"), vec![json!(text)]);
    ok(page.wait_for("document.querySelector('#progress') !== null", WAIT));
    let said = texts(&page, "#progress span").join("");
    assert!(said.starts_with("Analysing: "), "{said}");
    assert_eq!(
        js(
            &page,
            "return document.querySelector('.results-pane').getAttribute('aria-busy');"
        ),
        json!("true")
    );
    // Typed while the analysis runs: the caret is at the end of the paste.
    ok(page.press_keys("#"));
    text.push('#');
    let [start, end, length] = window(&page);
    assert_eq!((end, length), (text.len(), text.len()));
    let value = js(&page, "return document.querySelector('#editor').value;");
    assert!(value == json!(&text[start..]), "the typed key is in place");
    assert!(
        analyses(&page) == before && !ok(page.find_all("#progress")).is_empty(),
        "the key was handled while the analysis ran"
    );
    // A tab opened meanwhile shows the analysis on screen at once: the worker answers between
    // two steps of the run.
    js(&page, "document.querySelector('#tab-findings').click();");
    ok(page.wait_for("document.querySelector('ol.findings') !== null", WAIT));
    assert!(
        !ok(page.find_all("#progress")).is_empty(),
        "the findings came before the run's end"
    );
    ok(page.wait_for(
        &format!(
            "Number(document.body.dataset.analyses) > {before} \
             && document.querySelector('#progress') === null"
        ),
        WAIT,
    ));
    assert_eq!(
        analyses(&page),
        before + 1,
        "the superseded run drew nothing"
    );
    assert_eq!(shown_counts(&page), expected_counts(&text, &settings));
    ok(page.check_clean());
}

/// Edits in a burst (in the window, in place as typing does, each with its input event: a new
/// `---`, a broken and mended line, a removed separator): the page sends the worker the final
/// text only, and what it shows is core's analysis of that text.
#[test]
fn a_burst_of_edits_ends_in_the_analysis_of_the_final_text() {
    let page = ok(Page::open());
    let settings = Settings::default();
    let (text, _) = deployments(1 << 20);
    paste(&page, &text);
    // The caret is at the end: the window holds the last documents (ASCII: bytes are the
    // textarea's UTF-16 offsets).
    let [start, end, _] = window(&page);
    let mut whole = text.clone();
    let edits: Vec<(usize, usize, &str)> = {
        let tail = &text[start..end];
        let last = tail.rfind("---\n").unwrap();
        let before = tail[..last].rfind("---\n").unwrap();
        let image = tail.rfind(":latest").unwrap();
        // From the end backwards, so that each edit leaves the offsets of the next in place.
        vec![
            // A broken line (an unclosed flow sequence)...
            (image, image + ":latest".len(), ":1.2 [oops"),
            // ...mended.
            (image, image + ":1.2 [oops".len(), ":1.2"),
            // A separator removed: two documents merge.
            (last, last + 4, ""),
            // A new document boundary in the middle of a Deployment.
            (before + 10, before + 10, "\n---\n"),
        ]
    };
    let before = analyses(&page);
    // In one task, as a burst of input events arrives: the page sends the last text only.
    let absolute: Vec<Value> = (edits.iter())
        .map(|(from, to, insert)| json!([start + from, start + to, insert]))
        .collect();
    js_with(
        &page,
        "const t = document.querySelector('#editor'); \
         for (const [from, to, insert] of arguments[0]) { \
           const s = Number(t.dataset.windowStart); \
           t.setRangeText(insert, from - s, to - s, 'end'); \
           t.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText'})); \
         }",
        vec![json!(absolute)],
    );
    for (from, to, insert) in &edits {
        whole.replace_range(start + from..start + to, insert);
    }
    settle(&page);
    let [start, end, length] = window(&page);
    assert_eq!(length, whole.len());
    let value = js(&page, "return document.querySelector('#editor').value;");
    assert!(
        value == json!(&whole[start..end]),
        "the edits are in the text"
    );
    assert_eq!(
        analyses(&page),
        before + 1,
        "one analysis drawn, of the final text"
    );
    assert_eq!(shown_counts(&page), expected_counts(&whole, &settings));
    open_tab(&page, "findings");
    let expected = expected_findings(&whole, &settings);
    let shown = shown_findings(&page);
    assert_eq!(
        shown[..],
        expected[..shown.len()],
        "the first page of findings"
    );
    // Then one edit per task, each while the worker may still analyse the one before: the
    // results drawn last are core's for the final text.
    for i in 0..4 {
        let at = whole.rfind(":latest").unwrap();
        let tag = format!(":v{i}");
        js_with(
            &page,
            "const t = document.querySelector('#editor'); const s = Number(t.dataset.windowStart); \
             t.setRangeText(arguments[2], arguments[0] - s, arguments[1] - s, 'end'); \
             t.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText'}));",
            vec![json!(at), json!(at + ":latest".len()), json!(tag)],
        );
        whole.replace_range(at..at + ":latest".len(), &tag);
    }
    settle(&page);
    assert_eq!(window(&page)[2], whole.len());
    assert_eq!(shown_counts(&page), expected_counts(&whole, &settings));
    let expected = expected_findings(&whole, &settings);
    let shown = shown_findings(&page);
    assert_eq!(shown[..], expected[..shown.len()]);
    ok(page.check_clean());
}

/// A panic in the analysis worker: the page says so, keeps the last results, starts a new
/// worker, and the next edit is analysed by it, with the whole text.
#[test]
fn the_page_survives_a_crash_of_the_analysis_worker() {
    let page = ok(Page::open());
    let settings = Settings::default();
    let text = editor_text(&page);
    let policies = expected_policies(&text, &settings);
    js(
        &page,
        "document.dispatchEvent(new Event('pullpolicy:crash-analysis'));",
    );
    ok(page.wait_for("document.querySelector('.notice') !== null", WAIT));
    let notice = texts(&page, ".notice span").join("");
    assert!(
        notice.contains("internal error") && notice.contains("asked the analysis worker to crash"),
        "{notice}"
    );
    assert_eq!(
        texts(&page, "table.containers td.effective strong"),
        policies,
        "the last results stay"
    );
    assert!(
        ok(page.find_all(".crash")).is_empty(),
        "the page itself goes on"
    );
    // The next edit starts a new worker, which gets the whole text.
    let edited = text.replace(":latest", ":1.0");
    paste(&page, &edited);
    settle(&page);
    assert_eq!(
        texts(&page, "table.containers td.effective strong"),
        expected_policies(&edited, &settings)
    );
    assert_eq!(shown_counts(&page), expected_counts(&edited, &settings));
}

/// A site whose worker cannot load (here, `worker.js` missing): the page says so instead of
/// waiting for results that never come; the editor and the page's own first analysis (of a
/// short text) are there.
#[test]
fn a_worker_that_cannot_load_is_reported() {
    let site = std::env::temp_dir().join(format!("pullpolicy-noworker-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&dist_dir(), &site);
    std::fs::remove_file(site.join("worker.js")).unwrap();
    let server = Server::start(&site, "127.0.0.1:0").unwrap();
    let browser = ok(Browser::start());
    ok(browser.goto(&server.url()));
    ok(browser.wait_for("document.querySelector('.notice') !== null", WAIT));
    let notice = texts(&browser, ".notice span").join("");
    assert!(notice.contains("analysis worker"), "{notice}");
    // The first example, short, is analysed by the page itself; nothing after it.
    assert_eq!(
        js(&browser, "return document.body.dataset.analyses;"),
        json!("1")
    );
    assert!(!ok(browser.find_all("table.containers")).is_empty());
    assert!(
        !ok(browser.find_all("#editor")).is_empty(),
        "the editor is there"
    );
    let _ = std::fs::remove_dir_all(&site);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The finding counts the Findings tab shows ("3 error", "1 warning"...).
fn shown_counts(page: &Browser) -> Vec<String> {
    serde_json::from_value(js(
        page,
        "return [...document.querySelectorAll('#tab-findings .count')].map(e => e.title);",
    ))
    .unwrap()
}

/// The finding counts core computes for `text`, as the Findings tab labels them.
fn expected_counts(text: &str, settings: &Settings) -> Vec<String> {
    let counts = Counts::of(&lint(text, settings));
    [
        (counts.error, "error"),
        (counts.warning, "warning"),
        (counts.info, "info"),
        (counts.syntax, "syntax error"),
    ]
    .into_iter()
    .filter(|&(n, _)| n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect()
}

/// The tab labels and the live summary are core's counts: the numbers of the CLI's JSON summary
/// for the same text (cli/tests/lint.rs, core/tests/lint_cases.rs).
#[test]
fn the_counts_are_the_ones_every_face_shows() {
    let page = ok(Page::open());
    let settings = Settings::default();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/counts.yaml"),
    )
    .unwrap();
    paste(&page, &text);
    assert_eq!(shown_counts(&page), ["1 error", "3 warning", "1 info"]);
    assert_eq!(shown_counts(&page), expected_counts(&text, &settings));
    assert_eq!(
        texts(&page, "#summary"),
        ["4 containers, 5 findings (1 error, 3 warnings, 1 info)"]
    );
    // A syntax error is counted apart from the findings, as the CLI counts it apart.
    let broken = format!("{text}---\nkey: [\n");
    paste(&page, &broken);
    assert_eq!(
        shown_counts(&page),
        ["1 error", "3 warning", "1 info", "1 syntax error"]
    );
    assert_eq!(shown_counts(&page), expected_counts(&broken, &settings));
    assert_eq!(
        texts(&page, "#summary"),
        ["4 containers, 5 findings (1 error, 3 warnings, 1 info), 1 syntax error"]
    );
    ok(page.check_clean());
}

#[test]
fn the_adversarial_corpus_is_answered_as_core_answers_it() {
    let page = ok(Page::open());
    let settings = Settings::default();
    for case in pullpolicy_adversarial::CASES {
        // A text box holds Unicode only: bytes that are not UTF-8 never reach the playground.
        let (Some(expression), Some(text)) = (case.js(), case.text()) else {
            continue;
        };
        // A textarea's value has LF line ends whatever was pasted (the HTML standard), so the
        // page analyses that text.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let started = std::time::Instant::now();
        // Built in the page: the 50 MB cases do not travel over WebDriver.
        let build = format!("{HOLDS_ALL} arguments[0] = {expression};");
        let oversized = text.encode_utf16().count() > Limits::DEFAULT.max_input_bytes;
        if oversized {
            // Pasted, it is refused before the textarea takes it, and the text stays.
            let kept = window(&page)[2];
            js_with(&page, &format!("{build} {PASTE}"), vec![json!(null)]);
            ok(page.wait_for(
                "(n => n && n.textContent.includes('more than the 64 MiB'))(document.querySelector('.notice'))",
                WAIT,
            ));
            assert_eq!(
                window(&page)[2],
                kept,
                "{}: a refused paste changed the text",
                case.name
            );
            // Got in another way (a drop, a script: the textarea's value set whole), core
            // answers it. The textarea holds a short text whole first, so its value is all.
            paste(&page, "a: 1\n");
        }
        let before = analyses(&page);
        js_with(
            &page,
            &if oversized {
                format!(
                    "{build} t.focus(); t.value = arguments[0]; \
                     t.dispatchEvent(new InputEvent('input', {{bubbles: true, inputType: 'insertFromDrop'}}));"
                )
            } else {
                format!("{build} {PASTE}")
            },
            vec![json!(null)],
        );
        ok(page.wait_for(
            &format!("Number(document.body.dataset.analyses) > {before}"),
            Duration::from_secs(120),
        ));
        assert_eq!(
            window(&page)[2],
            text.len(),
            "{}: the page built other text",
            case.name
        );
        let containers = texts(&page, "#tab-containers .count");
        let images = lint(&text, &settings).report.images.len();
        assert_eq!(containers, vec![images.to_string()], "{}", case.name);
        assert_eq!(
            shown_counts(&page),
            expected_counts(&text, &settings),
            "{}",
            case.name
        );
        assert_eq!(
            js(&page, "return document.querySelector('.crash') === null;"),
            json!(true),
            "{}: the page crashed",
            case.name
        );
        eprintln!("{}: {:.1} s", case.name, started.elapsed().as_secs_f64());
    }
    ok(page.check_clean());
}
