//! The examples menu: every seed scenario of docs/semantics.md section 7, and a clean manifest. Most
//! are the repository's `examples/` (what `cargo xtask run` lints); the others live in
//! `web/examples/`.

pub struct Example {
    /// Stable id, used by the menu and the tests.
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "local-latest",
        title: "1. Local image with :latest, no policy",
        text: include_str!("../../examples/01-local-image-latest.yaml"),
    },
    Example {
        id: "misplaced",
        title: "2. imagePullPolicy in the wrong place",
        text: include_str!("../../examples/02-misplaced-pull-policy.yaml"),
    },
    Example {
        id: "latest-production",
        title: "3. :latest in production",
        text: include_str!("../examples/latest-in-production.yaml"),
    },
    Example {
        id: "ifnotpresent-latest",
        title: "4. IfNotPresent with :latest",
        text: include_str!("../examples/ifnotpresent-latest.yaml"),
    },
    Example {
        id: "never-registry",
        title: "5. Never with a registry image",
        text: include_str!("../examples/never-registry-image.yaml"),
    },
    Example {
        id: "private-registry",
        title: "6. Private registry, no pull secret",
        text: include_str!("../../examples/05-private-registry-init-container.yaml"),
    },
    Example {
        id: "rollout-restart",
        title: "7. Will rollout restart re-pull?",
        text: include_str!("../examples/rollout-restart.yaml"),
    },
    Example {
        id: "side-by-side",
        title: "The three policies side by side",
        text: include_str!("../../examples/03-policies-side-by-side.yaml"),
    },
    Example {
        id: "digest",
        title: "Pinned by digest",
        text: include_str!("../../examples/04-pinned-digest.yaml"),
    },
    Example {
        id: "invalid-value",
        title: "An invalid policy value",
        text: include_str!("../../examples/06-invalid-value.yaml"),
    },
    Example {
        id: "clean",
        title: "A clean manifest",
        text: include_str!("../../examples/07-clean.yaml"),
    },
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// What a first visit shows.
pub const FIRST: &str = "local-latest";

#[cfg(test)]
mod tests {
    use pullpolicy_core::lint::lint;
    use pullpolicy_core::settings::Settings;

    use super::*;

    /// Every example reads cleanly; each seed scenario shows a finding, the clean one none.
    #[test]
    fn examples_show_what_their_title_promises() {
        for example in EXAMPLES {
            let linted = lint(example.text, &Settings::default());
            assert!(linted.report.errors.is_empty(), "{}", example.id);
            let active = linted.findings.iter().filter(|f| f.is_active()).count();
            match example.id {
                "clean" => assert_eq!(active, 0, "{}", example.id),
                _ => assert!(active > 0, "{} has no finding", example.id),
            }
        }
        assert!(find(FIRST).is_some());
    }
}
