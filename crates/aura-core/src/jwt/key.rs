//! Prepared JWT keys: parsed once, algorithm bound to the key type.

use aws_lc_rs::signature::{
    EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, ParsedPublicKey, ECDSA_P256_SHA256_FIXED,
    ECDSA_P256_SHA256_FIXED_SIGNING, ED25519,
};
use pkcs8::der::Decode;
use std::fmt;
use std::sync::Arc;

use super::Algorithm;
use crate::error::{invalid, AuraError, Result};
use crate::mac::HmacKey;
use crate::pem::parse_pem;
use crate::stream::{StreamKey, StreamPublicKey};

const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const P256: &str = "1.2.840.10045.3.1.7";
const ED25519_OID: &str = "1.3.101.112";

#[derive(Clone)]
pub(crate) enum Material {
    Hmac(HmacKey),
    /// HS256 from raw key bytes (a JWK `k`, which need not be UTF-8).
    HmacBytes(Arc<aws_lc_rs::hmac::Key>),
    RsaPrivate(StreamKey),
    RsaPublic(StreamPublicKey),
    EcPrivate(Arc<EcdsaKeyPair>),
    EcPublic(Arc<ParsedPublicKey>),
    EdPrivate(Arc<Ed25519KeyPair>),
    EdPublic(Arc<ParsedPublicKey>),
}

/// A key for [`encode`](super::encode)/[`decode`](super::decode).
#[derive(Clone)]
pub struct JwtKey {
    pub(crate) material: Material,
    kid: Option<String>,
}

fn unsupported(what: &str) -> AuraError {
    AuraError::UnsupportedKeyType(format!("{what}; JWT keys are RSA, EC P-256 or Ed25519"))
}

impl JwtKey {
    /// An HS256 secret (UTF-8 bytes of the string). At least 32 bytes.
    pub fn hmac(secret: &str, kid: Option<&str>) -> Result<Self> {
        if secret.len() < 32 {
            return Err(invalid("an HS256 secret must be at least 32 bytes"));
        }
        Ok(JwtKey {
            material: Material::Hmac(HmacKey::new(secret)),
            kid: kid.map(String::from),
        })
    }

    /// RSA (any format `StreamKey` accepts), EC P-256 or Ed25519 PEM
    /// (PKCS#8, SEC1 or SPKI); private keys sign and verify, public keys verify.
    pub fn from_pem(text: &str, kid: Option<&str>) -> Result<Self> {
        let kid_owned = kid.map(String::from);
        let pem = parse_pem(text).ok();
        let material = match pem.as_ref().map(|p| p.label.as_str()) {
            Some("PRIVATE KEY") => {
                let der = &pem.as_ref().unwrap().der;
                let info = pkcs8::PrivateKeyInfo::from_der(der)
                    .map_err(|_| AuraError::InvalidKey("PKCS#8 structure is invalid".into()))?;
                match info.algorithm.oid.to_string().as_str() {
                    EC_PUBLIC_KEY => Material::EcPrivate(Arc::new(
                        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der).map_err(
                            |e| {
                                AuraError::UnsupportedKeyType(format!(
                                    "EC key rejected (only P-256): {e}"
                                ))
                            },
                        )?,
                    )),
                    ED25519_OID => Material::EdPrivate(Arc::new(
                        Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(|e| {
                            AuraError::InvalidKey(format!("Ed25519 key rejected: {e}"))
                        })?,
                    )),
                    _ => Material::RsaPrivate(StreamKey::from_any(text, kid)?),
                }
            }
            Some("EC PRIVATE KEY") => Material::EcPrivate(Arc::new(
                EcdsaKeyPair::from_private_key_der(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &pem.as_ref().unwrap().der,
                )
                .map_err(|e| {
                    AuraError::UnsupportedKeyType(format!("EC key rejected (only P-256): {e}"))
                })?,
            )),
            Some("PUBLIC KEY") => {
                let der = &pem.as_ref().unwrap().der;
                let spki = spki::SubjectPublicKeyInfoRef::from_der(der)
                    .map_err(|_| AuraError::InvalidKey("SPKI structure is invalid".into()))?;
                let bits = spki.subject_public_key.raw_bytes();
                match spki.algorithm.oid.to_string().as_str() {
                    EC_PUBLIC_KEY => {
                        let curve = spki
                            .algorithm
                            .parameters_oid()
                            .map(|o| o.to_string())
                            .unwrap_or_default();
                        if curve != P256 {
                            return Err(unsupported("EC key on a curve other than P-256"));
                        }
                        Material::EcPublic(Arc::new(
                            ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, bits).map_err(|e| {
                                AuraError::InvalidKey(format!("EC key rejected: {e}"))
                            })?,
                        ))
                    }
                    ED25519_OID => {
                        Material::EdPublic(Arc::new(ParsedPublicKey::new(&ED25519, bits).map_err(
                            |e| AuraError::InvalidKey(format!("Ed25519 key rejected: {e}")),
                        )?))
                    }
                    _ => Material::RsaPublic(StreamPublicKey::from_any(text, kid)?),
                }
            }
            _ => match StreamKey::from_any(text, kid) {
                Ok(k) => Material::RsaPrivate(k),
                Err(AuraError::NotAPrivateKey) => {
                    Material::RsaPublic(StreamPublicKey::from_any(text, kid)?)
                }
                Err(e) => return Err(e),
            },
        };
        let kid_owned = kid_owned.or_else(|| match &material {
            Material::RsaPrivate(k) => k.key_id().map(String::from),
            Material::RsaPublic(k) => k.key_id().map(String::from),
            _ => None,
        });
        Ok(JwtKey {
            material,
            kid: kid_owned,
        })
    }

    /// Key text for `algorithm`: an HS256 secret, or PEM/JWK text for the
    /// asymmetric algorithms, which must then match the key's type.
    pub fn from_text(text: &str, algorithm: Algorithm, kid: Option<&str>) -> Result<Self> {
        let key = match algorithm {
            Algorithm::HS256 => Self::hmac(text, kid)?,
            _ => Self::from_pem(text, kid)?,
        };
        if key.algorithm() != algorithm {
            return Err(AuraError::AlgNotAllowed(format!(
                "{} with a {} key",
                algorithm.as_str(),
                key.algorithm().as_str()
            )));
        }
        Ok(key)
    }

    pub(crate) fn with_material(material: Material, kid: Option<String>) -> Self {
        JwtKey { material, kid }
    }

    /// An RS256 key from a Stream signing key (it signs); the kid is the key's id, if any.
    pub fn from_stream_key(key: &StreamKey) -> Self {
        JwtKey {
            material: Material::RsaPrivate(key.clone()),
            kid: key.key_id().map(String::from),
        }
    }

    /// The key id: written as the header `kid` when signing, matched against it
    /// when verifying.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The one algorithm this key signs and verifies, from its type.
    pub fn algorithm(&self) -> Algorithm {
        match self.material {
            Material::Hmac(_) | Material::HmacBytes(_) => Algorithm::HS256,
            Material::RsaPrivate(_) | Material::RsaPublic(_) => Algorithm::RS256,
            Material::EcPrivate(_) | Material::EcPublic(_) => Algorithm::ES256,
            Material::EdPrivate(_) | Material::EdPublic(_) => Algorithm::EdDSA,
        }
    }

    /// Whether the key can sign (a secret or a private key); public keys only
    /// verify, and [`encode`](super::encode) refuses them with `not_a_private_key`.
    pub fn can_sign(&self) -> bool {
        matches!(
            self.material,
            Material::Hmac(_)
                | Material::HmacBytes(_)
                | Material::RsaPrivate(_)
                | Material::EcPrivate(_)
                | Material::EdPrivate(_)
        )
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        match &self.material {
            Material::Hmac(k) => Ok(k.sign(message).to_vec()),
            Material::HmacBytes(k) => Ok(aws_lc_rs::hmac::sign(k, message).as_ref().to_vec()),
            Material::RsaPrivate(k) => Ok(k.sign_rs256(message)),
            Material::EcPrivate(k) => k
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| AuraError::Internal("ECDSA signing failed".into())),
            Material::EdPrivate(k) => Ok(k.sign(message).as_ref().to_vec()),
            Material::RsaPublic(_) | Material::EcPublic(_) | Material::EdPublic(_) => {
                Err(AuraError::NotAPrivateKey)
            }
        }
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.material {
            Material::Hmac(k) => k.verify(message, signature),
            Material::HmacBytes(k) => aws_lc_rs::hmac::verify(k, message, signature).is_ok(),
            Material::RsaPrivate(k) => k.public_key().verify_rs256(message, signature),
            Material::RsaPublic(k) => k.verify_rs256(message, signature),
            Material::EcPrivate(k) => {
                ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, k.public_key().as_ref())
                    .is_ok_and(|p| p.verify_sig(message, signature).is_ok())
            }
            Material::EcPublic(p) | Material::EdPublic(p) => {
                p.verify_sig(message, signature).is_ok()
            }
            Material::EdPrivate(k) => ParsedPublicKey::new(&ED25519, k.public_key().as_ref())
                .is_ok_and(|p| p.verify_sig(message, signature).is_ok()),
        }
    }
}

impl fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let private = if self.can_sign() { "private" } else { "public" };
        write!(
            f,
            "JwtKey({}, {private}, kid={:?})",
            self.algorithm().as_str(),
            self.kid
        )
    }
}
