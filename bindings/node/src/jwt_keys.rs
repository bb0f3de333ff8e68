//! General JWT with prepared keys, key generation, and a secret key ring.

use aura_core::jwt::{self, Algorithm};
use aura_core::keys::{self, KeyRing as CoreKeyRing, OsRandom, SecretKind};
use napi::bindgen_prelude::Uint8Array;
use serde_json::{Map, Value};
use std::sync::Mutex;

use crate::args;
use crate::cloudflare::StreamKey;
use crate::errors::{guard, invalid, Result};

#[napi]
pub struct JwtKey {
    inner: jwt::JwtKey,
}

#[napi]
impl JwtKey {
    #[napi(factory)]
    pub fn from_pem(text: String, kid: Option<String>) -> Result<Self> {
        guard(|| jwt::JwtKey::from_pem(&text, kid.as_deref())).map(|inner| JwtKey { inner })
    }

    /// One JWK (RFC 7517): `oct` (HS256, the raw bytes of `k`), `RSA`, `EC`
    /// P-256 or `OKP` Ed25519; the `kid` is the JWK's.
    #[napi(factory)]
    pub fn from_jwk(text: String) -> Result<Self> {
        guard(|| jwt::JwtKey::from_jwk(&text)).map(|inner| JwtKey { inner })
    }

    #[napi(factory)]
    pub fn hmac(secret: String, kid: Option<String>) -> Result<Self> {
        guard(|| jwt::JwtKey::hmac(&secret, kid.as_deref())).map(|inner| JwtKey { inner })
    }

    #[napi(getter)]
    pub fn algorithm(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.algorithm().as_str()))
    }

    #[napi(getter)]
    pub fn kid(&self) -> Result<Option<String>> {
        guard(|| Ok(self.inner.kid().map(String::from)))
    }
}

fn object(v: Value, what: &str) -> Result<Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(invalid(format!("{what} must be an object"))),
    }
}

#[napi]
pub fn jwt_sign(claims: Value, key: &JwtKey, headers: Option<Value>) -> Result<String> {
    let claims = object(claims, "claims")?;
    let headers = headers.map(|h| object(h, "headers")).transpose()?;
    guard(|| jwt::encode(&claims, &key.inner, headers.as_ref()))
}

#[napi]
pub fn jwt_verify(
    token: String,
    keys: Vec<&JwtKey>,
    algorithms: Vec<String>,
    now: f64,
    leeway: Option<f64>,
    require_exp: Option<bool>,
) -> Result<Value> {
    let now = args::now(now)?;
    let leeway = args::opt_seconds("leeway", leeway)?.unwrap_or(0);
    guard(|| {
        let algorithms = algorithms
            .iter()
            .map(|a| Algorithm::parse(a))
            .collect::<aura_core::Result<Vec<_>>>()?;
        let keys: Vec<jwt::JwtKey> = keys.iter().map(|k| k.inner.clone()).collect();
        let options = jwt::DecodeOptions {
            algorithms: &algorithms,
            now,
            leeway,
            require_exp: require_exp.unwrap_or(false),
        };
        jwt::decode(&token, &keys, &options).map(Value::Object)
    })
}

/// RFC 7515 compact JWS over the exact `protected_header` and `payload` bytes.
#[napi]
pub fn jws_sign_compact(
    protected_header: Uint8Array,
    payload: Uint8Array,
    key: &JwtKey,
) -> Result<String> {
    guard(|| aura_core::jws::sign_compact(&protected_header, &payload, &key.inner))
}

#[napi(object)]
pub struct JwsVerified {
    pub header: Value,
    pub payload: Uint8Array,
}

/// Checks only the signature; returns the protected header and payload bytes.
#[napi]
pub fn jws_verify_compact(
    token: String,
    keys: Vec<&JwtKey>,
    algorithms: Vec<String>,
) -> Result<JwsVerified> {
    guard(|| {
        let algorithms = algorithms
            .iter()
            .map(|a| Algorithm::parse(a))
            .collect::<aura_core::Result<Vec<_>>>()?;
        let keys: Vec<jwt::JwtKey> = keys.iter().map(|k| k.inner.clone()).collect();
        let (header, payload) = aura_core::jws::verify_compact(&token, &keys, &algorithms)?;
        Ok(JwsVerified {
            header: Value::Object(header),
            payload: Uint8Array::new(payload),
        })
    })
}

#[napi]
pub fn generate_secret(kind: Option<String>) -> Result<String> {
    guard(|| {
        Ok(keys::generate_secret(
            SecretKind::parse(kind.as_deref().unwrap_or("secret_key"))?,
            &mut OsRandom,
        )?
        .expose()
        .to_string())
    })
}

#[napi]
pub fn generate_key_id() -> Result<String> {
    guard(|| keys::generate_key_id(&mut OsRandom))
}

#[napi(object)]
pub struct GeneratedStreamKey {
    pub id: String,
    pub pem: String,
    pub jwk: String,
}

/// `{id, pem, jwk}` in the shapes `POST /stream/keys` returns.
#[napi]
pub fn generate_stream_key(key_id: Option<String>) -> Result<GeneratedStreamKey> {
    guard(|| {
        let k = keys::generate_stream_key(key_id.as_deref())?;
        Ok(GeneratedStreamKey {
            id: k.id.clone(),
            pem: k.pem.expose().to_string(),
            jwk: k.jwk.expose().to_string(),
        })
    })
}

#[napi]
pub fn export_stream_key(key: &StreamKey, key_id: String) -> Result<GeneratedStreamKey> {
    guard(|| {
        let k = keys::export_cloudflare_shapes(&key.inner, &key_id)?;
        Ok(GeneratedStreamKey {
            id: key_id.clone(),
            pem: k.pem.expose().to_string(),
            jwk: k.jwk.expose().to_string(),
        })
    })
}

#[napi(object)]
pub struct KeyEntry {
    pub id: String,
    pub state: String,
    pub added_at: i64,
}

/// A ring of secrets (AuraImage or Images keys) by id.
#[napi(js_name = "NativeKeyRing")]
pub struct KeyRing {
    inner: Mutex<CoreKeyRing<String>>,
}

impl KeyRing {
    fn ring(&self) -> std::sync::MutexGuard<'_, CoreKeyRing<String>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[napi]
impl KeyRing {
    #[napi(constructor)]
    pub fn new() -> Result<Self> {
        guard(|| {
            Ok(KeyRing {
                inner: Mutex::new(CoreKeyRing::new()),
            })
        })
    }

    #[napi]
    pub fn add(&self, id: String, secret: String, now: f64) -> Result<()> {
        let now = args::now(now)?;
        guard(|| self.ring().add(&id, secret, now))
    }

    #[napi]
    pub fn rotate(&self, id: String, secret: String, now: f64) -> Result<()> {
        let now = args::now(now)?;
        guard(|| self.ring().rotate(&id, secret, now))
    }

    #[napi]
    pub fn retire(&self, id: String) -> Result<()> {
        guard(|| self.ring().retire(&id))
    }

    #[napi]
    pub fn revoke(&self, id: String) -> Result<()> {
        guard(|| self.ring().revoke(&id))
    }

    /// `[id, secret]` of the newest active key.
    #[napi]
    pub fn signing_key(&self) -> Result<Vec<String>> {
        guard(|| {
            self.ring()
                .signing_key()
                .map(|(id, k)| vec![id.to_string(), k.clone()])
        })
    }

    /// The secrets that verify (active and retiring), newest first.
    #[napi]
    pub fn verification_secrets(&self) -> Result<Vec<String>> {
        guard(|| {
            Ok(self
                .ring()
                .verification_keys()
                .into_iter()
                .map(|(_, k)| k.clone())
                .collect())
        })
    }

    #[napi]
    pub fn list(&self) -> Result<Vec<KeyEntry>> {
        guard(|| {
            Ok(self
                .ring()
                .list()
                .into_iter()
                .map(|(id, st, at)| KeyEntry {
                    id: id.to_string(),
                    state: st.as_str().into(),
                    added_at: at,
                })
                .collect())
        })
    }
}
