//! `analyze` returns a report for any input: no panic, no hang, whatever the bytes.

use proptest::prelude::*;
use pullpolicy_core::yaml::Limits;
use pullpolicy_core::{analyze, analyze_bytes};

/// Fragments that exercise the YAML parser's and the discovery's corners.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("kind: Pod\n"),
        Just("apiVersion: v1\n"),
        Just("kind: List\nitems:\n"),
        Just("spec:\n"),
        Just("  containers:\n"),
        Just("  - image: nginx\n"),
        Just("    imagePullPolicy: always\n"),
        Just("  volumes: [{image: {reference: x}}]\n"),
        Just("template: {spec: {containers: [{image: \"a:latest@sha256:"),
        Just("]}}\n"),
        Just("&a "),
        Just("*a "),
        Just("<<: "),
        Just("<<: *a\n"),
        Just("- "),
        Just("? "),
        Just(": "),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just(", "),
        Just("\n"),
        Just("  "),
        Just("\t"),
        Just("---\n"),
        Just("...\n"),
        Just("'"),
        Just("\""),
        Just("|\n"),
        Just(">-\n"),
        Just("!!str "),
        Just("%YAML 1.2\n"),
        Just("# c\n"),
        Just("\u{feff}"),
        Just("\r\n"),
        Just("~"),
        Just("yes"),
        Just("é"),
        Just("\u{0}"),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn yamlish_text(text in yamlish()) {
        let report = analyze(&text, &Limits::DEFAULT, &pullpolicy_core::cluster::Cluster::default());
        prop_assert!(report.documents >= report.errors.len());
        for e in &report.errors {
            prop_assert!(e.pos.line >= 1 && e.pos.column >= 1 && e.pos.offset <= text.len());
        }
        for u in &report.images {
            if let Some(image) = &u.image {
                prop_assert!(image.span.end.offset <= text.len());
                prop_assert!(text.is_char_boundary(image.span.start.offset));
            }
        }
    }

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = analyze_bytes(&bytes, &Limits::DEFAULT, &pullpolicy_core::cluster::Cluster::default());
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,200}") {
        let _ = analyze(&text, &Limits::DEFAULT, &pullpolicy_core::cluster::Cluster::default());
    }
}
