//! The built playground in headless Chromium (needs `cargo xtask build-web`; `cargo xtask test`
//! builds it and installs Chromium first), and the WebDriver client itself on a page of its own.

use std::path::PathBuf;
use std::time::Duration;

use pullpolicy_site::testing::Page;
use pullpolicy_site::{Browser, Server};
use serde_json::json;

/// Test failures with the whole message, not its Debug form.
fn ok<T>(result: Result<T, String>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_playground_loads_cleanly() {
    let page = ok(Page::open());
    let text = ok(page.execute("return document.body.innerText.trim();", vec![]));
    assert!(
        text.as_str().is_some_and(|t| !t.is_empty()),
        "the app rendered nothing: {text}"
    );
    ok(page.check_clean());
    let resources = ok(page.resource_urls());
    assert!(
        resources.iter().any(|url| url.ends_with(".wasm")),
        "no wasm loaded: {resources:?}"
    );

    let path = ok(page.save_screenshot("smoke"));
    let png = std::fs::read(&path).unwrap();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        path.display()
    );
    // IHDR: width and height, big-endian, right after the signature and the chunk header.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert!(
        width >= 800 && height >= 400,
        "screenshot is {width}x{height}"
    );
}

/// A page that uses every part of the client, and breaks its own Content-Security-Policy.
const PAGE: &str = r#"<!doctype html>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'">
<title>client</title>
<input id="name" value="start" data-kind="text">
<button id="go">go</button>
<p class="out">one</p><p class="out">two</p>
<script src="page.js"></script>
<img src="http://192.0.2.1/blocked.png">
"#;

const SCRIPT: &str = r#"
document.getElementById('go').addEventListener('click', () => {
  document.body.dataset.clicked = document.getElementById('name').value;
});
setTimeout(() => { document.body.dataset.later = 'yes'; }, 100);
"#;

fn client_site() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pullpolicy-site-client-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), PAGE).unwrap();
    std::fs::write(dir.join("page.js"), SCRIPT).unwrap();
    dir
}

#[test]
fn the_client_drives_a_page_and_sees_csp_violations() {
    let dir = client_site();
    let server = Server::start(&dir, "127.0.0.1:0").unwrap();
    let browser = ok(Browser::start());
    ok(browser.goto(&server.url()));
    assert_eq!(ok(browser.current_url()), server.url());

    let errors = ok(browser.console_errors());
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("[security]") && e.contains("192.0.2.1")),
        "the CSP violation was not reported: {errors:?}"
    );
    assert_eq!(
        ok(browser.console_errors()),
        Vec::<String>::new(),
        "entries come once"
    );

    let input = ok(browser.find("#name"));
    assert_eq!(ok(input.attr("data-kind")).as_deref(), Some("text"));
    assert_eq!(ok(input.attr("missing")), None);
    ok(input.clear());
    ok(input.send_keys("typed"));
    assert_eq!(ok(input.prop("value")), json!("typed"));
    ok(ok(browser.find("#go")).click());
    assert_eq!(
        ok(browser.execute("return document.body.dataset.clicked;", vec![])),
        "typed"
    );

    let texts: Vec<_> = ok(browser.find_all("p.out"))
        .iter()
        .map(|p| ok(p.text()))
        .collect();
    assert_eq!(texts, ["one", "two"]);
    let missing = browser.find("#nothing").err().unwrap_or_default();
    assert!(missing.contains("no such element"), "{missing}");

    let later = ok(browser.wait_for("document.body.dataset.later", Duration::from_secs(5)));
    assert_eq!(later, "yes");
    let timeout = browser
        .wait_for("false", Duration::from_millis(100))
        .unwrap_err();
    assert!(timeout.contains("timed out"), "{timeout}");

    let tag = ok(browser.execute("return arguments[0].tagName;", vec![input.json()]));
    assert_eq!(tag, "INPUT");
    let sum = ok(browser.execute_async(
        "const done = arguments[arguments.length - 1]; setTimeout(() => done(arguments[0] + 1), 10);",
        vec![json!(41)],
    ));
    assert_eq!(sum, 42);

    // Resource Timing lists loads the CSP blocked too: a foreign URL shows up even then.
    let resources = ok(browser.resource_urls());
    let page_js = format!("{}page.js", server.url());
    assert_eq!(
        resources,
        [&server.url(), &page_js, "http://192.0.2.1/blocked.png"]
    );

    ok(browser.new_window());
    ok(browser.goto(&format!("{}page.js", server.url())));
    ok(browser.close_window());
    assert_eq!(ok(browser.current_url()), server.url());

    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
