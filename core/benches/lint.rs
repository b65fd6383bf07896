//! What `lint` (pullpolicy_core::lint::lint: analysis plus every active rule, findings with
//! messages and fixes) costs over the bare granit parse and over `analyze`, on the corpus of the
//! resolve bench; and what `fix` costs on a large file where every container gets a fix.
//!
//! `cargo bench -p pullpolicy-core --bench lint`. See BENCHMARKS.md.
//!
//! `PULLPOLICY_BENCH_WRITE=DIR cargo bench -p pullpolicy-core --bench lint` writes the inputs of
//! the CLI end-to-end measurements into DIR instead (the corpus as a 50 MB stream, fix files of
//! 2.7, 11 and 44 MB) and benchmarks nothing.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{self, Finding};
use pullpolicy_core::policy::PullPolicy;
use pullpolicy_core::rules::RuleId;
use pullpolicy_core::settings::{Registry, Settings};
use pullpolicy_core::severity::{Profile, Severity};
use pullpolicy_core::yaml::Limits;

mod corpus;

use corpus::{count_objects, parse_events};

/// Top-level documents in the corpus: about 4 MB, the same corpus as the resolve bench.
const OBJECTS: usize = 2_100;

/// Top-level documents of the CLI's 50 MB stream (`PULLPOLICY_BENCH_WRITE`).
const CLI_OBJECTS: usize = 27_000;

/// Deployments in the fix files: the large one (2.7 MB) and a quarter of it, to show whether
/// `fix` scales linearly.
const FIX_DEPLOYMENTS: [usize; 2] = [500, 2_000];

/// `strict`, with every setting that turns a rule on: no rule is off.
fn strict_settings() -> Settings {
    let registries = |list: &[&str]| -> Vec<Registry> {
        list.iter()
            .map(|r| Registry::parse(r).expect("a valid registry pattern"))
            .collect()
    };
    Settings {
        profile: Profile::Strict,
        allowed_registries: registries(&[
            "docker.io/library",
            "ghcr.io/org",
            "registry.example.com:5000",
            "*.dkr.ecr.*.amazonaws.com",
            "europe-docker.pkg.dev/acme-prod",
            "registry.k8s.io",
            "gcr.io/distroless",
        ]),
        private_registries: registries(&[
            "registry.example.com:5000",
            "harbor.internal.acme.io",
            "*.dkr.ecr.*.amazonaws.com",
            "europe-docker.pkg.dev/acme-prod",
        ]),
        digest_exemptions: registries(&["registry.k8s.io", "localhost:5000"]),
        allowed_pull_policies: vec![PullPolicy::Always, PullPolicy::IfNotPresent],
        ..Settings::default()
    }
}

/// Findings per rule, for the stderr summary.
fn by_rule(findings: &[Finding]) -> String {
    let mut counts: BTreeMap<RuleId, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.rule).or_default() += 1;
    }
    let mut out = String::new();
    for (rule, n) in counts {
        let _ = write!(out, " {rule}={n}");
    }
    out
}

/// Group settings for iterations of tens to hundreds of milliseconds: flat sampling, few
/// samples, as in the resolve bench.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, measurement: u64) {
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(3))
        .measurement_time(Duration::from_secs(measurement));
}

/// `lint` with the default settings (`prod`) and with every rule on, next to the granit parse
/// and `analyze` of the same bytes, for the ratios.
fn lint_vs_parse(c: &mut Criterion) {
    let text = corpus::corpus(OBJECTS);
    let prod = Settings::default();
    let strict = strict_settings();
    let off = Settings {
        rules: RuleId::ALL.iter().map(|&r| (r, Severity::Off)).collect(),
        ..Settings::default()
    };
    for rule in RuleId::ALL {
        assert_ne!(strict.severity(*rule), Severity::Off, "{rule} is off");
    }

    // Sanity: a broken linter or corpus must fail here (CI runs this once, in test mode).
    let report = pullpolicy_core::analyze(
        &text,
        &Limits::DEFAULT,
        &pullpolicy_core::cluster::Cluster::default(),
    );
    assert!(report.errors.is_empty(), "the corpus must be valid YAML");
    let linted_prod = lint::lint(&text, &prod);
    let linted_strict = lint::lint(&text, &strict);
    let linted_off = lint::lint(&text, &off);
    for linted in [&linted_prod, &linted_strict, &linted_off] {
        assert_eq!(linted.report.documents, OBJECTS);
        assert_eq!(linted.report.images.len(), report.images.len());
        assert!(linted.report.errors.is_empty());
    }
    assert!(linted_off.findings.is_empty(), "every rule is off");
    assert!(!linted_prod.findings.is_empty(), "prod finds nothing");
    assert!(
        linted_strict.findings.len() > linted_prod.findings.len(),
        "strict finds no more than prod"
    );
    let objects = count_objects(&text);
    eprintln!(
        "corpus: {} bytes, {} documents, {} objects, {} images, {} parser events",
        text.len(),
        OBJECTS,
        objects,
        report.images.len(),
        parse_events(&text),
    );
    eprintln!(
        "lint prod: {} findings:{}",
        linted_prod.findings.len(),
        by_rule(&linted_prod.findings)
    );
    eprintln!(
        "lint strict (every rule on): {} findings:{}",
        linted_strict.findings.len(),
        by_rule(&linted_strict.findings)
    );

    // The rules the corpus must trigger under strict. The other six run all the same but need
    // inputs it does not have: an invalid or misplaced policy, misplaced pull secrets, a
    // duplicate key, a container without image, a pull secret that is not of a pull type.
    for rule in [
        RuleId::InvalidImageReference,
        RuleId::ImplicitAlwaysPull,
        RuleId::ImplicitPullPolicy,
        RuleId::LatestTag,
        RuleId::FloatingTag,
        RuleId::LatestTagWithDigest,
        RuleId::RestartKeepsStaleImage,
        RuleId::NeverPullRemoteImage,
        RuleId::AlwaysNeedsRegistry,
        RuleId::DigestNotPinned,
        RuleId::PullPolicyNotAllowed,
        RuleId::RegistryNotAllowed,
        RuleId::MissingPullSecret,
    ] {
        assert!(
            linted_strict.findings.iter().any(|f| f.rule == rule),
            "strict found no {rule} in the corpus"
        );
    }

    let mut group = c.benchmark_group("lint");
    configure(&mut group, 15);
    group.throughput(Throughput::ElementsAndBytes {
        elements: objects as u64,
        bytes: text.len() as u64,
    });
    group.bench_function("granit-events", |b| {
        b.iter(|| parse_events(black_box(&text)))
    });
    group.bench_function("analyze", |b| {
        b.iter(|| {
            pullpolicy_core::analyze(
                black_box(&text),
                &Limits::DEFAULT,
                &pullpolicy_core::cluster::Cluster::default(),
            )
        })
    });
    group.bench_function("rules-off", |b| {
        b.iter(|| lint::lint(black_box(&text), &off))
    });
    group.bench_function("prod", |b| b.iter(|| lint::lint(black_box(&text), &prod)));
    group.bench_function("strict-all-rules", |b| {
        b.iter(|| lint::lint(black_box(&text), &strict))
    });
    group.finish();
}

/// Images of the fix file, none with `imagePullPolicy`: each gets a safe fix.
const FIX_IMAGES: [&str; 6] = [
    // Untagged: Always by default (implicit-always-pull and implicit-pull-policy, same edit).
    "nginx",
    // :latest, the same.
    "busybox:latest",
    // Version tags: IfNotPresent by default (implicit-pull-policy).
    "registry.example.com:5000/team/api:1.4.2",
    "quay.io/prometheus/node-exporter:v1.7.0",
    // A digest: IfNotPresent.
    "quay.io/team/cache@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
    // :latest with a digest: Always. --unsafe also drops :latest (latest-tag-with-digest), and
    // the next pass sets IfNotPresent (always-needs-registry): a pass more.
    "app:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
];

/// One large file of `deployments` Deployments with 1 to 3 containers each (and an init
/// container in every fourth), none with `imagePullPolicy`: each container gets a safe fix.
/// Returns the text and the number of containers.
fn fix_file(deployments: usize) -> (String, usize) {
    let mut out = String::new();
    let mut containers = 0;
    let mut next_image = 0;
    let mut image = || {
        next_image += 1;
        FIX_IMAGES[(next_image * 7 + next_image / 6) % FIX_IMAGES.len()]
    };
    for i in 0..deployments {
        let _ = write!(
            out,
            "---
# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: prod
  labels:
    app.kubernetes.io/name: app-{i}
    app.kubernetes.io/managed-by: Helm
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: app-{i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-{i}
    spec:
      serviceAccountName: app
      imagePullSecrets:
        - name: regcred
"
        );
        if i % 4 == 0 {
            let _ = write!(
                out,
                "      initContainers:
        - name: migrate
          image: {}
          command: [\"/migrate\", \"--to=latest\"]
",
                image()
            );
            containers += 1;
        }
        out.push_str("      containers:\n");
        for k in 0..1 + i % 3 {
            let _ = write!(
                out,
                "        - name: c{k}
          image: {}  # pinned by CI
          args:
            - --port=8080
            - --log-format=json
          ports:
            - containerPort: 8080
              protocol: TCP
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
",
                image()
            );
            containers += 1;
        }
    }
    (out, containers)
}

/// `fix` on the large file, safe and `--unsafe`, next to one `analyze` and one `lint` of it
/// (fix lints once per pass) and one `plan` of its findings, at two sizes.
fn fix_large_file(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("fix");
    configure(&mut group, 15);
    group.sample_size(10);
    for deployments in FIX_DEPLOYMENTS {
        let (text, containers) = fix_file(deployments);
        let report = pullpolicy_core::analyze(
            &text,
            &Limits::DEFAULT,
            &pullpolicy_core::cluster::Cluster::default(),
        );
        assert!(report.errors.is_empty(), "the fix file must be valid YAML");
        assert_eq!(report.images.len(), containers);
        let mut safe_applied = 0;
        for allow_unsafe in [false, true] {
            let fixed = lint::fix(
                &text,
                &settings,
                Applicability::allowing_unsafe(allow_unsafe),
            )
            .unwrap();
            let mode = if allow_unsafe { "unsafe" } else { "safe" };
            let inserted = fixed.text.matches("imagePullPolicy:").count();
            assert_eq!(
                inserted, containers,
                "fix --{mode}: a policy in every container"
            );
            // The safe insertions are independent: one pass applies them all, a second finds
            // nothing more. More passes would make `fix` cost more lints than it should.
            if allow_unsafe {
                assert!(fixed.applied.len() > safe_applied, "--unsafe fixes more");
                assert!(
                    (2..=4).contains(&fixed.passes),
                    "fix --unsafe: {}",
                    fixed.passes
                );
            } else {
                safe_applied = fixed.applied.len();
                assert_eq!(fixed.passes, 2, "lint passes of fix --safe");
            }
            eprintln!(
                "fix file: {} bytes, {deployments} Deployments, {containers} containers; \
                 fix --{mode}: {} fixes applied, {} lint passes (the last one confirms), \
                 {} bytes after",
                text.len(),
                fixed.applied.len(),
                fixed.passes,
                fixed.text.len(),
            );
        }
        group.throughput(Throughput::ElementsAndBytes {
            elements: containers as u64,
            bytes: text.len() as u64,
        });
        group.bench_with_input(BenchmarkId::new("analyze", deployments), &text, |b, t| {
            b.iter(|| {
                pullpolicy_core::analyze(
                    black_box(t),
                    &Limits::DEFAULT,
                    &pullpolicy_core::cluster::Cluster::default(),
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("lint", deployments), &text, |b, t| {
            b.iter(|| lint::lint(black_box(t), &settings))
        });
        // What one pass does besides linting: choose the conflict-free fixes (the text output's
        // and the summary's "fixable" counts run it too).
        let findings = lint::lint(&text, &settings).findings;
        group.bench_with_input(BenchmarkId::new("plan", deployments), &findings, |b, f| {
            b.iter(|| lint::plan(black_box(f), Applicability::Safe).len())
        });
        group.bench_with_input(BenchmarkId::new("safe", deployments), &text, |b, t| {
            b.iter(|| lint::fix(black_box(t), &settings, Applicability::Safe).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("unsafe", deployments), &text, |b, t| {
            b.iter(|| lint::fix(black_box(t), &settings, Applicability::Unsafe).unwrap())
        });
    }
    group.finish();
}

/// The inputs of the CLI measurements in BENCHMARKS.md: the corpus at 50 MB, and fix files
/// of 2,000 (the large one of the fix benchmark), 8,000 and 32,000 Deployments.
fn write_inputs(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the output directory");
    let write = |name: &str, text: &str, what: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write an input");
        eprintln!("{}: {} bytes, {what}", path.display(), text.len());
    };
    let stream = corpus::corpus(CLI_OBJECTS);
    let objects = count_objects(&stream);
    write(
        "corpus-50mb.yaml",
        &stream,
        format!("{CLI_OBJECTS} documents, {objects} objects"),
    );
    for deployments in [FIX_DEPLOYMENTS[1], 8_000, 32_000] {
        let (text, containers) = fix_file(deployments);
        write(
            &format!("fix-{deployments}.yaml"),
            &text,
            format!("{containers} containers"),
        );
    }
}

/// An incremental session after an edit inside one document, against a full lint of the same
/// text: each iteration switches between two texts that differ in one image of one document
/// near the middle, so every update lints exactly one document again.
fn session_edit(c: &mut Criterion) {
    use pullpolicy_core::session::Session;
    let a = corpus::corpus(OBJECTS);
    let at = a[a.len() / 2..].find("image: ").expect("an image") + a.len() / 2 + "image: ".len();
    let mut b = a.clone();
    b.insert(at, 'x');
    let settings = Settings::default();
    let mut session = Session::new(settings.clone(), Limits::DEFAULT);
    assert_eq!(session.update(&a), lint::lint(&a, &settings));
    assert_eq!(session.update(&b), lint::lint(&b, &settings));
    assert_eq!(session.relinted, 1);
    let mut group = c.benchmark_group("session");
    configure(&mut group, 15);
    group.throughput(Throughput::Bytes(a.len() as u64));
    let mut flip = false;
    group.bench_function("edit-one-document", |bench| {
        bench.iter(|| {
            flip = !flip;
            session.update(black_box(if flip { &a } else { &b }))
        })
    });
    group.bench_function("full-lint", |bench| {
        bench.iter(|| lint::lint(black_box(&b), &settings))
    });
    group.finish();
}

fn main() {
    if let Some(dir) = std::env::var_os("PULLPOLICY_BENCH_WRITE") {
        write_inputs(Path::new(&dir));
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    lint_vs_parse(&mut c);
    fix_large_file(&mut c);
    session_edit(&mut c);
    c.final_summary();
}
