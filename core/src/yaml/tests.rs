use super::*;

fn parse(text: &str) -> Vec<Result<Document<'_>, SyntaxError>> {
    documents(text, &Limits::DEFAULT).collect()
}

fn one(text: &str) -> Document<'_> {
    let mut docs = parse(text);
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs.remove(0).expect("parses")
}

#[test]
fn spans_are_bytes_plus_one_based_line_and_column() {
    let doc = one("a: 1\nbé: \"two\"\nc: [x, {d: e}]\n");
    let root = doc.root.unwrap();
    let (key, value) = doc.get(root, "bé").unwrap();
    let k = doc.node(key).span;
    assert_eq!((k.start.offset, k.start.line, k.start.column), (5, 2, 1));
    let v = doc.node(value).span;
    // Column counts characters (`é` is 2 bytes), offsets count bytes.
    assert_eq!(
        (v.start.offset, v.start.line, v.start.column, v.end.offset),
        (10, 2, 5, 15)
    );
    assert_eq!(doc.str(value), Some("two"));
    let d = doc
        .path(root, &["c"])
        .and_then(|c| doc.sequence(c))
        .unwrap()[1];
    let e = doc.value(d, "d").unwrap();
    assert_eq!(doc.node(e).span.start.column, 12);
}

#[test]
fn multi_document_streams_and_recovery_after_an_error() {
    let docs = parse("a: 1\n---\nbad: [\n---\nc: 3\n...\n---\n");
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(docs[0].is_ok());
    let err = docs[1].as_ref().unwrap_err();
    assert_eq!((err.pos.line, err.pos.column), (3, 6));
    assert!(err.to_string().contains("unclosed bracket"), "{err}");
    let third = docs[2].as_ref().unwrap();
    assert_eq!(third.index, 3);
    assert_eq!(
        third.str(third.value(third.root.unwrap(), "c").unwrap()),
        None
    ); // a number
    let empty = docs[3].as_ref().unwrap();
    assert_eq!(
        empty.scalar(empty.root.unwrap()).unwrap().resolved_type(),
        ScalarType::Null
    );
}

#[test]
fn json_is_read_as_yaml_flow() {
    let doc =
        one(r#"{"kind": "Pod", "spec": {"containers": [{"image": "nginx", "n": 1, "t": true}]}}"#);
    let c = doc
        .path(doc.root.unwrap(), &["spec", "containers"])
        .and_then(|c| doc.sequence(c))
        .unwrap()[0];
    assert_eq!(doc.str(doc.value(c, "image").unwrap()), Some("nginx"));
    assert_eq!(
        doc.scalar(doc.value(c, "n").unwrap())
            .unwrap()
            .resolved_type(),
        ScalarType::Number
    );
    assert_eq!(
        doc.scalar(doc.value(c, "t").unwrap())
            .unwrap()
            .resolved_type(),
        ScalarType::Bool
    );
}

#[test]
fn yaml_1_1_scalars_and_tags() {
    let doc = one("a: yes\nb: 'yes'\nc: !!str 12\nd: ~\ne:\nf: !!int \"7\"\n");
    let root = doc.root.unwrap();
    let ty = |k| {
        doc.scalar(doc.value(root, k).unwrap())
            .unwrap()
            .resolved_type()
    };
    assert_eq!(
        [ty("a"), ty("b"), ty("c"), ty("d"), ty("e"), ty("f")],
        [
            ScalarType::Bool,
            ScalarType::String,
            ScalarType::String,
            ScalarType::Null,
            ScalarType::Null,
            ScalarType::Number
        ]
    );
}

#[test]
fn aliases_resolve_by_reference() {
    let doc = one("base: &b {image: nginx}\nuse: *b\n");
    let root = doc.root.unwrap();
    let used = doc.value(root, "use").unwrap();
    assert!(matches!(doc.node(used).kind, NodeKind::Alias(_)));
    assert_eq!(doc.str(doc.value(used, "image").unwrap()), Some("nginx"));
}

#[test]
fn merge_keys_follow_go_yaml_v2_order() {
    // go-yaml v2 assigns in order: a key after `<<` overrides the merged one, a key before it
    // is overridden; in a merged sequence the first mapping wins.
    let doc = one("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\n\
         after: {<<: *a, x: 3}\nbefore: {x: 3, <<: *a}\nseq: {<<: [*a, *b]}\n");
    let root = doc.root.unwrap();
    let get = |m: &str, k: &str| {
        let v = doc.path(root, &[m, k]).unwrap();
        doc.scalar(v).unwrap().value.to_string()
    };
    assert_eq!(get("after", "x"), "3");
    assert_eq!(get("after", "y"), "1");
    assert_eq!(get("before", "x"), "1");
    assert_eq!(get("seq", "x"), "1");
    assert_eq!(get("seq", "z"), "2");
    assert!(doc.path(root, &["seq", "w"]).is_none());
}

#[test]
fn duplicate_keys_are_recorded_and_the_last_wins() {
    let doc = one("spec:\n  imagePullPolicy: Always\n  imagePullPolicy: Never\n");
    assert_eq!(doc.duplicate_keys.len(), 1);
    let dup = &doc.duplicate_keys[0];
    assert_eq!(
        (
            dup.key.as_str(),
            dup.first.start.line,
            dup.second.start.line
        ),
        ("imagePullPolicy", 2, 3)
    );
    let v = doc
        .path(doc.root.unwrap(), &["spec", "imagePullPolicy"])
        .unwrap();
    assert_eq!(doc.str(v), Some("Never"));
}

#[test]
#[allow(clippy::disallowed_methods)] // a guard against an exponential walk, not a budget
fn alias_bomb_is_refused_quickly() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let started = std::time::Instant::now();
    let docs = parse(&bomb);
    let err = docs[0].as_ref().unwrap_err();
    assert!(
        matches!(err.kind, SyntaxErrorKind::TooManyAliases { .. }),
        "{err}"
    );
    assert!(err.pos.line >= 5, "{err}");
    // Not a timing budget: a guard against an accidental exponential walk.
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn recursive_alias_is_an_error() {
    let err = parse("a: &r [*r]\n").remove(0).unwrap_err();
    assert_eq!(err.kind, SyntaxErrorKind::RecursiveAlias);
    assert_eq!((err.pos.line, err.pos.column), (1, 8));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for text in ["[".repeat(10_000), "- ".repeat(10_000) + "x", {
        let mut s = String::new();
        for i in 0..10_000 {
            s.push_str(&" ".repeat(i));
            s.push_str("a:\n");
        }
        s
    }] {
        let docs = parse(&text);
        let err = docs[0].as_ref().unwrap_err();
        assert!(
            matches!(err.kind, SyntaxErrorKind::TooDeep { limit: 128 }),
            "{err}"
        );
    }
    // Depth reached through aliases counts too.
    let deep = format!(
        "a: &a {}x{}\nb: {}*a{}\n",
        "[".repeat(100),
        "]".repeat(100),
        "[".repeat(100),
        "]".repeat(100)
    );
    let err = parse(&deep).remove(0).unwrap_err();
    assert!(matches!(err.kind, SyntaxErrorKind::TooDeep { .. }), "{err}");
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let limits = Limits {
        max_input_bytes: 10,
        ..Limits::DEFAULT
    };
    let docs: Vec<_> = documents("a: 1\nb: 2\nc: 3\n", &limits).collect();
    assert_eq!(docs.len(), 1);
    let err = docs[0].as_ref().unwrap_err();
    assert_eq!(
        err.kind,
        SyntaxErrorKind::InputTooLarge {
            size: 15,
            limit: 10
        }
    );
}

#[test]
fn binary_input_gets_a_position() {
    let err = decode_utf8(b"a: 1\nb: \xff\xfe").unwrap_err();
    assert_eq!((err.pos.line, err.pos.column, err.pos.offset), (2, 4, 8));
    let docs = parse("a: \u{0}\n");
    assert!(docs[0].is_err(), "NUL is not allowed in YAML");
}

#[test]
fn bom_and_crlf_keep_byte_offsets() {
    let text = "\u{feff}a: 1\r\nb: x\r\n";
    let doc = one(text);
    let (_, v) = doc.get(doc.root.unwrap(), "b").unwrap();
    let span = doc.node(v).span;
    assert_eq!(&text[span.range()], "x");
    assert_eq!((span.start.line, span.start.column), (2, 4));
}

#[test]
fn merges_kubectl_rejects_are_document_errors() {
    // go-yaml v2 `failWantMap`: scalars, null, aliases to sequences, non-mapping items.
    for text in [
        "a: {<<: 1}\n",
        "a: {<<: null}\n",
        "s: &s [{x: 1}]\na: {<<: *s}\n",
        "s: &s 5\na: {<<: [*s, {x: 1}]}\n",
        "a: {<<: [[{x: 1}]]}\n",
    ] {
        let err = parse(text).remove(0).expect_err(text);
        assert_eq!(err.kind, SyntaxErrorKind::InvalidMerge, "{text}");
        assert!(
            err.to_string()
                .contains("map merge requires map or sequence of maps")
        );
    }
    for text in [
        "m: &m {x: 1}\na: {<<: *m}\n",
        "m: &m {x: 1}\na: {<<: [*m, {y: 2}]}\n",
        "a: {<<: {x: 1}}\n",
    ] {
        assert!(parse(text).remove(0).is_ok(), "{text}");
    }
}

#[test]
fn only_a_plain_or_merge_tagged_scalar_key_merges() {
    // An alias to a `<<` scalar is a plain key in go-yaml v2, and so is a quoted "<<".
    let doc = one(
        "k: &k <<\nb: &b {x: 1}\nalias: {*k : *b}\nquoted: {\"<<\": *b}\ntagged: {!!merge <<: *b}\n",
    );
    let root = doc.root.unwrap();
    assert!(doc.path(root, &["alias", "x"]).is_none());
    assert!(doc.path(root, &["alias", "<<"]).is_some());
    assert!(doc.path(root, &["quoted", "x"]).is_none());
    assert!(doc.path(root, &["tagged", "x"]).is_some());
}

#[test]
fn tags_type_scalars_as_go_yaml_v2_does() {
    let doc = one("a: ! 123\nb: !foo yes\nc: !!null ~\nd: !!binary bmdpbng=\ne: !!float 1\n");
    let root = doc.root.unwrap();
    let get = |k| doc.scalar(doc.value(root, k).unwrap()).unwrap();
    assert_eq!(get("a").resolved_type(), ScalarType::String);
    assert_eq!(get("b").resolved_type(), ScalarType::String);
    assert_eq!(get("c").resolved_type(), ScalarType::String);
    assert_eq!(
        (get("d").value.as_ref(), get("d").resolved_type()),
        ("nginx", ScalarType::String)
    );
    assert_eq!(get("e").resolved_type(), ScalarType::Number);
    let err = parse("image: !!int nginx\n").remove(0).unwrap_err();
    assert_eq!(
        err.kind,
        SyntaxErrorKind::Decode("cannot decode !!str `nginx` as a !!int".into())
    );
    assert_eq!((err.pos.line, err.pos.column), (1, 14));
    let err = parse("x: !!binary not*base64\n").remove(0).unwrap_err();
    assert!(err.to_string().contains("invalid base64"), "{err}");
}

#[test]
fn node_count_is_bounded() {
    let limits = Limits {
        max_nodes: 1000,
        ..Limits::DEFAULT
    };
    let text = format!("[{}0]", "0,".repeat(5000));
    let err = documents(&text, &limits).next().unwrap().unwrap_err();
    assert_eq!(err.kind, SyntaxErrorKind::TooManyNodes { limit: 1000 });
}

/// go-yaml v2 checks no indentation on a quoted scalar's continuation lines; the document is
/// read as kubectl reads it, with every position in the text as written.
#[test]
fn quoted_scalar_continuations_at_any_indentation_read_as_kubectl_reads_them() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  annotations:
    note: 'first line
    second line

  third'
    other: \"a
  b \\
c\"
  name: pod
data:
  script: |
    description: 'kept
    as written'
  list: ['a', {b: \"c\"}]
  flow: [
    'x'
  ]
---
kind: Second
bad: [unclosed
---
kind: Third
x: 'one
two'
items:
  - key: 'a
  b
  c'
    # not a continuation
  - next
---
\"quoted key, so no guess\": 'one
two'
";
    let docs = parse(text);
    assert_eq!(docs.len(), 4, "{docs:?}");
    let fourth = docs[3].as_ref().expect("read one scalar at a time");
    let k = fourth
        .value(fourth.root.unwrap(), "quoted key, so no guess")
        .unwrap();
    assert_eq!(fourth.str(k), Some("one two"));
    let doc = docs[0].as_ref().expect("first document reads");
    let root = doc.root.unwrap();
    let annotations = doc.path(root, &["metadata", "annotations"]).unwrap();
    let note = doc.value(annotations, "note").unwrap();
    assert_eq!(doc.str(note), Some("first line second line\nthird"));
    let other = doc.value(annotations, "other").unwrap();
    assert_eq!(doc.str(other), Some("a b c"));
    // Positions index the text as written.
    assert_eq!(
        doc.source_of(note),
        "'first line\n    second line\n\n  third'"
    );
    let name = doc.path(root, &["metadata", "name"]).unwrap();
    let span = doc.node(name).span;
    assert_eq!(&text[span.range()], "pod");
    assert_eq!((span.start.line, span.start.column), (12, 9));
    let script = doc.path(root, &["data", "script"]).unwrap();
    assert_eq!(doc.str(script), Some("description: 'kept\nas written'\n"));
    // Other errors are reported where they are, and the next documents still read.
    let error = docs[1].as_ref().unwrap_err();
    assert_eq!(error.pos.line, 23);
    let third = docs[2].as_ref().expect("third document reads");
    assert_eq!(third.index, 3);
    let x = third.value(third.root.unwrap(), "x").unwrap();
    assert_eq!(third.str(x), Some("one two"));
    assert_eq!(third.node(x).span.start.line, 26);
    let items = third.value(third.root.unwrap(), "items").unwrap();
    let items = third.sequence(items).unwrap();
    let key = third.value(items[0], "key").unwrap();
    assert_eq!(third.str(key), Some("a b c"));
    assert_eq!(third.str(items[1]), Some("next"));
    assert_eq!(third.node(items[1]).span.start.line, 33);
}
