//! CloudFront key pairs: an RSA private key (PKCS#1 or PKCS#8 PEM, parsed
//! once), the key pair id CloudFront knows it by, and the hash it signs with.
//!
//! Both hashes sign here. SHA-256 (`Hash-Algorithm=SHA256`, accepted by
//! CloudFront since April 2026) through aws-lc-rs; SHA-1 (CloudFront's
//! default, the only hash botocore and the JS signer's default use) through
//! [`super::rsa_sha1`] (AWS-LC's `RSA_sign`), because aws-lc-rs 1.19's safe
//! API signs RSA PKCS#1 v1.5 only with SHA-256/384/512 and the `rsa` crate is
//! barred (RUSTSEC-2023-0071). AWS-LC checks every private operation
//! against the public key before returning it, for both hashes.

use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::{
    KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};
use pkcs1::der::Decode;
use std::fmt;
use std::sync::Arc;
use zeroize::Zeroizing;

use crate::error::{invalid, AuraError, Result};
use crate::mac::{hex_lower, sha256};
use crate::pem::parse_pem;

use super::rsa_sha1::Sha1Signer;

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const MIN_BITS: usize = 2048;

/// The digest under the RSA PKCS#1 v1.5 signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// RSA-SHA1: CloudFront's default; no `Hash-Algorithm` parameter.
    Sha1,
    /// RSA-SHA256: sent as `Hash-Algorithm=SHA256` / `CloudFront-Hash-Algorithm`.
    Sha256,
}

impl HashAlgorithm {
    /// Exactly `SHA1` or `SHA256`. (The JS signer silently treats any value
    /// other than `"SHA256"`, `"sha256"` included, as SHA-1; Aura refuses.)
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "SHA1" => Ok(HashAlgorithm::Sha1),
            "SHA256" => Ok(HashAlgorithm::Sha256),
            _ => Err(invalid(format!(
                "hash algorithm must be SHA1 or SHA256, got {s:?}"
            ))),
        }
    }

    /// `SHA1` or `SHA256` (the `Hash-Algorithm` value).
    pub fn as_str(self) -> &'static str {
        match self {
            HashAlgorithm::Sha1 => "SHA1",
            HashAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The OpenSSL name the JS signer passes to `createSign`.
    pub fn signature_name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha1 => "RSA-SHA1",
            HashAlgorithm::Sha256 => "RSA-SHA256",
        }
    }
}

/// A private key for signing, with its key pair id and hash. Cheap to clone.
#[derive(Clone)]
pub struct CloudFrontKey {
    inner: Arc<PrivateInner>,
    hash: HashAlgorithm,
}

struct PrivateInner {
    pair: RsaKeyPair,
    /// The same key parsed once into AWS-LC for RSA-SHA1.
    sha1: Sha1Signer,
    public: CloudFrontPublicKey,
}

/// A public key for verifying, with its key pair id. Verifies both hashes.
#[derive(Clone)]
pub struct CloudFrontPublicKey {
    inner: Arc<PublicInner>,
}

struct PublicInner {
    key_pair_id: String,
    sha1: ParsedPublicKey,
    sha256: ParsedPublicKey,
    modulus_sha256: String,
}

fn invalid_key(msg: impl Into<String>) -> AuraError {
    AuraError::InvalidKey(msg.into())
}

/// A key pair id as CloudFront shows it (`K2JCJMDEHXQW5F`, `APKA…`): 1–256
/// characters, none of them control characters. Anything else the JS signer
/// would send (encoded) and CloudFront would not find.
fn validate_key_pair_id(id: &str) -> Result<()> {
    if id.is_empty() || id.chars().count() > 256 || id.chars().any(char::is_control) {
        return Err(invalid(
            "key pair id must be 1–256 printable characters (a signed URL without Key-Pair-Id cannot be verified)",
        ));
    }
    Ok(())
}

/// (modulus without leading zeros, bit length).
fn modulus_bits(modulus: &[u8]) -> (Vec<u8>, usize) {
    let start = modulus
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(modulus.len());
    let n = modulus[start..].to_vec();
    let bits = n
        .first()
        .map_or(0, |b| (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize));
    (n, bits)
}

/// PKCS#1 `RSAPrivateKey` DER of an unencrypted RSA private-key PEM.
fn private_pkcs1_der(text: &str) -> Result<Zeroizing<Vec<u8>>> {
    if text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(AuraError::UnsupportedKeyType(
            "encrypted PEM (Proc-Type: 4,ENCRYPTED) is not supported; decrypt the key first".into(),
        ));
    }
    let pem = parse_pem(text)?;
    match pem.label.as_str() {
        "RSA PRIVATE KEY" => Ok(pem.der),
        "PRIVATE KEY" => {
            let info = pkcs8::PrivateKeyInfo::from_der(&pem.der)
                .map_err(|_| invalid_key("PKCS#8 structure is invalid"))?;
            if info.algorithm.oid.to_string() != RSA_ENCRYPTION {
                return Err(AuraError::UnsupportedKeyType(format!(
                    "PKCS#8 key of algorithm {}; these CloudFront key pairs are RSA",
                    info.algorithm.oid
                )));
            }
            Ok(Zeroizing::new(info.private_key.to_vec()))
        }
        "ENCRYPTED PRIVATE KEY" => Err(AuraError::UnsupportedKeyType(
            "encrypted PKCS#8 keys are not supported; decrypt the key first".into(),
        )),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(AuraError::NotAPrivateKey),
        "EC PRIVATE KEY" => Err(AuraError::UnsupportedKeyType(
            "EC key; these CloudFront key pairs are RSA".into(),
        )),
        _ => Err(invalid_key("PEM is not an RSA private key")),
    }
}

impl CloudFrontKey {
    /// Parses a PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) PEM once.
    /// Encrypted PEMs are refused (`unsupported_key_type`), keys under 2048
    /// bits too (`key_too_small`).
    pub fn from_pem(pem: &str, key_pair_id: &str, hash: HashAlgorithm) -> Result<Self> {
        validate_key_pair_id(key_pair_id)?;
        let der = private_pkcs1_der(pem)?;
        let parsed = pkcs1::RsaPrivateKey::from_der(&der)
            .map_err(|_| invalid_key("RSA private key is invalid"))?;
        let (_, bits) = modulus_bits(parsed.modulus.as_bytes());
        if bits < MIN_BITS {
            return Err(AuraError::KeyTooSmall { bits });
        }
        let pair = RsaKeyPair::from_der(&der)
            .map_err(|e| invalid_key(format!("RSA key rejected: {e}")))?;
        let sha1 = Sha1Signer::new(&der)?;
        let public = CloudFrontPublicKey::from_pkcs1_der(pair.public_key().as_ref(), key_pair_id)?;
        Ok(CloudFrontKey {
            inner: Arc::new(PrivateInner { pair, sha1, public }),
            hash,
        })
    }

    /// The same key under another hash algorithm (shares the parsed key).
    pub fn with_hash_algorithm(&self, hash: HashAlgorithm) -> Self {
        CloudFrontKey {
            inner: Arc::clone(&self.inner),
            hash,
        }
    }

    /// The CloudFront key pair id (the `Key-Pair-Id` parameter).
    pub fn key_pair_id(&self) -> &str {
        self.inner.public.key_pair_id()
    }

    /// The hash this key signs with.
    pub fn hash_algorithm(&self) -> HashAlgorithm {
        self.hash
    }

    /// The public half, under the same key pair id.
    pub fn public_key(&self) -> CloudFrontPublicKey {
        self.inner.public.clone()
    }

    /// Hex SHA-256 of the modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> &str {
        self.inner.public.modulus_sha256()
    }

    /// Whether [`CloudFrontKey::sign`] works with this key's hash: always,
    /// SHA-1 and SHA-256 (kept for callers that checked it when SHA-1 could
    /// only be finished with a signature made elsewhere).
    pub fn can_sign(&self) -> bool {
        true
    }

    /// RSA PKCS#1 v1.5 over `message` with the key's hash; deterministic.
    /// Both hashes go through AWS-LC's private operation, which checks its
    /// result against the public key before returning it (the Bellcore
    /// fault countermeasure, `rsa_default_private_transform`).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        match self.hash {
            HashAlgorithm::Sha1 => self.inner.sha1.sign(message),
            HashAlgorithm::Sha256 => {
                let mut sig = vec![0u8; self.inner.pair.public_modulus_len()];
                let rng = aws_lc_rs::rand::SystemRandom::new();
                self.inner
                    .pair
                    .sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .map_err(|_| {
                        AuraError::Internal("RSA signing failed with a validated key".into())
                    })?;
                Ok(sig)
            }
        }
    }
}

impl CloudFrontPublicKey {
    /// An SPKI (`PUBLIC KEY`, as CloudFront's console takes it) or PKCS#1
    /// (`RSA PUBLIC KEY`) PEM, or any private PEM [`CloudFrontKey::from_pem`]
    /// accepts (its public half).
    pub fn from_pem(pem: &str, key_pair_id: &str) -> Result<Self> {
        validate_key_pair_id(key_pair_id)?;
        let parsed = parse_pem(pem)?;
        match parsed.label.as_str() {
            "PUBLIC KEY" => {
                let spki = spki::SubjectPublicKeyInfoRef::from_der(&parsed.der)
                    .map_err(|_| invalid_key("SPKI structure is invalid"))?;
                if spki.algorithm.oid.to_string() != RSA_ENCRYPTION {
                    return Err(AuraError::UnsupportedKeyType(format!(
                        "public key of algorithm {}; these CloudFront key pairs are RSA",
                        spki.algorithm.oid
                    )));
                }
                let bits = spki
                    .subject_public_key
                    .as_bytes()
                    .ok_or_else(|| invalid_key("SPKI key bits are not whole bytes"))?;
                Self::from_pkcs1_der(bits, key_pair_id)
            }
            "RSA PUBLIC KEY" => Self::from_pkcs1_der(&parsed.der, key_pair_id),
            _ => Ok(CloudFrontKey::from_pem(pem, key_pair_id, HashAlgorithm::Sha256)?.public_key()),
        }
    }

    fn from_pkcs1_der(der: &[u8], key_pair_id: &str) -> Result<Self> {
        validate_key_pair_id(key_pair_id)?;
        let key = pkcs1::RsaPublicKey::from_der(der)
            .map_err(|_| invalid_key("RSA public key is invalid"))?;
        let (modulus, bits) = modulus_bits(key.modulus.as_bytes());
        if bits < MIN_BITS {
            return Err(AuraError::KeyTooSmall { bits });
        }
        let parse = |alg| {
            ParsedPublicKey::new(alg, der)
                .map_err(|e| invalid_key(format!("RSA public key rejected: {e}")))
        };
        Ok(CloudFrontPublicKey {
            inner: Arc::new(PublicInner {
                key_pair_id: key_pair_id.to_string(),
                sha1: parse(&RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY)?,
                sha256: parse(&RSA_PKCS1_2048_8192_SHA256)?,
                modulus_sha256: hex_lower(&sha256(&modulus)),
            }),
        })
    }

    /// The CloudFront key pair id this key is trusted under.
    pub fn key_pair_id(&self) -> &str {
        &self.inner.key_pair_id
    }

    /// Hex SHA-256 of the modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> &str {
        &self.inner.modulus_sha256
    }

    /// Whether `signature` is this key's RSA PKCS#1 v1.5 signature of `message`.
    pub fn verify(&self, hash: HashAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        let key = match hash {
            HashAlgorithm::Sha1 => &self.inner.sha1,
            HashAlgorithm::Sha256 => &self.inner.sha256,
        };
        key.verify_sig(message, signature).is_ok()
    }
}

impl fmt::Debug for CloudFrontKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CloudFrontKey(key_pair_id={:?}, hash={}, modulus_sha256={}, <private>)",
            self.key_pair_id(),
            self.hash.as_str(),
            self.modulus_sha256()
        )
    }
}

impl fmt::Debug for CloudFrontPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CloudFrontPublicKey(key_pair_id={:?}, modulus_sha256={})",
            self.key_pair_id(),
            self.modulus_sha256()
        )
    }
}
