//! `pullpolicy admission`: the AdmissionReview the Kubewarden policy's verdict becomes.

mod common;

use common::{TempDir, assert_exit, json, pullpolicy, pullpolicy_in, stderr};

const RAW_DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
";

/// An AdmissionReview as the API server sends it: a defaulted Pod.
const POD_REVIEW: &str = r#"{
  "apiVersion": "admission.k8s.io/v1",
  "kind": "AdmissionReview",
  "request": {
    "uid": "0f6d1b3c-6f1e-4a4e-9d3b-1c2d3e4f5a6b",
    "kind": {"group": "", "version": "v1", "kind": "Pod"},
    "resource": {"group": "", "version": "v1", "resource": "pods"},
    "operation": "CREATE",
    "namespace": "default",
    "userInfo": {"username": "alice"},
    "object": {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {"name": "p", "namespace": "default"},
      "spec": {"containers": [
        {"name": "app", "image": "ghcr.io/acme/app:1.2", "imagePullPolicy": "Never"}
      ]}
    }
  }
}"#;

#[test]
fn a_raw_manifest_in_yaml_is_judged_as_written() {
    let o = pullpolicy(
        &["admission", "--request", "-"],
        Some(RAW_DEPLOYMENT.as_bytes()),
    );
    assert_exit(&o, 0);
    insta::assert_json_snapshot!(json(&o));
}

#[test]
fn an_admission_review_is_answered_with_its_uid_and_settings_decide() {
    let dir = TempDir::new("admission-review");
    dir.write("review.json", POD_REVIEW);
    dir.write("strict.yaml", "profile: strict\nfailOn: warning\n");
    let warned = pullpolicy_in(dir.path(), &["admission", "--request", "review.json"], None);
    assert_exit(&warned, 0);
    let strict = pullpolicy_in(
        dir.path(),
        &[
            "admission",
            "--request",
            "review.json",
            "--settings",
            "strict.yaml",
        ],
        None,
    );
    assert_exit(&strict, 1);
    insta::assert_json_snapshot!([json(&warned), json(&strict)]);
}

#[test]
fn mutation_comes_back_as_a_base64_json_patch() {
    let dir = TempDir::new("admission-mutate");
    dir.write(
        "review.json",
        POD_REVIEW.replace("\"Never\"", "\"IfNotPresent\""),
    );
    dir.write(".pullpolicy.yaml", "mutate: always\n");
    let o = pullpolicy_in(dir.path(), &["admission", "--request", "review.json"], None);
    assert_exit(&o, 0);
    let response = &json(&o)["response"];
    assert_eq!(response["patchType"], "JSONPatch");
    assert_eq!(
        response["patch"],
        // [{"op":"replace","path":"/spec/containers/0/imagePullPolicy","value":"Always"}]
        "W3sib3AiOiJyZXBsYWNlIiwicGF0aCI6Ii9zcGVjL2NvbnRhaW5lcnMvMC9pbWFnZVB1bGxQb2xpY3kiLCJ2YWx1ZSI6IkFsd2F5cyJ9XQ=="
    );
}

#[test]
fn unreadable_requests_and_settings_are_errors() {
    let dir = TempDir::new("admission-errors");
    dir.write("two.yaml", "kind: Pod\n---\nkind: Pod\n");
    dir.write("bad.json", "{\"request\": ");
    dir.write("inf.yaml", "kind: Pod\nspec:\n  x: .inf\n");
    dir.write("no-op.json", "{\"uid\": \"1\", \"object\": {}}");
    dir.write("settings.yaml", "failOn: off\n");
    let mut out = Vec::new();
    for args in [
        &["admission", "--request", "two.yaml"][..],
        &["admission", "--request", "bad.json"],
        &["admission", "--request", "inf.yaml"],
        &["admission", "--request", "missing.yaml"],
        &["admission", "--request", "."],
        &[
            "admission",
            "--request",
            "two.yaml",
            "--settings",
            "settings.yaml",
        ],
    ] {
        let o = pullpolicy_in(dir.path(), args, None);
        assert_exit(&o, 2);
        out.push(stderr(&o));
    }
    // A request that reads as JSON but is not a request: the AdmissionReview says why.
    let o = pullpolicy_in(dir.path(), &["admission", "--request", "no-op.json"], None);
    assert_exit(&o, 2);
    out.push(json(&o)["response"]["status"]["message"].to_string());
    insta::assert_snapshot!(out.join(""));
}

/// What the policy lets through without a look is said: on standard error, and in the
/// AdmissionReview's audit annotations, as the API server would file it.
#[test]
fn what_is_let_through_unjudged_says_why() {
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";
    let o = pullpolicy(
        &["admission", "--request", "-"],
        Some(config_map.as_bytes()),
    );
    assert_exit(&o, 0);
    assert_eq!(
        stderr(&o),
        "note: <stdin>: not judged: no pod spec in ConfigMap/settings\n"
    );
    assert_eq!(
        json(&o)["response"]["auditAnnotations"]["skipped"],
        "no pod spec in ConfigMap/settings"
    );
    // The type only in `request.kind`, as Kubewarden's own test requests carry it: judged.
    let typeless = POD_REVIEW.replace("\"apiVersion\": \"v1\",\n      \"kind\": \"Pod\",\n", "");
    assert_ne!(typeless, POD_REVIEW);
    let o = pullpolicy(&["admission", "--request", "-"], Some(typeless.as_bytes()));
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "");
    assert_eq!(
        json(&o)["response"]["auditAnnotations"]["findings"],
        "never-pull-remote-image"
    );
}
