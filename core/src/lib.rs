//! pullpolicy-core: what `imagePullPolicy` each container of a Kubernetes manifest really gets,
//! which image the node really pulls, and why. Pure: no IO, no clock, no threads, so that the
//! CLI, the Kubewarden policy and the browser playground all share it.
//!
//! Enforced, not only said: `clippy.toml` beside this crate's manifest forbids the IO, clock,
//! thread, process and environment APIs, and the lints below forbid the ways to stop or print.
//! Bad input is an error value, never a panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::print_stdout,
        clippy::print_stderr,
        clippy::dbg_macro,
        clippy::disallowed_methods,
        clippy::disallowed_types
    )
)]

// The faces' modules. Those only core uses (`edit`, `go_quote`, `placeholder`, `set`,
// `suppression`) are crate-private, so that what is public is what the faces are promised.
pub mod admission;
pub mod assertion;
pub mod base64;
pub mod cluster;
pub mod counts;
pub mod diff;
pub(crate) mod edit;
pub mod file_use;
pub mod fix;
pub(crate) mod go_quote;
pub mod kustomize;
pub mod lint;
pub mod manifest;
pub mod node;
pub mod pattern;
pub(crate) mod placeholder;
pub mod policy;
pub mod reference;
pub mod rules;
pub mod session;
pub(crate) mod set;
pub mod settings;
pub mod severity;
pub(crate) mod suppression;
pub mod view;
pub mod yaml;

mod analyze;
pub use analyze::{Report, analyze, analyze_as, analyze_bytes, analyze_bytes_as};

// What most callers need, at the root: text in (`analyze`, `lint::lint`, `lint::fix`, a
// `Linter` for several inputs, a `Session` for a text that changes), these out.
pub use counts::{Counts, Fixable};
pub use fix::Applicability;
pub use lint::{FileLint, Finding, Fixed, Linter};
pub use session::Session;
pub use settings::Settings;
pub use severity::{Profile, Severity};
