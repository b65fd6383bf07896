//! On the node: what the kubelet does with one image at each event of a pod's life (a first
//! start, a cached image, a restart, `kubectl rollout restart`, `kubectl set image`, garbage
//! collection, a registry outage, another pod's credentials), from the effective pull policy,
//! the reference and the cluster's kubelet. Every statement is the kubelet's or kubectl's code,
//! cited in `docs/node.md` (generated from [`docs`]).

use std::fmt;

use crate::manifest::{ContainerKind, ImageUse};
use crate::policy::PullPolicy;
use crate::reference::{Reference, ReferenceError};
use crate::settings::Settings;

mod by_policy;
pub mod credentials;
pub mod docs;

pub use credentials::{Verification, VerificationPolicy};

/// The image back-off: seconds before each retry of a failed pull, per pod and image. It doubles
/// from 10 s and stays at the 300 s cap; 600 s without a failure forgets it.
pub const BACKOFF: [u32; 6] = [10, 20, 40, 80, 160, 300];
/// Seconds without a failed pull after which the back-off starts again from 10 s.
pub const BACKOFF_RESET: u32 = 600;

/// Something that happens to a pod, or to the node it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    StartWithoutImage,
    StartWithImage,
    ContainerRestart,
    RolloutRestart,
    SetImage,
    PodRecreated,
    ImageCollected,
    RegistryDown,
    CachedByAnotherPod,
}

impl Event {
    pub const ALL: [Event; 9] = [
        Self::StartWithoutImage,
        Self::StartWithImage,
        Self::ContainerRestart,
        Self::RolloutRestart,
        Self::SetImage,
        Self::PodRecreated,
        Self::ImageCollected,
        Self::RegistryDown,
        Self::CachedByAnotherPod,
    ];

    /// The id in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StartWithoutImage => "start-without-image",
            Self::StartWithImage => "start-with-image",
            Self::ContainerRestart => "container-restart",
            Self::RolloutRestart => "rollout-restart",
            Self::SetImage => "set-image",
            Self::PodRecreated => "pod-recreated",
            Self::ImageCollected => "image-collected",
            Self::RegistryDown => "registry-down",
            Self::CachedByAnotherPod => "cached-by-another-pod",
        }
    }

    /// What happens, for people.
    pub fn title(self) -> &'static str {
        match self {
            Self::StartWithoutImage => "pod starts on a node without the image",
            Self::StartWithImage => "pod starts on a node that has it cached",
            Self::ContainerRestart => "container restarts (crash, liveness probe)",
            Self::RolloutRestart => "kubectl rollout restart",
            Self::SetImage => "kubectl set image (new tag or digest)",
            Self::PodRecreated => "pod deleted, its controller makes a new one",
            Self::ImageCollected => "image garbage-collected from the node",
            Self::RegistryDown => "registry unreachable",
            Self::CachedByAnotherPod => "cached by a pod with pull credentials this pod lacks",
        }
    }

    /// A few words, for tables.
    pub fn short(self) -> &'static str {
        match self {
            Self::StartWithoutImage => "first start",
            Self::StartWithImage => "start, cached",
            Self::ContainerRestart => "container restart",
            Self::RolloutRestart => "rollout restart",
            Self::SetImage => "set image",
            Self::PodRecreated => "pod recreated",
            Self::ImageCollected => "image collected",
            Self::RegistryDown => "registry down",
            Self::CachedByAnotherPod => "others' credentials",
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the kubelet asks the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pulls {
    Yes,
    No,
    /// On the nodes that lack the image, not on the others.
    WhereAbsent,
    /// When the cached copy is one the kubelet did not pull itself (KEP-2535 checks it).
    IfPreloaded,
}

impl Pulls {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::WhereAbsent => "where absent",
            Self::IfPreloaded => "if preloaded",
        }
    }
}

/// How the event ends for the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Runs,
    /// `ErrImagePull`, then `ImagePullBackOff`, retried on the back-off schedule.
    BacksOff,
    /// `ErrImageNeverPull` or `InvalidImageName`: no pull is tried until something changes.
    Fails,
    /// Runs on the nodes that have the image, fails on the others.
    DependsOnNode,
    /// The event cannot happen to this container.
    NotApplicable,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Runs => "runs",
            Self::BacksOff => "backs off",
            Self::Fails => "fails",
            Self::DependsOnNode => "depends on node",
            Self::NotApplicable => "n/a",
        }
    }
}

/// The kubelet's decision for one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub event: Event,
    pub pulls: Pulls,
    /// Whether the bytes that run are guaranteed to be the ones this spec ran before the event
    /// (or, at a first start, the ones its other pods run): only a digest, or the same cached
    /// copy, guarantees it. `None` when nothing runs.
    pub same_bytes: Option<bool>,
    pub outcome: Outcome,
    /// What `kubectl get pods` shows.
    pub status: String,
    pub reason: String,
}

/// What the kubelet does with one image, event by event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnNode {
    pub steps: Vec<Step>,
    /// The retry schedule of a failed pull, when some event can back off.
    pub backoff: Option<&'static [u32]>,
    /// What holds for every event: pull order, what blocks the pod.
    pub notes: Vec<String>,
}

/// The image a container runs, as the node sees it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub reference: Result<&'a Reference, &'a ReferenceError>,
    /// The effective policy (an invalid one never reaches a node: the API server rejects it).
    pub policy: PullPolicy,
    pub container: ContainerKind,
    /// The kind of the object the pod spec is in; `None` when unknown (`pullpolicy explain`).
    pub kind: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// The subject of an image use; `None` when its policy is invalid (the object is rejected).
    pub fn of(image: &'a ImageUse) -> Option<Subject<'a>> {
        // What the node does depends on the base's image, which is not known here.
        if image.from_base {
            return None;
        }
        Some(Subject {
            reference: image.reference.as_ref(),
            policy: image.resolution.effective()?,
            container: image.container.kind,
            kind: image.object.kind.as_deref(),
        })
    }
}

/// What pins the bytes that run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pin<'a> {
    Digest,
    /// A tag (`latest` when none is written) and whether it moves (`latest`, `floatingTags`).
    Tag(&'a str, bool),
}

impl Pin<'_> {
    fn digest(self) -> bool {
        self == Pin::Digest
    }

    /// What a pull brings.
    fn pulled(self) -> String {
        match self {
            Pin::Digest => "the digest's bytes, the same on every node".to_owned(),
            Pin::Tag(tag, true) => {
                format!("whatever {tag} names at that moment (a tag that moves)")
            }
            Pin::Tag(tag, false) => format!("whatever {tag} names at that moment"),
        }
    }
}

/// Workload kinds `kubectl rollout restart` knows.
const RESTARTABLE: [&str; 3] = ["Deployment", "DaemonSet", "StatefulSet"];

/// The kubelet's decision for every event.
pub fn on_node(subject: &Subject<'_>, settings: &Settings) -> OnNode {
    let steps: Vec<Step> = Event::ALL
        .iter()
        .map(|&event| decide(subject, event, settings))
        .collect();
    let backoff = steps
        .iter()
        .any(|s| s.status.contains("ImagePullBackOff"))
        .then_some(&BACKOFF[..]);
    OnNode {
        notes: notes(subject),
        steps,
        backoff,
    }
}

/// The kubelet's decision for one event (the playground's "re-pulls on restart" needs only
/// that one).
pub fn decide(subject: &Subject<'_>, event: Event, settings: &Settings) -> Step {
    let verification = Verification::of(settings.kubernetes_version, &settings.kubelet);
    let mut step = step(subject, event, settings, verification);
    let deployment = matches!(subject.kind, None | Some("Deployment"));
    if event == Event::RolloutRestart && deployment && step.outcome != Outcome::NotApplicable {
        step.reason
            .push_str("; kubectl refuses a paused Deployment");
    }
    step
}

fn notes(subject: &Subject<'_>) -> Vec<String> {
    let mut notes = Vec::new();
    match subject.container {
        ContainerKind::InitContainer => notes.push(
            "init containers run one at a time before the app containers: until this image is \
             pulled and the container has run, the pod shows Init: and nothing after it starts"
                .to_owned(),
        ),
        ContainerKind::ImageVolume => notes.push(
            "image volumes are pulled when the pod's containers are started, before the first \
             one: until every image volume is present no container of the pod starts; the \
             container runtime must support them (containerd 2.1 or later, CRI-O 1.31 or later)"
                .to_owned(),
        ),
        ContainerKind::EphemeralContainer => notes.push(
            "ephemeral containers (kubectl debug) run once in an existing Pod: never restarted, \
             never part of a template"
                .to_owned(),
        ),
        ContainerKind::Container => {}
    }
    if subject.reference.is_ok() && subject.policy != PullPolicy::Never {
        notes.push(
            "a node pulls one image at a time (kubelet serializeImagePulls: true by default), so \
             another image's slow pull delays this one"
                .to_owned(),
        );
    }
    notes
}

/// The waiting reasons a failed image check leaves on a container.
const REASONS: [&str; 4] = [
    "ErrImagePull",
    "ImagePullBackOff",
    "ErrImageNeverPull",
    "InvalidImageName",
];

/// How a status reads for this container kind: `kubectl get pods` shows an init container's
/// reason as `Init:<reason>`; an image volume's failure is the pod's sync error, not a container
/// status, so its containers stay `ContainerCreating`. In `Running where ..., else <failure>`
/// only the failure changes.
fn status(subject: &Subject<'_>, status: &str) -> String {
    let (head, failure) = match status.split_once(", else ") {
        Some((head, failure)) => (Some(head), failure),
        None if status.starts_with("Running") => return status.to_owned(),
        None => (None, status),
    };
    let failure = match subject.container {
        ContainerKind::InitContainer => REASONS.iter().fold(failure.to_owned(), |s, r| {
            s.replace(r, &format!("Init:{r}"))
        }),
        ContainerKind::ImageVolume => format!("ContainerCreating ({failure} in the pod's events)"),
        _ => failure.to_owned(),
    };
    match head {
        Some(head) => format!("{head}, else {failure}"),
        None => failure,
    }
}

const BACKOFF_STATUS: &str = "ErrImagePull, then ImagePullBackOff";

/// How a decision becomes a [`Step`]: pulls, whether the same bytes run, the outcome, the
/// status as `kubectl get pods` shows it, and why.
type Made<'m> = &'m dyn Fn(Pulls, Option<bool>, Outcome, &str, String) -> Step;

fn step(subject: &Subject<'_>, event: Event, settings: &Settings, v: Verification) -> Step {
    let made = |pulls, same_bytes, outcome, status_reason: &str, reason: String| Step {
        event,
        pulls,
        same_bytes,
        outcome,
        status: match outcome {
            Outcome::NotApplicable => "–".to_owned(),
            _ => status(subject, status_reason),
        },
        reason,
    };
    if let Some(why) = not_applicable(subject, event) {
        return made(Pulls::No, None, Outcome::NotApplicable, "", why);
    }
    let reference = match subject.reference {
        Ok(reference) => reference,
        Err(_) if event == Event::SetImage => {
            return made(
                Pulls::WhereAbsent,
                None,
                Outcome::Runs,
                "Running",
                "a valid new image replaces the broken one; it is pulled as the stored policy says"
                    .to_owned(),
            );
        }
        Err(_) => {
            return made(
                Pulls::No,
                None,
                Outcome::Fails,
                "InvalidImageName",
                "the kubelet cannot parse the image, whatever the policy: nothing is pulled"
                    .to_owned(),
            );
        }
    };
    let pin = match (reference.digest(), reference.tag()) {
        (Some(_), _) => Pin::Digest,
        (None, tag) => {
            let tag = tag.unwrap_or("latest");
            Pin::Tag(tag, tag == "latest" || settings.is_floating(tag))
        }
    };
    let made = &made;
    match subject.policy {
        PullPolicy::Always => by_policy::always(subject, event, pin, made),
        PullPolicy::IfNotPresent => by_policy::if_not_present(subject, event, pin, v, made),
        PullPolicy::Never => by_policy::never(subject, event, pin, v, made),
    }
}

/// Why an event cannot happen to this container, if it cannot.
fn not_applicable(subject: &Subject<'_>, event: Event) -> Option<String> {
    use Event::*;
    if subject.container == ContainerKind::EphemeralContainer {
        let why = match event {
            ContainerRestart => "ephemeral containers are never restarted",
            RolloutRestart | PodRecreated => "a new Pod has no ephemeral containers",
            SetImage => "kubectl set image changes containers and init containers only",
            ImageCollected => {
                "an image in use is never collected, and the container never starts again"
            }
            _ => return None,
        };
        return Some(why.to_owned());
    }
    match (event, subject.kind) {
        (SetImage, _) if subject.container == ContainerKind::ImageVolume => {
            Some("kubectl set image changes containers and init containers only".to_owned())
        }
        (RolloutRestart, Some(kind)) if !RESTARTABLE.contains(&kind) => Some(format!(
            "kubectl rollout restart supports Deployments, DaemonSets and StatefulSets, not a {kind}"
        )),
        (PodRecreated, Some("Pod")) => {
            Some("nothing recreates a bare Pod: applying it again is a first start".to_owned())
        }
        _ => None,
    }
}
