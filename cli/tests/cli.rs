//! The `pullpolicy` binary as users run it: output, exit codes, hostile inputs.

mod common;

use common::{json, pullpolicy, pullpolicy_with_env, root, stdout};
use serde_json::json;

#[test]
fn resolve_examples_as_text() {
    let o = pullpolicy(&["resolve", "examples"], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn resolve_examples_as_json() {
    let o = pullpolicy(
        &[
            "resolve",
            "--format",
            "json",
            "examples/01-local-image-latest.yaml",
            "examples/06-invalid-value.yaml",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    insta::assert_json_snapshot!(json(&o));
}

#[test]
fn explain_as_text_and_json() {
    let mut text = String::new();
    for image in [
        "registry/demoapi:latest",
        "localhost:5000",
        "nginx@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "Nginx:latest",
    ] {
        text.push_str(&stdout(&pullpolicy(&["explain", image], None)));
    }
    text.push_str(&stdout(&pullpolicy(
        &["explain", "nginx", "--pull-policy", "always"],
        None,
    )));
    insta::assert_snapshot!(text);
    let o = pullpolicy(
        &[
            "explain",
            "--format",
            "json",
            "nginx:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    insta::assert_json_snapshot!(json(&o));
}

/// The node view follows the cluster: `--kubernetes-version`, and the settings file's `kubelet`.
#[test]
fn explain_on_the_node_follows_the_version_and_the_kubelet_settings() {
    let credentials = |o: &std::process::Output| {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v = json(o);
        let step = v["onNode"]
            .as_array()
            .expect("onNode")
            .iter()
            .find(|s| s["event"] == "cached-by-another-pod")
            .cloned()
            .expect("the credentials event");
        (v["kubernetesVersion"].clone(), step["outcome"].clone())
    };
    let image = "ghcr.io/acme/app:1.0";
    let args = ["explain", "--format", "json", image];
    assert_eq!(
        credentials(&pullpolicy(&args, None)),
        (json!("1.35"), json!("backs off"))
    );
    let v134 = pullpolicy(
        &[&args[..], &["--kubernetes-version", "1.34"]].concat(),
        None,
    );
    assert_eq!(credentials(&v134), (json!("1.34"), json!("runs")));
    let dir = common::TempDir::new("kubelet");
    let config = dir.write(
        "cluster.yaml",
        "kubernetesVersion: \"1.34\"\nkubelet:\n  ensureSecretPulledImages: true\n",
    );
    let config = config.to_str().unwrap();
    let gate_on = pullpolicy(&[&args[..], &["--config", config]].concat(), None);
    assert_eq!(credentials(&gate_on), (json!("1.34"), json!("backs off")));
    // The flag beats the file, and a gate the release does not have is refused.
    let refused = pullpolicy(
        &[
            &args[..],
            &["--config", config, "--kubernetes-version", "1.32"],
        ]
        .concat(),
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        common::stderr(&refused).contains(
            "kubelet.ensureSecretPulledImages: the KubeletEnsureSecretPulledImages feature gate exists from Kubernetes 1.33 (kubernetesVersion is 1.32)"
        ),
        "{}",
        common::stderr(&refused)
    );
    let bad = pullpolicy(&["explain", image, "--kubernetes-version", "1.x"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(common::stderr(&bad).contains("is not a Kubernetes version"));
    // An invalid policy never reaches a node: no node view.
    let invalid = pullpolicy(
        &[
            "explain",
            "--format",
            "json",
            image,
            "--pull-policy",
            "always",
        ],
        None,
    );
    assert_eq!(json(&invalid)["onNode"], json!([]));
    assert_eq!(json(&invalid)["backoff"], json!(null));
}

#[test]
fn explain_exit_codes() {
    assert_eq!(
        pullpolicy(&["explain", "nginx"], None).status.code(),
        Some(0)
    );
    let invalid = pullpolicy(&["explain", "--format", "json", "nginx:"], None);
    assert_eq!(invalid.status.code(), Some(1));
    assert_eq!(json(&invalid)["error"]["kind"], "invalid-format");
    assert_eq!(json(&invalid)["defaultPullPolicy"], "IfNotPresent");
    assert_eq!(pullpolicy(&["explain"], None).status.code(), Some(2));
    assert_eq!(
        pullpolicy(&["explain", "a", "--format", "xml"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn resolve_reads_standard_input() {
    let o = pullpolicy(
        &["resolve", "--format", "json", "-"],
        Some(b"kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - image: nginx\n"),
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["images"][0]["file"], "<stdin>");
    assert_eq!(v["images"][0]["pullPolicy"]["effective"], "Always");
    assert_eq!(v["images"][0]["image"]["line"], 5);
}

/// Hostile input gets a clear error with a position and exit code 2, never a panic.
fn rejects(input: &[u8], expected_message: &str, line: u64) {
    let o = pullpolicy(&["resolve", "--format", "json", "-"], Some(input));
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json(&o);
    let error = &v["errors"][0];
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains(expected_message),
        "{error}"
    );
    assert_eq!(error["line"], line, "{error}");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn malformed_yaml() {
    rejects(b"kind: Pod\nspec: [\n", "invalid YAML", 2);
}

#[test]
fn binary_garbage() {
    rejects(b"kind: Pod\n\x00\xff\xfe\x89PNG\r\n", "not UTF-8", 2);
}

#[test]
fn alias_bomb() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    rejects(bomb.as_bytes(), "alias bomb", 5);
}

#[test]
fn ten_thousand_deep_nesting() {
    rejects("[".repeat(10_000).as_bytes(), "deeper than 128", 1);
    let mut block = String::new();
    for depth in 0..10_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    rejects(block.as_bytes(), "deeper than 128", 129);
}

#[test]
fn missing_file_is_reported_and_the_rest_still_resolved() {
    let o = pullpolicy(
        &[
            "resolve",
            "--format",
            "json",
            "no-such-file.yaml",
            "examples/07-clean.yaml",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["images"].as_array().unwrap().len(), 1);
    assert_eq!(v["errors"][0]["file"], "no-such-file.yaml");
    assert!(v["errors"][0]["line"].is_null());
}

#[test]
fn fifty_megabyte_stream_is_answered_in_full() {
    let doc = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/team/web:1.2.3\n          env: [{name: A, value: \"0123456789012345678901234567890123456789\"}]\n";
    let copies = 50 * 1024 * 1024 / doc.len() + 1;
    let path = std::env::temp_dir().join(format!("pullpolicy-50mb-{}.yaml", std::process::id()));
    std::fs::write(&path, doc.repeat(copies)).expect("write");
    let o = pullpolicy(
        &["resolve", "--format", "json", path.to_str().unwrap()],
        None,
    );
    std::fs::remove_file(&path).ok();
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["images"].as_array().unwrap().len(), copies);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn oversized_input_is_refused_with_its_size() {
    let path = std::env::temp_dir().join(format!("pullpolicy-huge-{}.yaml", std::process::id()));
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(65 * 1024 * 1024).expect("sparse file");
    let o = pullpolicy(
        &["resolve", "--format", "json", path.to_str().unwrap()],
        None,
    );
    std::fs::remove_file(&path).ok();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        json(&o)["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("more than the limit")
    );
}

#[test]
fn directories_are_walked_for_manifests_in_order() {
    let o = pullpolicy(&["resolve", "--format", "json", "examples"], None);
    let v = json(&o);
    let files: Vec<_> = v["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(files.len(), 10);
}

#[test]
fn symlink_loops_are_not_followed() {
    let dir = std::env::temp_dir().join(format!("pullpolicy-loop-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("d")).expect("dir");
    std::fs::copy(
        root().join("examples/07-clean.yaml"),
        dir.join("d/clean.yaml"),
    )
    .expect("copy");
    for link in ["a", "b"] {
        std::os::unix::fs::symlink(".", dir.join("d").join(link)).expect("symlink");
    }
    let o = pullpolicy(
        &["resolve", "--format", "json", dir.to_str().unwrap()],
        None,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["images"].as_array().unwrap().len(), 1);
}

#[test]
fn text_output_cannot_drive_the_terminal() {
    let manifest = b"apiVersion: v1\nkind: Pod\nmetadata: {name: \"x\\e]0;pwned\\a\\e[2J\\r\\nFAKE ROW\"}\nspec: {containers: [{image: nginx}]}\n";
    let o = pullpolicy_with_env(&["resolve", "-"], Some(manifest), ("CLICOLOR_FORCE", "1"));
    let text = String::from_utf8(o.stdout).expect("utf-8");
    assert!(
        text.contains(r"Pod/x\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nFAKE ROW"),
        "{text}"
    );
    assert!(!text.contains("\u{7}") && !text.contains("\r"), "{text:?}");
    // Our own colours still get through.
    assert!(text.contains("\u{1b}[33mAlways"), "{text:?}");
}

#[test]
fn oversized_standard_input_is_refused_without_guessing_its_size() {
    let big = vec![b'#'; 64 * 1024 * 1024 + 10];
    let o = pullpolicy(&["resolve", "--format", "json", "-"], Some(&big));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        json(&o)["errors"][0]["message"],
        "standard input is larger than the limit of 67108864 bytes"
    );
}
