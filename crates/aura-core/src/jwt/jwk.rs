//! [`JwtKey::from_jwk`]: one JSON Web Key (RFC 7517) as a JWT/JWS key.
//!
//! `oct` (RFC 7518 §6.4) is HS256 over the raw bytes of `k`; `RSA`
//! (RFC 7518 §6.3) is RS256, parsed as `stream::key_text` parses Cloudflare's
//! JWKs; `EC` P-256 (RFC 7518 §6.2) is ES256; `OKP` Ed25519 (RFC 8037 §2) is
//! EdDSA. Private keys (with `d`) sign and verify, public keys verify.

use aws_lc_rs::signature::{
    EcdsaKeyPair, Ed25519KeyPair, ParsedPublicKey, ECDSA_P256_SHA256_FIXED,
    ECDSA_P256_SHA256_FIXED_SIGNING, ED25519,
};
use serde_json::{Map, Value};
use std::sync::Arc;
use zeroize::Zeroizing;

use super::key::Material;
use super::JwtKey;
use crate::encoding::b64url_decode_jwk;
use crate::error::{invalid, AuraError, Result};
use crate::stream::key_text::{decode_jwk, KeyMaterial};
use crate::stream::{StreamKey, StreamPublicKey};

/// HS256 keys are at least 32 bytes, as [`JwtKey::hmac`] requires.
const MIN_HMAC_BYTES: usize = 32;

fn invalid_key(msg: &str) -> AuraError {
    AuraError::InvalidKey(msg.to_string())
}

/// A base64url member of the JWK, decoded; `None` when absent.
fn bytes(jwk: &Map<String, Value>, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => b64url_decode_jwk(s)
            .map(|b| Some(Zeroizing::new(b)))
            .ok_or_else(|| invalid_key(&format!("JWK member {name} is not base64url"))),
        Some(_) => Err(invalid_key(&format!("JWK member {name} is not a string"))),
    }
}

fn required(jwk: &Map<String, Value>, name: &str) -> Result<Zeroizing<Vec<u8>>> {
    bytes(jwk, name)?.ok_or_else(|| invalid_key(&format!("JWK has no {name}")))
}

fn string<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid_key(&format!("JWK member {name} is not a string"))),
    }
}

fn curve(jwk: &Map<String, Value>, expected: &str, kty: &str) -> Result<()> {
    match string(jwk, "crv")? {
        Some(c) if c == expected => Ok(()),
        Some(c) => Err(AuraError::UnsupportedKeyType(format!(
            "{kty} JWK on curve {c}; JWT keys are EC P-256 or OKP Ed25519"
        ))),
        None => Err(invalid_key("JWK has no crv")),
    }
}

fn oct(jwk: &Map<String, Value>) -> Result<Material> {
    let k = required(jwk, "k")?;
    if k.len() < MIN_HMAC_BYTES {
        return Err(invalid("an HS256 secret must be at least 32 bytes"));
    }
    Ok(Material::HmacBytes(Arc::new(aws_lc_rs::hmac::Key::new(
        aws_lc_rs::hmac::HMAC_SHA256,
        &k,
    ))))
}

fn rsa(jwk: &Map<String, Value>, kid: Option<String>) -> Result<Material> {
    match decode_jwk(&Value::Object(jwk.clone()))? {
        KeyMaterial::Private { pkcs1, .. } => Ok(Material::RsaPrivate(StreamKey::from_pkcs1_der(
            &pkcs1, kid,
        )?)),
        KeyMaterial::Public { pkcs1, .. } => Ok(Material::RsaPublic(
            StreamPublicKey::from_pkcs1_der(&pkcs1, kid)?,
        )),
    }
}

/// P-256: `x` and `y` (32 bytes each) make the SEC1 point `04‖x‖y`.
fn ec(jwk: &Map<String, Value>) -> Result<Material> {
    curve(jwk, "P-256", "EC")?;
    let (x, y) = (required(jwk, "x")?, required(jwk, "y")?);
    if x.len() != 32 || y.len() != 32 {
        return Err(invalid_key("P-256 JWK x and y must be 32 bytes"));
    }
    let point = [&[4u8][..], &x, &y].concat();
    let rejected = |e: aws_lc_rs::error::KeyRejected| invalid_key(&format!("EC JWK rejected: {e}"));
    match bytes(jwk, "d")? {
        Some(d) => Ok(Material::EcPrivate(Arc::new(
            EcdsaKeyPair::from_private_key_and_public_key(
                &ECDSA_P256_SHA256_FIXED_SIGNING,
                &d,
                &point,
            )
            .map_err(rejected)?,
        ))),
        None => Ok(Material::EcPublic(Arc::new(
            ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
                .map_err(|e| invalid_key(&format!("EC JWK rejected: {e}")))?,
        ))),
    }
}

/// Ed25519: `x` is the public key, `d` the 32-byte seed (RFC 8037 §2).
fn okp(jwk: &Map<String, Value>) -> Result<Material> {
    curve(jwk, "Ed25519", "OKP")?;
    let x = required(jwk, "x")?;
    match bytes(jwk, "d")? {
        Some(d) => Ok(Material::EdPrivate(Arc::new(
            Ed25519KeyPair::from_seed_and_public_key(&d, &x)
                .map_err(|e| invalid_key(&format!("Ed25519 JWK rejected: {e}")))?,
        ))),
        None => Ok(Material::EdPublic(Arc::new(
            ParsedPublicKey::new(&ED25519, &x)
                .map_err(|e| invalid_key(&format!("Ed25519 JWK rejected: {e}")))?,
        ))),
    }
}

impl JwtKey {
    /// One JWK (not a JWKS). `kid` comes from the JWK. A `use` other than
    /// `sig` is `invalid_key`; an `alg` other than the key type's algorithm
    /// (`A256GCM`, `PS384`, `ES512`…) is `alg_not_allowed`; curves other than
    /// P-256 and Ed25519 are `unsupported_key_type`.
    pub fn from_jwk(text: &str) -> Result<Self> {
        let jwk = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) => m,
            _ => return Err(invalid_key("JWK text is not a JSON object")),
        };
        if jwk.contains_key("keys") {
            return Err(invalid_key("a JWKS; pass one JWK"));
        }
        let kid = string(&jwk, "kid")?.map(String::from);
        if let Some(id) = &kid {
            crate::stream::validate_key_id(id)?;
        }
        let kty = string(&jwk, "kty")?.ok_or_else(|| invalid_key("JWK has no kty"))?;
        let material = match kty {
            "oct" => oct(&jwk)?,
            "RSA" => rsa(&jwk, kid.clone())?,
            "EC" => ec(&jwk)?,
            "OKP" => okp(&jwk)?,
            other => {
                return Err(AuraError::UnsupportedKeyType(format!(
                    "JWK of kty {other}; JWT keys are oct, RSA, EC P-256 or OKP Ed25519"
                )))
            }
        };
        match string(&jwk, "use")? {
            None | Some("sig") => {}
            Some(_) => return Err(invalid_key("JWK use is not sig")),
        }
        let key = JwtKey::with_material(material, kid);
        match string(&jwk, "alg")? {
            Some(alg) if alg != key.algorithm().as_str() => Err(AuraError::AlgNotAllowed(format!(
                "{alg} for a {} key",
                key.algorithm().as_str()
            ))),
            _ => Ok(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> &'static str {
        JwtKey::from_jwk(text).map_or_else(|e| e.code(), |_| "ok")
    }

    #[test]
    fn oct_is_raw_bytes_of_at_least_32() {
        // 31 bytes of k.
        assert_eq!(
            code(r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#),
            "invalid_input"
        );
        assert_eq!(
            code(r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#),
            "ok"
        );
        assert_eq!(code(r#"{"kty":"oct"}"#), "invalid_key");
        assert_eq!(code(r#"{"kty":"oct","k":7}"#), "invalid_key");
    }

    #[test]
    fn use_alg_kty_and_shape() {
        let k = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(
            code(&format!(r#"{{"kty":"oct","k":"{k}","use":"enc"}}"#)),
            "invalid_key"
        );
        assert_eq!(
            code(&format!(r#"{{"kty":"oct","k":"{k}","alg":"HS512"}}"#)),
            "alg_not_allowed"
        );
        assert_eq!(
            code(&format!(
                r#"{{"kty":"oct","k":"{k}","alg":"HS256","use":"sig"}}"#
            )),
            "ok"
        );
        assert_eq!(
            code(r#"{"kty":"OKP","crv":"X25519","x":"AAAA"}"#),
            "unsupported_key_type"
        );
        assert_eq!(
            code(r#"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#),
            "unsupported_key_type"
        );
        assert_eq!(
            code(r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#),
            "invalid_key"
        );
        assert_eq!(code(r#"{"kty":"DSA"}"#), "unsupported_key_type");
        assert_eq!(code(r#"{"keys":[]}"#), "invalid_key");
        assert_eq!(code("[]"), "invalid_key");
        assert_eq!(code(r#"{"k":"AA"}"#), "invalid_key");
    }

    #[test]
    fn ed25519_seed_must_match_x() {
        // RFC 8037 A.1's d with another x.
        let jwk = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
        assert_eq!(code(jwk), "invalid_key");
        let key = JwtKey::from_jwk(
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        )
        .unwrap();
        assert!(!key.can_sign());
        assert!(!format!("{key:?}").contains("nWGx"));
    }
}
