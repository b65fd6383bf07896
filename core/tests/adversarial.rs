//! The adversarial corpus (`adversarial/`) through core: the answer each case gets (a snapshot:
//! errors with their positions, containers and their effective policies, findings per rule), and
//! the heap it takes at its peak, held to a bound proportional to the input.
//!
//! One test, the cases in turn: the peak is the process's, so nothing may run beside it.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::{Duration, Instant};

use peak_alloc::PeakAlloc;
use pullpolicy_adversarial::{CASES, Case};
use pullpolicy_core::lint::{FileLint, Linter};
use pullpolicy_core::settings::Settings;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// The heap one case may take at its peak, its input included: the input, the report (about
/// 1 KB per container) and the findings (about 1 KB each, messages and fixes included). The
/// 50 MB stream of 1 KB Deployments takes about 11 times its size; small inputs the constant.
fn heap_bound(input: usize) -> usize {
    16 * input + (32 << 20)
}

/// Far beyond what any case takes (the 50 MB stream takes about 7 s in a test build): not a
/// budget, a guard that turns a hang into a failure.
const HANG: Duration = Duration::from_secs(120);

fn answer(case: &Case, lint: &FileLint) -> String {
    let report = &lint.report;
    let mut out = format!("{}: {} documents\n", case.name, report.documents);
    for error in report.errors.iter().take(5) {
        let _ = writeln!(
            out,
            "  error {}:{}: {}",
            error.pos.line, error.pos.column, error.kind
        );
    }
    if report.errors.len() > 5 {
        let _ = writeln!(out, "  ... {} errors in all", report.errors.len());
    }
    let mut policies: BTreeMap<String, usize> = BTreeMap::new();
    for used in &report.images {
        let effective = used
            .resolution
            .effective()
            .map_or("none (rejected)", |p| p.as_str());
        *policies.entry(effective.to_owned()).or_default() += 1;
    }
    if report.images.len() <= 3 {
        for used in &report.images {
            let image = used.image.as_ref().map(|i| {
                let value = &i.value;
                let shown = if value.len() > 60 {
                    format!("{}... ({} bytes)", &value[..60], value.len())
                } else {
                    value.clone()
                };
                format!("{shown:?} at {}:{}", i.span.start.line, i.span.start.column)
            });
            let _ = writeln!(
                out,
                "  container {} image {} -> {}",
                used.container.path,
                image.unwrap_or_else(|| "none".into()),
                used.resolution
                    .effective()
                    .map_or("none (rejected)", |p| p.as_str())
            );
        }
    } else {
        let _ = writeln!(out, "  {} containers: {policies:?}", report.images.len());
    }
    let mut rules: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for finding in &lint.findings {
        let entry = rules.entry(finding.rule.to_string()).or_insert_with(|| {
            (
                0,
                format!(
                    "first at {}:{}",
                    finding.span.start.line, finding.span.start.column
                ),
            )
        });
        entry.0 += 1;
    }
    for (rule, (count, first)) in rules {
        let _ = writeln!(out, "  {rule} x{count}, {first}");
    }
    out
}

#[test]
fn every_case_gets_its_documented_answer_in_bounded_memory() {
    let settings = Settings::default();
    let mut answers = String::new();
    for case in CASES {
        let bytes = case.bytes();
        assert_eq!(bytes.len(), case.len(), "{}: len() disagrees", case.name);
        let base = HEAP.current_usage();
        HEAP.reset_peak_usage();
        let started = Instant::now();
        let mut linter = Linter::new(&settings);
        linter.add_bytes(&bytes);
        let lint = linter.finish().remove(0);
        let took = started.elapsed();
        let peak = HEAP.peak_usage().saturating_sub(base) + bytes.len();
        eprintln!(
            "{:<20} {:>10} bytes  {:>8.1} ms  peak heap {:>7.1} MB ({:.1}x the input)",
            case.name,
            bytes.len(),
            took.as_secs_f64() * 1e3,
            peak as f64 / 1e6,
            peak as f64 / bytes.len().max(1) as f64
        );
        assert!(took < HANG, "{} took {took:?}", case.name);
        assert!(
            peak <= heap_bound(bytes.len()),
            "{}: {peak} bytes of heap at the peak, over {}",
            case.name,
            heap_bound(bytes.len())
        );
        answers.push_str(&answer(case, &lint));
        drop(lint);
    }
    insta::assert_snapshot!(answers);
}
