//! Images that something fills in before a Pod runs them: template expressions, variables,
//! `ko://` paths, OpenShift image triggers. As written they are no image reference at all (`$`,
//! `{`, `}`, `<`, `>` never appear in one), so judging their tag or registry would only be noise.

use std::fmt;

use crate::yaml::{Document, NodeId};

/// What fills an image in, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filler {
    /// `{{…}}` in an Argo Workflows or Argo Rollouts object: a parameter or an argument.
    Argo,
    /// `{{…}}` elsewhere: a Helm or Go template that was not rendered.
    Template,
    /// `${…}` in an OpenShift `Template`'s objects.
    TemplateParameter,
    /// `${…}`, `$NAME`, `$(…)`: envsubst, a shell or a CI step.
    Variable,
    /// `ko://`: an import path that `ko` builds.
    Ko,
    /// `<…>` or `{…}`: a documentation placeholder, to replace by hand.
    ByHand,
    /// An OpenShift image trigger names the container (an `image.openshift.io/triggers`
    /// annotation, or a DeploymentConfig `ImageChange` trigger).
    ImageTrigger,
}

/// Where an image is written, as far as its placeholders go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// In an object of the `argoproj.io` group.
    pub argo: bool,
    /// In an OpenShift `Template`'s `objects`.
    pub in_template: bool,
    /// An image trigger names the container.
    pub triggered: bool,
}

/// What fills `image` in, if it is a placeholder.
pub fn filler(image: &str, cx: Context) -> Option<Filler> {
    if cx.triggered {
        return Some(Filler::ImageTrigger);
    }
    let between = |open: &str, close: &str| {
        image
            .find(open)
            .is_some_and(|at| image[at + open.len()..].contains(close))
    };
    Some(if image.starts_with("ko://") {
        Filler::Ko
    } else if between("${", "}") {
        // Before `{{`: an OpenShift template writes `${{NAME}}` for a value that is not a string.
        if cx.in_template {
            Filler::TemplateParameter
        } else {
            Filler::Variable
        }
    } else if between("{{", "}}") {
        if cx.argo {
            Filler::Argo
        } else {
            Filler::Template
        }
    } else if has_variable(image) {
        Filler::Variable
    } else if between("<", ">") || between("{", "}") || has_upper_snake_component(image) {
        Filler::ByHand
    } else {
        return None;
    })
}

/// What fills a pull policy in, if it is a template expression, a variable or a `<…>`
/// placeholder. Unlike an image, a policy is never a `ko://` path or an image trigger's, and an
/// upper-snake value (`IF_NOT_PRESENT`) is a misspelt policy, not a placeholder.
pub fn policy_filler(policy: &str, cx: Context) -> Option<Filler> {
    let cx = Context {
        triggered: false,
        ..cx
    };
    let filler = filler(policy, cx)?;
    let by_hand = policy.contains(['<', '{']);
    (filler != Filler::Ko && (filler != Filler::ByHand || by_hand)).then_some(filler)
}

/// A container an OpenShift image trigger sets the image of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Triggered<'d> {
    /// In `initContainers` rather than `containers`.
    pub init: bool,
    pub container: Target<'d>,
}

/// How a trigger names a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'d> {
    Name(&'d str),
    Index(usize),
}

/// The containers an OpenShift image trigger sets the image of: those an
/// `image.openshift.io/triggers` annotation's `fieldPath`s select
/// (`spec.template.spec.containers[?(@.name=="web")].image` or `...containers[0].image`), and a
/// DeploymentConfig's `ImageChange` triggers' `containerNames`.
pub fn triggered_containers<'d>(doc: &'d Document<'_>, object: NodeId) -> Vec<Triggered<'d>> {
    let mut out = Vec::new();
    let annotation = doc
        .path(object, &["metadata", "annotations"])
        .and_then(|a| doc.value(a, "image.openshift.io/triggers"))
        .and_then(|v| doc.str(v))
        .unwrap_or_default();
    // The annotation is JSON; a selector's quotes are escaped in it.
    for (at, _) in annotation.match_indices("ontainers[") {
        let init = annotation[..at].ends_with("initC");
        let selector = &annotation[at + "ontainers[".len()..];
        let container = match selector.strip_prefix("?(@.name==") {
            Some(name) => {
                let name = name.trim_start_matches(['\\', '"', '\'']);
                let end = name.find(['\\', '"', '\'', ')']).unwrap_or(name.len());
                Target::Name(&name[..end])
            }
            None => {
                let digits = selector.find(|c: char| !c.is_ascii_digit());
                match selector[..digits.unwrap_or(selector.len())].parse() {
                    Ok(index) => Target::Index(index),
                    Err(_) => continue,
                }
            }
        };
        out.push(Triggered { init, container });
    }
    let triggers = doc
        .path(object, &["spec", "triggers"])
        .and_then(|t| doc.sequence(t));
    for &trigger in triggers.unwrap_or_default() {
        if doc.value(trigger, "type").and_then(|t| doc.str(t)) != Some("ImageChange") {
            continue;
        }
        let names = doc
            .path(trigger, &["imageChangeParams", "containerNames"])
            .and_then(|c| doc.sequence(c));
        // containerNames covers init containers too (OpenShift's `ContainerImageNames`).
        for name in names.unwrap_or_default().iter().filter_map(|&c| doc.str(c)) {
            for init in [false, true] {
                let container = Target::Name(name);
                out.push(Triggered { init, container });
            }
        }
    }
    out
}

/// A path component in upper snake case (`PROJECT_ID`, `IMAGE_NAME`): never valid in a
/// repository path (lowercase only) nor in a registry host (no `_`), so a name to replace. The
/// tag is not looked at: `app:MY_TAG` is a valid reference.
fn has_upper_snake_component(image: &str) -> bool {
    let name = image.split('@').next().unwrap_or_default();
    // A `:` with no `/` after it starts the tag; one before a `/` is a registry's port.
    let path = name
        .rsplit_once(':')
        .filter(|(_, tag)| !tag.contains('/'))
        .map_or(name, |(path, _)| path);
    path.split('/').any(|component| {
        component.contains('_')
            && component.chars().any(|c| c.is_ascii_uppercase())
            && component
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// `$NAME` or `$(…)`.
fn has_variable(image: &str) -> bool {
    image.match_indices('$').any(|(at, _)| {
        image[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c == '(' || c == '_' || c.is_ascii_alphabetic())
    })
}

impl Filler {
    /// What the image is and who fills it in, as a noun phrase ("the image is ...").
    pub fn what(self) -> &'static str {
        match self {
            Self::Argo => "an Argo parameter or argument, filled in when Argo creates the Pod",
            Self::Template => {
                "a Helm or Go template expression, to be rendered before the manifest is applied"
            }
            Self::TemplateParameter => {
                "an OpenShift template parameter, substituted when the template is processed (oc process, oc new-app)"
            }
            Self::Variable => {
                "a variable, to be substituted (envsubst, a shell, a CI step) before the manifest is applied"
            }
            Self::Ko => {
                "a ko import path, built and replaced with the image's digest by ko resolve or ko apply"
            }
            Self::ByHand => "a placeholder, to be replaced by hand before the manifest is applied",
            Self::ImageTrigger => {
                "the target of an OpenShift image trigger, which sets it from an image stream tag (as a digest) and again whenever the tag moves"
            }
        }
    }
}

impl fmt::Display for Filler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: Context = Context {
        argo: false,
        in_template: false,
        triggered: false,
    };

    #[test]
    fn placeholders_are_told_apart_and_references_are_none() {
        let argo = Context {
            argo: true,
            ..MANIFEST
        };
        let template = Context {
            in_template: true,
            ..MANIFEST
        };
        let cases = [
            ("{{inputs.parameters.image}}", argo, Some(Filler::Argo)),
            (
                "docker/whalesay:{{workflow.parameters.tag}}",
                argo,
                Some(Filler::Argo),
            ),
            ("{{ .Values.image }}", MANIFEST, Some(Filler::Template)),
            ("${IMAGE}", template, Some(Filler::TemplateParameter)),
            ("${{IMAGE}}", template, Some(Filler::TemplateParameter)),
            ("quay.io/${ORG}/app:1", MANIFEST, Some(Filler::Variable)),
            ("$IMAGE_URL", MANIFEST, Some(Filler::Variable)),
            ("($APP_IMAGE)", MANIFEST, Some(Filler::Variable)),
            (
                "ko://knative.dev/serving/cmd/queue",
                MANIFEST,
                Some(Filler::Ko),
            ),
            (
                "us-docker.pkg.dev/<PROJECT_ID>/app:1",
                MANIFEST,
                Some(Filler::ByHand),
            ),
            (
                "docker.io/{username}/helloworld-go",
                MANIFEST,
                Some(Filler::ByHand),
            ),
            ("IMAGE_NAME", MANIFEST, Some(Filler::ByHand)),
            (
                "REGION-docker.pkg.dev/PROJECT_ID/repo/app:v1",
                MANIFEST,
                Some(Filler::ByHand),
            ),
            ("app:MY_TAG", MANIFEST, None),
            ("registry.example.com/APP", MANIFEST, None),
            ("nginx:1.27", MANIFEST, None),
            ("nginx:", MANIFEST, None),
            ("Nginx", MANIFEST, None),
            ("price$", MANIFEST, None),
            ("a{b", MANIFEST, None),
        ];
        for (image, cx, want) in cases {
            assert_eq!(filler(image, cx), want, "{image}");
        }
        let triggered = Context {
            triggered: true,
            ..MANIFEST
        };
        assert_eq!(filler(" ", triggered), Some(Filler::ImageTrigger));
        assert_eq!(
            filler("nodejs:latest", triggered),
            Some(Filler::ImageTrigger)
        );
    }
}
