//! `Session::update` answers exactly what `lint` answers for the same text, whatever the edits:
//! random edit sequences on generated streams, including edits that add or remove `---`, break
//! the YAML, and change the ServiceAccounts, Secrets and pull secrets other documents use; and
//! so does `update_within` spread over many calls, with edits that supersede unfinished ones.

use std::rc::Rc;

use proptest::prelude::*;
use pullpolicy_core::lint::{FileLint, lint};
use pullpolicy_core::session::{Progress, Session};
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

/// A `more` that says yes `n` times (a call's first piece of work is always free).
fn budget(n: usize) -> impl FnMut() -> bool {
    let mut left = n;
    move || {
        let go = left > 0;
        left = left.saturating_sub(1);
        go
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn updates_in_steps_equal_a_full_lint(
        picks in proptest::collection::vec(0usize..64, 1..9),
        edits in proptest::collection::vec(edit(), 1..8),
        per in 0usize..3,
        superseded in any::<u8>(),
        which in 0usize..2,
    ) {
        let settings = settings()[which].clone();
        let mut text = stream(&picks, false);
        let mut session = Session::new(settings.clone(), Limits::DEFAULT);
        for (i, e) in edits.iter().enumerate() {
            apply(&mut text, e);
            // Some texts are left unfinished after one step: the next edit supersedes them.
            let steps = if superseded & (1 << i) != 0 { 1 } else { usize::MAX };
            let shared: Rc<str> = text.as_str().into();
            let mut last = None;
            for _ in 0..steps {
                match session.update_within(&shared, &mut budget(per)) {
                    Ok(got) => {
                        last = Some(got);
                        break;
                    }
                    Err(Progress { done, total }) => prop_assert!(done < total, "{done} of {total}"),
                }
            }
            if let Some(got) = last {
                let want = lint(&text, &settings);
                prop_assert!(got == want, "after {:?}: {:?}\n{}", e, text, difference(&got, &want));
            }
        }
        let (got, want) = (session.update(&text), lint(&text, &settings));
        prop_assert!(got == want, "at the end: {:?}\n{}", text, difference(&got, &want));
    }
}

/// A long first analysis in steps: each call lints what its budget allows and keeps it; an edit
/// in the middle of that keeps every chunk already linted.
#[test]
fn a_paused_update_goes_on_where_it_stopped() {
    let settings = Settings::default();
    // Forty different documents (equal ones would be linted once).
    let mut text: String = (0..40)
        .map(|i| format!("# document {i}\n{}", DOCUMENTS[i % DOCUMENTS.len()]))
        .collect::<Vec<_>>()
        .join("---\n");
    let mut session = Session::new(settings.clone(), Limits::DEFAULT);
    let first: Rc<str> = text.as_str().into();
    let progress = session.update_within(&first, &mut budget(4)).unwrap_err();
    assert_eq!(progress, Progress { done: 5, total: 41 });
    assert_eq!(progress.label(), "5 of 40 documents");
    let last_step = Progress {
        done: 40,
        total: 41,
    };
    assert_eq!(
        last_step.label(),
        "pull secrets and ServiceAccounts across 40 documents"
    );
    // The same text goes on where it stopped.
    assert_eq!(
        session.update_within(&first, &mut budget(4)).unwrap_err(),
        Progress {
            done: 10,
            total: 41
        }
    );
    assert_eq!(session.relinted, 5);
    // An edit in chunk 30: the ten chunks done are reused.
    let at = text.match_indices("---\n").nth(29).expect("40 chunks").0 + 4;
    text.insert_str(at, "# edited\n");
    let edited: Rc<str> = text.as_str().into();
    assert_eq!(
        session.update_within(&edited, &mut budget(1)).unwrap_err(),
        Progress {
            done: 11,
            total: 41
        }
    );
    assert_eq!(session.relinted, 1);
    let done = session.update_within(&edited, &mut || true).expect("done");
    assert_eq!(done, lint(&text, &settings));
    assert_eq!(session.relinted, 29);
    // Finished: the next edit is diffed against it, as `update` does.
    assert_eq!(session.update(&text), lint(&text, &settings));
    assert_eq!(session.relinted, 0);
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

/// Moving the kept results of a long stream into place takes steps too: a keystroke in a 1 MB
/// stream never holds the page for the whole copy.
#[test]
fn placing_a_long_stream_pauses_too() {
    let settings = Settings::default();
    let mut text = stream(&(0..200).collect::<Vec<_>>(), false);
    let mut session = Session::new(settings.clone(), Limits::DEFAULT);
    session.update(&text);
    text.push_str("# the end\n");
    let edited: Rc<str> = text.as_str().into();
    let mut steps = vec![];
    let done = loop {
        match session.update_within(&edited, &mut budget(0)) {
            Ok(done) => break done,
            Err(progress) => steps.push(progress.done),
        }
    };
    // Then the last chunk, the edited one, is linted in a step of its own, then the rules
    // about the whole set run in the same step (fewer pods than a step judges).
    assert_eq!(steps, [64, 128, 192, 199]);
    assert_eq!(done, lint(&text, &settings));
}
