//! `misplaced-pull-secrets`: `imagePullSecrets` outside the pod spec, or written as strings.

use super::misplaced::{Hit, find_key, parent_path, pod_specs_within, unknown_field_note};
use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::manifest::{FoundBy, ImageUse, ObjectId, PodSpec, type_of};
use crate::policy::Defaulter;
use crate::severity::Severity::Error;
use crate::yaml::NodeKind;

pub static RULE: Rule = Rule {
    id: RuleId::MisplacedPullSecrets,
    summary: "imagePullSecrets in a container or at the wrong level, or entries written as strings",
    why: "`imagePullSecrets` belongs to the pod spec (next to `containers:`), as a list \
        of `{name: ...}`, not of bare strings (`- regcred`). Inside a container, or on the \
        template or workload spec, it is an unknown field.",
    cluster: "For an unknown field, `kubectl apply` (`--validate=strict`, its default) gets the \
        object rejected with a strict decoding error, and clients that do not ask for validation \
        (GitOps and IaC tools, controllers) have the field dropped, so the pull goes out without \
        those credentials and fails with an authentication error (`ErrImagePull`). Entries \
        written as bare strings cannot be decoded: the API server rejects the object.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: Some(
        "Unsafe: move the list to the pod spec (when the pod spec has none yet), or \
        rewrap a string entry as `name: ...`.",
    ),
    bad_example: include_str!("examples/misplaced_pull_secrets.bad.yaml"),
    good_example: include_str!("examples/misplaced_pull_secrets.good.yaml"),
    example_settings: None,
    check: Check::Object(check),
};

// What the findings say.

/// `the API server rejects this Pod: in imagePullSecrets an entry is a number, not {name: ...}`,
/// with `what` from [`name_not_a_string`], [`entry_is_the_string`] or [`entry_is_a`].
fn undecodable(object: &ObjectId, by: Defaulter, what: &str) -> String {
    format!("{}: in imagePullSecrets {what}", say::rejecter(object, by))
}

/// `its name is a number, not a string`
fn name_not_a_string(ty: &str) -> String {
    format!("its name is a {ty}, not a string")
}

/// `an entry is the string "regcred", not {name: ...}`
fn entry_is_the_string(value: &str) -> String {
    format!("an entry is the string {value:?}, not {{name: ...}}")
}

/// `an entry is a sequence, not {name: ...}`
fn entry_is_a(ty: &str) -> String {
    format!("an entry is a {ty}, not {{name: ...}}")
}

const WRITE_EACH_ENTRY: &str = "write each entry as - name: <secret name>";

/// `write name: regcred`
fn write_name(value: &str) -> String {
    format!("write name: {value}")
}

/// `unknown field imagePullSecrets in container web: kubectl refuses it, others drop it (no
/// credentials)`
fn unknown_in(u: &ImageUse) -> String {
    format!(
        "unknown field imagePullSecrets in {}: kubectl refuses it, others drop it (no credentials)",
        say::who(u)
    )
}

/// `unknown field imagePullSecrets at spec.template: kubectl refuses it, others drop it (no
/// credentials)`, for the key at `path`.
fn unknown_at(path: &str) -> String {
    let at = match parent_path(path) {
        "" => "the top level",
        parent => parent,
    };
    format!(
        "unknown field imagePullSecrets at {at}: kubectl refuses it, others drop it (no credentials)"
    )
}

/// `imagePullSecrets is a field of the pod spec, next to containers; kubectl apply
/// (--validate=strict, its default) fails with ...`
fn misplaced_note(object: &ObjectId, path: &str) -> String {
    format!(
        "imagePullSecrets is a field of the pod spec, next to containers; {}",
        unknown_field_note(object, path)
    )
}

/// `move imagePullSecrets to spec.template.spec`, or to `the pod spec, next to containers`.
fn move_to(spec: Option<&PodSpec>) -> String {
    match spec {
        Some(spec) => format!("move imagePullSecrets to {}", spec.path),
        None => "move imagePullSecrets to the pod spec, next to containers".to_owned(),
    }
}

const MOVE_TO_POD_SPEC: &str = "move imagePullSecrets to the pod spec";

const REMOVE_IGNORED: &str = "remove the ignored imagePullSecrets (the pod spec has them)";

fn check(cx: &ObjectCx<'_>, out: &mut Vec<Diagnostic>) {
    if cx.object.found_by != Some(FoundBy::Kind) {
        return;
    }
    for hit in find_key(cx.doc, cx.object, "imagePullSecrets") {
        match cx.object.pod_specs.iter().find(|s| s.node == hit.owner) {
            Some(spec) => bare_strings(cx, &hit, spec.by, out),
            None => out.push(misplaced(cx, &hit)),
        }
    }
}

/// Entries of a well-placed `imagePullSecrets` that cannot be decoded: anything but a mapping
/// whose `name` is a string. A null entry is left alone (it decodes as an empty reference).
fn bare_strings(cx: &ObjectCx<'_>, hit: &Hit, by: Defaulter, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let Some(items) = doc.sequence(hit.value) else {
        return;
    };
    let flow = doc.source_of(hit.value).starts_with('[');
    for (i, &item) in items.iter().enumerate() {
        let path = format!("{}[{i}]", hit.path);
        let (what, at, fix) = match doc.kind(item) {
            NodeKind::Mapping(_) => match doc.value(item, "name").map(|n| (n, type_of(doc, n))) {
                Some((name, ty)) if ty != "string" && ty != "null" => {
                    (name_not_a_string(ty), name, None)
                }
                _ => continue,
            },
            NodeKind::Scalar(_) if type_of(doc, item) == "null" => continue,
            NodeKind::Scalar(scalar) if type_of(doc, item) == "string" => {
                let source = doc.source_of(item);
                // `{"name": ...}` is YAML flow and JSON alike.
                let raw = if flow {
                    format!("{{\"name\": {source}}}")
                } else {
                    format!("name: {source}")
                };
                let fix = Editor::new(doc)
                    .replace_scalar_raw(item, raw)
                    .map(|e| Fix::new(write_name(&scalar.value), Applicability::Unsafe, vec![e]));
                (entry_is_the_string(&scalar.value), item, fix)
            }
            _ => (entry_is_a(type_of(doc, item)), item, None),
        };
        let message = undecodable(&cx.object.id, by, &what);
        out.push(
            Diagnostic::new(doc.node(at).span, path, message)
                .help(WRITE_EACH_ENTRY)
                .fix(fix),
        );
    }
}

fn misplaced(cx: &ObjectCx<'_>, hit: &Hit) -> Diagnostic {
    let object = cx.object;
    let (message, target) = match hit.inside_image.or(hit.at_image) {
        Some(i) => (unknown_in(&object.images[i]), Some(object.image_nodes[i].1)),
        None => {
            let specs = pod_specs_within(cx.doc, object, hit.owner);
            (unknown_at(&hit.path), (specs.len() == 1).then(|| specs[0]))
        }
    };
    let spec = target.map(|t| &object.pod_specs[t]);
    let fix = spec.and_then(|spec| move_fix(cx, hit, spec.node));
    Diagnostic::new(cx.doc.node(hit.key).span, hit.path.clone(), message)
        .note(misplaced_note(&object.id, &hit.path))
        .help(move_to(spec))
        .fix(fix)
}

/// Moves the list to the pod spec when it has none; deletes it when the pod spec already lists
/// every name.
fn move_fix(cx: &ObjectCx<'_>, hit: &Hit, spec: crate::yaml::NodeId) -> Option<Fix> {
    let editor = Editor::new(cx.doc);
    let names = |list| -> Vec<String> {
        cx.doc
            .sequence(list)
            .unwrap_or_default()
            .iter()
            .filter_map(|&e| {
                cx.doc
                    .value(e, "name")
                    .and_then(|n| cx.doc.str(n))
                    .map(str::to_owned)
            })
            .collect()
    };
    match cx.doc.get(spec, "imagePullSecrets") {
        None => {
            let edits = editor.move_entry(hit.mapping, hit.key, spec)?;
            Some(Fix::new(MOVE_TO_POD_SPEC, Applicability::Unsafe, edits))
        }
        Some((_, existing)) => {
            let have = names(existing);
            if !names(hit.value).iter().all(|n| have.contains(n)) {
                return None;
            }
            let edit = editor.delete_entry(hit.mapping, hit.key)?;
            Some(Fix::new(REMOVE_IGNORED, Applicability::Unsafe, vec![edit]))
        }
    }
}
