//! `tag-not-allowed`: an image whose tag matches `rejectedTags`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::pattern::{glob_matches, image_tag};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::TagNotAllowed,
    summary: "Image tag listed in rejectedTags",
    explanation: "Runs only when `rejectedTags` is set. Entries are tags or globs (`*` any run \
        of characters, `?` one), compared with case, as tags are: `latest`, `*-rc*`, `dev-*`. \
        An image written without tag or digest has the tag `latest`, the one the node pulls; an \
        image pinned by digest alone has no tag and never matches. `floatingTags` and \
        `latest-tag` say that a tag moves; this rule says that it is not wanted at all.",
    severity: Severities::every_profile(Error),
    configured_by: Some("rejectedTags"),
    fix: FixAvailability::None,
    fix_description: None,
    bad_example: include_str!("examples/tag_not_allowed.bad.yaml"),
    good_example: include_str!("examples/tag_not_allowed.good.yaml"),
    example_settings: Some(r#"{"rejectedTags": ["latest", "*-rc*"]}"#),
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let rejected = &cx.settings.rejected_tags;
    if rejected.is_empty() {
        return;
    }
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let Some(tag) = image_tag(r) else {
        return;
    };
    let Some(pattern) = rejected.iter().find(|p| glob_matches(&p.0, tag, false)) else {
        return;
    };
    let u = cx.image;
    let message = match r.tag() {
        Some(_) => format!(
            "{} runs {}: the tag {tag} is rejected ({})",
            say::who(u),
            say::image(u),
            pattern.0
        ),
        None => format!(
            "{} runs {}: no tag means latest, a rejected tag ({})",
            say::who(u),
            say::image(u),
            pattern.0
        ),
    };
    out.push(
        Diagnostic::new(cx.image_span(), u.image_path(), message)
            .help("use another tag, or pin a digest"),
    );
}
