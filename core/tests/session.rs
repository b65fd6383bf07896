//! `Session::update` answers exactly what `lint` answers for the same text, whatever the edits:
//! random edit sequences on generated streams, including edits that add or remove `---`, break
//! the YAML, and change the ServiceAccounts, Secrets and pull secrets other documents use.

use proptest::prelude::*;
use pullpolicy_core::lint::{FileLint, lint};
use pullpolicy_core::session::Session;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::Limits;

const DOCUMENTS: &[&str] = &[
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: builder\n  containers:\n    - name: web\n      image: registry.acme.com/web:1.2\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    pullpolicy/ignore: latest-tag\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: regcred}, {name: regcred}]\n      containers:\n        - name: api\n          image: nginx:latest\n          imagePullPolicy: always\n",
    "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\nimagePullSecrets:\n  - name: regcred\n",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: Opaque\n",
    "# a comment only\n",
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          imagePullSecrets:\n            - name: regcred\n          containers:\n            - {name: job, image: \"registry.acme.com/job\", imagePullPolicy: IfNotPresent}\n          volumes:\n            - name: data\n              image: {reference: registry.acme.com/data:v1}\n",
    "kind: List\napiVersion: v1\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec:\n      containers: [{name: a, image: busybox}]\n      ephemeralContainers: [{name: e, image: \"Busybox:1\"}]\n",
    "anchors: &a {x: 1}\nuse: *a\n",
];

const SNIPPETS: &[&str] = &[
    "---\n",
    "--- ",
    "\n",
    "x",
    ": ",
    "  ",
    "- ",
    "#",
    "'",
    "\"",
    "[",
    "{",
    "latest",
    "default",
    "builder",
    "regcred",
    "imagePullPolicy: Never\n",
    "  imagePullSecrets: [{name: other}]\n",
    "...\n",
    "%YAML 1.1\n",
    "é",
    "\t",
    "&b ",
    "*b",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert { at: usize, snippet: usize },
    Delete { at: usize, len: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, snippet)| Edit::Insert { at, snippet }),
        2 => (any::<usize>(), 1usize..24).prop_map(|(at, len)| Edit::Delete { at, len }),
    ]
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, edit: &Edit) {
    match *edit {
        Edit::Insert { at, snippet } => {
            let at = boundary(text, at % (text.len() + 1));
            text.insert_str(at, SNIPPETS[snippet]);
        }
        Edit::Delete { at, len } => {
            if text.is_empty() {
                return;
            }
            let start = boundary(text, at % text.len());
            let end = boundary(text, start + len);
            text.replace_range(start..end, "");
        }
    }
}

fn stream(picks: &[usize], lead: bool) -> String {
    let mut out = String::new();
    if lead {
        out.push_str("---\n");
    }
    for (i, &p) in picks.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(DOCUMENTS[p % DOCUMENTS.len()]);
    }
    out
}

fn settings() -> [Settings; 2] {
    let strict = Settings::from_deserializer(serde_json::json!({
        "profile": "strict",
        "privateRegistries": ["registry.acme.com"],
        "kubernetesVersion": "1.34",
    }))
    .expect("settings");
    [Settings::default(), strict]
}

/// The first difference, readable: findings and images one per line.
fn difference(got: &FileLint, want: &FileLint) -> String {
    let lines = |f: &FileLint| -> Vec<String> {
        let mut out: Vec<String> = f.findings.iter().map(|x| format!("{x:?}")).collect();
        out.extend(f.report.images.iter().map(|u| format!("{u:?}")));
        out.extend(f.report.errors.iter().map(|e| format!("{e:?}")));
        out.push(format!("documents {}", f.report.documents));
        out
    };
    let (g, w) = (lines(got), lines(want));
    for i in 0..g.len().max(w.len()) {
        if g.get(i) != w.get(i) {
            return format!("at {i}:\n got  {:?}\n want {:?}", g.get(i), w.get(i));
        }
    }
    String::new()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_update_equals_a_full_lint(
        picks in proptest::collection::vec(0usize..64, 1..7),
        lead in any::<bool>(),
        edits in proptest::collection::vec(edit(), 1..10),
        which in 0usize..2,
    ) {
        let settings = settings()[which].clone();
        let mut text = stream(&picks, lead);
        let mut session = Session::new(settings.clone(), Limits::DEFAULT);
        let (got, want) = (session.update(&text), lint(&text, &settings));
        prop_assert!(got == want, "initial {:?}\n{}", text, difference(&got, &want));
        for e in &edits {
            apply(&mut text, e);
            let (got, want) = (session.update(&text), lint(&text, &settings));
            prop_assert!(got == want, "after {:?}: {:?}\n{}", e, text, difference(&got, &want));
        }
    }
}

/// An edit inside one document of a long stream lints that document again, not the stream.
#[test]
fn an_edit_in_one_document_relints_one_chunk() {
    let settings = Settings::default();
    let mut text = stream(&(0..200).collect::<Vec<_>>(), false);
    let mut session = Session::new(settings.clone(), Limits::DEFAULT);
    session.update(&text);
    let at = text.find("nginx:latest").expect("an image");
    text.replace_range(at..at + "nginx:latest".len(), "nginx:1.27");
    let updated = session.update(&text);
    assert_eq!(session.relinted, 1);
    assert_eq!(updated, lint(&text, &settings));
    // Moving every later document down a line reuses them all.
    text.insert_str(0, "# new first line\n");
    assert_eq!(session.update(&text), lint(&text, &settings));
    assert_eq!(session.relinted, 1);
}
