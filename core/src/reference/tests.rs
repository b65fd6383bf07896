use super::*;
use proptest::prelude::*;

const SHA256: &str = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

fn kind(s: &str) -> ReferenceErrorKind {
    Reference::parse_normalized(s).expect_err(s).kind()
}

#[test]
fn normalises_like_semantics_md_section_2() {
    let cases = [
        // input, Name(), String(), familiar, pulled as
        (
            "nginx",
            "docker.io/library/nginx",
            "docker.io/library/nginx",
            "nginx",
            "docker.io/library/nginx:latest",
        ),
        (
            "registry/demoapi:latest",
            "docker.io/registry/demoapi",
            "docker.io/registry/demoapi:latest",
            "registry/demoapi:latest",
            "docker.io/registry/demoapi:latest",
        ),
        (
            "localhost:5000/app",
            "localhost:5000/app",
            "localhost:5000/app",
            "localhost:5000/app",
            "localhost:5000/app:latest",
        ),
        (
            "localhost:5000",
            "docker.io/library/localhost",
            "docker.io/library/localhost:5000",
            "localhost:5000",
            "docker.io/library/localhost:5000",
        ),
        (
            "localhost/app",
            "localhost/app",
            "localhost/app",
            "localhost/app",
            "localhost/app:latest",
        ),
        (
            "index.docker.io/nginx",
            "docker.io/library/nginx",
            "docker.io/library/nginx",
            "nginx",
            "docker.io/library/nginx:latest",
        ),
        (
            "docker.io/library/a/b",
            "docker.io/library/a/b",
            "docker.io/library/a/b",
            "library/a/b",
            "docker.io/library/a/b:latest",
        ),
        (
            "registry-1.docker.io/x",
            "registry-1.docker.io/x",
            "registry-1.docker.io/x",
            "registry-1.docker.io/x",
            "registry-1.docker.io/x:latest",
        ),
        (
            "Foo.io/bar",
            "Foo.io/bar",
            "Foo.io/bar",
            "Foo.io/bar",
            "Foo.io/bar:latest",
        ),
        (
            "[::1]:5000/app:v1",
            "[::1]:5000/app",
            "[::1]:5000/app:v1",
            "[::1]:5000/app:v1",
            "[::1]:5000/app:v1",
        ),
        (
            "docker.io",
            "docker.io/library/docker.io",
            "docker.io/library/docker.io",
            "docker.io",
            "docker.io/library/docker.io:latest",
        ),
    ];
    for (input, name, string, familiar, pulled) in cases {
        let r = Reference::parse_normalized(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(
            (r.name().as_str(), r.to_string().as_str()),
            (name, string),
            "{input}"
        );
        assert_eq!(
            (r.familiar().as_str(), r.pulled_as().as_str()),
            (familiar, pulled),
            "{input}"
        );
    }
}

#[test]
fn tag_and_digest_together_pull_by_digest() {
    let r = Reference::parse_normalized(&format!("nginx:latest@{SHA256}")).unwrap();
    assert_eq!(r.tag(), Some("latest"));
    assert_eq!(r.digest(), Some(SHA256));
    assert_eq!(r.pulled_as(), format!("docker.io/library/nginx@{SHA256}"));
    assert_eq!(r.familiar(), format!("nginx:latest@{SHA256}"));
}

#[test]
fn digest_algorithms_and_lengths() {
    let hex = |n| "a".repeat(n);
    for ok in [
        format!("sha256:{}", hex(64)),
        format!("sha384:{}", hex(96)),
        format!("sha512:{}", hex(128)),
    ] {
        assert!(
            Reference::parse_normalized(&format!("x@{ok}")).is_ok(),
            "{ok}"
        );
    }
    let bad = [
        (
            format!("sha256:{}", "A".repeat(64)),
            ReferenceErrorKind::DigestInvalidFormat,
        ),
        (
            format!("sha256:{}", hex(63)),
            ReferenceErrorKind::DigestInvalidLength,
        ),
        (
            format!("sha512:{}", hex(64)),
            ReferenceErrorKind::DigestInvalidLength,
        ),
        (
            format!("md5:{}", hex(32)),
            ReferenceErrorKind::DigestUnsupported,
        ),
        // The lowercase check of ParseNormalizedNamed looks at everything before the first `:`.
        (
            format!("SHA256:{}", hex(64)),
            ReferenceErrorKind::NameContainsUppercase,
        ),
        (
            format!("sha256:{}", hex(31)),
            ReferenceErrorKind::InvalidFormat,
        ),
    ];
    for (digest, expected) in bad {
        assert_eq!(kind(&format!("x@{digest}")), expected, "{digest}");
    }
    let unnormalized = Reference::parse(&format!("x@SHA256:{}", hex(64))).unwrap_err();
    assert_eq!(unnormalized.kind(), ReferenceErrorKind::DigestInvalidFormat);
}

#[test]
fn upstream_error_categories_and_messages() {
    let err = Reference::parse_normalized("Nginx:latest").unwrap_err();
    assert_eq!(err.kind(), ReferenceErrorKind::NameContainsUppercase);
    assert_eq!(
        err.message(),
        "invalid reference format: repository name (library/Nginx) must be lowercase"
    );
    let hex64 = "a".repeat(64);
    assert_eq!(
        Reference::parse_normalized(&hex64).unwrap_err().message(),
        format!("invalid repository name ({hex64}), cannot specify 64-byte hexadecimal strings")
    );
    // `Parse("")` says the name is empty; normalisation first turns "" into "docker.io/library/".
    assert_eq!(
        Reference::parse("").unwrap_err().kind(),
        ReferenceErrorKind::NameEmpty
    );
    assert_eq!(kind(""), ReferenceErrorKind::InvalidFormat);
    assert_eq!(kind("nginx:"), ReferenceErrorKind::InvalidFormat);
    assert_eq!(kind("nginx:latest "), ReferenceErrorKind::InvalidFormat);
    assert_eq!(kind(" nginx"), ReferenceErrorKind::InvalidFormat);
    assert_eq!(kind("http://root"), ReferenceErrorKind::InvalidFormat);
    assert_eq!(
        kind(&format!("x:{}", "t".repeat(129))),
        ReferenceErrorKind::InvalidFormat
    );
    assert!(Reference::parse_normalized(&format!("x:{}", "t".repeat(128))).is_ok());
}

#[test]
fn path_length_counts_the_path_only() {
    // v0.6.0: 255 characters of path; the domain does not count.
    let path = format!("{}a", "a/".repeat(127));
    assert_eq!(path.len(), 255);
    assert!(Reference::parse_normalized(&format!("registry.example.com/{path}")).is_ok());
    let long = format!("{path}a");
    assert_eq!(
        kind(&format!("registry.example.com/{long}")),
        ReferenceErrorKind::NameTooLong
    );
}

#[test]
fn go_lowercasing_corners() {
    // Go's simple case mapping turns U+212A (Kelvin) and U+0130 into ASCII letters, so `Parse`
    // calls these upper-case names, not invalid ones.
    assert_eq!(
        Reference::parse("\u{212A}ube").unwrap_err().kind(),
        ReferenceErrorKind::NameContainsUppercase
    );
    assert_eq!(
        Reference::parse("\u{130}mage").unwrap_err().kind(),
        ReferenceErrorKind::NameContainsUppercase
    );
    assert_eq!(
        Reference::parse("\u{e9}t\u{e9}").unwrap_err().kind(),
        ReferenceErrorKind::InvalidFormat
    );
    // Normalisation checks `ToLower(remote) != remote` on any rune, ASCII or not.
    assert_eq!(
        kind("\u{c9}t\u{e9}"),
        ReferenceErrorKind::NameContainsUppercase
    );
    assert_eq!(kind("\u{e9}t\u{e9}"), ReferenceErrorKind::InvalidFormat);
}

#[test]
fn parse_image_name_adds_latest_only_without_tag_and_digest() {
    let n = parse_image_name("nginx").unwrap();
    assert_eq!(
        (n.repository.as_str(), n.tag.as_str(), n.digest.as_str()),
        ("docker.io/library/nginx", "latest", "")
    );
    let n = parse_image_name(&format!("nginx@{SHA256}")).unwrap();
    assert_eq!((n.tag.as_str(), n.digest.as_str()), ("", SHA256));
    let n = parse_image_name(&format!("nginx:latest@{SHA256}")).unwrap();
    assert_eq!(n.tag, "latest");
    let n = parse_image_name("localhost:5000").unwrap();
    assert_eq!(
        (n.repository.as_str(), n.tag.as_str()),
        ("docker.io/library/localhost", "5000")
    );
}

fn component() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,4}((\\.|_|__|-{1,3})[a-z0-9]{1,4}){0,2}"
}

fn valid_reference() -> impl Strategy<Value = String> {
    let domain = prop_oneof![
        Just(String::new()),
        Just("localhost/".to_owned()),
        Just("localhost:5000/".to_owned()),
        Just("docker.io/".to_owned()),
        Just("index.docker.io/".to_owned()),
        Just("[::1]:80/".to_owned()),
        "[a-zA-Z0-9]{1,3}(-[a-zA-Z0-9]{1,3})?\\.[a-z]{2,3}(:[0-9]{1,5})?/",
    ];
    let tag = prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}".prop_map(|t| format!(":{t}"))
    ];
    let digest = prop_oneof![
        Just(String::new()),
        "[a-f0-9]{64}".prop_map(|h| format!("@sha256:{h}")),
        "[a-f0-9]{128}".prop_map(|h| format!("@sha512:{h}")),
    ];
    (
        domain,
        proptest::collection::vec(component(), 1..4),
        tag,
        digest,
    )
        .prop_map(|(d, path, t, g)| format!("{d}{}{t}{g}", path.join("/")))
}

/// The parsers older releases vendor, read at docker/distribution v2.8.2 and
/// distribution/reference v0.5.0 (`normalize.go`, `reference.go`, `regexp.go`).
#[test]
fn older_parsers() {
    use super::Parser::*;
    let domain = |s: &str, p| Reference::parse_normalized_with(s, p).map(|r| r.domain().to_owned());
    // v0.5.0 on: an uppercase first component is a domain; v2.8 reads a Docker Hub namespace.
    assert_eq!(domain("Foo/bar", Reference05).as_deref(), Ok("Foo"));
    let e = Reference::parse_normalized_with("Foo/bar", Distribution28).unwrap_err();
    assert_eq!(e.kind(), ReferenceErrorKind::NameContainsUppercase);
    assert_eq!(
        e.message(),
        "invalid reference format: repository name must be lowercase"
    );
    let e = Reference::parse_normalized_with("foo/Bar", Reference05).unwrap_err();
    assert_eq!(
        e.message(),
        "invalid reference format: repository name (foo/Bar) must be lowercase"
    );
    // IPv6 registries from v0.5.0 (distribution commit 992adca).
    assert_eq!(
        domain("[::1]:5000/app", Reference05).as_deref(),
        Ok("[::1]:5000")
    );
    assert_eq!(
        Reference::parse_normalized_with("[::1]:5000/app", Distribution28)
            .unwrap_err()
            .kind(),
        ReferenceErrorKind::InvalidFormat
    );
    // `Parse` checks `len(matches[1])`, the whole name, before v0.6.0 (`len(repo.path)`).
    let long = format!("example.com/{}", "a".repeat(244));
    assert!(Reference::parse_normalized_with(&long, Reference06).is_ok());
    for p in [Reference05, Distribution28] {
        let e = Reference::parse_normalized_with(&long, p).unwrap_err();
        assert_eq!(e.kind(), ReferenceErrorKind::NameTooLong, "{p:?}");
    }
    // What the three agree on.
    for p in [Distribution28, Reference05, Reference06] {
        let r = Reference::parse_normalized_with("localhost:5000/app:1@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582", p).unwrap();
        assert_eq!(
            (r.domain(), r.path(), r.tag()),
            ("localhost:5000", "app", Some("1"))
        );
    }
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        let _ = Reference::parse(&s);
        let _ = Reference::parse_normalized(&s);
        let _ = parse_image_name(&s);
    }

    #[test]
    fn never_panics_on_reference_alphabet(s in "[a-zA-Z0-9:/@._\\-\\[\\]]{0,60}") {
        let _ = Reference::parse_normalized(&s);
    }

    #[test]
    fn normalized_form_round_trips(s in valid_reference()) {
        let r = Reference::parse_normalized(&s).map_err(|e| TestCaseError::fail(format!("{s}: {e}")))?;
        let again = Reference::parse_normalized(&r.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again, &r);
        // Upstream's familiar form is ambiguous when a Docker Hub path starts with a domain-like
        // component (`docker.io/a.b/c` is familiar `a.b/c`, which names registry `a.b`).
        let first = r.familiar_name().split('/').next().unwrap_or_default().to_owned();
        if r.domain() != DEFAULT_DOMAIN || !first.contains(['.', ':']) {
            let familiar = Reference::parse_normalized(&r.familiar()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&familiar, &r);
        }
        let pulled = Reference::parse_normalized(&r.pulled_as()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(pulled.name(), r.name());
    }
}
