//! `pull-secret-api-warning`: `imagePullSecrets` entries the API server warns about, an empty
//! name or one listed twice.

use super::{Check, Diagnostic, FixAvailability, ObjectCx, Rule, RuleId, Severities};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::go_quote::go_quote;
use crate::manifest::FoundBy;
use crate::policy::Defaulter;
use crate::severity::Severity::{Error, Warning};
use crate::yaml::NodeKind;

pub static RULE: Rule = Rule {
    id: RuleId::PullSecretApiWarning,
    summary: "imagePullSecrets entry with an empty name, or listed twice",
    why: "An entry without a name and a Secret listed twice (which is only noise) usually come \
        from a template whose value was left empty. Checked in Pods and built-in workloads, whose \
        pod templates get the same warnings.",
    cluster: "The API server admits these but answers with a warning (`kubectl apply` prints \
        it; `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`): `invalid empty name \"\"` \
        for an entry without a name, which the kubelet then fails to look up, and `duplicate \
        name` for a Secret listed twice.",
    severity: Severities {
        dev: Warning,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::Safe,
    fix_description: Some("Safe: remove the entry (a duplicate, or an empty one)."),
    bad_example: include_str!("examples/pull_secret_api_warning.bad.yaml"),
    good_example: include_str!("examples/pull_secret_api_warning.good.yaml"),
    example_settings: None,
    check: Check::Object(check),
};

// What the findings say.

/// `the API server warns: Secret "regcred" is listed twice`
fn listed_twice(name: &str) -> String {
    format!(
        "the API server warns: Secret {} is listed twice",
        go_quote(name)
    )
}

/// The API server's warning: `spec.imagePullSecrets[1].name: duplicate name "regcred"`
fn duplicate_name(path: &str, name: &str) -> String {
    format!("{path}: duplicate name {}", go_quote(name))
}

const REMOVE_REPEATED: &str = "remove the repeated entry";

const NO_NAME: &str = "the API server warns: an imagePullSecrets entry has no name, and the kubelet finds no Secret for it";

/// The API server's warning: `spec.imagePullSecrets[0].name: invalid empty name ""`
fn invalid_empty_name(path: &str) -> String {
    format!("{path}: invalid empty name \"\"")
}

const NAME_OR_REMOVE: &str = "name the Secret, or remove the entry";

/// The fix's title, for either finding.
const REMOVE_ENTRY: &str = "remove the entry";

/// kubernetes `pkg/api/pod/warnings.go` `warningsForPodSpecAndMeta`: one warning per repeated
/// name (`duplicate name %q`), one per empty name (`invalid empty name %q`), both at
/// `<pod spec>.imagePullSecrets[i].name`.
fn check(cx: &ObjectCx<'_>, out: &mut Vec<Diagnostic>) {
    if cx.object.found_by != Some(FoundBy::Kind) {
        return;
    }
    let doc = cx.doc;
    for spec in cx
        .object
        .pod_specs
        .iter()
        .filter(|s| s.by == Defaulter::ApiServer)
    {
        let Some(list) = doc.value(spec.node, "imagePullSecrets") else {
            continue;
        };
        let Some(items) = doc.sequence(list) else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        for (i, &item) in items.iter().enumerate() {
            // Entries that cannot be decoded are misplaced-pull-secrets' finding.
            let name = match doc.kind(item) {
                NodeKind::Mapping(_) => match doc.value(item, "name") {
                    None => "",
                    Some(n) if crate::manifest::type_of(doc, n) == "null" => "",
                    Some(n) => match doc.str(n) {
                        Some(name) => name,
                        None => continue,
                    },
                },
                _ if crate::manifest::type_of(doc, item) == "null" => "",
                _ => continue,
            };
            let path = format!("{}.imagePullSecrets[{i}].name", spec.path);
            // The name when written, else the entry.
            let at = doc.value(item, "name").unwrap_or(item);
            let span = doc.node(at).span;
            let remove = || {
                Editor::new(doc)
                    .delete_item(list, item)
                    .map(|edit| Fix::new(REMOVE_ENTRY, Applicability::Safe, vec![edit]))
            };
            if seen.contains(&name) {
                out.push(
                    Diagnostic::new(span, path.clone(), listed_twice(name))
                        .note(duplicate_name(&path, name))
                        .help(REMOVE_REPEATED)
                        .fix(remove()),
                );
            } else {
                seen.push(name);
            }
            if name.is_empty() {
                let warning = invalid_empty_name(&path);
                out.push(
                    Diagnostic::new(span, path, NO_NAME)
                        .note(warning)
                        .help(NAME_OR_REMOVE)
                        .fix(remove()),
                );
            }
        }
    }
}
