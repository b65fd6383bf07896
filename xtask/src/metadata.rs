//! The policy metadata: `wasm-policy/metadata.yml` as the compact JSON that `kwctl annotate`
//! embeds in the module.

use std::path::Path;

/// The protocol the module speaks (its `protocol_version` function answers the same).
const PROTOCOL_VERSION: &str = "v1";

/// Reads the metadata file and returns the section payload: compact JSON, `protocolVersion`
/// first, then the file's keys.
pub fn json(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    to_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn to_json(yaml: &str) -> Result<String, String> {
    let value: serde_json::Value = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(map) = value else {
        return Err("the metadata must be a mapping".into());
    };
    check(&map)?;
    let mut json = format!(r#"{{"protocolVersion":"{PROTOCOL_VERSION}""#);
    for (key, value) in &map {
        json.push(',');
        json.push_str(&serde_json::to_string(key).map_err(|e| e.to_string())?);
        json.push(':');
        json.push_str(&serde_json::to_string(value).map_err(|e| e.to_string())?);
    }
    json.push('}');
    Ok(json)
}

/// What a Kubewarden host would otherwise refuse later (or misuse): checked here so the build
/// fails instead.
fn check(map: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    if map.contains_key("protocolVersion") {
        return Err("`protocolVersion` is written by the build, not by the metadata file".into());
    }
    if !map.get("rules").is_some_and(serde_json::Value::is_array) {
        return Err("`rules` must be a list".into());
    }
    if !map
        .get("mutating")
        .is_some_and(serde_json::Value::is_boolean)
    {
        return Err("`mutating` must be true or false".into());
    }
    if let Some(mode) = map.get("executionMode")
        && mode != "kubewarden-wapc"
    {
        return Err(format!(
            "`executionMode` is {mode}, but the module is a waPC module (kubewarden-wapc)"
        ));
    }
    for key in ["annotations", "labels"] {
        let Some(entries) = map.get(key) else {
            continue;
        };
        let Some(entries) = entries.as_object() else {
            return Err(format!("`{key}` must be a mapping"));
        };
        if let Some((name, _)) = entries.iter().find(|(_, v)| !v.is_string()) {
            return Err(format!(
                "`{key}.{name}` must be a string (quote it in the YAML)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::to_json;

    #[test]
    fn compact_json_with_protocol_version_first() {
        let yaml = "rules:\n- apiGroups: ['']\n  apiVersions: [v1]\n  resources: [pods]\n  \
                    operations: [CREATE]\nmutating: false\nannotations:\n  \
                    io.kubewarden.policy.title: pullpolicy\n";
        let json = to_json(yaml).unwrap();
        assert!(json.starts_with(r#"{"protocolVersion":"v1","#), "{json}");
        assert!(!json.contains([' ', '\n']), "not compact: {json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "protocolVersion": "v1",
                "rules": [{"apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"],
                           "operations": ["CREATE"]}],
                "mutating": false,
                "annotations": {"io.kubewarden.policy.title": "pullpolicy"},
            })
        );
    }

    #[test]
    fn refuses_what_a_host_would_refuse() {
        let base = "rules: []\nmutating: false\n";
        assert!(to_json(base).is_ok());
        for bad in [
            "- a list",
            "mutating: false\n",
            "rules: []\nmutating: 'no'\n",
            "rules: []\nmutating: false\nprotocolVersion: v1\n",
            "rules: []\nmutating: false\nexecutionMode: opa\n",
            "rules: []\nmutating: false\nannotations:\n  io.kubewarden.policy.version: 1.0\n",
        ] {
            assert!(to_json(bad).is_err(), "{bad}");
        }
    }
}
