//! The adversarial corpus through the `pullpolicy` binary: for every case, the exit code, the
//! unreadable parts (message, line, column) and every finding (rule, line, column) and container
//! of `lint --format json` are exactly what core answers natively, and nothing panics.

mod common;

use common::{TempDir, pullpolicy_in};
use pullpolicy_adversarial::CASES;
use pullpolicy_core::lint::Linter;
use pullpolicy_core::settings::Settings;
use pullpolicy_core::yaml::SyntaxErrorKind;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The parts of `lint --format json` compared; the rest is core's own views, tested elsewhere.
/// Typed, so that the 50 MB case's output is read without a tree of it.
#[derive(Deserialize)]
struct Output {
    findings: Vec<Finding>,
    images: Vec<IgnoredAny>,
    errors: Vec<Error>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Finding {
    rule: String,
    line: u32,
    column: u32,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Error {
    message: String,
    line: Option<u32>,
    column: Option<u32>,
}

#[test]
fn every_case_is_answered_as_core_answers_it() {
    // No `.pullpolicy.yaml` above a temporary directory: default settings, as in core's test.
    let dir = TempDir::new("adversarial");
    let settings = Settings::default();
    for case in CASES {
        let bytes = case.bytes();
        let path = dir.write(&format!("{}.yaml", case.name), &bytes);
        let out = pullpolicy_in(
            dir.path(),
            &["lint", "--format", "json", &path.to_string_lossy()],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);

        let mut linter = Linter::new(&settings);
        linter.add_bytes(&bytes);
        let native = linter.finish().remove(0);
        let expected_code = if !native.report.errors.is_empty() {
            2
        } else if native
            .max_severity()
            .is_some_and(|s| s >= settings.fail_on.0)
        {
            1
        } else {
            0
        };
        assert_eq!(
            out.status.code(),
            Some(expected_code),
            "{}: {stderr}",
            case.name
        );

        let shown: Output = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: not the JSON output: {e}", case.name));
        let errors: Vec<Error> = native
            .report
            .errors
            .iter()
            .map(|e| match e.kind {
                // The CLI checks a file's size before it reads it, and says so of the file.
                SyntaxErrorKind::InputTooLarge { size, limit } => Error {
                    message: format!(
                        "the file is {size} bytes, more than the limit of {limit} bytes"
                    ),
                    line: None,
                    column: None,
                },
                _ => Error {
                    message: e.kind.to_string(),
                    line: Some(e.pos.line),
                    column: Some(e.pos.column),
                },
            })
            .collect();
        assert_eq!(shown.errors, errors, "{}", case.name);
        let findings: Vec<Finding> = native
            .findings
            .iter()
            .map(|f| Finding {
                rule: f.rule.to_string(),
                line: f.span.start.line,
                column: f.span.start.column,
            })
            .collect();
        assert!(
            shown.findings == findings,
            "{}: the findings differ",
            case.name
        );
        assert_eq!(
            shown.images.len(),
            native.report.images.len(),
            "{}",
            case.name
        );
    }
}
