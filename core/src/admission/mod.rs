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
pub use verdict::{MAX_LISTED_IN_MESSAGE, MAX_WARNING_CHARS, MAX_WARNINGS, SKIPPED, Verdict};

use serde_json::Value;

use crate::lint::{Finding, Linter};
use crate::manifest::{ContainerKind, Object, Typing, objects_at};
use crate::rules::RuleId;
use crate::settings::{Mutate, Settings};
use crate::severity::Severity;
use crate::yaml::{JsonDocument, Limits, SyntaxError};

/// The only subresource whose requests carry containers to check.
const EPHEMERAL_CONTAINERS: &str = "ephemeralcontainers";

/// Entries no rule reads, left out of the tree: the API server's field bookkeeping (often a
/// third of an object) and kubectl's copy of the last applied object (the object again, as one
/// escaped string). Their text is still checked, and a mutated object keeps them.
const NOT_READ: &[(&str, &str)] = &[
    ("metadata", "managedFields"),
    (
        "annotations",
        "kubectl.kubernetes.io/last-applied-configuration",
    ),
];

/// Decides one request. Kinds are recognised as the linter recognises them (built-in workloads
/// by kind, custom resources by shape), with the type the request names when the object does not
/// say it. An object let through without a look says why ([`Verdict::skipped`], and the
/// `skipped` audit annotation).
pub fn review(request: &Request<'_>, settings: &Settings) -> Verdict {
    let mut verdict = decide(request, settings);
    verdict.uid = request.uid.to_owned();
    if let Some(why) = &verdict.skipped {
        verdict
            .audit_annotations
            .insert(SKIPPED.to_owned(), why.clone());
    }
    verdict
}

fn decide(request: &Request<'_>, settings: &Settings) -> Verdict {
    if !matches!(request.operation, Operation::Create | Operation::Update) {
        return Verdict::skipped(format!("{} is not checked", request.operation.as_str()));
    }
    let only_ephemeral = match request.sub_resource {
        "" => false,
        EPHEMERAL_CONTAINERS => true,
        other => return Verdict::skipped(format!("subresource {other} is not checked")),
    };
    let Some(object) = request.object else {
        return Verdict::unreadable("pullpolicy cannot read the request: object: missing");
    };
    let doc = &request.json.doc;
    let typing = typing(request);
    let cluster = settings.cluster();
    let objects = objects_at(doc, object, typing, &cluster);
    if objects.iter().all(|o| o.found_by.is_none()) {
        let what = match objects.as_slice() {
            [one] => one.id.display(),
            _ => "the List".to_owned(),
        };
        return Verdict::skipped(format!("no pod spec in {what}"));
    }
    let before = request
        .old_object
        .map(|old| objects_at(doc, old, typing, &cluster));
    if request.operation == Operation::Update
        && !update::changes_images(&objects, before.as_deref())
    {
        return Verdict::skipped("the update changes no image and no pull policy");
    }
    let patches = match settings.mutate {
        Mutate::None => Vec::new(),
        mode => mutation::patches(mode, request, &objects, before.as_deref(), only_ephemeral),
    };
    // Several objects (a raw `List`): each line says which.
    let several = objects.len() > 1;
    // The verdict is about the object as it will be stored: after the mutation.
    let (findings, mutated) = if patches.is_empty() {
        (lint(doc, objects, settings), None)
    } else {
        let mutated = match mutation::apply(request.json.text_of(object), &patches) {
            Ok(mutated) => mutated,
            Err(message) => return Verdict::unreadable(message),
        };
        match findings_of(&mutated, typing, settings) {
            Ok(findings) => (findings, Some(mutated)),
            Err(message) => return Verdict::unreadable(message),
        }
    };
    let in_scope = |f: &Finding| {
        !only_ephemeral
            || f.container.as_ref().map(|c| c.kind) == Some(ContainerKind::EphemeralContainer)
    };
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| in_scope(f) && !unseen_service_account(f, request))
        .collect();
    let verdict = Verdict::judge(findings, settings, several);
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

/// How the object's type is known: a raw manifest says it; an admitted object may leave it to
/// the request.
fn typing<'r>(request: &'r Request<'_>) -> Typing<'r> {
    if request.raw {
        Typing::Written
    } else {
        Typing::Admitted(request.kind.as_ref())
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

/// Reads a request (any shape [`Request::from_json`] reads) from its JSON text and decides it.
pub fn review_text(text: &str, settings: &Settings) -> Verdict {
    let json = match parse(text) {
        Ok(json) => json,
        Err(e) => return Verdict::unreadable(format!("pullpolicy: the request is not JSON: {e}")),
    };
    match Request::from_json(&json) {
        Ok(request) => review(&request, settings),
        Err(e) => Verdict::unreadable_request(&e),
    }
}

/// As [`review_text`], for a request already decoded.
pub fn review_value(payload: &Value, settings: &Settings) -> Verdict {
    review_text(&payload.to_string(), settings)
}

/// A payload's tree, without [`NOT_READ`].
pub(crate) fn parse(text: &str) -> Result<JsonDocument<'_>, SyntaxError> {
    JsonDocument::parse_omitting(text, NOT_READ, &Limits::DEFAULT)
}

/// The findings of objects found in a document that a verdict can report: from `warning` or
/// `failOn` up.
fn lint(
    doc: &crate::yaml::Document<'_>,
    objects: Vec<Object>,
    settings: &Settings,
) -> Vec<Finding> {
    let least = settings.fail_on.0.min(Severity::Warning);
    let mut linter = Linter::from_severity(settings, Limits::DEFAULT, least);
    linter.add_objects(doc, objects);
    linter
        .finish()
        .pop()
        .map(|file| file.findings)
        .unwrap_or_default()
}

/// The findings of a mutated object, read again from its JSON.
fn findings_of(
    object: &Value,
    typing: Typing<'_>,
    settings: &Settings,
) -> Result<Vec<Finding>, String> {
    let text = object.to_string();
    let json = parse(&text).map_err(|e| format!("pullpolicy cannot read the object: {e}"))?;
    let Some(root) = json.doc.root else {
        return Ok(Vec::new());
    };
    let objects = objects_at(&json.doc, root, typing, &settings.cluster());
    Ok(lint(&json.doc, objects, settings))
}
