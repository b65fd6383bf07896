//! SARIF 2.1.0 for GitHub code scanning and other viewers: rule metadata from the registry,
//! regions in code points (`columnKind`), fixes as replacements, suppressed findings marked.

use pullpolicy_core::lint::{Finding, FixState};
use pullpolicy_core::rules::RuleId;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::severity::Severity;
use pullpolicy_core::yaml::Pos;
use serde_json::{Value, json};

use crate::lint::Linted;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const RULES_URI: &str = "https://github.com/pullpolicy/pullpolicy/blob/main/docs/rules.md";

pub fn log(linted: &[Linted], settings: &Settings) -> Value {
    let rules: Vec<Value> = RuleId::ALL.iter().map(|&id| rule(id, settings)).collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for l in linted {
        let uri = uri(&l.name);
        for e in l.errors() {
            let mut location = json!({"physicalLocation": {"artifactLocation": {"uri": uri}}});
            if let (Some(line), Some(column)) = (e.line, e.column) {
                location["physicalLocation"]["region"] =
                    json!({"startLine": line, "startColumn": column});
            }
            notifications.push(json!({
                "level": "error",
                "message": {"text": e.message},
                "locations": [location],
            }));
        }
        let Ok(file) = &l.result else { continue };
        results.extend(
            file.findings
                .iter()
                .zip(l.fix_states.iter().copied())
                .map(|(f, state)| {
                    let blocker = match state {
                        FixState::Waits(Some(j)) => Some(&file.findings[j]),
                        _ => None,
                    };
                    result(f, blocker, &uri)
                }),
        );
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "pullpolicy",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/pullpolicy/pullpolicy",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        Severity::Off => "none",
    }
}

fn rule(id: RuleId, settings: &Settings) -> Value {
    let r = id.rule();
    let explanation = r.explanation();
    json!({
        "id": id.as_str(),
        "name": pascal_case(id.as_str()),
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": explanation},
        "helpUri": format!("{RULES_URI}#{id}"),
        "help": {"text": explanation, "markdown": explanation},
        "defaultConfiguration": {"level": level(settings.severity(id))},
        "properties": {"tags": ["kubernetes", "imagePullPolicy"]},
    })
}

/// `blocker`: the finding whose fix holds `f`'s back (in `properties.fixBlockedBy`).
fn result(f: &Finding, blocker: Option<&Finding>, uri: &str) -> Value {
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str(". Help: ");
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": f.rule.as_str(),
        "ruleIndex": RuleId::ALL.iter().position(|&r| r == f.rule),
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(f.span.start, f.span.end),
            },
            "logicalLocations": [{
                "fullyQualifiedName": format!("{}/{}", f.object.display(), f.path),
                "kind": "member",
            }],
        }],
        "fixes": f.fixes.iter().map(|fix| json!({
            "description": {"text": format!("{} ({})", fix.title, fix.applicability.as_str())},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(e.start, e.end),
                    "insertedContent": {"text": e.replacement},
                })).collect::<Vec<_>>(),
            }],
        })).collect::<Vec<_>>(),
    });
    if let Some(b) = blocker {
        result["properties"] = json!({"fixBlockedBy": {
            "ruleId": b.rule.as_str(),
            "region": region(b.span.start, b.span.end),
        }});
    }
    if let Some(suppressed) = &f.suppressed {
        let mut suppression = json!({"kind": "inSource", "status": "accepted"});
        if let Some(reason) = &suppressed.reason {
            suppression["justification"] = json!(reason);
        }
        result["suppressions"] = json!([suppression]);
    }
    result
}

/// A region; `end` is exclusive, as SARIF's `endColumn` is.
fn region(start: Pos, end: Pos) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A relative URI reference for a path: `/` separators, reserved bytes percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
