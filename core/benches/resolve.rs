//! What `resolve` (pullpolicy_core::analyze: tree building, pod-spec discovery, reference parsing,
//! pull-policy defaulting) costs over the bare YAML parse of the same bytes, with granit-parser
//! (what we use) and saphyr-parser (its upstream, the baseline).
//!
//! Also the node view of each image (`node/*`).
//!
//! `cargo bench -p pullpolicy-core --bench resolve`. See BENCHMARKS.md.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use pullpolicy_core::yaml::Limits;

mod corpus;

use corpus::{count_objects, parse_events};

/// Top-level documents in the corpus: about 4 MB.
const OBJECTS: usize = 2_100;

/// [`parse_events`] with saphyr-parser (granit's upstream): the baseline the issue names.
fn parse_saphyr_events(text: &str) -> usize {
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    let mut events = 0;
    loop {
        match parser.next_event() {
            None | Some(Ok((saphyr_parser::Event::StreamEnd, _))) => break,
            Some(event) => {
                let _ = black_box(event);
                events += 1;
            }
        }
    }
    events
}

fn resolve_vs_parse(c: &mut Criterion) {
    let text = corpus::corpus(OBJECTS);
    let report = pullpolicy_core::analyze(
        &text,
        &Limits::DEFAULT,
        &pullpolicy_core::cluster::Cluster::default(),
    );
    assert!(
        report.errors.is_empty(),
        "the corpus must be valid YAML: {:?}",
        report.errors.first()
    );
    // The corpus must stay deterministic and mixed, or the numbers stop meaning anything.
    // These checks also run in CI, where `cargo test --all-targets` runs benches once.
    assert_eq!(text, corpus::corpus(OBJECTS), "the corpus is deterministic");
    assert_eq!(report.documents, OBJECTS);
    for kind in [
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "Pod",
        "Rollout",
    ] {
        let found = report
            .images
            .iter()
            .any(|u| u.object.kind.as_deref() == Some(kind));
        assert!(found, "the corpus has no {kind} with images");
    }
    for needle in [
        "kind: List",
        "ephemeralContainers:",
        "reference:",
        "kind: Secret",
    ] {
        assert!(text.contains(needle), "the corpus has no {needle}");
    }
    let workloads: HashSet<_> = report
        .images
        .iter()
        .map(|u| (u.document, u.object.display()))
        .collect();
    eprintln!(
        "corpus: {} bytes, {} documents, {} objects ({} with images), {} images, {} parser events",
        text.len(),
        report.documents,
        count_objects(&text),
        workloads.len(),
        report.images.len(),
        parse_events(&text),
    );

    // Ids `parse/granit-events` and `resolve/analyze`: one group each, configured alike.
    let mut bench = |group: &str, id: &str, run: &dyn Fn(&str)| {
        let mut group = c.benchmark_group(group);
        group
            .throughput(Throughput::Bytes(text.len() as u64))
            // Iterations take tens of milliseconds: flat sampling, few samples, short runs.
            .sampling_mode(SamplingMode::Flat)
            .sample_size(20)
            .warm_up_time(Duration::from_secs(3))
            .measurement_time(Duration::from_secs(15));
        group.bench_function(id, |b| b.iter(|| run(black_box(&text))));
        group.finish();
    };
    bench("parse", "granit-events", &|text| {
        black_box(parse_events(text));
    });
    bench("parse", "saphyr-events", &|text| {
        black_box(parse_saphyr_events(text));
    });
    bench("resolve", "analyze", &|text| {
        black_box(pullpolicy_core::analyze(
            text,
            &Limits::DEFAULT,
            &pullpolicy_core::cluster::Cluster::default(),
        ));
    });
}

/// The node view (`resolve --format json`'s `onNode`, the playground's timeline): one image, and
/// every image of the corpus, over an `analyze` already done.
fn node_view(c: &mut Criterion) {
    use pullpolicy_core::node::{Subject, on_node};
    use pullpolicy_core::settings::Settings;
    let text = corpus::corpus(OBJECTS);
    let report = pullpolicy_core::analyze(
        &text,
        &Limits::DEFAULT,
        &pullpolicy_core::cluster::Cluster::default(),
    );
    let settings = Settings::default();
    let subjects: Vec<Subject<'_>> = report.images.iter().filter_map(Subject::of).collect();
    assert!(subjects.len() > 1000, "the corpus has images");
    let mut group = c.benchmark_group("node");
    group.bench_function("one-image", |b| {
        b.iter(|| black_box(on_node(black_box(&subjects[0]), &settings)))
    });
    group
        .throughput(Throughput::Elements(subjects.len() as u64))
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for subject in &subjects {
                black_box(on_node(subject, &settings));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, resolve_vs_parse, node_view);
criterion_main!(benches);
