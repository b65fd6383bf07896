//! `invalid-pull-policy`: a value that is not exactly `Always`, `IfNotPresent` or `Never`.

use super::{Check, Diagnostic, FixAvailability, ImageCx, Rule, RuleId, Severities, say, typo};
use crate::fix::Applicability;
use crate::go_quote::go_quote;
use crate::policy::{PullPolicy, Resolution, unsupported_value_message};
use crate::severity::Severity::Error;

pub static RULE: Rule = Rule {
    id: RuleId::InvalidPullPolicy,
    summary: "imagePullPolicy is not exactly Always, IfNotPresent or Never",
    explanation: "The values are case-sensitive. The API server never corrects or defaults a \
        non-empty value: it rejects the whole object with `Unsupported value` (for a custom \
        resource, the Pod its controller creates is rejected). A value that is not a string, such \
        as `yes` (a boolean in YAML 1.1), cannot even be decoded.",
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

fn check(cx: &ImageCx<'_>, out: &mut Vec<Diagnostic>) {
    let u = cx.image;
    let field = u.container.kind.policy_field();
    match &u.resolution {
        // A template or variable: `placeholder-image` says what fills it in.
        Resolution::Unsupported { .. } if u.policy_placeholder.is_some() => {}
        Resolution::Unsupported { value, shown, by } => {
            let message = format!(
                "{}: {} has {field} {}, which is not Always, IfNotPresent or Never",
                say::rejecter(&u.object, *by),
                say::who(u),
                go_quote(value)
            );
            let mut d = Diagnostic::new(cx.policy_span(), u.policy_path(), message)
                .note(unsupported_value_message(&u.policy_path(), shown));
            match closest(value) {
                Some((policy, applicability)) => {
                    let help = match applicability {
                        Applicability::Safe => {
                            format!("write {policy}: the values are case-sensitive")
                        }
                        Applicability::Unsafe => format!("did you mean {policy}?"),
                    };
                    d = d.help(help).fix(cx.set_policy(policy, applicability));
                }
                None => d = d.help("write Always, IfNotPresent or Never"),
            }
            out.push(d);
        }
        Resolution::WrongType {
            field: "imagePullPolicy",
            found,
            by,
        } => {
            let message = format!(
                "{}: {field} of {} is a {found}, not a string",
                say::decoder(&u.object, *by),
                say::who(u),
            );
            out.push(
                Diagnostic::new(cx.policy_span(), u.policy_path(), message)
                    .note("YAML 1.1 reads unquoted yes, no, on, off, y, n, numbers and null as non-strings")
                    .help("write Always, IfNotPresent or Never"),
            );
        }
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
