//! The Kubewarden policy module: a thin waPC adapter. Every decision, message and mutation is
//! made by `pullpolicy_core::admission`; this file only registers the three functions a
//! Kubewarden host calls.

use kubewarden_policy_sdk::protocol_version_guest;
use kubewarden_policy_sdk::wapc_guest::prelude::{CallResult, register_function};
use pullpolicy_core::admission::kubewarden;

/// Called by the host once per instance, before any request.
#[allow(unsafe_code)] // The waPC ABI needs this exact unmangled symbol.
#[unsafe(no_mangle)]
pub extern "C" fn wapc_init() {
    register_function("validate", validate);
    register_function("validate_settings", validate_settings);
    register_function("protocol_version", protocol_version_guest);
}

fn validate(payload: &[u8]) -> CallResult {
    Ok(kubewarden::validate(payload))
}

fn validate_settings(payload: &[u8]) -> CallResult {
    Ok(kubewarden::validate_settings(payload))
}
