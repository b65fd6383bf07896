//! `cargo xtask fuzz`: every libFuzzer target of `fuzz/` for a bounded time, on stable Rust.
//!
//! cargo-fuzz's default AddressSanitizer needs a nightly `-Z` flag; the coverage instrumentation
//! alone is made of stable `-C` flags, so we pass those ourselves (what `cargo fuzz run
//! --sanitizer none` passes) and need nothing installed. Safe Rust does not need ASan: the
//! properties checked are panics, hangs and memory, which libFuzzer sees without it.
//!
//! Under `target/fuzz/`: `seeds/<t>/` (rewritten each run from the fixtures), `corpus/<t>/` (kept
//! between runs, so each run starts where the last stopped), `artifacts/<t>/`, `logs/<t>.log`
//! and `report.json`. A crash input is also copied to `fuzz/regressions/<t>/`, where `cargo test`
//! replays it until it is fixed and for good after.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::cmd::{cargo_program, output, status, target_dir, workspace_root};
use crate::report;
use crate::tools::remove_dir;

/// The seconds each target runs by default.
pub const DEFAULT_SECONDS: u64 = 60;

/// Coverage instrumentation with stable flags; `--cfg fuzzing` as cargo-fuzz sets it, and debug
/// assertions so that overflows are caught. Kept byte-identical between runs: any change
/// rebuilds everything, libFuzzer's C++ included.
const RUSTFLAGS: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing -Cdebug-assertions -Ccodegen-units=1";

/// libFuzzer's options besides time and folders: one input taking over 10 s is a hang, and the
/// process may use at most 2 GiB (both are failures, with their input saved).
const LIMITS: [&str; 2] = ["-timeout=10", "-rss_limit_mb=2048"];

/// What one target's run did.
struct Outcome {
    target: String,
    executions: u64,
    per_second: u64,
    coverage: u64,
    corpus: usize,
    peak_rss_mb: u64,
    /// The crash, hang or out-of-memory input saved, if any.
    failure: Option<PathBuf>,
}

/// Runs `targets` (all when empty) for `seconds` each.
pub fn run(targets: &[&str], seconds: u64) -> Result<(), String> {
    let home = target_dir().join("fuzz");
    let seeds = home.join("seeds");
    remove_dir(&seeds)?;
    // A plain build: the `seeds` binary has no libFuzzer to link the coverage hooks against.
    status(
        &cargo_program(),
        &[
            "run",
            "--locked",
            "--quiet",
            "-p",
            "pullpolicy-fuzz",
            "--bin",
            "seeds",
            "--",
            &seeds.to_string_lossy(),
        ],
    )?;
    // The seeds come in a folder per target: those are the targets there are.
    let known = subdirectories(&seeds)?;
    let chosen: Vec<String> = if targets.is_empty() {
        known
    } else {
        let unknown: Vec<&&str> = targets
            .iter()
            .filter(|t| !known.iter().any(|k| k == *t))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "no fuzz target {unknown:?} (targets: {})",
                known.join(", ")
            ));
        }
        targets.iter().map(|t| t.to_string()).collect()
    };
    let binaries = build(&home, &chosen)?;
    let mut outcomes = Vec::new();
    for target in chosen {
        outcomes.push(fuzz(&home, &binaries, target, seconds)?);
    }
    report(&home, &outcomes, seconds, targets.is_empty())?;
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|o| Some(format!("{}: {}", o.target, o.failure.as_ref()?.display())))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the fuzzer found failures (copied to fuzz/regressions/, replayed by `cargo test`):\n  {}",
            failed.join("\n  ")
        ))
    }
}

/// Builds the instrumented `targets`; returns the folder holding them.
fn build(home: &Path, targets: &[String]) -> Result<PathBuf, String> {
    let host = output("rustc", &["-vV"])?
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or("`rustc -vV` names no host")?;
    let target_dir = home.join("build");
    // `--target`: without it RUSTFLAGS reach build scripts too, which then fail to link.
    let target_dir_arg = target_dir.to_string_lossy();
    let mut args = vec![
        "build",
        "--locked",
        "--release",
        "-p",
        "pullpolicy-fuzz",
        "--features",
        "libfuzzer",
        "--target",
        &host,
        "--target-dir",
        &target_dir_arg,
    ];
    for target in targets {
        args.extend(["--bin", target]);
    }
    eprintln!("$ RUSTFLAGS=\"{RUSTFLAGS}\" cargo {}", args.join(" "));
    let built = Command::new(cargo_program())
        .args(&args)
        .env("RUSTFLAGS", RUSTFLAGS)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err("building the fuzz targets failed".into());
    }
    Ok(target_dir.join(host).join("release"))
}

/// One target for `seconds`: libFuzzer's own stats, and the input it saved on a failure.
fn fuzz(home: &Path, binaries: &Path, target: String, seconds: u64) -> Result<Outcome, String> {
    let corpus = home.join("corpus").join(&target);
    let artifacts = home.join("artifacts").join(&target);
    let logs = home.join("logs");
    for dir in [&corpus, &artifacts, &logs] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let log = logs.join(format!("{target}.log"));
    let log_file =
        std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let args = [
        format!("-max_total_time={seconds}"),
        "-print_final_stats=1".into(),
        format!("-artifact_prefix={}/", artifacts.display()),
        corpus.display().to_string(),
        home.join("seeds").join(&target).display().to_string(),
    ];
    eprintln!(
        "$ fuzz/{target} {} {} (log: {})",
        args.join(" "),
        LIMITS.join(" "),
        log.display()
    );
    let exit = Command::new(binaries.join(&target))
        .args(&args)
        .args(LIMITS)
        .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
        .stderr(log_file)
        .status()
        .map_err(|e| format!("cannot run the {target} fuzzer: {e}"))?;
    let text = std::fs::read_to_string(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let stat = |name: &str| {
        text.lines()
            .filter_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .find_map(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    // The last status line's `cov: N`.
    let coverage = text
        .lines()
        .rev()
        .find_map(|l| {
            l.split_once(" cov: ")?
                .1
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0);
    let saved = text.lines().find_map(|l| {
        l.split_once("Test unit written to ")
            .map(|(_, p)| PathBuf::from(p.trim()))
    });
    let failure = match (exit.success(), saved) {
        (true, _) => None,
        (false, Some(input)) => Some(keep_regression(&target, &input)?),
        (false, None) => {
            return Err(format!(
                "the {target} fuzzer stopped ({exit}) without saving an input; see {}",
                log.display()
            ));
        }
    };
    let outcome = Outcome {
        target: target.clone(),
        executions: stat("number_of_executed_units"),
        per_second: stat("average_exec_per_sec"),
        coverage,
        corpus: std::fs::read_dir(&corpus).map_or(0, |d| d.count()),
        peak_rss_mb: stat("peak_rss_mb"),
        failure,
    };
    eprintln!(
        "{target}: {} executions ({}/s), coverage {}, corpus {}, peak RSS {} MB{}",
        outcome.executions,
        outcome.per_second,
        outcome.coverage,
        outcome.corpus,
        outcome.peak_rss_mb,
        outcome
            .failure
            .as_ref()
            .map_or(String::new(), |f| format!(", FAILED: {}", f.display()))
    );
    Ok(outcome)
}

/// Copies a failing input to `fuzz/regressions/<target>/`; returns the copy's path.
fn keep_regression(target: &str, input: &Path) -> Result<PathBuf, String> {
    let dir = workspace_root().join("fuzz/regressions").join(target);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let name = input
        .file_name()
        .ok_or("libFuzzer saved an input without a name")?;
    let copy = dir.join(name);
    std::fs::copy(input, &copy).map_err(|e| format!("cannot copy {}: {e}", input.display()))?;
    Ok(copy)
}

/// `target/fuzz/report.json`, and a table on the terminal and (`all` targets run) in BENCHMARKS.md.
fn report(home: &Path, outcomes: &[Outcome], seconds: u64, all: bool) -> Result<(), String> {
    let rows: Vec<_> = outcomes
        .iter()
        .map(|o| {
            json!({
                "target": o.target,
                "seconds": seconds,
                "executions": o.executions,
                "executionsPerSecond": o.per_second,
                "coverage": o.coverage,
                "corpus": o.corpus,
                "peakRssMb": o.peak_rss_mb,
                "failure": o.failure.as_ref().map(|f| f.display().to_string()),
            })
        })
        .collect();
    let path = home.join("report.json");
    let text = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut table = String::from(
        "| target | seconds | executions | exec/s | coverage (edges) | corpus | peak RSS | result |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for o in outcomes {
        let result = if o.failure.is_some() {
            "**failure**"
        } else {
            "clean"
        };
        table.push_str(&format!(
            "| `{}` | {seconds} | {} | {} | {} | {} | {} MB | {result} |\n",
            o.target, o.executions, o.per_second, o.coverage, o.corpus, o.peak_rss_mb,
        ));
    }
    println!("{table}(also in {})", path.display());
    // Only a run of every target replaces the table in BENCHMARKS.md.
    if all {
        let dated = format!(
            "{table}\n{}, commit {}, load average {} after the run.",
            report::today()?,
            report::commit()?,
            report::load_average()?
        );
        report::rewrite_section("fuzz", &dated)?;
    }
    Ok(())
}

/// The names of the folders in `dir`, sorted.
fn subdirectories(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}
