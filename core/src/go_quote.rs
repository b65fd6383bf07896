//! Go's `strconv.Quote` and `json.Marshal` of a string, so messages that mirror the API server's
//! (`Unsupported value: "x"`) are byte for byte what `kubectl` prints.

/// Quotes `s` as Go's `%q` does: printable characters as they are, `\n`-style escapes for the
/// usual control characters, `\xNN` for other ASCII controls, `\uNNNN`/`\UNNNNNNNN` for other
/// characters Go does not consider printable.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `json.Marshal` of a string (encoding/json `appendString` with HTML escaping, Go 1.22
/// and later): `\"` `\\` `\b` `\f` `\n` `\r` `\t`, other controls below U+0020 and `<` `>` `&`
/// as `\u00XX`, U+2028 and U+2029 as `\u2028` `\u2029`; everything else (DEL, NBSP, any other
/// non-ASCII) as it is.
pub fn json_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
/// Rust has no category tables, so this excludes the non-printable categories it can name:
/// controls (Cc), separators other than the space (Zs, Zl, Zp), the format characters (Cf)
/// and private use (Co). Unassigned code points are the only difference left.
fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    let format = matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    !(c.is_control() || (c.is_whitespace() && c != ' ') || format || private)
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_like_go() {
        let cases = [
            ("always", r#""always""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("Never\u{0}\u{7f}", r#""Never\x00\x7f""#),
            ("\t\n\r\u{7}\u{8}\u{c}\u{b}", r#""\t\n\r\a\b\f\v""#),
            ("e\u{301}t\u{e9}", "\"e\u{301}t\u{e9}\""),
            ("\u{a0}\u{200b}\u{85}", r#""\u00a0\u200b\u0085""#),
            ("\u{1b}[2J", r#""\x1b[2J""#),
            ("\u{f0000}", r#""\U000f0000""#),
            ("日本", "\"日本\""),
        ];
        for (input, expected) in cases {
            assert_eq!(go_quote(input), expected, "{input:?}");
        }
    }

    /// Expected values follow Go 1.24's encoding/json `appendString` with `escapeHTML`, as read.
    #[test]
    fn marshals_like_go_json() {
        let cases = [
            ("always", r#""always""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("<no value>", r#""\u003cno value\u003e""#),
            ("a&b", r#""a\u0026b""#),
            ("Never\u{0}\u{7f}", "\"Never\\u0000\u{7f}\""),
            ("\t\n\r\u{7}\u{8}\u{c}\u{b}", r#""\t\n\r\u0007\b\f\u000b""#),
            ("\u{1b}[2J", r#""\u001b[2J""#),
            ("\u{a0}\u{200b}\u{85}", "\"\u{a0}\u{200b}\u{85}\""),
            ("\u{2028}\u{2029}", r#""\u2028\u2029""#),
            ("日本", "\"日本\""),
        ];
        for (input, expected) in cases {
            assert_eq!(super::json_quote(input), expected, "{input:?}");
        }
    }
}
