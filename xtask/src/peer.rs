//! `cargo xtask bench --peer`: our CLI against a real peer, Checkov's image checks, and against
//! the bare YAML parse, on the same generated corpus in one run; the table goes to stdout and
//! into BENCHMARKS.md between the `peer` markers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::cmd::{cargo, target_dir};
use crate::report::{self, commit, load_average, today};
use crate::tools;

/// About 1 MB in 200 files: Checkov's time grows faster than its input (20 s here, 5 minutes at
/// 5.6 MB), and real repositories hold many small files.
const OBJECTS: usize = 550;
const FILES: usize = 200;

/// Checkov runs once a round, the others (milliseconds each) several times: 15, 15 and 3 runs.
const ROUNDS: usize = 3;

/// Checkov's checks of image tags, pull policy and digests: what pullpolicy lints.
const CHECKS: &str = "CKV_K8S_14,CKV_K8S_15,CKV_K8S_43";

/// Runs a command and prints `wall_seconds cpu_seconds max_rss_kib exit_code` (why it is Python,
/// and how it measures, is said at the top of the file).
const MEASURE: &str = include_str!("measure.py");

const GNU_TIME: &str = "/usr/bin/time";

struct Tool {
    /// The row's first cell, Markdown.
    label: &'static str,
    /// The file name of its outputs under `target/bench/peer/out/`.
    name: &'static str,
    command: Vec<String>,
    env: Vec<(&'static str, &'static str)>,
    /// Runs in each round.
    per_round: usize,
    /// Exit codes that are answers, not failures.
    ok_codes: &'static [i32],
    samples: Vec<Sample>,
}

/// One timed run.
struct Sample {
    wall: f64,
    cpu: f64,
    peak_kib: u64,
}

impl Tool {
    fn new(
        label: &'static str,
        name: &'static str,
        command: Vec<String>,
        per_round: usize,
        ok_codes: &'static [i32],
    ) -> Tool {
        Tool {
            label,
            name,
            command,
            env: Vec::new(),
            per_round,
            ok_codes,
            samples: Vec::new(),
        }
    }

    fn median(&self, of: fn(&Sample) -> f64) -> f64 {
        median(&self.samples.iter().map(of).collect::<Vec<_>>())
    }
}

pub fn run() -> Result<(), String> {
    let (base, corpus) = write_corpus()?;
    let [python, launcher] = tools::checkov()?;
    let mut tools = contenders(&python, &launcher);
    let out_dir = base.join("out");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let load_before = load_average()?;
    // One untimed run each, whose output shows that the tool read the corpus; it also warms the
    // page cache and Python's imports.
    for tool in &tools {
        measure(tool, &base, &out_dir.join(format!("{}.out", tool.name)))?;
    }
    let floor = key_values(&read(&out_dir.join("floor.out"))?);
    let ours = pullpolicy_counts(&read(&out_dir.join("pullpolicy.out"))?)?;
    let theirs = checkov_counts(&read(&out_dir.join("checkov.out"))?)?;
    eprintln!("pullpolicy saw: {ours}");
    eprintln!("checkov saw: {theirs}");
    sample_in_rounds(&mut tools, &base)?;
    let load_after = load_average()?;

    let checkov_version = checked_output(&python, &[&launcher.to_string_lossy(), "--version"])?;
    let python_version = checked_output(&python, &["--version"])?;
    let rustc = checked_output(Path::new("rustc"), &["--version"])?;
    let block = format!(
        "{}\n\
         Corpus: {} files, {} bytes, {} documents, {} objects, {} parser events. pullpolicy saw \
         {ours}. Checkov saw {theirs}.\n\n\
         Checkov {} ({}), {}; {}, commit {}, {} cores, load average {load_before} before and \
         {load_after} after; peak memory {}.",
        table(&tools),
        get(&corpus, "files"),
        get(&corpus, "bytes"),
        get(&corpus, "documents"),
        get(&corpus, "objects"),
        get(&floor, "events"),
        checkov_version.trim(),
        python_version.trim(),
        rustc.trim(),
        today()?,
        commit()?,
        std::thread::available_parallelism().map_or(0, usize::from),
        if Path::new(GNU_TIME).is_file() {
            "as GNU time's `%M`"
        } else {
            "from `getrusage`, with the Python wrapper's own (about 9 MiB) as a floor"
        },
    );
    println!("{block}");
    report::rewrite_section("peer", &block)
}

/// Builds the CLI and the corpus tool and writes the corpus: the benchmark's directory, and
/// what the tool says it wrote (files, bytes, documents, objects).
fn write_corpus() -> Result<(PathBuf, BTreeMap<String, String>), String> {
    cargo(&["build", "--release", "--locked", "-p", "pullpolicy-cli"])?;
    cargo(&[
        "build",
        "--release",
        "--locked",
        "-p",
        "pullpolicy-core",
        "--example",
        "bench_corpus",
    ])?;
    let base = target_dir().join("bench").join("peer");
    // Default settings: a `.pullpolicy.yaml` above the working directory would change the rules.
    if let Some(found) = base
        .ancestors()
        .map(|dir| dir.join(".pullpolicy.yaml"))
        .find(|p| p.is_file())
    {
        return Err(format!(
            "{} would apply to the benchmark; move it away",
            found.display()
        ));
    }
    let written = checked_output(
        &corpus_tool(),
        &[
            "write",
            &base.join("corpus").to_string_lossy(),
            "--objects",
            &OBJECTS.to_string(),
            "--files",
            &FILES.to_string(),
        ],
    )?;
    Ok((base, key_values(&written)))
}

fn corpus_tool() -> PathBuf {
    target_dir()
        .join("release")
        .join("examples")
        .join("bench_corpus")
}

/// The floor, pullpolicy and Checkov, in the table's order.
fn contenders(python: &Path, launcher: &Path) -> [Tool; 3] {
    let mut checkov = command(python, &[&launcher.to_string_lossy()]);
    checkov.extend(
        [
            "-d",
            "corpus",
            "--framework",
            "kubernetes",
            "--check",
            CHECKS,
            "-o",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
        ]
        .map(String::from),
    );
    let pullpolicy = target_dir().join("release").join("pullpolicy");
    [
        Tool::new(
            "bare YAML parse: every granit-parser event, nothing kept (the floor)",
            "floor",
            command(&corpus_tool(), &["events", "corpus"]),
            5,
            &[0],
        ),
        Tool::new(
            "`pullpolicy lint --format json corpus`",
            "pullpolicy",
            command(&pullpolicy, &["lint", "--format", "json", "corpus"]),
            5,
            // 1 is "findings".
            &[0, 1],
        ),
        Tool {
            // With `--skip-download`, no network access at all.
            env: vec![("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")],
            ..Tool::new(
                "`checkov -d corpus --framework kubernetes --check CKV_K8S_14,CKV_K8S_15,CKV_K8S_43 -o json --quiet --compact --skip-download`",
                "checkov",
                checkov,
                1,
                // 1 is "failed checks".
                &[0, 1],
            )
        },
    ]
}

/// The timed runs: rounds, each tool interleaved with the others within one, rather than one
/// tool after the other: the machine's load, which moves, is then shared.
fn sample_in_rounds(tools: &mut [Tool], base: &Path) -> Result<(), String> {
    let most = tools.iter().map(|t| t.per_round).max().unwrap_or(0);
    for round in 1..=ROUNDS {
        for k in 0..most {
            for tool in tools.iter_mut().filter(|t| k < t.per_round) {
                let sample = measure(tool, base, Path::new("/dev/null"))?;
                eprintln!(
                    "round {round}/{ROUNDS}, {} run {}/{}: {} ({} CPU), {}",
                    tool.name,
                    k + 1,
                    tool.per_round,
                    seconds(sample.wall),
                    seconds(sample.cpu),
                    mib(sample.peak_kib)
                );
                tool.samples.push(sample);
            }
        }
    }
    Ok(())
}

/// The Markdown table, each tool against pullpolicy (the second).
fn table(tools: &[Tool]) -> String {
    let (wall, cpu) = (|s: &Sample| s.wall, |s: &Sample| s.cpu);
    let (our_wall, our_cpu) = (tools[1].median(wall), tools[1].median(cpu));
    let mut table = String::from(
        "| command | wall time (median) | min to max | vs pullpolicy | CPU time (median) | vs \
         pullpolicy | peak memory |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for tool in tools {
        let (min, max) = tool.samples.iter().fold((f64::MAX, 0f64), |(lo, hi), s| {
            (lo.min(s.wall), hi.max(s.wall))
        });
        let peak = tool.samples.iter().map(|s| s.peak_kib).max().unwrap_or(0);
        table.push_str(&format!(
            "| {} | {} | {} to {} ({} runs) | {} | {} | {} | {} |\n",
            tool.label,
            seconds(tool.median(wall)),
            seconds(min),
            seconds(max),
            tool.samples.len(),
            times(tool.median(wall) / our_wall),
            seconds(tool.median(cpu)),
            times(tool.median(cpu) / our_cpu),
            mib(peak),
        ));
    }
    table
}

/// Runs `tool` once through [`MEASURE`], its output to `stdout`, its error output to
/// `out/<name>.err`.
fn measure(tool: &Tool, cwd: &Path, stdout: &Path) -> Result<Sample, String> {
    let stderr = cwd.join("out").join(format!("{}.err", tool.name));
    let rss = if Path::new(GNU_TIME).is_file() {
        cwd.join("out").join(format!("{}.rss", tool.name))
    } else {
        "-".into()
    };
    let out = Command::new("python3")
        .arg("-c")
        .arg(MEASURE)
        .arg(stdout)
        .arg(&stderr)
        .arg(rss)
        .args(&tool.command)
        .envs(tool.env.iter().copied())
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let parsed = match fields.as_slice() {
        [wall, cpu, kib, code] => (|| {
            let sample = Sample {
                wall: wall.parse().ok()?,
                cpu: cpu.parse().ok()?,
                peak_kib: kib.parse().ok()?,
            };
            Some((sample, code.parse::<i32>().ok()?))
        })(),
        _ => None,
    };
    let Some((sample, code)) = parsed else {
        return Err(format!(
            "measuring {} failed: {}",
            tool.name,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    };
    if !tool.ok_codes.contains(&code) {
        return Err(format!(
            "{} exited with {code}; see {}",
            tool.name,
            stderr.display()
        ));
    }
    Ok(sample)
}

/// Workloads, containers, image uses and findings in `pullpolicy lint --format json` output.
fn pullpolicy_counts(json: &str) -> Result<String, String> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| format!("pullpolicy's JSON is invalid: {e}"))?;
    let images = value["images"].as_array().map_or(&[][..], Vec::as_slice);
    if images.is_empty() {
        return Err("pullpolicy found no images in the corpus".into());
    }
    let workloads: BTreeSet<String> = images
        .iter()
        .map(|i| format!("{} {} {}", i["file"], i["document"], i["object"]))
        .collect();
    let containers = images
        .iter()
        .filter(|i| i["container"]["kind"] != "imageVolume")
        .count();
    let findings = value["findings"].as_array().map_or(0, Vec::len);
    Ok(format!(
        "{} workloads, {} containers ({} image uses with image volumes), {} findings",
        grouped(workloads.len() as u64),
        grouped(containers as u64),
        grouped(images.len() as u64),
        grouped(findings as u64),
    ))
}

/// Resources and check results in Checkov's JSON; an error when it evaluated nothing, as it
/// does, silently, with YAML it cannot read.
fn checkov_counts(json: &str) -> Result<String, String> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| format!("Checkov's JSON is invalid: {e}"))?;
    // One report object per framework; a list when there are several.
    let report = match &value {
        Value::Array(reports) => reports
            .iter()
            .find(|r| r["check_type"] == "kubernetes")
            .unwrap_or(&Value::Null),
        report => report,
    };
    let summary = if report["summary"].is_object() {
        &report["summary"]
    } else {
        report
    };
    let resources = summary["resource_count"].as_u64().unwrap_or(0);
    if resources == 0 {
        return Err("Checkov evaluated no resources: it did not read the corpus".into());
    }
    let mut failed: BTreeMap<&str, u64> = CHECKS.split(',').map(|c| (c, 0)).collect();
    for check in report["results"]["failed_checks"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
    {
        if let Some(count) = check["check_id"].as_str().and_then(|c| failed.get_mut(c)) {
            *count += 1;
        }
    }
    let passed = summary["passed"].as_u64().unwrap_or(0);
    let failed_all: u64 = failed.values().sum();
    let per_check: Vec<String> = failed
        .iter()
        .map(|(c, n)| format!("{c} {}", grouped(*n)))
        .collect();
    // Each check gives one result per workload it applies to, and all three apply to the same.
    let checks = failed.len() as u64;
    Ok(format!(
        "{} workloads ({} resources in all): {} checks failed ({}), {} passed",
        grouped((failed_all + passed) / checks),
        grouped(resources),
        grouped(failed_all),
        per_check.join(", "),
        grouped(passed),
    ))
}

/// Standard output of `program`, an error if it fails.
fn checked_output(program: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if !out.status.success() {
        return Err(format!(
            "`{} {}` failed: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn command(program: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec![program.to_string_lossy().into_owned()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    all
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `key=value` words, as `bench_corpus` prints them.
fn key_values(text: &str) -> BTreeMap<String, String> {
    text.split_whitespace()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The number under `key`, grouped in thousands.
fn get(map: &BTreeMap<String, String>, key: &str) -> String {
    map.get(key)
        .and_then(|v| v.parse().ok())
        .map_or("?".into(), grouped)
}

/// `1234567` as `1,234,567`, as BENCHMARKS.md writes counts.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn seconds(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn mib(kib: u64) -> String {
    match kib as f64 / 1024.0 {
        m if m < 100.0 => format!("{m:.1} MiB"),
        m => format!("{m:.0} MiB"),
    }
}

fn times(ratio: f64) -> String {
    match ratio {
        r if r >= 100.0 => format!("**{r:.0}x**"),
        r if r >= 10.0 => format!("**{r:.1}x**"),
        r => format!("{r:.2}x"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_037_122), "1,037,122");
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn counts_checkov_results() {
        let json = r#"{"check_type": "kubernetes", "results": {"failed_checks": [
            {"check_id": "CKV_K8S_14"}, {"check_id": "CKV_K8S_43"}, {"check_id": "CKV_K8S_43"}]},
            "summary": {"passed": 3, "failed": 3, "resource_count": 2}}"#;
        assert_eq!(
            checkov_counts(json).unwrap(),
            "2 workloads (2 resources in all): 3 checks failed (CKV_K8S_14 1, CKV_K8S_15 0, \
             CKV_K8S_43 2), 3 passed"
        );
        let nothing = r#"{"passed": 0, "failed": 0, "resource_count": 0}"#;
        assert!(checkov_counts(nothing).is_err());
    }

    #[test]
    fn counts_pullpolicy_images() {
        let json = r#"{"findings": [{}], "images": [
            {"file": "a", "document": 0, "object": {"name": "x"}, "container": {"kind": "container"}},
            {"file": "a", "document": 0, "object": {"name": "x"}, "container": {"kind": "imageVolume"}},
            {"file": "b", "document": 0, "object": {"name": "x"}, "container": {"kind": "initContainer"}}
        ]}"#;
        assert_eq!(
            pullpolicy_counts(json).unwrap(),
            "2 workloads, 2 containers (3 image uses with image volumes), 1 findings"
        );
        assert!(pullpolicy_counts(r#"{"images": []}"#).is_err());
    }
}
