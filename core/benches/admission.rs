//! What one admission decision costs natively (the policy module adds the waPC host's overhead,
//! measured in wasm-policy/benches/host.rs), and why the payload's tree is built straight from
//! its JSON text: against decoding it into a `serde_json::Value` (what the tree used to be
//! built from) and against parsing the object as YAML.
//!
//! `cargo bench -p pullpolicy-core --bench admission`. See BENCHMARKS.md.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pullpolicy_core::admission::kubewarden;
use pullpolicy_core::yaml::{self, JsonDocument, Limits};
use serde_json::Value;

/// A defaulted Deployment as the API server sends it (managedFields included), shared with the
/// host tests.
fn deployment_request() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../wasm-policy/tests/data/deployment.json"
    );
    std::fs::read(path).expect("the Deployment AdmissionRequest fixture")
}

fn admission(c: &mut Criterion) {
    let request = deployment_request();
    let request_value: Value = serde_json::from_slice(&request).unwrap();
    let payload = serde_json::json!({"request": request_value, "settings": {"profile": "prod"}});
    let payload = serde_json::to_string(&payload).unwrap();
    let object = serde_json::to_string(&payload_object(&payload)).unwrap();

    let mut group = c.benchmark_group("admission");
    group.bench_function("validate", |b| {
        b.iter(|| kubewarden::validate(black_box(payload.as_bytes())))
    });
    group.bench_function("tree_from_text", |b| {
        b.iter(|| {
            let json = JsonDocument::parse(black_box(&payload), &Limits::DEFAULT);
            black_box(json.map(|j| j.doc.root).ok());
        })
    });
    group.bench_function("decode_value", |b| {
        b.iter(|| black_box(serde_json::from_str::<Value>(black_box(&payload)).ok()))
    });
    group.bench_function("object_as_yaml", |b| {
        b.iter(|| {
            let doc = yaml::documents(black_box(&object), &Limits::DEFAULT).next();
            black_box(doc.map(|d| d.map(|d| d.root).ok()));
        })
    });
    group.finish();
}

fn payload_object(payload: &str) -> Value {
    let value: Value = serde_json::from_str(payload).unwrap();
    value["request"]["object"].clone()
}

criterion_group!(benches, admission);
criterion_main!(benches);
