//! `registry-not-allowed`: an image from outside `allowedRegistries`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, say};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::RegistryNotAllowed,
    summary: "Image from a registry or repository outside allowedRegistries",
    explanation: "Runs only when `allowedRegistries` is set. Entries are registry hosts \
        (`ghcr.io`, `*.dkr.ecr.*.amazonaws.com`) or repository prefixes (`docker.io/library`, \
        `ghcr.io/acme`), compared with the fully qualified image the node pulls (`nginx` is \
        `docker.io/library/nginx`). Matching respects path boundaries: `docker.io/library` \
        does not allow `docker.io/library-evil/x`, and `ghcr.io` does not allow `ghcr.io.evil.com`.",
    severity: [Error, Error, Error],
    configured_by: Some("allowedRegistries"),
    fix: FixAvailability::None,
    fix_description: "",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: docker.io/library-evil/nginx:1.27\n      imagePullPolicy: IfNotPresent\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagePullPolicy: IfNotPresent\n",
    example_settings: Some(r#"{"allowedRegistries": ["docker.io/library", "ghcr.io/acme"]}"#),
    check: Check::Image(check),
};

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let allowed = &cx.settings.allowed_registries;
    let Some((r, _)) = cx.reference() else {
        return;
    };
    let name = r.name();
    if allowed.is_empty() || allowed.iter().any(|a| a.pattern.matches(&name)) {
        return;
    }
    let u = cx.image;
    let message = format!(
        "{} pulls {} from outside the allowed registries",
        say::who(u),
        say::image(u)
    );
    let list: Vec<&str> = allowed.iter().map(|a| a.written.as_str()).collect();
    out.push(
        Diagnostic::new(cx.image_span(), u.image_path(), message)
            .note(format!("allowed: {}", list.join(", ")))
            .help(
                "use an image from an allowed registry, or add its registry to allowedRegistries",
            ),
    );
}
