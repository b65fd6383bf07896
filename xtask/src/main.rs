//! `cargo xtask <command>`: the project's own commands, so that the README's two commands work
//! on a fresh machine. Each installs what it needs first (idempotent, quick when present).

use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <run|test>

  run    set up, then lint the example manifests (findings, fixes) and show every effective policy
  test   set up, then run every check: fmt, clippy, unit, conformance, CLI and bench-smoke tests";

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("run") => run(),
        Some("test") => test(),
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
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
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
    setup()?;
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
    let (passed, failed) = cargo_test(&["test", "--locked", "--workspace", "--all-targets"])?;
    // One closing line for the whole run (cargo's own last lines are per test binary).
    println!("tests: {passed} passed, {failed} failed");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} tests failed"))
    }
}

/// Runs `cargo test`, echoing its output, and adds up its `test result:` lines.
fn cargo_test(args: &[&str]) -> Result<(u64, u64), String> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ cargo {}", args.join(" "));
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(workspace_root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                passed += count(rest, " passed");
                failed += count(rest, " failed");
            }
        }
    }
    let ok = child.wait().map_err(|e| e.to_string())?.success();
    if ok || failed > 0 {
        Ok((passed, failed))
    } else {
        Err("`cargo test` failed".into())
    }
}

/// The number before `label` in `ok. 12 passed; 0 failed; ...`.
fn count(summary: &str, label: &str) -> u64 {
    summary
        .split(';')
        .find_map(|part| part.trim_end().strip_suffix(label))
        .and_then(|n| n.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The rustup components the checks use.
fn setup() -> Result<(), String> {
    let installed = output("rustup", &["component", "list", "--installed"])?;
    for component in ["rustfmt", "clippy"] {
        if !installed.lines().any(|l| l.starts_with(component)) {
            status("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

fn cargo(args: &[&str]) -> Result<(), String> {
    status(
        &std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        args,
    )
}

fn status(program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let ok = Command::new(program)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?
        .success();
    if ok {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed", args.join(" ")))
    }
}

fn output(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
