//! Discovery of objects, pod specs and images (docs/semantics.md section 3) and the policy each gets.

use pullpolicy_core::cluster::Cluster;
use pullpolicy_core::manifest::{ContainerKind, FoundBy, ImageUse, Typing, objects, objects_at};
use pullpolicy_core::policy::{PolicySource, PullPolicy};
use pullpolicy_core::yaml::Limits;
use pullpolicy_core::{Report, analyze};

/// The first document of `text`, which must read.
fn first_document(text: &str) -> pullpolicy_core::yaml::Document<'_> {
    let first = pullpolicy_core::yaml::documents(text, &Limits::DEFAULT).next();
    first.expect("a document").expect("it reads")
}

fn report(text: &str) -> Report {
    analyze(text, &Limits::DEFAULT, &Cluster::default())
}

/// One line per image: where, what, and the effective policy with its reason.
fn summary(report: &Report) -> String {
    let mut out = String::new();
    for u in &report.images {
        let image = u.image.as_ref().map_or("-", |i| i.value.as_str());
        let at = u
            .image
            .as_ref()
            .map_or(u.container.span.start, |i| i.span.start);
        let shape = if u.found_by == FoundBy::Shape {
            " (by shape)"
        } else {
            ""
        };
        let policy = u
            .resolution
            .effective()
            .map_or("rejected", PullPolicy::as_str);
        out.push_str(&format!(
            "doc {} {}:{} {}{shape} {} {:?} {} {image} -> {policy}: {}\n",
            u.document,
            at.line,
            at.column,
            u.object.display(),
            u.container.kind.as_str(),
            u.container.name.as_deref().unwrap_or("-"),
            u.container.path,
            u.resolution,
        ));
    }
    for e in &report.errors {
        out.push_str(&format!("error {}\n", e));
    }
    out
}

#[test]
fn every_kind_of_semantics_md_section_3() {
    let report = report(include_str!("fixtures/kinds.yaml"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    insta::assert_snapshot!(summary(&report));
}

#[test]
fn seed_scenarios() {
    let mut out = String::new();
    for (name, text) in [
        (
            "01",
            include_str!("../../examples/01-local-image-latest.yaml"),
        ),
        (
            "02",
            include_str!("../../examples/02-misplaced-pull-policy.yaml"),
        ),
        (
            "03",
            include_str!("../../examples/03-policies-side-by-side.yaml"),
        ),
        ("04", include_str!("../../examples/04-pinned-digest.yaml")),
        (
            "05",
            include_str!("../../examples/05-private-registry-init-container.yaml"),
        ),
        ("06", include_str!("../../examples/06-invalid-value.yaml")),
        ("07", include_str!("../../examples/07-clean.yaml")),
    ] {
        out.push_str(&format!("# {name}\n{}", summary(&report(text))));
    }
    insta::assert_snapshot!(out);
}

fn single(text: &str) -> ImageUse {
    let mut r = report(text);
    assert_eq!(r.images.len(), 1, "{}", summary(&r));
    r.images.remove(0)
}

#[test]
fn seed_1_registry_demoapi_latest_is_pulled_from_docker_hub_always() {
    let u = single(include_str!("../../examples/01-local-image-latest.yaml"));
    assert_eq!(
        u.reference.as_ref().unwrap().pulled_as(),
        "docker.io/registry/demoapi:latest"
    );
    assert_eq!(u.resolution.effective(), Some(PullPolicy::Always));
    assert_eq!(u.container.path, "spec.template.spec.containers[0]");
    let image = u.image.unwrap();
    assert_eq!((image.span.start.line, image.span.start.column), (22, 18));
}

#[test]
fn seed_2_pod_level_pull_policy_is_ignored() {
    let u = single(include_str!("../../examples/02-misplaced-pull-policy.yaml"));
    assert_eq!(u.resolution.source(), PolicySource::Defaulted);
    assert_eq!(u.resolution.effective(), Some(PullPolicy::IfNotPresent));
    assert!(u.written_policy.is_none());
}

#[test]
fn seed_6_invalid_value_names_the_api_server_path() {
    let u = single(include_str!("../../examples/06-invalid-value.yaml"));
    assert_eq!(u.resolution.source(), PolicySource::Invalid);
    assert_eq!(
        u.policy_path(),
        "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy"
    );
    let written = u.written_policy.unwrap();
    assert_eq!(
        (
            written.value.as_str(),
            written.span.start.line,
            written.span.start.column
        ),
        ("always", 17, 32)
    );
}

#[test]
fn yaml_1_1_values_are_typed_like_kubectl() {
    let pod = |field: &str| {
        format!("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    {field}\n")
    };
    let u = single(&pod("image: nginx\n    imagePullPolicy: yes"));
    assert_eq!(u.resolution.source(), PolicySource::Invalid);
    assert_eq!(
        u.resolution.to_string(),
        "imagePullPolicy is a bool where a string is required; the API server cannot decode the object"
    );
    let u = single(&pod("image: nginx\n    imagePullPolicy: [Always]"));
    assert_eq!(
        u.resolution.to_string(),
        "imagePullPolicy is a sequence where a string is required; the API server cannot decode the object"
    );
    assert_eq!(u.written_policy.unwrap().value, "[Always]");
    let u = single(&pod("image: nginx\n    imagePullPolicy: ~"));
    assert_eq!(u.resolution.effective(), Some(PullPolicy::Always));
    let u = single(&pod("image: nginx\n    imagePullPolicy: \"\""));
    assert_eq!(u.resolution.source(), PolicySource::Defaulted);
    let u = single(&pod("image: 1234"));
    assert_eq!(
        (u.image.is_none(), u.image_wrong_type),
        (true, Some("number"))
    );
    let u = single(&pod("imagePullPolicy: Always"));
    assert!(u.image.is_none() && u.image_wrong_type.is_none());
    assert_eq!(u.resolution.effective(), Some(PullPolicy::Always));
}

#[test]
fn anchors_and_merge_keys_apply() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
  - &base {name: a, image: nginx, imagePullPolicy: Never}
  - <<: *base
    name: b
  - name: c
    <<: *base
    imagePullPolicy: Always
";
    let r = report(text);
    let policies: Vec<_> = r
        .images
        .iter()
        .map(|u| u.resolution.effective().unwrap())
        .collect();
    assert_eq!(
        policies,
        [PullPolicy::Never, PullPolicy::Never, PullPolicy::Always]
    );
    let names: Vec<_> = r
        .images
        .iter()
        .map(|u| u.container.name.clone().unwrap())
        .collect();
    // go-yaml v2 assigns keys in order, so a merge written after `name: c` overwrites it.
    assert_eq!(names, ["a", "b", "a"]);
}

#[test]
fn json_input_is_analysed() {
    let u = single(
        r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]}}}}"#,
    );
    assert_eq!(u.resolution.effective(), Some(PullPolicy::IfNotPresent));
    assert_eq!(u.image.unwrap().span.start.column, 131);
}

#[test]
fn broken_documents_do_not_hide_the_others() {
    let text = "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: a}]}\n---\nkind: [\n---\napiVersion: v1\nkind: Pod\nspec: {containers: [{image: b}]}\n";
    let r = report(text);
    assert_eq!(r.documents, 3);
    assert_eq!(
        r.images.iter().map(|u| u.document).collect::<Vec<_>>(),
        [1, 3]
    );
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].pos.line, 5);
}

#[test]
fn image_volumes_use_reference_and_pull_policy() {
    let r = report(include_str!("fixtures/kinds.yaml"));
    let volumes: Vec<_> = r
        .images
        .iter()
        .filter(|u| u.container.kind == ContainerKind::ImageVolume)
        .collect();
    assert_eq!(volumes.len(), 2);
    assert_eq!(volumes[0].policy_path(), "spec.volumes[0].image.pullPolicy");
    assert_eq!(volumes[0].resolution.effective(), Some(PullPolicy::Always));
    assert_eq!(volumes[1].resolution.effective(), Some(PullPolicy::Always));
    assert_eq!(volumes[1].container.path, "spec.volumes[1].image");
}

#[test]
fn ephemeral_containers_are_forbidden_in_pod_templates() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      ephemeralContainers: [{name: e, image: nginx}]\n";
    let u = single(text);
    assert_eq!(u.resolution.effective(), None);
    assert_eq!(
        u.resolution.to_string(),
        "ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template; the API server rejects the object"
    );
}

/// kubernetes `validation.go` `ValidatePodCreate`: `spec.ephemeralContainers: Forbidden: cannot be
/// set on create`. An admitted Pod may carry them (the `pods/ephemeralcontainers` subresource).
#[test]
fn ephemeral_containers_are_forbidden_in_a_pod_manifest_not_in_an_admitted_pod() {
    let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: nginx:1.27}]\n  ephemeralContainers: [{name: e, image: busybox:1.36}]\n";
    let doc = first_document(text);
    let cluster = Cluster::default();
    let written = objects(&doc, &cluster).remove(0).images;
    assert_eq!(written[1].resolution.effective(), None);
    assert!(
        written[1]
            .resolution
            .to_string()
            .starts_with("ephemeralContainers: Forbidden: cannot be set on create")
    );
    let admitted = objects_at(&doc, doc.root.unwrap(), Typing::Admitted(None), &cluster)
        .remove(0)
        .images;
    assert_eq!(
        admitted[1].resolution.effective(),
        Some(PullPolicy::IfNotPresent)
    );
}

#[test]
fn custom_resources_are_rejected_when_the_controller_creates_the_pod() {
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n  - name: t\n    container: {image: x, imagePullPolicy: always}\n";
    let u = single(text);
    assert_eq!(
        pullpolicy_core::view::reason(&u),
        r#"spec.templates[0].container.imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"; what the controller creates from it (Pods, or a Rollout's ReplicaSet) is rejected"#
    );
}

#[test]
fn pod_templates_found_by_shape_say_so() {
    let text = "apiVersion: example.com/v1\nkind: Widget\nspec: {template: {spec: {containers: [{image: x:1}]}}}\n";
    let u = single(text);
    assert_eq!(u.found_by, FoundBy::Shape);
    assert_eq!(
        pullpolicy_core::view::reason(&u),
        "pod template found by shape; defaulted when the controller creates the Pod: tag 1 is not latest, so IfNotPresent"
    );
}

#[test]
fn rejected_merges_drop_the_document() {
    let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: nginx\n    <<: 1\n";
    let r = report(text);
    assert!(r.images.is_empty());
    assert_eq!(
        r.errors[0].to_string(),
        "6:9: map merge requires map or sequence of maps as the value"
    );
}

#[test]
fn templates_of_objects_and_batch_and_ml_kinds() {
    let report = report(include_str!("fixtures/more_kinds.yaml"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.images.iter().all(|u| u.found_by == FoundBy::Kind));
    insta::assert_snapshot!(summary(&report));
}

#[test]
fn an_admitted_template_runs_nothing_its_objects_are_admitted_when_processed() {
    let text = "apiVersion: template.openshift.io/v1\nkind: Template\nobjects:\n  - apiVersion: v1\n    kind: Pod\n    spec:\n      containers: [{name: a, image: nginx}]\n";
    let doc = first_document(text);
    let root = doc.root.unwrap();
    assert!(objects_at(&doc, root, Typing::Admitted(None), &Cluster::default()).is_empty());
    let written = objects(&doc, &Cluster::default());
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].id.kind.as_deref(), Some("Pod"));
    assert_eq!(written[0].images.len(), 1);
}
