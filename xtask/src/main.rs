//! `cargo xtask <command>`: the project's own commands, so that the README's two commands work
//! on a fresh machine. Each installs what it needs first (idempotent, quick when present).

mod bench;
mod cmd;
mod doc_links;
mod fuzz;
mod metadata;
mod peer;
mod policy;
mod report;
mod tools;
mod wasm;
mod web;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use cmd::{cargo, cargo_program, cargo_test, workspace_root};

const USAGE: &str = "usage: cargo xtask <run|test|policy|bench [--peer]|build-web|serve|fuzz>

  run     set up, then lint the example manifests (findings, fixes) and show every effective policy
  test    set up (Trunk, wasm-bindgen-cli, wasm-opt, Chromium), then run every check: fmt, clippy,
          the policy and playground builds, unit, conformance, CLI, policy-host, browser and
          bench-smoke tests
  policy [--metadata FILE]
          build the Kubewarden policy module: target/policy/pullpolicy.wasm, shrunk with the
          pinned wasm-opt and annotated with wasm-policy/metadata.yml (or FILE); prints its sizes
          (also in target/policy/size.json)
  bench   every benchmark (criterion: resolve, lint, admission, the policy in its host; the
          playground in Chromium; then bench --peer); rewrites the summary tables in BENCHMARKS.md
  bench --peer
          time the release CLI against Checkov (installed, pinned, under target/tools) and the bare
          YAML parse on a generated corpus; prints the table and rewrites it in BENCHMARKS.md
  build-web
          build the playground with Trunk and the pinned tools into dist/; prints its sizes, raw
          and gzipped (also in target/web/size.json)
  serve [--port N]
          build-web, then serve dist/ on http://127.0.0.1:N/ (default 8080) until Ctrl-C
  fuzz [--seconds N] [TARGET...]
          build the libFuzzer targets of fuzz/ (stable Rust, coverage flags) and run each for N
          seconds (default 60): executions, coverage, peak memory; a failing input is saved to
          fuzz/regressions/ (replayed by `cargo test`) and the command fails";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["run"] => run(),
        ["test"] => test(),
        ["policy"] => policy::build(None),
        ["policy", "--metadata", file] => policy::build(Some(&PathBuf::from(file))),
        ["bench"] => bench::run(),
        ["bench", "--peer"] => peer::run(),
        ["build-web"] => web::build(),
        ["serve"] => web::serve(8080),
        ["serve", "--port", port] => match port.parse() {
            Ok(port) => web::serve(port),
            Err(_) => Err(format!("--port {port}: not a port number")),
        },
        ["fuzz", "--seconds", seconds, targets @ ..] => match seconds.parse() {
            Ok(seconds) if seconds > 0 => fuzz::run(targets, seconds),
            _ => Err(format!("--seconds {seconds}: not a positive whole number")),
        },
        ["fuzz", targets @ ..] => fuzz::run(targets, fuzz::DEFAULT_SECONDS),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let pullpolicy = |args: &[&str]| {
        let mut all = vec!["run", "--locked", "--quiet", "-p", "pullpolicy-cli", "--"];
        all.extend_from_slice(args);
        eprintln!("$ pullpolicy {}", args.join(" "));
        Command::new(cargo_program())
            .args(&all)
            .current_dir(workspace_root())
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))
    };
    // Exit code 1 means "findings": that is the answer here, not a failure.
    let linted = pullpolicy(&["lint", "examples"])?;
    if !matches!(linted.code(), Some(0 | 1)) {
        return Err("`pullpolicy lint examples` failed".into());
    }
    if pullpolicy(&["resolve", "examples"])?.success() {
        Ok(())
    } else {
        Err("`pullpolicy resolve examples` failed".into())
    }
}

fn test() -> Result<(), String> {
    tools::rustup_components(&["rustfmt", "clippy"])?;
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&[
        "clippy",
        "--locked",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    // The policy-host tests load the built module; the browser tests, dist/ in Chromium.
    policy::build(None)?;
    web::build()?;
    tools::chromium()?;
    let (passed, failed) = cargo_test(&["test", "--locked", "--workspace", "--all-targets"])?;
    // One closing line for the whole run (cargo's own last lines are per test binary).
    println!("tests: {passed} passed, {failed} failed");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} tests failed"))
    }
}
