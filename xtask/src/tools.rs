//! Installing what the tasks need: idempotent, and quick when everything is already there.

use std::path::{Path, PathBuf};

use pullpolicy_site::browser::{CHROMEDRIVER, CHROMIUM, tool_path};

use crate::cmd::{cargo, output, status, target_dir, workspace_root};

/// The binaryen release whose `wasm-opt` shrinks the policy module. Pinned: its output is what
/// we measure and ship. It must read current rustc output (binaryen >= 116); Debian's binaryen is
/// older, so the one on PATH is never used.
pub const BINARYEN_VERSION: &str = "132.0.0";

/// The Checkov that `bench --peer` times against: its image checks are the closest peer to our
/// linter. Pinned: its speed is what we report.
pub const CHECKOV_VERSION: &str = "3.3.30";

/// The Trunk that builds the playground. 0.22 needs rustc >= 1.96; ours is 1.95.
const TRUNK_VERSION: &str = "0.21.14";

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
    swap_in(&partial, &home)?;
    Ok(wasm_opt_in(&home))
}

/// The pinned Checkov, installed with pip into a virtualenv under `target/tools/checkov` when it
/// is not there yet. Returns the venv's interpreter and the `checkov` launcher, to run as
/// `python checkov ARGS`: the launcher's `#!` line names the folder pip installed it in, which is
/// the partial one before the rename.
pub fn checkov() -> Result<[PathBuf; 2], String> {
    let home = target_dir().join("tools").join("checkov");
    if installed_checkov(&home).as_deref() == Some(CHECKOV_VERSION) {
        return Ok(checkov_in(&home));
    }
    // As for binaryen: install beside the final folder and swap it in whole.
    let partial = home.with_extension("partial");
    remove_dir(&partial)?;
    let venv = partial.to_string_lossy().into_owned();
    status("python3", &["-m", "venv", &venv])?;
    let [python, _] = checkov_in(&partial);
    let package = format!("checkov=={CHECKOV_VERSION}");
    status(
        &python.to_string_lossy(),
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
            &package,
        ],
    )?;
    if installed_checkov(&partial).as_deref() != Some(CHECKOV_VERSION) {
        return Err(format!("pip did not install {package} under {venv}"));
    }
    swap_in(&partial, &home)?;
    Ok(checkov_in(&home))
}

fn checkov_in(home: &Path) -> [PathBuf; 2] {
    [home.join("bin/python"), home.join("bin/checkov")]
}

/// What `checkov --version` prints for the venv `home`, if it runs.
fn installed_checkov(home: &Path) -> Option<String> {
    let [python, launcher] = checkov_in(home);
    let text = output(python.to_str()?, &[launcher.to_str()?, "--version"]).ok()?;
    Some(text.trim().to_owned()).filter(|v| !v.is_empty())
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

/// Replaces `home` with the complete install in `partial`.
fn swap_in(partial: &Path, home: &Path) -> Result<(), String> {
    remove_dir(home)?;
    std::fs::rename(partial, home).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}",
            partial.display(),
            home.display()
        )
    })
}

pub fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// `$CARGO_HOME/bin` (default `~/.cargo/bin`), where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    let home = match std::env::var_os("CARGO_HOME") {
        Some(home) if !home.is_empty() => PathBuf::from(home),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"),
    };
    home.join("bin")
}

/// Trunk at [`TRUNK_VERSION`] in `$CARGO_HOME/bin`, installed when it is missing or another
/// version.
pub fn trunk() -> Result<PathBuf, String> {
    let trunk = cargo_bin().join("trunk");
    if reported_version(&trunk).as_deref() == Some(TRUNK_VERSION) {
        return Ok(trunk);
    }
    cargo(&[
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
        "--force",
    ])?;
    verified(trunk, TRUNK_VERSION)
}

/// wasm-bindgen-cli at exactly the version of the `wasm-bindgen` crate in Cargo.lock (the
/// two must match), in `$CARGO_HOME/bin`. Installed without `--locked`: the registry here
/// lacks one of its locked dependencies.
pub fn wasm_bindgen_cli() -> Result<PathBuf, String> {
    let version = locked_version("wasm-bindgen")?;
    let wasm_bindgen = cargo_bin().join("wasm-bindgen");
    if reported_version(&wasm_bindgen).as_deref() == Some(version.as_str()) {
        return Ok(wasm_bindgen);
    }
    cargo(&[
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
    ])?;
    verified(wasm_bindgen, &version)
}

/// Chromium and ChromeDriver for the browser tests, from Debian when either is missing (as
/// root, else through `sudo -n`). Returns their paths (`PULLPOLICY_CHROMIUM` and
/// `PULLPOLICY_CHROMEDRIVER` when set).
pub fn chromium() -> Result<(PathBuf, PathBuf), String> {
    let (chromium, chromedriver) = (tool_path(CHROMIUM), tool_path(CHROMEDRIVER));
    if chromium.is_file() && chromedriver.is_file() {
        return Ok((chromium, chromedriver));
    }
    let install = [
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ];
    // A bare machine may have no package lists yet, or stale ones: refresh once and retry.
    if apt_get(&install).is_err() {
        apt_get(&["update"])?;
        apt_get(&install)?;
    }
    for tool in [&chromium, &chromedriver] {
        if !tool.is_file() {
            return Err(format!("{} is still missing after apt-get", tool.display()));
        }
    }
    Ok((chromium, chromedriver))
}

fn apt_get(args: &[&str]) -> Result<(), String> {
    let mut command = vec!["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"];
    command.extend_from_slice(args);
    if output("id", &["-u"])?.trim() == "0" {
        status(command[0], &command[1..])
    } else {
        command.insert(0, "-n");
        status("sudo", &command)
    }
}

/// The version of the package `name` in Cargo.lock; an error unless there is exactly one.
fn locked_version(name: &str) -> Result<String, String> {
    let path = workspace_root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let quoted = format!("\"{name}\"");
    let versions: Vec<&str> = lock
        .split("[[package]]")
        .filter(|entry| {
            entry
                .lines()
                .any(|l| l.strip_prefix("name = ") == Some(&quoted))
        })
        .filter_map(|entry| entry.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|version| version.trim_matches('"'))
        .collect();
    match versions.as_slice() {
        [version] => Ok((*version).to_owned()),
        [] => Err(format!("Cargo.lock has no `{name}` package")),
        several => Err(format!(
            "Cargo.lock has several `{name}` versions ({}); the CLI must match one",
            several.join(", ")
        )),
    }
}

/// The second word of `program --version` (`trunk 0.21.14`, `wasm-bindgen 0.2.130`), if it
/// runs.
fn reported_version(program: &Path) -> Option<String> {
    let program = program.to_str()?;
    let text = output(program, &["--version"]).ok()?;
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// `program` after an install: there, and at `version`.
fn verified(program: PathBuf, version: &str) -> Result<PathBuf, String> {
    match reported_version(&program) {
        Some(found) if found == version => Ok(program),
        found => Err(format!(
            "{} reports version {}, not {version}",
            program.display(),
            found.as_deref().unwrap_or("(none: it does not run)")
        )),
    }
}
