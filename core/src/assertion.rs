//! Which files are a test's assertions rather than manifests: objects that an end-to-end test
//! compares with what the cluster holds, never applies. Two conventions name them:
//!
//! - a chainsaw `Test` or `TestStep` (`chainsaw.kyverno.io`) lists them as the `file` of its
//!   `assert` and `error` operations, in the `try`, `catch`, `finally` and `cleanup` of each
//!   step (chainsaw's "Test" reference and its "assert" and "error" operations);
//! - without such a test, a file named `<step>-assert.yaml` or `<step>-errors.yaml` is one
//!   (kuttl's test steps, and chainsaw's "manifests based" syntax).

use crate::yaml::{Document, Limits, NodeId, documents};

/// The names chainsaw looks for in a test's directory (its `testFile` default).
pub const CHAINSAW_TEST_FILES: [&str; 2] = ["chainsaw-test.yaml", "chainsaw-test.yml"];

/// The operations whose file is compared, not applied.
const COMPARING: [&str; 2] = ["assert", "error"];
/// Where a step keeps its operations.
const BLOCKS: [&str; 4] = ["try", "catch", "finally", "cleanup"];

/// The files (paths or globs, relative to the test's directory) that the chainsaw tests in
/// `text` assert; `None` when no document of it is a chainsaw `Test` or `TestStep`.
pub fn chainsaw_assertions(text: &str) -> Option<Vec<String>> {
    let mut found = None;
    for doc in documents(text, &Limits::DEFAULT).flatten() {
        let Some(root) = doc.root.filter(|&r| doc.is_mapping(r)) else {
            continue;
        };
        let api_version = doc.value(root, "apiVersion").and_then(|v| doc.str(v));
        if !api_version.is_some_and(|v| v.starts_with("chainsaw.kyverno.io/")) {
            continue;
        }
        let kind = doc.value(root, "kind").and_then(|v| doc.str(v));
        let spec = doc.value(root, "spec");
        let steps: Vec<NodeId> = match (kind, spec) {
            (Some("Test"), Some(spec)) => items(&doc, doc.value(spec, "steps")).to_vec(),
            (Some("TestStep"), Some(spec)) => vec![spec],
            _ => continue,
        };
        let files: &mut Vec<String> = found.get_or_insert_with(Vec::new);
        for step in steps {
            let operations = BLOCKS.iter().flat_map(|b| items(&doc, doc.value(step, b)));
            for &operation in operations {
                let compared = COMPARING.iter().filter_map(|op| doc.value(operation, op));
                let file = compared.filter_map(|c| doc.value(c, "file").and_then(|f| doc.str(f)));
                files.extend(file.map(|f| f.trim_start_matches("./").to_owned()));
            }
        }
    }
    found
}

fn items<'d>(doc: &'d Document<'_>, node: Option<NodeId>) -> &'d [NodeId] {
    node.and_then(|n| doc.sequence(n)).unwrap_or_default()
}

/// Whether a file's name (without its directory) makes it an assertion by the step naming
/// convention: digits, `-`, then `assert` or `errors`, then `.yaml` or `.yml`.
pub fn named_as_assertion(file_name: &str) -> bool {
    let Some((step, rest)) = file_name.split_once('-') else {
        return false;
    };
    let stem = rest
        .strip_suffix(".yaml")
        .or_else(|| rest.strip_suffix(".yml"));
    !step.is_empty()
        && step.bytes().all(|b| b.is_ascii_digit())
        && matches!(stem, Some("assert" | "errors"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chainsaw_test_lists_the_files_it_asserts() {
        let text = "\
apiVersion: chainsaw.kyverno.io/v1alpha1
kind: Test
spec:
  steps:
  - try:
    - apply: {file: 01-install.yaml}
    - assert: {file: ./01-assert.yaml}
    catch:
    - error:
        file: ../errors/*.yaml
  - cleanup:
    - assert: {file: cleaned.yaml}
---
apiVersion: chainsaw.kyverno.io/v1alpha1
kind: TestStep
spec:
  finally:
  - assert: {file: step.yaml}
  - delete: {file: gone.yaml}
";
        let files = chainsaw_assertions(text).unwrap();
        assert_eq!(
            files,
            [
                "01-assert.yaml",
                "../errors/*.yaml",
                "cleaned.yaml",
                "step.yaml"
            ]
        );
    }

    #[test]
    fn other_documents_are_no_chainsaw_test() {
        assert_eq!(chainsaw_assertions("kind: Test\nspec: {steps: []}\n"), None);
        assert_eq!(chainsaw_assertions("- not\n- a mapping\n"), None);
        let empty = "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nspec: {}\n";
        assert_eq!(chainsaw_assertions(empty), Some(vec![]));
    }

    #[test]
    fn step_files_named_assert_or_errors_are_assertions() {
        for name in ["00-assert.yaml", "01-errors.yml", "123-assert.yaml"] {
            assert!(named_as_assertion(name), "{name}");
        }
        for name in [
            "00-install.yaml",
            "assert.yaml",
            "-assert.yaml",
            "a1-assert.yaml",
            "01-assert-native.yaml",
            "01-assert.json",
        ] {
            assert!(!named_as_assertion(name), "{name}");
        }
    }
}
