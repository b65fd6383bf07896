//! Base64 (RFC 4648). Standard with padding, as Go's `base64.StdEncoding`: `!!binary` scalars
//! are decoded with it, and admission responses carry their JSON patch in it. URL-safe without
//! padding (`base64.RawURLEncoding`): the playground's share links put state in a URL fragment.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes with padding.
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, STANDARD, true)
}

/// Encodes with the URL-safe alphabet and no padding.
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, URL_SAFE, false)
}

fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base64.StdEncoding.DecodeString` (padded; `\r` and `\n` ignored), for `!!binary`.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text.bytes().filter(|&c| c != b'\r' && c != b'\n').collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let chunks = clean.len() / 4;
    let mut out = Vec::with_capacity(chunks * 3);
    for (i, chunk) in clean.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != chunks) {
            return None;
        }
        decode_chunk(&chunk[..4 - pad], STANDARD, &mut out)?;
    }
    Some(out)
}

/// Decodes URL-safe base64 without padding; `None` for any other character or a length that
/// no encoding produces.
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        decode_chunk(chunk, URL_SAFE, &mut out)?;
    }
    Some(out)
}

/// Decodes 2 to 4 digits (a chunk without its padding) into 1 to 3 bytes.
fn decode_chunk(digits: &[u8], alphabet: &[u8; 64], out: &mut Vec<u8>) -> Option<()> {
    let mut n = 0u32;
    for &c in digits {
        let digit = alphabet.iter().position(|&a| a == c)? as u32;
        n = (n << 6) | digit;
    }
    let missing = 4 - digits.len();
    n <<= 6 * missing as u32;
    let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    out.extend_from_slice(&bytes[..3 - missing]);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_go() {
        assert_eq!(decode("bmdpbng=").as_deref(), Some(&b"nginx"[..]));
        assert_eq!(decode("bmdp\nbng=").as_deref(), Some(&b"nginx"[..]));
        assert_eq!(decode("").as_deref(), Some(&b""[..]));
        assert_eq!(decode("bmdpbng"), None);
        assert_eq!(decode("bm=pbng="), None);
        assert_eq!(decode("bmdp*ng="), None);
    }

    #[test]
    fn encodes_as_go_does() {
        for (plain, coded) in [
            ("", ""),
            ("n", "bg=="),
            ("ng", "bmc="),
            ("nginx", "bmdpbng="),
            ("[{}]", "W3t9XQ=="),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn url_safe_round_trips_without_padding() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 0..bytes.len() {
            let coded = encode_url(&bytes[..len]);
            assert!(!coded.contains(['=', '+', '/']), "{coded}");
            assert_eq!(decode_url(&coded).as_deref(), Some(&bytes[..len]));
        }
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_url("a"), None);
        assert_eq!(decode_url("ab+c"), None);
        assert_eq!(decode_url("ab=="), None);
    }
}
