//! Percent-encoding as the five signers do it.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// RFC 3986 unreserved: `A–Z a–z 0–9 - _ . ~`.
pub(super) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Every byte but the unreserved ones as `%XX` (upper-case hex): Python's
/// `quote(v, safe='')`, Go's `QueryEscape` with `+` → `%20`, PHP's
/// `rawurlencode`, and the Rust signer's encode set all give these bytes.
pub(super) fn push_unreserved_encoded(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if is_unreserved(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
        }
    }
}

/// `%XX` decoded; a `%` not followed by two hex digits stays as it is
/// (PHP `rawurldecode`, Python `unquote_to_bytes`, `percent_decode_str`).
pub(super) fn decode_lenient(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// `%XX` decoded; `None` when a `%` is not followed by two hex digits.
pub(super) fn decode_strict(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let h = hex_value(*bytes.get(i + 1)?)?;
            let l = hex_value(*bytes.get(i + 2)?)?;
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Every `%` is followed by two hex digits.
pub(super) fn escapes_are_valid(bytes: &[u8]) -> bool {
    decode_strict(bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved() {
        let mut out = Vec::new();
        push_unreserved_encoded(&mut out, "a(b)*!'~ +é".as_bytes());
        assert_eq!(out, b"a%28b%29%2A%21%27~%20%2B%C3%A9");
    }

    #[test]
    fn lenient_keeps_bad_escapes() {
        assert_eq!(decode_lenient(b"%ZZ%41%4"), b"%ZZA%4");
        assert_eq!(decode_lenient(b"%"), b"%");
        assert_eq!(decode_lenient(b"a%2"), b"a%2");
        assert_eq!(decode_lenient(b"%c3%A9"), "é".as_bytes());
        assert_eq!(decode_strict(b"%ZZ"), None);
        assert_eq!(decode_strict(b"%4"), None);
        assert_eq!(decode_strict(b"x%41"), Some(b"xA".to_vec()));
    }
}
