//! The playground as it is served and tested: a static file server for `dist/`, a WebDriver
//! client for headless Chromium, the size report of `dist/`, and the helpers the browser tests
//! and the bench share.

mod base64;
pub mod browser;
mod files;
mod http;
pub mod server;
pub mod size;
pub mod testing;
mod webdriver;

pub use browser::{Browser, Element};
pub use server::Server;
