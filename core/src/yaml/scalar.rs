//! Plain-scalar typing as kubectl does it. kubectl converts YAML to JSON with sigs.k8s.io/yaml,
//! which uses go-yaml v2: YAML 1.1, so `yes`, `on` and `y` are booleans, `~` is null, and
//! `0x1F`, `1_000` and `.5` are numbers. A field that must be a string (`image`,
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

    /// The type named by a core-schema tag suffix (`str`, `int`, ...).
    pub(crate) fn from_core_tag(suffix: &str) -> Option<Self> {
        Some(match suffix {
            "str" | "binary" | "timestamp" => Self::String,
            "null" => Self::Null,
            "bool" => Self::Bool,
            "int" | "float" => Self::Number,
            _ => return None,
        })
    }
}

/// go-yaml v2 `resolve` for an untagged plain scalar.
pub fn resolve(plain: &str) -> ScalarType {
    match plain {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarType::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" | "n"
        | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return ScalarType::Bool;
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarType::Number,
        _ => {}
    }
    // v2 only tries numbers for scalars starting with a sign, a digit or a dot.
    let starts_numeric = plain
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'-' || b == b'+' || b == b'.');
    if starts_numeric && (is_go_integer(&plain.replace('_', "")) || is_yaml_float(plain)) {
        ScalarType::Number
    } else {
        ScalarType::String
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
            ("Always", String),
            ("1.2.3", String),
            ("0x", String),
            ("-", String),
            (".", String),
            ("1e", String),
            ("+", String),
            ("nginx:1.25", String),
            ("12:30", String),
        ];
        for (input, expected) in cases {
            assert_eq!(resolve(input), expected, "{input:?}");
        }
    }
}
