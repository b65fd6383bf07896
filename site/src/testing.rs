//! What the browser tests (`site/tests/*.rs`) and the bench share: where the built site is,
//! and a [`Page`]: the site served on a free port and open in a fresh headless Chromium.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{Browser, Server};

/// True once the app has rendered. The contract with the app: it sets
/// `document.body.dataset.analyses` to the number of analyses done, after each one; until it
/// does, its first render (`main h1`) counts.
pub const APP_READY: &str = "Number(document.body.dataset.analyses) >= 1 \
                             || (document.body.dataset.analyses === undefined \
                                 && document.querySelector('main h1') !== null)";

/// How long a page may take to load and start: compiling the wasm on a busy 2-core machine
/// takes a few seconds at worst.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// The workspace root (this crate lives one level below it).
pub fn workspace_root() -> PathBuf {
    let site = Path::new(env!("CARGO_MANIFEST_DIR"));
    site.parent().unwrap_or(site).to_path_buf()
}

/// The built site: `PULLPOLICY_DIST` when set, else `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("PULLPOLICY_DIST") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("dist"),
    }
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// Where tests save their screenshots: `target/web/screenshots`.
pub fn screenshots_dir() -> PathBuf {
    target_dir().join("web").join("screenshots")
}

/// Serves [`dist_dir`] on a free loopback port; an unbuilt site is an error that says how to
/// build it.
pub fn serve_dist() -> Result<Server, String> {
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} is missing: run `cargo xtask build-web` first",
            dist.join("index.html").display()
        ));
    }
    Server::start(&dist, "127.0.0.1:0").map_err(|e| format!("cannot serve {}: {e}", dist.display()))
}

/// The site served and open in a browser. Derefs to the [`Browser`].
pub struct Page {
    // Dropped first: the browser closes before the server stops.
    browser: Browser,
    server: Server,
}

impl Page {
    /// Opens the playground and waits until [`APP_READY`].
    pub fn open() -> Result<Page, String> {
        Page::open_at("", APP_READY)
    }

    /// Opens `path` (relative to the site's root, e.g. `"?x=1#state"`) and waits until the
    /// JavaScript expression `ready` is truthy.
    pub fn open_at(path: &str, ready: &str) -> Result<Page, String> {
        let server = serve_dist()?;
        let browser = Browser::start()?;
        let page = Page { browser, server };
        page.navigate(path, ready)?;
        Ok(page)
    }

    /// Navigates to `path` on the site and waits until `ready` is truthy.
    pub fn navigate(&self, path: &str, ready: &str) -> Result<(), String> {
        self.browser.goto(&self.url(path))?;
        self.browser
            .wait_for(ready, LOAD_TIMEOUT)
            .map(drop)
            .map_err(|e| {
                // The console usually says why the app did not start.
                let errors = self.browser.console_errors().unwrap_or_default();
                format!("{e}; console errors: {errors:?}")
            })
    }

    /// The URL of `path` on the site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path.trim_start_matches('/'))
    }

    pub fn server(&self) -> &Server {
        &self.server
    }

    pub fn browser(&self) -> &Browser {
        &self.browser
    }

    /// No console errors (nor CSP violations, nor failed loads) since the last check, and
    /// nothing loaded from anywhere but the site itself.
    pub fn check_clean(&self) -> Result<(), String> {
        let errors = self.browser.console_errors()?;
        let origin = self.server.url();
        let foreign: Vec<_> = self
            .browser
            .resource_urls()?
            .into_iter()
            .filter(|url| !url.starts_with(&origin))
            .collect();
        if errors.is_empty() && foreign.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "console errors: {errors:#?}\nloaded from outside {origin}: {foreign:#?}"
            ))
        }
    }

    /// Saves a screenshot as `target/web/screenshots/<name>.png` and returns its path.
    pub fn save_screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let png = self.browser.screenshot()?;
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Deref for Page {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}
