//! The admission decision, shared by the Kubewarden policy module, `pullpolicy admission` and
//! the playground: a request (or a raw manifest) and [`Settings`] in, a [`Verdict`] out. Pure.
//!
//! In a cluster the API server decodes and defaults an object before admission: every
//! container of a built-in kind already has `imagePullPolicy`, and misplaced fields are gone. So
//! there the rules about omitted or misplaced fields find nothing, while tag, digest, registry,
//! pull-secret, `Never` and allowed-policy rules apply. A raw manifest is judged as written.

pub mod kubewarden;
mod manifests;
mod mutation;
mod request;
mod response;
mod update;
mod verdict;

pub use manifests::{ManifestVerdict, review_manifest};
pub use mutation::PolicyPatch;
pub use request::{Operation, Request, RequestError};
pub use response::admission_review;
pub use verdict::{MAX_LISTED_IN_MESSAGE, MAX_WARNING_CHARS, MAX_WARNINGS, Verdict};

use serde_json::Value;

use crate::lint::{Finding, Linter};
use crate::manifest::{ContainerKind, objects};
use crate::rules::RuleId;
use crate::settings::{Mutate, Settings};
use crate::yaml::{JsonDocument, Limits};

/// The only subresource whose requests carry containers to check.
const EPHEMERAL_CONTAINERS: &str = "ephemeralcontainers";

/// The API server's field bookkeeping: often a third of an object, read by no rule.
const NOT_READ: &[&str] = &["metadata", "managedFields"];

/// Decides one request. Kinds are recognised as the linter recognises them (built-in workloads
/// by kind, custom resources by shape); anything without a pod spec is accepted untouched.
pub fn review(request: &Request<'_>, settings: &Settings) -> Verdict {
    if !matches!(request.operation, Operation::Create | Operation::Update) {
        return Verdict::skipped(format!("{} is not checked", request.operation.as_str()));
    }
    let only_ephemeral = match request.sub_resource {
        "" => false,
        EPHEMERAL_CONTAINERS => true,
        other => return Verdict::skipped(format!("subresource {other} is not checked")),
    };
    let mut text = String::new();
    let json = match tree(request.object, &mut text) {
        Ok(json) => json,
        Err(message) => return Verdict::unreadable(message),
    };
    let objects = objects(&json.doc);
    if objects.iter().all(|o| o.found_by.is_none()) {
        return Verdict::skipped("no pod spec in the object");
    }
    if request.operation == Operation::Update && !update::changes_images(request, &objects) {
        return Verdict::skipped("the update changes no image and no pull policy");
    }
    let patches = match settings.mutate {
        Mutate::None => Vec::new(),
        mode => mutation::patches(mode, request, &json, &objects, only_ephemeral),
    };
    let mutated = (!patches.is_empty()).then(|| mutation::apply(request.object, &patches));
    // The verdict is about the object as it will be stored: after the mutation.
    let findings = match &mutated {
        Some(object) => findings_of(object, settings),
        None => Ok(findings_in(&json, settings)),
    };
    let findings = match findings {
        Ok(findings) => findings,
        Err(message) => return Verdict::unreadable(message),
    };
    let in_scope = |f: &Finding| {
        !only_ephemeral
            || f.container.as_ref().map(|c| c.kind) == Some(ContainerKind::EphemeralContainer)
    };
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| in_scope(f) && !unseen_service_account(f, request))
        .collect();
    let verdict = Verdict::judge(findings, settings, objects.len() > 1);
    // A rejected object is not stored, so it is not mutated either.
    if !verdict.accepted {
        return verdict;
    }
    Verdict {
        patches,
        mutated_object: mutated,
        ..verdict
    }
}

/// In a cluster the ServiceAccount admission plugin has already copied the ServiceAccount's
/// pull secrets into a Pod, but a workload template only names its ServiceAccount, which the
/// policy cannot see: a missing pull secret there would be a guess, so it is not judged.
fn unseen_service_account(finding: &Finding, request: &Request<'_>) -> bool {
    finding.rule == RuleId::MissingPullSecret
        && !request.raw
        && finding.object.kind.as_deref() != Some("Pod")
}

/// Reads the request out of an admission payload and decides it.
pub fn review_value(payload: &Value, settings: &Settings) -> Verdict {
    match Request::from_value(payload) {
        Ok(request) => review(&request, settings),
        Err(e) => Verdict::unreadable_request(&e),
    }
}

/// An object's tree as the rules read it (without [`NOT_READ`]), or why it has none.
pub(crate) fn tree<'a>(
    object: &'a Value,
    text: &'a mut String,
) -> Result<JsonDocument<'a>, String> {
    JsonDocument::omitting(object, NOT_READ, text, &Limits::DEFAULT)
        .map_err(|e| format!("pullpolicy cannot read the object: {}", e.kind))
}

fn findings_of(object: &Value, settings: &Settings) -> Result<Vec<Finding>, String> {
    let mut text = String::new();
    Ok(findings_in(&tree(object, &mut text)?, settings))
}

fn findings_in(json: &JsonDocument<'_>, settings: &Settings) -> Vec<Finding> {
    let mut linter = Linter::new(settings);
    linter.add_document(&json.doc);
    linter
        .finish()
        .pop()
        .map(|file| file.findings)
        .unwrap_or_default()
}
