//! Parsed Stream keys. Parsing happens once; signers and verifiers hold the
//! parsed key (aws-lc-rs `RsaKeyPair` / `ParsedPublicKey`).

use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::{
    KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};
use pkcs1::der::Decode;
use std::fmt;
use std::sync::Arc;

use super::key_text::{decode_key_text, KeyMaterial};
use crate::error::{AuraError, Result};
use crate::mac::{hex_lower, sha256};

const MIN_BITS: usize = 2048;

/// A private RSA key for signing Stream tokens. Cheap to clone (shared).
#[derive(Clone)]
pub struct StreamKey {
    inner: Arc<PrivateInner>,
}

struct PrivateInner {
    pair: RsaKeyPair,
    key_id: Option<String>,
    modulus_sha256: String,
    public_pkcs1: Vec<u8>,
}

/// A public RSA key for verifying Stream tokens.
#[derive(Clone)]
pub struct StreamPublicKey {
    inner: Arc<PublicInner>,
}

struct PublicInner {
    parsed: ParsedPublicKey,
    key_id: Option<String>,
    modulus_sha256: String,
    pkcs1: Vec<u8>,
}

/// (modulus bytes without leading zeros, bit length) of a PKCS#1 public key.
fn modulus_of_public(pkcs1_der: &[u8]) -> Result<(Vec<u8>, usize)> {
    let key = pkcs1::RsaPublicKey::from_der(pkcs1_der)
        .map_err(|_| AuraError::InvalidKey("RSA public key is invalid".into()))?;
    Ok(modulus_info(key.modulus.as_bytes()))
}

fn modulus_info(bytes: &[u8]) -> (Vec<u8>, usize) {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let n = bytes[start..].to_vec();
    let bits = n
        .first()
        .map_or(0, |b| (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize));
    (n, bits)
}

fn pick_one(mut keys: Vec<KeyMaterial>) -> Result<KeyMaterial> {
    if keys.len() != 1 {
        return Err(AuraError::InvalidKey(format!(
            "expected one key, found {}; use from_jwks for key sets",
            keys.len()
        )));
    }
    Ok(keys.remove(0))
}

impl StreamKey {
    /// Parses any accepted private-key format. `key_id` overrides a JWK `kid`.
    pub fn from_any(text: &str, key_id: Option<&str>) -> Result<Self> {
        match pick_one(decode_key_text(text)?)? {
            KeyMaterial::Public { .. } => Err(AuraError::NotAPrivateKey),
            KeyMaterial::Private { pkcs1, kid } => {
                Self::from_pkcs1_der(&pkcs1, key_id.map(String::from).or(kid))
            }
        }
    }

    pub(crate) fn from_pkcs1_der(der: &[u8], key_id: Option<String>) -> Result<Self> {
        let parsed = pkcs1::RsaPrivateKey::from_der(der)
            .map_err(|_| AuraError::InvalidKey("RSA private key is invalid".into()))?;
        let (modulus, bits) = modulus_info(parsed.modulus.as_bytes());
        if bits < MIN_BITS {
            return Err(AuraError::KeyTooSmall { bits });
        }
        let pair = RsaKeyPair::from_der(der)
            .map_err(|e| AuraError::InvalidKey(format!("RSA key rejected: {e}")))?;
        let public_pkcs1 = pair.public_key().as_ref().to_vec();
        if let Some(id) = &key_id {
            validate_key_id(id)?;
        }
        Ok(StreamKey {
            inner: Arc::new(PrivateInner {
                pair,
                key_id,
                modulus_sha256: hex_lower(&sha256(&modulus)),
                public_pkcs1,
            }),
        })
    }

    /// The Stream signing-key id (from the JWK, or given), if known.
    pub fn key_id(&self) -> Option<&str> {
        self.inner.key_id.as_deref()
    }

    /// Hex SHA-256 of the big-endian modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> &str {
        &self.inner.modulus_sha256
    }

    /// The same key with another key id.
    pub fn with_key_id(&self, key_id: &str) -> Result<Self> {
        validate_key_id(key_id)?;
        let der = self.private_pkcs1_der()?;
        Self::from_pkcs1_der(&der, Some(key_id.to_string()))
    }

    /// The public half, with the same key id.
    pub fn public_key(&self) -> StreamPublicKey {
        StreamPublicKey::from_pkcs1_der(&self.inner.public_pkcs1, self.inner.key_id.clone())
            .expect("a key pair's own public key parses")
    }

    /// RSASSA-PKCS1-v1_5 + SHA-256 (RS256); deterministic.
    /// A raw RS256 signature over `message` (the primitive a token costs on top of).
    pub fn sign_rs256(&self, message: &[u8]) -> Vec<u8> {
        let mut sig = vec![0u8; self.inner.pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.inner
            .pair
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig)
            .expect("RSA signing with a validated key");
        sig
    }

    /// PKCS#1 DER of the private key (for export); zeroize what you keep.
    pub(crate) fn private_pkcs1_der(&self) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        use aws_lc_rs::encoding::AsDer;
        let pkcs8 = self
            .inner
            .pair
            .as_der()
            .map_err(|_| AuraError::Internal("key export failed".into()))?;
        let info = pkcs8::PrivateKeyInfo::from_der(pkcs8.as_ref())
            .map_err(|_| AuraError::Internal("key export failed".into()))?;
        Ok(zeroize::Zeroizing::new(info.private_key.to_vec()))
    }
}

pub(crate) fn validate_key_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 256 || id.chars().any(|c| c.is_control()) {
        return Err(AuraError::InvalidInput(
            "key id must be 1–256 printable characters".into(),
        ));
    }
    Ok(())
}

impl StreamPublicKey {
    /// SPKI PEM, PKCS#1 public PEM, public JWK, a one-key JWKS, or any
    /// private format (its public half is used). `key_id` overrides a JWK `kid`.
    pub fn from_any(text: &str, key_id: Option<&str>) -> Result<Self> {
        let material = pick_one(decode_key_text(text)?)?;
        Self::from_material(material, key_id)
    }

    /// Every key of a JWKS (`{"keys":[…]}`), each with its `kid`.
    pub fn from_jwks(text: &str) -> Result<Vec<Self>> {
        decode_key_text(text)?
            .into_iter()
            .map(|m| Self::from_material(m, None))
            .collect()
    }

    fn from_material(material: KeyMaterial, key_id: Option<&str>) -> Result<Self> {
        match material {
            KeyMaterial::Public { pkcs1, kid } => {
                Self::from_pkcs1_der(&pkcs1, key_id.map(String::from).or(kid))
            }
            KeyMaterial::Private { pkcs1, kid } => Ok(StreamKey::from_pkcs1_der(
                &pkcs1,
                key_id.map(String::from).or(kid),
            )?
            .public_key()),
        }
    }

    pub(crate) fn from_pkcs1_der(der: &[u8], key_id: Option<String>) -> Result<Self> {
        let (modulus, bits) = modulus_of_public(der)?;
        if bits < MIN_BITS {
            return Err(AuraError::KeyTooSmall { bits });
        }
        let parsed = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
            .map_err(|e| AuraError::InvalidKey(format!("RSA public key rejected: {e}")))?;
        if let Some(id) = &key_id {
            validate_key_id(id)?;
        }
        Ok(StreamPublicKey {
            inner: Arc::new(PublicInner {
                parsed,
                key_id,
                modulus_sha256: hex_lower(&sha256(&modulus)),
                pkcs1: der.to_vec(),
            }),
        })
    }

    /// The Stream signing-key id (from the JWK, or given), if known.
    pub fn key_id(&self) -> Option<&str> {
        self.inner.key_id.as_deref()
    }

    /// Hex SHA-256 of the big-endian modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> &str {
        &self.inner.modulus_sha256
    }

    /// The same key under another id.
    pub fn with_key_id(&self, key_id: &str) -> Result<Self> {
        Self::from_pkcs1_der(&self.inner.pkcs1, Some(key_id.to_string()))
    }

    /// PKCS#1 DER of the public key.
    pub fn to_pkcs1_der(&self) -> &[u8] {
        &self.inner.pkcs1
    }

    pub(crate) fn verify_rs256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.inner.parsed.verify_sig(message, signature).is_ok()
    }
}

impl fmt::Debug for StreamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "StreamKey(kid={:?}, modulus_sha256={}, <private>)",
            self.key_id(),
            self.modulus_sha256()
        )
    }
}

impl fmt::Debug for StreamPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "StreamPublicKey(kid={:?}, modulus_sha256={})",
            self.key_id(),
            self.modulus_sha256()
        )
    }
}
