//! Finds every object, every pod spec in it (docs/semantics.md section 3) and every image a pod spec
//! uses: containers, init containers, ephemeral containers and image volumes.

use std::rc::Rc;

use crate::cluster::Cluster;
use crate::file_use::{FileUse, Role};
use crate::placeholder::{
    Context, Filler, Target, Triggered, filler, policy_filler, triggered_containers,
};
use crate::policy::{DefaultReason, Defaulter, Resolution, WrittenPolicy};
use crate::reference::{Reference, ReferenceError};
use crate::yaml::{Document, NodeId, NodeKind, Span};

/// Which object an image belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectId {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl ObjectId {
    /// `Kind/namespace/name`, with what is missing left out.
    pub fn display(&self) -> String {
        let mut out = self.kind.clone().unwrap_or_else(|| "object".to_owned());
        for part in [&self.namespace, &self.name].into_iter().flatten() {
            out.push('/');
            out.push_str(part);
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    Container,
    InitContainer,
    EphemeralContainer,
    ImageVolume,
}

impl ContainerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Container => "container",
            Self::InitContainer => "initContainer",
            Self::EphemeralContainer => "ephemeralContainer",
            Self::ImageVolume => "imageVolume",
        }
    }

    /// The field that holds the pull policy: image volumes spell it differently.
    pub fn policy_field(self) -> &'static str {
        match self {
            Self::ImageVolume => "pullPolicy",
            _ => "imagePullPolicy",
        }
    }

    /// The field that holds the image: `reference` for image volumes.
    pub fn image_field(self) -> &'static str {
        match self {
            Self::ImageVolume => "reference",
            _ => "image",
        }
    }
}

/// How the pod spec was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// A kind whose pod spec location is known.
    Kind,
    /// A custom resource of unknown kind with a `spec.template.spec.containers` list.
    Shape,
}

/// A value as written, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRef {
    pub kind: ContainerKind,
    pub name: Option<String>,
    /// Index in its list.
    pub index: usize,
    /// Field path within the object, as the API server prints it: `spec.template.spec.containers[0]`.
    pub path: String,
    pub span: Span,
}

/// One image a pod spec uses, with the pull policy it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    /// 1-based index of the document in its stream.
    pub document: usize,
    /// Shared by every image use of the object.
    pub object: Rc<ObjectId>,
    /// Path of the pod spec within the object, e.g. `spec.template.spec`.
    pub pod_spec_path: String,
    pub found_by: FoundBy,
    pub container: ContainerRef,
    /// The image when it is a string; `None` when absent, null or of another type.
    pub image: Option<Written<String>>,
    /// The JSON type of an image that is not a string (`number`, `bool`, `mapping`...).
    pub image_wrong_type: Option<&'static str>,
    /// What fills the image in, when it is a placeholder (`{{…}}`, `${…}`, `ko://`, an image
    /// trigger's target): rules that judge the image leave it alone.
    pub placeholder: Option<Filler>,
    /// What fills the policy in, when it is a template expression or a variable
    /// (`${IMAGE_PULL_POLICY:-Always}`): no value the API server takes until then.
    pub policy_placeholder: Option<Filler>,
    /// The image kustomize writes in its place (an `images:` entry of the file's
    /// kustomization): `reference` and `resolution` are of that image.
    pub kustomized: Option<String>,
    /// A kustomize patch's container that writes no image: it keeps its base's, which this
    /// file does not show (`reference` is of the empty text).
    pub from_base: bool,
    pub reference: Result<Reference, ReferenceError>,
    /// The policy field as written (a scalar's value, else its source text), if present and
    /// not null.
    pub written_policy: Option<Written<String>>,
    pub resolution: Resolution,
}

impl ImageUse {
    /// Field path of the image field, e.g. `spec.containers[0].image`.
    pub fn image_path(&self) -> String {
        format!(
            "{}.{}",
            self.container.path,
            self.container.kind.image_field()
        )
    }

    /// Field path of the policy field, e.g. `spec.containers[0].imagePullPolicy`.
    pub fn policy_path(&self) -> String {
        format!(
            "{}.{}",
            self.container.path,
            self.container.kind.policy_field()
        )
    }
}

/// Where a kind keeps its pod specs.
enum Layout {
    /// Pod specs at these paths. A `[]` step is every item of a sequence, a `*` step every value
    /// of a mapping (a training job's replica specs are keyed by role).
    PodSpecs(&'static [&'static [&'static str]], Defaulter),
    ArgoTemplates(&'static [&'static str]),
    /// Objects of their own under this key, as a `List`'s items are: an OpenShift `Template`'s
    /// `objects`, which `oc process` creates once its parameters are substituted.
    Objects(&'static str),
}

const TEMPLATE_SPEC: &[&str] = &["spec", "template", "spec"];
const JOB_TEMPLATE_SPEC: &[&str] = &["spec", "jobTemplate", "spec", "template", "spec"];

/// Where a pod spec with a `containers` list may be, tried in this order: a custom resource's
/// (the first), then those of a CronJob, a Pod and a PodTemplate.
const UNTYPED_SHAPES: &[&[&str]] = &[
    TEMPLATE_SPEC,
    JOB_TEMPLATE_SPEC,
    &["spec"],
    &["template", "spec"],
];

/// Ray's head and worker groups, under a `RayCluster`'s `spec` or a `RayJob`'s and a
/// `RayService`'s cluster spec, then any further pod-spec paths.
macro_rules! ray_groups {
    ($($at:literal),* $(; $($more:expr),*)?) => {
        &[
            &[$($at,)* "headGroupSpec", "template", "spec"],
            &[$($at,)* "workerGroupSpecs", "[]", "template", "spec"],
            $($($more,)*)?
        ]
    };
}

/// A JobSet's pod specs (its replicated Jobs'), below `at`: a JobSet's own `spec`, or the JobSet
/// template of a Kubeflow Trainer runtime.
macro_rules! replicated_jobs {
    ($($at:literal),*) => {
        &[&[$($at,)* "replicatedJobs", "[]", "template", "spec", "template", "spec"]]
    };
}

/// The Kubeflow training operator's jobs: a pod template per role (`Master`, `Worker`...).
macro_rules! replica_specs {
    ($field:literal) => {
        Layout::PodSpecs(
            &[&["spec", $field, "*", "template", "spec"]],
            Defaulter::Controller,
        )
    };
}

/// Where pod specs live, by API group (`""` for the core group) and kind: docs/semantics.md
/// section 3, and the batch and ML kinds whose controllers create Jobs or Pods from pod
/// templates (each path from the kind's API reference; the README's "More kinds" lists them).
fn layout(group: &str, kind: &str) -> Option<Layout> {
    use Defaulter::*;
    use Layout::*;
    Some(match (group, kind) {
        ("", "Pod") => PodSpecs(&[&["spec"]], ApiServer),
        ("", "PodTemplate") => PodSpecs(&[&["template", "spec"]], ApiServer),
        ("", "ReplicationController") => PodSpecs(&[TEMPLATE_SPEC], ApiServer),
        ("apps" | "extensions", "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet") => {
            PodSpecs(&[TEMPLATE_SPEC], ApiServer)
        }
        ("batch", "Job") => PodSpecs(&[TEMPLATE_SPEC], ApiServer),
        ("batch", "CronJob") => PodSpecs(&[JOB_TEMPLATE_SPEC], ApiServer),
        ("apps.openshift.io" | "", "DeploymentConfig") => PodSpecs(&[TEMPLATE_SPEC], ApiServer),
        ("template.openshift.io" | "", "Template") => Objects("objects"),
        ("argoproj.io", "Rollout") => PodSpecs(&[TEMPLATE_SPEC], Controller),
        ("argoproj.io", "Experiment") => PodSpecs(
            &[&["spec", "templates", "[]", "template", "spec"]],
            Controller,
        ),
        ("argoproj.io", "AnalysisTemplate" | "ClusterAnalysisTemplate" | "AnalysisRun") => {
            PodSpecs(
                &[&[
                    "spec", "metrics", "[]", "provider", "job", "spec", "template", "spec",
                ]],
                Controller,
            )
        }
        ("serving.knative.dev", "Service" | "Configuration") => PodSpecs(&[TEMPLATE_SPEC], Knative),
        ("serving.knative.dev", "Revision") => PodSpecs(&[&["spec"]], Knative),
        ("argoproj.io", "Workflow" | "WorkflowTemplate" | "ClusterWorkflowTemplate") => {
            ArgoTemplates(&["spec", "templates"])
        }
        ("argoproj.io", "CronWorkflow") => ArgoTemplates(&["spec", "workflowSpec", "templates"]),
        ("jobset.x-k8s.io", "JobSet") => PodSpecs(replicated_jobs!("spec"), Controller),
        ("leaderworkerset.x-k8s.io", "LeaderWorkerSet") => PodSpecs(
            &[
                &["spec", "leaderWorkerTemplate", "leaderTemplate", "spec"],
                &["spec", "leaderWorkerTemplate", "workerTemplate", "spec"],
            ],
            Controller,
        ),
        ("ray.io", "RayCluster") => PodSpecs(ray_groups!("spec"), Controller),
        ("ray.io", "RayJob") => PodSpecs(
            ray_groups!("spec", "rayClusterSpec"; &["spec", "submitterPodTemplate", "spec"]),
            Controller,
        ),
        ("ray.io", "RayService") => PodSpecs(ray_groups!("spec", "rayClusterConfig"), Controller),
        ("kubeflow.org", "PyTorchJob") => replica_specs!("pytorchReplicaSpecs"),
        ("kubeflow.org", "TFJob") => replica_specs!("tfReplicaSpecs"),
        ("kubeflow.org", "MPIJob") => replica_specs!("mpiReplicaSpecs"),
        ("kubeflow.org", "XGBoostJob") => replica_specs!("xgbReplicaSpecs"),
        ("kubeflow.org", "PaddleJob") => replica_specs!("paddleReplicaSpecs"),
        ("kubeflow.org", "JAXJob") => replica_specs!("jaxReplicaSpecs"),
        ("kubeflow.org", "MXJob") => replica_specs!("mxReplicaSpecs"),
        // Kubeflow Trainer's runtimes hold a JobSet template.
        ("trainer.kubeflow.org" | "kubeflow.org", "TrainingRuntime" | "ClusterTrainingRuntime") => {
            PodSpecs(replicated_jobs!("spec", "template", "spec"), Controller)
        }
        _ => return None,
    })
}

/// An object of a document (each `List` item is one), with the pod specs found in it.
#[derive(Debug, Clone)]
pub struct Object {
    pub id: Rc<ObjectId>,
    pub node: NodeId,
    /// How its pod specs were found; `None` when it has none (a Service, a ConfigMap...).
    pub found_by: Option<FoundBy>,
    pub pod_specs: Vec<PodSpec>,
    /// Image uses in source order.
    pub images: Vec<ImageUse>,
    /// For each of `images`, the mapping it was read from (a container, or an image volume's
    /// `image`) and the index of its pod spec in `pod_specs`.
    pub image_nodes: Vec<(NodeId, usize)>,
    /// Image volumes the API server drops before it validates the object (the `ImageVolume`
    /// gate is off), with their mounts: they are no image uses.
    pub dropped_volumes: Vec<DroppedVolume>,
    /// Mappings whose `image` and policy stand in for containers' absent ones: an Argo
    /// workflow's `templateDefaults.container` and `.script`.
    pub defaults: Vec<NodeId>,
}

/// An image volume the API server drops (kubernetes `pkg/api/pod/util.go`
/// `dropDisabledFields`, in `PrepareForCreate`, before validation; for pod templates too).
#[derive(Debug, Clone)]
pub struct DroppedVolume {
    pub volume: ContainerRef,
    /// Its index in the object's `pod_specs`.
    pub pod_spec: usize,
    /// Why: the release has no image volumes, or the gate is off.
    pub why: String,
}

/// Where the pod-level fields live: `imagePullSecrets` and `serviceAccountName`.
#[derive(Debug, Clone)]
pub struct PodSpec {
    pub node: NodeId,
    /// Field path of the pod spec, e.g. `spec.template.spec` (`spec` for an Argo workflow, whose
    /// pull secrets and service account apply to all its templates).
    pub path: String,
    /// Who defaults and validates its containers.
    pub by: Defaulter,
}

/// An object's type as an admission request names it (`request.kind`), for objects that do not
/// say it themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectType {
    /// `v1`, `apps/v1`.
    pub api_version: String,
    pub kind: String,
}

/// What is known of the type of the object at a document's root besides what it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing<'t> {
    /// Only what it writes (`apiVersion`, `kind`): a manifest.
    Written,
    /// An object being admitted: what it writes, else the type the request names (`None`: the
    /// request names none). An object of no known type is judged by its shape, as a custom
    /// resource is, rather than let through.
    Admitted(Option<&'t ObjectType>),
}

/// Every object of a document: the root, or the items of a `List` (recursively), as the API
/// server of `cluster` reads them.
pub fn objects(doc: &Document<'_>, cluster: &Cluster) -> Vec<Object> {
    objects_as(doc, cluster, FileUse::NONE)
}

/// As [`objects`], for a file used as `file_use` says: with the images kustomize writes in
/// place of those written, and none at all in a test's assertion (it is compared, not applied).
pub fn objects_as(doc: &Document<'_>, cluster: &Cluster, file_use: &FileUse) -> Vec<Object> {
    let mut out = Vec::new();
    if file_use.role == Role::Assertion {
        return out;
    }
    if let Some(root) = doc.root {
        let at = At {
            typing: Typing::Written,
            in_template: false,
            file_use,
        };
        visit_object(doc, root, at, cluster, &mut out);
    }
    out
}

/// Every object of the value at `root` (itself, or the items of a `List`), typed as `typing` says.
pub fn objects_at(
    doc: &Document<'_>,
    root: NodeId,
    typing: Typing<'_>,
    cluster: &Cluster,
) -> Vec<Object> {
    let mut out = Vec::new();
    let at = At {
        typing,
        in_template: false,
        file_use: FileUse::NONE,
    };
    visit_object(doc, root, at, cluster, &mut out);
    out
}

/// What decides how an object is read besides its text.
#[derive(Clone, Copy)]
struct At<'t> {
    typing: Typing<'t>,
    /// The object is (in) an OpenShift `Template`'s `objects`.
    in_template: bool,
    file_use: &'t FileUse,
}

fn visit_object(
    doc: &Document<'_>,
    object: NodeId,
    at: At<'_>,
    cluster: &Cluster,
    out: &mut Vec<Object>,
) {
    let At {
        typing,
        in_template,
        file_use,
    } = at;
    let mut id = object_id(doc, object);
    if let Typing::Admitted(Some(named)) = typing {
        id.api_version
            .get_or_insert_with(|| named.api_version.clone());
        id.kind.get_or_insert_with(|| named.kind.clone());
    }
    let id = Rc::new(id);
    let kind = id.kind.as_deref();
    // `List` and every `*List` kind: each item is an object of its own.
    if kind.is_some_and(|k| k.ends_with("List"))
        && let Some(items) = doc.value(object, "items").and_then(|i| doc.sequence(i))
    {
        for &item in items {
            let at = At {
                typing: Typing::Written,
                ..at
            };
            visit_object(doc, item, at, cluster, out);
        }
        return;
    }
    let api_version = id.api_version.as_deref().unwrap_or_default();
    // `apps/v1` has group `apps`; `v1` is the core group.
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    let layout = kind.and_then(|k| layout(group, k));
    // A template's objects are created (and admitted) one by one once it is processed; an
    // admitted template itself runs nothing.
    if let Some(Layout::Objects(key)) = layout {
        if typing == Typing::Written
            && let Some(items) = doc.value(object, key).and_then(|i| doc.sequence(i))
        {
            for &item in items {
                let at = At {
                    typing: Typing::Written,
                    in_template: true,
                    file_use,
                };
                visit_object(doc, item, at, cluster, out);
            }
        }
        return;
    }
    let ephemeral = match typing {
        _ if !(group.is_empty() && kind == Some("Pod")) => Ephemeral::InTemplate,
        Typing::Written => Ephemeral::OnCreate,
        Typing::Admitted(_) => Ephemeral::Allowed,
    };
    let untyped = id.kind.is_none() && id.api_version.is_none();
    let untyped_admitted = untyped && matches!(typing, Typing::Admitted(_));
    let mut found = Finder {
        doc,
        object: &id,
        ephemeral,
        placeholders: Context {
            argo: group == "argoproj.io",
            in_template,
            triggered: false,
        },
        triggered: triggered_containers(doc, object),
        file_use,
        cluster,
        pod_specs: Vec::new(),
        out: Vec::new(),
        dropped: Vec::new(),
        defaults: Vec::new(),
    };
    let found_by = found.by_layout(object, layout, group, untyped_admitted);
    let Finder {
        pod_specs,
        out: mut uses,
        dropped: dropped_volumes,
        defaults,
        ..
    } = found;
    uses.sort_by_key(|(u, _)| u.container.span.start.offset);
    let (images, image_nodes) = uses.into_iter().unzip();
    out.push(Object {
        id,
        node: object,
        found_by,
        pod_specs,
        images,
        image_nodes,
        dropped_volumes,
        defaults,
    });
}

impl Finder<'_, '_> {
    /// Finds the object's pod specs where its kind's layout says, or, for a custom resource
    /// (or an admitted object of unknown type), where one has the shape of one; and says how.
    fn by_layout(
        &mut self,
        object: NodeId,
        layout: Option<Layout>,
        group: &str,
        untyped_admitted: bool,
    ) -> Option<FoundBy> {
        match layout {
            Some(Layout::PodSpecs(paths, by)) => {
                for path in paths {
                    self.pod_specs_at(object, path, by, FoundBy::Kind);
                }
                Some(FoundBy::Kind)
            }
            Some(Layout::Objects(_)) => None,
            Some(Layout::ArgoTemplates(path)) => {
                self.argo_templates(object, path);
                Some(FoundBy::Kind)
            }
            // Every custom resource's API group contains a dot; built-in kinds never match by shape.
            None if group.contains('.') || untyped_admitted => {
                // An admitted object of unknown type may be any workload: every pod-spec place.
                let shapes = if untyped_admitted {
                    UNTYPED_SHAPES
                } else {
                    &UNTYPED_SHAPES[..1]
                };
                let has_containers = |spec: &[&str]| {
                    self.doc
                        .path(object, spec)
                        .and_then(|s| self.doc.value(s, "containers"))
                        .is_some_and(|c| self.doc.sequence(c).is_some())
                };
                shapes.iter().find(|spec| has_containers(spec)).map(|spec| {
                    self.pod_specs_at(object, spec, Defaulter::Controller, FoundBy::Shape);
                    FoundBy::Shape
                })
            }
            None => None,
        }
    }
}

pub(crate) fn object_id(doc: &Document<'_>, object: NodeId) -> ObjectId {
    let text = |path: &[&str]| {
        doc.path(object, path)
            .and_then(|n| doc.str(n))
            .map(str::to_owned)
    };
    ObjectId {
        api_version: text(&["apiVersion"]),
        kind: text(&["kind"]),
        namespace: text(&["metadata", "namespace"]),
        name: text(&["metadata", "name"]),
    }
}

/// kubernetes `pkg/apis/core/validation/validation.go`: `ValidatePodCreate` refuses ephemeral
/// containers in a Pod being created (they are added later through the `pods/ephemeralcontainers`
/// subresource), `ValidatePodTemplateSpec` refuses them in every pod template.
pub const EPHEMERAL_ON_CREATE: &str = "cannot be set on create";
pub const EPHEMERAL_IN_TEMPLATE: &str = "ephemeral containers not allowed in pod template";

/// Whether ephemeral containers may be where they are written.
#[derive(Clone, Copy)]
enum Ephemeral {
    /// A Pod being admitted: the subresource adds them, and an update keeps them.
    Allowed,
    /// A Pod manifest: creating it fails.
    OnCreate,
    /// A pod template (or a custom resource's pod spec).
    InTemplate,
}

struct Finder<'d, 'a> {
    doc: &'d Document<'a>,
    object: &'d Rc<ObjectId>,
    ephemeral: Ephemeral,
    /// What decides whether an image is a placeholder (`triggered` is per container).
    placeholders: Context,
    /// Containers whose image an OpenShift image trigger sets.
    triggered: Vec<Triggered<'d>>,
    file_use: &'d FileUse,
    cluster: &'d Cluster,
    pod_specs: Vec<PodSpec>,
    out: Vec<(ImageUse, (NodeId, usize))>,
    dropped: Vec<DroppedVolume>,
    defaults: Vec<NodeId>,
}

impl Finder<'_, '_> {
    /// The pod specs at `path` below `node` (the object).
    fn pod_specs_at(&mut self, node: NodeId, path: &[&str], by: Defaulter, found_by: FoundBy) {
        self.pod_specs_below(node, String::new(), path, by, found_by);
    }

    /// As `pod_specs_at`, below a node whose own path is `at`.
    fn pod_specs_below(
        &mut self,
        node: NodeId,
        at: String,
        path: &[&str],
        by: Defaulter,
        found_by: FoundBy,
    ) {
        let doc = self.doc;
        let Some((&step, rest)) = path.split_first() else {
            self.pod_specs.push(PodSpec {
                node,
                path: at.clone(),
                by,
            });
            self.pod_spec(node, &at, by, found_by);
            return;
        };
        let dot = if at.is_empty() { "" } else { "." };
        match step {
            "[]" => {
                for (i, &item) in doc.sequence(node).unwrap_or_default().iter().enumerate() {
                    self.pod_specs_below(item, format!("{at}[{i}]"), rest, by, found_by);
                }
            }
            // Keys written in the mapping; a role merged in with `<<` is not looked for.
            "*" => {
                for &(key, value) in doc.entries(node) {
                    if doc.is_merge_key(key) {
                        continue;
                    }
                    if let Some(role) = doc.str(key) {
                        self.pod_specs_below(value, format!("{at}{dot}{role}"), rest, by, found_by);
                    }
                }
            }
            key => {
                if let Some(value) = doc.value(node, key) {
                    self.pod_specs_below(value, format!("{at}{dot}{key}"), rest, by, found_by);
                }
            }
        }
    }

    fn pod_spec(&mut self, spec: NodeId, spec_path: &str, by: Defaulter, found_by: FoundBy) {
        let lists = [
            ("containers", ContainerKind::Container),
            ("initContainers", ContainerKind::InitContainer),
            ("ephemeralContainers", ContainerKind::EphemeralContainer),
        ];
        for (field, kind) in lists {
            self.list(spec, spec_path, field, kind, by, found_by);
        }
        let Some(volumes) = self
            .doc
            .value(spec, "volumes")
            .and_then(|v| self.doc.sequence(v))
        else {
            return;
        };
        for (index, &volume) in volumes.iter().enumerate() {
            let Some(image) = self
                .doc
                .value(volume, "image")
                .filter(|&i| self.doc.is_mapping(i))
            else {
                continue;
            };
            let name = self.doc.value(volume, "name").and_then(|n| self.doc.str(n));
            let path = format!("{spec_path}.volumes[{index}].image");
            let container =
                self.container_ref(image, ContainerKind::ImageVolume, name, index, path);
            match self.cluster.image_volumes_dropped() {
                Some(why) => self.dropped.push(DroppedVolume {
                    volume: container,
                    pod_spec: self.pod_specs.len().saturating_sub(1),
                    why,
                }),
                None => self.image_use(image, None, container, spec_path, by, found_by),
            }
        }
    }

    fn list(
        &mut self,
        parent: NodeId,
        parent_path: &str,
        field: &str,
        kind: ContainerKind,
        by: Defaulter,
        found_by: FoundBy,
    ) {
        let Some(items) = self
            .doc
            .value(parent, field)
            .and_then(|v| self.doc.sequence(v))
        else {
            return;
        };
        for (index, &item) in items.iter().enumerate() {
            if !self.doc.is_mapping(item) {
                continue;
            }
            let name = self.doc.value(item, "name").and_then(|n| self.doc.str(n));
            let path = format!("{parent_path}.{field}[{index}]");
            let container = self.container_ref(item, kind, name, index, path);
            self.image_use(item, None, container, parent_path, by, found_by);
        }
    }

    /// Argo Workflows: each template may run a `container` or `script`, with `initContainers`,
    /// `sidecars` and a `containerSet`; the controller turns them into Pods.
    fn argo_templates(&mut self, object: NodeId, path: &[&str]) {
        let Some(templates) = self
            .doc
            .path(object, path)
            .and_then(|t| self.doc.sequence(t))
        else {
            return;
        };
        let by = Defaulter::Controller;
        let base = path.join(".");
        // The workflow spec holds what a pod spec would: pull secrets, the service account.
        let workflow_spec = &path[..path.len() - 1];
        if let Some(node) = self.doc.path(object, workflow_spec) {
            self.pod_specs.push(PodSpec {
                node,
                path: workflow_spec.join("."),
                by,
            });
        }
        // Argo merges `templateDefaults` into every template: a container or script without an
        // image or a policy takes the default's (argo-workflows `workflow/controller/
        // operator.go`, `mergedTemplateDefaultsInto`, before it builds the Pod).
        let template_defaults = self
            .doc
            .path(object, workflow_spec)
            .and_then(|s| self.doc.value(s, "templateDefaults"));
        let defaults = ["container", "script"].map(|field| {
            let node = template_defaults.and_then(|d| self.doc.value(d, field));
            (field, node.filter(|&n| self.doc.is_mapping(n)))
        });
        self.defaults
            .extend(defaults.iter().filter_map(|&(_, node)| node));
        for (t, &template) in templates.iter().enumerate() {
            let tpath = format!("{base}[{t}]");
            let template_name = self
                .doc
                .value(template, "name")
                .and_then(|n| self.doc.str(n));
            for (field, defaults) in defaults {
                let Some(node) = self
                    .doc
                    .value(template, field)
                    .filter(|&n| self.doc.is_mapping(n))
                else {
                    continue;
                };
                let name = self
                    .doc
                    .value(node, "name")
                    .and_then(|n| self.doc.str(n))
                    .or(template_name);
                let container = self.container_ref(
                    node,
                    ContainerKind::Container,
                    name,
                    0,
                    format!("{tpath}.{field}"),
                );
                self.image_use(node, defaults, container, &tpath, by, FoundBy::Kind);
            }
            self.list(
                template,
                &tpath,
                "initContainers",
                ContainerKind::InitContainer,
                by,
                FoundBy::Kind,
            );
            self.list(
                template,
                &tpath,
                "sidecars",
                ContainerKind::Container,
                by,
                FoundBy::Kind,
            );
            if let Some(set) = self.doc.value(template, "containerSet") {
                let set_path = format!("{tpath}.containerSet");
                self.list(
                    set,
                    &set_path,
                    "containers",
                    ContainerKind::Container,
                    by,
                    FoundBy::Kind,
                );
            }
        }
    }

    fn container_ref(
        &self,
        node: NodeId,
        kind: ContainerKind,
        name: Option<&str>,
        index: usize,
        path: String,
    ) -> ContainerRef {
        let span = self.doc.node(node).span;
        ContainerRef {
            kind,
            name: name.map(str::to_owned),
            index,
            path,
            span,
        }
    }

    /// `defaults`: a mapping whose `image` and policy stand in for absent ones (Argo's
    /// `templateDefaults`).
    fn image_use(
        &mut self,
        node: NodeId,
        defaults: Option<NodeId>,
        container: ContainerRef,
        spec_path: &str,
        by: Defaulter,
        found_by: FoundBy,
    ) {
        let doc = self.doc;
        let field = |name: &str| {
            doc.value(node, name)
                .or_else(|| defaults.and_then(|d| doc.value(d, name)))
        };
        let image_node = field(container.kind.image_field());
        let (image, image_wrong_type) = written_image(doc, image_node);
        let written_image = image.as_ref().map_or("", |i| i.value.as_str());
        let kustomized = match written_image {
            "" => None,
            written => self.file_use.image(written),
        };
        let image_text = kustomized.as_deref().unwrap_or(written_image);
        let policy_node = field(container.kind.policy_field());
        let (written, written_policy) = written_policy(doc, policy_node);
        let from_base =
            self.file_use.role == Role::Patch && image.is_none() && image_wrong_type.is_none();
        // A patch's container that changes neither image nor policy is not about images at all.
        if from_base && matches!(written, WrittenPolicy::Unset) {
            return;
        }
        let triggered = self.is_triggered(&container);
        let cx = Context {
            triggered,
            ..self.placeholders
        };
        // A DeploymentConfig may leave a triggered image out (OpenShift's validation lets the
        // trigger supply it); the API server requires a Deployment's, hence OpenShift's `" "`.
        let dc = self.object.kind.as_deref() == Some("DeploymentConfig");
        let placeholder = (!image_text.is_empty() || (triggered && dc))
            .then(|| filler(image_text, cx))
            .flatten();
        let policy_placeholder = match written {
            WrittenPolicy::String(text) => policy_filler(text, self.placeholders),
            _ => None,
        };
        let mut policy = Resolution::of(written, image_text, by, self.cluster);
        if let (Resolution::Defaulted { why, .. }, Some(filler)) = (&mut policy, placeholder) {
            *why = DefaultReason::Placeholder(filler);
        }
        let resolution = match image_wrong_type {
            // The object cannot even be decoded; an invalid policy says so just as well.
            Some(found) if policy.effective().is_some() => Resolution::WrongType {
                field: "image",
                found,
                by,
            },
            None if container.kind == ContainerKind::EphemeralContainer => match self.ephemeral {
                Ephemeral::Allowed => policy,
                Ephemeral::OnCreate => Resolution::Forbidden(EPHEMERAL_ON_CREATE),
                Ephemeral::InTemplate => Resolution::Forbidden(EPHEMERAL_IN_TEMPLATE),
            },
            _ => policy,
        };
        let pod_spec = self.pod_specs.len().saturating_sub(1);
        let image_use = ImageUse {
            document: doc.index,
            object: self.object.clone(),
            pod_spec_path: spec_path.to_owned(),
            found_by,
            reference: Reference::parse_normalized_with(image_text, self.cluster.parser()),
            resolution,
            container,
            image,
            image_wrong_type,
            placeholder,
            policy_placeholder,
            kustomized,
            from_base,
            written_policy,
        };
        self.out.push((image_use, (node, pod_spec)));
    }

    /// Whether an image-change trigger of the object (OpenShift) names this container.
    fn is_triggered(&self, container: &ContainerRef) -> bool {
        self.triggered.iter().any(|t| {
            let kind = match t.init {
                false => ContainerKind::Container,
                true => ContainerKind::InitContainer,
            };
            kind == container.kind
                && match t.container {
                    Target::Name(name) => container.name.as_deref() == Some(name),
                    Target::Index(index) => container.index == index,
                }
        })
    }
}

/// A container's image as written, or the JSON type it has instead of a string.
fn written_image(
    doc: &Document<'_>,
    node: Option<NodeId>,
) -> (Option<Written<String>>, Option<&'static str>) {
    match node.map(|n| (n, type_of(doc, n))) {
        None | Some((_, "null")) => (None, None),
        Some((n, "string")) => {
            let value = doc.str(n).unwrap_or_default().to_owned();
            let span = doc.node(n).span;
            (Some(Written { value, span }), None)
        }
        Some((_, other)) => (None, Some(other)),
    }
}

/// A container's `imagePullPolicy` as the defaulting sees it, and as written.
fn written_policy<'d>(
    doc: &'d Document<'_>,
    node: Option<NodeId>,
) -> (WrittenPolicy<'d>, Option<Written<String>>) {
    match node.map(|n| (n, type_of(doc, n))) {
        None | Some((_, "null")) => (WrittenPolicy::Unset, None),
        Some((n, ty)) => {
            let text = doc.scalar(n).map_or_else(|| doc.source_of(n), |s| &s.value);
            let written = match ty {
                "string" => WrittenPolicy::String(text),
                other => WrittenPolicy::WrongType(other),
            };
            let span = doc.node(n).span;
            (
                written,
                Some(Written {
                    value: text.to_owned(),
                    span,
                }),
            )
        }
    }
}

/// The JSON type kubectl gives a node.
pub fn type_of(doc: &Document<'_>, node: NodeId) -> &'static str {
    match doc.kind(node) {
        NodeKind::Scalar(s) => s.resolved_type().as_str(),
        NodeKind::Sequence(_) => "sequence",
        NodeKind::Mapping(_) => "mapping",
        NodeKind::Alias(_) => "alias",
    }
}
