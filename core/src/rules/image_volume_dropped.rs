//! `image-volume-dropped`: image volumes the API server drops because the `ImageVolume` feature
//! gate is off (the default before Kubernetes 1.35).

use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities, say};
use crate::manifest::{ContainerRef, DroppedVolume};
use crate::severity::Severity::{Error, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::ImageVolumeDropped,
    summary: "Image volume on a cluster without the ImageVolume feature gate",
    why: "A dropped image volume gives no error, no warning: the Pod runs without the data. \
        Set `kubernetesVersion` and `featureGates.ImageVolume` to your cluster's.",
    cluster: "While the `ImageVolume` feature gate is off (alpha in 1.31 and 1.32, beta but off \
        by default in 1.33 and 1.34, on from 1.35), the API server drops every image volume, and \
        every `volumeMounts` entry naming one, before it validates a Pod or a pod template \
        (`dropDisabledFields` calls `dropImageVolumes`, in `pkg/api/pod/util.go`). Before 1.31 \
        the field does not exist (`kubectl apply` refuses it as an unknown field; other clients \
        drop it). The gate must be on in the API server and the kubelets, and the container \
        runtime must support image volumes: containerd 2.1 or later, CRI-O 1.31 or later.",
    severity: Severities {
        dev: Warning,
        prod: Error,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/image_volume_dropped.bad.yaml"),
    good_example: include_str!("examples/image_volume_dropped.good.yaml"),
    example_settings: Some(r#"{"kubernetesVersion": "1.34"}"#),
    check: Check::Object(check),
};

// What the findings say.

/// `the API server drops image volume models and its mount: the ImageVolume gate is off by
/// default in 1.34`
fn drops(volume: &ContainerRef, mounts: usize, why: &str) -> String {
    let what = match mounts {
        0 => String::new(),
        1 => " and its mount".to_owned(),
        n => format!(" and its {n} mounts"),
    };
    format!(
        "the API server drops {}{what}: {why}",
        say::container(volume)
    )
}

/// `mounted by container web; the Pod runs without the data, with no error; the container
/// runtime must support image volumes too: containerd 2.1 or later, CRI-O 1.31 or later`
fn runs_without_the_data(mounts: &[String]) -> String {
    let mounted = match mounts {
        [] => String::new(),
        names => format!("mounted by {}; ", names.join(", ")),
    };
    format!(
        "{mounted}the Pod runs without the data, with no error; the container runtime must \
         support image volumes too: containerd 2.1 or later, CRI-O 1.31 or later"
    )
}

const ENABLE_THE_GATE: &str = "enable the ImageVolume feature gate (and tell pullpolicy: \
    featureGates.ImageVolume: true), or ship the data another way";

/// kubernetes `pkg/api/pod/util.go`: `dropDisabledFields` calls `dropImageVolumes` when the gate
/// is off and the old object has none, for Pods (`PrepareForCreate`) and pod templates alike.
fn check(cx: &ObjectCx<'_>, out: &mut Vec<Diagnostic>) {
    for dropped in &cx.object.dropped_volumes {
        out.push(diagnostic(cx, dropped));
    }
}

fn diagnostic(cx: &ObjectCx<'_>, dropped: &DroppedVolume) -> Diagnostic {
    let volume = &dropped.volume;
    let mounts = match (&volume.name, cx.object.pod_specs.get(dropped.pod_spec)) {
        (Some(name), Some(spec)) => mounting(cx, spec.node, name),
        _ => Vec::new(),
    };
    let path = volume.path.strip_suffix(".image").unwrap_or(&volume.path);
    Diagnostic::new(volume.span, path, drops(volume, mounts.len(), &dropped.why))
        .note(runs_without_the_data(&mounts))
        .help(ENABLE_THE_GATE)
}

/// `container web`, for each container of the pod spec that mounts the volume `name`.
fn mounting(cx: &ObjectCx<'_>, spec: crate::yaml::NodeId, name: &str) -> Vec<String> {
    let doc = cx.doc;
    let mut out = Vec::new();
    for (field, kind) in [
        ("initContainers", "init container"),
        ("containers", "container"),
        ("ephemeralContainers", "ephemeral container"),
    ] {
        let containers = doc
            .value(spec, field)
            .and_then(|l| doc.sequence(l))
            .unwrap_or_default();
        for (i, &c) in containers.iter().enumerate() {
            let mounts = doc
                .value(c, "volumeMounts")
                .and_then(|l| doc.sequence(l))
                .unwrap_or_default();
            let mounts_it = mounts
                .iter()
                .any(|&m| doc.value(m, "name").and_then(|n| doc.str(n)) == Some(name));
            if mounts_it {
                let who = doc
                    .value(c, "name")
                    .and_then(|n| doc.str(n))
                    .map_or_else(|| format!("{field}[{i}]"), str::to_owned);
                out.push(format!("{kind} {who}"));
            }
        }
    }
    out
}
