//! `pullpolicy admission`: what the cluster's Kubewarden policy answers, without a cluster. The
//! verdict is `core::admission`'s, the same the policy module returns; this only reads the
//! request and prints the `AdmissionReview` response.

use std::path::Path;

use pullpolicy_core::admission;
use pullpolicy_core::yaml::{self, JsonDocument, Limits};

use crate::{config, fail, inputs, style};

/// Exit code 0 when the request is allowed, 1 when it is denied, 2 when it cannot be read.
pub fn run(request: &str, settings: Option<&Path>) -> u8 {
    let settings = match config::load(settings, None, None) {
        Ok(settings) => settings,
        Err(e) => return fail(&e),
    };
    if Path::new(request).is_dir() {
        return fail(&format!("{request}: is a directory; give one request file"));
    }
    let input = match inputs::collect(&[request.to_owned()], &settings) {
        Ok(mut inputs) if inputs.len() == 1 => inputs.remove(0),
        Ok(_) => return fail(&format!("{request}: give one request file")),
        Err(e) => return fail(&e),
    };
    let text = match input.bytes.and_then(|bytes| read(&bytes)) {
        Ok(text) => text,
        Err(e) => return fail(&format!("{}: {e}", input.name)),
    };
    let verdict = admission::review_text(&text, &settings);
    let review = admission::admission_review(&verdict);
    println!(
        "{}",
        serde_json::to_string_pretty(&review).unwrap_or_default()
    );
    if let Some(why) = &verdict.skipped {
        note(&format!("{}: not judged: {why}", input.name));
    }
    match (verdict.accepted, verdict.code) {
        (true, _) => 0,
        (false, Some(400)) => 2,
        (false, _) => 1,
    }
}

/// Prints `note: message` on standard error.
fn note(message: &str) {
    use std::io::Write;
    let _ = writeln!(
        anstream::stderr(),
        "{}: {message}",
        style::paint(style::NOTE, "note", 0)
    );
}

/// The request as JSON text: JSON as is (as kubectl reads input that starts with `{`), YAML
/// converted as kubectl converts it. One document only: one request gets one answer.
fn read(bytes: &[u8]) -> Result<String, String> {
    let limits = Limits::DEFAULT;
    if bytes.len() > limits.max_input_bytes {
        let limit = limits.max_input_bytes;
        return Err(format!(
            "{} bytes is more than the {limit} bytes accepted",
            bytes.len()
        ));
    }
    let text = yaml::decode_utf8(bytes).map_err(|e| e.to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        // Checked here, so that a file that is not JSON is an error of the file, not a verdict.
        JsonDocument::parse(text, &limits).map_err(|e| e.to_string())?;
        return Ok(text.to_owned());
    }
    let mut documents = yaml::documents(text, &limits);
    let doc = match documents.next() {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => return Err(e.to_string()),
        None => return Err("empty input: expected a request or a manifest".into()),
    };
    if documents.next().is_some() {
        return Err("more than one document: give one request (or a List)".into());
    }
    doc.to_json()
        .map(|value| value.to_string())
        .map_err(|e| format!("{}:{}: {}", e.pos.line, e.pos.column, e.message))
}
