//! The admission decision (`core::admission`): cluster requests arrive decoded and defaulted, raw
//! manifests as written; verdicts, warnings, mutations and the AdmissionReview answer.

use pullpolicy_core::admission::{
    self, MAX_WARNING_CHARS, MAX_WARNINGS, Verdict, admission_review, kubewarden,
};
use pullpolicy_core::settings::Settings;
use serde_json::{Value, json};

fn settings(json: &str) -> Settings {
    Settings::from_deserializer(&mut serde_json::Deserializer::from_str(json)).unwrap()
}

/// An AdmissionRequest as the API server sends it (the object already defaulted).
fn request(operation: &str, resource: &str, sub: Option<&str>, object: Value) -> Value {
    let (group, version, kind) = match resource {
        "pods" => ("", "v1", "Pod"),
        "deployments" => ("apps", "v1", "Deployment"),
        "cronjobs" => ("batch", "v1", "CronJob"),
        "configmaps" => ("", "v1", "ConfigMap"),
        other => panic!("no fixture for {other}"),
    };
    let mut r = json!({
        "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
        "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": group, "version": version, "resource": resource},
        "requestKind": {"group": group, "version": version, "kind": kind},
        "name": object.pointer("/metadata/name").cloned().unwrap_or(Value::Null),
        "namespace": "default",
        "operation": operation,
        "userInfo": {"username": "alice", "groups": ["system:authenticated"]},
        "object": object,
        "oldObject": null,
        "dryRun": false,
        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"},
    });
    if let Some(sub) = sub {
        r["subResource"] = sub.into();
    }
    r
}

/// A defaulted container, as stored by the API server.
fn container(name: &str, image: &str, policy: &str) -> Value {
    json!({
        "name": name,
        "image": image,
        "imagePullPolicy": policy,
        "resources": {},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    })
}

fn pod(containers: Vec<Value>) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "containers": containers,
            "restartPolicy": "Always",
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "default",
        },
    })
}

fn deployment(containers: Vec<Value>) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "generation": 1},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": containers, "restartPolicy": "Always"},
            },
        },
    })
}

fn review(payload: &Value, settings: &Settings) -> Verdict {
    admission::review_value(payload, settings)
}

/// A verdict as text, for snapshots.
fn describe(v: &Verdict) -> String {
    let mut out = format!("accepted: {}\n", v.accepted);
    for (label, value) in [
        ("message", v.message.clone()),
        ("code", v.code.map(|c| c.to_string())),
        ("skipped", v.skipped.clone()),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("{label}: {value}\n"));
        }
    }
    for w in &v.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    for (k, a) in &v.audit_annotations {
        out.push_str(&format!("audit: {k}={a}\n"));
    }
    for p in &v.patches {
        out.push_str(&format!(
            "patch: {} {} {}\n",
            p.op(),
            p.path,
            p.value.as_str()
        ));
    }
    out
}

/// Every JSON pointer at which two values differ (leaves, added or removed keys).
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if x.contains_key(k) != y.contains_key(k) {
                    out.push(format!("{at}/{k}"));
                } else {
                    differences(va, vb, &format!("{at}/{k}"), out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                differences(va, vb, &format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(at.to_owned()),
        _ => {}
    }
}

fn changed(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    differences(before, after, "", &mut out);
    out
}

#[test]
fn a_defaulted_deployment_warns_and_is_admitted() {
    let object = deployment(vec![
        container("app", "nginx:latest", "Always"),
        container("cache", "redis:7", "IfNotPresent"),
    ]);
    let prod = review(
        &request("CREATE", "deployments", None, object.clone()),
        &Settings::default(),
    );
    let strict = review(
        &request("CREATE", "deployments", None, object),
        &settings(r#"{"profile": "strict"}"#),
    );
    insta::assert_snapshot!(format!(
        "prod:\n{}\nstrict:\n{}",
        describe(&prod),
        describe(&strict)
    ));
    assert!(prod.accepted && !strict.accepted);
    assert!(prod.mutated_object.is_none() && prod.patches.is_empty());
}

#[test]
fn fail_on_decides_between_reject_and_warn() {
    let object = pod(vec![container("app", "ghcr.io/acme/app:1.2", "Never")]);
    let payload = request("CREATE", "pods", None, object);
    let out: Vec<String> = ["info", "warning", "error"]
        .iter()
        .map(|fail_on| {
            let s = settings(&format!(
                r#"{{"failOn": "{fail_on}", "profile": "strict"}}"#
            ));
            format!("failOn {fail_on}:\n{}", describe(&review(&payload, &s)))
        })
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn omitted_fields_only_matter_in_raw_mode() {
    let written = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {"template": {"spec": {
            "imagePullPolicy": "Always",
            "containers": [{"name": "app", "image": "nginx"}],
        }}},
    });
    let raw = admission::review_value(
        &json!({"request": written}),
        &settings(r#"{"profile": "strict"}"#),
    );
    insta::assert_snapshot!(describe(&raw));
    assert!(!raw.accepted, "the misplaced field is an error as written");
}

#[test]
fn mutate_always_is_always_pull_images() {
    let s = settings(r#"{"mutate": "always"}"#);
    let object = pod(vec![
        container("app", "nginx:1.27", "IfNotPresent"),
        container("sidecar", "envoy:1.30", "Always"),
    ]);
    let created = review(&request("CREATE", "pods", None, object.clone()), &s);
    let mutated = created.mutated_object.clone().expect("mutated");
    assert_eq!(
        changed(&object, &mutated),
        ["/spec/containers/0/imagePullPolicy"]
    );
    assert_eq!(
        mutated["spec"]["containers"][0]["imagePullPolicy"],
        "Always"
    );

    // An update that brings no new image is left alone; one that does is mutated.
    let mut update = request("UPDATE", "pods", None, object.clone());
    update["oldObject"] = object.clone();
    assert!(review(&update, &s).patches.is_empty());
    let mut newer = object.clone();
    newer["spec"]["containers"][1]["image"] = "envoy:1.31".into();
    newer["spec"]["containers"][1]["imagePullPolicy"] = "IfNotPresent".into();
    update["object"] = newer;
    let updated = review(&update, &s);
    assert_eq!(updated.patches.len(), 2, "{}", describe(&updated));

    // Workload templates are not touched, as by the plugin.
    let d = review(
        &request(
            "CREATE",
            "deployments",
            None,
            deployment(vec![container("app", "nginx:1.27", "IfNotPresent")]),
        ),
        &s,
    );
    assert!(d.patches.is_empty() && d.mutated_object.is_none());
    insta::assert_snapshot!(format!(
        "create:\n{}\nupdate:\n{}",
        describe(&created),
        describe(&updated)
    ));
}

#[test]
fn mutate_explicit_writes_the_default_and_judges_the_result() {
    let s = settings(r#"{"mutate": "explicit", "profile": "dev"}"#);
    let written = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {
            "initContainers": [{"name": "init", "image": "busybox:1.36"}],
            "containers": [{"name": "app", "image": "nginx", "imagePullPolicy": ""}],
            "volumes": [{"name": "models", "image": {"reference": "ghcr.io/acme/models:v1"}}],
        },
    });
    let verdict = admission::review_value(&written, &s);
    let mutated = verdict.mutated_object.clone().expect("mutated");
    assert_eq!(
        changed(&written, &mutated),
        [
            "/spec/containers/0/imagePullPolicy",
            "/spec/initContainers/0/imagePullPolicy",
            "/spec/volumes/0/image/pullPolicy",
        ]
    );
    assert!(
        verdict
            .findings
            .iter()
            .all(|f| f.rule.as_str() != "implicit-pull-policy")
    );
    insta::assert_snapshot!(describe(&verdict));
}

/// An Argo Workflow's `{{…}}` image is filled in when its Pod is created: writing the default
/// of the text as written would pin a policy the real image may not get.
#[test]
fn mutate_explicit_leaves_placeholder_images_alone() {
    let s = settings(r#"{"mutate": "explicit"}"#);
    let written = json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"name": "wf"},
        "spec": {"templates": [
            {"name": "a", "container": {"image": "{{inputs.parameters.image}}"}},
            {"name": "b", "container": {"image": "alpine:3.20"}},
        ]},
    });
    let verdict = admission::review_value(&written, &s);
    let mutated = verdict.mutated_object.clone().expect("mutated");
    assert_eq!(
        changed(&written, &mutated),
        ["/spec/templates/1/container/imagePullPolicy"]
    );
    assert!(verdict.accepted);
    let rules: Vec<&str> = verdict.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(!rules.contains(&"invalid-image-reference"), "{rules:?}");
}

#[test]
fn ephemeral_container_updates_judge_and_mutate_only_ephemeral_containers() {
    let mut object = pod(vec![container("app", "nginx:latest", "IfNotPresent")]);
    let before = object.clone();
    object["spec"]["ephemeralContainers"] = json!([{
        "name": "debugger",
        "image": "busybox:latest",
        "imagePullPolicy": "IfNotPresent",
        "targetContainerName": "app",
        "terminationMessagePolicy": "File",
    }]);
    let mut payload = request(
        "UPDATE",
        "pods",
        Some("ephemeralcontainers"),
        object.clone(),
    );
    payload["oldObject"] = before;
    let s = settings(r#"{"mutate": "always"}"#);
    let verdict = review(&payload, &s);
    let mutated = verdict.mutated_object.clone().expect("mutated");
    assert_eq!(
        changed(&object, &mutated),
        ["/spec/ephemeralContainers/0/imagePullPolicy"]
    );
    assert!(
        verdict
            .findings
            .iter()
            .all(|f| f.path.starts_with("spec.ephemeralContainers"))
    );
    insta::assert_snapshot!(describe(&verdict));
}

#[test]
fn cronjobs_are_found_in_their_job_template() {
    let object = json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "nightly", "namespace": "jobs"},
        "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {
            "containers": [container("backup", "registry.example.com/backup:nightly", "IfNotPresent")],
            "restartPolicy": "OnFailure",
        }}}}},
    });
    let verdict = review(
        &request("CREATE", "cronjobs", None, object),
        &Settings::default(),
    );
    insta::assert_snapshot!(describe(&verdict));
}

/// Every request shape is judged, or answered with why not: none is let through silently.
#[test]
fn every_request_shape_is_judged_or_says_why_not() {
    let strict = settings(r#"{"rules": {"latest-tag": "error"}}"#);
    let object = pod(vec![container("app", "nginx:latest", "Always")]);
    let create = request("CREATE", "pods", None, object.clone());
    let judged = review(&create, &strict);
    assert!(!judged.accepted && judged.skipped.is_none(), "{judged:?}");
    let same = |payload: &Value, what: &str| {
        let v = review(payload, &strict);
        assert_eq!(
            (v.accepted, &v.message, &v.audit_annotations),
            (judged.accepted, &judged.message, &judged.audit_annotations),
            "{what}"
        );
    };
    // The type only in `request.kind`, in `requestKind`, in `resource`: judged alike.
    let mut typeless = create.clone();
    for key in ["apiVersion", "kind"] {
        typeless["object"].as_object_mut().unwrap().remove(key);
    }
    same(&typeless, "type only in request.kind");
    let mut by_request_kind = typeless.clone();
    by_request_kind.as_object_mut().unwrap().remove("kind");
    same(&by_request_kind, "type only in requestKind");
    let mut by_resource = by_request_kind.clone();
    by_resource.as_object_mut().unwrap().remove("requestKind");
    same(&by_resource, "type only in resource");
    // Nothing names the type: judged by its shape.
    let mut nothing = by_resource.clone();
    nothing.as_object_mut().unwrap().remove("resource");
    let shape = review(&nothing, &strict);
    assert!(!shape.accepted, "{shape:?}");
    // A dry run is judged as the real request would be.
    let mut dry = create.clone();
    dry["dryRun"] = true.into();
    same(&dry, "dryRun");
    // An UPDATE whose old object is null (or absent) is judged as a create.
    let mut update = create.clone();
    update["operation"] = "UPDATE".into();
    same(&update, "UPDATE, oldObject null");
    update.as_object_mut().unwrap().remove("oldObject");
    same(&update, "UPDATE, no oldObject");
    // A request without an operation cannot be admitted: a bad request, not an allow.
    let mut no_operation = create.clone();
    no_operation.as_object_mut().unwrap().remove("operation");
    let v = review(&no_operation, &strict);
    assert_eq!(
        (v.accepted, v.code, v.message.as_deref()),
        (
            false,
            Some(400),
            Some("pullpolicy cannot read the request: operation: missing")
        )
    );
    // Whatever is let through says why, in the answer and in an audit annotation.
    let mut unknown_sub = create.clone();
    unknown_sub["subResource"] = "resize".into();
    let v = review(&unknown_sub, &strict);
    assert!(v.accepted);
    assert_eq!(
        v.skipped.as_deref(),
        Some("subresource resize is not checked")
    );
    assert_eq!(
        v.audit_annotations.get("skipped").map(String::as_str),
        Some("subresource resize is not checked")
    );
    let review = admission_review(&v);
    assert_eq!(
        review["response"]["auditAnnotations"]["skipped"],
        "subresource resize is not checked"
    );
}

#[test]
fn what_is_not_checked_is_let_through_untouched() {
    let object = pod(vec![container("app", "nginx:latest", "IfNotPresent")]);
    let s = settings(r#"{"failOn": "info", "mutate": "always"}"#);
    let mut delete = request("DELETE", "pods", None, Value::Null);
    delete["oldObject"] = object.clone();
    let status = request("UPDATE", "pods", Some("status"), object);
    let config = request(
        "CREATE",
        "configmaps",
        None,
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"image": "x:latest"}}),
    );
    let out: Vec<String> = [delete, status, config]
        .iter()
        .map(|p| describe(&review(p, &s)))
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn a_raw_list_names_each_object_and_warnings_are_capped() {
    let containers: Vec<Value> = (0..12)
        .map(|i| container(&format!("c{i}"), "nginx:latest", "Always"))
        .collect();
    let list = json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": [pod(containers), deployment(vec![container("app", "nginx:stable", "Always")])],
    });
    let verdict = admission::review_value(&list, &Settings::default());
    assert!(verdict.accepted);
    assert_eq!(verdict.warnings.len(), MAX_WARNINGS);
    assert!(
        verdict
            .warnings
            .iter()
            .all(|w| w.chars().count() <= MAX_WARNING_CHARS)
    );
    insta::assert_snapshot!(describe(&verdict));
}

#[test]
fn unreadable_requests_are_rejected_with_what_is_wrong() {
    let s = Settings::default();
    let cases = [
        json!({"uid": "1", "kind": {"kind": "Pod"}, "object": {}}),
        json!({"uid": "1", "operation": "PATCH", "object": {}}),
        json!({"uid": "1", "operation": "CREATE", "object": "nope"}),
        json!({"uid": 7, "operation": "CREATE", "object": {}}),
        json!({"metadata": {}}),
        json!([1, 2]),
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|c| describe(&admission::review_value(c, &s)))
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn kubewarden_payloads_never_fail_to_answer() {
    let garbage: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        br#"{"request": 5}"#.to_vec(),
        br#"{"request": {"kind": "Pod"}, "settings": {"failOn": "off"}}"#.to_vec(),
        br#"{"request": {"uid": "1", "operation": "CREATE", "object": {"ki"#.to_vec(),
        vec![0xff, 0xfe, 0x00, 0x01],
        "[".repeat(100_000).into_bytes(),
    ];
    let answers: Vec<String> = garbage
        .iter()
        .map(|bytes| String::from_utf8(kubewarden::validate(bytes)).unwrap())
        .collect();
    for answer in &answers {
        let v: Value = serde_json::from_str(answer).unwrap();
        assert_eq!(v["accepted"], false, "{answer}");
        assert_eq!(v["code"], 400, "{answer}");
    }
    insta::assert_snapshot!(answers.join("\n"));
}

#[test]
fn kubewarden_validate_answers_a_validation_response() {
    let object = pod(vec![container("app", "nginx:1.27", "IfNotPresent")]);
    let payload = json!({
        "request": request("CREATE", "pods", None, object),
        "settings": {"mutate": "always", "profile": "prod"},
    });
    let answer: Value =
        serde_json::from_slice(&kubewarden::validate(payload.to_string().as_bytes())).unwrap();
    assert_eq!(answer["accepted"], true);
    assert_eq!(
        answer["mutated_object"]["spec"]["containers"][0]["imagePullPolicy"],
        "Always"
    );
    assert!(answer.get("message").is_none() && answer.get("code").is_none());
}

#[test]
fn settings_are_validated_with_the_key_named() {
    let cases = [
        r#"{}"#,
        r#"null"#,
        r#"{"profile": "strict", "mutate": "always", "allowedRegistries": ["ghcr.io/acme"]}"#,
        r#"{"failOn": "off"}"#,
        r#"{"rules": {"latest-tag": "fatal"}}"#,
        r#"{"allowedPullPolicies": ["always"]}"#,
        r#"{"mutate": "yes"}"#,
        r#"{"unknownKey": 1}"#,
        r#"[1]"#,
        r#"not json"#,
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|c| {
            format!(
                "{c}\n  {}",
                String::from_utf8(kubewarden::validate_settings(c.as_bytes())).unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn the_admission_review_carries_the_patch_in_base64() {
    let object = pod(vec![container("app", "nginx:1.27", "IfNotPresent")]);
    let payload = request("CREATE", "pods", None, object);
    let verdict = review(&payload, &settings(r#"{"mutate": "always"}"#));
    let review = admission_review(&verdict);
    insta::assert_json_snapshot!(review);
    let rejected = review_rejected();
    insta::assert_json_snapshot!("rejected", admission_review(&rejected));
}

fn review_rejected() -> Verdict {
    let object = pod(vec![container("app", "nginx:latest", "IfNotPresent")]);
    review(
        &request("CREATE", "pods", None, object),
        &settings(r#"{"profile": "strict"}"#),
    )
}

#[test]
fn large_objects_are_answered() {
    // A 5 MB Deployment: many environment variables with long values.
    let env: Vec<Value> = (0..20_000)
        .map(|i| json!({"name": format!("VAR_{i}"), "value": "x".repeat(240)}))
        .collect();
    let mut c = container("app", "nginx:latest", "Always");
    c["env"] = env.into();
    let object = deployment(vec![c]);
    assert!(object.to_string().len() > 5_000_000);
    let verdict = review(
        &request("CREATE", "deployments", None, object),
        &Settings::default(),
    );
    assert!(verdict.accepted);
    assert_eq!(verdict.audit_annotations["findings"], "latest-tag");
}

#[test]
fn a_suppression_quiets_warnings_but_never_unlocks_a_rejection() {
    let mut object = pod(vec![
        container("app", "evil.example.com/app:1.0", "Always"),
        container("web", "nginx:latest", "Always"),
    ]);
    object["metadata"]["annotations"] = json!({"pullpolicy/ignore": "all"});
    let s = settings(r#"{"allowedRegistries": ["docker.io"]}"#);
    let verdict = review(&request("CREATE", "pods", None, object), &s);
    assert!(!verdict.accepted);
    assert!(verdict.warnings.is_empty(), "{:?}", verdict.warnings);
    insta::assert_snapshot!(describe(&verdict));
}

/// On a workload, the pod template's annotations are where people write suppressions (they then
/// reach the Pods too): they quiet that template's warnings, and unlock no rejection either.
#[test]
fn a_pod_template_s_suppression_quiets_its_warnings_only() {
    let mut object = deployment(vec![
        container("app", "evil.example.com/app:latest", "Always"),
        container("web", "nginx:stable", "IfNotPresent"),
    ]);
    object["spec"]["template"]["metadata"]["annotations"] = json!({"pullpolicy/ignore": "latest-tag, floating-tag, ifnotpresent-mutable-tag, latest-tg"});
    let warned = review(
        &request("CREATE", "deployments", None, object.clone()),
        &Settings::default(),
    );
    assert!(warned.accepted);
    assert_eq!(
        warned.warnings,
        [
            "pullpolicy/ignore names `latest-tg`, which is no pullpolicy rule: it suppresses nothing [unknown-suppression]"
        ]
    );
    let s = settings(r#"{"allowedRegistries": ["docker.io"], "rules": {"latest-tag": "error"}}"#);
    let rejected = review(&request("CREATE", "deployments", None, object), &s);
    assert!(!rejected.accepted);
    let message = rejected.message.unwrap_or_default();
    assert!(
        message.contains("[registry-not-allowed]") && message.contains("[latest-tag]"),
        "{message}"
    );
}

#[test]
fn a_template_s_service_account_is_unseen_so_missing_pull_secrets_are_not_judged() {
    let s = settings(r#"{"privateRegistries": ["registry.acme.io"], "failOn": "warning"}"#);
    let c = || vec![container("app", "registry.acme.io/app:1.0", "IfNotPresent")];
    let workload = review(&request("CREATE", "deployments", None, deployment(c())), &s);
    assert!(
        workload.accepted && workload.findings.is_empty(),
        "{}",
        describe(&workload)
    );
    // A Pod already carries its ServiceAccount's secrets at admission: none is none.
    let pod = review(&request("CREATE", "pods", None, pod(c())), &s);
    assert!(!pod.accepted);
    insta::assert_snapshot!(format!(
        "deployment:\n{}\npod:\n{}",
        describe(&workload),
        describe(&pod)
    ));
}

#[test]
fn an_update_that_changes_no_image_is_let_through() {
    // The garbage collector removes its finalizer from a Deployment being deleted: judging it
    // would leave the object Terminating for ever.
    let strict = settings(r#"{"profile": "strict"}"#);
    let mut old = deployment(vec![container("app", "nginx:latest", "IfNotPresent")]);
    old["metadata"]["deletionTimestamp"] = "2026-11-21T10:00:00Z".into();
    old["metadata"]["finalizers"] = json!(["foregroundDeletion"]);
    let mut new = old.clone();
    new["metadata"]["finalizers"] = json!([]);
    let mut payload = request("UPDATE", "deployments", None, new.clone());
    payload["oldObject"] = old;
    let untouched = review(&payload, &strict);
    assert_eq!(
        untouched.skipped.as_deref(),
        Some("the update changes no image and no pull policy")
    );
    assert!(untouched.accepted);
    // Changing the image, or only the policy, is judged.
    for (field, value) in [("image", "nginx:1.27"), ("imagePullPolicy", "Always")] {
        let mut changed = new.clone();
        changed["spec"]["template"]["spec"]["containers"][0][field] = value.into();
        payload["object"] = changed;
        let verdict = review(&payload, &strict);
        assert!(
            verdict.skipped.is_none() && !verdict.findings.is_empty(),
            "{field}"
        );
    }
}

/// The playground's Admission tab: each document of a file reviewed as a raw request.
#[test]
fn each_document_of_a_manifest_gets_the_verdict_of_a_raw_request() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: nginx:latest
---
# empty documents get no verdict
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config}
---
kind: Pod
spec: {containers: [{name: a, image: nginx: oops}]}
";
    let settings = settings(r#"{"rules": {"latest-tag": "error"}}"#);
    let verdicts = admission::review_manifest(text, &settings);
    let summary: Vec<_> = verdicts
        .iter()
        .map(|v| {
            (
                v.document,
                v.object.as_str(),
                v.line,
                v.verdict.accepted,
                v.verdict.code,
                v.verdict.skipped.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "Pod/shop/web", 1, false, None, None),
            (
                3,
                "ConfigMap/config",
                11,
                true,
                None,
                Some("no pod spec in ConfigMap/config")
            ),
            (4, "document 4", 16, false, Some(400), None),
        ]
    );
    // The same verdict the policy module gives the document alone.
    let pod: Value = serde_json::from_str(
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},
            "spec":{"containers":[{"name":"app","image":"nginx:latest"}]}}"#,
    )
    .unwrap();
    assert_eq!(
        verdicts[0].verdict,
        admission::review_value(&pod, &settings)
    );
    insta::assert_snapshot!(verdicts[2].verdict.message.as_deref().unwrap_or_default());
}
