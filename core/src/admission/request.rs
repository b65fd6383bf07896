//! What is being admitted: an `AdmissionRequest` as the API server sends it, or a bare manifest
//! (Kubewarden's raw mode, `kwctl run --raw`, and CI), read from the payload's JSON tree.

use std::fmt;

use crate::manifest::ObjectType;
use crate::yaml::{JsonDocument, NodeId, NodeKind, ScalarType};

/// The operation the API server is admitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
    Delete,
    Connect,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "CREATE",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
            Self::Connect => "CONNECT",
        }
    }
}

/// One request to admit, read from a payload's tree.
#[derive(Debug, Clone)]
pub struct Request<'d> {
    /// The request's `uid` (empty for a raw manifest): the response must echo it.
    pub uid: &'d str,
    pub operation: Operation,
    /// The object's type as the request names it: `kind`, else `requestKind`, else the kind of
    /// a subscribed `resource` or `requestResource`. `None` for a raw manifest, which says its
    /// own type. The API server's objects carry `apiVersion` and `kind`, but requests built by
    /// hand or by tools (Kubewarden's own test data, `kwctl run`) often do not.
    pub kind: Option<ObjectType>,
    /// `resource.group` and `resource.resource` (`""`, `pods`); `None` for a raw manifest.
    pub resource: Option<(&'d str, &'d str)>,
    /// `subResource` (`ephemeralcontainers`, `status`...), `""` when none.
    pub sub_resource: &'d str,
    /// The payload's tree, which `object` and `old_object` are nodes of.
    pub json: &'d JsonDocument<'d>,
    /// The object (for a raw manifest, the manifest itself); `None` only for DELETE and CONNECT.
    pub object: Option<NodeId>,
    pub old_object: Option<NodeId>,
    /// A bare manifest as written, not decoded and defaulted by an API server.
    pub raw: bool,
}

/// Why a payload is not something that can be admitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// Path of the offending field (`request.operation`), empty for the whole payload.
    pub field: String,
    pub message: String,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for RequestError {}

/// The kinds of the resources the policy subscribes to (`metadata.yml`), for requests that name
/// only the resource.
const SUBSCRIBED: &[(&str, &str, &str)] = &[
    ("", "pods", "Pod"),
    ("", "podtemplates", "PodTemplate"),
    ("", "replicationcontrollers", "ReplicationController"),
    ("apps", "deployments", "Deployment"),
    ("apps", "replicasets", "ReplicaSet"),
    ("apps", "statefulsets", "StatefulSet"),
    ("apps", "daemonsets", "DaemonSet"),
    ("batch", "jobs", "Job"),
    ("batch", "cronjobs", "CronJob"),
];

impl<'d> Request<'d> {
    /// Reads what a host or a user hands over: an `AdmissionReview`, a `{"request": ...}`
    /// wrapper (Kubewarden's payload, `kwctl run --request-path`), a bare `AdmissionRequest`, or
    /// a manifest (any object whose `kind` is a string).
    pub fn from_json(json: &'d JsonDocument<'d>) -> Result<Request<'d>, RequestError> {
        match json.doc.root {
            Some(root) => Self::read(json, root, ""),
            None => Err(error("", "expected an object, found nothing".to_owned())),
        }
    }

    /// As [`Request::from_json`], for the value at `node`, found at the field path `at` of a
    /// payload, which errors then name (`request.operation`).
    pub(crate) fn read(
        json: &'d JsonDocument<'d>,
        node: NodeId,
        at: &str,
    ) -> Result<Request<'d>, RequestError> {
        let doc = &json.doc;
        if !doc.is_mapping(node) {
            let what = json_type(json, Some(node));
            return Err(error(at, format!("expected an object, found {what}")));
        }
        let field = |key: &str| doc.value(node, key);
        let kind = field("kind");
        let wraps = match kind.and_then(|k| doc.str(k)) {
            Some(k) => k == "AdmissionReview",
            None => field("uid").is_none() && field("object").is_none(),
        };
        if wraps {
            return match field("request") {
                Some(inner) => Self::read(json, inner, &join(at, "request")),
                None => Err(error(
                    at,
                    "expected an AdmissionReview, an AdmissionRequest or a Kubernetes object \
                     (with a string `kind`)"
                        .to_owned(),
                )),
            };
        }
        if kind.and_then(|k| doc.str(k)).is_some() {
            return Ok(Request {
                uid: "",
                operation: Operation::Create,
                kind: None,
                resource: None,
                sub_resource: "",
                json,
                object: Some(node),
                old_object: None,
                raw: true,
            });
        }
        let text = |key: &str| -> Result<Option<&'d str>, RequestError> {
            match field(key) {
                None => Ok(None),
                Some(n) if json_type(json, Some(n)) == "null" => Ok(None),
                Some(n) => doc.str(n).map(Some).ok_or_else(|| {
                    let found = json_type(json, Some(n));
                    error(&join(at, key), format!("expected a string, found {found}"))
                }),
            }
        };
        let operation = operation(text("operation")?, at)?;
        let object = field("object").filter(|&o| doc.is_mapping(o));
        let needs_object = matches!(operation, Operation::Create | Operation::Update);
        if needs_object && object.is_none() {
            let found = json_type(json, field("object"));
            let message = format!("expected an object, found {found}");
            return Err(error(&join(at, "object"), message));
        }
        let resource = |key: &str| {
            let r = field(key).filter(|&r| doc.is_mapping(r))?;
            let part = |name: &str| doc.value(r, name).and_then(|n| doc.str(n));
            Some((
                part("group").unwrap_or_default(),
                part("version"),
                part("resource")?,
            ))
        };
        let named = |key: &str| {
            let k = field(key).filter(|&k| doc.is_mapping(k))?;
            let part = |name: &str| doc.value(k, name).and_then(|n| doc.str(n));
            let (group, version) = (part("group").unwrap_or_default(), part("version")?);
            Some(object_type(group, version, part("kind")?))
        };
        let from_resource = |key: &str| {
            let (group, version, plural) = resource(key)?;
            let &(_, _, kind) = SUBSCRIBED
                .iter()
                .find(|&&(g, r, _)| (g, r) == (group, plural))?;
            Some(object_type(group, version?, kind))
        };
        Ok(Request {
            uid: text("uid")?.unwrap_or_default(),
            operation,
            kind: named("kind")
                .or_else(|| named("requestKind"))
                .or_else(|| from_resource("resource"))
                .or_else(|| from_resource("requestResource")),
            resource: resource("resource").map(|(group, _, plural)| (group, plural)),
            sub_resource: text("subResource")?.unwrap_or_default(),
            json,
            object,
            old_object: field("oldObject").filter(|&o| doc.is_mapping(o)),
            raw: false,
        })
    }
}

/// The request's `operation`, found at the field path `at`.
fn operation(written: Option<&str>, at: &str) -> Result<Operation, RequestError> {
    match written {
        Some("CREATE") => Ok(Operation::Create),
        Some("UPDATE") => Ok(Operation::Update),
        Some("DELETE") => Ok(Operation::Delete),
        Some("CONNECT") => Ok(Operation::Connect),
        Some(other) => {
            let message =
                format!("unknown operation `{other}`; expected CREATE, UPDATE, DELETE or CONNECT");
            Err(error(&join(at, "operation"), message))
        }
        None => Err(error(&join(at, "operation"), "missing".to_owned())),
    }
}

fn object_type(group: &str, version: &str, kind: &str) -> ObjectType {
    ObjectType {
        api_version: if group.is_empty() {
            version.to_owned()
        } else {
            format!("{group}/{version}")
        },
        kind: kind.to_owned(),
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

fn error(field: &str, message: String) -> RequestError {
    RequestError {
        field: field.to_owned(),
        message,
    }
}

/// The JSON type of a node (`None`: absent, said as `null`), as messages name it.
pub(crate) fn json_type(json: &JsonDocument<'_>, node: Option<NodeId>) -> &'static str {
    let Some(node) = node else { return "null" };
    match json.doc.kind(node) {
        NodeKind::Scalar(s) => match s.resolved_type() {
            ScalarType::Null => "null",
            ScalarType::Bool => "a boolean",
            ScalarType::Number => "a number",
            ScalarType::String => "a string",
        },
        NodeKind::Sequence(_) => "an array",
        NodeKind::Mapping(_) | NodeKind::Alias(_) => "an object",
    }
}
