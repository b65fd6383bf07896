//! What one admission decision costs natively (the policy module adds the waPC host's overhead,
//! measured in wasm-policy/benches/host.rs), and why the object's tree is built from the decoded
//! JSON value instead of parsing its text again.
//!
//! `cargo bench -p pullpolicy-core --bench admission`. See BENCHMARKS.md.

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
    let payload = serde_json::to_vec(&payload).unwrap();
    let object = &payload_object(&payload);
    let text = serde_json::to_string(object).unwrap();

    let mut group = c.benchmark_group("admission");
    group.bench_function("validate", |b| {
        b.iter(|| kubewarden::validate(black_box(&payload)))
    });
    group.bench_function("tree_from_value", |b| {
        let mut buffer = String::new();
        b.iter(|| {
            let json = JsonDocument::new(black_box(object), &mut buffer, &Limits::DEFAULT);
            black_box(json.map(|j| j.doc.root).ok());
        })
    });
    group.bench_function("tree_from_text", |b| {
        b.iter(|| {
            let doc = yaml::documents(black_box(&text), &Limits::DEFAULT).next();
            black_box(doc.map(|d| d.map(|d| d.root).ok()));
        })
    });
    group.finish();
}

fn payload_object(payload: &[u8]) -> Value {
    let value: Value = serde_json::from_slice(payload).unwrap();
    value["request"]["object"].clone()
}

criterion_group!(benches, admission);
criterion_main!(benches);
