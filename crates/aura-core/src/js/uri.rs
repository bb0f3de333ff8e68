//! `encodeURIComponent` and the SDK's per-segment name encoding.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// True for the characters `encodeURIComponent` leaves alone:
/// `A–Z a–z 0–9 - _ . ! ~ * ' ( )`.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
}

/// Appends `encodeURIComponent(s)`: UTF-8 bytes as `%XX`, upper-case hex.
pub fn push_encode_uri_component(out: &mut String, s: &str) {
    for &b in s.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        }
    }
}

/// `encodeURIComponent(s)`.
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_encode_uri_component(&mut out, s);
    out
}

/// `name.split('/').map(encodeURIComponent).join('/')` (auraimage.md §5).
pub fn push_encode_name(out: &mut String, name: &str) {
    for (i, segment) in name.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_encode_uri_component(out, segment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_encode_uri_component() {
        assert_eq!(encode_uri_component("it's (1)!~*"), "it's%20(1)!~*");
        assert_eq!(encode_uri_component("a+b=c&d/é"), "a%2Bb%3Dc%26d%2F%C3%A9");
        let mut s = String::new();
        push_encode_name(&mut s, "/lead//a b/");
        assert_eq!(s, "/lead//a%20b/");
    }
}
