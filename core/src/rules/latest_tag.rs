//! `latest-tag`: an untagged or `:latest` image.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, say};
use crate::severity::Severity::{Error, Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::LatestTag,
    summary: "Untagged or :latest image",
    explanation: "`latest` (also what an untagged image means) moves with every push. Nodes that \
        pulled at different times run different builds, a rollback returns to whatever `latest` \
        is now, and nobody can tell from the manifest what runs. A digest-pinned image is not \
        flagged.",
    severity: [Info, Warning, Error],
    configured_by: None,
    fix: FixAvailability::None,
    fix_description: "",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      imagePullPolicy: Always\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagePullPolicy: Always\n",
    example_settings: None,
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, _)) = cx.reference() else {
        return;
    };
    if r.digest().is_some() || !matches!(r.tag(), None | Some("latest")) {
        return;
    }
    out.push(say::moving_tag(cx, "a tag that moves with every push"));
}
