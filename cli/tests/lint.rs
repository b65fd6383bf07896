//! `pullpolicy lint`, `fix` and `rules` as users and CI run them: every output format (SARIF
//! checked against the official schema), exit codes, settings files, rules that look across
//! files, and fixes written in place without touching a byte outside them.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use common::{TempDir, assert_exit, json, pullpolicy, pullpolicy_in, root, stderr, stdout};
use pullpolicy_core::rules::RuleId;
use serde_json::Value;

const CLEAN: &str = "examples/07-clean.yaml";

/// A Pod whose image comes from a registry that may be private.
const ACME_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: builder
  containers:
    - name: web
      image: registry.acme.com/web:2.3.1
      imagePullPolicy: IfNotPresent
";

const BUILDER_WITH_SECRETS: &str = "\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
imagePullSecrets:
  - name: regcred
";

// ---------------------------------------------------------------------------------------------
// Text output and exit codes

#[test]
fn lint_examples_as_text() {
    let o = pullpolicy(&["lint", "examples"], None);
    // 02 and 06 have errors, and --fail-on defaults to error.
    assert_exit(&o, 1);
    assert_eq!(stderr(&o), "");
    insta::assert_snapshot!(stdout(&o));
}

/// `--severity` leaves lesser findings out of everything (output, summary, exit code);
/// `--quiet` leaves the summary line out of text.
#[test]
fn severity_and_quiet_trim_the_output() {
    let all = json(&pullpolicy(&["lint", "--format", "json", "examples"], None));
    let count = |v: &serde_json::Value, severity: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    assert!(count(&all, "info") > 0 && count(&all, "warning") > 0);
    let o = pullpolicy(
        &[
            "lint",
            "--format",
            "json",
            "--severity",
            "warning",
            "examples",
        ],
        None,
    );
    assert_exit(&o, 1);
    let some = json(&o);
    assert_eq!(count(&some, "info"), 0);
    assert_eq!(count(&some, "warning"), count(&all, "warning"));
    assert_eq!(count(&some, "error"), count(&all, "error"));
    assert_eq!(some["summary"]["info"], 0);
    assert_eq!(some["summary"]["warning"], all["summary"]["warning"]);
    // Findings left out cannot fail the run: strict makes a warning of the clean example.
    let args = ["lint", "--profile", "strict", "--fail-on", "warning", CLEAN];
    assert_exit(&pullpolicy(&args, None), 1);
    let o = pullpolicy(&[&args[..], &["--severity", "error"]].concat(), None);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "No findings in 1 file.\n");

    let o = pullpolicy(&["lint", "-q", "--severity", "warning", "examples"], None);
    assert_exit(&o, 1);
    let text = stdout(&o);
    assert!(!text.contains("info["), "{text}");
    assert!(
        text.contains("warning[") && text.contains("error["),
        "{text}"
    );
    assert!(!text.contains("Found "), "no summary: {text}");
    let o = pullpolicy(&["lint", "--quiet", CLEAN], None);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "");
}

#[test]
fn fail_on_decides_the_exit_code() {
    let o = pullpolicy(&["lint", CLEAN], None);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "No findings in 1 file.\n");

    // strict turns digest-not-pinned on, as a warning: below the default --fail-on error.
    let strict = pullpolicy(&["lint", "--profile", "strict", CLEAN], None);
    assert_exit(&strict, 0);
    let text = stdout(&strict);
    assert!(
        text.starts_with(
            "examples/07-clean.yaml:18:18: warning[digest-not-pinned] container postgres runs \
             docker.io/library/postgres:16.4 without a digest"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("Found 1 finding in 1 file: 1 warning.\n"),
        "{text}"
    );
    let o = pullpolicy(
        &["lint", "--profile", "strict", "--fail-on", "warning", CLEAN],
        None,
    );
    assert_exit(&o, 1);
    assert_eq!(stdout(&o), text, "--fail-on changes the exit code only");

    // 04 has a single info finding (implicit-pull-policy).
    let pinned = "examples/04-pinned-digest.yaml";
    assert_exit(&pullpolicy(&["lint", pinned], None), 0);
    assert_exit(
        &pullpolicy(&["lint", "--fail-on", "warning", pinned], None),
        0,
    );
    assert_exit(&pullpolicy(&["lint", "--fail-on", "info", pinned], None), 1);
    // An unknown severity is a usage error.
    assert_exit(&pullpolicy(&["lint", "--fail-on", "off", pinned], None), 2);
}

/// (file, line, rule) of each finding, with its severity.
fn severities(v: &Value) -> BTreeMap<(String, u64, String), String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                (
                    f["file"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    f["rule"].as_str().unwrap().to_owned(),
                ),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn profiles_change_severities() {
    let registry = json(&pullpolicy(&["rules", "--format", "json"], None));
    let default_severity = |rule: &str, profile: &str| {
        registry
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == rule)
            .unwrap_or_else(|| panic!("{rule} is not in `pullpolicy rules`"))["severity"][profile]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut by_profile = BTreeMap::new();
    for (profile, counts) in [
        ("dev", [2, 2, 10]),
        ("prod", [2, 8, 5]),
        ("strict", [10, 11, 3]),
    ] {
        let o = pullpolicy(
            &["lint", "--format", "json", "--profile", profile, "examples"],
            None,
        );
        assert_exit(&o, 1);
        let v = json(&o);
        let summary = &v["summary"];
        assert_eq!(
            [
                summary["error"].clone(),
                summary["warning"].clone(),
                summary["info"].clone()
            ],
            counts.map(Value::from),
            "{profile}: {summary}"
        );
        for ((file, line, rule), severity) in severities(&v) {
            // Registries not in privateRegistries are only a guess: always info.
            let expected = if rule == "missing-pull-secret" {
                "info".to_owned()
            } else {
                default_severity(&rule, profile)
            };
            assert_eq!(severity, expected, "{profile}: {file}:{line} {rule}");
        }
        by_profile.insert(profile, severities(&v));
    }
    // No --profile is prod.
    let default = json(&pullpolicy(&["lint", "--format", "json", "examples"], None));
    assert_eq!(severities(&default), by_profile["prod"]);
    // The same spot, three severities.
    let latest = (
        "examples/01-local-image-latest.yaml".to_owned(),
        22,
        "latest-tag".to_owned(),
    );
    assert_eq!(by_profile["dev"][&latest], "info");
    assert_eq!(by_profile["prod"][&latest], "warning");
    assert_eq!(by_profile["strict"][&latest], "error");
    // dev has errors left (02, 06) but only 2 warnings: --fail-on warning still fails.
    let text = stdout(&pullpolicy(&["lint", "--profile", "dev", "examples"], None));
    assert!(
        text.ends_with(
            "Found 14 findings in 7 files: 2 errors, 2 warnings, 10 info. \
             4 fixable with pullpolicy fix (2 more with --unsafe).\n"
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// JSON

/// The summary is core's counts, the numbers the playground labels its tabs with for the same
/// text (core/tests/lint_cases.rs, site/tests/playground.rs).
#[test]
fn the_json_summary_is_what_core_counts() {
    use pullpolicy_core::counts::{Counts, Fixable};

    const COUNTED: &str = "core/tests/fixtures/counts.yaml";
    let o = pullpolicy(&["lint", "--format", "json", COUNTED], None);
    assert_exit(&o, 1);
    let summary = &json(&o)["summary"];
    let text = std::fs::read_to_string(root().join(COUNTED)).unwrap();
    let linted = pullpolicy_core::lint::lint(&text, &Default::default());
    let mut expected = serde_json::to_value(Counts::of(&linted)).unwrap();
    let fixable = serde_json::to_value(Fixable::of(&linted)).unwrap();
    expected
        .as_object_mut()
        .unwrap()
        .extend(fixable.as_object().unwrap().clone());
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&summary[key], value, "{key} in {summary}");
    }
    assert_eq!(
        (
            &summary["error"],
            &summary["warning"],
            &summary["info"],
            &summary["fixable"]
        ),
        (&1.into(), &3.into(), &1.into(), &4.into())
    );
}

#[test]
fn lint_examples_as_json() {
    let o = pullpolicy(&["lint", "--format", "json", "examples"], None);
    assert_exit(&o, 1);
    let v = json(&o);
    for key in ["findings", "images", "errors", "summary"] {
        assert!(v.get(key).is_some(), "no {key}");
    }
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 15);
    for f in findings {
        for key in [
            "file",
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "endLine",
            "endColumn",
            "object",
            "path",
            "container",
            "suppressed",
            "fix",
        ] {
            assert!(f.get(key).is_some(), "no {key} in {f}");
        }
        assert!(
            ["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()),
            "{f}"
        );
        let start = (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap());
        let end = (
            f["endLine"].as_u64().unwrap(),
            f["endColumn"].as_u64().unwrap(),
        );
        assert!(start.0 >= 1 && start.1 >= 1 && end > start, "{f}");
        assert_eq!(f["suppressed"], false);
        for key in ["apiVersion", "kind", "namespace", "name"] {
            assert!(f["object"].get(key).is_some(), "no object.{key} in {f}");
        }
        if !f["fix"].is_null() {
            let fix = &f["fix"];
            for key in ["title", "applicability", "edits"] {
                assert!(fix.get(key).is_some(), "no fix.{key} in {f}");
            }
            assert!(["safe", "unsafe"].contains(&fix["applicability"].as_str().unwrap()));
            let edits = fix["edits"].as_array().unwrap();
            assert!(!edits.is_empty(), "{f}");
            for e in edits {
                for key in ["start", "end", "replacement"] {
                    assert!(e.get(key).is_some(), "no edit {key} in {f}");
                }
            }
        }
    }
    assert_eq!(v["images"].as_array().unwrap().len(), 10);
    assert_eq!(v["errors"], serde_json::json!([]));
    // The summary counts what the findings say.
    let count = |severity: &str| {
        findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    let summary = &v["summary"];
    assert_eq!(summary["files"], 7);
    assert_eq!(summary["error"], count("error"));
    assert_eq!(summary["warning"], count("warning"));
    assert_eq!(summary["info"], count("info"));
    assert_eq!(summary["failed"], true);
    insta::assert_json_snapshot!(v);
}

// ---------------------------------------------------------------------------------------------
// SARIF

/// The OASIS SARIF 2.1.0 schema (tests/sarif/README.md), compiled once for all tests.
fn sarif_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = root().join("cli/tests/sarif/sarif-schema-2.1.0.json");
        let text = std::fs::read_to_string(&path).expect("the SARIF schema");
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        let build = |schema: &Value| {
            jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(schema)
        };
        match build(&schema) {
            Ok(validator) => validator,
            Err(refused) => {
                // The schema's `language` pattern, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`,
                // has a stray `]` (a typo upstream; the intent is a language code with an
                // optional region, `en` or `en-US`). jsonschema 0.60 refuses the whole schema
                // for it ("is not a \"regex\""): fix that one pattern in memory, nothing else.
                // Should a later version accept it, the schema is used exactly as shipped.
                let schema = patch_language_pattern(schema);
                build(&schema).unwrap_or_else(|e| {
                    panic!("the SARIF schema does not compile ({refused}), even patched: {e}")
                })
            }
        }
    })
}

fn patch_language_pattern(mut schema: Value) -> Value {
    const STRAY: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    const FIXED: &str = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$";
    fn walk(v: &mut Value, patched: &mut usize) {
        match v {
            Value::Object(map) => {
                if map.get("pattern").and_then(Value::as_str) == Some(STRAY) {
                    map.insert("pattern".into(), FIXED.into());
                    *patched += 1;
                }
                map.values_mut().for_each(|v| walk(v, patched));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, patched)),
            _ => {}
        }
    }
    let mut patched = 0;
    walk(&mut schema, &mut patched);
    // `run.language` and `toolComponent.language`.
    assert_eq!(
        patched, 2,
        "the schema is not the one tests/sarif/README.md describes"
    );
    schema
}

/// Valid against the schema, and what GitHub code scanning needs to show each result on a line.
#[track_caller]
fn assert_valid_sarif(log: &Value) {
    let errors: Vec<String> = sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "pullpolicy");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .expect("tool.driver.rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    for result in run["results"].as_array().expect("results") {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = rules
            .iter()
            .position(|&r| r == id)
            .unwrap_or_else(|| panic!("{id} is not in tool.driver.rules"));
        assert_eq!(result["ruleIndex"], index, "{result}");
        assert!(
            !result["message"]["text"].as_str().unwrap().is_empty(),
            "{result}"
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.is_empty() && !uri.starts_with('/') && !uri.contains(':') && !uri.contains('\\'),
            "not a relative URI with forward slashes: {uri}"
        );
        let region = &location["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1, "{result}");
        assert!(region["startColumn"].as_u64().unwrap() >= 1, "{result}");
    }
}

#[test]
fn lint_examples_as_sarif() {
    let o = pullpolicy(&["lint", "--format", "sarif", "examples"], None);
    assert_exit(&o, 1);
    let mut log = json(&o);
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        RuleId::ALL.len()
    );
    // Every finding is a result, suppressed or not.
    assert_eq!(run["results"].as_array().unwrap().len(), 15);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let uris: BTreeSet<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains("examples/06-invalid-value.yaml"), "{uris:?}");
    // Keep the snapshot stable across releases and edits of the rule documentation: the
    // version and the long texts are checked here, then left out.
    let version = &mut log["runs"][0]["tool"]["driver"]["version"];
    assert_eq!(*version, env!("CARGO_PKG_VERSION"));
    *version = "[version]".into();
    let registry = json(&pullpolicy(&["rules", "--format", "json"], None));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap();
    for (rule, documented) in rules.iter_mut().zip(registry.as_array().unwrap()) {
        assert_eq!(rule["id"], documented["id"]);
        assert_eq!(rule["shortDescription"]["text"], documented["summary"]);
        let explanation = &documented["explanation"];
        assert!(!explanation.as_str().unwrap().is_empty());
        let id = rule["id"].as_str().unwrap().to_owned();
        for (field, text) in [
            ("fullDescription", "text"),
            ("help", "text"),
            ("help", "markdown"),
        ] {
            let text = &mut rule[field][text];
            assert_eq!(text, explanation, "{id} {field}");
            *text = format!("[explanation of {id}]").into();
        }
    }
    insta::assert_json_snapshot!(log);
}

#[test]
fn sarif_reports_unreadable_input_as_notifications() {
    let dir = TempDir::new("sarif-errors");
    dir.write("m/broken.yaml", "kind: Pod\nspec: [\n");
    dir.write("m/pod.yaml", ACME_POD);
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--format", "sarif", "m", "missing.yaml"],
        None,
    );
    assert_exit(&o, 2);
    let log = json(&o);
    assert_valid_sarif(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2, "{invocation}");
    let broken = &notifications[0];
    assert_eq!(broken["level"], "error");
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "m/broken.yaml"
    );
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 2, "startColumn": 7})
    );
    assert!(
        broken["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("invalid YAML"),
        "{broken}"
    );
    let missing = &notifications[1];
    assert!(
        missing["locations"][0]["physicalLocation"]
            .get("region")
            .is_none(),
        "{missing}"
    );
    // The file that parsed is still linted.
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Suppressions

const SUPPRESSED: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    pullpolicy/ignore: latest-tag
    pullpolicy/ignore-reason: \"dev cluster: latest is rebuilt on every commit\"
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web:latest
      imagePullPolicy: IfNotPresent
";

#[test]
fn suppressed_findings_are_marked_in_every_format() {
    let dir = TempDir::new("suppressed");
    dir.write("pod.yaml", SUPPRESSED);
    let reason = "dev cluster: latest is rebuilt on every commit";

    // Text: only the finding that is not suppressed, and a count of the others.
    let o = pullpolicy_in(dir.path(), &["lint", "pod.yaml"], None);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.starts_with("pod.yaml:12:24: warning[restart-keeps-stale-image] "),
        "{text}"
    );
    assert!(!text.contains("[latest-tag]"), "{text}");
    assert!(
        text.contains("Found 1 finding in 1 file: 1 warning (1 suppressed)."),
        "{text}"
    );

    // JSON: both, the suppressed one with its reason.
    let v = json(&pullpolicy_in(
        dir.path(),
        &["lint", "--format", "json", "pod.yaml"],
        None,
    ));
    let findings = v["findings"].as_array().unwrap();
    let latest = findings.iter().find(|f| f["rule"] == "latest-tag").unwrap();
    assert_eq!(latest["suppressed"], true, "{latest}");
    assert_eq!(latest["suppressionReason"], reason);
    let mutable = findings
        .iter()
        .find(|f| f["rule"] == "restart-keeps-stale-image")
        .unwrap();
    assert_eq!(mutable["suppressed"], false);
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(v["summary"]["warning"], 1);

    // SARIF: both results, the suppressed one with an accepted in-source suppression.
    let o = pullpolicy_in(dir.path(), &["lint", "--format", "sarif", "pod.yaml"], None);
    assert_exit(&o, 0);
    let log = json(&o);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let latest = results
        .iter()
        .find(|r| r["ruleId"] == "latest-tag")
        .unwrap();
    assert_eq!(
        latest["suppressions"],
        serde_json::json!([{"kind": "inSource", "status": "accepted", "justification": reason}])
    );
    let mutable = results
        .iter()
        .find(|r| r["ruleId"] == "restart-keeps-stale-image")
        .unwrap();
    assert!(mutable.get("suppressions").is_none(), "{mutable}");

    // GitHub: no annotation for it.
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--format", "github", "pod.yaml"],
        None,
    );
    let annotations = stdout(&o);
    assert_eq!(annotations.lines().count(), 1, "{annotations}");
    assert!(
        annotations.starts_with("::warning file=pod.yaml,line=12,col=24,"),
        "{annotations}"
    );
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

#[test]
fn lint_examples_as_github_annotations() {
    let o = pullpolicy(&["lint", "--format", "github", "examples"], None);
    assert_exit(&o, 1);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 15);
    assert!(
        out.lines().all(|l| ["::error ", "::warning ", "::notice "]
            .iter()
            .any(|p| l.starts_with(p))),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn github_annotations_escape_file_names_and_messages() {
    let dir = TempDir::new("github-escaping");
    // A container name with `%` and a line break: neither may end or forge a command.
    dir.write(
        "a,b:c.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: \"we%b\\nx\"\n      image: nginx\n",
    );
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--format", "github", "a,b:c.yaml"],
        None,
    );
    assert_exit(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for line in &lines {
        assert!(
            line.starts_with("::warning file=a%2Cb%3Ac.yaml,line=8,col=14,endLine=8,endColumn=19,title=pullpolicy ")
                || line.starts_with("::notice file=a%2Cb%3Ac.yaml,line=8,col=14,endLine=8,endColumn=19,title=pullpolicy "),
            "{line}"
        );
        // The message: `%` first, then the line breaks (the container's and the one before
        // help).
        let message = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
        assert!(message.starts_with("container we%25b%0Ax"), "{line}");
        assert!(message.contains("%0Ahelp: "), "{line}");
    }
    assert!(
        lines[0].contains(",title=pullpolicy implicit-always-pull::"),
        "{out}"
    );

    // SARIF percent-encodes the same name into a relative URI reference.
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--format", "sarif", "a,b:c.yaml"],
        None,
    );
    let log = json(&o);
    assert_valid_sarif(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a%2Cb%3Ac.yaml"
    );

    // Text output shows the line break escaped.
    let text = stdout(&pullpolicy_in(dir.path(), &["lint", "a,b:c.yaml"], None));
    assert!(
        text.starts_with("a,b:c.yaml:8:14: warning[implicit-always-pull] container we%b\\nx: "),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Settings

/// `pullpolicy lint ARGS` run in `dir`: (exit code, text output); nothing on standard error.
fn lint_in(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["lint"];
    all.extend(args);
    let o = pullpolicy_in(dir, &all, None);
    assert_eq!(stderr(&o), "", "{args:?}");
    (o.status.code().unwrap(), stdout(&o))
}

fn clean_manifest() -> Vec<u8> {
    std::fs::read(root().join(CLEAN)).unwrap()
}

#[test]
fn settings_file_is_found_upward_and_the_command_line_wins() {
    let dir = TempDir::new("settings-upward");
    dir.write(".pullpolicy.yaml", "# team settings\nprofile: strict\n");
    dir.write("clean.yaml", clean_manifest());
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();

    let (code, text) = lint_in(&nested, &["../../clean.yaml"]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("../../clean.yaml:18:18: warning[digest-not-pinned] "),
        "{text}"
    );
    let (code, _) = lint_in(&nested, &["--fail-on", "warning", "../../clean.yaml"]);
    assert_eq!(code, 1);
    // --profile overrides the file.
    let (code, text) = lint_in(&nested, &["--profile", "prod", "../../clean.yaml"]);
    assert_eq!((code, text.as_str()), (0, "No findings in 1 file.\n"));

    // failOn from the file, --fail-on over it.
    dir.write(".pullpolicy.yaml", "profile: strict\nfailOn: warning\n");
    assert_eq!(lint_in(&nested, &["../../clean.yaml"]).0, 1);
    assert_eq!(
        lint_in(&nested, &["--fail-on", "error", "../../clean.yaml"]).0,
        0
    );

    // The nearest file wins.
    std::fs::write(nested.join(".pullpolicy.yaml"), "profile: prod\n").unwrap();
    assert_eq!(
        lint_in(&nested, &["../../clean.yaml"]),
        (0, "No findings in 1 file.\n".to_owned())
    );
}

#[test]
fn settings_file_given_with_config() {
    let dir = TempDir::new("settings-explicit");
    // Found upward, but --config replaces it.
    dir.write(".pullpolicy.yaml", "profile: dev\n");
    dir.write("ci/strict.yml", "profile: strict\n");
    dir.write("clean.yaml", clean_manifest());
    let (code, text) = lint_in(dir.path(), &["--config", "ci/strict.yml", "clean.yaml"]);
    assert_eq!(code, 0);
    assert!(text.contains("warning[digest-not-pinned]"), "{text}");
    // And --profile over --config.
    let (_, text) = lint_in(
        dir.path(),
        &[
            "--config",
            "ci/strict.yml",
            "--profile",
            "prod",
            "clean.yaml",
        ],
    );
    assert_eq!(text, "No findings in 1 file.\n");
    // A settings file that is not there is an error, not the defaults.
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--config", "nope.yaml", "clean.yaml"],
        None,
    );
    assert_exit(&o, 2);
    assert!(
        stderr(&o).starts_with("error: nope.yaml: cannot read: "),
        "{}",
        stderr(&o)
    );
    // `fix` reads the same settings.
    dir.write("ci/always.yaml", "allowedPullPolicies: [Always]\n");
    let o = pullpolicy_in(
        dir.path(),
        &[
            "fix",
            "--unsafe",
            "--config",
            "ci/always.yaml",
            "clean.yaml",
        ],
        None,
    );
    assert_exit(&o, 1);
    assert!(
        stdout(&o).contains("+          imagePullPolicy: Always\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_settings_exit_2_naming_the_key() {
    let dir = TempDir::new("settings-bad");
    dir.write("clean.yaml", clean_manifest());
    let cases = [
        ("profile: production\n", "profile"),
        ("profile: strict\nfailOnn: warning\n", "failOnn"),
        ("rules: {latest-tags: error}\n", "latest-tags"),
        ("rules:\n  latest-tag: fatal\n", "rules.latest-tag"),
        ("kubernetesVersion: 1.30\n", "kubernetesVersion"),
        ("failOn: off\n", "failOn"),
    ];
    let mut report = String::new();
    for (settings, key) in cases {
        dir.write("bad.yaml", settings);
        let o = pullpolicy_in(
            dir.path(),
            &["lint", "--config", "bad.yaml", "clean.yaml"],
            None,
        );
        assert_exit(&o, 2);
        assert_eq!(stdout(&o), "", "{settings}");
        let message = stderr(&o);
        assert!(
            message.starts_with("error: bad.yaml: invalid settings: "),
            "{message}"
        );
        assert!(message.contains(key), "{settings}: {message}");
        report.push_str(&format!("$ cat bad.yaml\n{settings}{message}\n"));
    }
    // Found upward: the message names the file it read.
    let nested = dir.path().join("sub");
    std::fs::create_dir_all(&nested).unwrap();
    dir.write(".pullpolicy.yaml", "profile: production\n");
    let o = pullpolicy_in(&nested, &["lint", "../clean.yaml"], None);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains(".pullpolicy.yaml: invalid settings: profile"),
        "{}",
        stderr(&o)
    );
    insta::assert_snapshot!(report);
}

#[test]
fn empty_settings_mean_the_defaults() {
    let dir = TempDir::new("settings-empty");
    dir.write("clean.yaml", clean_manifest());
    dir.write(
        "latest.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:latest\n      imagePullPolicy: Always\n",
    );
    for settings in [
        "",
        "\n\n",
        "# nothing set yet\n",
        "# a comment\n  # an indented one\n\n",
        "---\n",
        "{}\n",
    ] {
        dir.write(".pullpolicy.yaml", settings);
        // prod: nothing on the clean file (strict would warn), latest-tag a warning (dev: info).
        assert_eq!(
            lint_in(dir.path(), &["clean.yaml"]),
            (0, "No findings in 1 file.\n".to_owned()),
            "{settings:?}"
        );
        let (code, text) = lint_in(dir.path(), &["latest.yaml"]);
        assert_eq!(code, 0, "{settings:?}");
        assert!(
            text.starts_with("latest.yaml:7:14: warning[latest-tag] "),
            "{settings:?}: {text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Rules that look across files

fn rules_of(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn service_account_in_another_file_provides_the_pull_secret() {
    let dir = TempDir::new("service-account");
    dir.write("with-sa/sa.yaml", BUILDER_WITH_SECRETS);
    dir.write("with-sa/pod.yaml", ACME_POD);
    dir.write(
        "bare-sa/sa.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n",
    );
    dir.write("bare-sa/pod.yaml", ACME_POD);
    dir.write("private.yaml", "privateRegistries: [registry.acme.com]\n");
    let lint = |args: &[&str]| {
        let mut all = vec!["lint", "--format", "json"];
        all.extend(args);
        let o = pullpolicy_in(dir.path(), &all, None);
        assert_exit(&o, 0);
        json(&o)
    };

    // Together: the ServiceAccount's imagePullSecrets cover the pod.
    let v = lint(&["with-sa"]);
    assert_eq!(rules_of(&v), []);
    let v = lint(&["--config", "private.yaml", "with-sa"]);
    assert_eq!(rules_of(&v), []);
    // Also as two separate arguments.
    let v = lint(&["with-sa/sa.yaml", "with-sa/pod.yaml"]);
    assert_eq!(rules_of(&v), []);

    // The pod alone: the ServiceAccount cannot be checked. A guess (info) unless the registry is
    // known to be private.
    let missing = |severity: &str| {
        vec![(
            "with-sa/pod.yaml".to_owned(),
            "missing-pull-secret".to_owned(),
            severity.to_owned(),
        )]
    };
    let v = lint(&["with-sa/pod.yaml"]);
    assert_eq!(rules_of(&v), missing("info"));
    let note = v["findings"][0]["note"].as_str().unwrap();
    assert!(
        note.contains("ServiceAccount builder is not in the input"),
        "{note}"
    );
    let v = lint(&["--config", "private.yaml", "with-sa/pod.yaml"]);
    assert_eq!(rules_of(&v), missing("warning"));
    assert_eq!(v["findings"][0]["line"], 9);

    // A ServiceAccount in the input without imagePullSecrets: the pod has none either.
    let v = lint(&["--config", "private.yaml", "bare-sa"]);
    assert_eq!(
        rules_of(&v),
        [(
            "bare-sa/pod.yaml".to_owned(),
            "missing-pull-secret".to_owned(),
            "warning".to_owned()
        )]
    );
    let note = v["findings"][0]["note"].as_str().unwrap();
    assert!(note.contains("has no imagePullSecrets either"), "{note}");
}

#[test]
fn opaque_secret_named_in_image_pull_secrets() {
    let pod = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  imagePullSecrets:
    - name: regcred
  containers:
    - name: web
      image: registry.acme.com/web:2.3.1
      imagePullPolicy: IfNotPresent
";
    let dir = TempDir::new("secret-type");
    dir.write(
        "opaque/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: Opaque\ndata:\n  password: aHVudGVyMg==\n",
    );
    dir.write("opaque/pod.yaml", pod);
    dir.write(
        "docker/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: e30=\n",
    );
    dir.write("docker/pod.yaml", pod);

    let o = pullpolicy_in(dir.path(), &["lint", "--format", "json", "opaque"], None);
    assert_exit(&o, 1);
    let v = json(&o);
    assert_eq!(
        rules_of(&v),
        [(
            "opaque/pod.yaml".to_owned(),
            "pull-secret-wrong-type".to_owned(),
            "error".to_owned()
        )]
    );
    let f = &v["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(7), Some(13))
    );
    assert_eq!(f["path"], "spec.imagePullSecrets[0].name");
    assert!(f["message"].as_str().unwrap().contains("Opaque"), "{f}");

    let o = pullpolicy_in(dir.path(), &["lint", "--format", "json", "docker"], None);
    assert_exit(&o, 0);
    assert_eq!(rules_of(&json(&o)), []);
}

// ---------------------------------------------------------------------------------------------
// fix

#[test]
fn fix_prints_a_unified_diff() {
    let o = pullpolicy(&["fix", "examples"], None);
    assert_exit(&o, 1);
    assert_eq!(stderr(&o), "Would fix 4 findings in 4 files.\n");
    let diff = stdout(&o);
    // --diff is the default.
    let explicit = pullpolicy(&["fix", "--diff", "examples"], None);
    assert_exit(&explicit, 1);
    assert_eq!(stdout(&explicit), diff);
    insta::assert_snapshot!(diff);

    let o = pullpolicy(&["fix", CLEAN], None);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "Nothing to fix.\n");
}

#[test]
fn fix_unsafe_fixes_more() {
    let o = pullpolicy(&["fix", "--unsafe", "examples"], None);
    assert_exit(&o, 1);
    assert_eq!(stderr(&o), "Would fix 6 findings in 5 files.\n");
    let diff = stdout(&o);
    // The misplaced policy moves into the container; IfNotPresent on :latest becomes Always.
    assert!(diff.contains("-  imagePullPolicy: Always\n"), "{diff}");
    assert!(
        diff.contains("-      imagePullPolicy: IfNotPresent\n+      imagePullPolicy: Always\n"),
        "{diff}"
    );
    insta::assert_snapshot!(diff);
}

/// The examples, plus 01 with a byte order mark and CRLF line breaks.
fn examples_copy(dir: &TempDir) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        files.insert(name, std::fs::read(&path).unwrap());
    }
    files.insert("08-crlf-bom.yaml".to_owned(), crlf_bom_01());
    for (name, bytes) in &files {
        dir.write(&format!("examples/{name}"), bytes);
    }
    files
}

fn crlf_bom_01() -> Vec<u8> {
    let lf = std::fs::read_to_string(root().join("examples/01-local-image-latest.yaml")).unwrap();
    assert!(!lf.contains('\r'));
    format!("\u{feff}{}", lf.replace('\n', "\r\n")).into_bytes()
}

fn dir_entries(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn fix_write_rewrites_in_place_and_is_idempotent() {
    let dir = TempDir::new("fix-write");
    let before = examples_copy(&dir);

    let o = pullpolicy_in(dir.path(), &["fix", "--write", "examples"], None);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "", "--write prints no diff");
    assert_eq!(stderr(&o), "Fixed 5 findings in 5 files.\n");

    // No temporary file left behind, nothing else created.
    let names: BTreeSet<String> = before.keys().cloned().collect();
    assert_eq!(dir_entries(&dir.path().join("examples")), names);

    // Files with nothing safe to fix are untouched; the others differ only by the fixes.
    let after = |name: &str| dir.read(&format!("examples/{name}"));
    for name in [
        "02-misplaced-pull-policy.yaml",
        "03-policies-side-by-side.yaml",
        "07-clean.yaml",
    ] {
        assert_eq!(after(name), before[name], "{name} changed");
    }
    let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
    assert_eq!(
        text(&after("06-invalid-value.yaml")),
        text(&before["06-invalid-value.yaml"])
            .replace("imagePullPolicy: always", "imagePullPolicy: Always")
    );
    assert_eq!(
        text(&after("01-local-image-latest.yaml")),
        text(&before["01-local-image-latest.yaml"]).replace(
            "image: registry/demoapi:latest\n",
            "image: registry/demoapi:latest\n          imagePullPolicy: Always\n"
        )
    );

    // Fixing again changes nothing.
    let o = pullpolicy_in(dir.path(), &["fix", "examples"], None);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "Nothing to fix.\n");
    let fixed: Vec<Vec<u8>> = before.keys().map(|name| after(name)).collect();
    let o = pullpolicy_in(dir.path(), &["fix", "--write", "examples"], None);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "Nothing to fix.\n");
    let again: Vec<Vec<u8>> = before.keys().map(|name| after(name)).collect();
    assert_eq!(again, fixed);
    assert_eq!(dir_entries(&dir.path().join("examples")), names);
}

#[test]
fn fix_write_keeps_every_byte_outside_the_edit() {
    let dir = TempDir::new("fix-crlf");
    let original = crlf_bom_01();
    dir.write("deploy.yaml", &original);

    let o = pullpolicy_in(dir.path(), &["fix", "--write", "deploy.yaml"], None);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "Fixed 1 finding in 1 file.\n");
    let fixed = dir.read("deploy.yaml");

    assert!(fixed.starts_with("\u{feff}".as_bytes()), "the BOM is kept");
    let fixed = String::from_utf8(fixed).unwrap();
    let original = String::from_utf8(original).unwrap();
    assert!(fixed.ends_with("\r\n"));
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "a bare LF: {fixed:?}"
    );
    assert_eq!(fixed.matches('\r').count(), fixed.matches("\r\n").count());
    for comment in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(fixed.contains(comment), "lost {comment:?}");
    }
    // The original plus exactly one line.
    let image = "          image: registry/demoapi:latest\r\n";
    let at = original.find(image).unwrap() + image.len();
    let expected = format!(
        "{}          imagePullPolicy: Always\r\n{}",
        &original[..at],
        &original[at..]
    );
    assert_eq!(fixed, expected);
    assert_eq!(
        dir_entries(dir.path()),
        BTreeSet::from(["deploy.yaml".to_owned()])
    );
}

#[test]
fn fix_write_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("fix-mode");
    let path = dir.write(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: x\n      image: nginx\n",
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = pullpolicy_in(dir.path(), &["fix", "--write", "pod.yaml"], None);
    assert_exit(&o, 0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert!(
        String::from_utf8(dir.read("pod.yaml"))
            .unwrap()
            .ends_with("      image: nginx\n      imagePullPolicy: Always\n")
    );
}

#[test]
fn fix_write_refuses_standard_input() {
    let o = pullpolicy(
        &["fix", "--write", "-"],
        Some(b"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx\n"),
    );
    assert_exit(&o, 2);
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "error: --write cannot rewrite standard input; leave it out to get a diff\n"
    );
    // Without --write, standard input gets a diff.
    let o = pullpolicy(
        &["fix", "-"],
        Some(b"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx\n"),
    );
    assert_exit(&o, 1);
    assert!(
        stdout(&o).starts_with("--- a/<stdin>\n+++ b/<stdin>\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn fix_leaves_files_with_syntax_errors_untouched() {
    let dir = TempDir::new("fix-broken");
    // The first document could be fixed, but not around a syntax error in the second.
    let broken = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: x\n      image: nginx\n---\nkind: Pod\nspec: [\n";
    dir.write("m/broken.yaml", broken);
    dir.write(
        "m/pod.yaml",
        ACME_POD.replace("      imagePullPolicy: IfNotPresent\n", ""),
    );

    let o = pullpolicy_in(dir.path(), &["fix", "--write", "m"], None);
    assert_exit(&o, 2);
    assert_eq!(
        stderr(&o),
        "m/broken.yaml:10:7: error: invalid YAML: unclosed bracket '[' (nothing fixed)\n\
         Fixed 1 finding in 1 file.\n"
    );
    assert_eq!(dir.read("m/broken.yaml"), broken.as_bytes());
    // The other file is still fixed.
    assert!(
        String::from_utf8(dir.read("m/pod.yaml"))
            .unwrap()
            .contains("imagePullPolicy: IfNotPresent")
    );
    assert_eq!(
        dir_entries(&dir.path().join("m")),
        BTreeSet::from(["broken.yaml".to_owned(), "pod.yaml".to_owned()])
    );

    // As a diff: the same error, no diff for it.
    let o = pullpolicy_in(dir.path(), &["fix", "m/broken.yaml"], None);
    assert_exit(&o, 2);
    assert_eq!(stdout(&o), "");

    // lint reports it too, in every format, with exit code 2: in text, on standard error,
    // and counted in the summary.
    let o = pullpolicy_in(dir.path(), &["lint", "m/broken.yaml"], None);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).starts_with("m/broken.yaml:10:7: error: invalid YAML: unclosed bracket '['"),
        "{}",
        stderr(&o)
    );
    // Not fixable while the syntax error is there (fix refuses the file), and said so.
    assert!(
        stdout(&o).ends_with(
            "Found 2 findings in 1 file: 2 warnings. 1 file could not be read in full (its \
             errors are on standard error).\n"
        ),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains(
            "= fix: write imagePullPolicy: Always (pullpolicy fix, once the syntax errors are \
             fixed)\n"
        ),
        "{}",
        stdout(&o)
    );
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--format", "github", "m/broken.yaml"],
        None,
    );
    assert_exit(&o, 2);
    assert!(
        stdout(&o).starts_with(
            "::error file=m/broken.yaml,line=10,col=7,title=pullpolicy::invalid YAML: unclosed bracket '['"
        ),
        "{}",
        stdout(&o)
    );
    let o = pullpolicy_in(
        dir.path(),
        &["lint", "--format", "json", "m/broken.yaml"],
        None,
    );
    assert_exit(&o, 2);
    let v = json(&o);
    assert_eq!(v["errors"][0]["file"], "m/broken.yaml");
    assert_eq!(v["errors"][0]["line"], 10);
}

// ---------------------------------------------------------------------------------------------
// rules

#[test]
fn rules_as_text() {
    let o = pullpolicy(&["rules"], None);
    assert_exit(&o, 0);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn rules_as_json() {
    let o = pullpolicy(&["rules", "--format", "json"], None);
    assert_exit(&o, 0);
    let v = json(&o);
    let rules = v.as_array().expect("an array of rules");
    assert_eq!(rules.len(), RuleId::ALL.len());
    let mut ids = BTreeSet::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        assert!(
            !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
        assert!(ids.insert(id), "{id} twice");
        assert!(!rule["summary"].as_str().unwrap().is_empty(), "{rule}");
        for profile in ["dev", "prod", "strict"] {
            assert!(
                ["off", "info", "warning", "error"]
                    .contains(&rule["severity"][profile].as_str().unwrap()),
                "{rule}"
            );
        }
    }
    // The same rules, in the same order, as SARIF declares.
    let sarif = json(&pullpolicy(&["lint", "--format", "sarif", CLEAN], None));
    let sarif_ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let json_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(sarif_ids, json_ids);
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let o = pullpolicy(&["rules", "--format", "markdown"], None);
    assert_exit(&o, 0);
    let generated = o.stdout;
    let checked_in = std::fs::read(root().join("docs/rules.md")).expect("docs/rules.md");
    if generated != checked_in {
        let generated = String::from_utf8_lossy(&generated);
        let checked_in = String::from_utf8_lossy(&checked_in);
        let line = generated
            .lines()
            .zip(checked_in.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| generated.lines().count().min(checked_in.lines().count()));
        panic!(
            "docs/rules.md is stale (first difference at line {}: generated {:?}, checked in {:?}).\n\
             Regenerate it with:\n    cargo run -p pullpolicy-cli -- rules --format markdown > docs/rules.md",
            line + 1,
            generated.lines().nth(line).unwrap_or("<end of file>"),
            checked_in.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Standard input

#[test]
fn lint_reads_standard_input() {
    let manifest = b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: x\n      image: nginx\n";
    let o = pullpolicy(&["lint", "-"], Some(manifest));
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.starts_with("<stdin>:7:14: warning[implicit-always-pull] container x: "),
        "{text}"
    );
    assert!(
        text.ends_with("Found 2 findings in 1 file: 2 warnings. 1 fixable with pullpolicy fix.\n"),
        "{text}"
    );
    let o = pullpolicy(&["lint", "--format", "json", "-"], Some(manifest));
    let v = json(&o);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    assert!(findings.iter().all(|f| f["file"] == "<stdin>"), "{v}");
    assert_eq!(v["images"][0]["file"], "<stdin>");
    // Standard input and files together, linted as one set.
    let o = pullpolicy(
        &["lint", "--format", "json", "-", CLEAN],
        Some(BUILDER_WITH_SECRETS.as_bytes()),
    );
    assert_exit(&o, 0);
    assert_eq!(json(&o)["summary"]["files"], 2);
}

/// A kustomization beside (or above) the files it lists: its `images:` decide the image each
/// container gets, and its patches are partial objects.
#[test]
fn kustomize_images_and_patches_are_applied() {
    let dir = TempDir::new("kustomize");
    dir.write(
        "app/kustomization.yaml",
        "resources: [deployment.yaml]\npatches:\n  - path: overlays/patch.yaml\nimages:\n  - name: nginx\n    newTag: 1.27.3\n",
    );
    let deployment = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
";
    dir.write("app/deployment.yaml", deployment);
    dir.write(
        "app/overlays/patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources: {limits: {memory: 1Gi}}\n        - name: side\n          imagePullPolicy: Always\n",
    );
    dir.write("unlisted/deployment.yaml", deployment);
    let o = pullpolicy_in(dir.path(), &["lint", "--format", "json", "."], None);
    assert_exit(&o, 0);
    let v = json(&o);
    // Listed: nginx becomes nginx:1.27.3 (IfNotPresent), so no latest-tag; the one finding says
    // what kustomize writes, and its fix is unsafe (another overlay may write another image).
    // The patch is judged as a patch: no missing-image. Unlisted: nginx as written.
    assert_eq!(
        rules_of(&v),
        [
            (
                "./app/deployment.yaml".to_owned(),
                "implicit-pull-policy".to_owned(),
                "info".to_owned()
            ),
            (
                "./unlisted/deployment.yaml".to_owned(),
                "implicit-always-pull".to_owned(),
                "warning".to_owned()
            ),
            (
                "./unlisted/deployment.yaml".to_owned(),
                "latest-tag".to_owned(),
                "warning".to_owned()
            ),
        ]
    );
    let finding = &v["findings"][0];
    let note = finding["note"].as_str().unwrap();
    assert!(
        note.contains("kustomize writes the image as nginx:1.27.3"),
        "{note}"
    );
    assert_eq!(finding["fix"]["applicability"], "unsafe");
    let o = pullpolicy_in(dir.path(), &["resolve", "--format", "json", "app"], None);
    let v = json(&o);
    assert_eq!(v["images"][0]["pullPolicy"]["effective"], "IfNotPresent");
    assert_eq!(v["images"][0]["image"]["kustomizedAs"], "nginx:1.27.3");
    assert_eq!(v["images"][0]["reference"]["input"], "nginx:1.27.3");
    // A patch's container that writes no image keeps the base's: `resolve` lists it only for
    // the policy it writes, with no node events (they depend on the image).
    let o = pullpolicy_in(
        dir.path(),
        &["resolve", "--format", "json", "app/overlays"],
        None,
    );
    let v = json(&o);
    let images = v["images"].as_array().unwrap();
    assert_eq!(images.len(), 1, "{v}");
    assert_eq!(images[0]["container"]["name"], "side");
    assert_eq!(images[0]["image"]["fromBase"], true);
    assert_eq!(images[0]["pullPolicy"]["effective"], "Always");
    assert_eq!(images[0]["onNode"], serde_json::json!([]));
    let o = pullpolicy_in(dir.path(), &["resolve", "app/overlays"], None);
    assert!(stdout(&o).contains("(the base's) Always"), "{}", stdout(&o));
    // `fix` leaves the unsafe fix alone.
    let o = pullpolicy_in(dir.path(), &["fix", "app"], None);
    assert_exit(&o, 0);
}

/// A test's assertions are compared with the cluster, never applied: their YAML is checked,
/// their objects are not judged.
#[test]
fn test_assertions_are_read_not_judged() {
    let dir = TempDir::new("assertions");
    let partial =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n";
    // chainsaw: its test names what it asserts, whatever the name.
    dir.write(
        "chainsaw/chainsaw-test.yaml",
        "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nspec:\n  steps:\n  - try:\n    - apply: {file: install.yaml}\n    - assert: {file: pods-are-up.yaml}\n    - error: {file: \"gone-*.yaml\"}\n",
    );
    dir.write("chainsaw/install.yaml", partial);
    dir.write("chainsaw/pods-are-up.yaml", partial);
    dir.write("chainsaw/gone-pod.yaml", partial);
    // Not asserted by the test there, so applied whatever its name.
    dir.write("chainsaw/01-assert.yaml", partial);
    // kuttl's step names, in a directory without a chainsaw test; a duplicate key still counts.
    dir.write("kuttl/00-install.yaml", partial);
    dir.write("kuttl/00-assert.yaml", partial);
    dir.write("kuttl/01-errors.yaml", "kind: Pod\nkind: Pod\n");
    let o = pullpolicy_in(dir.path(), &["lint", "--format", "json", "."], None);
    let v = json(&o);
    let missing: Vec<(String, String, String)> = rules_of(&v)
        .into_iter()
        .filter(|(_, rule, _)| rule != "implicit-pull-policy")
        .collect();
    let found = |file: &str, rule: &str| (file.to_owned(), rule.to_owned(), "error".to_owned());
    assert_eq!(
        missing,
        [
            found("./chainsaw/01-assert.yaml", "missing-image"),
            found("./chainsaw/install.yaml", "missing-image"),
            found("./kuttl/00-install.yaml", "missing-image"),
            found("./kuttl/01-errors.yaml", "duplicate-key"),
        ]
    );
    // `resolve` lists no image of an assertion.
    let o = pullpolicy_in(
        dir.path(),
        &["resolve", "--format", "json", "kuttl/00-assert.yaml"],
        None,
    );
    assert_eq!(json(&o)["images"], serde_json::json!([]));
}

#[test]
fn exclude_leaves_out_what_directories_hold() {
    let dir = TempDir::new("exclude");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n";
    dir.write("app/pod.yaml", pod);
    dir.write("app/tests/pod.yaml", pod);
    dir.write("app/e2e/01-assert.yaml", pod);
    dir.write("charts/web/templates/pod.yaml", pod);
    dir.write(
        ".pullpolicy.yaml",
        "exclude: [tests, \"*-assert.yaml\", \"charts/*/templates\"]\n",
    );
    let files = |args: &[&str]| {
        let mut all = vec!["lint", "--format", "json"];
        all.extend(args);
        let v = json(&pullpolicy_in(dir.path(), &all, None));
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&["."]), ["./app/pod.yaml"]);
    // Named on the command line: read.
    assert_eq!(files(&["app/tests/pod.yaml"]), ["app/tests/pod.yaml"]);
}
