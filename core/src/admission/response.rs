//! The `AdmissionReview` the API server would get back, for `pullpolicy admission` and the
//! playground: what the cluster answers, without a cluster.

use serde_json::{Map, Value, json};

use super::Verdict;
use crate::base64;

/// An `admission.k8s.io/v1` `AdmissionReview` holding the response to the verdict's request:
/// its `uid`, status, warnings and audit annotations, and the mutation as a base64 JSON Patch.
pub fn admission_review(verdict: &Verdict) -> Value {
    let mut response = Map::new();
    response.insert("uid".into(), verdict.uid.as_str().into());
    response.insert("allowed".into(), verdict.accepted.into());
    if verdict.message.is_some() || verdict.code.is_some() {
        let mut status = Map::new();
        if let Some(code) = verdict.code {
            status.insert("code".into(), code.into());
        }
        if let Some(message) = &verdict.message {
            status.insert("message".into(), message.as_str().into());
        }
        response.insert("status".into(), status.into());
    }
    if !verdict.warnings.is_empty() {
        response.insert("warnings".into(), verdict.warnings.clone().into());
    }
    if !verdict.audit_annotations.is_empty() {
        let annotations: Map<String, Value> = verdict
            .audit_annotations
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().into()))
            .collect();
        response.insert("auditAnnotations".into(), annotations.into());
    }
    if verdict.accepted && !verdict.patches.is_empty() {
        let patch: Vec<Value> = verdict.patches.iter().map(|p| p.to_json()).collect();
        let bytes = serde_json::to_vec(&patch).unwrap_or_default();
        response.insert("patchType".into(), "JSONPatch".into());
        response.insert("patch".into(), base64::encode(&bytes).into());
    }
    json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "response": response,
    })
}
