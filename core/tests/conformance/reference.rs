//! Transcribed from github.com/distribution/reference v0.6.0 `reference_test.go`
//! (commit ff14fafe2236e51c2894ac07d4bdfc778e96d682, the v0.6.0 commit: it has the IPv6 cases and
//! the path-only length cases `"domain/" + strings.Repeat("a", 256)` / `"example.com/" +
//! strings.Repeat("a", 255)`; the older stored version 48941240 still counted the whole name).
//!
//! Transcribed:
//! - `TestReferenceParse` -> `reference_parse` (all 47 cases; `Parse` = `Reference::parse`).
//! - `TestSerialization` -> `serialization_round_trip` (all 4 cases). Upstream wraps the reference
//!   in a JSON `Field`, whose `UnmarshalText` is `Parse` and whose `MarshalText` is `String()`; the
//!   JSON envelope is not part of our API, so the test checks exactly what it implies: `Parse`
//!   errors, the name/tag/digest of the result, and `String()` giving the input back.
//! - `TestDomainAndPath` -> `domain_and_path` (all 6 cases), adapted: upstream calls `WithName`,
//!   which is not provided. `WithName` is `anchoredNameRegexp.FindStringSubmatch` plus a path
//!   length check (none of these inputs is near 255), so its `Domain`/`Path` are exactly
//!   `grammar::match_name`'s captures; `Reference::parse` uses the same regexp on the name, so its
//!   `domain()`/`path()` are checked too.
//!
//! Skipped (API not provided):
//! - `TestWithNameFailure` (`WithName`; one of its cases fails only on `WithName`'s length check,
//!   which no provided function reproduces on its own).
//! - `TestWithTag` (`WithName`, `WithDigest`, `WithTag`).
//! - `TestWithDigest` (`WithName`, `WithTag`, `WithDigest`).
//! - `TestParseNamed` (`ParseNamed`).

use pullpolicy_core::reference::{Reference, ReferenceErrorKind, grammar};

use crate::{Text, assert_no_failures, lit, non_empty, rep, sentinel_message, show};

struct ParseCase {
    /// input is the repository name or name component testcase
    input: Text,
    /// err is the error expected from Parse, or nil
    err: Option<ReferenceErrorKind>,
    /// repository is the string representation for the reference
    repository: Text,
    /// domain is the domain expected in the reference
    domain: &'static str,
    /// tag is the tag for the reference
    tag: &'static str,
    /// digest is the digest for the reference (enforces digest reference)
    digest: &'static str,
}

const OK: ParseCase = ParseCase {
    input: lit(""),
    err: None,
    repository: lit(""),
    domain: "",
    tag: "",
    digest: "",
};

/// tests is a unified set of testcases for testing the parsing of references
const REFERENCE_PARSE: &[ParseCase] = &[
    ParseCase {
        input: lit("test_com"),
        repository: lit("test_com"),
        ..OK
    },
    ParseCase {
        input: lit("test.com:tag"),
        repository: lit("test.com"),
        tag: "tag",
        ..OK
    },
    ParseCase {
        input: lit("test.com:5000"),
        repository: lit("test.com"),
        tag: "5000",
        ..OK
    },
    ParseCase {
        input: lit("test.com/repo:tag"),
        domain: "test.com",
        repository: lit("test.com/repo"),
        tag: "tag",
        ..OK
    },
    ParseCase {
        input: lit("test:5000/repo"),
        domain: "test:5000",
        repository: lit("test:5000/repo"),
        ..OK
    },
    ParseCase {
        input: lit("test:5000/repo:tag"),
        domain: "test:5000",
        repository: lit("test:5000/repo"),
        tag: "tag",
        ..OK
    },
    ParseCase {
        input: lit(
            "test:5000/repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ),
        domain: "test:5000",
        repository: lit("test:5000/repo"),
        digest: "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ..OK
    },
    ParseCase {
        input: lit(
            "test:5000/repo:tag@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ),
        domain: "test:5000",
        repository: lit("test:5000/repo"),
        tag: "tag",
        digest: "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ..OK
    },
    ParseCase {
        input: lit("test:5000/repo"),
        domain: "test:5000",
        repository: lit("test:5000/repo"),
        ..OK
    },
    ParseCase {
        input: lit(""),
        err: Some(ReferenceErrorKind::NameEmpty),
        ..OK
    },
    ParseCase {
        input: lit(":justtag"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("repo@sha256:ffffffffffffffffffffffffffffffffff"),
        // digest.ErrDigestInvalidLength
        err: Some(ReferenceErrorKind::DigestInvalidLength),
        ..OK
    },
    ParseCase {
        input: lit(
            "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ),
        // digest.ErrDigestUnsupported
        err: Some(ReferenceErrorKind::DigestUnsupported),
        ..OK
    },
    ParseCase {
        input: lit("Uppercase:tag"),
        err: Some(ReferenceErrorKind::NameContainsUppercase),
        ..OK
    },
    // FIXME "Uppercase" is incorrectly handled as a domain-name here, therefore passes.
    // See https://github.com/distribution/distribution/pull/1778, and https://github.com/docker/docker/pull/20175
    // {
    //	input: "Uppercase/lowercase:tag",
    //	err:   ErrNameContainsUppercase,
    // },
    ParseCase {
        input: lit("test:5000/Uppercase/lowercase:tag"),
        err: Some(ReferenceErrorKind::NameContainsUppercase),
        ..OK
    },
    ParseCase {
        input: lit("lowercase:Uppercase"),
        repository: lit("lowercase"),
        tag: "Uppercase",
        ..OK
    },
    ParseCase {
        // "domain/" + strings.Repeat("a", 256) + ":tag"
        input: rep("domain/", "a", 256, ":tag"),
        err: Some(ReferenceErrorKind::NameTooLong),
        ..OK
    },
    ParseCase {
        // strings.Repeat("a/", 127) + "a:tag-puts-this-over-max"
        input: rep("", "a/", 127, "a:tag-puts-this-over-max"),
        domain: "a",
        // strings.Repeat("a/", 127) + "a"
        repository: rep("", "a/", 127, "a"),
        tag: "tag-puts-this-over-max",
        ..OK
    },
    ParseCase {
        input: lit("aa/asdf$$^/aa"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("sub-dom1.foo.com/bar/baz/quux"),
        domain: "sub-dom1.foo.com",
        repository: lit("sub-dom1.foo.com/bar/baz/quux"),
        ..OK
    },
    ParseCase {
        input: lit("sub-dom1.foo.com/bar/baz/quux:some-long-tag"),
        domain: "sub-dom1.foo.com",
        repository: lit("sub-dom1.foo.com/bar/baz/quux"),
        tag: "some-long-tag",
        ..OK
    },
    ParseCase {
        input: lit("b.gcr.io/test.example.com/my-app:test.example.com"),
        domain: "b.gcr.io",
        repository: lit("b.gcr.io/test.example.com/my-app"),
        tag: "test.example.com",
        ..OK
    },
    ParseCase {
        input: lit("xn--n3h.com/myimage:xn--n3h.com"), // ☃.com in punycode
        domain: "xn--n3h.com",
        repository: lit("xn--n3h.com/myimage"),
        tag: "xn--n3h.com",
        ..OK
    },
    ParseCase {
        input: lit(
            "xn--7o8h.com/myimage:xn--7o8h.com@sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ), // 🐳.com in punycode
        domain: "xn--7o8h.com",
        repository: lit("xn--7o8h.com/myimage"),
        tag: "xn--7o8h.com",
        digest: "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ..OK
    },
    ParseCase {
        input: lit("foo_bar.com:8080"),
        repository: lit("foo_bar.com"),
        tag: "8080",
        ..OK
    },
    ParseCase {
        input: lit("foo/foo_bar.com:8080"),
        domain: "foo",
        repository: lit("foo/foo_bar.com"),
        tag: "8080",
        ..OK
    },
    ParseCase {
        input: lit("192.168.1.1"),
        repository: lit("192.168.1.1"),
        ..OK
    },
    ParseCase {
        input: lit("192.168.1.1:tag"),
        repository: lit("192.168.1.1"),
        tag: "tag",
        ..OK
    },
    ParseCase {
        input: lit("192.168.1.1:5000"),
        repository: lit("192.168.1.1"),
        tag: "5000",
        ..OK
    },
    ParseCase {
        input: lit("192.168.1.1/repo"),
        domain: "192.168.1.1",
        repository: lit("192.168.1.1/repo"),
        ..OK
    },
    ParseCase {
        input: lit("192.168.1.1:5000/repo"),
        domain: "192.168.1.1:5000",
        repository: lit("192.168.1.1:5000/repo"),
        ..OK
    },
    ParseCase {
        input: lit("192.168.1.1:5000/repo:5050"),
        domain: "192.168.1.1:5000",
        repository: lit("192.168.1.1:5000/repo"),
        tag: "5050",
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::1]"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::1]:5000"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::1]:tag"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::1]/repo"),
        domain: "[2001:db8::1]",
        repository: lit("[2001:db8::1]/repo"),
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8:1:2:3:4:5:6]/repo:tag"),
        domain: "[2001:db8:1:2:3:4:5:6]",
        repository: lit("[2001:db8:1:2:3:4:5:6]/repo"),
        tag: "tag",
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::1]:5000/repo"),
        domain: "[2001:db8::1]:5000",
        repository: lit("[2001:db8::1]:5000/repo"),
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::1]:5000/repo:tag"),
        domain: "[2001:db8::1]:5000",
        repository: lit("[2001:db8::1]:5000/repo"),
        tag: "tag",
        ..OK
    },
    ParseCase {
        input: lit(
            "[2001:db8::1]:5000/repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ),
        domain: "[2001:db8::1]:5000",
        repository: lit("[2001:db8::1]:5000/repo"),
        digest: "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ..OK
    },
    ParseCase {
        input: lit(
            "[2001:db8::1]:5000/repo:tag@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ),
        domain: "[2001:db8::1]:5000",
        repository: lit("[2001:db8::1]:5000/repo"),
        tag: "tag",
        digest: "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        ..OK
    },
    ParseCase {
        input: lit("[2001:db8::]:5000/repo"),
        domain: "[2001:db8::]:5000",
        repository: lit("[2001:db8::]:5000/repo"),
        ..OK
    },
    ParseCase {
        input: lit("[::1]:5000/repo"),
        domain: "[::1]:5000",
        repository: lit("[::1]:5000/repo"),
        ..OK
    },
    ParseCase {
        input: lit("[fe80::1%eth0]:5000/repo"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        input: lit("[fe80::1%@invalidzone]:5000/repo"),
        err: Some(ReferenceErrorKind::InvalidFormat),
        ..OK
    },
    ParseCase {
        // "example.com/" + strings.Repeat("a", 255) + ":tag"
        input: rep("example.com/", "a", 255, ":tag"),
        domain: "example.com",
        // "example.com/" + strings.Repeat("a", 255)
        repository: rep("example.com/", "a", 255, ""),
        tag: "tag",
        ..OK
    },
];

#[test]
fn reference_parse_table_is_complete() {
    assert_eq!(
        REFERENCE_PARSE.len(),
        47,
        "TestReferenceParse has 47 cases upstream"
    );
}

#[test]
fn reference_parse() {
    let mut failures = Vec::new();
    for tc in REFERENCE_PARSE {
        let input = tc.input.build();
        let result = Reference::parse(&input);
        let got = show(&result);
        if let Some(want) = tc.err {
            match &result {
                Ok(_) => failures.push(format!(
                    "Parse({input:?}): missing expected error {want:?}, got {got}"
                )),
                Err(e) => {
                    if e.kind() != want {
                        failures.push(format!(
                            "Parse({input:?}): mismatched error: got {got}, expected {want:?}"
                        ));
                    }
                    // Go compares the error values by identity, so their text is fixed too.
                    let want_msg = match want {
                        // reference.ErrNameContainsUppercase (Parse's own, not ParseNormalizedNamed's)
                        ReferenceErrorKind::NameContainsUppercase => {
                            Some("repository name must be lowercase")
                        }
                        other => sentinel_message(other),
                    };
                    if let Some(want_msg) = want_msg
                        && (e.message() != want_msg || e.to_string() != want_msg)
                    {
                        failures.push(format!(
                            "Parse({input:?}): error text: got message {:?} / Display {:?}, expected {want_msg:?}",
                            e.message(),
                            e.to_string()
                        ));
                    }
                }
            }
            continue;
        }
        let Ok(r) = &result else {
            failures.push(format!("Parse({input:?}): unexpected parse error: {got}"));
            continue;
        };
        if r.to_string() != input {
            failures.push(format!(
                "Parse({input:?}): mismatched repo: got {:?}, expected {input:?}",
                r.to_string()
            ));
        }
        let repository = tc.repository.build();
        if r.name() != repository {
            failures.push(format!(
                "Parse({input:?}): unexpected repository: got {:?}, expected {repository:?}",
                r.name()
            ));
        }
        if r.domain() != tc.domain {
            failures.push(format!(
                "Parse({input:?}): unexpected domain: got {:?}, expected {:?}",
                r.domain(),
                tc.domain
            ));
        }
        if r.tag() != non_empty(tc.tag) {
            failures.push(format!(
                "Parse({input:?}): unexpected tag: got {:?}, expected {:?}",
                r.tag(),
                non_empty(tc.tag)
            ));
        }
        if r.digest() != non_empty(tc.digest) {
            failures.push(format!(
                "Parse({input:?}): unexpected digest: got {:?}, expected {:?}",
                r.digest(),
                non_empty(tc.digest)
            ));
        }
    }
    assert_no_failures(&failures);
}

struct SerializationCase {
    description: &'static str,
    input: &'static str,
    name: &'static str,
    tag: &'static str,
    digest: &'static str,
    err: Option<ReferenceErrorKind>,
}

const SERIALIZATION: &[SerializationCase] = &[
    SerializationCase {
        description: "empty value",
        input: "",
        name: "",
        tag: "",
        digest: "",
        err: Some(ReferenceErrorKind::NameEmpty),
    },
    SerializationCase {
        description: "just a name",
        input: "example.com:8000/named",
        name: "example.com:8000/named",
        tag: "",
        digest: "",
        err: None,
    },
    SerializationCase {
        description: "name with a tag",
        input: "example.com:8000/named:tagged",
        name: "example.com:8000/named",
        tag: "tagged",
        digest: "",
        err: None,
    },
    SerializationCase {
        description: "name with digest",
        input: "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        name: "other.com/named",
        tag: "",
        digest: "sha256:1234567890098765432112345667890098765432112345667890098765432112",
        err: None,
    },
];

#[test]
fn serialization_round_trip() {
    let mut failures = Vec::new();
    for tc in SERIALIZATION {
        let d = tc.description;
        let input = tc.input;
        let result = Reference::parse(input);
        match (&result, tc.err) {
            (Err(e), Some(want)) => {
                if e.kind() != want || Some(e.message()) != sentinel_message(want) {
                    failures.push(format!(
                        "{d} ({input:?}): wrong error, expected {want:?}, got {}",
                        show(&result)
                    ));
                }
            }
            (Ok(_), Some(want)) => {
                failures.push(format!(
                    "{d} ({input:?}): expected error unmarshalling: {want:?}, got {}",
                    show(&result)
                ));
            }
            (Err(_), None) => failures.push(format!(
                "{d} ({input:?}): error unmarshalling: {}",
                show(&result)
            )),
            (Ok(r), None) => {
                if r.name() != tc.name {
                    failures.push(format!(
                        "{d}: unexpected repository: got {:?}, expected {:?}",
                        r.name(),
                        tc.name
                    ));
                }
                if r.tag() != non_empty(tc.tag) {
                    failures.push(format!(
                        "{d}: unexpected tag: got {:?}, expected {:?}",
                        r.tag(),
                        tc.tag
                    ));
                }
                if r.digest() != non_empty(tc.digest) {
                    failures.push(format!(
                        "{d}: unexpected digest: got {:?}, expected {:?}",
                        r.digest(),
                        tc.digest
                    ));
                }
                // Marshalling the parsed Field again must give the same serialized value.
                if r.to_string() != input {
                    failures.push(format!(
                        "{d}: unexpected serialized value: expected {input:?}, got {:?}",
                        r.to_string()
                    ));
                }
            }
        }
    }
    assert_no_failures(&failures);
}

struct DomainAndPathCase {
    input: &'static str,
    domain: &'static str,
    path: &'static str,
}

const DOMAIN_AND_PATH: &[DomainAndPathCase] = &[
    DomainAndPathCase {
        input: "test.com/foo",
        domain: "test.com",
        path: "foo",
    },
    DomainAndPathCase {
        input: "test_com/foo",
        domain: "",
        path: "test_com/foo",
    },
    DomainAndPathCase {
        input: "test:8080/foo",
        domain: "test:8080",
        path: "foo",
    },
    DomainAndPathCase {
        input: "test.com:8080/foo",
        domain: "test.com:8080",
        path: "foo",
    },
    DomainAndPathCase {
        input: "test-com:8080/foo",
        domain: "test-com:8080",
        path: "foo",
    },
    DomainAndPathCase {
        input: "xn--n3h.com:18080/foo",
        domain: "xn--n3h.com:18080",
        path: "foo",
    },
];

#[test]
fn domain_and_path() {
    let mut failures = Vec::new();
    for tc in DOMAIN_AND_PATH {
        let input = tc.input;
        // WithName's split: anchoredNameRegexp's two captures.
        match grammar::match_name(input) {
            None => failures.push(format!(
                "WithName({input:?}): error parsing name (no anchoredNameRegexp match)"
            )),
            Some((domain, path)) => {
                if domain != non_empty(tc.domain) {
                    failures.push(format!(
                        "match_name({input:?}): unexpected domain: got {domain:?}, expected {:?}",
                        non_empty(tc.domain)
                    ));
                }
                if path != tc.path {
                    failures.push(format!(
                        "match_name({input:?}): unexpected name: got {path:?}, expected {:?}",
                        tc.path
                    ));
                }
            }
        }
        // Parse splits its name capture with the same regexp.
        let result = Reference::parse(input);
        match &result {
            Err(_) => failures.push(format!("Parse({input:?}): {}", show(&result))),
            Ok(r) => {
                if r.domain() != tc.domain || r.path() != tc.path {
                    failures.push(format!(
                        "Parse({input:?}): got domain {:?} path {:?}, expected {:?} {:?}",
                        r.domain(),
                        r.path(),
                        tc.domain,
                        tc.path
                    ));
                }
            }
        }
    }
    assert_no_failures(&failures);
}
