//! The built policy module in a real waPC host (wasmtime, as Kubewarden's policy-evaluator runs
//! it): the module's imports, exports and metadata section, and the decoded answers to
//! AdmissionRequests as the API server sends them (objects already defaulted), raw manifests,
//! bad settings and garbage.
//!
//! Needs the annotated module: `cargo xtask policy` writes `target/policy/pullpolicy.wasm`;
//! `PULLPOLICY_POLICY_WASM` points elsewhere.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Host, changed, fixture, huge_deployment, module_bytes, payload};
use pullpolicy_core::admission::kubewarden;
use pullpolicy_core::settings::Settings;
use serde_json::{Value, json};
use wasmparser::{ExternalKind, Parser, Payload};

/// The keys a `ValidationResponse` may have (absent ones are omitted, never `null`).
const RESPONSE_KEYS: [&str; 6] = [
    "accepted",
    "message",
    "code",
    "mutated_object",
    "audit_annotations",
    "warnings",
];

/// `validate` on a fresh instance, with the shape every answer must have checked.
fn validate(request: &Value, settings: Value) -> Value {
    validate_bytes(&payload(request, settings))
}

fn validate_bytes(bytes: &[u8]) -> Value {
    answer(&Host::new(), bytes)
}

/// `validate` on `host`, checked for shape and against core's answer natively: the module is
/// only an adapter, so any difference means a stale module (or a wasm-only bug).
fn answer(host: &Host, bytes: &[u8]) -> Value {
    let response = host.validate(bytes);
    check_shape(&response);
    let native: Value = serde_json::from_slice(&kubewarden::validate(bytes)).expect("JSON");
    assert_eq!(response, native, "{STALE}");
    response
}

/// `validate_settings` on `host`, checked against core's answer natively.
fn settings_answer(host: &Host, bytes: &[u8]) -> Value {
    let response = host.validate_settings(bytes);
    let native: Value =
        serde_json::from_slice(&kubewarden::validate_settings(bytes)).expect("JSON");
    assert_eq!(response, native, "{STALE}");
    response
}

const STALE: &str = "the module answers differently from pullpolicy-core built natively: \
    is the module stale? run `cargo xtask policy`";

/// What holds for every answer: known keys only, no nulls, `accepted` a boolean, a rejection has
/// a message, warnings within Kubernetes' 120 characters, the findings annotation sorted.
fn check_shape(response: &Value) {
    let map = response.as_object().expect("an object");
    for (key, value) in map {
        assert!(
            RESPONSE_KEYS.contains(&key.as_str()),
            "unknown key {key} in {response}"
        );
        assert!(!value.is_null(), "{key} is null in {response}");
    }
    let accepted = map["accepted"].as_bool().expect("accepted is a boolean");
    if !accepted {
        assert!(
            map["message"].is_string(),
            "a rejection without a message: {response}"
        );
    }
    if let Some(warnings) = map.get("warnings") {
        let warnings = warnings.as_array().expect("warnings is an array");
        assert!(
            !warnings.is_empty(),
            "empty warnings are omitted: {response}"
        );
        for w in warnings {
            let w = w.as_str().expect("warnings are strings");
            assert!(w.chars().count() <= 120, "warning over 120 characters: {w}");
        }
    }
    if let Some(annotations) = map.get("audit_annotations") {
        let annotations = annotations.as_object().expect("annotations are an object");
        assert!(!annotations.is_empty(), "empty annotations are omitted");
        for key in annotations.keys() {
            // The API server files each as `<webhook>/<key>` and drops keys holding a `/`.
            assert!(["findings", "skipped"].contains(&key.as_str()), "{key}");
        }
        if let Some(findings) = annotations.get("findings") {
            let ids: Vec<&str> = findings.as_str().expect("a string").split(',').collect();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(ids, sorted, "findings are sorted and unique");
        }
    }
}

/// An answer that let the object through without a look, saying why.
fn skipped(why: &str) -> Value {
    json!({"accepted": true, "audit_annotations": {"skipped": why}})
}

/// Takes `mutated_object` out of a response.
fn take_mutated(response: &mut Value) -> Option<Value> {
    response.as_object_mut()?.remove("mutated_object")
}

// Findings of `tests/data/deployment.json` (prod unless said).
const DEPLOYMENT_LATEST: &str = "container proxy runs docker.io/library/nginx:latest, a tag that moves with every push [latest-tag]";
const DEPLOYMENT_FLOATING: &str = "init container migrate runs ghcr.io/acme/shop-migrate:stable, a tag that is moved on purpose [floating-tag]";
const DEPLOYMENT_IFNOTPRESENT: &str = "init container migrate keeps each node's cached ghcr.io/acme/shop-migrate:stable: a... [restart-keeps-stale-image]";
/// A rejection message lists findings in full; warning lines are cut to 120 characters.
const DEPLOYMENT_IFNOTPRESENT_FULL: &str = "init container migrate keeps each node's cached ghcr.io/acme/shop-migrate:stable: a rollout restart misses a new push (IfNotPresent) [restart-keeps-stale-image]";

fn deployment_prod() -> Value {
    json!({
        "accepted": true,
        "audit_annotations": {"findings": "floating-tag,latest-tag,restart-keeps-stale-image"},
        "warnings": [DEPLOYMENT_LATEST, DEPLOYMENT_FLOATING, DEPLOYMENT_IFNOTPRESENT],
    })
}

// ------------------------------------------------------------------------------------------
// The module itself

#[test]
fn the_module_imports_only_wapc_and_wasi() {
    let mut imports = Vec::new();
    for section in Parser::new(0).parse_all(module_bytes()) {
        if let Payload::ImportSection(reader) = section.expect("a valid module") {
            for import in reader.into_imports() {
                let import = import.expect("a valid import");
                imports.push((import.module.to_owned(), import.name.to_owned()));
            }
        }
    }
    let modules: BTreeSet<&str> = imports.iter().map(|(m, _)| m.as_str()).collect();
    assert!(
        modules
            .iter()
            .all(|m| ["wapc", "wasi_snapshot_preview1"].contains(m)),
        "imports from {modules:?}: {imports:?}"
    );
    assert!(
        !imports
            .iter()
            .any(|(m, n)| m.contains("wbindgen") || n.contains("wbindgen")),
        "wasm-bindgen leaked into the policy: {imports:?}"
    );
    let wapc: BTreeSet<&str> = imports
        .iter()
        .filter(|(m, _)| m == "wapc")
        .map(|(_, n)| n.as_str())
        .collect();
    for needed in ["__guest_request", "__guest_response", "__guest_error"] {
        assert!(wapc.contains(needed), "no wapc.{needed} import: {wapc:?}");
    }
}

#[test]
fn the_module_exports_the_wapc_entry_points() {
    let mut exports = BTreeMap::new();
    for section in Parser::new(0).parse_all(module_bytes()) {
        if let Payload::ExportSection(reader) = section.expect("a valid module") {
            for export in reader {
                let export = export.expect("a valid export");
                exports.insert(export.name.to_owned(), export.kind);
            }
        }
    }
    assert_eq!(
        exports.get("wapc_init"),
        Some(&ExternalKind::Func),
        "{exports:?}"
    );
    assert_eq!(
        exports.get("__guest_call"),
        Some(&ExternalKind::Func),
        "{exports:?}"
    );
    assert_eq!(
        exports.get("memory"),
        Some(&ExternalKind::Memory),
        "{exports:?}"
    );
}

/// `cargo xtask policy` embeds `metadata.yml` as `kwctl annotate` does; kwctl, policy-server
/// and the policy hub read the first custom section of that name.
#[test]
fn the_module_carries_kubewarden_metadata() {
    let mut sections = Vec::new();
    for section in Parser::new(0).parse_all(module_bytes()) {
        if let Payload::CustomSection(reader) = section.expect("a valid module")
            && reader.name() == "io.kubewarden.metadata"
        {
            sections.push(reader.data().to_vec());
        }
    }
    assert_eq!(
        sections.len(),
        1,
        "expected one io.kubewarden.metadata section (run `cargo xtask policy`)"
    );
    let metadata: Value = serde_json::from_slice(&sections[0]).expect("the metadata is JSON");
    assert_eq!(metadata["protocolVersion"], "v1");
    assert_eq!(metadata["mutating"], true);
    assert_eq!(metadata["executionMode"], "kubewarden-wapc");
    assert_eq!(metadata["policyType"], "kubernetes");
    assert_eq!(metadata["backgroundAudit"], true);
    assert_eq!(metadata["contextAwareResources"], json!([]));
    let annotations = &metadata["annotations"];
    assert_eq!(
        annotations["io.kubewarden.policy.version"],
        env!("CARGO_PKG_VERSION")
    );
    for key in [
        "io.kubewarden.policy.title",
        "io.kubewarden.policy.description",
        "io.kubewarden.policy.license",
        "io.kubewarden.policy.source",
    ] {
        assert!(
            annotations[key].is_string(),
            "no {key} annotation: {annotations}"
        );
    }

    // (group, resource, operation) triples the rules subscribe to.
    let mut covered = BTreeSet::new();
    for rule in metadata["rules"].as_array().expect("rules is an array") {
        let list = |key: &str| -> Vec<String> {
            rule[key]
                .as_array()
                .unwrap_or_else(|| panic!("rule without {key}: {rule}"))
                .iter()
                .map(|v| v.as_str().expect("strings").to_owned())
                .collect()
        };
        assert_eq!(list("apiVersions"), ["v1"], "{rule}");
        for group in list("apiGroups") {
            for resource in list("resources") {
                for operation in list("operations") {
                    covered.insert((group.clone(), resource.clone(), operation));
                }
            }
        }
    }
    let expected = [
        ("", "pods"),
        ("", "pods/ephemeralcontainers"),
        ("", "replicationcontrollers"),
        ("", "podtemplates"),
        ("apps", "deployments"),
        ("apps", "replicasets"),
        ("apps", "statefulsets"),
        ("apps", "daemonsets"),
        ("batch", "jobs"),
        ("batch", "cronjobs"),
    ];
    for (group, resource) in expected {
        // `kubectl debug` adds ephemeral containers with an UPDATE of the subresource.
        let operations: &[&str] = if resource.contains('/') {
            &["UPDATE"]
        } else {
            &["CREATE", "UPDATE"]
        };
        for op in operations {
            let triple = (group.to_owned(), resource.to_owned(), (*op).to_owned());
            assert!(covered.contains(&triple), "metadata rules miss {triple:?}");
        }
    }
}

/// The Rancher UI form (questions-ui.yml) asks for every setting, and its defaults are valid
/// settings that change nothing.
#[test]
fn the_settings_form_asks_for_every_setting() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/questions-ui.yml");
    let text = std::fs::read_to_string(path).expect("questions-ui.yml");
    let doc = pullpolicy_core::yaml::documents(&text, &Default::default())
        .next()
        .expect("a document")
        .expect("valid YAML");
    let form = doc.to_json().expect("JSON");
    let questions = form["questions"].as_array().expect("questions");
    let asked: BTreeSet<&str> = questions
        .iter()
        .map(|q| q["variable"].as_str().expect("a variable"))
        .collect();
    // Every key, the optional ones set so that they serialize.
    let all = Settings {
        floating_tags: Some(Vec::new()),
        public_registries: Some(Vec::new()),
        ..Settings::default()
    };
    let keys = serde_json::to_value(&all).expect("settings serialize");
    let keys: BTreeSet<&str> = keys
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(asked, keys);
    let mut defaults = serde_json::Map::new();
    for q in questions {
        let variable = q["variable"].as_str().unwrap();
        // An empty list for publicRegistries would mean "no registry is public": the form
        // leaves it unset.
        if variable != "publicRegistries" {
            defaults.insert(variable.to_owned(), q["default"].clone());
        }
    }
    let read = Settings::from_deserializer(Value::Object(defaults)).expect("valid defaults");
    let listed: Vec<&str> = read
        .floating_tags
        .iter()
        .flatten()
        .map(|t| t.0.as_str())
        .collect();
    assert_eq!(listed, pullpolicy_core::settings::DEFAULT_FLOATING_TAGS);
    let expected = Settings {
        floating_tags: read.floating_tags.clone(),
        ..Settings::default()
    };
    assert_eq!(read, expected);
}

#[test]
fn protocol_version_is_v1() {
    let host = Host::new();
    let answer = host
        .call("protocol_version", b"")
        .expect("protocol_version answers");
    assert_eq!(
        serde_json::from_slice::<Value>(&answer).unwrap(),
        json!("v1")
    );
}

/// An operation the module does not register is a guest error, not a trap: the instance keeps
/// answering.
#[test]
fn an_unknown_operation_is_an_error_and_the_instance_lives_on() {
    let host = Host::new();
    let error = host.call("mutate", b"{}").expect_err("no such operation");
    assert!(error.contains("mutate"), "{error}");
    let request = fixture("deployment.json");
    assert_eq!(
        answer(&host, &payload(&request, json!({}))),
        deployment_prod()
    );
}

// ------------------------------------------------------------------------------------------
// Cluster requests: objects decoded and defaulted by the API server

#[test]
fn a_defaulted_deployment_is_admitted_with_warnings() {
    let request = fixture("deployment.json");
    assert_eq!(validate(&request, json!({})), deployment_prod());
    // No settings at all, or `null`, are the defaults.
    let bare = serde_json::to_vec(&json!({"request": request})).unwrap();
    assert_eq!(validate_bytes(&bare), deployment_prod());
    assert_eq!(validate(&request, Value::Null), deployment_prod());
}

#[test]
fn profiles_decide_what_warns_and_what_rejects() {
    let request = fixture("deployment.json");
    // dev: latest-tag and restart-keeps-stale-image are info, floating-tag off: not a word.
    assert_eq!(
        validate(&request, json!({"profile": "dev"})),
        json!({"accepted": true})
    );
    assert_eq!(
        validate(&request, json!({"profile": "prod"})),
        deployment_prod()
    );
    // strict: those three are errors, and a missing digest warns.
    assert_eq!(
        validate(&request, json!({"profile": "strict"})),
        json!({
            "accepted": false,
            "message": format!("{DEPLOYMENT_LATEST}; {DEPLOYMENT_FLOATING}; {DEPLOYMENT_IFNOTPRESENT_FULL}"),
            "audit_annotations": {
                "findings": "digest-not-pinned,floating-tag,latest-tag,restart-keeps-stale-image"
            },
            "warnings": [
                "container app runs ghcr.io/acme/shop:1.4.2 without a digest: the registry decides which build runs [digest-not-pinned]",
                "container proxy runs docker.io/library/nginx:latest without a digest: the registry decides which... [digest-not-pinned]",
                "init container migrate runs ghcr.io/acme/shop-migrate:stable without a digest: the registry... [digest-not-pinned]",
            ],
        })
    );
    // A rule override beats the profile (written with a renamed id, which still names its rule).
    assert_eq!(
        validate(
            &request,
            json!({"profile": "strict", "rules": {"latest-tag": "off", "floating-tag": "warning",
                "ifnotpresent-mutable-tag": "info", "digest-not-pinned": "off"}})
        ),
        json!({
            "accepted": true,
            "audit_annotations": {"findings": "floating-tag"},
            "warnings": [DEPLOYMENT_FLOATING],
        })
    );
}

#[test]
fn fail_on_decides_between_rejecting_and_warning() {
    let request = fixture("cronjob.json");
    let floating = "container backup runs registry.example.com/backup:nightly, a tag that is moved on purpose [floating-tag]";
    let drift = "container backup keeps each node's cached registry.example.com/backup:nightly: a rollout... [restart-keeps-stale-image]";
    let drift_full = "container backup keeps each node's cached registry.example.com/backup:nightly: a rollout restart misses a new push (IfNotPresent) [restart-keeps-stale-image]";
    // error (the default): warnings only.
    let warned = json!({
        "accepted": true,
        "audit_annotations": {"findings": "floating-tag,restart-keeps-stale-image"},
        "warnings": [floating, drift],
    });
    assert_eq!(validate(&request, json!({})), warned);
    assert_eq!(validate(&request, json!({"failOn": "error"})), warned);
    // warning: the same findings reject, listed in the message, and no longer warn.
    assert_eq!(
        validate(&request, json!({"failOn": "warning"})),
        json!({
            "accepted": false,
            "message": format!("{floating}; {drift_full}"),
            "audit_annotations": {"findings": "floating-tag,restart-keeps-stale-image"},
        })
    );
    // info: the same; a pull secret missing from the template is not judged (its
    // ServiceAccount, which the policy cannot see, may provide it).
    assert_eq!(
        validate(&request, json!({"failOn": "info"})),
        json!({
            "accepted": false,
            "message": format!("{floating}; {drift_full}"),
            "audit_annotations": {"findings": "floating-tag,restart-keeps-stale-image"},
        })
    );
}

#[test]
fn a_defaulted_pod_flags_never_only_on_a_registry_image() {
    let request = fixture("pod.json");
    // `busybox:1.36` with Never names no registry: a preloaded local image, not flagged.
    let never = "container jq starts only where registry.internal.example/tools/jq:1.7 was preloaded... [never-pull-remote-image]";
    assert_eq!(
        validate(&request, json!({})),
        json!({
            "accepted": true,
            "audit_annotations": {"findings": "never-pull-remote-image"},
            "warnings": [never],
        })
    );
    let strict = validate(&request, json!({"profile": "strict"}));
    assert_eq!(strict["accepted"], false);
    assert_eq!(
        strict["message"],
        "container jq starts only where registry.internal.example/tools/jq:1.7 was preloaded; elsewhere it fails with ErrImageNeverPull [never-pull-remote-image]"
    );
    assert_eq!(
        strict["audit_annotations"]["findings"],
        "digest-not-pinned,never-pull-remote-image"
    );
    assert!(
        strict.get("code").is_none(),
        "a policy decision has no code: {strict}"
    );
}

#[test]
fn a_cronjob_is_judged_through_its_job_template() {
    let request = fixture("cronjob.json");
    let response = validate(&request, json!({"profile": "strict"}));
    assert_eq!(
        response,
        json!({
            "accepted": false,
            "message": "container backup runs registry.example.com/backup:nightly, a tag that is moved on purpose [floating-tag]; container backup keeps each node's cached registry.example.com/backup:nightly: a rollout restart misses a new push (IfNotPresent) [restart-keeps-stale-image]",
            "audit_annotations": {"findings": "digest-not-pinned,floating-tag,restart-keeps-stale-image"},
            "warnings": ["container backup runs registry.example.com/backup:nightly without a digest: the registry decides... [digest-not-pinned]"],
        })
    );
}

/// `kubectl debug`: an UPDATE of `pods/ephemeralcontainers`. The Pod's own container
/// (`nginx:latest` with IfNotPresent) would warn twice; only the new debug container is judged.
#[test]
fn an_ephemeral_container_update_judges_only_ephemeral_containers() {
    let request = fixture("pod-ephemeralcontainers.json");
    assert_eq!(request["subResource"], "ephemeralcontainers");
    let latest = "ephemeral container debugger-7x2k runs docker.io/library/busybox:latest, a tag that moves with every push [latest-tag]";
    let drift =
        "ephemeral container debugger-7x2k keeps each node's cached... [restart-keeps-stale-image]";
    assert_eq!(
        validate(&request, json!({})),
        json!({
            "accepted": true,
            "audit_annotations": {"findings": "latest-tag,restart-keeps-stale-image"},
            "warnings": [latest, drift],
        })
    );
    // Always on the subresource, which the AlwaysPullImages plugin itself skips (`shouldIgnore`):
    // only the ephemeral container is written, and the
    // verdict is about the result (Always no longer drifts).
    let mut response = validate(&request, json!({"mutate": "always"}));
    let mutated = take_mutated(&mut response).expect("a mutated object");
    assert_eq!(
        response,
        json!({
            "accepted": true,
            "audit_annotations": {"findings": "latest-tag"},
            "warnings": [latest],
        })
    );
    assert_eq!(
        changed(&request["object"], &mutated),
        ["/spec/ephemeralContainers/0/imagePullPolicy"]
    );
    assert_eq!(
        mutated["spec"]["ephemeralContainers"][0]["imagePullPolicy"],
        "Always"
    );
    assert_eq!(
        mutated["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
}

/// Every resource the metadata subscribes to is judged: the same container in each kind's pod
/// template gives the same findings.
#[test]
fn every_subscribed_kind_is_judged() {
    let container = json!({
        "name": "app",
        "image": "nginx:latest",
        "imagePullPolicy": "IfNotPresent",
        "resources": {},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    });
    let pod_spec = json!({
        "containers": [container],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
        "schedulerName": "default-scheduler",
    });
    let template = json!({"metadata": {"labels": {"app": "x"}}, "spec": pod_spec});
    let selector = json!({"matchLabels": {"app": "x"}});
    let mut job_spec = json!({"template": template, "backoffLimit": 6});
    job_spec["template"]["spec"]["restartPolicy"] = "Never".into();
    let kinds = [
        ("", "Pod", "pods", json!({"spec": pod_spec})),
        (
            "",
            "PodTemplate",
            "podtemplates",
            json!({"template": template}),
        ),
        (
            "",
            "ReplicationController",
            "replicationcontrollers",
            json!({"spec": {"replicas": 1, "selector": {"app": "x"}, "template": template}}),
        ),
        (
            "apps",
            "Deployment",
            "deployments",
            json!({"spec": {"replicas": 1, "selector": selector, "template": template}}),
        ),
        (
            "apps",
            "ReplicaSet",
            "replicasets",
            json!({"spec": {"replicas": 1, "selector": selector, "template": template}}),
        ),
        (
            "apps",
            "StatefulSet",
            "statefulsets",
            json!({"spec": {"serviceName": "x", "selector": selector, "template": template}}),
        ),
        (
            "apps",
            "DaemonSet",
            "daemonsets",
            json!({"spec": {"selector": selector, "template": template}}),
        ),
        ("batch", "Job", "jobs", json!({"spec": job_spec})),
        (
            "batch",
            "CronJob",
            "cronjobs",
            json!({"spec": {"schedule": "@daily", "jobTemplate": {"spec": job_spec}}}),
        ),
    ];
    let expected = json!({
        "accepted": true,
        "audit_annotations": {"findings": "latest-tag,restart-keeps-stale-image"},
        "warnings": [
            "container app runs docker.io/library/nginx:latest, a tag that moves with every push [latest-tag]",
            "container app keeps each node's cached docker.io/library/nginx:latest: a rollout restart... [restart-keeps-stale-image]",
        ],
    });
    for (group, kind, resource, mut object) in kinds {
        let api_version = if group.is_empty() {
            "v1".to_owned()
        } else {
            format!("{group}/v1")
        };
        object["apiVersion"] = api_version.into();
        object["kind"] = kind.into();
        object["metadata"] = json!({"name": "x", "namespace": "default"});
        let request = json!({
            "uid": "0f9b3a57-0000-4000-8000-000000000001",
            "kind": {"group": group, "version": "v1", "kind": kind},
            "resource": {"group": group, "version": "v1", "resource": resource},
            "name": "x",
            "namespace": "default",
            "operation": "CREATE",
            "userInfo": {"username": "alice"},
            "object": object,
            "oldObject": null,
            "dryRun": false,
        });
        assert_eq!(validate(&request, json!({})), expected, "{kind}");
    }
}

#[test]
fn what_is_not_checked_is_accepted_untouched() {
    let settings = json!({"failOn": "info", "mutate": "always", "profile": "strict"});
    let deployment = fixture("deployment.json");
    let pod = fixture("pod.json");
    let mut cases = Vec::new();
    for operation in ["DELETE", "CONNECT"] {
        let mut r = deployment.clone();
        r["operation"] = operation.into();
        r["oldObject"] = r["object"].take();
        cases.push((r, format!("{operation} is not checked")));
    }
    for sub in ["status", "scale"] {
        let mut r = deployment.clone();
        r["operation"] = "UPDATE".into();
        r["subResource"] = sub.into();
        r["oldObject"] = r["object"].clone();
        cases.push((r, format!("subresource {sub} is not checked")));
    }
    let mut binding = pod.clone();
    binding["subResource"] = "binding".into();
    cases.push((binding, "subresource binding is not checked".to_owned()));
    let mut config = pod.clone();
    config["kind"] = json!({"group": "", "version": "v1", "kind": "ConfigMap"});
    config["resource"] = json!({"group": "", "version": "v1", "resource": "configmaps"});
    config["object"] = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": "ops"}, "data": {"image": "nginx:latest"}});
    cases.push((config, "no pod spec in ConfigMap/ops/c".to_owned()));
    let mut relabel = deployment.clone();
    relabel["operation"] = "UPDATE".into();
    relabel["oldObject"] = relabel["object"].clone();
    relabel["object"]["metadata"]["labels"]["tier"] = "web".into();
    let no_image = "the update changes no image and no pull policy".to_owned();
    cases.push((relabel, no_image));
    for (request, why) in cases {
        assert_eq!(validate(&request, settings.clone()), skipped(&why), "{why}");
    }
}

// ------------------------------------------------------------------------------------------
// Requests that name the type only in `request.kind`

/// The request with `apiVersion` and `kind` written into its objects, from `request.kind`.
fn typed(request: &Value) -> Value {
    let kind = &request["kind"];
    let group = kind["group"].as_str().unwrap();
    let version = kind["version"].as_str().unwrap();
    let api_version = if group.is_empty() {
        version.to_owned()
    } else {
        format!("{group}/{version}")
    };
    let mut typed = request.clone();
    for key in ["object", "oldObject"] {
        if let Some(object) = typed.get_mut(key).and_then(Value::as_object_mut) {
            object.insert("apiVersion".into(), api_version.clone().into());
            object.insert("kind".into(), kind["kind"].clone());
        }
    }
    typed
}

/// Kubewarden's own policies test with requests whose objects carry no `apiVersion` or `kind`
/// (the type is only in `request.kind`), and so do `kwctl scaffold` and hand-written requests.
/// Each is judged exactly as the same object with its type written, in every mode.
#[test]
fn objects_typed_only_by_the_request_are_judged_as_typed_objects() {
    let modes = [
        json!({}),
        json!({"profile": "strict", "failOn": "warning"}),
        json!({"rules": {"latest-tag": "error"}}),
        json!({"allowedRegistries": ["registry.example.com"]}),
        json!({"mutate": "always"}),
        json!({"mutate": "explicit"}),
    ];
    let host = Host::new();
    for name in [
        "typeless-pod.json",
        "typeless-deployment.json",
        "typeless-cronjob.json",
        "typeless-pod-ephemeralcontainers.json",
    ] {
        let request = fixture(name);
        for settings in &modes {
            let mut answer = self::answer(&host, &payload(&request, settings.clone()));
            let mut expected = self::answer(&host, &payload(&typed(&request), settings.clone()));
            let mutated = take_mutated(&mut answer).map(|m| typed_like(&m, &request));
            assert_eq!(mutated, take_mutated(&mut expected), "{name} {settings}");
            assert_eq!(answer, expected, "{name} {settings}");
            let findings = &answer["audit_annotations"]["findings"];
            assert!(findings.is_string(), "{name} {settings}: judged: {answer}");
        }
    }
    // Rejected, not waved through: the issue trusted-repos' own test data raised.
    let rejected = validate(
        &fixture("typeless-pod.json"),
        json!({"rules": {"latest-tag": "error"}}),
    );
    assert_eq!(rejected["accepted"], false, "{rejected}");
    let registries = json!({"allowedRegistries": ["registry.example.com"]});
    let rejected = validate(&fixture("typeless-cronjob.json"), registries);
    assert_eq!(
        rejected["message"],
        "container report pulls ghcr.io/acme/report:nightly from outside the allowed registries [registry-not-allowed]"
    );
}

/// A mutated typeless object, with its type written as [`typed`] writes it.
fn typed_like(mutated: &Value, request: &Value) -> Value {
    let mut request = request.clone();
    request["object"] = mutated.clone();
    typed(&request)["object"].clone()
}

/// When the request names no kind either, the resource says it; when nothing does, the object
/// is judged by its shape (as a custom resource), never let through unexamined.
#[test]
fn the_resource_or_the_shape_types_what_the_kind_does_not() {
    let request = fixture("typeless-pod.json");
    let settings = json!({"rules": {"latest-tag": "error"}});
    let expected = validate(&typed(&request), settings.clone());
    let mut by_resource = request.clone();
    by_resource.as_object_mut().unwrap().remove("kind");
    by_resource.as_object_mut().unwrap().remove("requestKind");
    assert_eq!(validate(&by_resource, settings.clone()), expected);
    let mut by_shape = by_resource.clone();
    by_shape.as_object_mut().unwrap().remove("resource");
    let answer = validate(&by_shape, settings);
    assert_eq!(answer["accepted"], false, "{answer}");
    assert_eq!(
        answer["audit_annotations"]["findings"],
        expected["audit_annotations"]["findings"]
    );
}

// ------------------------------------------------------------------------------------------
// Raw manifests (`kwctl run --raw`, CI): judged as written

#[test]
fn a_raw_manifest_is_judged_as_written() {
    let manifest = fixture("raw-deployment.json");
    let implicit = "container api: Always by default (no tag), so every start pulls ghcr.io/acme/api:latest [implicit-always-pull]";
    let latest =
        "container api runs ghcr.io/acme/api:latest, a tag that moves with every push [latest-tag]";
    // The pod-level imagePullPolicy is an unknown field (kubectl refuses it, others drop it): an
    // error.
    assert_eq!(
        validate(&manifest, json!({})),
        json!({
            "accepted": false,
            "message": "unknown field imagePullPolicy at spec.template.spec: kubectl refuses it, others drop it (2 containers get their defaults) [misplaced-pull-policy]",
            "audit_annotations": {"findings": "implicit-always-pull,latest-tag,misplaced-pull-policy"},
            "warnings": [implicit, latest],
        })
    );
    // A rejected object is not stored, so it is not mutated either.
    let rejected = validate(&manifest, json!({"mutate": "explicit"}));
    assert_eq!(rejected["accepted"], false);
    assert!(rejected.get("mutated_object").is_none(), "{rejected}");
}

/// `mutate: explicit` writes each container's default where it is missing (a no-op for the
/// cluster) and judges the result: the implicit-policy findings are gone.
#[test]
fn mutate_explicit_writes_the_defaults_of_a_raw_manifest() {
    let mut manifest = fixture("raw-deployment.json");
    manifest["spec"]["template"]["spec"]
        .as_object_mut()
        .unwrap()
        .remove("imagePullPolicy");
    let mut response = validate(&manifest, json!({"mutate": "explicit"}));
    let mutated = take_mutated(&mut response).expect("a mutated object");
    assert_eq!(
        changed(&manifest, &mutated),
        [
            "/spec/template/spec/containers/0/imagePullPolicy",
            "/spec/template/spec/initContainers/0/imagePullPolicy",
        ]
    );
    let spec = &mutated["spec"]["template"]["spec"];
    assert_eq!(spec["containers"][0]["imagePullPolicy"], "Always");
    assert_eq!(spec["initContainers"][0]["imagePullPolicy"], "IfNotPresent");
    assert_eq!(
        response,
        json!({
            "accepted": true,
            "audit_annotations": {"findings": "latest-tag"},
            "warnings": ["container api runs ghcr.io/acme/api:latest, a tag that moves with every push [latest-tag]"],
        })
    );
}

// ------------------------------------------------------------------------------------------
// Mutation: only imagePullPolicy fields change

#[test]
fn mutate_always_is_always_pull_images_on_pods() {
    let request = fixture("pod.json");
    let mut response = validate(&request, json!({"mutate": "always"}));
    let mutated = take_mutated(&mut response).expect("a mutated object");
    assert_eq!(
        changed(&request["object"], &mutated),
        [
            "/spec/containers/0/imagePullPolicy",
            "/spec/containers/1/imagePullPolicy"
        ]
    );
    for i in 0..2 {
        assert_eq!(
            mutated["spec"]["containers"][i]["imagePullPolicy"],
            "Always"
        );
    }
    // Judged after the mutation: Never is gone, so is its finding.
    assert_eq!(response, json!({"accepted": true}));

    // An UPDATE that brings no new image is left alone, as by the plugin.
    let mut update = request.clone();
    update["operation"] = "UPDATE".into();
    update["oldObject"] = request["object"].clone();
    update["object"]["metadata"]["labels"]["tier"] = "debug".into();
    let unchanged = validate(&update, json!({"mutate": "always"}));
    assert!(unchanged.get("mutated_object").is_none(), "{unchanged}");

    // Workload templates are not touched (the plugin only sees Pods).
    let deployment = validate(&fixture("deployment.json"), json!({"mutate": "always"}));
    assert_eq!(deployment, deployment_prod());
}

/// In a cluster every container already has its policy: `explicit` finds nothing to write.
#[test]
fn mutate_explicit_leaves_defaulted_objects_alone() {
    for name in [
        "deployment.json",
        "pod.json",
        "cronjob.json",
        "pod-ephemeralcontainers.json",
    ] {
        let response = validate(&fixture(name), json!({"mutate": "explicit"}));
        assert!(
            response.get("mutated_object").is_none(),
            "{name}: {response}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// Settings

#[test]
fn valid_settings_are_valid() {
    let host = Host::new();
    for settings in [
        "{}",
        "null",
        r#"{"profile": "strict", "failOn": "warning", "mutate": "always"}"#,
        r#"{"rules": {"latest-tag": "error", "digest-not-pinned": "off"}, "requireDigest": true}"#,
        r#"{"floatingTags": ["stable", "*-rc"], "digestExemptions": ["registry.k8s.io"]}"#,
        r#"{"allowedRegistries": ["ghcr.io/acme", "registry.k8s.io"], "privateRegistries": ["ghcr.io/acme"]}"#,
        r#"{"allowedPullPolicies": ["Always", "IfNotPresent"], "kubernetesVersion": "1.31"}"#,
    ] {
        assert_eq!(
            settings_answer(&host, settings.as_bytes()),
            json!({"valid": true}),
            "{settings}"
        );
    }
}

#[test]
fn invalid_settings_name_the_key() {
    let host = Host::new();
    let cases = [
        (
            r#"{"failOn": "off"}"#,
            "failOn: `off` would never fail; use `info`, `warning` or `error`",
        ),
        (
            r#"{"failOn": "fatal"}"#,
            "failOn: unknown variant `fatal`, expected one of `off`, `info`, `warning`, `error`",
        ),
        (
            r#"{"profile": "Prod"}"#,
            "profile: unknown variant `Prod`, expected one of `dev`, `prod`, `strict`",
        ),
        (
            r#"{"rules": {"latest-tag": "fatal"}}"#,
            "rules.latest-tag: unknown variant `fatal`, expected one of `off`, `info`, `warning`, `error`",
        ),
        (
            r#"{"rules": {"no-such-rule": "error"}}"#,
            "rules: unknown rule `no-such-rule` (`pullpolicy rules` lists them)",
        ),
        (
            r#"{"allowedPullPolicies": ["always"]}"#,
            "allowedPullPolicies[0]: unknown variant `always`, expected one of `Always`, `IfNotPresent`, `Never`",
        ),
        (
            r#"{"allowedPullPolicies": ["Always", "x"]}"#,
            "allowedPullPolicies[1]: unknown variant `x`, expected one of `Always`, `IfNotPresent`, `Never`",
        ),
        (
            r#"{"allowedRegistries": ["https://ghcr.io"]}"#,
            "allowedRegistries[0]: `https://ghcr.io` has a URL scheme; write the registry host only, e.g. `ghcr.io`",
        ),
        (
            r#"{"floatingTags": [""]}"#,
            "floatingTags[0]: an empty tag pattern matches nothing",
        ),
        (
            r#"{"digestExemptions": [""]}"#,
            "digestExemptions[0]: an empty pattern matches nothing; remove it",
        ),
        (
            r#"{"kubernetesVersion": 1.30}"#,
            "kubernetesVersion: 1.3 is a number; quote the version (\"1.30\" as a number reads 1.3)",
        ),
        (
            r#"{"kubernetesVersion": "1.19"}"#,
            "kubernetesVersion: pullpolicy models Kubernetes 1.24 to 1.35, not 1.19 (docs/versions.md says what each changes)",
        ),
        (
            r#"{"requireDigest": "yes"}"#,
            "requireDigest: invalid type: string \"yes\", expected a boolean",
        ),
        (
            r#"{"mutate": "yes"}"#,
            "mutate: unknown variant `yes`, expected one of `none`, `explicit`, `always`",
        ),
        (
            r#"[1]"#,
            "invalid type: sequence, expected a mapping of settings (profile, rules, failOn...)",
        ),
    ];
    for (settings, message) in cases {
        assert_eq!(
            settings_answer(&host, settings.as_bytes()),
            json!({"valid": false, "message": format!("invalid settings: {message}")}),
            "{settings}"
        );
    }
    let unknown = settings_answer(&host, br#"{"failon": "error"}"#);
    assert_eq!(unknown["valid"], false);
    let message = unknown["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "invalid settings: failon: unknown field `failon`, expected one of `profile`"
        ),
        "{message}"
    );
    assert_eq!(
        settings_answer(&host, b"profile: strict"),
        json!({"valid": false, "message": "the settings are not JSON: expected value at line 1 column 1"})
    );
}

/// Settings that slipped past `validate_settings` (or a policy-server that skips it) make every
/// request a 400 that names the key, never a trap.
#[test]
fn invalid_settings_in_validate_are_a_bad_request() {
    let response = validate(&fixture("pod.json"), json!({"failOn": "off"}));
    assert_eq!(
        response,
        json!({
            "accepted": false,
            "message": "pullpolicy: invalid settings: failOn: `off` would never fail; use `info`, `warning` or `error`",
            "code": 400,
        })
    );
}

// ------------------------------------------------------------------------------------------
// Garbage and size

/// A small deterministic generator (xorshift64*), so the random payloads are the same on every
/// run.
fn random_bytes(seed: u64, count: usize) -> Vec<u8> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

#[test]
fn garbage_gets_a_bad_request_answer_never_a_trap() {
    let not_json = "pullpolicy: the payload is not JSON: ";
    let no_request = "pullpolicy: the payload has no `request`";
    let mut invalid_utf8 =
        br#"{"request": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "caf"#.to_vec();
    invalid_utf8.extend_from_slice(&[0xc3, 0x28]);
    invalid_utf8
        .extend_from_slice(br#""}, "spec": {"containers": [{"name": "a", "image": "nginx"}]}}}"#);
    let cases: Vec<(Vec<u8>, String)> = vec![
        (b"".to_vec(), format!("{not_json}1:1: invalid JSON: expected a value, found the end of the input")),
        (b"null".to_vec(), no_request.to_owned()),
        (b"[]".to_vec(), no_request.to_owned()),
        (b"{}".to_vec(), no_request.to_owned()),
        (b"\"request\"".to_vec(), no_request.to_owned()),
        (
            br#"{"request": 5}"#.to_vec(),
            "pullpolicy cannot read the request: request: expected an object, found a number".to_owned(),
        ),
        (
            br#"{"request": {"uid": "1", "operation": "CREATE", "object": {"ki"#.to_vec(),
            format!("{not_json}1:63: invalid JSON: unterminated string"),
        ),
        (
            br#"{"request": {"uid": "1", "operation": "PATCH", "object": {}}}"#.to_vec(),
            "pullpolicy cannot read the request: request.operation: unknown operation `PATCH`; expected CREATE, UPDATE, DELETE or CONNECT".to_owned(),
        ),
        (
            br#"{"request": {"uid": "1", "operation": "CREATE", "object": []}}"#.to_vec(),
            "pullpolicy cannot read the request: request.object: expected an object, found an array".to_owned(),
        ),
        (
            "[".repeat(100_000).into_bytes(),
            format!("{not_json}1:129: collections nest deeper than 128 levels"),
        ),
        (
            "{\"a\":".repeat(100_000).into_bytes(),
            format!("{not_json}1:641: collections nest deeper than 128 levels"),
        ),
        (vec![0xff, 0xfe, 0x00, 0x01], format!("{not_json}1:1: the input is not UTF-8 text (binary file?)")),
        (invalid_utf8, format!("{not_json}1:74: the input is not UTF-8 text (binary file?)")),
    ];
    // One instance for all: a bad payload must not leave it broken.
    let host = Host::new();
    for (bytes, message) in &cases {
        let response = answer(&host, bytes);
        assert_eq!(
            response,
            json!({"accepted": false, "message": message, "code": 400})
        );
    }
    for seed in 1..=64 {
        let bytes = random_bytes(seed, (seed as usize * 37) % 2048);
        let response = answer(&host, &bytes);
        assert_eq!(response["accepted"], false, "{response}");
        assert_eq!(response["code"], 400, "{response}");
        let message = response["message"].as_str().unwrap();
        assert!(message.starts_with("pullpolicy"), "{message}");
        // validate_settings answers garbage too.
        let settings = settings_answer(&host, &bytes);
        assert_eq!(settings["valid"], false, "{settings}");
    }
    assert_eq!(
        answer(&host, &payload(&fixture("deployment.json"), json!({}))),
        deployment_prod()
    );
}

/// 5 MB objects (thousands of environment variables, or one huge annotation) are answered as
/// their small selves.
#[test]
fn a_five_megabyte_object_is_answered() {
    let host = Host::new();
    let request = huge_deployment(5_000_000);
    let bytes = payload(&request, json!({}));
    assert!(bytes.len() > 5_000_000, "{}", bytes.len());
    assert_eq!(answer(&host, &bytes), deployment_prod());

    let mut pod = fixture("pod.json");
    pod["object"]["metadata"]["annotations"] = json!({"notes": "n".repeat(5_000_000)});
    let mut response = answer(&host, &payload(&pod, json!({"mutate": "always"})));
    let mutated = take_mutated(&mut response).expect("a mutated object");
    assert_eq!(response, json!({"accepted": true}));
    assert_eq!(
        changed(&pod["object"], &mutated),
        [
            "/spec/containers/0/imagePullPolicy",
            "/spec/containers/1/imagePullPolicy"
        ]
    );
}

/// Policy-server instantiates the module afresh per request; a reused instance must give the
/// same answers (no state leaks between calls).
#[test]
fn fresh_and_reused_instances_answer_alike() {
    let reused = Host::new();
    let requests = [
        payload(&fixture("deployment.json"), json!({"profile": "strict"})),
        payload(&fixture("pod.json"), json!({"mutate": "always"})),
        b"garbage".to_vec(),
        payload(&fixture("cronjob.json"), json!({"failOn": "warning"})),
        payload(&fixture("deployment.json"), json!({"profile": "strict"})),
    ];
    for bytes in &requests {
        assert_eq!(answer(&reused, bytes), answer(&Host::new(), bytes));
    }
    let calls = reused.calls.lock().unwrap();
    assert!(calls.unexpected.is_empty(), "{:?}", calls.unexpected);
}

/// What the policy receives for an adversarial case: a case that reads as YAML goes in as the
/// objects it holds (one, or a `v1 List` of them), as `pullpolicy admission --request` and kubectl
/// would send it; a case that does not read goes in as the payload itself, bytes as they are.
fn adversarial_payload(case: &pullpolicy_adversarial::Case) -> Vec<u8> {
    use pullpolicy_core::yaml::{self, Limits};
    let bytes = case.bytes();
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let objects: Option<Vec<Value>> = yaml::documents(text, &Limits::DEFAULT)
        .map(|doc| doc.ok()?.to_json().ok())
        .collect();
    match objects {
        Some(mut objects) if objects.len() == 1 => payload(&objects.remove(0), json!({})),
        Some(objects) => payload(
            &json!({"apiVersion": "v1", "kind": "List", "items": objects}),
            json!({}),
        ),
        None => bytes,
    }
}

#[test]
fn the_adversarial_corpus_gets_core_s_answer_without_a_trap() {
    // One instance for the whole corpus: a case that broke it would break the next answers.
    let host = Host::new();
    for case in pullpolicy_adversarial::CASES {
        let bytes = adversarial_payload(case);
        let response = answer(&host, &bytes);
        assert!(
            response["accepted"].is_boolean(),
            "{}: {response}",
            case.name
        );
    }
    // And the instance still answers a plain request.
    let response = answer(&host, &payload(&fixture("pod.json"), json!({})));
    assert!(response["accepted"].is_boolean());
}
