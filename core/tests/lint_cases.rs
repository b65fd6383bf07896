//! The corners of each rule: where a field is misplaced, who defaults, which registry is
//! private, what is exempt. Each case's findings (position, severity, message, fixes) are a
//! snapshot.

use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{Linter, fix};
use pullpolicy_core::settings::Settings;

mod common;

fn settings(json: &str) -> Settings {
    Settings::from_deserializer(&mut serde_json::Deserializer::from_str(json))
        .expect("valid settings")
}

/// Lints the documents of `inputs` as one set and describes every finding.
fn findings(json: &str, inputs: &[&str]) -> String {
    let settings = settings(json);
    let mut linter = Linter::new(&settings);
    for input in inputs {
        linter.add(input);
    }
    let mut out = String::new();
    for (i, file) in linter.finish().iter().enumerate() {
        assert!(file.report.errors.is_empty(), "{:?}", file.report.errors);
        for f in &file.findings {
            out.push_str(&format!("[file {i}] {}", common::describe(f)));
        }
    }
    out
}

macro_rules! case {
    ($name:ident, $settings:expr, $($input:expr),+) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(findings($settings, &[$($input),+]));
        }
    };
}

case!(
    misplaced_policy_on_template_and_in_env,
    "{}",
    "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    imagePullPolicy: fine-here
spec:
  imagePullPolicy: Always
  template:
    imagePullPolicy: Always
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: MODE
              value: x
              imagePullPolicy: Never
        - name: sidecar
          image: busybox:1.36
          imagePullPolicy: IfNotPresent
"
);

case!(
    image_volume_spells_it_pull_policy,
    r#"{"kubernetesVersion": "1.33", "featureGates": {"ImageVolume": true}}"#,
    "\
apiVersion: v1
kind: Pod
metadata:
  name: ml
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.0
      imagePullPolicy: IfNotPresent
  volumes:
    - name: model
      image:
        reference: ghcr.io/acme/model:v2
        imagePullPolicy: Always
    - name: weights
      image:
        reference: ghcr.io/acme/weights:latest
"
);

case!(
    pull_secrets_as_strings_and_at_the_wrong_level,
    "{}",
    "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    imagePullSecrets:
      - name: regcred
    spec:
      imagePullSecrets: [regcred, {name: other}]
      containers:
        - name: web
          image: registry.acme.com/web:1.0
          imagePullPolicy: IfNotPresent
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  imagePullSecrets:
    - regcred
  containers:
    - name: web
      image: registry.acme.com/web:1.0
      imagePullPolicy: IfNotPresent
"
);

case!(
    custom_resources_and_controllers,
    "{}",
    "\
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: r
spec:
  imagePullPolicy: Always
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  imagePullPolicy: Always
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app:1.0
          imagePullPolicy: IfNotPresent
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wf-
spec:
  imagePullSecrets:
    - name: regcred
  templates:
    - name: main
      container:
        image: registry.acme.com/job:1.0
        imagePullPolicy: IfNotPresent
"
);

case!(
    wrong_types_whitespace_and_missing_images,
    "{}",
    "\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: \" nginx:1.27\"
      imagePullPolicy: IfNotPresent
    - name: b
      image: 42
      imagePullPolicy: yes
    - name: c
      imagePullPolicy: Never
    - name: d
      image: Nginx:1.27
      imagePullPolicy: IfNotPresnt
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      imagePullPolicy: IfNotPresent
"
);

case!(
    pull_secrets_across_files_and_namespaces,
    r#"{"privateRegistries": ["registry.acme.com"]}"#,
    "\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
  namespace: ci
imagePullSecrets:
  - name: regcred
---
apiVersion: v1
kind: Secret
metadata:
  name: opaque
  namespace: ci
",
    "\
apiVersion: v1
kind: Pod
metadata:
  name: has-sa
  namespace: ci
spec:
  serviceAccountName: builder
  containers:
    - name: a
      image: registry.acme.com/a:1.0
      imagePullPolicy: IfNotPresent
---
apiVersion: v1
kind: Pod
metadata:
  name: other-namespace
  namespace: prod
spec:
  serviceAccountName: builder
  containers:
    - name: a
      image: registry.acme.com/a:1.0
      imagePullPolicy: IfNotPresent
---
apiVersion: v1
kind: Pod
metadata:
  name: wrong-secret
  namespace: ci
spec:
  imagePullSecrets:
    - name: opaque
  containers:
    - name: a
      image: registry.acme.com/a:1.0
      imagePullPolicy: IfNotPresent
    - name: public
      image: quay.io/prometheus/prometheus:v2.53.0
      imagePullPolicy: IfNotPresent
    - name: dev
      image: localhost:5000/app:1.0
      imagePullPolicy: IfNotPresent
"
);

// Suppressions on a pod template (and a CronJob's job template) cover what the template holds,
// with the reason written next to them; the object's own cover everything; unknown ids are said.
case!(
    suppressions_on_templates,
    r#"{"profile": "strict"}"#,
    "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    pullpolicy/ignore: digest-not-pinned
    pullpolicy/ignore-reason: digests are pinned at release
spec:
  imagePullPolicy: Always
  template:
    metadata:
      annotations:
        pullpolicy/ignore: latest-tag, implicit-always-pull, latest-tags
        pullpolicy/ignore-reason: built on the node by kind
    spec:
      containers:
        - name: web
          image: web
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: '@daily'
  jobTemplate:
    metadata:
      annotations:
        pullpolicy/ignore: floating-tag
    spec:
      template:
        metadata:
          annotations:
            pullpolicy/ignore: ifnotpresent-mutable-tag
        spec:
          containers:
            - name: report
              image: ghcr.io/acme/report:nightly
              imagePullPolicy: IfNotPresent
"
);

case!(
    registries_exemptions_and_policies,
    r#"{"profile": "strict", "allowedRegistries": ["docker.io/library", "*.azurecr.io"], "digestExemptions": ["acme.azurecr.io/base"], "allowedPullPolicies": ["Always", "Never"]}"#,
    "\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: a
      annotations:
        pullpolicy/ignore: all
    spec:
      containers:
        - name: a
          image: docker.io/library-evil/nginx:1.27
  - apiVersion: v1
    kind: Pod
    metadata:
      name: b
    spec:
      containers:
        - name: b
          image: acme.azurecr.io/base/app:1.0
          imagePullPolicy: Always
        - name: c
          image: nginx:1.27@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
          imagePullPolicy: Never
"
);

#[test]
fn misplaced_policy_fix_moves_it_into_every_container_without_one() {
    let text = "apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: web\r\nspec:\r\n  template:\r\n    spec:\r\n      imagePullPolicy: always # meant for all\r\n      containers:\r\n      - name: a\r\n        image: nginx:1.27\r\n      - name: b\r\n        image: busybox:1.36\r\n        imagePullPolicy: IfNotPresent\r\n";
    let fixed = fix(text, &Settings::default(), Applicability::Unsafe).unwrap();
    assert_eq!(
        fixed.text,
        "apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: web\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: a\r\n        image: nginx:1.27\r\n        imagePullPolicy: Always\r\n      - name: b\r\n        image: busybox:1.36\r\n        imagePullPolicy: IfNotPresent\r\n"
    );
}

// kubernetes `pkg/api/pod/util.go` `dropDisabledFields`: with the ImageVolume gate off (1.33 and
// 1.34 by default) the API server drops image volumes and the mounts naming them, before
// validation, so nothing else is said about them: not the bad policy, not the latest tag.
case!(
    image_volumes_are_dropped_while_the_gate_is_off,
    r#"{"kubernetesVersion": "1.34"}"#,
    "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: warm
          image: busybox:1.36
          imagePullPolicy: IfNotPresent
          volumeMounts: [{name: models, mountPath: /m}]
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          volumeMounts:
            - name: models
              mountPath: /models
      volumes:
        - name: models
          image:
            reference: ghcr.io/acme/models:latest
            pullPolicy: always
        - name: scratch
          emptyDir: {}
"
);

// kubernetes `validation.go`: `validateImageVolumeSource` requires `reference` only when
// `opts.ResourceIsPod` (a Deployment is admitted; its ReplicaSet's Pods are refused), and has no
// whitespace check (`validateContainerOnlyForPod` covers containers only): the kubelet's
// `getImageVolumes` fails the Pod's sync, so the error is an event and the containers stay
// ContainerCreating. `pkg/api/pod/warnings.go`: `duplicate name` and `invalid empty name ""`
// warnings for `imagePullSecrets`, in templates too.
case!(
    image_volume_validation_and_pull_secret_warnings,
    "{}",
    "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      imagePullSecrets: [{name: regcred}, {name: regcred}, {name: \"\"}]
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
      volumes:
        - name: models
          image: {pullPolicy: IfNotPresent}
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx:1.27
      imagePullPolicy: IfNotPresent
  volumes:
    - name: models
      image:
        reference: \"ghcr.io/acme/models:v3 \"
        pullPolicy: IfNotPresent
"
);

#[test]
fn old_kubernetes_counts_the_registry_in_the_name_length() {
    let image = format!("registry.example.com/{}", "a".repeat(250));
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: {image}:1.0\n      imagePullPolicy: IfNotPresent\n"
    );
    let rule = |version: &str| {
        findings(
            &format!(r#"{{"kubernetesVersion": "{version}"}}"#),
            &[&text],
        )
        .contains("invalid-image-reference")
    };
    // Kubernetes 1.31 vendors distribution/reference v0.5.0, 1.32 v0.6.0 (CHANGELOG-1.32.md,
    // Dependencies: `github.com/distribution/reference: [v0.5.0 → v0.6.0]`).
    assert!(rule("1.31"));
    assert!(!rule("1.32"));
}

case!(
    merged_keys_belong_to_the_mapping_they_merge_into,
    "{}",
    "\
apiVersion: v1
kind: Pod
metadata:
  name: w
spec:
  <<:
    imagePullSecrets:
      - name: regcred
  containers:
  - name: c
    <<:
      image: ghcr.io/acme/app:1.0
      imagePullPolicy: Always
  - &base
    name: a
    image: nginx:1.27
    imagePullPolicy: IfNotPresent
  - <<: *base
    name: b
  - name: f
    imagePullPolicy: Never
    <<: {imagePullPolicy: always}
    image: ghcr.io/x/y:1
"
);

case!(
    knative_pins_tags_so_ifnotpresent_does_not_drift,
    "{}",
    "\
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          imagePullPolicy: IfNotPresent
"
);

case!(
    pull_secret_entries_of_every_type,
    "{}",
    "\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers: [{name: a, image: \"nginx:1\", imagePullPolicy: Always}]
  imagePullSecrets: [~, 1, {name: 2}, [a], yes, regcred]
"
);

case!(
    image_volume_policy_on_the_volume_entry,
    "{}",
    "\
apiVersion: v1
kind: Pod
metadata:
  name: w
spec:
  containers:
  - name: a
    image: nginx:1.2
    imagePullPolicy: IfNotPresent
  volumes:
  - name: models
    imagePullPolicy: Never
    image:
      reference: models:v1
"
);

/// Fixing with every fix allowed: the text stays valid (no duplicate key), settles, and does
/// what `expect` says.
fn fixes_to(settings_json: &str, text: &str, expect: &str) {
    let settings = settings(settings_json);
    let fixed = fix(text, &settings, Applicability::Unsafe).unwrap();
    assert_eq!(fixed.text, expect, "applied {:?}", fixed.applied);
    let again = fix(&fixed.text, &settings, Applicability::Unsafe).unwrap();
    assert_eq!(again.text, fixed.text, "not settled: {:?}", again.applied);
    let linted = pullpolicy_core::lint::lint(&fixed.text, &settings);
    assert!(linted.report.errors.is_empty());
    assert!(
        !linted
            .findings
            .iter()
            .any(|f| f.rule.as_str() == "duplicate-key")
    );
}

#[test]
fn a_misplaced_volume_policy_is_not_written_twice() {
    fixes_to(
        "{}",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  volumes:\n  - name: m\n    image:\n      reference: models:v1\n      imagePullPolicy: Never\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  volumes:\n  - name: m\n    image:\n      reference: models:v1\n      pullPolicy: Never\n",
    );
}

#[test]
fn fixes_never_suggest_a_policy_the_settings_forbid() {
    let pinned = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  containers:\n  - name: a\n    image: ghcr.io/acme/app@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31\n    imagePullPolicy: Always\n";
    fixes_to(r#"{"allowedPullPolicies": ["Always"]}"#, pinned, pinned);
    // The error rule's fix wins over writing the forbidden default down.
    let tagged = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  containers:\n  - name: a\n    image: nginx:1.2\n";
    let safe = fix(
        tagged,
        &settings(r#"{"allowedPullPolicies": ["Always"]}"#),
        Applicability::Safe,
    )
    .unwrap();
    assert_eq!(safe.text, tagged, "{:?}", safe.applied);
    fixes_to(
        r#"{"allowedPullPolicies": ["Always"]}"#,
        tagged,
        &tagged.replace("nginx:1.2\n", "nginx:1.2\n    imagePullPolicy: Always\n"),
    );
}

#[test]
fn edits_inside_anchored_nodes_are_refused() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  containers:\n  - &app\n    name: a\n    image: ghcr.io/acme/app@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31\n    imagePullPolicy: Always\n  - <<: *app\n    name: b\n    image: ghcr.io/acme/app:main\n";
    let settings = settings(r#"{"profile": "strict"}"#);
    let linted = pullpolicy_core::lint::lint(text, &settings);
    let pinned = linted
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "always-needs-registry");
    assert!(pinned.is_some_and(|f| f.fixes.is_empty()));
    assert!(
        fix(text, &settings, Applicability::Unsafe)
            .unwrap()
            .text
            .starts_with(&text[..text.find("  - <<").unwrap()])
    );
}

#[test]
fn whitespace_trim_alone_restores_the_default() {
    // Writing down the default of the broken image would keep IfNotPresent after the repair.
    fixes_to(
        "{}",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: \"registry/demoapi:latest \"\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: \"registry/demoapi:latest\"\n        imagePullPolicy: Always\n",
    );
}

#[test]
fn moving_a_list_stops_at_a_block_scalar_and_keeps_the_next_comment() {
    fixes_to(
        "{}",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: a\n    image: registry.acme.com/a:1.0\n    imagePullPolicy: IfNotPresent\n    imagePullSecrets:\n    - name: >-\n        regcred\n    # ports of the container\n    ports:\n    - containerPort: 80\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  imagePullSecrets:\n  - name: >-\n      regcred\n  containers:\n  - name: a\n    image: registry.acme.com/a:1.0\n    imagePullPolicy: IfNotPresent\n    # ports of the container\n    ports:\n    - containerPort: 80\n",
    );
}

case!(
    placeholders_get_one_info_finding_and_nothing_judges_their_image,
    r#"{"allowedPullPolicies": ["IfNotPresent"]}"#,
    r#"apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  templates:
    - name: build
      container:
        image: "{{inputs.parameters.image}}"
    - name: tagged
      script:
        image: "docker/whalesay:{{workflow.parameters.tag}}"
        imagePullPolicy: Always
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: vars}
spec:
  template:
    spec:
      containers:
        - {name: env, image: "quay.io/${ORG}/app"}
        - {name: shell, image: "$IMAGE_URL"}
        - {name: helm, image: "{{ .Values.image }}"}
        - {name: ko, image: "ko://knative.dev/serving/cmd/queue"}
        - {name: doc, image: "us-docker.pkg.dev/PROJECT_ID/repo/app:v1"}
        - {name: hand, image: "docker.io/{username}/hello"}
        - {name: real, image: "Nginx:1.27"}
        - {name: policy, image: "${IMAGE}", imagePullPolicy: always}
---
apiVersion: template.openshift.io/v1
kind: Template
metadata: {name: app}
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: by-index
      annotations:
        image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"app:latest"},"fieldPath":"spec.template.spec.containers[0].image"}]'
    spec:
      template:
        spec:
          containers:
            - {name: app, image: " "}
            - {name: sidecar, image: " "}
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: by-name
      annotations:
        image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"app:latest"},"fieldPath":"spec.template.spec.containers[?(@.name==\"app\")].image"}]'
    spec:
      template:
        spec:
          containers:
            - {name: app, image: "app:latest"}
  - apiVersion: apps.openshift.io/v1
    kind: DeploymentConfig
    metadata: {name: dc}
    spec:
      triggers:
        - type: ImageChange
          imageChangeParams:
            automatic: true
            containerNames: [app, init]
            from: {kind: ImageStreamTag, name: "${NAME}:latest"}
      template:
        spec:
          initContainers:
            - {name: init, image: ""}
          containers:
            - {name: app, image: "${NAME}:${TAG}"}
            - {name: db}
"#
);

case!(
    argo_template_defaults_and_operator_templates_supply_images,
    "{}",
    r#"apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: defaults}
spec:
  templateDefaults:
    container: {image: "argoproj/argosay:v1", imagePullPolicy: Always}
    script: {image: "python:3.12"}
  templates:
    - name: container
      container: {args: [pwd]}
    - name: script
      script: {source: pwd}
    - name: own
      container: {image: "alpine:latest"}
---
apiVersion: postgresql.cnpg.io/v1
kind: Pooler
metadata: {name: pooler}
spec:
  template:
    spec:
      containers:
        - name: pgbouncer
          resources: {limits: {memory: 1Gi}}
"#
);

case!(
    a_policy_filled_in_later_is_no_invalid_value,
    "{}",
    r#"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - {name: env, image: "nginx:1.27", imagePullPolicy: "${IMAGE_PULL_POLICY:-Always}"}
    - {name: helm, image: "nginx:1.27", imagePullPolicy: "{{ .Values.pullPolicy }}"}
    - {name: doc, image: "nginx:1.27", imagePullPolicy: "<pull policy>"}
    - {name: typo, image: "nginx:1.27", imagePullPolicy: IF_NOT_PRESENT}
"#
);

/// A template that takes its image from Argo's `templateDefaults` gets its policy written in its
/// own `container`, before its first entry when no one-line entry is there to follow; the
/// shared default is never edited, not even to repair its image.
#[test]
fn a_defaulted_template_gets_its_own_policy_and_the_default_is_left_alone() {
    let workflow = |default: &str, a: &str| {
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {{name: wf}}\nspec:\n  templateDefaults:\n    container:\n      image: {default}\n  templates:\n    - name: a\n      container:\n{a}        command:\n          - echo\n"
        )
    };
    fixes_to(
        "{}",
        &workflow("alpine", ""),
        &workflow("alpine", "        imagePullPolicy: Always\n"),
    );
    // An invalid image gets no policy advice, and its repair would change every template.
    let broken = workflow("\"Alpine:3.20\"", "");
    assert_eq!(
        fix(&broken, &settings("{}"), Applicability::Unsafe)
            .unwrap()
            .text,
        broken
    );
}

/// The text every face counts alike (the CLI's JSON summary: cli/tests/lint.rs; the
/// playground's tab labels: site/tests/playground.rs).
const COUNTED: &str = include_str!("fixtures/counts.yaml");

#[test]
fn a_text_adds_up_to_the_counts_every_face_shows() {
    use pullpolicy_core::counts::{Counts, Fixable};
    use pullpolicy_core::severity::Severity;

    let linted = pullpolicy_core::lint::lint(COUNTED, &Settings::default());
    let counts = Counts::of(&linted);
    assert_eq!(
        counts,
        Counts {
            error: 1,
            warning: 3,
            info: 1,
            suppressed: 1,
            syntax: 0,
        }
    );
    assert_eq!(counts.findings(), 5);
    assert_eq!(
        Fixable::of(&linted),
        Fixable {
            safe: 4,
            only_unsafe: 0
        }
    );
    assert!(counts.fails(Severity::Error));
    // Each threshold is reached by its own severity or a higher one, never by a suppressed one.
    let only = |warning, info, suppressed| Counts {
        warning,
        info,
        suppressed,
        ..Counts::default()
    };
    assert!(only(1, 0, 0).fails(Severity::Warning));
    assert!(!only(1, 0, 0).fails(Severity::Error));
    assert!(only(0, 1, 0).fails(Severity::Info));
    assert!(!only(0, 1, 0).fails(Severity::Warning));
    assert!(!only(0, 0, 3).fails(Severity::Info));

    // With a syntax error, `fix` refuses the text, so nothing in it is fixable.
    let broken = format!("{COUNTED}---\nkey: [\n");
    let linted = pullpolicy_core::lint::lint(&broken, &Settings::default());
    assert_eq!(
        Counts::of(&linted),
        Counts {
            syntax: 1,
            ..counts
        }
    );
    assert_eq!(Fixable::of(&linted), Fixable::default());
    let refused = fix(&broken, &Settings::default(), Applicability::Unsafe).unwrap_err();
    assert_eq!(refused.pos.line, 33, "the line of the unclosed bracket");
}
