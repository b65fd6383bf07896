//! `docs/versions.md`, generated from [`super::Cluster`], the reference [`Parser`]s, the
//! settings' range and the KEP-2535 gate, so that the table and the code cannot disagree (a test
//! fails when the page is stale).

use std::fmt::Write;

use super::{
    Cluster, FeatureGates, IMAGE_VOLUME_ALPHA, IMAGE_VOLUME_ON_BY_DEFAULT, JSON_VALUES_FROM,
};
use crate::node::credentials::{GATE_ALPHA, GATE_ON_BY_DEFAULT};
use crate::policy::{default_with, shown_value};
use crate::reference::Parser;
use crate::settings::KubernetesVersion;

/// Where each row comes from.
const SOURCES: &[&str] = &[
    "Image parser: `go.mod` of each release, confirmed by the CHANGELOG Dependencies sections: docker/distribution v2.8.1 (1.24 to 1.27) and v2.8.2 (1.28); github.com/distribution/reference v0.5.0 from 1.29 (kubernetes PR #120332), v0.6.0 from 1.32 (CHANGELOG-1.32.md: `github.com/distribution/reference: [v0.5.0 → v0.6.0]`). v2.8.1 and v2.8.2 have the same parser.",
    "docker/distribution v2.8.2 `reference/normalize.go` `splitDockerDomain`: the first component is a domain only with a `.` or `:`, or as `localhost`; `ParseNormalizedNamed` then says `invalid reference format: repository name must be lowercase`. `reference/regexp.go` has no IPv6 host. `reference/reference.go` `Parse`: `len(matches[1]) > NameTotalLengthMax`, the whole name.",
    "distribution/reference v0.5.0 `normalize.go` adds the uppercase-domain rule (`strings.ToLower(name[:i]) == name[:i]`) and `regexp.go` the `ipv6address` host; v0.6.0 `reference.go` `Parse` checks `len(repo.path) > RepositoryNameTotalLengthMax`, the path alone.",
    "kubernetes `pkg/features/kube_features.go`: `ImageVolume` alpha in 1.31, beta (off) in 1.33, on by default in 1.35; `KubeletEnsureSecretPulledImages` alpha in 1.33, beta (on) in 1.35.",
    "kubernetes `pkg/api/pod/util.go` `dropDisabledFields`: with `ImageVolume` off, image volumes and the mounts naming them are dropped before validation, for Pods and pod templates.",
    "kubernetes/apimachinery `pkg/util/validation/field/errors.go` `ErrorBody`: v0.34.0 renders a value that is not a plain `string` (a `core.PullPolicy`) with `json.Marshal`; v0.33.0 and older with `%#v`.",
];

fn version(minor: u32) -> KubernetesVersion {
    KubernetesVersion { minor }
}

/// The page.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# Kubernetes releases\n\n");
    out.push_str("<!-- Generated from core/src/cluster.rs and core/src/cluster/versions.rs. Do not edit by hand: a test fails when this file is stale; regenerate it with\n     PULLPOLICY_BLESS=1 cargo test -p pullpolicy-core --test versions -->\n\n");
    let _ = writeln!(
        out,
        "`kubernetesVersion` (default {}) takes {} to {}: the releases whose code was read. \
         Anything else is refused with an error that names this page. The table shows what \
         changes between them; `featureGates.ImageVolume` and the `kubelet` settings override \
         a release's defaults.\n",
        KubernetesVersion::DEFAULT,
        KubernetesVersion::OLDEST,
        KubernetesVersion::NEWEST
    );
    out.push_str("| release | image parser | 255 limit counts | `Foo/bar` | `[::1]:5000/app` | image volumes | `Unsupported value` of `<no value>` | KEP-2535 check |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for minor in KubernetesVersion::OLDEST.minor..=KubernetesVersion::NEWEST.minor {
        let v = version(minor);
        let cluster = Cluster::new(v, &FeatureGates::default());
        let parser = cluster.parser();
        let limit = match parser {
            Parser::Reference06 => "the path",
            _ => "the whole name",
        };
        let default = |image: &str| default_with(image, parser).0;
        let volumes = if v < IMAGE_VOLUME_ALPHA {
            "none (unknown field)"
        } else if v < IMAGE_VOLUME_ON_BY_DEFAULT {
            "dropped (gate off)"
        } else {
            "kept"
        };
        let kep = if v < GATE_ALPHA {
            "none"
        } else if v < GATE_ON_BY_DEFAULT {
            "off (alpha)"
        } else {
            "on"
        };
        let _ = writeln!(
            out,
            "| {v} | {} | {limit} | {} | {} | {volumes} | `{}` | {kep} |",
            parser.name(),
            default("Foo/bar"),
            default("[::1]:5000/app"),
            shown_value("<no value>", &cluster),
        );
    }
    out.push_str(
        "\nThe `Foo/bar` and `[::1]:5000/app` columns give the default policy: `Always` where the \
        image parses (no tag), `IfNotPresent` where it does not, and the node then fails with \
        `InvalidImageName`. ",
    );
    let long = "a".repeat(238);
    let _ = writeln!(
        out,
        "A Docker Hub name of 238 characters defaults to `{}` from 1.32 and to `{}` before \
         (`docker.io/library/` makes it 256).",
        default_with(&long, Parser::Reference06).0,
        default_with(&long, Parser::Reference05).0
    );
    let _ = writeln!(
        out,
        "\nFrom {JSON_VALUES_FROM} the API server prints a bad `imagePullPolicy` as JSON: `<`, `>`, \
         `&` and control characters become `\\u003c`, `\\u003e`, `\\u0026`, `\\u0000`; before, \
         Go-quoted (`\\x00`). Image volumes need the ImageVolume gate in the API server and the \
         kubelets, and a container runtime that supports them (containerd 2.1 or later, CRI-O \
         1.31 or later).\n"
    );
    out.push_str(
        "`kubernetesVersion` is one release for the whole cluster. With version skew (kubelets up \
         to three minor releases older than the API server), defaulting, validation and what is \
         dropped follow the API server's release, while a node parses the image again with its \
         kubelet's parser: an image a 1.31 API server defaults to `Always` (`Foo/bar`) still fails \
         with `InvalidImageName` on a 1.28 node. Lint with the oldest release that runs the \
         manifest's pods to see that failure.\n\n",
    );
    out.push_str("## Sources\n\n");
    for source in SOURCES {
        let _ = writeln!(out, "- {source}");
    }
    out
}
