//! On the node (core/src/node.rs, docs/node.md): the kubelet's decision for every event, policy
//! and kind of reference, the KEP-2535 behaviour by release, the seed scenarios, and the page
//! generated from the model.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // reads fixtures; core/clippy.toml is for the library

use pullpolicy_core::analyze;
use pullpolicy_core::manifest::ContainerKind;
use pullpolicy_core::node::{
    BACKOFF, Event, OnNode, Outcome, Pulls, Subject, VerificationPolicy, on_node,
};
use pullpolicy_core::policy::PullPolicy;
use pullpolicy_core::reference::Reference;
use pullpolicy_core::settings::{KubeletSettings, KubernetesVersion, Settings};
use pullpolicy_core::yaml::Limits;

const DIGEST: &str = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

fn node_of(
    image: &str,
    policy: PullPolicy,
    container: ContainerKind,
    settings: &Settings,
) -> OnNode {
    let parsed = Reference::parse_normalized(image);
    on_node(
        &Subject {
            reference: parsed.as_ref(),
            policy,
            container,
            kind: Some("Deployment"),
        },
        settings,
    )
}

/// `pulls/outcome` of each event, in `Event::ALL` order.
fn row(node: &OnNode) -> Vec<String> {
    node.steps
        .iter()
        .map(|s| format!("{}/{}", short_pulls(s.pulls), short_outcome(s.outcome)))
        .collect()
}

fn short_pulls(p: Pulls) -> &'static str {
    match p {
        Pulls::Yes => "Y",
        Pulls::No => "N",
        Pulls::WhereAbsent => "A",
        Pulls::IfPreloaded => "P",
    }
}

fn short_outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Runs => "run",
        Outcome::BacksOff => "back",
        Outcome::Fails => "fail",
        Outcome::DependsOnNode => "node",
        Outcome::NotApplicable => "n/a",
    }
}

#[test]
fn every_event_for_every_policy_and_kind_of_reference() {
    let moving = "registry.example.com/app:main";
    let digest = format!("registry.example.com/app@{DIGEST}");
    let untagged = "registry.example.com/app";
    let invalid = "registry.example.com/App:1.0";
    // Events: first start, start cached, container restart, rollout restart, set image, pod
    // recreated, image collected, registry down, another pod's credentials (1.35 defaults).
    #[rustfmt::skip]
    let table: [(PullPolicy, &str, [&str; 9]); 12] = [
        (PullPolicy::Always, moving, ["Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/back", "Y/back"]),
        (PullPolicy::Always, &digest, ["Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/back", "Y/back"]),
        (PullPolicy::Always, untagged, ["Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/run", "Y/back", "Y/back"]),
        (PullPolicy::Always, invalid, ["N/fail", "N/fail", "N/fail", "N/fail", "A/run", "N/fail", "N/fail", "N/fail", "N/fail"]),
        (PullPolicy::IfNotPresent, moving, ["Y/run", "N/run", "N/run", "A/run", "A/run", "A/run", "Y/run", "A/node", "Y/back"]),
        (PullPolicy::IfNotPresent, &digest, ["Y/run", "N/run", "N/run", "A/run", "A/run", "A/run", "Y/run", "A/node", "Y/back"]),
        (PullPolicy::IfNotPresent, untagged, ["Y/run", "N/run", "N/run", "A/run", "A/run", "A/run", "Y/run", "A/node", "Y/back"]),
        (PullPolicy::IfNotPresent, invalid, ["N/fail", "N/fail", "N/fail", "N/fail", "A/run", "N/fail", "N/fail", "N/fail", "N/fail"]),
        (PullPolicy::Never, moving, ["N/fail", "N/run", "N/run", "N/node", "N/node", "N/node", "N/fail", "N/run", "N/fail"]),
        (PullPolicy::Never, &digest, ["N/fail", "N/run", "N/run", "N/node", "N/node", "N/node", "N/fail", "N/run", "N/fail"]),
        (PullPolicy::Never, untagged, ["N/fail", "N/run", "N/run", "N/node", "N/node", "N/node", "N/fail", "N/run", "N/fail"]),
        (PullPolicy::Never, invalid, ["N/fail", "N/fail", "N/fail", "N/fail", "A/run", "N/fail", "N/fail", "N/fail", "N/fail"]),
    ];
    let settings = Settings::default();
    for (policy, image, expected) in table {
        let node = node_of(image, policy, ContainerKind::Container, &settings);
        assert_eq!(row(&node), expected, "{policy} {image}");
        assert_eq!(
            node.steps.iter().map(|s| s.event).collect::<Vec<_>>(),
            Event::ALL
        );
        for step in &node.steps {
            // Which bytes run: a digest pins them, a tag that is pulled again does not.
            let pulled_tag = step.pulls != Pulls::No && !image.contains('@');
            if step.outcome == Outcome::Runs && pulled_tag && step.event != Event::SetImage {
                assert_eq!(
                    step.same_bytes,
                    Some(false),
                    "{policy} {image} {}",
                    step.event
                );
            }
            if image.contains('@') && step.outcome == Outcome::Runs && step.event != Event::SetImage
            {
                assert_eq!(
                    step.same_bytes,
                    Some(true),
                    "{policy} {image} {}",
                    step.event
                );
            }
            let status = &step.status;
            match step.outcome {
                Outcome::BacksOff => assert_eq!(status, "ErrImagePull, then ImagePullBackOff"),
                Outcome::Fails if image == invalid => assert_eq!(status, "InvalidImageName"),
                Outcome::Fails => assert_eq!(status, "ErrImageNeverPull"),
                Outcome::Runs => assert_eq!(status, "Running"),
                _ => {}
            }
        }
        let backs_off = node
            .steps
            .iter()
            .any(|s| s.status.contains("ImagePullBackOff"));
        assert_eq!(node.backoff.is_some(), backs_off, "{policy} {image}");
    }
}

#[test]
fn the_back_off_doubles_from_ten_seconds_to_five_minutes() {
    assert_eq!(BACKOFF, [10, 20, 40, 80, 160, 300]);
    for pair in BACKOFF.windows(2) {
        assert_eq!(pair[1], (pair[0] * 2).min(300));
    }
}

/// The KEP-2535 row (`cached-by-another-pod`) for IfNotPresent and Never.
fn credentials(minor: u32, kubelet: KubeletSettings) -> [String; 2] {
    let settings = Settings {
        kubernetes_version: KubernetesVersion { minor },
        kubelet,
        ..Settings::default()
    };
    [PullPolicy::IfNotPresent, PullPolicy::Never].map(|policy| {
        let node = node_of(
            "registry.example.com/app:1.0",
            policy,
            ContainerKind::Container,
            &settings,
        );
        let step = &node.steps[8];
        assert_eq!(step.event, Event::CachedByAnotherPod);
        format!(
            "{}/{}: {}",
            short_pulls(step.pulls),
            short_outcome(step.outcome),
            step.reason
        )
    })
}

#[test]
fn credentials_of_cached_images_by_release_and_kubelet_policy() {
    let gate = |on| KubeletSettings {
        ensure_secret_pulled_images: Some(on),
        ..KubeletSettings::default()
    };
    let policy = |p| KubeletSettings {
        image_pull_credentials_verification_policy: Some(p),
        ..KubeletSettings::default()
    };
    let cases = [
        ("1.32", credentials(32, KubeletSettings::default())),
        ("1.33", credentials(33, KubeletSettings::default())),
        ("1.34", credentials(34, KubeletSettings::default())),
        ("1.34 gate on", credentials(34, gate(true))),
        ("1.35", credentials(35, KubeletSettings::default())),
        ("1.35 gate off", credentials(35, gate(false))),
        (
            "1.35 NeverVerify",
            credentials(35, policy(VerificationPolicy::NeverVerify)),
        ),
        (
            "1.35 AlwaysVerify",
            credentials(35, policy(VerificationPolicy::AlwaysVerify)),
        ),
        (
            "1.35 NeverVerifyAllowlistedImages",
            credentials(35, policy(VerificationPolicy::NeverVerifyAllowlistedImages)),
        ),
    ];
    let text: String = cases
        .iter()
        .map(|(case, [ifnotpresent, never])| {
            format!("{case}\n  IfNotPresent {ifnotpresent}\n  Never        {never}\n")
        })
        .collect();
    insta::assert_snapshot!(text);
    // Where it does not check, both run the cached copy; where it does, neither does.
    for (case, [ifnotpresent, never]) in &cases {
        let checks = matches!(
            *case,
            "1.34 gate on" | "1.35" | "1.35 AlwaysVerify" | "1.35 NeverVerifyAllowlistedImages"
        );
        assert_eq!(ifnotpresent.starts_with("Y/back"), checks, "{case}");
        assert_eq!(never.starts_with("N/fail"), checks, "{case}");
        assert_eq!(!checks, ifnotpresent.starts_with("N/run"), "{case}");
    }
}

#[test]
fn a_preloaded_image_is_checked_only_under_always_verify_and_the_allowlist_policy() {
    for (kubelet_policy, checked) in [
        (VerificationPolicy::NeverVerify, false),
        (VerificationPolicy::NeverVerifyPreloadedImages, false),
        (VerificationPolicy::NeverVerifyAllowlistedImages, true),
        (VerificationPolicy::AlwaysVerify, true),
    ] {
        let settings = Settings {
            kubelet: KubeletSettings {
                image_pull_credentials_verification_policy: Some(kubelet_policy),
                ensure_secret_pulled_images: None,
            },
            ..Settings::default()
        };
        let cached = |policy| {
            node_of(
                "kind.local/app:dev",
                policy,
                ContainerKind::Container,
                &settings,
            )
            .steps[1]
                .clone()
        };
        let (ifnotpresent, never) = (cached(PullPolicy::IfNotPresent), cached(PullPolicy::Never));
        assert_eq!(
            ifnotpresent.pulls == Pulls::IfPreloaded,
            checked,
            "{kubelet_policy}"
        );
        assert_eq!(
            never.outcome == Outcome::DependsOnNode,
            checked,
            "{kubelet_policy}"
        );
        assert_eq!(
            never.status.contains("ErrImageNeverPull"),
            checked,
            "{kubelet_policy}"
        );
    }
}

#[test]
fn container_kinds_change_the_status_and_what_can_happen() {
    let settings = Settings::default();
    let image = "registry.example.com/app:1.0";
    let init = node_of(
        image,
        PullPolicy::IfNotPresent,
        ContainerKind::InitContainer,
        &settings,
    );
    assert_eq!(
        init.steps[7].status,
        "Running where cached, else Init:ErrImagePull, then Init:ImagePullBackOff"
    );
    let never_init = node_of(
        image,
        PullPolicy::Never,
        ContainerKind::InitContainer,
        &settings,
    );
    assert_eq!(never_init.steps[0].status, "Init:ErrImageNeverPull");
    assert!(init.notes[0].starts_with("init containers run one at a time"));

    let volume = node_of(
        image,
        PullPolicy::Always,
        ContainerKind::ImageVolume,
        &settings,
    );
    assert_eq!(
        volume.steps[7].status,
        "ContainerCreating (ErrImagePull, then ImagePullBackOff in the pod's events)"
    );
    assert_eq!(volume.steps[4].outcome, Outcome::NotApplicable, "set image");
    assert_eq!(
        volume.steps[2].pulls,
        Pulls::Yes,
        "a restart ensures image volumes again"
    );
    assert!(
        volume.steps[2]
            .reason
            .contains("the restarted container mounts")
    );
    assert!(volume.notes[0].contains("no container of the pod starts"));

    let debug = node_of(
        image,
        PullPolicy::IfNotPresent,
        ContainerKind::EphemeralContainer,
        &settings,
    );
    let not_applicable: Vec<Event> = debug
        .steps
        .iter()
        .filter(|s| s.outcome == Outcome::NotApplicable)
        .map(|s| s.event)
        .collect();
    assert_eq!(
        not_applicable,
        [
            Event::ContainerRestart,
            Event::RolloutRestart,
            Event::SetImage,
            Event::PodRecreated,
            Event::ImageCollected
        ]
    );
}

#[test]
fn rollout_restart_exists_for_three_kinds() {
    let settings = Settings::default();
    let parsed = Reference::parse_normalized("nginx:1.27");
    for (kind, supported) in [
        (Some("Deployment"), true),
        (Some("DaemonSet"), true),
        (Some("StatefulSet"), true),
        (None, true),
        (Some("Pod"), false),
        (Some("Job"), false),
        (Some("CronJob"), false),
        (Some("ReplicaSet"), false),
    ] {
        let node = on_node(
            &Subject {
                reference: parsed.as_ref(),
                policy: PullPolicy::IfNotPresent,
                container: ContainerKind::Container,
                kind,
            },
            &settings,
        );
        let step = &node.steps[3];
        assert_eq!(step.event, Event::RolloutRestart);
        assert_eq!(
            step.outcome != Outcome::NotApplicable,
            supported,
            "{kind:?}"
        );
        let paused = step.reason.ends_with("kubectl refuses a paused Deployment");
        assert_eq!(
            paused,
            matches!(kind, None | Some("Deployment")),
            "{kind:?}"
        );
    }
}

fn analysed(text: &str, settings: &Settings) -> Vec<(String, OnNode)> {
    analyze(
        text,
        &Limits::DEFAULT,
        &pullpolicy_core::cluster::Cluster::default(),
    )
    .images
    .iter()
    .filter_map(|u| {
        let name = u.container.name.clone().unwrap_or_default();
        Some((name, on_node(&Subject::of(u)?, settings)))
    })
    .collect()
}

fn step(node: &OnNode, event: Event) -> &pullpolicy_core::node::Step {
    node.steps
        .iter()
        .find(|s| s.event == event)
        .expect("every event")
}

#[test]
fn seed_rollout_restart_with_ifnotpresent_keeps_the_cached_build() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: myapp}\nspec:\n  template:\n    spec:\n      containers:\n        - name: myapp\n          image: myregistry.com/myapp:5c3dda6b\n";
    let nodes = analysed(deployment, &Settings::default());
    let restart = step(&nodes[0].1, Event::RolloutRestart);
    assert_eq!(restart.pulls, Pulls::WhereAbsent);
    assert_eq!(restart.same_bytes, Some(false));
    assert!(
        restart.reason.starts_with(
            "new pods keep each node's cached 5c3dda6b, so a new push is not picked up"
        ),
        "{}",
        restart.reason
    );
    // The same seed as a bare Pod (examples/02): there is nothing to roll out.
    let pod = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/02-misplaced-pull-policy.yaml"
    ))
    .expect("example");
    let nodes = analysed(&pod, &Settings::default());
    let restart = step(&nodes[0].1, Event::RolloutRestart);
    assert_eq!(restart.outcome, Outcome::NotApplicable);
    assert_eq!(
        restart.reason,
        "kubectl rollout restart supports Deployments, DaemonSets and StatefulSets, not a Pod"
    );
}

#[test]
fn seed_local_latest_image_asks_the_registry_at_every_start() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/01-local-image-latest.yaml"
    ))
    .expect("example");
    let nodes = analysed(&text, &Settings::default());
    let node = &nodes[0].1;
    for event in [
        Event::StartWithImage,
        Event::ContainerRestart,
        Event::RolloutRestart,
    ] {
        assert_eq!(step(node, event).pulls, Pulls::Yes, "{event}");
    }
    assert!(
        step(node, Event::StartWithImage)
            .reason
            .contains("a copy only loaded onto the node fails: ErrImagePull")
    );
    assert_eq!(step(node, Event::RegistryDown).outcome, Outcome::BacksOff);
    assert_eq!(node.backoff, Some(&BACKOFF[..]));
}

#[test]
fn seed_init_container_waiting_for_the_registry_blocks_the_pod() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/05-private-registry-init-container.yaml"
    ))
    .expect("example");
    let nodes = analysed(&text, &Settings::default());
    let (name, init) = &nodes[0];
    assert_eq!(name, "image-pull-check");
    // busybox, untagged: Always, so the init container itself needs the registry first.
    let down = step(init, Event::RegistryDown);
    assert_eq!(down.status, "Init:ErrImagePull, then Init:ImagePullBackOff");
    assert!(init.notes[0].contains("nothing after it starts"));
    let (_, app) = &nodes[1];
    assert_eq!(
        step(app, Event::RolloutRestart).outcome,
        Outcome::NotApplicable
    );
    assert_eq!(
        step(app, Event::CachedByAnotherPod).outcome,
        Outcome::BacksOff,
        "1.35 checks the credentials of a cached private image"
    );
}

#[test]
fn invalid_policies_never_reach_a_node() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: nginx, imagePullPolicy: always}\n";
    assert!(analysed(text, &Settings::default()).is_empty());
}

#[test]
fn docs_node_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/node.md");
    let generated = pullpolicy_core::node::docs::markdown();
    if std::env::var_os("PULLPOLICY_BLESS").is_some() {
        std::fs::write(path, &generated).expect("write docs/node.md");
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        generated == checked_in,
        "docs/node.md is stale; regenerate it with\n    PULLPOLICY_BLESS=1 cargo test -p pullpolicy-core --test node"
    );
}
