//! Kubewarden's waPC payloads, bytes in and bytes out, so that the policy module is only an
//! adapter and every byte it answers is tested natively. Nothing here panics: unreadable input
//! gets a response that says what is wrong.

use serde::Serialize;
use serde_json::Value;

use super::{Request, Verdict, review};
use crate::settings::Settings;
use crate::yaml;

/// `validate`'s answer (the SDK's `ValidationResponse`, snake_case).
#[derive(Debug, Serialize)]
struct ValidationResponse<'v> {
    accepted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'v str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mutated_object: Option<&'v Value>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    audit_annotations: &'v std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'v [String],
}

/// `validate_settings`' answer.
#[derive(Debug, Serialize)]
struct SettingsValidationResponse {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// `validate`: `{"request": <AdmissionRequest or raw object>, "settings": {...}}` in, a
/// `ValidationResponse` out.
pub fn validate(payload: &[u8]) -> Vec<u8> {
    encode(&validation(payload))
}

/// The verdict `validate` answers with.
pub fn validation(payload: &[u8]) -> Verdict {
    let json = match yaml::decode_utf8(payload).and_then(super::parse) {
        Ok(json) => json,
        Err(e) => return Verdict::unreadable(format!("pullpolicy: the payload is not JSON: {e}")),
    };
    let doc = &json.doc;
    let root = doc.root.filter(|&r| doc.is_mapping(r));
    let field = |key: &str| root.and_then(|r| doc.value(r, key));
    let settings = match field("settings") {
        None => Settings::default(),
        Some(node) => match settings(json.text_of(node)) {
            Ok(settings) => settings,
            Err(message) => return Verdict::unreadable(format!("pullpolicy: {message}")),
        },
    };
    let Some(request) = field("request") else {
        return Verdict::unreadable("pullpolicy: the payload has no `request`");
    };
    match Request::read(&json, request, "request") {
        Ok(request) => review(&request, &settings),
        Err(e) => Verdict::unreadable_request(&e),
    }
}

/// Settings from their JSON text. Decoded as a value first, so that messages name the key
/// without a position in the host's one-line JSON.
fn settings(text: &str) -> Result<Settings, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Settings::from_deserializer(&value).map_err(|e| e.to_string())
}

/// `validate_settings`: the settings object in, `{"valid": bool, "message": ...}` out. A bad
/// value is named by its key, with the allowed values.
pub fn validate_settings(payload: &[u8]) -> Vec<u8> {
    let result = serde_json::from_slice::<Value>(payload)
        .map_err(|e| format!("the settings are not JSON: {e}"))
        .and_then(|value| Settings::from_deserializer(&value).map_err(|e| e.to_string()));
    let response = SettingsValidationResponse {
        valid: result.is_ok(),
        message: result.err(),
    };
    serde_json::to_vec(&response).unwrap_or_default()
}

/// The response bytes of a verdict.
pub fn encode(verdict: &Verdict) -> Vec<u8> {
    let response = ValidationResponse {
        accepted: verdict.accepted,
        message: verdict.message.as_deref(),
        code: verdict.code,
        mutated_object: verdict.mutated_object.as_ref(),
        audit_annotations: &verdict.audit_annotations,
        warnings: &verdict.warnings,
    };
    // Serializing plain data to a Vec cannot fail.
    serde_json::to_vec(&response).unwrap_or_default()
}
