//! Every key format users paste (cloudflare.md §2.3): PKCS#1 / PKCS#8 / SPKI
//! PEM (LF, CRLF, `\n`-escaped, padded with spaces), the API's base64-wrapped
//! PEM or JWK (padded or not, line-wrapped or not), JWK JSON, JWKS.

use pkcs1::der::{Decode, Encode};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::encoding::{b64_decode_lenient, b64url_decode_jwk};
use crate::error::{AuraError, Result};
use crate::pem::{parse_pem, Pem};

pub(crate) const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";

/// An RSA key in PKCS#1 DER, private or public, with the JWK's `kid` if any.
pub(crate) enum KeyMaterial {
    Private {
        pkcs1: Zeroizing<Vec<u8>>,
        kid: Option<String>,
    },
    Public {
        pkcs1: Vec<u8>,
        kid: Option<String>,
    },
}

fn invalid_key(msg: &str) -> AuraError {
    AuraError::InvalidKey(msg.to_string())
}

/// Decodes key text into one or more keys (several only for a JWKS).
pub(crate) fn decode_key_text(text: &str) -> Result<Vec<KeyMaterial>> {
    decode(text, true)
}

fn decode(text: &str, allow_base64_wrapper: bool) -> Result<Vec<KeyMaterial>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid_key("key text is empty"));
    }
    let unescaped;
    let t = if trimmed.contains("\\n") {
        unescaped = trimmed.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        trimmed
    };
    if t.starts_with("-----BEGIN ") {
        return decode_pem(t).map(|k| vec![k]);
    }
    if t.starts_with('{') {
        return decode_jwk_json(t);
    }
    if allow_base64_wrapper {
        if let Some(inner) = b64_decode_lenient(t).and_then(|b| String::from_utf8(b).ok()) {
            let inner_trimmed = inner.trim_start();
            if inner_trimmed.starts_with("-----BEGIN ") || inner_trimmed.starts_with('{') {
                return decode(&inner, false);
            }
        }
    }
    Err(invalid_key("not a PEM, JWK, or base64-wrapped PEM/JWK key"))
}

fn decode_pem(t: &str) -> Result<KeyMaterial> {
    let Pem { label, der } = parse_pem(t)?;
    match label.as_str() {
        "RSA PRIVATE KEY" => Ok(KeyMaterial::Private {
            pkcs1: der,
            kid: None,
        }),
        "PRIVATE KEY" => {
            let info = pkcs8::PrivateKeyInfo::from_der(&der)
                .map_err(|_| invalid_key("PKCS#8 structure is invalid"))?;
            if info.algorithm.oid.to_string() != RSA_ENCRYPTION {
                return Err(AuraError::UnsupportedKeyType(format!(
                    "PKCS#8 key of algorithm {}; Stream keys are RSA",
                    info.algorithm.oid
                )));
            }
            Ok(KeyMaterial::Private {
                pkcs1: Zeroizing::new(info.private_key.to_vec()),
                kid: None,
            })
        }
        "PUBLIC KEY" => {
            let spki = spki::SubjectPublicKeyInfoRef::from_der(&der)
                .map_err(|_| invalid_key("SPKI structure is invalid"))?;
            if spki.algorithm.oid.to_string() != RSA_ENCRYPTION {
                return Err(AuraError::UnsupportedKeyType(format!(
                    "public key of algorithm {}; Stream keys are RSA",
                    spki.algorithm.oid
                )));
            }
            let bits = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| invalid_key("SPKI key bits are not whole bytes"))?;
            Ok(KeyMaterial::Public {
                pkcs1: bits.to_vec(),
                kid: None,
            })
        }
        "RSA PUBLIC KEY" => Ok(KeyMaterial::Public {
            pkcs1: der.to_vec(),
            kid: None,
        }),
        "EC PRIVATE KEY" | "OPENSSH PRIVATE KEY" => Err(AuraError::UnsupportedKeyType(format!(
            "{label}; Stream keys are RSA"
        ))),
        "ENCRYPTED PRIVATE KEY" => Err(AuraError::UnsupportedKeyType(
            "encrypted private keys are not supported; decrypt it first".into(),
        )),
        _ => Err(invalid_key("unknown PEM label")),
    }
}

fn decode_jwk_json(t: &str) -> Result<Vec<KeyMaterial>> {
    let value: Value = serde_json::from_str(t).map_err(|_| invalid_key("JWK text is not JSON"))?;
    match value.get("keys") {
        Some(Value::Array(keys)) => keys.iter().map(decode_jwk).collect(),
        _ => decode_jwk(&value).map(|k| vec![k]),
    }
}

fn member(jwk: &Value, name: &str) -> Result<Option<Vec<u8>>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => b64url_decode_jwk(s)
            .map(Some)
            .ok_or_else(|| invalid_key("JWK member is not base64url")),
        Some(_) => Err(invalid_key("JWK member is not a string")),
    }
}

fn uint(b: &[u8]) -> Result<pkcs1::UintRef<'_>> {
    pkcs1::UintRef::new(b).map_err(|_| invalid_key("JWK integer is invalid"))
}

/// One RSA JWK (RFC 7517 §6.3): public without `d`, private with the CRT members.
pub(crate) fn decode_jwk(jwk: &Value) -> Result<KeyMaterial> {
    let kty = jwk
        .get("kty")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_key("JWK has no kty"))?;
    if kty != "RSA" {
        return Err(AuraError::UnsupportedKeyType(format!(
            "JWK of kty {kty}; Stream keys are RSA"
        )));
    }
    let kid = jwk.get("kid").and_then(Value::as_str).map(String::from);
    let n = member(jwk, "n")?.ok_or_else(|| invalid_key("JWK has no n"))?;
    let e = member(jwk, "e")?.ok_or_else(|| invalid_key("JWK has no e"))?;
    match member(jwk, "d")? {
        None => {
            let public = pkcs1::RsaPublicKey {
                modulus: uint(&n)?,
                public_exponent: uint(&e)?,
            };
            Ok(KeyMaterial::Public {
                pkcs1: public.to_der().map_err(|_| invalid_key("JWK is invalid"))?,
                kid,
            })
        }
        Some(d) => {
            let d = Zeroizing::new(d);
            let mut crt = Vec::new();
            for name in ["p", "q", "dp", "dq", "qi"] {
                crt.push(Zeroizing::new(member(jwk, name)?.ok_or_else(|| {
                    invalid_key("private JWK lacks p, q, dp, dq or qi")
                })?));
            }
            let private = pkcs1::RsaPrivateKey {
                modulus: uint(&n)?,
                public_exponent: uint(&e)?,
                private_exponent: uint(&d)?,
                prime1: uint(&crt[0])?,
                prime2: uint(&crt[1])?,
                exponent1: uint(&crt[2])?,
                exponent2: uint(&crt[3])?,
                coefficient: uint(&crt[4])?,
                other_prime_infos: None,
            };
            let der = private
                .to_der()
                .map_err(|_| invalid_key("JWK is invalid"))?;
            Ok(KeyMaterial::Private {
                pkcs1: Zeroizing::new(der),
                kid,
            })
        }
    }
}
