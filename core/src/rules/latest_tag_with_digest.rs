//! `latest-tag-with-digest`: `name:latest@sha256:...`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::manifest::ImageUse;
use crate::policy::Resolution;
use crate::severity::Severity::{Info, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::LatestTagWithDigest,
    summary: "name:latest@sha256:...: pinned by digest, yet the default is Always",
    why: "The digest pins the content, yet the `latest` beside it still makes every start need \
        the registry when `imagePullPolicy` is absent. The tag also tells readers something that \
        is not true: that the image follows `latest`.",
    cluster: "The runtime pulls by digest, ignoring the tag. But defaulting looks only at the \
        tag: with `latest` written, an absent `imagePullPolicy` becomes `Always`.",
    severity: Severities {
        dev: Info,
        prod: Warning,
        strict: Warning,
    },
    configured_by: None,
    fix: FixAvailability::Unsafe,
    fix_description: Some("Unsafe: drop the `:latest` tag (the default becomes `IfNotPresent`)."),
    bad_example: include_str!("examples/latest_tag_with_digest.bad.yaml"),
    good_example: include_str!("examples/latest_tag_with_digest.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `container web pins docker.io/library/nginx by digest but keeps :latest, so the default is
/// still Always`
fn keeps_latest(u: &ImageUse, name: &str, consequence: &str) -> String {
    format!(
        "{} pins {name} by digest but keeps :latest, {consequence}",
        say::who(u)
    )
}

const STILL_ALWAYS: &str = "so the default is still Always";

const IGNORED: &str = "a tag the pull ignores";

const DROP_LATEST: &str = "drop the :latest tag; the digest alone pins the image";

/// The fix's title: `write nginx@sha256:0d17b565c37b...`
fn write_image(without: &str) -> String {
    format!("write {without}")
}

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, written)) = cx.reference() else {
        return;
    };
    if r.tag() != Some("latest") || r.digest().is_none() {
        return;
    }
    let u = cx.image;
    let consequence = match u.resolution {
        Resolution::Defaulted { .. } => STILL_ALWAYS,
        _ => IGNORED,
    };
    let without = written.replacen(":latest@", "@", 1);
    let fix = cx
        .doc
        .own_entry(cx.node, u.container.kind.image_field())
        .and_then(|(_, node)| Editor::new(cx.doc).set_scalar(node, &without))
        .map(|edit| Fix::new(write_image(&without), Applicability::Unsafe, vec![edit]));
    out.push(
        Diagnostic::new(
            cx.image_span(),
            u.image_path(),
            keeps_latest(u, &r.name(), consequence),
        )
        .help(DROP_LATEST)
        .fix(fix),
    );
}
