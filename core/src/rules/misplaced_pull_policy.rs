//! `misplaced-pull-policy`: `imagePullPolicy` anywhere but in a container.

use super::misplaced::{Hit, find_key, parent_path, pod_specs_within, unknown_field_note};
use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::manifest::{ContainerKind, FoundBy, ImageUse};
use crate::policy::{PullPolicy, Resolution};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::MisplacedPullPolicy,
    summary: "imagePullPolicy outside a container: kubectl refuses it, others drop it",
    why: "`imagePullPolicy` is a field of each container (image volumes call it \
        `image.pullPolicy`). Written anywhere else (next to `containers:` at the pod spec level, \
        the classic indentation mistake, or on the template, the workload spec, inside `env` or \
        `ports`) it is an unknown field.",
    cluster: "`kubectl apply` validates strictly by default (`--validate=strict`; older kubectl \
        validated against the schema on the client, which refused it too), so the API server \
        rejects the object: `Pod in version \"v1\" cannot be handled as a Pod: strict decoding \
        error: unknown field \"spec.imagePullPolicy\"`. Clients that do not ask for validation \
        (`--validate=false`, many GitOps and IaC tools, controllers) get the API server's default \
        instead: an `unknown field` warning at most, the field dropped, and the container runs \
        with the default policy, not the one written.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: Some(
        "Unsafe: move the value into the containers that have no policy of their \
        own (in an image volume: rename it to `pullPolicy`).",
    ),
    bad_example: include_str!("examples/misplaced_pull_policy.bad.yaml"),
    good_example: include_str!("examples/misplaced_pull_policy.good.yaml"),
    example_settings: None,
    check: Check::Object(check),
};

// What the findings say.

/// `unknown field imagePullPolicy on image volume models: kubectl refuses it, others drop it
/// (IfNotPresent applies)`
fn unknown_on_volume(u: &ImageUse) -> String {
    let effective = u
        .resolution
        .effective()
        .map_or("no valid policy", |p| p.as_str());
    format!(
        "unknown field imagePullPolicy on {}: kubectl refuses it, others drop it ({effective} applies)",
        say::who(u)
    )
}

/// `unknown field imagePullPolicy at spec.template: kubectl refuses it, others drop it (container
/// web defaults to IfNotPresent)`; `defaulted` indexes `images`.
fn unknown_at(path: &str, images: &[ImageUse], defaulted: &[usize]) -> String {
    let at = match parent_path(path) {
        "" => "the top level",
        parent => parent,
    };
    let consequence = match defaulted {
        [] => ", to no effect".to_owned(),
        [i] => {
            let u = &images[*i];
            let policy = u.resolution.effective().map_or("", |p| p.as_str());
            format!(" ({} defaults to {policy})", say::who(u))
        }
        many => format!(" ({} containers get their defaults)", many.len()),
    };
    format!(
        "unknown field imagePullPolicy at {at}: kubectl refuses it, others drop it{consequence}"
    )
}

const VOLUME_SPELLING: &str = "image volumes spell it image.pullPolicy";

const WRITE_IN_EACH_CONTAINER: &str = "write imagePullPolicy inside each container, next to image";

const REMOVE_IGNORED: &str = "remove the ignored imagePullPolicy";

const RENAME: &str = "rename it to pullPolicy";

/// `move it into image as pullPolicy: Never`
fn move_into_image(policy: PullPolicy) -> String {
    format!("move it into image as pullPolicy: {policy}")
}

/// `move imagePullPolicy: Always into container web`, `move imagePullPolicy: Always into 2
/// containers`, or [`REMOVE_IGNORED`] when no container gets it.
fn move_into(policy: PullPolicy, images: &[ImageUse], defaulted: &[usize]) -> String {
    match defaulted {
        [] => REMOVE_IGNORED.to_owned(),
        [i] => format!(
            "move imagePullPolicy: {policy} into {}",
            say::who(&images[*i])
        ),
        many => format!(
            "move imagePullPolicy: {policy} into {} containers",
            many.len()
        ),
    }
}

fn check(cx: &ObjectCx<'_>, out: &mut Vec<Diagnostic>) {
    // Custom resources found by shape may well have a field of this name of their own.
    if cx.object.found_by != Some(FoundBy::Kind) {
        return;
    }
    let object = cx.object;
    let volume = |i: usize| object.images[i].container.kind == ContainerKind::ImageVolume;
    let node_of = |node| object.image_nodes.iter().position(|&(n, _)| n == node);
    for hit in find_key(cx.doc, object, "imagePullPolicy") {
        match hit.at_image {
            Some(i) if volume(i) => out.push(for_volume(cx, &hit, i)),
            Some(_) => {}                                      // where it belongs
            None if object.defaults.contains(&hit.owner) => {} // a default for containers
            // On a volume entry, next to its `image`: meant for that image volume.
            None => match cx.doc.value(hit.owner, "image").and_then(node_of) {
                Some(i) if volume(i) => out.push(for_volume(cx, &hit, i)),
                _ => out.push(misplaced(cx, &hit)),
            },
        }
    }
}

/// `imagePullPolicy` in an image volume's `image` (where the field is `pullPolicy`), or on the
/// volume entry itself.
fn for_volume(cx: &ObjectCx<'_>, hit: &Hit, volume: usize) -> Diagnostic {
    let message = unknown_on_volume(&cx.object.images[volume]);
    let image = cx.object.image_nodes[volume].0;
    let editor = Editor::new(cx.doc);
    let written = cx.doc.str(hit.value).unwrap_or_default();
    let policy = PullPolicy::parse_ignoring_case(written);
    let fix = if cx.doc.get(image, "pullPolicy").is_some() {
        editor
            .delete_entry(hit.mapping, hit.key)
            .map(|e| Fix::new(REMOVE_IGNORED, Applicability::Unsafe, vec![e]))
    } else if hit.mapping == image {
        editor
            .replace_scalar_raw(hit.key, "pullPolicy".to_owned())
            .map(|e| Fix::new(RENAME, Applicability::Unsafe, vec![e]))
    } else {
        policy.and_then(|policy| {
            let edits = vec![
                editor.delete_entry(hit.mapping, hit.key)?,
                editor.set_entry(image, "pullPolicy", policy.as_str(), "reference")?,
            ];
            Some(Fix::new(
                move_into_image(policy),
                Applicability::Unsafe,
                edits,
            ))
        })
    };
    Diagnostic::new(cx.doc.node(hit.key).span, hit.path.clone(), message)
        .note(unknown_field_note(&cx.object.id, &hit.path))
        .help(VOLUME_SPELLING)
        .fix(fix)
}

fn misplaced(cx: &ObjectCx<'_>, hit: &Hit) -> Diagnostic {
    let object = cx.object;
    let is_container = |&i: &usize| object.images[i].container.kind != ContainerKind::ImageVolume;
    // The containers it was meant for: the one it sits in, else those below where it is written,
    // else all of the object's.
    let targets: Vec<usize> = match hit.inside_image {
        Some(i) => vec![i],
        None => {
            let specs = pod_specs_within(cx.doc, object, hit.owner);
            let below: Vec<usize> = (0..object.images.len())
                .filter(|&i| specs.contains(&object.image_nodes[i].1))
                .filter(is_container)
                .collect();
            if below.is_empty() {
                (0..object.images.len()).filter(is_container).collect()
            } else {
                below
            }
        }
    };
    let defaulted: Vec<usize> = targets
        .iter()
        .copied()
        .filter(|&i| matches!(object.images[i].resolution, Resolution::Defaulted { .. }))
        .collect();
    let message = unknown_at(&hit.path, &object.images, &defaulted);
    let written = cx.doc.str(hit.value).unwrap_or_default();
    let policy = PullPolicy::parse_ignoring_case(written);
    let fix = policy.and_then(|policy| move_fix(cx, hit, policy, &defaulted));
    Diagnostic::new(cx.doc.node(hit.key).span, hit.path.clone(), message)
        .note(unknown_field_note(&object.id, &hit.path))
        .help(WRITE_IN_EACH_CONTAINER)
        .fix(fix)
}

/// Deletes the misplaced line and writes the policy into each container that has none.
fn move_fix(cx: &ObjectCx<'_>, hit: &Hit, policy: PullPolicy, defaulted: &[usize]) -> Option<Fix> {
    let editor = Editor::new(cx.doc);
    let mut edits = vec![editor.delete_entry(hit.mapping, hit.key)?];
    for &i in defaulted {
        let node = cx.object.image_nodes[i].0;
        edits.push(editor.set_entry(node, "imagePullPolicy", policy.as_str(), "image")?);
    }
    let title = move_into(policy, &cx.object.images, defaulted);
    Some(Fix::new(title, Applicability::Unsafe, edits))
}
