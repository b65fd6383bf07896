//! Transcribed from github.com/distribution/reference `normalize_test.go`.
//!
//! Version: the index stores a single version of this file, at commit 4894124079e5: after the IPv6
//! domain support but before v0.6.0's ff14fafe2236 (its `reference_test.go` still counted the
//! whole name toward the 255 limit; distribution/reference PR #9 then changed `reference.go` and
//! `reference_test.go` to count only the path). Every expectation below was traced through the
//! v0.6.0 `normalize.go` / `reference.go` as vendored by Kubernetes; the only length-related case
//! (the over-long namespace in `TestValidateRemoteName`) fails under both the old and the new
//! counting.
//!
//! Transcribed (`ParseNormalizedNamed` = `Reference::parse_normalized`,
//! `ParseDockerRef` = `Reference::parse_docker_ref`, `FamiliarName` = `familiar_name()`,
//! `FamiliarString` = `familiar()`, `Domain` = `domain()`, `Path` = `path()`):
//! - `TestValidateReferenceName` -> `validate_reference_name` (23 valid, 14 invalid).
//! - `TestValidateRemoteName` -> `validate_remote_name` (8 valid, 13 invalid).
//! - `TestParseRepositoryInfo` -> `parse_repository_info` (16 cases, 36 reference strings).
//! - `TestParseReferenceWithTagAndDigest` -> `parse_reference_with_tag_and_digest`.
//! - `TestInvalidReferenceComponents` -> `invalid_reference_components`, only its
//!   `ParseNormalizedNamed` part; the `WithTag(ref, "-foo")` and `WithDigest(ref, "foo")` checks
//!   are skipped (`WithTag` / `WithDigest` not provided).
//! - `TestNormalizedSplitHostname` -> `normalized_split_hostname` (11 cases).
//! - `TestParseDockerRef` -> `parse_docker_ref` (11 cases).
//!
//! Skipped (API not provided):
//! - `TestParseAnyReference` (`ParseAnyReference`, and it compares internal reference types).
//! - `TestMatchError`, `TestMatch` (`ParseAnyReference` + `FamiliarMatch`).

use pullpolicy_core::reference::Reference;

use crate::{assert_no_failures, show};

/// `TestValidateReferenceName`: `validRepoNames`
const VALID_REPO_NAMES: &[&str] = &[
    "docker/docker",
    "library/debian",
    "debian",
    "docker.io/docker/docker",
    "docker.io/library/debian",
    "docker.io/debian",
    "index.docker.io/docker/docker",
    "index.docker.io/library/debian",
    "index.docker.io/debian",
    "127.0.0.1:5000/docker/docker",
    "127.0.0.1:5000/library/debian",
    "127.0.0.1:5000/debian",
    "192.168.0.1",
    "192.168.0.1:80",
    "192.168.0.1:8/debian",
    "192.168.0.2:25000/debian",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    "[fc00::1]:5000/docker",
    "[fc00::1]:5000/docker/docker",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
    // This test case was moved from invalid to valid since it is valid input
    // when specified with a hostname, it removes the ambiguity from about
    // whether the value is an identifier or repository name
    "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "Docker/docker",
    "DOCKER/docker",
];

/// `TestValidateReferenceName`: `invalidRepoNames`
const INVALID_REPO_NAMES: &[&str] = &[
    "https://github.com/docker/docker",
    "docker/Docker",
    "-docker",
    "-docker/docker",
    "-docker.io/docker/docker",
    "docker///docker",
    "docker.io/docker/Docker",
    "docker.io/docker///docker",
    "[fc00::1]",
    "[fc00::1]:5000",
    "fc00::1:5000/debian",
    "[fe80::1%eth0]:5000/debian",
    "[2001:db8:3:4::192.0.2.33]:5000/debian",
    "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
];

fn check_valid(names: &[&str], failures: &mut Vec<String>) {
    for name in names {
        let result = Reference::parse_normalized(name);
        if result.is_err() {
            failures.push(format!(
                "Error parsing repo name {name:?}, got: {}",
                show(&result)
            ));
        }
    }
}

fn check_invalid(names: &[&str], failures: &mut Vec<String>) {
    for name in names {
        let result = Reference::parse_normalized(name);
        if result.is_ok() {
            failures.push(format!(
                "Expected invalid repo name for {name:?}, got: {}",
                show(&result)
            ));
        }
    }
}

#[test]
fn validate_reference_name() {
    assert_eq!(VALID_REPO_NAMES.len(), 23);
    assert_eq!(INVALID_REPO_NAMES.len(), 14);
    let mut failures = Vec::new();
    check_invalid(INVALID_REPO_NAMES, &mut failures);
    check_valid(VALID_REPO_NAMES, &mut failures);
    assert_no_failures(&failures);
}

/// `TestValidateRemoteName`: `validRepositoryNames`
const VALID_REPOSITORY_NAMES: &[&str] = &[
    // Sanity check.
    "docker/docker",
    // Allow 64-character non-hexadecimal names (hexadecimal names are forbidden).
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    // Allow embedded hyphens.
    "docker-rules/docker",
    // Allow multiple hyphens as well.
    "docker---rules/docker",
    // Username doc and image name docker being tested.
    "doc/docker",
    // single character names are now allowed.
    "d/docker",
    "jess/t",
    // Consecutive underscores.
    "dock__er/docker",
];

/// `TestValidateRemoteName`: `invalidRepositoryNames`
const INVALID_REPOSITORY_NAMES: &[&str] = &[
    // Disallow capital letters.
    "docker/Docker",
    // Only allow one slash.
    "docker///docker",
    // Disallow 64-character hexadecimal.
    "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    // Disallow leading and trailing hyphens in namespace.
    "-docker/docker",
    "docker-/docker",
    "-docker-/docker",
    // Don't allow underscores everywhere (as opposed to hyphens).
    "____/____",
    "_docker/_docker",
    // Disallow consecutive periods.
    "dock..er/docker",
    "dock_.er/docker",
    "dock-.er/docker",
    // No repository.
    "docker/",
    // namespace too long
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker",
];

#[test]
fn validate_remote_name() {
    assert_eq!(VALID_REPOSITORY_NAMES.len(), 8);
    assert_eq!(INVALID_REPOSITORY_NAMES.len(), 13);
    let mut failures = Vec::new();
    check_valid(VALID_REPOSITORY_NAMES, &mut failures);
    check_invalid(INVALID_REPOSITORY_NAMES, &mut failures);
    assert_no_failures(&failures);
}

struct RepositoryInfoCase {
    remote_name: &'static str,
    familiar_name: &'static str,
    full_name: &'static str,
    ambiguous_name: &'static str,
    domain: &'static str,
}

const PARSE_REPOSITORY_INFO: &[RepositoryInfoCase] = &[
    RepositoryInfoCase {
        remote_name: "fooo/bar",
        familiar_name: "fooo/bar",
        full_name: "docker.io/fooo/bar",
        ambiguous_name: "index.docker.io/fooo/bar",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "library/ubuntu",
        familiar_name: "ubuntu",
        full_name: "docker.io/library/ubuntu",
        ambiguous_name: "library/ubuntu",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "nonlibrary/ubuntu",
        familiar_name: "nonlibrary/ubuntu",
        full_name: "docker.io/nonlibrary/ubuntu",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "other/library",
        familiar_name: "other/library",
        full_name: "docker.io/other/library",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "private/moonbase",
        familiar_name: "127.0.0.1:8000/private/moonbase",
        full_name: "127.0.0.1:8000/private/moonbase",
        ambiguous_name: "",
        domain: "127.0.0.1:8000",
    },
    RepositoryInfoCase {
        remote_name: "privatebase",
        familiar_name: "127.0.0.1:8000/privatebase",
        full_name: "127.0.0.1:8000/privatebase",
        ambiguous_name: "",
        domain: "127.0.0.1:8000",
    },
    RepositoryInfoCase {
        remote_name: "private/moonbase",
        familiar_name: "example.com/private/moonbase",
        full_name: "example.com/private/moonbase",
        ambiguous_name: "",
        domain: "example.com",
    },
    RepositoryInfoCase {
        remote_name: "privatebase",
        familiar_name: "example.com/privatebase",
        full_name: "example.com/privatebase",
        ambiguous_name: "",
        domain: "example.com",
    },
    RepositoryInfoCase {
        remote_name: "private/moonbase",
        familiar_name: "example.com:8000/private/moonbase",
        full_name: "example.com:8000/private/moonbase",
        ambiguous_name: "",
        domain: "example.com:8000",
    },
    RepositoryInfoCase {
        remote_name: "privatebasee",
        familiar_name: "example.com:8000/privatebasee",
        full_name: "example.com:8000/privatebasee",
        ambiguous_name: "",
        domain: "example.com:8000",
    },
    RepositoryInfoCase {
        remote_name: "library/ubuntu-12.04-base",
        familiar_name: "ubuntu-12.04-base",
        full_name: "docker.io/library/ubuntu-12.04-base",
        ambiguous_name: "index.docker.io/library/ubuntu-12.04-base",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "library/foo",
        familiar_name: "foo",
        full_name: "docker.io/library/foo",
        ambiguous_name: "docker.io/foo",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "library/foo/bar",
        familiar_name: "library/foo/bar",
        full_name: "docker.io/library/foo/bar",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "store/foo/bar",
        familiar_name: "store/foo/bar",
        full_name: "docker.io/store/foo/bar",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "bar",
        familiar_name: "Foo/bar",
        full_name: "Foo/bar",
        ambiguous_name: "",
        domain: "Foo",
    },
    RepositoryInfoCase {
        remote_name: "bar",
        familiar_name: "FOO/bar",
        full_name: "FOO/bar",
        ambiguous_name: "",
        domain: "FOO",
    },
];

#[test]
fn parse_repository_info() {
    assert_eq!(PARSE_REPOSITORY_INFO.len(), 16);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, tc) in PARSE_REPOSITORY_INFO.iter().enumerate() {
        let mut ref_strings = vec![tc.familiar_name, tc.full_name];
        if !tc.ambiguous_name.is_empty() {
            ref_strings.push(tc.ambiguous_name);
        }
        for r in ref_strings {
            checked += 1;
            let result = Reference::parse_normalized(r);
            let Ok(named) = &result else {
                failures.push(format!("{i}/{r}: ref={r}: {}", show(&result)));
                continue;
            };
            if named.familiar_name() != tc.familiar_name {
                failures.push(format!(
                    "{i}/{r}/FamiliarName: Invalid familiar name for {named}. Expected {:?}, got {:?}",
                    tc.familiar_name,
                    named.familiar_name()
                ));
            }
            if named.to_string() != tc.full_name {
                failures.push(format!(
                    "{i}/{r}/FullName: Invalid canonical reference for {named}. Expected {:?}, got {:?}",
                    tc.full_name,
                    named.to_string()
                ));
            }
            if named.domain() != tc.domain {
                failures.push(format!(
                    "{i}/{r}/Domain: Invalid domain for {named}. Expected {:?}, got {:?}",
                    tc.domain,
                    named.domain()
                ));
            }
            if named.path() != tc.remote_name {
                failures.push(format!(
                    "{i}/{r}/RemoteName: Invalid remoteName for {named}. Expected {:?}, got {:?}",
                    tc.remote_name,
                    named.path()
                ));
            }
        }
    }
    assert_eq!(checked, 36, "16 cases, 4 with an ambiguous name");
    assert_no_failures(&failures);
}

#[test]
fn parse_reference_with_tag_and_digest() {
    let short_ref =
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    let result = Reference::parse_normalized(short_ref);
    let Ok(r) = &result else {
        panic!("ParseNormalizedNamed({short_ref:?}): {}", show(&result));
    };
    let expected = format!("docker.io/library/{short_ref}");
    assert_eq!(
        r.to_string(),
        expected,
        "Invalid parsed reference for {short_ref:?}"
    );
    // Reference should support tag (NamedTagged) and digest (Canonical).
    assert_eq!(
        r.tag(),
        Some("latest"),
        "Reference from {short_ref:?} should support tag"
    );
    assert_eq!(
        r.digest(),
        Some("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"),
        "Reference from {short_ref:?} should support digest"
    );
    assert_eq!(
        r.familiar(),
        short_ref,
        "Invalid familiar string for {short_ref:?}"
    );
}

#[test]
fn invalid_reference_components() {
    let result = Reference::parse_normalized("-foo");
    assert!(
        result.is_err(),
        "Expected ParseNormalizedNamed to detect invalid name \"-foo\", got {}",
        show(&result)
    );
    let result = Reference::parse_normalized("busybox");
    assert!(
        result.is_ok(),
        "ParseNormalizedNamed(\"busybox\"): {}",
        show(&result)
    );
    // Upstream continues with WithTag(ref, "-foo") and WithDigest(ref, "foo"): not provided.
}

struct SplitHostnameCase {
    input: &'static str,
    domain: &'static str,
    path: &'static str,
}

const NORMALIZED_SPLIT_HOSTNAME: &[SplitHostnameCase] = &[
    SplitHostnameCase {
        input: "test.com/foo",
        domain: "test.com",
        path: "foo",
    },
    SplitHostnameCase {
        input: "test_com/foo",
        domain: "docker.io",
        path: "test_com/foo",
    },
    SplitHostnameCase {
        input: "docker/migrator",
        domain: "docker.io",
        path: "docker/migrator",
    },
    SplitHostnameCase {
        input: "test.com:8080/foo",
        domain: "test.com:8080",
        path: "foo",
    },
    SplitHostnameCase {
        input: "test-com:8080/foo",
        domain: "test-com:8080",
        path: "foo",
    },
    SplitHostnameCase {
        input: "foo",
        domain: "docker.io",
        path: "library/foo",
    },
    SplitHostnameCase {
        input: "xn--n3h.com/foo",
        domain: "xn--n3h.com",
        path: "foo",
    },
    SplitHostnameCase {
        input: "xn--n3h.com:18080/foo",
        domain: "xn--n3h.com:18080",
        path: "foo",
    },
    SplitHostnameCase {
        input: "docker.io/foo",
        domain: "docker.io",
        path: "library/foo",
    },
    SplitHostnameCase {
        input: "docker.io/library/foo",
        domain: "docker.io",
        path: "library/foo",
    },
    SplitHostnameCase {
        input: "docker.io/library/foo/bar",
        domain: "docker.io",
        path: "library/foo/bar",
    },
];

#[test]
fn normalized_split_hostname() {
    assert_eq!(NORMALIZED_SPLIT_HOSTNAME.len(), 11);
    let mut failures = Vec::new();
    for tc in NORMALIZED_SPLIT_HOSTNAME {
        let input = tc.input;
        let result = Reference::parse_normalized(input);
        match &result {
            Err(_) => failures.push(format!("{input}: error parsing name: {}", show(&result))),
            Ok(named) => {
                if named.domain() != tc.domain {
                    failures.push(format!(
                        "{input}: unexpected domain: got {:?}, expected {:?}",
                        named.domain(),
                        tc.domain
                    ));
                }
                if named.path() != tc.path {
                    failures.push(format!(
                        "{input}: unexpected name: got {:?}, expected {:?}",
                        named.path(),
                        tc.path
                    ));
                }
            }
        }
    }
    assert_no_failures(&failures);
}

struct DockerRefCase {
    name: &'static str,
    input: &'static str,
    expected: &'static str,
}

const PARSE_DOCKER_REF: &[DockerRefCase] = &[
    DockerRefCase {
        name: "nothing",
        input: "busybox",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "tag only",
        input: "busybox:latest",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "digest only",
        input: "busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        expected: "docker.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    },
    DockerRefCase {
        name: "path only",
        input: "library/busybox",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "hostname only",
        input: "docker.io/busybox",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "no tag",
        input: "docker.io/library/busybox",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "no path",
        input: "docker.io/busybox:latest",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "no hostname",
        input: "library/busybox:latest",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "full reference with tag",
        input: "docker.io/library/busybox:latest",
        expected: "docker.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "gcr reference without tag",
        input: "gcr.io/library/busybox",
        expected: "gcr.io/library/busybox:latest",
    },
    DockerRefCase {
        name: "both tag and digest",
        input: "gcr.io/library/busybox:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        expected: "gcr.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    },
];

#[test]
fn parse_docker_ref() {
    assert_eq!(PARSE_DOCKER_REF.len(), 11);
    let mut failures = Vec::new();
    for tc in PARSE_DOCKER_REF {
        let (name, input) = (tc.name, tc.input);
        let result = Reference::parse_docker_ref(input);
        let Ok(normalized) = &result else {
            failures.push(format!(
                "{name}: ParseDockerRef({input:?}): {}",
                show(&result)
            ));
            continue;
        };
        let output = normalized.to_string();
        if output != tc.expected {
            failures.push(format!(
                "{name}: expected {input:?} to be parsed as {}, got {output}",
                tc.expected
            ));
        }
        let reparsed = Reference::parse(&output);
        if reparsed.is_err() {
            failures.push(format!(
                "{name}: {output:?} should be a valid reference, but got an error: {}",
                show(&reparsed)
            ));
        }
        // Not in the upstream test: our `pulled_as()` is defined as ParseDockerRef(..).String().
        match Reference::parse_normalized(input) {
            Ok(r) if r.pulled_as() != tc.expected => failures.push(format!(
                "{name}: ParseNormalizedNamed({input:?}).pulled_as() = {:?}, expected {:?}",
                r.pulled_as(),
                tc.expected
            )),
            Ok(_) => {}
            Err(e) => failures.push(format!(
                "{name}: ParseNormalizedNamed({input:?}): {}",
                crate::show_err(&e)
            )),
        }
    }
    assert_no_failures(&failures);
}
