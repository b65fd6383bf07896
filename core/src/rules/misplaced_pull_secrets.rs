//! `misplaced-pull-secrets`: `imagePullSecrets` outside the pod spec, or written as strings.

use super::misplaced::{Hit, find_key, parent_path, pod_specs_within, unknown_field_note};
use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::manifest::FoundBy;
use crate::manifest::type_of;
use crate::policy::Defaulter;
use crate::severity::Severity::Error;
use crate::yaml::NodeKind;

pub static RULE: Rule = Rule {
    id: RuleId::MisplacedPullSecrets,
    summary: "imagePullSecrets in a container or at the wrong level, or entries written as strings",
    explanation: "`imagePullSecrets` belongs to the pod spec (next to `containers:`), as a list \
        of `{name: ...}`. Inside a container, or on the template or workload spec, it is an \
        unknown field: `kubectl apply` (`--validate=strict`, its default) gets the object \
        rejected with a strict decoding error, and clients that do not ask for validation \
        (GitOps and IaC tools, controllers) have the field dropped, so the pull goes out without \
        those credentials and fails with an authentication error (`ErrImagePull`). Entries written as bare strings \
        (`- regcred`) cannot be decoded: the API server rejects the object.",
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
                    (format!("its name is a {ty}, not a string"), name, None)
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
                let fix = Editor::new(doc).replace_scalar_raw(item, raw).map(|e| {
                    let title = format!("write name: {}", scalar.value);
                    Fix::new(title, Applicability::Unsafe, vec![e])
                });
                (
                    format!(
                        "an entry is the string {:?}, not {{name: ...}}",
                        scalar.value
                    ),
                    item,
                    fix,
                )
            }
            _ => (
                format!("an entry is a {}, not {{name: ...}}", type_of(doc, item)),
                item,
                None,
            ),
        };
        let message = format!(
            "{}: in imagePullSecrets {what}",
            say::rejecter(&cx.object.id, by)
        );
        out.push(
            Diagnostic::new(doc.node(at).span, path, message)
                .help("write each entry as - name: <secret name>")
                .fix(fix),
        );
    }
}

fn misplaced(cx: &ObjectCx<'_>, hit: &Hit) -> Diagnostic {
    let object = cx.object;
    let (message, target) = match hit.inside_image.or(hit.at_image) {
        Some(i) => {
            let u = &object.images[i];
            let message = format!(
                "unknown field imagePullSecrets in {}: kubectl refuses it, others drop it (no credentials)",
                say::who(u)
            );
            (message, Some(object.image_nodes[i].1))
        }
        None => {
            let at = match parent_path(&hit.path) {
                "" => "the top level",
                parent => parent,
            };
            let specs = pod_specs_within(cx.doc, object, hit.owner);
            let message = format!(
                "unknown field imagePullSecrets at {at}: kubectl refuses it, others drop it (no credentials)"
            );
            (message, (specs.len() == 1).then(|| specs[0]))
        }
    };
    let spec = target.map(|t| &object.pod_specs[t]);
    let fix = spec.and_then(|spec| move_fix(cx, hit, spec.node));
    let help = match spec {
        Some(spec) => format!("move imagePullSecrets to {}", spec.path),
        None => "move imagePullSecrets to the pod spec, next to containers".to_owned(),
    };
    Diagnostic::new(cx.doc.node(hit.key).span, hit.path.clone(), message)
        .note(format!(
            "imagePullSecrets is a field of the pod spec, next to containers; {}",
            unknown_field_note(&object.id, &hit.path)
        ))
        .help(help)
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
            Some(Fix::new(
                "move imagePullSecrets to the pod spec",
                Applicability::Unsafe,
                edits,
            ))
        }
        Some((_, existing)) => {
            let have = names(existing);
            if !names(hit.value).iter().all(|n| have.contains(n)) {
                return None;
            }
            let edit = editor.delete_entry(hit.mapping, hit.key)?;
            Some(Fix::new(
                "remove the ignored imagePullSecrets (the pod spec has them)",
                Applicability::Unsafe,
                vec![edit],
            ))
        }
    }
}
