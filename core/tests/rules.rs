//! Every rule on its own examples (the flagged and the clean manifest of its metadata, which the
//! documentation shows too): it fires where it should, at the right place, and its fixes work.

mod common;

use common::describe;
use pullpolicy_core::diff::unified;
use pullpolicy_core::fix::Applicability;
use pullpolicy_core::lint::{Finding, fix, lint};
use pullpolicy_core::rules::{FixAvailability, RuleId};
use pullpolicy_core::settings::Settings;

fn settings_for(rule: RuleId) -> Settings {
    match rule.rule().example_settings {
        Some(json) => Settings::from_deserializer(&mut serde_json::Deserializer::from_str(json))
            .expect("example settings are valid"),
        None => Settings::default(),
    }
}

/// A snapshot that holds only what a reader needs: the rendered findings, or the fix as a diff.
fn snapshot(name: &str, rendered: &str) {
    insta::with_settings!({omit_expression => true, prepend_module_to_snapshot => true}, {
        insta::assert_snapshot!(name, rendered);
    });
}

#[test]
fn every_rule_fires_on_its_bad_example_and_not_on_its_good_one() {
    for &rule in RuleId::ALL {
        let meta = rule.rule();
        let settings = settings_for(rule);
        let bad = lint(meta.bad_example, &settings);
        assert!(
            bad.report.errors.is_empty(),
            "{rule}: {:?}",
            bad.report.errors
        );
        let found: Vec<&Finding> = bad.findings.iter().filter(|f| f.rule == rule).collect();
        assert!(!found.is_empty(), "{rule} does not fire on its bad example");
        let rendered: Vec<String> = found.iter().map(|f| render(meta.bad_example, f)).collect();
        snapshot(&format!("{rule}"), &rendered.join("\n"));

        let good = lint(meta.good_example, &settings);
        assert!(
            good.report.errors.is_empty(),
            "{rule}: {:?}",
            good.report.errors
        );
        let wrong: Vec<String> = good
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(describe)
            .collect();
        assert!(
            wrong.is_empty(),
            "{rule} fires on its good example:\n{}",
            wrong.join("")
        );
    }
}

#[test]
fn fixes_resolve_what_they_fix() {
    for &rule in RuleId::ALL {
        let meta = rule.rule();
        let settings = settings_for(rule);
        let before = lint(meta.bad_example, &settings);
        if !before
            .findings
            .iter()
            .any(|f| f.rule == rule && !f.fixes.is_empty())
        {
            continue;
        }
        let fixed = fix(meta.bad_example, &settings, Applicability::Unsafe).unwrap();
        let after = lint(&fixed.text, &settings);
        assert!(
            after.report.errors.is_empty(),
            "{rule}: the fix broke the YAML:\n{}",
            fixed.text
        );
        let left: Vec<String> = after
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(describe)
            .collect();
        assert!(
            left.is_empty(),
            "{rule} still fires after its fix:\n{}\n{}",
            fixed.text,
            left.join("")
        );
        let name = format!("{rule}.yaml");
        snapshot(
            &format!("{rule}.fixed"),
            &unified(meta.bad_example, &fixed.text, &name),
        );
    }
}

/// What a rule's metadata says of its fix (and `docs/rules.md` prints) is what its findings on
/// its own example carry: the preferred fix's applicability (alternatives may differ).
#[test]
fn the_declared_fix_availability_is_what_the_findings_carry() {
    for &rule in RuleId::ALL {
        let meta = rule.rule();
        let linted = lint(meta.bad_example, &settings_for(rule));
        let fixes: Vec<Applicability> = linted
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .filter_map(|f| f.fixes.first().map(|fix| fix.applicability))
            .collect();
        let all = |a: Applicability| !fixes.is_empty() && fixes.iter().all(|&f| f == a);
        let matches = match meta.fix {
            FixAvailability::None => fixes.is_empty(),
            FixAvailability::Safe => all(Applicability::Safe),
            FixAvailability::Unsafe => all(Applicability::Unsafe),
            FixAvailability::Sometimes => !fixes.is_empty(),
        };
        assert!(
            matches,
            "{rule} declares {:?} fixes, and its example's findings carry {fixes:?}",
            meta.fix
        );
        assert_eq!(
            meta.fix_description.is_some(),
            meta.fix != FixAvailability::None,
            "{rule}: a fix description exactly when there is a fix"
        );
    }
}

/// Every rule page has both halves of its explanation, each a few full sentences of its own.
#[test]
fn every_rule_says_why_and_what_the_cluster_does() {
    for &rule in RuleId::ALL {
        let meta = rule.rule();
        for (heading, text) in [("why", meta.why), ("cluster", meta.cluster)] {
            assert!(
                text.len() >= 40 && text.ends_with(['.', ')']) && !text.starts_with(' '),
                "{rule}: its `{heading}` is not a sentence: {text:?}"
            );
        }
        assert_ne!(meta.why, meta.cluster, "{rule}");
    }
}

#[test]
fn first_sentences_fit_an_admission_warning() {
    for &rule in RuleId::ALL {
        let meta = rule.rule();
        for f in lint(meta.bad_example, &settings_for(rule)).findings {
            assert!(
                f.message.chars().count() < 120,
                "{}: {} chars: {}",
                f.rule,
                f.message.chars().count(),
                f.message
            );
        }
    }
}

#[test]
fn profiles_and_overrides_set_severities() {
    let example = RuleId::LatestTag.rule().bad_example;
    let severity = |json: &str| {
        let settings =
            Settings::from_deserializer(&mut serde_json::Deserializer::from_str(json)).unwrap();
        lint(example, &settings)
            .findings
            .iter()
            .find(|f| f.rule == RuleId::LatestTag)
            .map(|f| f.severity.as_str())
    };
    assert_eq!(severity(r#"{"profile": "dev"}"#), Some("info"));
    assert_eq!(severity(r#"{}"#), Some("warning"));
    assert_eq!(severity(r#"{"profile": "strict"}"#), Some("error"));
    assert_eq!(severity(r#"{"rules": {"latest-tag": "off"}}"#), None);
    assert_eq!(
        severity(r#"{"profile": "dev", "rules": {"latest-tag": "error"}}"#),
        Some("error")
    );
}

#[test]
fn suppressed_findings_stay_visible() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    pullpolicy/ignore: \"latest-tag\"\n    pullpolicy/ignore-reason: built on the node by kind\nspec:\n  containers:\n    - name: web\n      image: web\n";
    let linted = lint(text, &Settings::default());
    let latest = linted
        .findings
        .iter()
        .find(|f| f.rule == RuleId::LatestTag)
        .unwrap();
    assert_eq!(
        latest.suppressed.as_ref().unwrap().reason.as_deref(),
        Some("built on the node by kind")
    );
    let always = linted
        .findings
        .iter()
        .find(|f| f.rule == RuleId::ImplicitAlwaysPull)
        .unwrap();
    assert!(always.suppressed.is_none());
    assert_eq!(linted.max_severity().map(|s| s.as_str()), Some("warning"));
    // A suppressed finding is never fixed.
    let fixed = fix(text, &Settings::default(), Applicability::Unsafe).unwrap();
    assert!(
        fixed
            .applied
            .iter()
            .all(|(rule, _)| *rule == RuleId::ImplicitAlwaysPull),
        "{:?}",
        fixed.applied
    );

    let all = text.replace("\"latest-tag\"", "all");
    assert!(
        lint(&all, &Settings::default())
            .findings
            .iter()
            .all(|f| f.suppressed.is_some())
    );
}

/// A finding as a reader sees it (rustc's and ruff's layout): the message, where, the source
/// line with the flagged range underlined, then notes, help and each fix.
pub fn render(text: &str, f: &Finding) -> String {
    let (start, end) = (f.span.start, f.span.end);
    let mut out = format!("{}[{}] {}", f.severity, f.rule, f.message);
    if f.suppressed.is_some() {
        out.push_str(" (suppressed)");
    }
    out.push_str(&format!(
        "\n --> {}:{} ({})\n",
        start.line, start.column, f.path
    ));
    let line_start = text[..start.offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start.offset..]
        .find('\n')
        .map_or(text.len(), |i| start.offset + i);
    let number = start.line.to_string();
    let gutter = " ".repeat(number.len());
    // A range that runs past its first line is underlined to the end of that line.
    let underlined = end.offset.min(line_end).max(start.offset + 1) - start.offset;
    out.push_str(&format!(
        "{gutter} |\n{number} | {}\n{gutter} | {}{}\n",
        &text[line_start..line_end],
        " ".repeat(text[line_start..start.offset].chars().count()),
        "^".repeat(underlined)
    ));
    for (label, text) in [("note", &f.note), ("help", &f.help)] {
        if let Some(text) = text {
            out.push_str(&format!("{gutter} = {label}: {text}\n"));
        }
    }
    for fix in &f.fixes {
        out.push_str(&format!(
            "{gutter} = fix ({}): {}\n",
            fix.applicability.as_str(),
            fix.title
        ));
    }
    out
}
