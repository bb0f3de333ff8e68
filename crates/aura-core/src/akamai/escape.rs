//! `escape_early`: the two packages escape field values and the URL
//! differently.

use super::EdgeAuthStyle;

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_escaped(out: &mut String, b: u8) {
    out.push('%');
    out.push(HEX[(b >> 4) as usize] as char);
    out.push(HEX[(b & 0xf) as usize] as char);
}

/// Node: `encodeURIComponent(text)`, then `~ ' *` → `%7e %27 %2a`, every
/// escape lower-cased. Keeps `A–Z a–z 0–9 - _ . ! ( )`.
fn node(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'(' | b')') {
            out.push(b as char);
        } else {
            push_escaped(&mut out, b);
        }
    }
    out
}

/// Python: `quote_plus(text)` (space → `+`), every escape lower-cased.
/// Keeps `A–Z a–z 0–9 _ . - ~`.
fn python(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            push_escaped(&mut out, b);
        }
    }
    out
}

/// The characters the two escapes treat differently.
pub(super) fn escapes_differ(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, b' ' | b'~' | b'!' | b'(' | b')'))
}

/// `_escapeEarly` / `_escape_early` when enabled. The default style uses the
/// escaping both share (callers refuse text where they differ).
pub(super) fn escape(text: &str, style: EdgeAuthStyle) -> String {
    match style {
        EdgeAuthStyle::Node => node(text),
        EdgeAuthStyle::Python | EdgeAuthStyle::Default => python(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_escapes() {
        let s = "a b~c!(d)'*/:?&=ä";
        assert_eq!(node(s), "a%20b%7ec!(d)%27%2a%2f%3a%3f%26%3d%c3%a4");
        assert_eq!(python(s), "a+b~c%21%28d%29%27%2a%2f%3a%3f%26%3d%c3%a4");
        let same = "x'*/:?&=ä-_.";
        assert!(!escapes_differ(same));
        assert_eq!(node(same), python(same));
        assert!(escapes_differ("a b"));
    }
}
