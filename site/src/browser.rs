//! Headless Chromium driven through chromedriver: a small synchronous W3C WebDriver client,
//! just what the playground's tests and bench use.
//!
//! Console errors come from chromedriver's log endpoint (`POST /session/{id}/se/log` with
//! `{"type": "browser"}`), which chromedriver keeps in W3C mode when the session asks for
//! `goog:loggingPrefs`. It reports `console.error` (source `console-api`), uncaught exceptions
//! (`javascript`), failed loads (`network`) and Content-Security-Policy violations (`security`)
//! as `SEVERE`: a page that breaks its own CSP fails the tests.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::base64;
use crate::webdriver::Driver;

/// Debian's paths (packages `chromium` and `chromium-driver`); the variables override them.
pub const CHROMIUM: (&str, &str) = ("PULLPOLICY_CHROMIUM", "/usr/bin/chromium");
pub const CHROMEDRIVER: (&str, &str) = ("PULLPOLICY_CHROMEDRIVER", "/usr/bin/chromedriver");

/// How long chromedriver may take to answer `/status` as ready.
const DRIVER_START: Duration = Duration::from_secs(20);
/// How often [`Browser::wait_for`] looks again.
const POLL: Duration = Duration::from_millis(20);
/// The key W3C WebDriver gives element references in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Flags for a headless Chromium on a machine without a network (see ARCHITECTURE.md's
/// toolchain facts): no sandbox (tests may run as root), and none of the background
/// connections that would otherwise fail and retry.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,900",
];

/// Where a tool is: its variable when set, else Debian's path.
pub fn tool_path((variable, default): (&str, &str)) -> PathBuf {
    match std::env::var_os(variable) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(default),
    }
}

/// One browser session, with its own chromedriver and a fresh profile (empty cache). Dropping
/// it ends the session, stops chromedriver and removes the profile.
pub struct Browser {
    driver: Driver,
    /// Empty until the session exists.
    session: String,
    chromedriver: Child,
    /// Holds the profile and chromedriver's log.
    dir: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a session in a new headless Chromium.
    pub fn start() -> Result<Browser, String> {
        let chromium = installed(CHROMIUM)?;
        let chromedriver = installed(CHROMEDRIVER)?;
        let dir = fresh_dir()?;
        let profile = dir.join("profile");
        std::fs::create_dir_all(&profile)
            .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
        let log = dir.join("chromedriver.log");
        let port = free_port()?;
        let child = spawn_driver(&chromedriver, port, &log).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&dir);
        })?;
        // From here on, Drop cleans up after any error.
        let mut browser = Browser {
            driver: Driver {
                addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            },
            session: String::new(),
            chromedriver: child,
            dir,
        };
        browser.wait_until_ready(&log)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let created = browser
            .driver
            .call("POST", "/session", Some(&capabilities))?;
        browser.session = created
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("POST /session: no sessionId in {created}"))?
            .to_owned();
        // Long enough for a script that waits on a large analysis.
        browser.post("timeouts", &json!({"script": 120_000}))?;
        Ok(browser)
    }

    /// Navigates to `url` and waits for its load event.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.post("url", &json!({ "url": url })).map(drop)
    }

    /// The current document's URL.
    pub fn current_url(&self) -> Result<String, String> {
        string(self.get("url")?)
    }

    /// Runs `script` as a function body (`return` gives the result); `arguments` holds `args`.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.post("execute/sync", &json!({"script": script, "args": args}))
    }

    /// Runs `script` and waits until it calls its last argument, the callback, whose argument
    /// is the result.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.post("execute/async", &json!({"script": script, "args": args}))
    }

    /// Evaluates the JavaScript `expression` every 20 ms until it is truthy, and returns its
    /// value; after `timeout`, an error (with the last script error, if any).
    pub fn wait_for(&self, expression: &str, timeout: Duration) -> Result<Value, String> {
        let script = format!("return ({expression});");
        let deadline = Instant::now() + timeout;
        loop {
            let last_error = match self.execute(&script, Vec::new()) {
                Ok(value) if truthy(&value) => return Ok(value),
                Ok(_) => None,
                Err(e) => Some(e),
            };
            if Instant::now() >= deadline {
                let error = last_error.map(|e| format!(" (last error: {e})"));
                return Err(format!(
                    "timed out after {timeout:?} waiting for `{expression}`{}",
                    error.unwrap_or_default()
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Types `keys` into whatever has focus, as keystrokes (W3C actions: unlike an element's
    /// send keys, nothing is focused first, so the caret stays where it is). A WebDriver key
    /// (`\u{E009}` Control...) is held down until `\u{E000}` or the end.
    pub fn press_keys(&self, keys: &str) -> Result<(), String> {
        const NULL: char = '\u{E000}';
        let mut actions = Vec::new();
        let mut held = Vec::new();
        for key in keys.chars() {
            if key == NULL {
                actions.extend(
                    held.drain(..)
                        .map(|k: char| json!({"type": "keyUp", "value": k.to_string()})),
                );
            } else if ('\u{E008}'..='\u{E00A}').contains(&key) || key == '\u{E03D}' {
                // Shift, Control, Alt, Meta: held.
                actions.push(json!({"type": "keyDown", "value": key.to_string()}));
                held.push(key);
            } else {
                actions.push(json!({"type": "keyDown", "value": key.to_string()}));
                actions.push(json!({"type": "keyUp", "value": key.to_string()}));
            }
        }
        actions.extend(
            held.drain(..)
                .map(|k| json!({"type": "keyUp", "value": k.to_string()})),
        );
        let keyboard = json!({"type": "key", "id": "keyboard", "actions": actions});
        self.post("actions", &json!({ "actions": [keyboard] }))?;
        // Released, so that the next call starts with no key down.
        self.call("DELETE", "actions", None).map(drop)
    }

    /// The first element matching the CSS `selector`.
    pub fn find(&self, selector: &str) -> Result<Element<'_>, String> {
        let found = self.post("element", &by_css(selector))?;
        Element::from_json(self, &found)
    }

    /// Every element matching the CSS `selector`, in document order.
    pub fn find_all(&self, selector: &str) -> Result<Vec<Element<'_>>, String> {
        match self.post("elements", &by_css(selector))? {
            Value::Array(found) => found.iter().map(|e| Element::from_json(self, e)).collect(),
            other => Err(format!("find_all({selector:?}): not a list: {other}")),
        }
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let png = base64::decode(&string(self.get("screenshot")?)?)
            .map_err(|e| format!("screenshot: {e}"))?;
        if !png.starts_with(PNG_SIGNATURE) {
            return Err("screenshot: not a PNG".into());
        }
        Ok(png)
    }

    /// The browser's `SEVERE` log entries since the previous call (chromedriver hands each
    /// entry out once), as `[source] message`: console errors, uncaught exceptions, failed
    /// loads and CSP violations.
    pub fn console_errors(&self) -> Result<Vec<String>, String> {
        let entries = self.post("se/log", &json!({"type": "browser"}))?;
        let entries = entries.as_array().map(Vec::as_slice).unwrap_or_default();
        Ok(entries
            .iter()
            .filter(|entry| entry.get("level").and_then(Value::as_str) == Some("SEVERE"))
            .map(|entry| {
                let field = |name| entry.get(name).and_then(Value::as_str).unwrap_or("");
                format!("[{}] {}", field("source"), field("message"))
            })
            .collect())
    }

    /// The document's URL and every resource it loaded (Resource Timing).
    pub fn resource_urls(&self) -> Result<Vec<String>, String> {
        let urls = self.execute(
            "return [document.URL, ...performance.getEntriesByType('resource').map(e => e.name)];",
            Vec::new(),
        )?;
        serde_json::from_value(urls.clone()).map_err(|e| format!("resource_urls: {e}: {urls}"))
    }

    /// Opens a new tab, switches to it and returns its handle. It shares the session's
    /// profile, so its cache too; a fresh [`Browser`] has an empty one.
    pub fn new_window(&self) -> Result<String, String> {
        let opened = self.post("window/new", &json!({"type": "tab"}))?;
        let handle = opened
            .get("handle")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("window/new: no handle in {opened}"))?
            .to_owned();
        self.post("window", &json!({ "handle": handle }))?;
        Ok(handle)
    }

    /// Closes the current tab and switches to one that is left (closing the last one ends the
    /// session: start a new [`Browser`] instead).
    pub fn close_window(&self) -> Result<(), String> {
        let left = self.call("DELETE", "window", None)?;
        match left.as_array().and_then(|handles| handles.first()) {
            Some(handle) => self.post("window", &json!({ "handle": handle })).map(drop),
            None => Ok(()),
        }
    }

    fn get(&self, command: &str) -> Result<Value, String> {
        self.call("GET", command, None)
    }

    fn post(&self, command: &str, body: &Value) -> Result<Value, String> {
        self.call("POST", command, Some(body))
    }

    /// A command of this session: `command` is the path after `/session/{id}/`.
    fn call(&self, method: &str, command: &str, body: Option<&Value>) -> Result<Value, String> {
        let path = format!("/session/{}/{command}", self.session);
        self.driver.call(method, &path, body)
    }

    fn wait_until_ready(&mut self, log: &Path) -> Result<(), String> {
        let deadline = Instant::now() + DRIVER_START;
        loop {
            if let Ok(Some(status)) = self.chromedriver.try_wait() {
                return Err(format!(
                    "chromedriver exited at start ({status}): {}",
                    read_tail(log)
                ));
            }
            let status = self.driver.call("GET", "/status", None);
            if status.is_ok_and(|s| s.get("ready") == Some(&Value::Bool(true))) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "chromedriver was not ready after {DRIVER_START:?}: {}",
                    read_tail(log)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // Ending the session makes chromedriver quit Chromium.
            let path = format!("/session/{}", self.session);
            let _ = self.driver.call("DELETE", &path, None);
        }
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        // Chromium's last writes may land just after it is told to quit.
        for _ in 0..5 {
            if std::fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// An element of the page (valid until the page changes).
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl<'a> Element<'a> {
    fn from_json(browser: &'a Browser, found: &Value) -> Result<Element<'a>, String> {
        let id = found
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("not an element reference: {found}"))?;
        Ok(Element {
            browser,
            id: id.to_owned(),
        })
    }

    /// The element as a script argument (`arguments[i]` is the DOM element).
    pub fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    pub fn click(&self) -> Result<(), String> {
        self.post("click", &json!({})).map(drop)
    }

    /// Types `text` into the element, as keystrokes.
    pub fn send_keys(&self, text: &str) -> Result<(), String> {
        self.post("value", &json!({ "text": text })).map(drop)
    }

    pub fn clear(&self) -> Result<(), String> {
        self.post("clear", &json!({})).map(drop)
    }

    /// The rendered text.
    pub fn text(&self) -> Result<String, String> {
        string(self.get("text")?)
    }

    /// An attribute as written in the markup, `None` when absent.
    pub fn attr(&self, name: &str) -> Result<Option<String>, String> {
        match self.get(&format!("attribute/{name}"))? {
            Value::Null => Ok(None),
            value => string(value).map(Some),
        }
    }

    /// A DOM property (`value`, `checked`, ...).
    pub fn prop(&self, name: &str) -> Result<Value, String> {
        self.get(&format!("property/{name}"))
    }

    fn get(&self, command: &str) -> Result<Value, String> {
        let path = format!("element/{}/{command}", self.id);
        self.browser.call("GET", &path, None)
    }

    fn post(&self, command: &str, body: &Value) -> Result<Value, String> {
        let path = format!("element/{}/{command}", self.id);
        self.browser.call("POST", &path, Some(body))
    }
}

pub(crate) const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// JavaScript's truthiness, for what WebDriver can return.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn by_css(selector: &str) -> Value {
    json!({"using": "css selector", "value": selector})
}

fn string(value: Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(format!("expected a string, got {other}")),
    }
}

/// The tool's path, if it is installed.
fn installed(tool: (&str, &str)) -> Result<PathBuf, String> {
    let path = tool_path(tool);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found (set {} to use another); run `cargo xtask test`, which installs \
             Chromium and ChromeDriver",
            path.display(),
            tool.0
        ))
    }
}

/// A new empty directory for one session.
fn fresh_dir() -> Result<PathBuf, String> {
    static SESSIONS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "pullpolicy-browser-{}-{}",
        std::process::id(),
        SESSIONS.fetch_add(1, Ordering::Relaxed)
    ));
    // Left over by an earlier process of the same id.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// A port that was free a moment ago (chromedriver binds it next; a lost race fails `start`).
fn free_port() -> Result<u16, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| format!("no free port: {e}"))
}

fn spawn_driver(chromedriver: &Path, port: u16, log: &Path) -> Result<Child, String> {
    let out = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", chromedriver.display()))
}

/// The end of chromedriver's output, for error messages.
fn read_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let start = text.len().saturating_sub(2000);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    text[start..].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::truthy;
    use serde_json::json;

    #[test]
    fn truthiness_is_javascripts() {
        for value in [
            json!(true),
            json!(1),
            json!(-0.5),
            json!("x"),
            json!([]),
            json!({}),
        ] {
            assert!(truthy(&value), "{value}");
        }
        for value in [json!(null), json!(false), json!(0), json!(0.0), json!("")] {
            assert!(!truthy(&value), "{value}");
        }
    }
}
