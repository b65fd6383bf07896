//! What a `validate` call costs in a real waPC host (wasmtime through `wasmtime-provider`, as
//! Kubewarden's policy-evaluator runs it), against the same call natively:
//!
//! - `policy-host/deployment/reused`: one instance answers every request.
//! - `policy-host/deployment/fresh`: a fresh instance per request from a module compiled once
//!   (`build_pre`, then `rehydrate` and `wapc_init` per request: the policy-server way).
//! - `policy-host/pod/reused`, `policy-host/deployment-5mb/reused`: other sizes, reused instance.
//! - `policy-host/floor/fresh`: `protocol_version` on a fresh instance, what a fresh instance
//!   costs before any policy work.
//! - `policy-native/*`: `pullpolicy_core::admission::kubewarden::validate`, which the module
//!   wraps.
//! - `policy-compile/module`: compiling the module (a host pays it once per policy), and
//!   `policy-compile/link` linking a compiled module with WASI and waPC (`build_pre`).
//!
//! Needs the module: `cargo xtask policy` (or `PULLPOLICY_POLICY_WASM`). Run with
//! `cargo bench -p pullpolicy-wasm-policy --bench host`; `cargo test --benches` runs each once,
//! checking that the module answers as core does.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{Host, compile, engine, fixture, huge_deployment, module_bytes, payload, pre};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pullpolicy_core::admission::kubewarden;
use serde_json::json;

fn inputs() -> [(&'static str, Vec<u8>); 3] {
    let settings = json!({"profile": "prod"});
    [
        (
            "deployment",
            payload(&fixture("deployment.json"), settings.clone()),
        ),
        ("pod", payload(&fixture("pod.json"), settings.clone())),
        (
            "deployment-5mb",
            payload(&huge_deployment(5_000_000), settings),
        ),
    ]
}

fn host(c: &mut Criterion) {
    let inputs = inputs();
    let compiled = common::compiled();
    let reused = Host::from_pre(compiled);
    for (name, bytes) in &inputs {
        // The benchmark measures a right answer: the module's, byte for byte core's.
        let answer = reused.call("validate", bytes).expect("validate answers");
        assert_eq!(
            answer,
            kubewarden::validate(bytes),
            "{name}: is the module stale?"
        );
        eprintln!(
            "{name}: {} bytes of payload, {} of answer",
            bytes.len(),
            answer.len()
        );
    }

    let mut group = c.benchmark_group("policy-host");
    for (name, bytes) in &inputs {
        if name.ends_with("5mb") {
            group.sample_size(10);
        }
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}/reused"), |b| {
            b.iter(|| reused.call("validate", black_box(bytes)).unwrap())
        });
        if *name == "deployment" {
            group.bench_function(format!("{name}/fresh"), |b| {
                b.iter(|| {
                    Host::from_pre(compiled)
                        .call("validate", black_box(bytes))
                        .unwrap()
                })
            });
        }
    }
    // The floor of a fresh instance: instantiation, `wapc_init` and the smallest call there is.
    group.bench_function("floor/fresh", |b| {
        b.iter(|| {
            Host::from_pre(compiled)
                .call("protocol_version", black_box(b"{}"))
                .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("policy-native");
    for (name, bytes) in &inputs {
        if name.ends_with("5mb") {
            group.sample_size(10);
        }
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*name, |b| b.iter(|| kubewarden::validate(black_box(bytes))));
    }
    group.finish();
}

fn compilation(c: &mut Criterion) {
    let bytes = module_bytes();
    let engine = engine();
    let mut group = c.benchmark_group("policy-compile");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("module", |b| b.iter(|| compile(&engine, black_box(bytes))));
    let module = compile(&engine, bytes);
    group.bench_function("link", |b| b.iter(|| pre(&engine, &module)));
    group.finish();
}

criterion_group!(benches, host, compilation);
criterion_main!(benches);
