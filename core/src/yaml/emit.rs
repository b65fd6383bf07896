//! JSON values written as block YAML, the way people write manifests: for exported settings
//! and the `ClusterAdmissionPolicy` that carries them. A string stays plain only when every YAML
//! reader (1.1 as kubectl, 1.2) reads it back as the same string; otherwise it is written as a
//! JSON string, which YAML reads as a double-quoted scalar.

use serde_json::Value;

use super::scalar::{ScalarType, resolve};

/// `value` as a YAML document (no `---`), ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_mapping(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_sequence(items, 0, &mut out),
        scalar => {
            write_inline(scalar, &mut out);
            out.push('\n');
        }
    }
    out
}

fn write_mapping(map: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in map {
        push_indent(indent, out);
        write_string(key, out);
        out.push(':');
        write_nested(value, indent, out);
    }
}

/// Sequence items start at their parent key's indentation, as kubectl writes them.
fn write_sequence(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        push_indent(indent, out);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first entry shares the dash's line; the others align with it.
                let mut first = String::new();
                write_mapping(map, indent + 2, &mut first);
                out.push(' ');
                out.push_str(first.trim_start_matches(' '));
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_sequence(inner, indent + 2, out);
            }
            scalar => {
                out.push(' ');
                write_inline(scalar, out);
                out.push('\n');
            }
        }
    }
}

/// What follows `key:`.
fn write_nested(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_mapping(map, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(items, indent, out);
        }
        scalar => {
            out.push(' ');
            write_inline(scalar, out);
            out.push('\n');
        }
    }
}

fn write_inline(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => write_string(s, out),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        other => out.push_str(&other.to_string()),
    }
}

fn write_string(s: &str, out: &mut String) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        out.push_str(&Value::String(s.to_owned()).to_string());
    }
}

/// Conservative: a string that could be read as anything else, or needs escaping, is quoted.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let special_start = "-?:,[]{}#&*!|>'\"%@`~ \t.+0123456789".contains(first);
    !special_start
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}'))
        && resolve(s) == ScalarType::String
}

fn push_indent(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::yaml::{Limits, documents};

    fn read_back(text: &str) -> Value {
        let mut docs = documents(text, &Limits::DEFAULT);
        let doc = docs.next().expect("one document").expect("valid YAML");
        doc.to_json().expect("JSON")
    }

    #[test]
    fn writes_block_yaml_that_reads_back_the_same() {
        let value = json!({
            "apiVersion": "policies.kubewarden.io/v1",
            "metadata": {"name": "pullpolicy", "labels": {}},
            "spec": {
                "rules": [
                    {"apiGroups": [""], "resources": ["pods", "pods/ephemeralcontainers"]},
                    {"apiGroups": ["apps"], "operations": []}
                ],
                "settings": {
                    "kubernetesVersion": "1.35",
                    "floatingTags": ["latest", "*-rc*", "yes", "on", "null", "~", "0x1F"],
                    "requireDigest": true,
                    "mutating": false,
                    "count": 3,
                    "nested": [["a"], []],
                    "odd": ["a: b", "a #b", "trailing ", "", "line\nbreak", "- dash", "tab\t"],
                }
            }
        });
        let yaml = to_yaml(&value);
        assert_eq!(read_back(&yaml), value, "{yaml}");
        insta::assert_snapshot!(yaml);
    }

    #[test]
    fn plain_only_when_it_reads_back_as_the_same_string() {
        for plain in [
            "latest",
            "registry.acme.com",
            "ghcr.io/acme",
            "prod",
            "IfNotPresent",
        ] {
            assert!(is_plain_safe(plain), "{plain}");
        }
        for quoted in [
            "1.35", "yes", "Off", "null", "~", "*-rc*", "1e3", ".5", "-1", "a: b", "",
        ] {
            assert!(!is_plain_safe(quoted), "{quoted}");
        }
    }

    #[test]
    fn scalars_and_empty_collections_stand_alone() {
        assert_eq!(to_yaml(&json!("yes")), "\"yes\"\n");
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!([])), "[]\n");
        assert_eq!(to_yaml(&json!(null)), "null\n");
    }
}
