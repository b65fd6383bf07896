//! Transcribed from kubernetes/kubernetes `pkg/util/parsers/parsers_test.go`, `TestParseImageName`
//! (commit 008b3652959c, the newest stored version: the 10 success cases of the older versions plus
//! the 3 `expectedError` cases). `ParseImageName` = `parse_image_name`: repo is
//! `ParseNormalizedNamed(image).Name()`, tag "latest" only when there is neither tag nor digest.
//!
//! Nothing skipped from `TestParseImageName`. The other tests in the file (`TestParseCronSchedule`,
//! `TestParseCronSchedulePanicRecovery`) are about cron schedules, not image references.

use pullpolicy_core::reference::{ReferenceErrorKind, parse_image_name};

use crate::{assert_no_failures, show_err};

struct ImageNameCase {
    input: &'static str,
    repo: &'static str,
    tag: &'static str,
    digest: &'static str,
    /// Upstream `expectedError`: a substring of the error text.
    expected_error: &'static str,
    /// Not upstream: the error kind, traced through v0.6.0 `ParseNormalizedNamed` for the three
    /// error cases (`ROOT`: "invalid reference format: repository name (library/ROOT) must be
    /// lowercase"; `http://root`: `Parse` fails with `ErrReferenceInvalidFormat`; 64 hex: the
    /// identifier check).
    expected_kind: Option<ReferenceErrorKind>,
}

const fn ok(
    input: &'static str,
    repo: &'static str,
    tag: &'static str,
    digest: &'static str,
) -> ImageNameCase {
    ImageNameCase {
        input,
        repo,
        tag,
        digest,
        expected_error: "",
        expected_kind: None,
    }
}

const fn fails(
    input: &'static str,
    expected_error: &'static str,
    kind: ReferenceErrorKind,
) -> ImageNameCase {
    ImageNameCase {
        input,
        repo: "",
        tag: "",
        digest: "",
        expected_error,
        expected_kind: Some(kind),
    }
}

// Based on Docker test case removed in:
// https://github.com/docker/docker/commit/4352da7803d182a6013a5238ce20a7c749db979a
const PARSE_IMAGE_NAME: &[ImageNameCase] = &[
    ok("root", "docker.io/library/root", "latest", ""),
    ok("root:tag", "docker.io/library/root", "tag", ""),
    ok(
        "root@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "docker.io/library/root",
        "",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    ok("user/repo", "docker.io/user/repo", "latest", ""),
    ok("user/repo:tag", "docker.io/user/repo", "tag", ""),
    ok(
        "user/repo@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "docker.io/user/repo",
        "",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    ok("url:5000/repo", "url:5000/repo", "latest", ""),
    ok("url:5000/repo:tag", "url:5000/repo", "tag", ""),
    ok(
        "url:5000/repo@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "url:5000/repo",
        "",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    ok(
        "url:5000/repo:latest@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "url:5000/repo",
        "latest",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    fails(
        "ROOT",
        "must be lowercase",
        ReferenceErrorKind::NameContainsUppercase,
    ),
    fails(
        "http://root",
        "invalid reference format",
        ReferenceErrorKind::InvalidFormat,
    ),
    fails(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "cannot specify 64-byte hexadecimal strings",
        ReferenceErrorKind::HexRepository,
    ),
];

#[test]
fn parse_image_name_table() {
    assert_eq!(PARSE_IMAGE_NAME.len(), 13);
    let mut failures = Vec::new();
    for tc in PARSE_IMAGE_NAME {
        let input = tc.input;
        match (parse_image_name(input), tc.expected_error.is_empty()) {
            (Err(e), false) => {
                if !e.message().contains(tc.expected_error) || !e.to_string().contains(tc.expected_error) {
                    failures.push(format!(
                        "ParseImageName({input}) expects error {:?} but got {}",
                        tc.expected_error,
                        show_err(&e)
                    ));
                }
                if let Some(kind) = tc.expected_kind
                    && e.kind() != kind
                {
                    failures.push(format!("ParseImageName({input}): expected kind {kind:?}, got {}", show_err(&e)));
                }
            }
            (Ok(got), false) => failures.push(format!(
                "ParseImageName({input}) expects error {:?} but did not get one (got repo {:?}, tag {:?}, digest {:?})",
                tc.expected_error, got.repository, got.tag, got.digest
            )),
            (Err(e), true) => failures.push(format!("ParseImageName({input}) failed: {}", show_err(&e))),
            (Ok(got), true) => {
                if got.repository != tc.repo || got.tag != tc.tag || got.digest != tc.digest {
                    failures.push(format!(
                        "ParseImageName({input}): Expected repo: {:?}, tag: {:?} and digest: {:?}, got {:?}, {:?} and {:?}",
                        tc.repo, tc.tag, tc.digest, got.repository, got.tag, got.digest
                    ));
                }
            }
        }
    }
    assert_no_failures(&failures);
}
