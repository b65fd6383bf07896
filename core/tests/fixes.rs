//! Fixes on generated manifests (indentation styles, quoting, comments, CRLF, BOM, several
//! documents): the fixed text keeps every byte the fixes do not touch, still parses to the same
//! containers, and fixing it again changes nothing.

use proptest::prelude::*;
use pullpolicy_core::analyze;
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{fix, lint};
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::Limits;

const DIGEST: &str = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

#[derive(Debug, Clone)]
struct Container {
    image: String,
    policy: Option<&'static str>,
    comment: bool,
    ports: bool,
    secrets_inside: bool,
    /// `- image: ...` first, `name` after it.
    image_first: bool,
}

#[derive(Debug, Clone)]
struct Manifest {
    deployment: bool,
    indent: usize,
    /// `- ` items at the parent key's column instead of indented below it.
    flush_sequences: bool,
    containers: Vec<Container>,
    init: Vec<Container>,
    misplaced_policy: Option<&'static str>,
    pod_secrets: bool,
}

fn container() -> impl Strategy<Value = Container> {
    let image = prop_oneof![
        Just("nginx".to_owned()),
        Just("nginx:latest".to_owned()),
        Just("nginx:1.27".to_owned()),
        Just("registry/demoapi:latest".to_owned()),
        Just("ghcr.io/acme/web:main".to_owned()),
        Just(format!("nginx:latest@{DIGEST}")),
        Just(format!("nginx@{DIGEST}")),
        Just("Nginx:latest".to_owned()),
        Just("\"nginx:1.27 \"".to_owned()),
        Just("'ghcr.io/acme/web:2.0'".to_owned()),
        Just("localhost:5000/app".to_owned()),
    ];
    let policy = prop_oneof![
        Just(None),
        Just(Some("Always")),
        Just(Some("IfNotPresent")),
        Just(Some("Never")),
        Just(Some("always")),
        Just(Some("\"ifnotpresent\"")),
        Just(Some("'Never'")),
        Just(Some("IfNotPresnt")),
        Just(Some("\"\"")),
    ];
    (
        image,
        policy,
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.15),
        any::<bool>(),
    )
        .prop_map(
            |(image, policy, comment, ports, secrets_inside, image_first)| Container {
                image,
                policy,
                comment,
                ports,
                secrets_inside,
                image_first,
            },
        )
}

fn manifest() -> impl Strategy<Value = Manifest> {
    (
        any::<bool>(),
        prop_oneof![Just(2usize), Just(4usize)],
        any::<bool>(),
        prop::collection::vec(container(), 1..4),
        prop::collection::vec(container(), 0..2),
        prop_oneof![Just(None), Just(Some("Always")), Just(Some("never"))],
        any::<bool>(),
    )
        .prop_map(
            |(
                deployment,
                indent,
                flush_sequences,
                containers,
                init,
                misplaced_policy,
                pod_secrets,
            )| Manifest {
                deployment,
                indent,
                flush_sequences,
                containers,
                init,
                misplaced_policy,
                pod_secrets,
            },
        )
}

impl Manifest {
    fn render(&self, name: &str) -> String {
        let unit = " ".repeat(self.indent);
        let mut out = String::new();
        let (head, depth) = if self.deployment {
            out.push_str(&format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n{unit}name: {name}\nspec:\n{unit}template:\n{unit}{unit}spec:\n"
            ));
            (unit.repeat(3), 3)
        } else {
            out.push_str(&format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n{unit}name: {name} # the pod\nspec:\n"
            ));
            (unit.clone(), 1)
        };
        let _ = depth;
        if self.pod_secrets {
            out.push_str(&format!(
                "{head}imagePullSecrets:\n{}- name: regcred\n",
                self.item_indent(&head)
            ));
        }
        for (field, list) in [
            ("initContainers", &self.init),
            ("containers", &self.containers),
        ] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("{head}{field}:\n"));
            for (i, c) in list.iter().enumerate() {
                let dash = self.item_indent(&head);
                let body = format!("{dash}  ");
                let comment = if c.comment { "  # pinned later" } else { "" };
                let image = format!("image: {}{comment}\n", c.image);
                if c.image_first {
                    out.push_str(&format!("{dash}- {image}{body}name: {field}-{i}\n"));
                } else {
                    out.push_str(&format!("{dash}- name: {field}-{i}\n{body}{image}"));
                }
                if let Some(policy) = c.policy {
                    out.push_str(&format!("{body}imagePullPolicy: {policy}\n"));
                }
                if c.secrets_inside {
                    out.push_str(&format!(
                        "{body}imagePullSecrets:\n{body}{unit}- name: regcred\n"
                    ));
                }
                if c.ports {
                    out.push_str(&format!("{body}ports:\n{body}{unit}- containerPort: 80\n"));
                }
            }
        }
        if let Some(policy) = self.misplaced_policy {
            out.push_str(&format!("{head}imagePullPolicy: {policy}\n"));
        }
        out
    }

    fn item_indent(&self, head: &str) -> String {
        if self.flush_sequences {
            head.to_owned()
        } else {
            format!("{head}{}", " ".repeat(self.indent))
        }
    }
}

#[derive(Debug, Clone)]
struct Stream {
    manifests: Vec<Manifest>,
    crlf: bool,
    bom: bool,
    leading_comment: bool,
    trailing_newline: bool,
}

fn stream() -> impl Strategy<Value = Stream> {
    (
        prop::collection::vec(manifest(), 1..3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(manifests, crlf, bom, leading_comment, trailing_newline)| Stream {
                manifests,
                crlf,
                bom,
                leading_comment,
                trailing_newline,
            },
        )
}

impl Stream {
    fn render(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        if self.leading_comment {
            out.push_str("# generated\n");
        }
        for (i, m) in self.manifests.iter().enumerate() {
            if i > 0 {
                out.push_str("---\n# next\n");
            }
            out.push_str(&m.render(&format!("app-{i}")));
        }
        if !self.trailing_newline {
            out.pop();
        }
        if self.crlf {
            out.replace('\n', "\r\n")
        } else {
            out
        }
    }
}

/// Lines a fix may change: policies, images, pull secrets.
fn is_volatile(line: &str) -> bool {
    [
        "imagePullPolicy",
        "pullPolicy",
        "image:",
        "imagePullSecrets",
        "regcred",
    ]
    .iter()
    .any(|k| line.contains(k))
}

fn stable_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .filter(|l| !is_volatile(l))
        .collect()
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| &l[i..]))
        .collect()
}

fn check(text: &str, allow_unsafe: bool) -> Result<(), TestCaseError> {
    let settings = Settings::default();
    let before = analyze(
        text,
        &Limits::DEFAULT,
        &pullpolicy_core::cluster::Cluster::default(),
    );
    prop_assume!(before.errors.is_empty());
    let fixed = fix(
        text,
        &settings,
        Applicability::allowing_unsafe(allow_unsafe),
    )
    .unwrap();
    let after = analyze(
        &fixed.text,
        &Limits::DEFAULT,
        &pullpolicy_core::cluster::Cluster::default(),
    );
    prop_assert!(
        after.errors.is_empty(),
        "fixed text does not parse:\n{}",
        fixed.text
    );
    prop_assert_eq!(after.documents, before.documents);
    prop_assert_eq!(
        after.images.len(),
        before.images.len(),
        "containers lost:\n{}",
        fixed.text
    );
    // Everything a fix does not touch is kept byte for byte, in order.
    prop_assert_eq!(
        stable_lines(&fixed.text),
        stable_lines(text),
        "\n{}",
        fixed.text
    );
    prop_assert_eq!(comments(&fixed.text), comments(text));
    prop_assert_eq!(
        fixed.text.starts_with('\u{feff}'),
        text.starts_with('\u{feff}')
    );
    if text.contains("\r\n") {
        let bare_lf = fixed.text.replace("\r\n", "").contains('\n');
        prop_assert!(!bare_lf, "a bare LF in a CRLF file:\n{:?}", fixed.text);
    } else {
        prop_assert!(!fixed.text.contains('\r'));
    }
    // Fixing the fixed text changes nothing.
    let again = fix(
        &fixed.text,
        &settings,
        Applicability::allowing_unsafe(allow_unsafe),
    )
    .unwrap();
    prop_assert_eq!(
        &again.text,
        &fixed.text,
        "not idempotent; applied {:?}",
        again.applied
    );
    prop_assert!(again.applied.is_empty());
    if allow_unsafe {
        // With every fix allowed, none is left to apply.
        let left: Vec<String> = lint(&fixed.text, &settings)
            .findings
            .iter()
            .filter(|f| f.is_active() && f.fix(Applicability::Unsafe).is_some())
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect();
        prop_assert!(
            left.is_empty(),
            "fixable findings left: {left:?}\n{}",
            fixed.text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn safe_fixes_keep_the_source_and_settle(s in stream()) {
        check(&s.render(), false)?;
    }

    #[test]
    fn unsafe_fixes_keep_the_source_and_settle(s in stream()) {
        check(&s.render(), true)?;
    }
}

/// Flow mappings (and JSON, which is all flow) get their entries inserted in flow style;
/// anything inside an anchored node gets no fix, and nothing is damaged.
#[test]
fn flow_style_gets_fixes_and_aliases_none() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n    - &c\n      name: a\n      image: nginx:1.27\n      imagePullPolicy: &p always\n    - *c\n";
    let linted = lint(text, &Settings::default());
    assert!(
        linted
            .findings
            .iter()
            .any(|f| f.rule.as_str() == "implicit-always-pull" && !f.fixes.is_empty())
    );
    assert!(
        linted
            .findings
            .iter()
            .any(|f| f.rule.as_str() == "invalid-pull-policy" && f.fixes.is_empty())
    );
    let fixed = fix(text, &Settings::default(), Applicability::Unsafe)
        .unwrap()
        .text;
    assert_eq!(
        fixed,
        text.replace(
            "[{name: web, image: nginx}]",
            "[{name: web, image: nginx, imagePullPolicy: Always}]"
        )
    );
    assert_eq!(
        fix(&fixed, &Settings::default(), Applicability::Unsafe)
            .unwrap()
            .text,
        fixed
    );
}

/// JSON manifests: `"key": "value"` after the image, on a line of its own when the entries
/// are one per line; the result is still JSON.
#[test]
fn json_manifests_get_json_fixes() {
    let compact = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"nginx","ports":[]}]}}"#;
    let fixed = fix(compact, &Settings::default(), Applicability::Safe)
        .unwrap()
        .text;
    assert_eq!(
        fixed,
        compact.replace(
            r#""image":"nginx""#,
            r#""image":"nginx", "imagePullPolicy": "Always""#
        )
    );
    let pretty = "{\n  \"kind\": \"Pod\",\n  \"apiVersion\": \"v1\",\n  \"spec\": {\n    \"containers\": [\n      {\n        \"name\": \"a\",\n        \"image\": \"nginx:1.27\"\n      }\n    ]\n  }\n}\n";
    let fixed = fix(pretty, &Settings::default(), Applicability::Safe)
        .unwrap()
        .text;
    assert_eq!(
        fixed,
        pretty.replace(
            "\"image\": \"nginx:1.27\"\n",
            "\"image\": \"nginx:1.27\",\n        \"imagePullPolicy\": \"IfNotPresent\"\n"
        )
    );
    let value: serde_json::Value = serde_json::from_str(&fixed).expect("still JSON");
    assert_eq!(
        value["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
    let value: serde_json::Value = serde_json::from_str(
        &fix(compact, &Settings::default(), Applicability::Safe)
            .unwrap()
            .text,
    )
    .expect("JSON");
    assert_eq!(value["spec"]["containers"][0]["imagePullPolicy"], "Always");
}

/// A safe fix that would settle what a more important finding's unsafe fix asks is held back,
/// and says by which finding; `--unsafe` applies that one first.
#[test]
fn fix_states_name_the_finding_that_holds_a_fix_back() {
    use pullpolicy_core::lint::{FixState, fix_states};
    use pullpolicy_core::rules::RuleId;
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  imagePullPolicy: Always\n  containers:\n    - name: a\n      image: nginx:1.27\n";
    let linted = lint(text, &Settings::default());
    let states = fix_states(&linted.findings);
    let rule = |i: usize| linted.findings[i].rule;
    let misplaced = (0..states.len())
        .find(|&i| rule(i) == RuleId::MisplacedPullPolicy)
        .expect("misplaced-pull-policy");
    assert_eq!(states[misplaced], FixState::Unsafe);
    let implicit = (0..states.len())
        .find(|&i| rule(i) == RuleId::ImplicitPullPolicy)
        .expect("implicit-pull-policy");
    assert_eq!(states[implicit], FixState::Waits(Some(misplaced)));
}
