use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::yaml::ScalarType;

fn parse(text: &str) -> Result<JsonDocument<'_>, SyntaxError> {
    JsonDocument::parse(text, &Limits::DEFAULT)
}

#[test]
fn spans_index_the_text_and_pointers_name_each_node() {
    let text = "{\n  \"kind\": \"Pod\",\n  \"a/b~c\": [1, -2.5, 1e300, true, null, \"é 🦀 \\\"q\\\" \\u00e9\"],\n  \"spec\": {\"containers\": [{\"image\": \"nginx\", \"imagePullPolicy\": \"Always\"}]}\n}\n";
    let json = parse(text).unwrap();
    let doc = &json.doc;
    let root = doc.root.unwrap();
    assert_eq!(doc.source(), text);
    let items = doc.sequence(doc.value(root, "a/b~c").unwrap()).unwrap();
    let types: Vec<ScalarType> = items
        .iter()
        .map(|&i| doc.scalar(i).unwrap().resolved_type())
        .collect();
    use ScalarType as T;
    assert_eq!(
        types,
        [T::Number, T::Number, T::Number, T::Bool, T::Null, T::String]
    );
    assert_eq!(doc.str(items[5]), Some("é 🦀 \"q\" é"));
    assert_eq!(json.text_of(items[5]), r#""é 🦀 \"q\" \u00e9""#);
    assert_eq!(json.pointer(items[5]), "/a~1b~0c/5");
    let containers = doc.path(root, &["spec", "containers"]).unwrap();
    let first = doc.sequence(containers).unwrap()[0];
    assert_eq!(json.pointer(first), "/spec/containers/0");
    assert_eq!(
        json.text_of(first),
        r#"{"image": "nginx", "imagePullPolicy": "Always"}"#
    );
    assert_eq!(json.pointer(root), "");
    // Lines count newlines; columns count characters (the é and the crab are one each).
    let spec = doc.value(root, "spec").unwrap();
    let start = doc.node(spec).span.start;
    assert_eq!((start.line, start.column), (4, 11));
    let after = doc.node(items[5]).span.end;
    let line = text.lines().nth(2).unwrap();
    let end_in_line = after.offset - text.find(line).unwrap();
    assert_eq!(
        after.column as usize,
        line[..end_in_line].chars().count() + 1
    );
}

#[test]
fn what_serde_json_refuses_is_refused_with_a_position() {
    let bad = [
        "",
        " ",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "[1 2]",
        "\"unterminated",
        "\"tab\tinside\"",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"\\udc00\"",
        "01",
        "1.",
        ".5",
        "1e",
        "-",
        "+1",
        "tru",
        "nul",
        "True",
        "NaN",
        "[1] [2]",
        "{} x",
        "// comment\n{}",
        "'single'",
        "[,1]",
        "{,}",
    ];
    for text in bad {
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "serde_json accepts {text:?}"
        );
        let err = parse(text).unwrap_err();
        assert!(
            matches!(err.kind, SyntaxErrorKind::Json(_)),
            "{text:?}: {err}"
        );
        assert!(err.pos.offset <= text.len(), "{text:?}: {err:?}");
    }
    let err = parse("{\n  \"a\": [1,\n  ]\n}").unwrap_err();
    assert_eq!(err.to_string(), "3:3: invalid JSON: trailing comma");
}

#[test]
fn escapes_decode_as_serde_json_decodes_them() {
    let text = r#"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20ac\ud83e\udd80", "plain é", "a\u0000b"]"#;
    let json = parse(text).unwrap();
    assert_eq!(
        json.doc.to_json().unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
    // Unescaped strings are borrowed from the text, escaped ones decoded.
    let items = json.doc.sequence(json.doc.root.unwrap()).unwrap();
    let value = |i: usize| &json.doc.scalar(items[i]).unwrap().value;
    assert!(matches!(value(2), Cow::Borrowed(_)));
    assert!(matches!(value(1), Cow::Owned(_)));
}

#[test]
fn omitted_entries_are_checked_but_get_no_nodes() {
    let text =
        r#"{"metadata": {"name": "a", "managedFields": [{"f:spec": {}}]}, "managedFields": 1}"#;
    let omit = &[("metadata", "managedFields")][..];
    let json = JsonDocument::parse_omitting(text, omit, &Limits::DEFAULT).unwrap();
    let doc = &json.doc;
    let root = doc.root.unwrap();
    let metadata = doc.value(root, "metadata").unwrap();
    assert_eq!(doc.value(metadata, "managedFields"), None);
    assert!(doc.value(metadata, "name").is_some());
    // Only below `metadata`.
    assert!(doc.value(root, "managedFields").is_some());
    let broken = r#"{"metadata": {"managedFields": [1,]}}"#;
    assert!(JsonDocument::parse_omitting(broken, omit, &Limits::DEFAULT).is_err());
}

#[test]
fn limits_hold() {
    let deep = format!("{}0{}", "[".repeat(200), "]".repeat(200));
    let err = parse(&deep).unwrap_err();
    assert_eq!(err.kind, SyntaxErrorKind::TooDeep { limit: 128 });
    assert_eq!(err.pos.offset, 128);
    let limits = Limits {
        max_nodes: 50,
        ..Limits::DEFAULT
    };
    let wide = serde_json::to_string(&vec![0; 100]).unwrap();
    let err = JsonDocument::parse(&wide, &limits).unwrap_err();
    assert_eq!(err.kind, SyntaxErrorKind::TooManyNodes { limit: 50 });
    let limits = Limits {
        max_input_bytes: 10,
        ..Limits::DEFAULT
    };
    let err = JsonDocument::parse(&wide, &limits).unwrap_err();
    assert!(matches!(err.kind, SyntaxErrorKind::InputTooLarge { .. }));
}

#[test]
fn duplicate_keys_are_looked_up_as_serde_json_keeps_them() {
    let json = parse(r#"{"image": "a", "image": "b"}"#).unwrap();
    let root = json.doc.root.unwrap();
    assert_eq!(
        json.doc.value(root, "image").and_then(|n| json.doc.str(n)),
        Some("b")
    );
    assert_eq!(json.doc.to_json().unwrap(), json!({"image": "b"}));
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[a-z\"\\\\/\u{0}-\u{1f}é🦀]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    /// Compact and pretty text read back to the value serde_json reads.
    #[test]
    fn text_reads_back_to_the_same_value(value in any_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let json = parse(&text).unwrap();
        prop_assert_eq!(json.doc.to_json().unwrap(), value);
        // Every node's span is its own text, and its column counts characters.
        for i in 0..json.doc.nodes.len() {
            let span = json.doc.nodes[i].span;
            let before = &text[..span.start.offset];
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            prop_assert_eq!(span.start.line as usize, before.matches('\n').count() + 1);
            prop_assert_eq!(span.start.column as usize, before[line_start..].chars().count() + 1);
        }
    }

    /// Arbitrary text: accepted exactly when serde_json accepts it, never a panic.
    #[test]
    fn arbitrary_text_is_judged_as_serde_json_judges_it(text in "[\\[\\]{}\",:0-9eE.+\\-a-z\\\\ \n\t]{0,24}") {
        prop_assert_eq!(parse(&text).is_ok(), serde_json::from_str::<Value>(&text).is_ok(), "{:?}", text);
    }
}

/// The eight-bytes-at-a-time string scan finds the byte the byte-by-byte one finds, for every
/// byte in every position, with special bytes above it too.
#[test]
fn the_word_scan_agrees_with_the_byte_scan() {
    let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    for b in 0..=255u8 {
        for at in 0..8 {
            for above in [b'a', b'"', 0x00, 0x80, b'\\'] {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                for later in &mut bytes[at + 1..] {
                    *later = above;
                }
                let word = u64::from_le_bytes(bytes);
                let first = bytes.iter().position(|&b| special(b));
                let ends = run_ends(word);
                let found = (ends != 0).then(|| (ends.trailing_zeros() / 8) as usize);
                assert_eq!(found, first, "{bytes:?}");
            }
            let mut bytes = [b'a'; 8];
            bytes[at] = b;
            let continuation = usize::from(b & 0xC0 == 0x80);
            assert_eq!(continuation_bytes(u64::from_le_bytes(bytes)), continuation);
        }
    }
    let word = u64::from_le_bytes([0x80, 0xBF, 0xC3, 0xA9, 0x7F, 0xFF, 0x41, 0x9F]);
    assert_eq!(continuation_bytes(word), 4);
    assert_eq!(run_ends(word), 0);
}
