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
    explanation: "The API server admits these but answers with a warning (`kubectl apply` \
        prints it): `invalid empty name \"\"` for an entry without a name, which the kubelet \
        then fails to look up, and `duplicate name` for a Secret listed twice, which is only \
        noise. Both usually come from a template whose value was left empty. Checked in Pods and \
        built-in workloads, whose pod templates get the same warnings.",
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
                    .map(|edit| Fix::new("remove the entry", Applicability::Safe, vec![edit]))
            };
            if seen.contains(&name) {
                let warning = format!("{path}: duplicate name {}", go_quote(name));
                let message = format!(
                    "the API server warns: Secret {} is listed twice",
                    go_quote(name)
                );
                out.push(
                    Diagnostic::new(span, path.clone(), message)
                        .note(warning)
                        .help("remove the repeated entry")
                        .fix(remove()),
                );
            } else {
                seen.push(name);
            }
            if name.is_empty() {
                let warning = format!("{path}: invalid empty name \"\"");
                let message = "the API server warns: an imagePullSecrets entry has no name, and the kubelet finds no Secret for it".to_owned();
                out.push(
                    Diagnostic::new(span, path, message)
                        .note(warning)
                        .help("name the Secret, or remove the entry")
                        .fix(remove()),
                );
            }
        }
    }
}
