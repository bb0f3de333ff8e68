//! Mux signing keys as the dashboard and API hand them out (standard base64
//! of a PKCS#1 PEM), or PKCS#1 / PKCS#8 PEM text (mux.md §4), parsed once.

use pkcs1::der::Decode;
use std::fmt;

use crate::encoding::b64_decode_lenient;
use crate::error::{AuraError, Result};
use crate::js::whitespace::js_trim;
use crate::pem::{parse_pem, Pem};
use crate::stream::{StreamKey, StreamPublicKey};

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";

/// A parsed Mux private signing key (RSA, at least 2048 bits). Cheap to clone.
#[derive(Clone)]
pub struct MuxSigningKey {
    key: StreamKey,
}

/// A Mux public key (for verifying), with its signing-key id.
#[derive(Clone)]
pub struct MuxPublicKey {
    key: StreamPublicKey,
}

fn invalid_key(msg: &str) -> AuraError {
    AuraError::InvalidKey(msg.to_string())
}

/// The PEM text: the trimmed input if it is PEM, else its base64 decoding,
/// which must be PEM (what `getPrivateKeyHelper` accepts).
fn pem_text(text: &str) -> Result<String> {
    let t = js_trim(text);
    if t.is_empty() {
        return Err(invalid_key("key text is empty"));
    }
    if t.starts_with("-----BEGIN") {
        return Ok(t.to_string());
    }
    b64_decode_lenient(t)
        .and_then(|b| String::from_utf8(b).ok())
        .filter(|inner| inner.starts_with("-----BEGIN"))
        .ok_or_else(|| {
            invalid_key("a Mux signing key must be PKCS#1 or PKCS#8 PEM text, or the base64 of one")
        })
}

impl MuxSigningKey {
    /// The dashboard's base64 string, or PKCS#1 / PKCS#8 PEM (LF, CRLF,
    /// padded, or with its newlines removed).
    pub fn from_any(text: &str) -> Result<Self> {
        let Pem { label, der } = parse_pem(&pem_text(text)?)?;
        match label.as_str() {
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&der),
            "PRIVATE KEY" => {
                let info = pkcs8::PrivateKeyInfo::from_der(&der)
                    .map_err(|_| invalid_key("PKCS#8 structure is invalid"))?;
                if info.algorithm.oid.to_string() != RSA_ENCRYPTION {
                    return Err(AuraError::UnsupportedKeyType(format!(
                        "PKCS#8 key of algorithm {}; Mux signing keys are RSA",
                        info.algorithm.oid
                    )));
                }
                Self::from_pkcs1_der(info.private_key)
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(AuraError::NotAPrivateKey),
            "EC PRIVATE KEY" | "OPENSSH PRIVATE KEY" => Err(AuraError::UnsupportedKeyType(
                format!("{label}; Mux signing keys are RSA"),
            )),
            "ENCRYPTED PRIVATE KEY" => Err(AuraError::UnsupportedKeyType(
                "encrypted private keys are not supported; decrypt it first".into(),
            )),
            _ => Err(invalid_key(
                "PEM label is not RSA PRIVATE KEY or PRIVATE KEY",
            )),
        }
    }

    fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        Ok(MuxSigningKey {
            key: StreamKey::from_pkcs1_der(der, None)?,
        })
    }

    /// The public half, under `key_id`.
    pub fn public_key(&self, key_id: &str) -> Result<MuxPublicKey> {
        Ok(MuxPublicKey {
            key: self.key.public_key().with_key_id(key_id)?,
        })
    }

    /// Hex SHA-256 of the modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> &str {
        self.key.modulus_sha256()
    }

    pub(crate) fn sign_rs256(&self, message: &[u8]) -> Vec<u8> {
        self.key.sign_rs256(message)
    }
}

impl MuxPublicKey {
    /// SPKI or PKCS#1 public PEM, their base64, or any private form the
    /// signer accepts (its public half), under the signing-key id `key_id`.
    pub fn from_any(text: &str, key_id: &str) -> Result<Self> {
        if let Ok(private) = MuxSigningKey::from_any(text) {
            return private.public_key(key_id);
        }
        Ok(MuxPublicKey {
            key: StreamPublicKey::from_any(text, Some(key_id))?,
        })
    }

    /// The signing-key id this key verifies for (matched against the token's
    /// `kid`).
    pub fn key_id(&self) -> &str {
        self.key.key_id().unwrap_or_default()
    }

    /// Hex SHA-256 of the modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> &str {
        self.key.modulus_sha256()
    }

    pub(crate) fn verify_rs256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.key.verify_rs256(message, signature)
    }
}

impl fmt::Debug for MuxSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MuxSigningKey(modulus_sha256={}, <private>)",
            self.modulus_sha256()
        )
    }
}

impl fmt::Debug for MuxPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MuxPublicKey(kid={:?}, modulus_sha256={})",
            self.key_id(),
            self.modulus_sha256()
        )
    }
}
