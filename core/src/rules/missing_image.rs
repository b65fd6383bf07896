//! `missing-image`: a container without an image.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, say};
use crate::policy::Resolution;
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::MissingImage,
    summary: "Container or image volume without an image",
    explanation: "`image` is required: the API server rejects a Pod or a workload whose pod \
        template has a container without one (`Required value`). In a custom resource nothing \
        checks it until the controller creates the Pod, which is then rejected.",
    severity: [Error, Error, Error],
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: "",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      imagePullPolicy: IfNotPresent\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagePullPolicy: IfNotPresent\n",
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let empty = u.image.as_ref().is_none_or(|i| i.value.is_empty());
    if !empty || u.image_wrong_type.is_some() || matches!(u.resolution, Resolution::Forbidden(_)) {
        return;
    }
    let message = format!(
        "{}: {} has no image",
        say::rejecter(&u.object, cx.pod_spec.by),
        say::who(u)
    );
    let field = u.container.kind.image_field();
    out.push(
        Diagnostic::new(cx.image_span(), u.image_path(), message)
            .note(format!("{}: Required value", u.image_path()))
            .help(format!("add {field}: with the image to run")),
    );
}
