//! `cargo xtask policy`: the Kubewarden policy module as shipped. Build it for wasm32-wasip1,
//! optimise it with the pinned wasm-opt, annotate it with the metadata (what `kwctl annotate`
//! does), check the result, and report its size.
//!
//! The `policy-release` profile is `wasm-release` (tuned for size) with the core at opt-level 3:
//! a `validate` then runs about 1.9x fewer instructions in the host than with the core at `z`,
//! for about 80 KB more (BENCHMARKS.md). wasm-opt runs at `-O3` (at `-Oz` the module is 0.3%
//! smaller and 2.5% slower).
//!
//! Outputs, under `target/policy/`: `pullpolicy.wasm` (the module to `kwctl push`),
//! `pullpolicy.raw.wasm` (as cargo built it), `pullpolicy.opt.wasm` (after wasm-opt, before
//! annotation) and `size.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{cargo, target_dir, workspace_root};
use crate::tools::{self, BINARYEN_VERSION};
use crate::{metadata, wasm};

const TARGET: &str = "wasm32-wasip1";
const PROFILE: &str = "policy-release";
/// The custom section Kubewarden hosts read the metadata from.
const METADATA_SECTION: &str = "io.kubewarden.metadata";
/// What wasm-opt drops besides optimising: names and DWARF, the producers section and the
/// target features (only tools read those; the host does not).
const STRIP: &[&str] = &[
    "--strip-debug",
    "--strip-producers",
    "--strip-target-features",
];
/// wasm-opt's optimisation level.
const LEVEL: &str = "-O3";

/// Builds `target/policy/pullpolicy.wasm`, annotated with the metadata file at `metadata`
/// (default `wasm-policy/metadata.yml`).
pub fn build(metadata: Option<&Path>) -> Result<(), String> {
    let metadata = metadata.map_or_else(
        || workspace_root().join("wasm-policy/metadata.yml"),
        Path::to_path_buf,
    );
    // Read first: a bad metadata file fails before the slow steps.
    let json = metadata::json(&metadata)?;
    tools::rustup_target(TARGET)?;
    let wasm_opt = tools::wasm_opt()?;
    cargo(&[
        "build",
        "--locked",
        "-p",
        "pullpolicy-wasm-policy",
        "--target",
        TARGET,
        "--profile",
        PROFILE,
    ])?;
    let raw = read(
        &target_dir()
            .join(TARGET)
            .join(PROFILE)
            .join("pullpolicy_wasm_policy.wasm"),
    )?;
    let dir = target_dir().join("policy");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    let features = wasm::target_features(&raw)?;
    let mut flags = wasm::wasm_opt_flags(&features);
    flags.extend_from_slice(STRIP);
    let optimized = optimize(&wasm_opt, &raw, &flags, &dir)?;
    wasm::validate(&optimized.module, &features).map_err(|e| format!("wasm-opt output: {e}"))?;

    let annotated =
        wasm::with_custom_section(&optimized.module, METADATA_SECTION, json.as_bytes())?;
    check_annotated(&annotated, &features, &json)?;
    let shipped = dir.join("pullpolicy.wasm");
    write(&shipped, &annotated)?;

    let sizes = Sizes {
        raw: raw.len(),
        optimized: optimized.module.len(),
        annotated: annotated.len(),
        gzip: pullpolicy_site::size::gzip_len(&annotated),
    };
    report(&sizes, &optimized, &flags, &shipped);
    write(&dir.join("size.json"), sizes.json().as_bytes())
}

/// The annotated module validates, and its metadata section reads back as written: the only
/// one of its name, last, holding `json`.
fn check_annotated(module: &[u8], features: &[&str], json: &str) -> Result<(), String> {
    wasm::validate(module, features).map_err(|e| format!("annotated module: {e}"))?;
    let sections = wasm::custom_sections(module)?;
    let ours: Vec<_> = sections
        .iter()
        .filter(|(name, _)| *name == METADATA_SECTION)
        .collect();
    if ours.len() != 1 || sections.last() != ours.first().copied() {
        return Err(format!(
            "the annotated module has {} `{METADATA_SECTION}` sections",
            ours.len()
        ));
    }
    if ours[0].1 != json.as_bytes() {
        return Err(format!(
            "`{METADATA_SECTION}` does not read back as written"
        ));
    }
    serde_json::from_slice::<serde_json::Value>(ours[0].1)
        .map(drop)
        .map_err(|e| format!("`{METADATA_SECTION}` is not JSON: {e}"))
}

/// The module after wasm-opt.
struct Optimized {
    module: Vec<u8>,
    /// Reused from the previous build: same raw module, same wasm-opt, same flags.
    cached: bool,
}

/// Runs wasm-opt. Reuses the previous result when the raw module, the wasm-opt version and the
/// flags are all unchanged: the stamp is removed before and written after everything else, so
/// it is only there when complete.
fn optimize(wasm_opt: &Path, raw: &[u8], flags: &[&str], dir: &Path) -> Result<Optimized, String> {
    let raw_copy = dir.join("pullpolicy.raw.wasm");
    let output = dir.join("pullpolicy.opt.wasm");
    let stamp = dir.join("wasm-opt.json");
    let key = format!("binaryen {BINARYEN_VERSION} {LEVEL} {}", flags.join(" "));
    if let Some(optimized) = cached(&stamp, &key, raw, &raw_copy, &output) {
        return Ok(optimized);
    }
    remove(&stamp)?;
    write(&raw_copy, raw)?;
    let mut command = Command::new(wasm_opt);
    command
        .arg(&raw_copy)
        .arg(LEVEL)
        .args(flags)
        .arg("-o")
        .arg(&output);
    eprintln!("$ {}", shown(&command));
    let status = command
        .status()
        .map_err(|e| format!("cannot run {}: {e}", wasm_opt.display()))?;
    if !status.success() {
        return Err(format!("wasm-opt failed ({status})"));
    }
    let optimized = Optimized {
        module: read(&output)?,
        cached: false,
    };
    let stamp_json = serde_json::json!({ "key": key });
    write(&stamp, stamp_json.to_string().as_bytes())?;
    Ok(optimized)
}

fn cached(
    stamp: &Path,
    key: &str,
    raw: &[u8],
    raw_copy: &Path,
    output: &Path,
) -> Option<Optimized> {
    let stamp: serde_json::Value = serde_json::from_slice(&std::fs::read(stamp).ok()?).ok()?;
    if stamp.get("key")?.as_str()? != key || std::fs::read(raw_copy).ok()? != raw {
        return None;
    }
    Some(Optimized {
        module: std::fs::read(output).ok()?,
        cached: true,
    })
}

struct Sizes {
    raw: usize,
    optimized: usize,
    annotated: usize,
    gzip: u64,
}

impl Sizes {
    fn json(&self) -> String {
        let json = serde_json::json!({
            "raw": self.raw,
            "optimized": self.optimized,
            "annotated": self.annotated,
            "gzip": self.gzip,
            "profile": PROFILE,
            "wasmOpt": {"binaryen": BINARYEN_VERSION, "level": LEVEL},
        });
        format!("{json:#}\n")
    }
}

fn report(sizes: &Sizes, optimized: &Optimized, flags: &[&str], shipped: &Path) {
    let cached = if optimized.cached { ", unchanged" } else { "" };
    println!("policy module: {}", relative(shipped).display());
    println!("  raw        {:>8} bytes", sizes.raw);
    println!(
        "  wasm-opt   {:>8} bytes  {LEVEL} (binaryen {BINARYEN_VERSION}{cached})",
        sizes.optimized,
    );
    println!("  annotated  {:>8} bytes", sizes.annotated);
    println!("  gzip -9    {:>8} bytes", sizes.gzip);
    println!("  flags: {}", flags.join(" "));
}

/// A command as the user would type it.
fn shown(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|arg| relative(Path::new(arg)).display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(workspace_root())
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file, so readers never see half a file.
fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn remove(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}
