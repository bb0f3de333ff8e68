//! Strict base64url (RFC 4648 §5, no padding, canonical) used by every
//! verifier, and the encoders used by the signers.

use base64::engine::general_purpose::{
    GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD,
};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// base64url without padding.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Appends base64url without padding.
pub fn push_b64url(out: &mut String, bytes: &[u8]) {
    URL_SAFE_NO_PAD.encode_string(bytes, out);
}

/// Strict decode: only `A–Z a–z 0–9 - _`, no padding, no whitespace, and
/// unused trailing bits must be zero. Anything else is `None`.
pub fn b64url_decode_strict(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

/// Standard base64, padded.
pub fn b64_std(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

const LENIENT_STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);
const LENIENT_URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Key-text decode: standard or url alphabet, padding optional, ASCII
/// whitespace (line wrapping) ignored. Only for key material users paste.
pub fn b64_decode_lenient(s: &str) -> Option<Vec<u8>> {
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    LENIENT_STD
        .decode(&compact)
        .or_else(|_| LENIENT_URL.decode(&compact))
        .ok()
}

/// JWK members are base64url; some producers pad them.
pub fn b64url_decode_jwk(s: &str) -> Option<Vec<u8>> {
    LENIENT_URL.decode(s.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_rejects_what_atob_tolerates() {
        let good = b64url(&[0xff, 0xee, 0xdd, 0xcc]);
        assert_eq!(
            b64url_decode_strict(&good).unwrap(),
            vec![0xff, 0xee, 0xdd, 0xcc]
        );
        assert!(
            b64url_decode_strict(&format!("{good}=")).is_none(),
            "padding"
        );
        assert!(
            b64url_decode_strict(&format!("{} ", good)).is_none(),
            "space"
        );
        assert!(b64url_decode_strict("_-8+").is_none(), "standard alphabet");
        // "AB" decodes to one byte with 4 unused bits; "AC" sets one of them.
        assert!(b64url_decode_strict("AB").is_none() || b64url_decode_strict("AC").is_none());
        assert!(b64url_decode_strict("AQ").is_some());
        assert!(
            b64url_decode_strict("AR").is_none(),
            "non-canonical trailing bits"
        );
    }
}
