//! Running programs: echoed, from the workspace root, with errors as one-line messages.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    let xtask = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// The cargo that runs us, so that the same toolchain builds everything.
pub fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub fn cargo(args: &[&str]) -> Result<(), String> {
    status(&cargo_program(), args)
}

/// Runs `program`, echoed, letting it print; a non-zero exit is an error.
pub fn status(program: &str, args: &[&str]) -> Result<(), String> {
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

/// Runs `program` quietly and returns its standard output.
pub fn output(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs cargo with `args`, echoing its standard output line by line to ours and handing each
/// line to `each_line`; returns whether it succeeded.
pub fn cargo_streamed(args: &[&str], mut each_line: impl FnMut(&str)) -> Result<bool, String> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ cargo {}", args.join(" "));
    let mut child = Command::new(cargo_program())
        .args(args)
        .current_dir(workspace_root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            each_line(&line);
        }
    }
    Ok(child.wait().map_err(|e| e.to_string())?.success())
}

/// Runs `cargo test`, echoing its output, and adds up its `test result:` lines.
pub fn cargo_test(args: &[&str]) -> Result<(u64, u64), String> {
    let (mut passed, mut failed) = (0, 0);
    let ok = cargo_streamed(args, |line| {
        if let Some(rest) = line.strip_prefix("test result: ") {
            passed += count(rest, " passed");
            failed += count(rest, " failed");
        }
    })?;
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
