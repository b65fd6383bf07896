//! Installing what the tasks need: idempotent, and quick when everything is already there.

use std::path::{Path, PathBuf};

use crate::cmd::{output, status, target_dir};

/// The binaryen release whose `wasm-opt` shrinks the policy module. Pinned: its output is what
/// we measure and ship. It must read current rustc output (binaryen >= 116); Debian's binaryen is
/// older, so the one on PATH is never used.
pub const BINARYEN_VERSION: &str = "132.0.0";

/// Adds the rustup components the checks use when they are missing.
pub fn rustup_components(components: &[&str]) -> Result<(), String> {
    let installed = output("rustup", &["component", "list", "--installed"])?;
    for component in components {
        if !installed.lines().any(|l| l.starts_with(component)) {
            status("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// Adds a rustup target when it is missing.
pub fn rustup_target(target: &str) -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"])?;
    if !installed.lines().any(|l| l.trim() == target) {
        status("rustup", &["target", "add", target])?;
    }
    Ok(())
}

/// The pinned `wasm-opt`, installed with npm under `target/tools/binaryen` when it is not there
/// yet. Returns the path of the binary; callers run it by that path, never from PATH.
pub fn wasm_opt() -> Result<PathBuf, String> {
    let home = target_dir().join("tools").join("binaryen");
    if installed_binaryen(&home).as_deref() == Some(BINARYEN_VERSION) {
        return Ok(wasm_opt_in(&home));
    }
    // Install beside the final folder and swap it in whole, so that an interrupted install never
    // looks like a complete one.
    let partial = home.with_extension("partial");
    remove_dir(&partial)?;
    let prefix = partial.to_string_lossy().into_owned();
    let package = format!("binaryen@{BINARYEN_VERSION}");
    status(
        "npm",
        &[
            "install",
            "--prefix",
            &prefix,
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--loglevel=error",
            &package,
        ],
    )?;
    if installed_binaryen(&partial).as_deref() != Some(BINARYEN_VERSION) {
        return Err(format!("npm did not install {package} under {prefix}"));
    }
    remove_dir(&home)?;
    std::fs::rename(&partial, &home).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}",
            partial.display(),
            home.display()
        )
    })?;
    Ok(wasm_opt_in(&home))
}

fn wasm_opt_in(home: &Path) -> PathBuf {
    home.join("node_modules/binaryen/bin/wasm-opt")
}

/// The version of the binaryen package under `home`, if it is complete.
fn installed_binaryen(home: &Path) -> Option<String> {
    let manifest = home.join("node_modules/binaryen/package.json");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(manifest).ok()?).ok()?;
    let version = manifest.get("version")?.as_str()?;
    wasm_opt_in(home).is_file().then(|| version.to_owned())
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}
