//! `invalid-pull-policy`: a value that is not exactly `Always`, `IfNotPresent` or `Never`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say, typo};
use crate::fix::Applicability;
use crate::go_quote::go_quote;
use crate::manifest::ImageUse;
use crate::policy::{Defaulter, PullPolicy, Resolution, unsupported_value_message};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::InvalidPullPolicy,
    summary: "imagePullPolicy is not exactly Always, IfNotPresent or Never",
    why: "The three values are case-sensitive, and a misspelt or mis-cased one does not fall \
        back to a default: nothing in the object runs. A value that is not a string, such as \
        `yes` (a boolean in YAML 1.1), fails the same way. A value filled in later (a template \
        expression or a variable) is `placeholder-image`'s.",
    cluster: "The API server never corrects or defaults a non-empty value: its validation \
        (`validatePullPolicy`) rejects the whole object with `Unsupported value`, listing the \
        three values. For a custom resource nothing checks until its controller creates the \
        Pod, which is then rejected. A value that is not a string cannot even be decoded.",
    severity: Severities::every_profile(Error),
    configured_by: None,
    fix: FixAvailability::Sometimes,
    fix_description: Some(
        "Write the intended value: safe when only the case differs (`always`), \
        unsafe when it is a guess from a misspelling (`IfNotPresnt`).",
    ),
    bad_example: include_str!("examples/invalid_pull_policy.bad.yaml"),
    good_example: include_str!("examples/invalid_pull_policy.good.yaml"),
    example_settings: None,
    check: Check::Image(check),
};

// What the findings say.

/// `the API server rejects this Pod: container web has imagePullPolicy "always", which is not
/// Always, IfNotPresent or Never`
fn unsupported(u: &ImageUse, by: Defaulter, value: &str) -> String {
    format!(
        "{}: {} has {} {}, which is not Always, IfNotPresent or Never",
        say::rejecter(&u.object, by),
        say::who(u),
        u.container.kind.policy_field(),
        go_quote(value)
    )
}

/// `the API server cannot decode this Pod: imagePullPolicy of container web is a boolean, not a
/// string`
fn not_a_string(u: &ImageUse, by: Defaulter, found: &str) -> String {
    format!(
        "{}: {} of {} is a {found}, not a string",
        say::decoder(&u.object, by),
        u.container.kind.policy_field(),
        say::who(u),
    )
}

/// The help for a value close to one of the three: `write Always` when only the case differs,
/// a question when it is a guess.
fn did_you_mean(policy: PullPolicy, applicability: Applicability) -> String {
    match applicability {
        Applicability::Safe => format!("write {policy}: the values are case-sensitive"),
        Applicability::Unsafe => format!("did you mean {policy}?"),
    }
}

const WRITE_ONE: &str = "write Always, IfNotPresent or Never";

const YAML_1_1: &str =
    "YAML 1.1 reads unquoted yes, no, on, off, y, n, numbers and null as non-strings";

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    match &u.resolution {
        // A template or variable: `placeholder-image` says what fills it in.
        Resolution::Unsupported { .. } if u.policy_placeholder.is_some() => {}
        Resolution::Unsupported { value, shown, by } => {
            let mut d = Diagnostic::new(
                cx.policy_span(),
                u.policy_path(),
                unsupported(u, *by, value),
            )
            .note(unsupported_value_message(&u.policy_path(), shown));
            d = match closest(value) {
                Some((policy, applicability)) => d
                    .help(did_you_mean(policy, applicability))
                    .fix(cx.set_policy(policy, applicability)),
                None => d.help(WRITE_ONE),
            };
            out.push(d);
        }
        Resolution::WrongType {
            field: "imagePullPolicy",
            found,
            by,
        } => out.push(
            Diagnostic::new(
                cx.policy_span(),
                u.policy_path(),
                not_a_string(u, *by, found),
            )
            .note(YAML_1_1)
            .help(WRITE_ONE),
        ),
        _ => {}
    }
}

/// The value the writer meant: the same letters in another case (safe), or the same letters
/// without separators, or within two typos (a guess, so unsafe).
fn closest(value: &str) -> Option<(PullPolicy, Applicability)> {
    if let Some(p) = PullPolicy::parse_ignoring_case(value) {
        return Some((p, Applicability::Safe));
    }
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(value);
    let mut scored: Vec<(usize, PullPolicy)> = PullPolicy::ALL
        .into_iter()
        .map(|p| (typo::distance(&wanted, &squash(p.as_str())), p))
        .collect();
    scored.sort();
    match scored.as_slice() {
        [(best, p), (next, _), ..] if *best <= 2 && best < next => {
            Some((*p, Applicability::Unsafe))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_values() {
        assert_eq!(
            closest("always"),
            Some((PullPolicy::Always, Applicability::Safe))
        );
        assert_eq!(
            closest("IFNOTPRESENT"),
            Some((PullPolicy::IfNotPresent, Applicability::Safe))
        );
        assert_eq!(
            closest("IfNotPresnt"),
            Some((PullPolicy::IfNotPresent, Applicability::Unsafe))
        );
        assert_eq!(
            closest("if-not-present"),
            Some((PullPolicy::IfNotPresent, Applicability::Unsafe))
        );
        assert_eq!(
            closest("Allways"),
            Some((PullPolicy::Always, Applicability::Unsafe))
        );
        assert_eq!(
            closest(" Never"),
            Some((PullPolicy::Never, Applicability::Unsafe))
        );
        assert_eq!(closest("sometimes"), None);
        assert_eq!(closest(""), None);
    }
}
