//! `placeholder-image`: an image that something fills in later (a template expression, a
//! variable, a `ko://` path, an OpenShift image trigger).

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::manifest::ImageUse;
use crate::placeholder::Filler;
use crate::policy::Resolution;
use crate::severity::Severity::Info;

pub static RULE: Rule = Rule {
    id: RuleId::PlaceholderImage,
    summary: "Image or pull policy filled in later: a template expression, a variable, ko://, an image trigger",
    why: "Some images are not references yet: an Argo Workflows or Argo Rollouts \
        `{{…}}` parameter, an unrendered Helm or Go template `{{…}}`, an OpenShift template \
        parameter `${…}` (substituted by `oc process`), a variable `${…}`, `$NAME` or `$(…)` \
        (envsubst, a shell, a CI step), a documentation placeholder `<…>` or `{…}`, a `ko://` \
        import path (ko builds it and writes the digest), or the target of an OpenShift image \
        trigger (an `image.openshift.io/triggers` annotation or a DeploymentConfig `ImageChange` \
        trigger that names the container). Until such an image is filled in, nothing about its \
        tag, registry or default can be judged here: the rules that judge the image leave it \
        alone, and this one says what fills it in. An explicit `imagePullPolicy` is still \
        checked, unless it is itself a template expression or a variable \
        (`${IMAGE_PULL_POLICY:-Always}`): then this rule says so in place of \
        `invalid-pull-policy`.",
    cluster: "The Argo controller substitutes a `{{…}}` parameter when it creates the Pod, and \
        an OpenShift image trigger sets the image from an image stream tag, as a digest, and \
        again when the tag moves. The pull policy is then defaulted from the image that fills it \
        in, once.",
    severity: Severities::every_profile(Info),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/placeholder_image.bad.yaml"),
    good_example: include_str!("examples/placeholder_image.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `the imagePullPolicy of container env is a variable, to be substituted (envsubst, a shell, a
/// CI step) before the manifest is applied`
fn policy_filled_in(u: &ImageUse, filler: Filler) -> String {
    let field = u.container.kind.policy_field();
    format!("the {field} of {} is {}", say::who(u), filler.what())
}

const POLICY_UNTIL_THEN: &str =
    "until then it is no value the API server takes: only Always, IfNotPresent or Never";

/// `the image of container build is an Argo parameter or argument, filled in when Argo creates
/// the Pod`
fn image_filled_in(u: &ImageUse, filler: Filler) -> String {
    format!("the image of {} is {}", say::who(u), filler.what())
}

const DEFAULT_FOLLOWS: &str = "with no imagePullPolicy, the default follows the image it gets: Always for latest or no tag, else IfNotPresent";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    if let Some(filler) = u.policy_placeholder {
        out.push(
            Diagnostic::new(
                cx.policy_span(),
                u.policy_path(),
                policy_filled_in(u, filler),
            )
            .note(POLICY_UNTIL_THEN),
        );
    }
    let Some(filler) = u.placeholder else {
        return;
    };
    let note = match &u.resolution {
        Resolution::Defaulted { .. } => Some(DEFAULT_FOLLOWS),
        _ => None,
    };
    let mut d = Diagnostic::new(cx.image_span(), u.image_path(), image_filled_in(u, filler));
    d.note = note.map(str::to_owned);
    out.push(d);
}
