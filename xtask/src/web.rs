//! `cargo xtask build-web` and `cargo xtask serve`: the playground (`web/`) built by Trunk into
//! `dist/`, with the pinned tools, and served from there.
//!
//! Trunk runs offline (Trunk.toml): it never downloads a tool, it takes `wasm-bindgen` and
//! `wasm-opt` from PATH and fails when their versions differ from Trunk.toml's. So PATH starts
//! with the pinned wasm-opt's folder and `$CARGO_HOME/bin`; an older wasm-opt elsewhere on PATH
//! (Debian's binaryen 108 cannot read current rustc output) is never picked.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use pullpolicy_site::Server;
use pullpolicy_site::size::SiteSize;

use crate::cmd::{target_dir, workspace_root};
use crate::tools;

const TARGET: &str = "wasm32-unknown-unknown";

/// Builds `dist/`, then writes its size report to `target/web/size.json` and prints it.
pub fn build() -> Result<(), String> {
    tools::rustup_target(TARGET)?;
    let trunk = tools::trunk()?;
    let wasm_bindgen = tools::wasm_bindgen_cli()?;
    let wasm_opt = tools::wasm_opt()?;
    let path = search_path(&[parent(&wasm_opt)?, parent(&wasm_bindgen)?])?;

    eprintln!("$ trunk build");
    let started = Instant::now();
    let ok = Command::new(&trunk)
        .arg("build")
        .env("PATH", path)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", trunk.display()))?
        .success();
    if !ok {
        return Err("`trunk build` failed".into());
    }
    let elapsed = started.elapsed();

    let dist = dist_dir();
    let size = SiteSize::measure(&dist)?;
    let report = target_dir().join("web").join("size.json");
    write(&report, &size.json())?;
    println!(
        "playground: dist/ in {:.1} s (sizes also in {})",
        elapsed.as_secs_f64(),
        report
            .strip_prefix(workspace_root())
            .unwrap_or(&report)
            .display()
    );
    print!("{}", size.table());
    Ok(())
}

/// Builds `dist/`, then serves it on `127.0.0.1:port` until Ctrl-C.
pub fn serve(port: u16) -> Result<(), String> {
    build()?;
    let dist = dist_dir();
    let server = Server::start(&dist, &format!("127.0.0.1:{port}"))
        .map_err(|e| format!("cannot serve {} on port {port}: {e}", dist.display()))?;
    println!(
        "serving {} at {} (Ctrl-C stops)",
        dist.display(),
        server.url()
    );
    server.wait();
    Ok(())
}

/// Trunk's output folder (Trunk.toml's `dist`).
fn dist_dir() -> PathBuf {
    workspace_root().join("dist")
}

/// `first` followed by the current PATH.
fn search_path(first: &[&Path]) -> Result<std::ffi::OsString, String> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let dirs = first
        .iter()
        .map(|dir| dir.to_path_buf())
        .chain(std::env::split_paths(&current));
    std::env::join_paths(dirs).map_err(|e| format!("cannot build PATH: {e}"))
}

fn parent(program: &Path) -> Result<&Path, String> {
    program
        .parent()
        .ok_or_else(|| format!("{} has no folder", program.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
