//! The image-reference grammar of distribution/reference v0.6.0 (`regexp.go`), as hand-written
//! full-string matchers over ASCII bytes.
//!
//! Every character class of the upstream grammar is ASCII, so scanning bytes is exact: a string with
//! any non-ASCII byte never matches, as with Go's regexps. The grammar has no ambiguity an anchored
//! match could resolve differently (path components contain no `:` or `@`, tags no `/`), so each
//! matcher decides with a single left-to-right split, no backtracking.

/// Tag: `[\w][\w.-]{0,127}`.
pub const TAG_MAX_LEN: usize = 128;

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `pathComponent := [a-z0-9]+ (separator [a-z0-9]+)*`, `separator := [._] | __ | [-]+`.
fn is_path_component(s: &[u8]) -> bool {
    let mut i = 0;
    loop {
        let run = s[i..].iter().take_while(|&&b| is_lower_alnum(b)).count();
        if run == 0 {
            return false;
        }
        i += run;
        if i == s.len() {
            return true;
        }
        let sep = match s[i] {
            b'.' => 1,
            b'_' if s.get(i + 1) == Some(&b'_') => 2,
            b'_' => 1,
            b'-' => s[i..].iter().take_while(|&&b| b == b'-').count(),
            _ => return false,
        };
        i += sep;
    }
}

/// `remoteName := pathComponent ("/" pathComponent)*`.
pub fn is_remote_name(s: &str) -> bool {
    s.split('/').all(|c| is_path_component(c.as_bytes()))
}

/// `domainNameComponent := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_domain_name_component(s: &[u8]) -> bool {
    match (s.first(), s.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && s.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        }
        _ => false,
    }
}

/// `host := domainName | ipv6address`; `ipv6address := \[[a-fA-F0-9:]+\]` (when `ipv6`: the
/// grammar of docker/distribution v2.8 has no IPv6 hosts).
fn is_host(s: &str, ipv6: bool) -> bool {
    if ipv6 && let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
    }
    s.split('.').all(|c| is_domain_name_component(c.as_bytes()))
}

/// `^DomainRegexp$`: a host with an optional `:port`.
pub fn is_domain(s: &str) -> bool {
    is_domain_in(s, true)
}

/// As [`is_domain`], IPv6 hosts allowed or not.
pub(crate) fn is_domain_in(s: &str, ipv6: bool) -> bool {
    // The host ends at the `]` of an IPv6 address, else at the first `:` (domain names have none).
    let host_end = if s.starts_with('[') {
        s.find(']').map_or(s.len(), |i| i + 1)
    } else {
        s.find(':').unwrap_or(s.len())
    };
    let (host, port) = s.split_at(host_end);
    is_host(host, ipv6)
        && match port.strip_prefix(':') {
            None => port.is_empty(),
            Some(digits) => !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
        }
}

/// `^TagRegexp$`: `[\w][\w.-]{0,127}`.
pub fn is_tag(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= TAG_MAX_LEN
        && is_word(b[0])
        && b[1..].iter().all(|&c| is_word(c) || c == b'.' || c == b'-')
}

/// `^DigestRegexp$` (distribution/reference's `digestPat`, looser than go-digest):
/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`.
pub fn is_digest_pattern(s: &str) -> bool {
    let Some((algorithm, hex)) = s.split_once(':') else {
        return false;
    };
    let component_ok = |c: &str| {
        let b = c.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
    };
    algorithm.split(['-', '_', '+', '.']).all(component_ok)
        && hex.len() >= 32
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `^IdentifierRegexp$`: 64 lowercase hex digits (an image ID, not a name).
pub fn is_identifier(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `anchoredNameRegexp`: `^(?:(domainAndPort)/)?(remoteName)$`, returning (domain, path).
///
/// The optional domain group is greedy: when the first `/`-component is a valid domain, it is the
/// domain (so `foo/bar` has domain `foo` here; `ParseNormalizedNamed` decides differently).
pub fn match_name(s: &str) -> Option<(Option<&str>, &str)> {
    match_name_in(s, true)
}

/// As [`match_name`], IPv6 hosts allowed or not.
pub(crate) fn match_name_in(s: &str, ipv6: bool) -> Option<(Option<&str>, &str)> {
    if let Some((first, rest)) = s.split_once('/')
        && is_domain_in(first, ipv6)
        && is_remote_name(rest)
    {
        return Some((Some(first), rest));
    }
    is_remote_name(s).then_some((None, s))
}

/// `ReferenceRegexp`, anchored: `^(namePat)(?::(tag))?(?:@(digestPat))?$`, returning
/// (name, tag, digest).
pub fn match_reference(s: &str) -> Option<(&str, Option<&str>, Option<&str>)> {
    match_reference_in(s, true)
}

/// As [`match_reference`], IPv6 hosts allowed or not.
pub(crate) fn match_reference_in(
    s: &str,
    ipv6: bool,
) -> Option<(&str, Option<&str>, Option<&str>)> {
    // No part of the grammar but the digest separator contains `@`.
    let (name_and_tag, digest) = match s.split_once('@') {
        Some((before, digest)) => (before, Some(digest)),
        None => (s, None),
    };
    if digest.is_some_and(|d| !is_digest_pattern(d)) {
        return None;
    }
    // A `:` after the last `/` can only start the tag; one before it can only be a domain's port.
    let last_slash = name_and_tag.rfind('/');
    let (name, tag) = match name_and_tag.rfind(':') {
        Some(colon) if last_slash.is_none_or(|slash| colon > slash) => {
            (&name_and_tag[..colon], Some(&name_and_tag[colon + 1..]))
        }
        _ => (name_and_tag, None),
    };
    if tag.is_some_and(|t| !is_tag(t)) {
        return None;
    }
    match_name_in(name, ipv6)?;
    Some((name, tag, digest))
}

/// go-digest's `DigestRegexpAnchored`: `^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`,
/// used to tell an unsupported algorithm from a malformed digest.
pub(crate) fn is_go_digest_pattern(s: &str) -> bool {
    let Some((algorithm, encoded)) = s.split_once(':') else {
        return false;
    };
    algorithm
        .split(['.', '+', '_', '-'])
        .all(|c| !c.is_empty() && c.bytes().all(is_lower_alnum))
        && !encoded.is_empty()
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'=' || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_component_separators() {
        for ok in ["a", "a0", "a.b", "a_b", "a__b", "a-b", "a---b", "a.b-c__d"] {
            assert!(is_path_component(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "A", "a.", ".a", "a..b", "a___b", "a._b", "a-_b", "a-", "_a", "a b",
        ] {
            assert!(!is_path_component(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn domains() {
        for ok in [
            "localhost",
            "a.b",
            "A-b.C",
            "x:1",
            "[::1]",
            "[::1]:5000",
            "1.2.3.4:80",
        ] {
            assert!(is_domain(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a..b",
            "x:",
            "x:y",
            "[]",
            "[fe80::1%eth0]",
            "[::1",
            "a_b",
        ] {
            assert!(!is_domain(bad), "{bad}");
        }
    }
}
