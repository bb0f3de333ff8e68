//! The HMAC of a token: SHA-256, SHA-1 or MD5 over the field text, keyed by
//! the hex-decoded key, as lowercase hex.

use hmac::{Hmac, Mac};

use crate::error::{invalid, Result};

/// `algorithm`: `sha256` (default), `sha1`, `md5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EdgeAuthAlgorithm {
    /// HMAC-SHA256 (`sha256`), the packages' default; 64 hex digits.
    #[default]
    Sha256,
    /// HMAC-SHA1 (`sha1`); 40 hex digits.
    Sha1,
    /// HMAC-MD5 (`md5`); 32 hex digits.
    Md5,
}

impl EdgeAuthAlgorithm {
    /// The lowercase name: `sha256`, `sha1` or `md5`.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeAuthAlgorithm::Sha256 => "sha256",
            EdgeAuthAlgorithm::Sha1 => "sha1",
            EdgeAuthAlgorithm::Md5 => "md5",
        }
    }

    /// Case-insensitive, as both packages (`SHA256`, `Sha1`, `MD5`).
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "sha256" => Ok(EdgeAuthAlgorithm::Sha256),
            "sha1" => Ok(EdgeAuthAlgorithm::Sha1),
            "md5" => Ok(EdgeAuthAlgorithm::Md5),
            _ => Err(invalid(format!(
                "algorithm must be sha256, sha1 or md5, got {s:?}"
            ))),
        }
    }

    /// Digest length in bytes (the `hmac=` field has twice as many hex digits).
    pub fn output_len(self) -> usize {
        match self {
            EdgeAuthAlgorithm::Sha256 => 32,
            EdgeAuthAlgorithm::Sha1 => 20,
            EdgeAuthAlgorithm::Md5 => 16,
        }
    }

    /// HMAC(key, message).
    pub(super) fn mac(self, key: &[u8], message: &[u8]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut mac = <M as Mac>::new_from_slice(key).expect("HMAC takes any key length");
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            EdgeAuthAlgorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, message),
            EdgeAuthAlgorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, message),
            EdgeAuthAlgorithm::Md5 => run::<Hmac<md5::Md5>>(key, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_2202_and_4231() {
        let hex = |a: EdgeAuthAlgorithm, k: &[u8], m: &[u8]| hex::encode(a.mac(k, m));
        let msg = b"what do ya want for nothing?";
        assert_eq!(
            hex(EdgeAuthAlgorithm::Md5, b"Jefe", msg),
            "750c783e6ab0b503eaa86e310a5db738"
        );
        assert_eq!(
            hex(EdgeAuthAlgorithm::Sha1, b"Jefe", msg),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            hex(EdgeAuthAlgorithm::Sha256, b"Jefe", msg),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            EdgeAuthAlgorithm::parse("SHA256").unwrap(),
            EdgeAuthAlgorithm::Sha256
        );
        assert_eq!(
            EdgeAuthAlgorithm::parse("Sha1").unwrap(),
            EdgeAuthAlgorithm::Sha1
        );
        assert!(EdgeAuthAlgorithm::parse("sha-256").is_err());
        assert!(EdgeAuthAlgorithm::parse("sha512").is_err());
    }
}
