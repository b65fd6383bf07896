//! Transcribed from github.com/distribution/reference `regexp_test.go`. The tables are identical
//! in every stored version of the file (727f80d4, which uses v0.6.0's `*regexp.Regexp` globals
//! `ReferenceRegexp` / `anchoredNameRegexp`, and the later 875f162f / 00a09fa3, which only changed
//! how the regexps are constructed), so they are the v0.6.0 tables.
//!
//! Every upstream table here is checked against an anchored regexp (`^...$` or an
//! `anchored(...)` pattern, plus `matches[0] == input` in `checkRegexp`), so each maps onto an
//! anchored full-string matcher and nothing had to be dropped for being an unanchored test:
//! - `TestDomainRegexp` (`^` + domainAndPort + `$`) -> `grammar::is_domain` (30 cases).
//! - `TestFullNameRegexp` (`anchoredNameRegexp`) -> `grammar::match_name` (63 cases). A Go
//!   submatch of `""` (the optional domain group did not take part) is `None` in the Rust API.
//! - `TestReferenceRegexp` (`ReferenceRegexp`, anchored) -> `grammar::match_reference`
//!   (12 cases); `""` tag/digest submatches are `None`.
//! - `TestIdentifierRegexp` (`anchoredIdentifierRegexp`) -> `grammar::is_identifier` (5 cases).
//!
//! Skipped: the `NumSubexp()` assertions at the top of `TestFullNameRegexp` (2 groups) and
//! `TestReferenceRegexp` (3 groups). They test the Go regexp objects' shape; the Rust API returns
//! fixed-arity tuples, so the same property holds by construction.

use pullpolicy_core::reference::grammar;

use crate::{Text, assert_no_failures, lit, non_empty, rep};

struct DomainCase {
    input: &'static str,
    matches: bool,
}

const DOMAIN_REGEXP: &[DomainCase] = &[
    DomainCase {
        input: "test.com",
        matches: true,
    },
    DomainCase {
        input: "test.com:10304",
        matches: true,
    },
    DomainCase {
        input: "test.com:http",
        matches: false,
    },
    DomainCase {
        input: "localhost",
        matches: true,
    },
    DomainCase {
        input: "localhost:8080",
        matches: true,
    },
    DomainCase {
        input: "a",
        matches: true,
    },
    DomainCase {
        input: "a.b",
        matches: true,
    },
    DomainCase {
        input: "ab.cd.com",
        matches: true,
    },
    DomainCase {
        input: "a-b.com",
        matches: true,
    },
    DomainCase {
        input: "-ab.com",
        matches: false,
    },
    DomainCase {
        input: "ab-.com",
        matches: false,
    },
    DomainCase {
        input: "ab.c-om",
        matches: true,
    },
    DomainCase {
        input: "ab.-com",
        matches: false,
    },
    DomainCase {
        input: "ab.com-",
        matches: false,
    },
    DomainCase {
        input: "0101.com",
        matches: true, // TODO(dmcgowan): valid if this should be allowed
    },
    DomainCase {
        input: "001a.com",
        matches: true,
    },
    DomainCase {
        input: "b.gbc.io:443",
        matches: true,
    },
    DomainCase {
        input: "b.gbc.io",
        matches: true,
    },
    DomainCase {
        input: "xn--n3h.com", // ☃.com in punycode
        matches: true,
    },
    DomainCase {
        input: "Asdf.com", // uppercase character
        matches: true,
    },
    DomainCase {
        input: "192.168.1.1:75050", // ipv4
        matches: true,
    },
    DomainCase {
        input: "192.168.1.1:750050", // port with more than 5 digits, it will fail on validation
        matches: true,
    },
    DomainCase {
        input: "[fd00:1:2::3]:75050", // ipv6 compressed
        matches: true,
    },
    DomainCase {
        input: "[fd00:1:2::3]75050", // ipv6 wrong port separator
        matches: false,
    },
    DomainCase {
        input: "[fd00:1:2::3]::75050", // ipv6 wrong port separator
        matches: false,
    },
    DomainCase {
        input: "[fd00:1:2::3%eth0]:75050", // ipv6 with zone
        matches: false,
    },
    DomainCase {
        input: "[fd00123123123]:75050", // ipv6 wrong format, will fail in validation
        matches: true,
    },
    DomainCase {
        input: "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", // ipv6 long format
        matches: true,
    },
    DomainCase {
        input: "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", // ipv6 long format and invalid port, it will fail in validation
        matches: true,
    },
    DomainCase {
        input: "fd00:1:2::3:75050", // bad ipv6 without square brackets
        matches: false,
    },
];

#[test]
fn domain_regexp() {
    assert_eq!(DOMAIN_REGEXP.len(), 30);
    let failures: Vec<String> = DOMAIN_REGEXP
        .iter()
        .filter(|tc| grammar::is_domain(tc.input) != tc.matches)
        .map(|tc| {
            format!(
                "is_domain({:?}): Expected match={}, got {}",
                tc.input, tc.matches, !tc.matches
            )
        })
        .collect();
    assert_no_failures(&failures);
}

/// `regexpMatch` for `anchoredNameRegexp`: `subs` are the two submatches (domain, remote name);
/// `None` where upstream gives no subs (either no match, or a match whose groups are not checked).
struct NameMatch {
    input: Text,
    matches: bool,
    subs: Option<[Text; 2]>,
}

/// A matching case with its two submatches.
const fn m(input: &'static str, domain: &'static str, path: &'static str) -> NameMatch {
    NameMatch {
        input: lit(input),
        matches: true,
        subs: Some([lit(domain), lit(path)]),
    }
}

/// A case that must not match.
const fn no(input: &'static str) -> NameMatch {
    NameMatch {
        input: lit(input),
        matches: false,
        subs: None,
    }
}

const FULL_NAME_REGEXP: &[NameMatch] = &[
    no(""),
    m("short", "", "short"),
    m("simple/name", "simple", "name"),
    m("library/ubuntu", "library", "ubuntu"),
    m("docker/stevvooe/app", "docker", "stevvooe/app"),
    m(
        "aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb",
        "aa",
        "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb",
    ),
    m("aa/aa/bb/bb/bb", "aa", "aa/bb/bb/bb"),
    m("a/a/a/a", "a", "a/a/a"),
    no("a/a/a/a/"),
    no("a//a/a"),
    m("a", "", "a"),
    m("a/aa", "a", "aa"),
    m("a/aa/a", "a", "aa/a"),
    m("foo.com", "", "foo.com"),
    no("foo.com/"),
    m("foo.com:8080/bar", "foo.com:8080", "bar"),
    no("foo.com:http/bar"),
    m("foo.com/bar", "foo.com", "bar"),
    m("foo.com/bar/baz", "foo.com", "bar/baz"),
    m("localhost:8080/bar", "localhost:8080", "bar"),
    m(
        "sub-dom1.foo.com/bar/baz/quux",
        "sub-dom1.foo.com",
        "bar/baz/quux",
    ),
    m("blog.foo.com/bar/baz", "blog.foo.com", "bar/baz"),
    no("a^a"),
    no("aa/asdf$$^/aa"),
    no("asdf$$^/aa"),
    m("aa-a/a", "aa-a", "a"),
    NameMatch {
        // strings.Repeat("a/", 128) + "a"
        input: rep("", "a/", 128, "a"),
        matches: true,
        // {"a", strings.Repeat("a/", 127) + "a"}
        subs: Some([lit("a"), rep("", "a/", 127, "a")]),
    },
    no("a-/a/a/a"),
    no("foo.com/a-/a/a"),
    no("-foo/bar"),
    no("foo/bar-"),
    no("foo-/bar"),
    no("foo/-bar"),
    no("_foo/bar"),
    m("foo_bar", "", "foo_bar"),
    m("foo_bar.com", "", "foo_bar.com"),
    no("foo_bar.com:8080"),
    no("foo_bar.com:8080/app"),
    m("foo.com/foo_bar", "foo.com", "foo_bar"),
    no("____/____"),
    no("_docker/_docker"),
    no("docker_/docker_"),
    m(
        "b.gcr.io/test.example.com/my-app",
        "b.gcr.io",
        "test.example.com/my-app",
    ),
    m("xn--n3h.com/myimage", "xn--n3h.com", "myimage"), // ☃.com in punycode
    m("xn--7o8h.com/myimage", "xn--7o8h.com", "myimage"), // 🐳.com in punycode
    m(
        "example.com/xn--7o8h.com/myimage",
        "example.com",
        "xn--7o8h.com/myimage",
    ), // 🐳.com in punycode
    m(
        "example.com/some_separator__underscore/myimage",
        "example.com",
        "some_separator__underscore/myimage",
    ),
    no("example.com/__underscore/myimage"),
    no("example.com/..dots/myimage"),
    no("example.com/.dots/myimage"),
    no("example.com/nodouble..dots/myimage"),
    no("example.com/nodouble..dots/myimage"),
    no("docker./docker"),
    no(".docker/docker"),
    no("docker-/docker"),
    no("-docker/docker"),
    no("do..cker/docker"),
    no("do__cker:8080/docker"),
    m("do__cker/docker", "", "do__cker/docker"),
    m(
        "b.gcr.io/test.example.com/my-app",
        "b.gcr.io",
        "test.example.com/my-app",
    ),
    m(
        "registry.io/foo/project--id.module--name.ver---sion--name",
        "registry.io",
        "foo/project--id.module--name.ver---sion--name",
    ),
    NameMatch {
        input: lit("Asdf.com/foo/bar"), // uppercase character in hostname
        matches: true,
        subs: None,
    },
    no("Foo/FarB"), // uppercase characters in remote name
];

#[test]
fn full_name_regexp() {
    assert_eq!(FULL_NAME_REGEXP.len(), 63);
    let mut failures = Vec::new();
    for tc in FULL_NAME_REGEXP {
        let input = tc.input.build();
        let got = grammar::match_name(&input);
        match (got, tc.matches) {
            (None, true) => failures.push(format!("match_name: Expected match for {input:?}")),
            (Some(g), false) => {
                failures.push(format!("match_name: Unexpected match for {input:?}: {g:?}"))
            }
            (None, false) => {}
            (Some((domain, path)), true) => {
                // checkRegexp: matches[0] != m.input is a "Bad match result"; the tuple has no
                // matches[0], but the remote name must end the input and the domain start it.
                let rebuilt = match domain {
                    Some(d) => format!("{d}/{path}"),
                    None => path.to_owned(),
                };
                if rebuilt != input {
                    failures.push(format!(
                        "match_name: Bad match result {:?} for {input:?}",
                        (domain, path)
                    ));
                }
                if let Some([want_domain, want_path]) = tc.subs {
                    let (want_domain, want_path) = (want_domain.build(), want_path.build());
                    if domain != non_empty(&want_domain) {
                        failures.push(format!(
                            "match_name: Unexpected submatch 1: {domain:?}, expected {:?} for {input:?}",
                            non_empty(&want_domain)
                        ));
                    }
                    if path != want_path {
                        failures.push(format!(
                            "match_name: Unexpected submatch 2: {path:?}, expected {want_path:?} for {input:?}"
                        ));
                    }
                }
            }
        }
    }
    assert_no_failures(&failures);
}

/// `regexpMatch` for `ReferenceRegexp`: `subs` are (name, tag, digest), `""` when the group did
/// not take part.
struct ReferenceMatch {
    input: &'static str,
    matches: bool,
    subs: Option<[&'static str; 3]>,
}

const REFERENCE_REGEXP: &[ReferenceMatch] = &[
    ReferenceMatch {
        input: "registry.com:8080/myapp:tag",
        matches: true,
        subs: Some(["registry.com:8080/myapp", "tag", ""]),
    },
    ReferenceMatch {
        input: "registry.com:8080/myapp@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        matches: true,
        subs: Some([
            "registry.com:8080/myapp",
            "",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        ]),
    },
    ReferenceMatch {
        input: "registry.com:8080/myapp:tag2@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        matches: true,
        subs: Some([
            "registry.com:8080/myapp",
            "tag2",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        ]),
    },
    ReferenceMatch {
        input: "registry.com:8080/myapp@sha256:badbadbadbad",
        matches: false,
        subs: None,
    },
    ReferenceMatch {
        input: "registry.com:8080/myapp:invalid~tag",
        matches: false,
        subs: None,
    },
    ReferenceMatch {
        input: "bad_hostname.com:8080/myapp:tag",
        matches: false,
        subs: None,
    },
    ReferenceMatch {
        // localhost treated as name, missing tag with 8080 as tag
        input: "localhost:8080@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        matches: true,
        subs: Some([
            "localhost",
            "8080",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        ]),
    },
    ReferenceMatch {
        input: "localhost:8080/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        matches: true,
        subs: Some([
            "localhost:8080/name",
            "",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        ]),
    },
    ReferenceMatch {
        input: "localhost:http/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        matches: false,
        subs: None,
    },
    ReferenceMatch {
        // localhost will be treated as an image name without a host
        input: "localhost@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        matches: true,
        subs: Some([
            "localhost",
            "",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        ]),
    },
    ReferenceMatch {
        input: "registry.com:8080/myapp@bad",
        matches: false,
        subs: None,
    },
    ReferenceMatch {
        input: "registry.com:8080/myapp@2bad",
        matches: false, // TODO(dmcgowan): Support this as valid
        subs: None,
    },
];

#[test]
fn reference_regexp() {
    assert_eq!(REFERENCE_REGEXP.len(), 12);
    let mut failures = Vec::new();
    for tc in REFERENCE_REGEXP {
        let input = tc.input;
        let got = grammar::match_reference(input);
        match (got, tc.matches) {
            (None, true) => failures.push(format!("match_reference: Expected match for {input:?}")),
            (Some(g), false) => failures.push(format!(
                "match_reference: Unexpected match for {input:?}: {g:?}"
            )),
            (None, false) => {}
            (Some((name, tag, digest)), true) => {
                // checkRegexp's matches[0] == input: the parts must rebuild the input.
                let mut rebuilt = name.to_owned();
                if let Some(t) = tag {
                    rebuilt = format!("{rebuilt}:{t}");
                }
                if let Some(d) = digest {
                    rebuilt = format!("{rebuilt}@{d}");
                }
                if rebuilt != input {
                    failures.push(format!(
                        "match_reference: Bad match result {:?} for {input:?}",
                        (name, tag, digest)
                    ));
                }
                if let Some([want_name, want_tag, want_digest]) = tc.subs {
                    if name != want_name {
                        failures.push(format!(
                            "match_reference: Unexpected submatch 1: {name:?}, expected {want_name:?} for {input:?}"
                        ));
                    }
                    if tag != non_empty(want_tag) {
                        failures.push(format!(
                            "match_reference: Unexpected submatch 2: {tag:?}, expected {:?} for {input:?}",
                            non_empty(want_tag)
                        ));
                    }
                    if digest != non_empty(want_digest) {
                        failures.push(format!(
                            "match_reference: Unexpected submatch 3: {digest:?}, expected {:?} for {input:?}",
                            non_empty(want_digest)
                        ));
                    }
                }
            }
        }
    }
    assert_no_failures(&failures);
}

struct IdentifierCase {
    input: &'static str,
    matches: bool,
}

const IDENTIFIER_REGEXP: &[IdentifierCase] = &[
    IdentifierCase {
        input: "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
        matches: true,
    },
    IdentifierCase {
        input: "7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C",
        matches: false,
    },
    IdentifierCase {
        input: "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf",
        matches: false,
    },
    IdentifierCase {
        input: "sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
        matches: false,
    },
    IdentifierCase {
        input: "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482",
        matches: false,
    },
];

#[test]
fn identifier_regexp() {
    assert_eq!(IDENTIFIER_REGEXP.len(), 5);
    let failures: Vec<String> = IDENTIFIER_REGEXP
        .iter()
        .filter(|tc| grammar::is_identifier(tc.input) != tc.matches)
        .map(|tc| {
            format!(
                "is_identifier({:?}): Expected match={}, got {}",
                tc.input, tc.matches, !tc.matches
            )
        })
        .collect();
    assert_no_failures(&failures);
}
