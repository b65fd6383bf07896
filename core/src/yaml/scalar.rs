//! Scalar typing as kubectl does it. kubectl converts YAML to JSON with sigs.k8s.io/yaml, which
//! uses go-yaml v2 (`resolve.go`): YAML 1.1, so `yes`, `on` and `y` are booleans, `~` is null,
//! and `0x1F`, `1_000` and `.5` are numbers. A field that must be a string (`image`,
//! `imagePullPolicy`) written as one of these is a type error at the API server.

/// The JSON type a scalar becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    Null,
    Bool,
    Number,
    String,
}

impl ScalarType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool => "bool",
            Self::Number => "number",
            Self::String => "string",
        }
    }
}

/// An explicit tag, as go-yaml v2 treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Str,
    Bool,
    Int,
    Float,
    Timestamp,
    /// Base64 text, decoded to a string.
    Binary,
    /// `!!merge`: marks a `<<` key as a merge even when it is not plain.
    Merge,
    /// Any other tag (`!!null` and `!` included): v2 does not resolve it, the text stays a string.
    Other,
}

impl Tag {
    /// The tag named by a core-schema suffix (`str`, `int`...), `None` meaning another tag.
    pub(crate) fn from_core_suffix(suffix: Option<&str>) -> Tag {
        match suffix {
            Some("str") => Tag::Str,
            Some("bool") => Tag::Bool,
            Some("int") => Tag::Int,
            Some("float") => Tag::Float,
            Some("timestamp") => Tag::Timestamp,
            Some("binary") => Tag::Binary,
            Some("merge") => Tag::Merge,
            _ => Tag::Other,
        }
    }

    fn short(self) -> &'static str {
        match self {
            Tag::Str | Tag::Binary | Tag::Merge | Tag::Other => "!!str",
            Tag::Bool => "!!bool",
            Tag::Int => "!!int",
            Tag::Float => "!!float",
            Tag::Timestamp => "!!timestamp",
        }
    }
}

/// What go-yaml v2 `resolve` finds for a plain scalar (ints and floats apart, for tag checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolved {
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
    Str,
}

/// The type of an untagged plain scalar.
pub fn resolve(plain: &str) -> ScalarType {
    match resolve_plain(plain) {
        Resolved::Null => ScalarType::Null,
        Resolved::Bool => ScalarType::Bool,
        Resolved::Int | Resolved::Float => ScalarType::Number,
        // kubectl turns a timestamp into an RFC 3339 string.
        Resolved::Timestamp | Resolved::Str => ScalarType::String,
    }
}

/// The type of a tagged scalar, or v2's error (`cannot decode !!str `x` as a !!int`), which
/// makes kubectl reject the document.
pub(crate) fn resolve_tagged(tag: Tag, value: &str) -> Result<ScalarType, String> {
    let expected = match tag {
        Tag::Str | Tag::Binary | Tag::Merge | Tag::Other => return Ok(ScalarType::String),
        Tag::Bool => Resolved::Bool,
        Tag::Int => Resolved::Int,
        Tag::Float => Resolved::Float,
        Tag::Timestamp => Resolved::Timestamp,
    };
    let found = resolve_plain(value);
    match (expected, found) {
        (e, f) if e == f => Ok(resolve(value)),
        // v2 accepts an integer as a !!float.
        (Resolved::Float, Resolved::Int) => Ok(ScalarType::Number),
        _ => {
            let found_tag = match found {
                Resolved::Null => "!!null",
                Resolved::Bool => "!!bool",
                Resolved::Int => "!!int",
                Resolved::Float => "!!float",
                Resolved::Timestamp => "!!timestamp",
                Resolved::Str => "!!str",
            };
            Err(format!(
                "cannot decode {found_tag} `{value}` as a {}",
                tag.short()
            ))
        }
    }
}

/// go-yaml v2 `resolve` with no tag.
fn resolve_plain(plain: &str) -> Resolved {
    match plain {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" | "n"
        | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Resolved::Bool;
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Resolved::Float,
        _ => {}
    }
    match plain.as_bytes().first() {
        // `strconv.ParseFloat(in)`: out of range is an error, and so a string.
        Some(b'.') => {
            if plain.parse::<f64>().is_ok_and(f64::is_finite) {
                Resolved::Float
            } else {
                Resolved::Str
            }
        }
        Some(b'0'..=b'9' | b'+' | b'-') => {
            if is_timestamp(plain) {
                return Resolved::Timestamp;
            }
            let stripped = plain.replace('_', "");
            if is_go_integer(&stripped) {
                Resolved::Int
            } else if is_yaml_float(&stripped) && stripped.parse::<f64>().is_ok_and(f64::is_finite)
            {
                Resolved::Float
            } else {
                Resolved::Str
            }
        }
        _ => Resolved::Str,
    }
}

/// `strconv.ParseInt(s, 0, 64)` / `ParseUint` syntax (range aside: an out-of-range integer
/// still matches v2's float pattern, so it is a number either way).
fn is_go_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (radix, body) = match digits.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
        [b'0', b'o' | b'O', ..] => (8, &digits[2..]),
        [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
        [b'0', _, ..] => (8, &digits[1..]),
        _ => (10, digits),
    };
    !body.is_empty() && body.chars().all(|c| c.is_digit(radix))
}

/// v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && all_digits(frac),
        Some((int, frac)) => all_digits(int) && all_digits(frac),
        None => !mantissa.is_empty() && all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

/// v2 `parseTimestamp`'s layouts: `2006-1-2`, optionally followed by `T`, `t` or a space and a
/// time. Only the shape matters here: a timestamp becomes a string in JSON.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let mut parts = s[5..].splitn(2, ['T', 't', ' ']);
    let date = parts.next().unwrap_or_default();
    let mut fields = date.split('-');
    let day_ok = |f: Option<&str>| {
        f.is_some_and(|f| (1..=2).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()))
    };
    let date_ok = day_ok(fields.next()) && day_ok(fields.next()) && fields.next().is_none();
    let time_ok = parts.next().is_none_or(|t| {
        let t = t.trim_start();
        let clock: Vec<&str> = t.splitn(3, ':').collect();
        clock.len() == 3 && clock[..2].iter().all(|f| day_ok(Some(f)))
    });
    date_ok && time_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_types() {
        use ScalarType::*;
        let cases = [
            ("", Null),
            ("~", Null),
            ("null", Null),
            ("NULL", Null),
            ("nULL", String),
            ("yes", Bool),
            ("On", Bool),
            ("y", Bool),
            ("FALSE", Bool),
            ("tRUE", String),
            ("1", Number),
            ("-1", Number),
            ("0x1F", Number),
            ("0o17", Number),
            ("0644", Number),
            ("0b101", Number),
            ("1_000", Number),
            ("08", Number),
            ("1.5", Number),
            (".5", Number),
            ("1e3", Number),
            ("1.", Number),
            (".inf", Number),
            (".NaN", Number),
            ("99999999999999999999999", Number),
            ("1_0.5", Number),
            // Out of range for float64: ParseFloat fails, so v2 keeps the text.
            ("1e999", String),
            (".5e999", String),
            ("Always", String),
            ("1.2.3", String),
            ("0x", String),
            ("-", String),
            (".", String),
            ("1e", String),
            ("+", String),
            ("nginx:1.25", String),
            ("12:30", String),
            ("2001-12-14", String),
            ("2001-12-14T21:59:43.10-05:00", String),
        ];
        for (input, expected) in cases {
            assert_eq!(resolve(input), expected, "{input:?}");
        }
    }

    #[test]
    fn tags_as_go_yaml_v2_resolves_them() {
        assert_eq!(resolve_tagged(Tag::Other, "123"), Ok(ScalarType::String));
        assert_eq!(resolve_tagged(Tag::Str, "yes"), Ok(ScalarType::String));
        assert_eq!(resolve_tagged(Tag::Int, "7"), Ok(ScalarType::Number));
        assert_eq!(resolve_tagged(Tag::Float, "7"), Ok(ScalarType::Number));
        assert_eq!(resolve_tagged(Tag::Bool, "yes"), Ok(ScalarType::Bool));
        assert_eq!(
            resolve_tagged(Tag::Int, "nginx"),
            Err("cannot decode !!str `nginx` as a !!int".to_owned())
        );
        assert!(resolve_tagged(Tag::Int, "1.5").is_err());
        assert!(resolve_tagged(Tag::Timestamp, "2001-12-14").is_ok());
    }
}
