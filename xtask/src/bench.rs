//! `cargo xtask bench`: every benchmark in one command, then the summary in BENCHMARKS.md
//! rewritten (between the `bench` markers): each criterion benchmark's median and mean, the
//! playground's download, first result and 1 MB re-analysis, and (through `bench --peer`) the
//! table against Checkov. The prose sections around them explain the numbers; they are written
//! by hand and name the commit their numbers come from.

use std::path::Path;

use serde_json::Value;

use crate::cmd::{cargo_streamed, target_dir};
use crate::report::{self, commit, load_average, today};
use crate::tools::{self, remove_dir};
use crate::{peer, policy, web};

/// Every benchmark target: (package, bench).
const BENCHES: [(&str, &str); 5] = [
    ("pullpolicy-core", "resolve"),
    ("pullpolicy-core", "lint"),
    ("pullpolicy-core", "admission"),
    ("pullpolicy-wasm-policy", "host"),
    ("pullpolicy-site", "playground"),
];

pub fn run() -> Result<(), String> {
    // The host bench loads the built policy module, the playground bench the built site.
    policy::build(None)?;
    web::build()?;
    tools::chromium()?;
    let criterion = target_dir().join("criterion");
    // Only this run's results go into the table.
    remove_dir(&criterion)?;
    let load_before = load_average()?;
    let mut playground = Vec::new();
    for (package, bench) in BENCHES {
        let args = ["bench", "--locked", "-p", package, "--bench", bench];
        let ok = cargo_streamed(&args, |line| {
            // The playground bench prints its own table: its indented lines.
            if bench == "playground" && line.starts_with("  ") {
                playground.push(line.trim().to_owned());
            }
        })?;
        if !ok {
            return Err(format!("`cargo {}` failed", args.join(" ")));
        }
    }
    let load_after = load_average()?;
    let mut block = String::from("| benchmark | median | mean |\n|---|---:|---:|\n");
    for (id, median, mean) in criterion_results(&criterion)? {
        block.push_str(&format!("| `{id}` | {} | {} |\n", time(median), time(mean)));
    }
    block.push_str("\nThe playground (`cargo bench -p pullpolicy-site`):\n\n```\n");
    for line in &playground {
        block.push_str(line);
        block.push('\n');
    }
    block.push_str(&format!(
        "```\n\n{}, commit {}, {} cores, load average {load_before} before and {load_after} after \
         the criterion and playground benchmarks.",
        today()?,
        commit()?,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    ));
    report::rewrite_section("bench", &block)?;
    peer::run()
}

/// `(full id, median ns, mean ns)` of every benchmark criterion saved under `dir`, sorted by id.
fn criterion_results(dir: &Path) -> Result<Vec<(String, f64, f64)>, String> {
    let mut found = Vec::new();
    collect(dir, &mut found)?;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    if found.is_empty() {
        return Err(format!("no criterion results under {}", dir.display()));
    }
    Ok(found)
}

fn collect(dir: &Path, found: &mut Vec<(String, f64, f64)>) -> Result<(), String> {
    let new = dir.join("new");
    if new.join("estimates.json").is_file() && new.join("benchmark.json").is_file() {
        let benchmark = json(&new.join("benchmark.json"))?;
        let estimates = json(&new.join("estimates.json"))?;
        let id = benchmark["full_id"].as_str().unwrap_or_default().to_owned();
        let point = |name: &str| estimates[name]["point_estimate"].as_f64();
        if let (Some(median), Some(mean)) = (point("median"), point("mean")) {
            found.push((id, median, mean));
        }
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        if entry.path().is_dir() {
            collect(&entry.path(), found)?;
        }
    }
    Ok(())
}

fn json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A duration in nanoseconds, in the unit that reads best.
fn time(ns: f64) -> String {
    match ns {
        ns if ns < 1e3 => format!("{ns:.0} ns"),
        ns if ns < 1e6 => format!("{:.1} µs", ns / 1e3),
        ns if ns < 1e9 => format!("{:.2} ms", ns / 1e6),
        ns => format!("{:.2} s", ns / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_their_unit() {
        assert_eq!(time(812.0), "812 ns");
        assert_eq!(time(127_700.0), "127.7 µs");
        assert_eq!(time(86_180_000.0), "86.18 ms");
        assert_eq!(time(2_440_000_000.0), "2.44 s");
    }
}
