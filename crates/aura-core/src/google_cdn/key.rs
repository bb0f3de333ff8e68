//! Key text as the Python samples read it: `base64.urlsafe_b64decode`
//! (CPython 3.11 `binascii.a2b_base64`, non-strict), and the prepared keys.

use std::fmt;

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair as _, UnparsedPublicKey, ED25519};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;

use crate::error::{AuraError, Result};
use crate::mac::ct_eq;

fn key_error(msg: impl Into<String>) -> AuraError {
    AuraError::InvalidKey(msg.into())
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        // `urlsafe_b64decode` maps `-_` to `+/`; `+/` pass through.
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Base64url (either alphabet) padded or not, as the verifiers read public
/// keys: the missing `=` added, then [`python_urlsafe_b64decode`].
pub(crate) fn b64decode_pad_optional(text: &str) -> Result<Vec<u8>> {
    let mut padded = text.to_string();
    while padded.len() % 4 != 0 {
        padded.push('=');
    }
    python_urlsafe_b64decode(&padded)
}

/// `base64.urlsafe_b64decode(text)` of Python 3.11: both alphabets,
/// characters outside them skipped, `=` padding required, input after a
/// complete padding ignored, non-zero unused bits accepted. Failures are
/// `invalid_key` with Python's message.
pub fn python_urlsafe_b64decode(text: &str) -> Result<Vec<u8>> {
    if !text.is_ascii() {
        return Err(key_error(
            "key: string argument should contain only ASCII characters",
        ));
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut quad, mut left, mut pads, mut data_chars) = (0u8, 0u32, 0u8, 0usize);
    for &c in text.as_bytes() {
        if c == b'=' {
            pads += 1;
            if quad >= 2 && quad + pads >= 4 {
                return Ok(out);
            }
            continue;
        }
        let Some(v) = sextet(c) else { continue };
        pads = 0;
        data_chars += 1;
        let v = u32::from(v);
        match quad {
            0 => {
                left = v;
                quad = 1;
            }
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
                quad = 2;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
                quad = 3;
            }
            _ => {
                out.push(((left << 6) | v) as u8);
                quad = 0;
            }
        }
    }
    match quad {
        0 => Ok(out),
        1 => Err(key_error(format!(
            "key: Invalid base64-encoded string: number of data characters ({data_chars}) cannot be 1 more than a multiple of 4"
        ))),
        _ => Err(key_error("key: Incorrect padding")),
    }
}

/// An HMAC key (Cloud CDN SHA-1, Media CDN token SHA-1/SHA-256), any length.
#[derive(Clone)]
pub(crate) struct HmacBytes {
    bytes: Vec<u8>,
}

impl HmacBytes {
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        HmacBytes { bytes }
    }

    pub(crate) fn sha1(&self, msg: &[u8]) -> [u8; 20] {
        let mut mac = Hmac::<Sha1>::new_from_slice(&self.bytes).expect("any key length");
        mac.update(msg);
        mac.finalize().into_bytes().into()
    }

    pub(crate) fn sha256(&self, msg: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.bytes).expect("any key length");
        mac.update(msg);
        mac.finalize().into_bytes().into()
    }

    pub(crate) fn verify_sha1(&self, msg: &[u8], tag: &[u8]) -> bool {
        ct_eq(&self.sha1(msg), tag)
    }
}

impl Drop for HmacBytes {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.bytes.zeroize();
    }
}

impl fmt::Debug for HmacBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey(<redacted>)")
    }
}

/// An Ed25519 private key from its 32-byte seed (the samples'
/// `Ed25519PrivateKey.from_private_bytes`).
pub(crate) struct Ed25519Seed {
    pair: Ed25519KeyPair,
}

impl Ed25519Seed {
    pub(crate) fn from_seed(seed: &[u8]) -> Result<Self> {
        if seed.len() != 32 {
            return Err(key_error("key: An Ed25519 private key is 32 bytes long"));
        }
        let pair = Ed25519KeyPair::from_seed_unchecked(seed)
            .map_err(|e| key_error(format!("Ed25519 seed rejected: {e}")))?;
        Ok(Ed25519Seed { pair })
    }

    pub(crate) fn sign(&self, msg: &[u8]) -> [u8; 64] {
        let sig = self.pair.sign(msg);
        let mut out = [0u8; 64];
        out.copy_from_slice(sig.as_ref());
        out
    }

    pub(crate) fn public_key(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.pair.public_key().as_ref());
        out
    }
}

impl fmt::Debug for Ed25519Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519Key(<redacted>)")
    }
}

/// An Ed25519 public key (32 bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ed25519Public {
    bytes: [u8; 32],
}

impl Ed25519Public {
    pub(crate) fn new(bytes: &[u8]) -> Result<Self> {
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| key_error("an Ed25519 public key is 32 bytes long"))?;
        Ok(Ed25519Public { bytes })
    }

    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, &self.bytes)
            .verify(msg, sig)
            .is_ok()
    }
}

/// A key name as Google Cloud names resources: refused (`invalid_input`)
/// when empty or with characters other than `A–Z a–z 0–9 - _ .` (the
/// samples insert `&`, `:`, `/` and spaces verbatim, which the edge cannot
/// split back; Google's key names are RFC 1035 names).
pub(crate) fn check_key_name(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(crate::error::invalid(
            "key_name must be non-empty and use only A-Z a-z 0-9 - _ .",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_decoding() {
        assert_eq!(python_urlsafe_b64decode("").unwrap(), b"");
        assert_eq!(python_urlsafe_b64decode("YWJj").unwrap(), b"abc");
        assert_eq!(python_urlsafe_b64decode("YW Jj\n").unwrap(), b"abc");
        assert_eq!(python_urlsafe_b64decode("YQ==junk").unwrap(), b"a");
        assert_eq!(
            python_urlsafe_b64decode("-_-_").unwrap(),
            vec![0xfb, 0xff, 0xbf]
        );
        assert_eq!(
            python_urlsafe_b64decode("+/+/").unwrap(),
            vec![0xfb, 0xff, 0xbf]
        );
        assert!(python_urlsafe_b64decode("YQ").is_err());
        assert!(python_urlsafe_b64decode("abcde")
            .unwrap_err()
            .message()
            .contains("(5)"));
        assert_eq!(
            python_urlsafe_b64decode("ключ").unwrap_err().code(),
            "invalid_key"
        );
    }
}
