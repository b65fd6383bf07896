//! The kubelet's decision table, one function per pull policy: what each event pulls, which
//! bytes run, and the status it leaves (`step` in node.rs builds the step from it).

use super::credentials::Verification;
use super::{BACKOFF_STATUS, Event, Made, Outcome, Pin, Pulls, Step, Subject};
use crate::manifest::ContainerKind;
use crate::policy::PullPolicy;

/// `Always`: the kubelet asks the registry at every container start.
pub(super) fn always(subject: &Subject<'_>, event: Event, pin: Pin<'_>, made: Made<'_>) -> Step {
    use {Event::*, Outcome::*};
    let same = Some(pin.digest());
    match event {
        StartWithoutImage => pulled_at_start(PullPolicy::Always, pin, made),
        StartWithImage => made(
            Pulls::Yes,
            same,
            Runs,
            "Running",
            match pin {
                Pin::Digest => "Always asks the registry anyway (a copy only loaded onto the node fails: ErrImagePull); the layers there are reused".to_owned(),
                Pin::Tag(tag, _) => format!(
                    "Always asks the registry anyway (a copy only loaded onto the node fails: ErrImagePull); if {tag} moved, this pod runs the new build"
                ),
            },
        ),
        // Image volumes are ensured again whenever the kubelet starts a container of the pod.
        ContainerRestart if subject.container == ContainerKind::ImageVolume => made(
            Pulls::Yes,
            same,
            Runs,
            "Running",
            format!(
                "a container restart ensures the pod's image volumes again: Always pulls, and the restarted container mounts {}",
                pin.pulled()
            ),
        ),
        ContainerRestart => made(
            Pulls::Yes,
            same,
            Runs,
            "Running",
            match pin {
                Pin::Digest => "every container start pulls again, for the same digest".to_owned(),
                Pin::Tag(tag, _) => format!(
                    "every container start pulls again: after a push of {tag} the restarted container runs the new build"
                ),
            },
        ),
        RolloutRestart => made(
            Pulls::Yes,
            same,
            Runs,
            "Running",
            format!("every new pod pulls: they all run {}", pin.pulled()),
        ),
        SetImage => made(
            Pulls::Yes,
            Some(false),
            Runs,
            "Running",
            "the stored policy stays Always: every new pod pulls the new reference".to_owned(),
        ),
        PodRecreated => made(
            Pulls::Yes,
            same,
            Runs,
            "Running",
            format!("the new pod pulls again: it runs {}", pin.pulled()),
        ),
        ImageCollected => made(
            Pulls::Yes,
            same,
            Runs,
            "Running",
            "Always pulls at every start anyway: the collection costs a download, nothing else"
                .to_owned(),
        ),
        RegistryDown => made(
            Pulls::Yes,
            None,
            BacksOff,
            BACKOFF_STATUS,
            "every start needs the registry, restarts included, even with the image cached; running containers keep running"
                .to_owned(),
        ),
        CachedByAnotherPod => made(
            Pulls::Yes,
            None,
            BacksOff,
            BACKOFF_STATUS,
            "Always pulls with this pod's own credentials, so another pod's cached copy never helps: a private registry refuses it"
                .to_owned(),
        ),
    }
}

/// `IfNotPresent`: the kubelet pulls only what the node lacks (and, under a credential check,
/// what it cannot vouch for).
pub(super) fn if_not_present(
    subject: &Subject<'_>,
    event: Event,
    pin: Pin<'_>,
    v: Verification,
    made: Made<'_>,
) -> Step {
    use {Event::*, Outcome::*, Pulls::WhereAbsent};
    let same = Some(pin.digest());
    match event {
        StartWithoutImage => pulled_at_start(PullPolicy::IfNotPresent, pin, made),
        ContainerRestart if subject.container == ContainerKind::ImageVolume => remounted(made),
        StartWithImage if v.checks_preloaded() => made(
        Pulls::IfPreloaded,
        same,
        Runs,
        "Running",
        format!(
            "under {} a copy the kubelet did not pull itself (preloaded) is pulled again to check credentials; its own pulls are reused",
            v.policy
        ),
        ),
        StartWithImage => made(
        Pulls::No,
        same,
        Runs,
        "Running",
        match pin {
            Pin::Digest => "IfNotPresent uses the cached digest: the same bytes as everywhere".to_owned(),
            Pin::Tag(tag, _) => format!(
                "IfNotPresent uses the node's copy of {tag}, however old: other nodes may run another push"
            ),
        },
        ),
        ContainerRestart => made(
        Pulls::No,
        Some(true),
        Runs,
        "Running",
        "the image is on the node: the restarted container runs the same bytes as before"
            .to_owned(),
        ),
        RolloutRestart => made(
        WhereAbsent,
        same,
        Runs,
        "Running",
        match pin {
            Pin::Digest => "new pods reuse the cached digest; nodes without it pull the same bytes".to_owned(),
            Pin::Tag(tag, _) => format!(
                "new pods keep each node's cached {tag}, so a new push is not picked up; nodes without it pull, and builds mix"
            ),
        },
        ),
        SetImage => made(
        WhereAbsent,
        Some(false),
        Runs,
        "Running",
        "the stored policy stays IfNotPresent (even for a :latest image): a node pulls the new reference only if it lacks it"
            .to_owned(),
        ),
        PodRecreated => made(
        WhereAbsent,
        same,
        Runs,
        "Running",
        "as a start on whichever node the new pod lands: the cached copy there, else a pull"
            .to_owned(),
        ),
        ImageCollected => made(
        Pulls::Yes,
        same,
        Runs,
        "Running",
        format!("the next start on that node pulls again: it runs {}", pin.pulled()),
        ),
        RegistryDown => made(
        WhereAbsent,
        same,
        DependsOnNode,
        "Running where cached, else ErrImagePull, then ImagePullBackOff",
        "nodes with the image start and restart it without the registry; the others back off"
            .to_owned(),
        ),
        CachedByAnotherPod if v.checks_pulled_images() => made(
        Pulls::Yes,
        None,
        BacksOff,
        BACKOFF_STATUS,
        format!(
            "{}: the kubelet pulls again with this pod's credentials and fails without them (exempt: images pulled without pod credentials, {})",
            v.describe(),
            v.exempt()
        ),
        ),
        CachedByAnotherPod => unchecked(pin, v, made),
    }
}

/// `Never`: the kubelet never pulls; it runs what is on the node or fails.
pub(super) fn never(
    subject: &Subject<'_>,
    event: Event,
    pin: Pin<'_>,
    v: Verification,
    made: Made<'_>,
) -> Step {
    use {Event::*, Outcome::*};
    let same = Some(pin.digest());
    match event {
        StartWithoutImage => made(
            Pulls::No,
            None,
            Fails,
            "ErrImageNeverPull",
            "Never does not pull: the container waits until someone loads the image onto the node"
                .to_owned(),
        ),
        ContainerRestart if subject.container == ContainerKind::ImageVolume => remounted(made),
        StartWithImage if v.checks_preloaded() => made(
        Pulls::No,
        same,
        DependsOnNode,
        "Running if the kubelet pulled it for these credentials, else ErrImageNeverPull",
        format!(
            "under {} a copy the kubelet did not pull itself (preloaded) cannot be checked without a pull, so it is refused",
            v.policy
        ),
        ),
        StartWithImage => made(
        Pulls::No,
        same,
        Runs,
        "Running",
        "Never runs what is on the node, whoever put it there".to_owned(),
        ),
        ContainerRestart => made(
        Pulls::No,
        Some(true),
        Runs,
        "Running",
        "the image is on the node: the restarted container runs the same bytes".to_owned(),
        ),
        RolloutRestart | SetImage | PodRecreated => made(
        Pulls::No,
        same,
        DependsOnNode,
        "Running where present, else ErrImageNeverPull",
        "nothing is pulled: a new pod starts only on a node that already has the image"
            .to_owned(),
        ),
        ImageCollected => made(
        Pulls::No,
        None,
        Fails,
        "ErrImageNeverPull",
        "a collected image is gone for good: later starts on that node fail until it is loaded again"
            .to_owned(),
        ),
        RegistryDown => made(
        Pulls::No,
        same,
        Runs,
        "Running",
        "Never never contacts the registry".to_owned(),
        ),
        CachedByAnotherPod if v.checks_pulled_images() => made(
        Pulls::No,
        None,
        Fails,
        "ErrImageNeverPull",
        format!(
            "{}: the kubelet cannot check this pod's credentials without a pull, so it refuses as if the image were absent (exempt: images pulled without pod credentials, {})",
            v.describe(),
            v.exempt()
        ),
        ),
        CachedByAnotherPod => unchecked(pin, v, made),

    }
}

/// A container restart with the image volume's image on the node, which `IfNotPresent` and
/// `Never` keep: nothing is pulled.
fn remounted(made: Made<'_>) -> Step {
    made(
        Pulls::No,
        Some(true),
        Outcome::Runs,
        "Running",
        "the image is on the node: the restarted container mounts the same bytes".to_owned(),
    )
}

/// A first start on a node without the image, under a policy that pulls.
fn pulled_at_start(policy: PullPolicy, pin: Pin<'_>, made: Made<'_>) -> Step {
    made(
        Pulls::Yes,
        Some(pin.digest()),
        Outcome::Runs,
        "Running",
        format!("{policy} pulls: it runs {}", pin.pulled()),
    )
}

/// A cached private image another pod pulled, under a kubelet that checks no credentials for it
/// (`IfNotPresent` and `Never` alike): it runs.
fn unchecked(pin: Pin<'_>, v: Verification, made: Made<'_>) -> Step {
    made(
        Pulls::No,
        Some(pin.digest()),
        Outcome::Runs,
        "Running",
        format!(
            "{}: no check, this pod runs the cached private image",
            v.describe()
        ),
    )
}
