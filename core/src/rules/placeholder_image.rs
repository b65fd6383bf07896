//! `placeholder-image`: an image that something fills in later (a template expression, a
//! variable, a `ko://` path, an OpenShift image trigger).

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::policy::Resolution;
use crate::severity::Severity::Info;

pub static RULE: Rule = Rule {
    id: RuleId::PlaceholderImage,
    summary: "Image or pull policy filled in later: a template expression, a variable, ko://, an image trigger",
    explanation: "Some images are not references yet: an Argo Workflows or Argo Rollouts \
        `{{…}}` parameter (the controller substitutes it when it creates the Pod), an unrendered \
        Helm or Go template `{{…}}`, an OpenShift template parameter `${…}` (substituted by \
        `oc process`), a variable `${…}`, `$NAME` or `$(…)` (envsubst, a shell, a CI step), a \
        documentation placeholder `<…>` or `{…}`, a `ko://` import path (ko builds it and writes \
        the digest), or the target of an OpenShift image trigger (an \
        `image.openshift.io/triggers` annotation or a DeploymentConfig `ImageChange` trigger that \
        names the container; it sets the image from an image stream tag, as a digest, and again \
        when the tag moves). The pull policy is then defaulted from the image that fills it in, \
        once, so nothing about its tag, registry or default can be judged here: the rules that \
        judge the image leave it alone, and this one says what fills it in. An explicit \
        `imagePullPolicy` is still checked, unless it is itself a template expression or a \
        variable (`${IMAGE_PULL_POLICY:-Always}`): then this rule says so in place of \
        `invalid-pull-policy`.",
    severity: Severities::every_profile(Info),
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/placeholder_image.bad.yaml"),
    good_example: include_str!("examples/placeholder_image.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    if let Some(filler) = u.policy_placeholder {
        let field = u.container.kind.policy_field();
        let message = format!("the {field} of {} is {}", say::who(u), filler.what());
        let note =
            "until then it is no value the API server takes: only Always, IfNotPresent or Never";
        out.push(Diagnostic::new(cx.policy_span(), u.policy_path(), message).note(note));
    }
    let Some(filler) = u.placeholder else {
        return;
    };
    let note = match &u.resolution {
        Resolution::Defaulted { .. } => Some(
            "with no imagePullPolicy, the default follows the image it gets: Always for latest or no tag, else IfNotPresent",
        ),
        _ => None,
    };
    let message = format!("the image of {} is {}", say::who(u), filler.what());
    let mut d = Diagnostic::new(cx.image_span(), u.image_path(), message);
    d.note = note.map(str::to_owned);
    out.push(d);
}
