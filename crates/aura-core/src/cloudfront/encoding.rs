//! CloudFront's base64 variant (cloudfront.md §1.2), used for `Signature`
//! and `Policy`: standard base64 **with** padding, then `+`→`-`, `=`→`_`,
//! `/`→`~`. It is not RFC 4648 base64url (`~` for `/`, `_` for `=`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// `normalizeBase64(Buffer.from(x).toString("base64"))` (JS) and
/// `_url_b64encode` (botocore): the same bytes in both references.
pub fn cloudfront_b64(bytes: &[u8]) -> String {
    STANDARD
        .encode(bytes)
        .chars()
        .map(|c| match c {
            '+' => '-',
            '=' => '_',
            '/' => '~',
            c => c,
        })
        .collect()
}

/// Strict inverse of [`cloudfront_b64`]: only `A–Z a–z 0–9 - ~ _`, padding
/// (`_`) exactly as standard base64 requires it, no whitespace, unused
/// trailing bits zero. Anything else (the standard alphabet's `+ / =`
/// included) is `None`, so each value has exactly one accepted spelling.
pub fn cloudfront_b64_decode(s: &str) -> Option<Vec<u8>> {
    if s.bytes()
        .any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~')))
    {
        return None;
    }
    let standard: String = s
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            c => c,
        })
        .collect();
    STANDARD.decode(standard).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_after_padding() {
        // 0xfb 0xff → "+/8=" in standard base64.
        assert_eq!(cloudfront_b64(&[0xfb, 0xff]), "-~8_");
        assert_eq!(cloudfront_b64(b"xy"), "eHk_");
        assert_eq!(cloudfront_b64(b"x"), "eA__");
        assert_eq!(cloudfront_b64_decode("-~8_").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(cloudfront_b64_decode("eA__").unwrap(), b"x");
    }

    #[test]
    fn decode_is_strict() {
        for bad in ["+/8=", "eA", "eA_", "eA__ ", "eB__", "eA=_", "e A__", ""] {
            if bad.is_empty() {
                assert_eq!(cloudfront_b64_decode(bad).unwrap(), Vec::<u8>::new());
            } else {
                assert!(cloudfront_b64_decode(bad).is_none(), "{bad:?}");
            }
        }
    }
}
