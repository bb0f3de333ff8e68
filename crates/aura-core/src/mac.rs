//! HMAC-SHA256 with a key prepared once, and constant-time comparison.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use subtle::ConstantTimeEq;

use crate::secret::Secret;

type HmacSha256 = Hmac<Sha256>;

/// An HMAC-SHA256 key whose inner/outer pads are computed once; each MAC
/// clones the prepared state. Keys longer than 64 bytes are hashed (RFC 2104),
/// as WebCrypto does.
#[derive(Clone)]
pub struct HmacKey {
    prepared: HmacSha256,
    secret: Secret,
}

impl HmacKey {
    /// Any byte length, including the empty key (callers reject empties where
    /// the reference does).
    pub fn new(secret: &str) -> Self {
        let prepared =
            HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
        HmacKey {
            prepared,
            secret: Secret::new(secret),
        }
    }

    /// Whether the key was made from an empty secret.
    pub fn is_empty(&self) -> bool {
        self.secret.is_empty()
    }

    /// The secret text this key was made from.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// HMAC-SHA256(key, msg).
    pub fn sign(&self, msg: &[u8]) -> [u8; 32] {
        let mut mac = self.prepared.clone();
        mac.update(msg);
        mac.finalize().into_bytes().into()
    }

    /// Constant-time check of a received tag of any length.
    pub fn verify(&self, msg: &[u8], tag: &[u8]) -> bool {
        let expected = self.sign(msg);
        ct_eq(&expected, tag)
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HmacKey(<redacted>)")
    }
}

/// Prepared keys for every non-empty secret (the SDK skips empty ones).
pub fn non_empty_keys<S: AsRef<str>>(secrets: &[S]) -> Vec<HmacKey> {
    secrets
        .iter()
        .map(AsRef::as_ref)
        .filter(|s| !s.is_empty())
        .map(HmacKey::new)
        .collect()
}

/// As [`non_empty_keys`], refusing a list without any (`invalid_input`).
pub fn required_keys<S: AsRef<str>>(secrets: &[S], what: &str) -> crate::Result<Vec<HmacKey>> {
    let keys = non_empty_keys(secrets);
    if keys.is_empty() {
        return Err(crate::error::invalid(format!(
            "at least one non-empty {what} is required"
        )));
    }
    Ok(keys)
}

/// Constant-time equality (length is not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Lowercase hex.
pub fn hex_lower(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// SHA-256.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        let k = HmacKey::new("Jefe");
        assert_eq!(
            hex_lower(&k.sign(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(k.verify(
            b"what do ya want for nothing?",
            &k.sign(b"what do ya want for nothing?")
        ));
        assert!(!k.verify(b"x", &[0u8; 31]));
    }
}
