//! The EdgeAuth key: an even-length hex string; the HMAC key is its bytes.

use std::fmt;
use zeroize::Zeroizing;

use crate::error::{invalid, AuraError, Result};

/// Decoded key bytes, zeroized on drop, never printed.
#[derive(Clone)]
pub(super) struct EdgeAuthKey(Zeroizing<Vec<u8>>);

impl EdgeAuthKey {
    /// Upper, lower or mixed hex of even length. Anything else is refused
    /// (`invalid_key`): Python raises `binascii.Error`, Node's `Buffer(key,
    /// 'hex')` silently keeps the bytes before the first bad pair (often
    /// none) and signs with those.
    pub fn parse(text: &str) -> Result<Self> {
        if text.is_empty() {
            return Err(invalid("key must be provided to generate a token"));
        }
        if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AuraError::InvalidKey(
                "the EdgeAuth key must be an even-length hex string (Node would sign with a truncated key, Python refuses it)".into(),
            ));
        }
        Ok(EdgeAuthKey(Zeroizing::new(
            hex::decode(text).expect("checked hex"),
        )))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for EdgeAuthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EdgeAuthKey(<redacted, {} bytes>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys_only() {
        assert_eq!(
            EdgeAuthKey::parse("0123456789abcdeF")
                .unwrap()
                .bytes()
                .len(),
            8
        );
        for bad in ["abc", "zz11", "0x12ab", "a1b2 c3d4", "YourEncryptionKey"] {
            assert_eq!(EdgeAuthKey::parse(bad).unwrap_err().code(), "invalid_key");
        }
        assert_eq!(EdgeAuthKey::parse("").unwrap_err().code(), "invalid_input");
        assert!(!format!("{:?}", EdgeAuthKey::parse("abcd").unwrap()).contains("abcd"));
    }
}
