//! What is being admitted: an `AdmissionRequest` as the API server sends it, or a bare manifest
//! (Kubewarden's raw mode, `kwctl run --raw`, and CI).

use std::fmt;

use serde_json::Value;

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

/// One request to admit.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<'a> {
    /// The request's `uid` (empty for a raw manifest): the response must echo it.
    pub uid: &'a str,
    pub operation: Operation,
    /// `resource.group` and `resource.resource` (`""`, `pods`); `None` for a raw manifest.
    pub resource: Option<(&'a str, &'a str)>,
    /// `subResource` (`ephemeralcontainers`, `status`...), `""` when none.
    pub sub_resource: &'a str,
    pub object: &'a Value,
    pub old_object: Option<&'a Value>,
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

impl<'a> Request<'a> {
    /// Reads what a host or a user hands over: an `AdmissionReview`, a `{"request": ...}`
    /// wrapper (Kubewarden's payload, `kwctl run --request-path`), a bare `AdmissionRequest`, or
    /// a manifest (any object whose `kind` is a string).
    pub fn from_value(value: &'a Value) -> Result<Request<'a>, RequestError> {
        Self::read(value, "")
    }

    /// As [`Request::from_value`], for a value found at the field path `at` of a payload, which
    /// errors then name (`request.operation`).
    pub(crate) fn read(value: &'a Value, at: &str) -> Result<Request<'a>, RequestError> {
        let Value::Object(map) = value else {
            let what = type_name(value);
            return Err(error(at, format!("expected an object, found {what}")));
        };
        let kind = map.get("kind");
        let wraps = match kind {
            Some(Value::String(k)) => k == "AdmissionReview",
            _ => !map.contains_key("uid") && !map.contains_key("object"),
        };
        if wraps {
            return match map.get("request") {
                Some(inner) => Self::read(inner, &join(at, "request")),
                None => Err(error(
                    at,
                    "expected an AdmissionReview, an AdmissionRequest or a Kubernetes object \
                     (with a string `kind`)"
                        .to_owned(),
                )),
            };
        }
        if let Some(Value::String(_)) = kind {
            return Ok(Request {
                uid: "",
                operation: Operation::Create,
                resource: None,
                sub_resource: "",
                object: value,
                old_object: None,
                raw: true,
            });
        }
        let text = |key: &str| -> Result<Option<&'a str>, RequestError> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(other) => Err(error(
                    &join(at, key),
                    format!("expected a string, found {}", type_name(other)),
                )),
            }
        };
        let operation = match text("operation")? {
            Some("CREATE") => Operation::Create,
            Some("UPDATE") => Operation::Update,
            Some("DELETE") => Operation::Delete,
            Some("CONNECT") => Operation::Connect,
            Some(other) => {
                let message = format!(
                    "unknown operation `{other}`; expected CREATE, UPDATE, DELETE or CONNECT"
                );
                return Err(error(&join(at, "operation"), message));
            }
            None => return Err(error(&join(at, "operation"), "missing".to_owned())),
        };
        let resource = match map.get("resource") {
            Some(Value::Object(r)) => {
                let field = |key: &str| r.get(key).and_then(Value::as_str).unwrap_or_default();
                Some((field("group"), field("resource")))
            }
            _ => None,
        };
        let object = map.get("object").unwrap_or(&Value::Null);
        let needs_object = matches!(operation, Operation::Create | Operation::Update);
        if needs_object && !object.is_object() {
            let message = format!("expected an object, found {}", type_name(object));
            return Err(error(&join(at, "object"), message));
        }
        Ok(Request {
            uid: text("uid")?.unwrap_or_default(),
            operation,
            resource,
            sub_resource: text("subResource")?.unwrap_or_default(),
            object,
            old_object: map.get("oldObject").filter(|o| o.is_object()),
            raw: false,
        })
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

/// The JSON type of a value, as messages name it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
