//! What the Python samples do to text: `str.strip()`, the `?`/`&` separator
//! rule, base64url with and without padding, whole-second expiries.

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

use crate::error::{invalid, Result};

/// Python's `str.isspace()` (what `str.strip()` removes): Rust's Unicode
/// `White_Space` plus the separators U+001C–U+001F.
fn python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `str.strip()`.
pub(crate) fn python_strip(text: &str) -> &str {
    text.trim_matches(python_space)
}

/// base64url with `=` padding (`base64.urlsafe_b64encode`).
pub(crate) fn b64u_padded(bytes: &[u8]) -> String {
    URL_SAFE.encode(bytes)
}

/// base64url without padding (`dualtoken.py`, Go `RawURLEncoding`).
pub(crate) fn b64u_unpadded(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// base64url as a verifier reads it: canonical, with or without the `=`
/// padding (Google publishes both forms).
pub(crate) fn b64u_decode_either(text: &str) -> Option<Vec<u8>> {
    if text.contains('=') {
        let decoded = URL_SAFE.decode(text).ok()?;
        (URL_SAFE.encode(&decoded) == text).then_some(decoded)
    } else {
        URL_SAFE_NO_PAD.decode(text).ok()
    }
}

/// `Expires`/`Starts` are whole Unix seconds; the typed API refuses times
/// before 1970 (the samples would write a negative number).
pub(crate) fn check_time(what: &str, seconds: i64) -> Result<()> {
    if seconds < 0 {
        return Err(invalid(format!("{what} must not be before 1970")));
    }
    Ok(())
}

/// `'&' if parse_qs(urlsplit(url).query, keep_blank_values=True) else '?'`
/// (CPython 3.11). Refused (`invalid_input`) where `urlsplit` itself would
/// read the URL in a version-dependent way: control characters (it removes
/// tab/CR/LF and strips C0 controls), and an authority with brackets or
/// non-ASCII characters (IPv6 and NFKC checks that raise `ValueError`).
pub(crate) fn python_separator(url: &str) -> Result<&'static str> {
    if url.chars().any(|c| c.is_control()) {
        return Err(invalid("the URL contains control characters"));
    }
    let mut rest = url;
    if let Some(i) = url.find(':') {
        let scheme = &url[..i];
        if i > 0
            && scheme.as_bytes()[0].is_ascii_alphabetic()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            rest = &url[i + 1..];
        }
    }
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let authority = &after[..end];
        if !authority.is_ascii() || authority.contains(['[', ']']) {
            return Err(invalid(
                "URLs with a bracketed (IPv6) or non-ASCII host are not supported",
            ));
        }
    }
    let before_fragment = url.split('#').next().unwrap_or("");
    let has_params = before_fragment
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|piece| !piece.is_empty()));
    Ok(if has_params { "&" } else { "?" })
}

/// Whole seconds from decimal digits (no sign, at most 18 digits).
pub(crate) fn parse_seconds(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_rule() {
        for (url, sep) in [
            ("https://h/a", "?"),
            ("https://h/a?", "?"),
            ("https://h/a?&", "?"),
            ("https://h/a?x", "&"),
            ("https://h/a?=", "&"),
            ("https://h/a#f?x=1", "?"),
            ("https://h/a?x=1#f", "&"),
            ("", "?"),
        ] {
            assert_eq!(python_separator(url).unwrap(), sep, "{url}");
        }
        assert!(python_separator("https://[::1]/a").is_err());
    }

    #[test]
    fn strip() {
        assert_eq!(python_strip("\u{3000} a \u{1f}\n"), "a");
    }
}
