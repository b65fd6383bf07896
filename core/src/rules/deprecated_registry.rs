//! `deprecated-registry`: an image from a registry that is frozen or retired.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say};
use crate::edit::Editor;
use crate::fix::{Applicability, Fix};
use crate::manifest::ImageUse;
use crate::severity::Severity::{Error, Warning};

pub static RULE: Rule = Rule {
    id: RuleId::DeprecatedRegistry,
    summary: "Image from a frozen or retired registry",
    why: "`k8s.gcr.io` is frozen: no image has been pushed there since 3 April 2023, so \
        newer Kubernetes images and security fixes exist only on `registry.k8s.io`, which \
        serves the same images under the same names and digests. `docker.pkg.github.com`, \
        GitHub Packages' Docker registry, was replaced by the Container registry `ghcr.io`; \
        images moved there, with another path: `docker.pkg.github.com/OWNER/REPOSITORY/IMAGE` \
        is `ghcr.io/OWNER/IMAGE` (GitHub Docs, \"Migrating to the Container registry from the \
        Docker registry\").",
    cluster: "Since 20 March 2023 `k8s.gcr.io` redirects to `registry.k8s.io`, which breaks \
        pulls behind egress rules that allow only `k8s.gcr.io` (Kubernetes blog, \"k8s.gcr.io \
        Redirect to registry.k8s.io - What You Need to Know\", 2023-03-10).",
    severity: Severities {
        dev: Warning,
        prod: Warning,
        strict: Error,
    },
    configured_by: None,
    fix: FixAvailability::Safe,
    fix_description: Some(
        "Safe: rewrite the registry of a `k8s.gcr.io` image to `registry.k8s.io` \
        (the same image and digest). None for `docker.pkg.github.com`, whose paths changed.",
    ),
    bad_example: include_str!("examples/deprecated_registry.bad.yaml"),
    good_example: include_str!("examples/deprecated_registry.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `container web pulls k8s.gcr.io/pause:3.9 from k8s.gcr.io, frozen since April 2023`
fn pulls_from_retired(u: &ImageUse, retired: &Retired) -> String {
    format!(
        "{} pulls {} from {}, {}",
        say::who(u),
        say::image(u),
        retired.domain,
        retired.why
    )
}

/// `pull it from registry.k8s.io: the same image, under the same name and digest`
fn same_image_at(retired: &Retired) -> String {
    format!(
        "pull it from {}: the same image, under the same name and digest",
        retired.replacement
    )
}

/// `pull it from ghcr.io: docker.pkg.github.com/OWNER/REPOSITORY/IMAGE is ghcr.io/OWNER/IMAGE`
fn moved_to(retired: &Retired) -> String {
    format!(
        "pull it from {}: {}/OWNER/REPOSITORY/IMAGE is {}/OWNER/IMAGE",
        retired.replacement, retired.domain, retired.replacement
    )
}

/// The fix's title: `pull from registry.k8s.io`
fn pull_from(retired: &Retired) -> String {
    format!("pull from {}", retired.replacement)
}

/// A registry that no longer gets images, and where they went.
struct Retired {
    domain: &'static str,
    replacement: &'static str,
    /// What happened, after the registry's name in a message.
    why: &'static str,
    /// What that means for the images.
    note: &'static str,
    /// Whether an image keeps its path at the replacement (then the fix is a rewrite).
    same_paths: bool,
}

const RETIRED: [Retired; 2] = [
    Retired {
        domain: "k8s.gcr.io",
        replacement: "registry.k8s.io",
        why: "frozen since April 2023",
        note: "no image has been pushed to k8s.gcr.io since 3 April 2023: newer images and fixes are only on registry.k8s.io",
        same_paths: true,
    },
    Retired {
        domain: "docker.pkg.github.com",
        replacement: "ghcr.io",
        why: "retired by GitHub",
        note: "GitHub Packages' Docker registry was replaced by the Container registry, ghcr.io, where its images moved",
        same_paths: false,
    },
];

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((r, written)) = cx.reference() else {
        return;
    };
    let Some(retired) = RETIRED
        .iter()
        .find(|d| d.domain.eq_ignore_ascii_case(r.domain()))
    else {
        return;
    };
    let u = cx.image;
    let mut d = Diagnostic::new(
        cx.image_span(),
        u.image_path(),
        pulls_from_retired(u, retired),
    )
    .note(retired.note);
    if retired.same_paths {
        d = d
            .help(same_image_at(retired))
            .fix(rewrite(cx, written, retired));
    } else {
        d = d.help(moved_to(retired));
    }
    out.push(d);
}

/// The image as written with its registry replaced, and nothing else changed.
fn rewrite(cx: &ImageCx<'_>, written: &str, retired: &Retired) -> Option<Fix> {
    let host = written.get(..retired.domain.len())?;
    let rest = written[retired.domain.len()..].strip_prefix('/')?;
    if !host.eq_ignore_ascii_case(retired.domain) {
        return None;
    }
    let field = cx.image.container.kind.image_field();
    let node = cx.doc.own_entry(cx.node, field)?.1;
    let image = format!("{}/{rest}", retired.replacement);
    let edit = Editor::new(cx.doc).set_scalar(node, &image)?;
    Some(Fix::new(
        pull_from(retired),
        Applicability::Safe,
        vec![edit],
    ))
}
