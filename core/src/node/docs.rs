//! `docs/node.md`, generated from the model in [`super`] and the upstream facts it rests on, so
//! the page and the code cannot disagree (a test fails when the page is stale).

use std::fmt::Write;

use super::{BACKOFF, BACKOFF_RESET, Event, OnNode, Subject, on_node};
use crate::manifest::ContainerKind;
use crate::node::credentials::{GATE_ALPHA, GATE_ON_BY_DEFAULT, VerificationPolicy};
use crate::policy::PullPolicy;
use crate::reference::Reference;
use crate::settings::{KubeletSettings, KubernetesVersion, Settings};

/// Where a statement comes from: a file of an upstream repository, the function or constant,
/// and the release it was read at.
pub struct Source {
    pub repository: &'static str,
    pub file: &'static str,
    pub item: &'static str,
    pub release: &'static str,
}

/// One statement of the model, with its source.
pub struct Fact {
    pub claim: &'static str,
    pub sources: &'static [Source],
}

const K8S: &str = "kubernetes/kubernetes";
const IMAGE_MANAGER: &str = "pkg/kubelet/images/image_manager.go";
const PULL_MANAGER: &str = "pkg/kubelet/images/pullmanager/image_pull_manager.go";

/// The kubelet configuration's defaults, which several statements rest on.
const KUBELET_DEFAULTS: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/apis/config/v1beta1/defaults.go",
    item: "SetDefaults_KubeletConfiguration",
    release: "1.33+",
};

/// Every statement [`super::on_node`] makes, grouped as the page shows them.
pub const FACTS: &[(&str, &[Fact])] = &[
    (
        "The pull decision",
        &[
            Fact {
                claim: "Every container start (first start, crash or liveness restart; init, app and ephemeral containers alike) runs the image check again: \"Step 1: pull the image\".",
                sources: &[Source {
                    repository: K8S,
                    file: "pkg/kubelet/kuberuntime/kuberuntime_container.go",
                    item: "startContainer",
                    release: "1.33+",
                }],
            },
            Fact {
                claim: "The image is parsed first; an unparsable one fails with InvalidImageName (\"Failed to apply default image tag %q: %v\") whatever the policy.",
                sources: &[Source {
                    repository: K8S,
                    file: IMAGE_MANAGER,
                    item: "EnsureImageExists, applyDefaultImageTag",
                    release: "1.34+",
                }],
            },
            Fact {
                claim: "Always skips the look at the node's images and pulls; IfNotPresent and Never look first. Never with the image absent fails with ErrImageNeverPull (\"Container image %q is not present with pull policy of Never\").",
                sources: &[Source {
                    repository: K8S,
                    file: IMAGE_MANAGER,
                    item: "imagePullPrecheck",
                    release: "1.34+",
                }],
            },
            Fact {
                claim: "A failed pull is ErrImagePull (or RegistryUnavailable, SignatureValidationFailed when the runtime says so); while the back-off lasts the status is ImagePullBackOff with \"Back-off pulling image %q\" and, from 1.32, the previous error.",
                sources: &[
                    Source {
                        repository: K8S,
                        file: IMAGE_MANAGER,
                        item: "pullImage, evalCRIPullErr",
                        release: "1.34+",
                    },
                    Source {
                        repository: K8S,
                        file: "pkg/kubelet/images/types.go",
                        item: "ErrImagePull, ErrImagePullBackOff, ErrImageNeverPull, ErrInvalidImageName",
                        release: "1.33+",
                    },
                ],
            },
            Fact {
                claim: "A pull is attempted only outside the back-off window, whose key is the pod's UID and the image as written: a new pod starts without back-off.",
                sources: &[Source {
                    repository: K8S,
                    file: IMAGE_MANAGER,
                    item: "pullImage (backOffKey)",
                    release: "1.34+",
                }],
            },
        ],
    ),
    (
        "Back-off",
        &[
            Fact {
                claim: "The image back-off starts at 10 s and doubles to a 300 s cap, without jitter.",
                sources: &[
                    Source {
                        repository: K8S,
                        file: "pkg/kubelet/kubelet.go",
                        item: "imageBackOffPeriod, MaxImageBackOff, NewMainKubelet",
                        release: "1.35",
                    },
                    Source {
                        repository: K8S,
                        file: "staging/src/k8s.io/client-go/util/flowcontrol/backoff.go",
                        item: "NewBackOff, Next",
                        release: "1.35",
                    },
                ],
            },
            Fact {
                claim: "An entry expires after twice the cap (600 s) without a failure; the next failure starts again at 10 s.",
                sources: &[Source {
                    repository: K8S,
                    file: "staging/src/k8s.io/client-go/util/flowcontrol/backoff.go",
                    item: "hasExpired",
                    release: "1.35",
                }],
            },
            Fact {
                claim: "The status alternates: ErrImagePull after each attempt, ImagePullBackOff while waiting; kubectl shows an init container's as Init:<reason>.",
                sources: &[
                    Source {
                        repository: K8S,
                        file: "pkg/kubelet/kubelet_pods.go",
                        item: "convertToAPIContainerStatuses",
                        release: "1.33+",
                    },
                    Source {
                        repository: K8S,
                        file: "pkg/printers/internalversion/printers.go",
                        item: "printPod",
                        release: "1.33+",
                    },
                ],
            },
        ],
    ),
    (
        "Credentials of cached images (KEP-2535)",
        &[
            Fact {
                claim: "The feature gate KubeletEnsureSecretPulledImages is alpha (off) in 1.33 and 1.34, beta and on by default from 1.35.",
                sources: &[Source {
                    repository: K8S,
                    file: "pkg/features/kube_features.go",
                    item: "KubeletEnsureSecretPulledImages",
                    release: "1.35",
                }],
            },
            Fact {
                claim: "With the gate on, imagePullCredentialsVerificationPolicy defaults to NeverVerifyPreloadedImages.",
                sources: &[KUBELET_DEFAULTS],
            },
            Fact {
                claim: "With the gate on, a present image is used by IfNotPresent and Never only if the pull manager says no pull is needed; otherwise IfNotPresent pulls with the pod's credentials, and Never fails with the same ErrImageNeverPull text as an absent image (its presence is not revealed).",
                sources: &[Source {
                    repository: K8S,
                    file: IMAGE_MANAGER,
                    item: "EnsureImageExists, imageNotPresentOnNeverPolicyError",
                    release: "1.34+",
                }],
            },
            Fact {
                claim: "No pull is needed when the kubelet's record of the image matches the pod: the same credential hash, the same Secret (UID, namespace, name), or the same ServiceAccount; an image pulled without pod credentials (anonymously, or with node credentials) is open to every pod.",
                sources: &[Source {
                    repository: K8S,
                    file: PULL_MANAGER,
                    item: "MustAttemptImagePull",
                    release: "1.34+",
                }],
            },
            Fact {
                claim: "NeverVerify checks nothing; NeverVerifyPreloadedImages checks images the kubelet pulled (has a pull record or intent of); NeverVerifyAllowlistedImages checks every image not matching preloadedImagesVerificationAllowlist; AlwaysVerify checks every image. A checked image without a record must be pulled.",
                sources: &[Source {
                    repository: K8S,
                    file: "pkg/kubelet/images/pullmanager/image_pull_policies.go",
                    item: "NewImagePullCredentialVerificationPolicy",
                    release: "1.33+",
                }],
            },
        ],
    ),
    (
        "Pulls, image volumes and garbage collection",
        &[
            Fact {
                claim: "serializeImagePulls defaults to true unless maxParallelImagePulls is 2 or more: one pull at a time per node.",
                sources: &[KUBELET_DEFAULTS],
            },
            Fact {
                claim: "Init containers start one at a time, the next only after the previous one finished; app containers wait for all of them.",
                sources: &[Source {
                    repository: K8S,
                    file: "pkg/kubelet/kuberuntime/kuberuntime_container.go",
                    item: "computeInitContainerActions",
                    release: "1.33+",
                }],
            },
            Fact {
                claim: "Image volumes are ensured (with their own pullPolicy) when the kubelet syncs the pod, before it starts any container of that round; a failure ends the round, so no container starts, and it is reported as the pod's sync error.",
                sources: &[Source {
                    repository: K8S,
                    file: "pkg/kubelet/kuberuntime/kuberuntime_manager.go",
                    item: "SyncPod, getImageVolumes",
                    release: "1.35",
                }],
            },
            Fact {
                claim: "Image garbage collection frees space when disk use reaches imageGCHighThresholdPercent (85) down to imageGCLowThresholdPercent (80), sparing images younger than imageMinimumGCAge (2 min) and every image a container the runtime knows uses (exited ones included); imageMaximumGCAge is off unless set.",
                sources: &[
                    Source {
                        repository: K8S,
                        file: "pkg/kubelet/images/image_gc_manager.go",
                        item: "GarbageCollect, imagesInEvictionOrder, freeOldImages",
                        release: "1.30+",
                    },
                    KUBELET_DEFAULTS,
                ],
            },
        ],
    ),
    (
        "kubectl",
        &[
            Fact {
                claim: "kubectl rollout restart supports Deployments, DaemonSets and StatefulSets (\"restarting is not supported\" otherwise) and refuses a paused Deployment (\"can't restart paused deployment (run rollout resume first)\"); it sets the kubectl.kubernetes.io/restartedAt annotation of the pod template, so the controller makes new pods.",
                sources: &[Source {
                    repository: K8S,
                    file: "staging/src/k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go",
                    item: "defaultObjectRestarter",
                    release: "1.30+",
                }],
            },
            Fact {
                claim: "kubectl set image changes only the image of containers and init containers; imagePullPolicy keeps its stored value, which the API server defaulted from the old image when the object was created.",
                sources: &[
                    Source {
                        repository: K8S,
                        file: "staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go",
                        item: "setImage",
                        release: "1.30+",
                    },
                    Source {
                        repository: K8S,
                        file: "pkg/apis/core/v1/defaults.go",
                        item: "SetDefaults_Container",
                        release: "1.35",
                    },
                ],
            },
        ],
    ),
];

/// Sample images for the tables: a tag that moves, a version tag, a digest.
const SAMPLES: [(&str, &str); 3] = [
    ("moving tag", "registry.example.com/app:latest"),
    ("version tag", "registry.example.com/app:1.4.2"),
    (
        "digest",
        "registry.example.com/app@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
    ),
];

/// The whole page in Markdown.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# On the node\n\n");
    out.push_str(
        "<!-- Generated from core/src/node.rs and core/src/node/docs.rs. Do not edit by hand: \
         a test fails when this file is stale; regenerate it with\n     \
         PULLPOLICY_BLESS=1 cargo test -p pullpolicy-core --test node -->\n\n",
    );
    out.push_str(
        "What the kubelet does with an image at each event of a pod's life, given the \
         effective pull policy, the reference and the cluster's kubelet. `pullpolicy explain \
         IMAGE [--pull-policy P] [--kubernetes-version V]` prints it for one image, `pullpolicy \
         resolve --format json` for every image of a manifest (`onNode`), and the playground's \
         Containers tab when a row is opened. Every statement rests on the upstream code: the \
         sources are listed at the end, by file and function, with the release they were read \
         at.\n\n",
    );
    out.push_str("## Events\n\n| event | id |\n|---|---|\n");
    for event in Event::ALL {
        let _ = writeln!(out, "| {} | `{}` |", event.title(), event.as_str());
    }
    out.push_str(
        "\nIn the tables, *pulls* says whether the kubelet asks the registry (*where absent*: \
         only on nodes that lack the image); the status is what `kubectl get pods` shows. The \
         kubelet is 1.35's with its defaults.\n",
    );
    let settings = Settings::default();
    for policy in PullPolicy::ALL {
        policy_section(&mut out, policy, &settings);
    }
    kinds_section(&mut out, &settings);
    credentials_section(&mut out);
    let _ = write!(
        out,
        "\n## Back-off\n\nA failed pull is retried after {} seconds, then every {} s. The \
         back-off is per pod and image, so a new pod (a rollout, a recreated pod) starts \
         without one; after {} s without a failure it starts again from the first delay. While \
         it waits the status is `ImagePullBackOff` with the message `Back-off pulling image \
         \"...\"` followed, from 1.32, by the last error.\n",
        BACKOFF.map(|s| s.to_string()).join(", "),
        BACKOFF[BACKOFF.len() - 1],
        BACKOFF_RESET
    );
    out.push_str("\n## Sources\n");
    for (topic, facts) in FACTS {
        let _ = writeln!(out, "\n### {topic}\n");
        for fact in *facts {
            let cited: Vec<String> = fact
                .sources
                .iter()
                .map(|s| format!("{} `{}` ({}, {})", s.repository, s.file, s.item, s.release))
                .collect();
            let _ = writeln!(out, "- {} Source: {}.", fact.claim, cited.join("; "));
        }
    }
    out
}

fn subject<'a>(
    reference: &'a Reference,
    policy: PullPolicy,
    container: ContainerKind,
) -> Subject<'a> {
    Subject {
        reference: Ok(reference),
        policy,
        container,
        kind: Some("Deployment"),
    }
}

fn samples() -> Vec<(&'static str, Reference)> {
    SAMPLES
        .iter()
        .filter_map(|(label, image)| Some((*label, Reference::parse_normalized(image).ok()?)))
        .collect()
}

fn cell(node: &OnNode, event: Event) -> String {
    node.steps
        .iter()
        .find(|s| s.event == event)
        .map_or_else(String::new, |s| {
            format!("{} · {}", s.pulls.as_str(), s.status)
        })
}

fn policy_section(out: &mut String, policy: PullPolicy, settings: &Settings) {
    let samples = samples();
    let nodes: Vec<OnNode> = samples
        .iter()
        .map(|(_, r)| on_node(&subject(r, policy, ContainerKind::Container), settings))
        .collect();
    let _ = writeln!(out, "\n## {policy}\n");
    out.push_str("| event |");
    for (label, _) in &samples {
        let _ = write!(out, " {label} |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(samples.len()));
    out.push('\n');
    for event in Event::ALL {
        let _ = write!(out, "| {} |", event.short());
        for node in &nodes {
            let _ = write!(out, " {} |", cell(node, event));
        }
        out.push('\n');
    }
    // The reasons, for the version tag and wherever the digest differs.
    out.push('\n');
    let (tag, digest) = (&nodes[1], &nodes[2]);
    for (t, d) in tag.steps.iter().zip(&digest.steps) {
        let _ = write!(out, "- **{}**: {}.", t.event.short(), t.reason);
        if d.reason != t.reason {
            let _ = write!(out, " With a digest: {}.", d.reason);
        }
        out.push('\n');
    }
}

fn kinds_section(out: &mut String, settings: &Settings) {
    out.push_str("\n## Init containers, ephemeral containers, image volumes\n\n");
    let Some((_, reference)) = samples().into_iter().nth(1) else {
        return;
    };
    for kind in [
        ContainerKind::InitContainer,
        ContainerKind::EphemeralContainer,
        ContainerKind::ImageVolume,
    ] {
        let node = on_node(
            &subject(&reference, PullPolicy::IfNotPresent, kind),
            settings,
        );
        for note in node.notes.iter().take(1) {
            let _ = writeln!(out, "- **{}**: {note}.", kind.as_str());
        }
        let failing = node
            .steps
            .iter()
            .find(|s| s.event == Event::RegistryDown)
            .map(|s| s.status.clone());
        if let Some(status) = failing {
            let _ = writeln!(
                out,
                "  With IfNotPresent and the registry down, a node without the image shows: {status}."
            );
        }
        let skipped: Vec<String> = node
            .steps
            .iter()
            .filter(|s| s.outcome == super::Outcome::NotApplicable)
            .map(|s| format!("{} ({})", s.event.short(), s.reason))
            .collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "  Events that cannot happen: {}.", skipped.join("; "));
        }
    }
}

fn credentials_section(out: &mut String) {
    let _ = write!(
        out,
        "\n## Credentials of cached images (KEP-2535)\n\nA pod whose pull credentials differ \
         from those another pod pulled the image with, on a node that has the image. The gate \
         `KubeletEnsureSecretPulledImages` exists from {GATE_ALPHA} and is on by default from \
         {GATE_ON_BY_DEFAULT}; set `kubelet.ensureSecretPulledImages` and \
         `kubelet.imagePullCredentialsVerificationPolicy` in the settings when the cluster \
         differs from its release's defaults.\n\n| Kubernetes | kubelet | IfNotPresent | Never |\n|---|---|---|---|\n"
    );
    let Some((_, reference)) = samples().into_iter().nth(1) else {
        return;
    };
    let cases: [(u32, KubeletSettings); 6] = [
        (32, KubeletSettings::default()),
        (34, KubeletSettings::default()),
        (
            34,
            KubeletSettings {
                ensure_secret_pulled_images: Some(true),
                image_pull_credentials_verification_policy: None,
            },
        ),
        (35, KubeletSettings::default()),
        (
            35,
            KubeletSettings {
                ensure_secret_pulled_images: None,
                image_pull_credentials_verification_policy: Some(VerificationPolicy::NeverVerify),
            },
        ),
        (
            35,
            KubeletSettings {
                ensure_secret_pulled_images: None,
                image_pull_credentials_verification_policy: Some(VerificationPolicy::AlwaysVerify),
            },
        ),
    ];
    for (minor, kubelet) in cases {
        let settings = Settings {
            kubernetes_version: KubernetesVersion { minor },
            kubelet,
            ..Settings::default()
        };
        let described = {
            let mut parts = Vec::new();
            if let Some(gate) = kubelet.ensure_secret_pulled_images {
                parts.push(format!("gate {}", if gate { "on" } else { "off" }));
            }
            if let Some(policy) = kubelet.image_pull_credentials_verification_policy {
                parts.push(policy.to_string());
            }
            if parts.is_empty() {
                "defaults".to_owned()
            } else {
                parts.join(", ")
            }
        };
        let outcome = |policy| {
            let node = on_node(
                &subject(&reference, policy, ContainerKind::Container),
                &settings,
            );
            cell(&node, Event::CachedByAnotherPod)
        };
        let _ = writeln!(
            out,
            "| 1.{minor} | {described} | {} | {} |",
            outcome(PullPolicy::IfNotPresent),
            outcome(PullPolicy::Never)
        );
    }
    out.push_str(
        "\nWith `Always` the pod always pulls with its own credentials, on every release. \
         Under `AlwaysVerify` and `NeverVerifyAllowlistedImages` even a preloaded image \
         (`kind load`, a node image) is checked: IfNotPresent pulls it again, Never refuses \
         it.\n",
    );
}
