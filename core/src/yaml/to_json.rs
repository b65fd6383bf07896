//! A document as the JSON value kubectl sends (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1
//! scalar types, `<<` merges applied, aliases expanded (the builder has bounded their size).

use serde_json::{Map, Number, Value};

use super::scalar::ScalarType;
use super::tree::{Document, NodeId, NodeKind, Pos, Scalar};

/// A node that has no JSON form, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToJsonError {
    pub message: String,
    pub pos: Pos,
}

impl Document<'_> {
    /// The JSON value of the document's root (`null` for an empty document).
    pub fn to_json(&self) -> Result<Value, ToJsonError> {
        self.root
            .map_or(Ok(Value::Null), |root| self.node_to_json(root))
    }

    /// The JSON value of one node.
    pub fn node_to_json(&self, id: NodeId) -> Result<Value, ToJsonError> {
        match self.kind(id) {
            NodeKind::Scalar(s) => scalar(s).map_err(|message| ToJsonError {
                message,
                pos: self.node(id).span.start,
            }),
            NodeKind::Sequence(items) => items.iter().map(|&i| self.node_to_json(i)).collect(),
            NodeKind::Mapping(_) => {
                let mut map = Map::new();
                self.merge_into(id, &mut map)?;
                Ok(Value::Object(map))
            }
            // `kind` resolves aliases.
            NodeKind::Alias(_) => Ok(Value::Null),
        }
    }

    /// Assigns a mapping's entries in order, the last assignment winning; a `<<` assigns its
    /// mappings' keys at its position, earlier mappings of a sequence taking precedence.
    fn merge_into(&self, mapping: NodeId, map: &mut Map<String, Value>) -> Result<(), ToJsonError> {
        for &(k, v) in self.entries(self.resolve(mapping)) {
            if self.is_merge_key(k) {
                let sources: Vec<NodeId> = match self.kind(v) {
                    NodeKind::Sequence(items) => items.clone(),
                    _ => vec![v],
                };
                for source in sources.into_iter().rev() {
                    self.merge_into(source, map)?;
                }
            } else {
                map.insert(self.key(k)?, self.node_to_json(v)?);
            }
        }
        Ok(())
    }

    /// A mapping key as JSON writes it: sigs.k8s.io/yaml turns scalar keys into their text.
    fn key(&self, id: NodeId) -> Result<String, ToJsonError> {
        let error = |message: &str| ToJsonError {
            message: message.to_owned(),
            pos: self.node(id).span.start,
        };
        let NodeKind::Scalar(s) = self.kind(id) else {
            return Err(error("a mapping key must be a scalar to be JSON"));
        };
        Ok(match scalar(s).map_err(|m| error(&m))? {
            Value::String(text) => text,
            other => other.to_string(),
        })
    }
}

fn scalar(s: &Scalar<'_>) -> Result<Value, String> {
    let text = &*s.value;
    Ok(match s.resolved_type() {
        ScalarType::Null => Value::Null,
        ScalarType::Bool => Value::Bool(matches!(
            text,
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE"
        )),
        ScalarType::String => Value::String(text.to_owned()),
        ScalarType::Number => number(text)
            .ok_or_else(|| format!("`{text}` has no JSON form (JSON has no infinity or NaN)"))?,
    })
}

/// An integer (Go's `ParseInt(s, 0, 64)` syntax, `_` allowed) or a finite float.
fn number(text: &str) -> Option<Value> {
    let clean = text.replace('_', "");
    let (negative, digits) = match clean.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let (radix, body) = match digits.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
        [b'0', b'o' | b'O', ..] => (8, &digits[2..]),
        [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
        [b'0', _, ..] if digits.bytes().all(|b| b.is_ascii_digit()) => (8, &digits[1..]),
        _ => (10, digits),
    };
    if let Ok(n) = u64::from_str_radix(body, radix) {
        return Some(if negative {
            i64::try_from(-i128::from(n)).map_or_else(|_| Value::from(-(n as f64)), Value::from)
        } else {
            Value::from(n)
        });
    }
    let float: f64 = clean.parse().ok().filter(|f: &f64| f.is_finite())?;
    Number::from_f64(float).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::yaml::{Limits, documents};

    fn to_json(text: &str) -> serde_json::Value {
        let doc = documents(text, &Limits::DEFAULT).next().unwrap().unwrap();
        doc.to_json().unwrap()
    }

    #[test]
    fn scalars_are_typed_as_kubectl_types_them() {
        let value = to_json(
            "a: yes\nb: off\nc: 0x1F\nd: 017\ne: -1_000\nf: 1.5e3\ng: ~\nh: '1'\ni: 2024-01-02\n\
             j: !!str 12\nk: 18446744073709551615\nl: -9223372036854775808\n1: int key\n",
        );
        assert_eq!(
            value,
            json!({"a": true, "b": false, "c": 31, "d": 15, "e": -1000, "f": 1500.0, "g": null,
                   "h": "1", "i": "2024-01-02", "j": "12", "k": 18446744073709551615u64,
                   "l": -9223372036854775808i64, "1": "int key"})
        );
    }

    #[test]
    fn merges_and_aliases_are_applied() {
        let value = to_json(
            "base: &b {image: nginx, imagePullPolicy: Always}\n\
             other: &o {imagePullPolicy: Never, name: o}\n\
             c:\n  name: c\n  <<: [*b, *o]\n  image: redis\nd: *b\n",
        );
        // v2: the merge overrides `name` written before it; `image` after it wins.
        assert_eq!(
            value["c"],
            json!({"name": "o", "image": "redis", "imagePullPolicy": "Always"})
        );
        assert_eq!(
            value["d"],
            json!({"image": "nginx", "imagePullPolicy": "Always"})
        );
    }

    #[test]
    fn what_json_cannot_hold_is_an_error_with_its_position() {
        let doc = documents("a:\n  b: .inf\n", &Limits::DEFAULT)
            .next()
            .unwrap()
            .unwrap();
        let error = doc.to_json().unwrap_err();
        assert_eq!((error.pos.line, error.pos.column), (2, 6));
        assert!(error.message.contains("no JSON form"), "{}", error.message);
        let doc = documents("? [a]\n: 1\n", &Limits::DEFAULT)
            .next()
            .unwrap()
            .unwrap();
        assert!(doc.to_json().is_err());
    }
}
