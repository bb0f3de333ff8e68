//! General JWT with prepared keys, key generation, and a key ring of secrets.

use aura_core::jwt::{self, Algorithm};
use aura_core::keys::{self, KeyRing as CoreKeyRing, KeyState as CoreKeyState, OsRandom};
use std::sync::{Arc, Mutex};

use crate::errors::{guard, Result};

/// The JWS `alg` values Aura signs and verifies; each is bound to one key type.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwtAlgorithm {
    /// HMAC-SHA256 with a shared secret.
    Hs256,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// ECDSA P-256 with SHA-256.
    Es256,
    /// Ed25519.
    Eddsa,
}

impl From<JwtAlgorithm> for Algorithm {
    fn from(a: JwtAlgorithm) -> Self {
        match a {
            JwtAlgorithm::Hs256 => Algorithm::HS256,
            JwtAlgorithm::Rs256 => Algorithm::RS256,
            JwtAlgorithm::Es256 => Algorithm::ES256,
            JwtAlgorithm::Eddsa => Algorithm::EdDSA,
        }
    }
}

impl From<Algorithm> for JwtAlgorithm {
    fn from(a: Algorithm) -> Self {
        match a {
            Algorithm::HS256 => JwtAlgorithm::Hs256,
            Algorithm::RS256 => JwtAlgorithm::Rs256,
            Algorithm::ES256 => JwtAlgorithm::Es256,
            Algorithm::EdDSA => JwtAlgorithm::Eddsa,
        }
    }
}

/// The `alg` header value of an algorithm (`HS256`, `RS256`, `ES256`, `EdDSA`).
#[uniffi::export]
pub fn jwt_algorithm_name(algorithm: JwtAlgorithm) -> String {
    Algorithm::from(algorithm).as_str().into()
}

/// A verified token's registered claims (RFC 7519 §4.1) and every claim as
/// JSON text. A registered claim of another JSON type is null here.
#[derive(uniffi::Record, Debug, Clone, PartialEq)]
pub struct JwtClaims {
    /// `iss`.
    pub issuer: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// `aud`: one string or a list of strings.
    pub audience: Vec<String>,
    /// `exp`: Unix seconds.
    pub expires_at: Option<f64>,
    /// `nbf`: Unix seconds.
    pub not_before: Option<f64>,
    /// `iat`: Unix seconds.
    pub issued_at: Option<f64>,
    /// `jti`.
    pub jwt_id: Option<String>,
    /// Every claim, member order kept.
    pub claims_json: String,
}

impl JwtClaims {
    pub(crate) fn from_claims(claims: serde_json::Map<String, serde_json::Value>) -> Self {
        let c = jwt::RegisteredClaims::from_claims(claims);
        JwtClaims {
            issuer: c.issuer,
            subject: c.subject,
            audience: c.audience,
            expires_at: c.expires_at,
            not_before: c.not_before,
            issued_at: c.issued_at,
            jwt_id: c.jwt_id,
            claims_json: serde_json::Value::Object(c.claims).to_string(),
        }
    }
}

#[derive(uniffi::Object)]
pub struct JwtKey {
    inner: jwt::JwtKey,
}

#[uniffi::export]
impl JwtKey {
    #[uniffi::constructor(default(kid = None))]
    pub fn from_pem(text: String, kid: Option<String>) -> Result<Arc<Self>> {
        guard(|| jwt::JwtKey::from_pem(&text, kid.as_deref()))
            .map(|inner| Arc::new(JwtKey { inner }))
    }

    /// One JWK (RFC 7517): `oct` (HS256, the raw bytes of `k`), `RSA`, `EC`
    /// P-256 or `OKP` Ed25519; the `kid` is the JWK's.
    #[uniffi::constructor]
    pub fn from_jwk(text: String) -> Result<Arc<Self>> {
        guard(|| jwt::JwtKey::from_jwk(&text)).map(|inner| Arc::new(JwtKey { inner }))
    }

    #[uniffi::constructor(default(kid = None))]
    pub fn hmac(secret: String, kid: Option<String>) -> Result<Arc<Self>> {
        guard(|| jwt::JwtKey::hmac(&secret, kid.as_deref())).map(|inner| Arc::new(JwtKey { inner }))
    }

    pub fn algorithm(&self) -> JwtAlgorithm {
        self.inner.algorithm().into()
    }

    pub fn kid(&self) -> Option<String> {
        self.inner.kid().map(String::from)
    }
}

/// RFC 7515 compact JWS over the exact `protected_header` and `payload` bytes.
#[uniffi::export]
pub fn jws_sign_compact(
    protected_header: Vec<u8>,
    payload: Vec<u8>,
    key: Arc<JwtKey>,
) -> Result<String> {
    guard(|| aura_core::jws::sign_compact(&protected_header, &payload, &key.inner))
}

/// A verified compact JWS: its protected header (JSON text) and payload bytes.
#[derive(uniffi::Record)]
pub struct JwsVerified {
    pub header_json: String,
    pub payload: Vec<u8>,
}

/// Checks only the signature (no claims, no clock).
#[uniffi::export]
pub fn jws_verify_compact(
    token: String,
    keys: Vec<Arc<JwtKey>>,
    algorithms: Vec<JwtAlgorithm>,
) -> Result<JwsVerified> {
    guard(|| {
        let algorithms: Vec<Algorithm> = algorithms.into_iter().map(Into::into).collect();
        let keys: Vec<jwt::JwtKey> = keys.iter().map(|k| k.inner.clone()).collect();
        let (header, payload) = aura_core::jws::verify_compact(&token, &keys, &algorithms)?;
        Ok(JwsVerified {
            header_json: serde_json::Value::Object(header).to_string(),
            payload,
        })
    })
}

fn object(text: &str, what: &str) -> aura_core::Result<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        _ => Err(aura_core::AuraError::InvalidInput(format!(
            "{what} must be a JSON object"
        ))),
    }
}

#[uniffi::export(default(headers_json = None))]
pub fn jwt_encode(
    claims_json: String,
    key: Arc<JwtKey>,
    headers_json: Option<String>,
) -> Result<String> {
    guard(|| {
        let headers = headers_json.map(|h| object(&h, "headers")).transpose()?;
        jwt::encode(
            &object(&claims_json, "claims")?,
            &key.inner,
            headers.as_ref(),
        )
    })
}

/// Verifies the signature with one of `keys` under one of `algorithms`, then
/// `exp`/`nbf` against `now` with `leeway` seconds (0–300).
#[uniffi::export(default(leeway = 0, require_exp = false))]
pub fn jwt_decode(
    token: String,
    keys: Vec<Arc<JwtKey>>,
    algorithms: Vec<JwtAlgorithm>,
    leeway: i64,
    require_exp: bool,
    now: i64,
) -> Result<JwtClaims> {
    let now = crate::errors::now(now)?;
    guard(|| {
        let algorithms: Vec<Algorithm> = algorithms.into_iter().map(Into::into).collect();
        let keys: Vec<jwt::JwtKey> = keys.iter().map(|k| k.inner.clone()).collect();
        let o = jwt::DecodeOptions {
            algorithms: &algorithms,
            now,
            leeway,
            require_exp,
        };
        jwt::decode(&token, &keys, &o).map(JwtClaims::from_claims)
    })
}

/// Which AuraImage secret to generate.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// `sk_live_…`: signs upload tokens, authorises setVisibility.
    SecretKey,
    /// `psk_live_…`: the per-project serve secret.
    ServeSecret,
}

/// A new `sk_live_…` or `psk_live_…` secret from the OS's random source.
#[uniffi::export]
pub fn generate_secret(kind: SecretKind) -> Result<String> {
    let kind = match kind {
        SecretKind::SecretKey => keys::SecretKind::SecretKey,
        SecretKind::ServeSecret => keys::SecretKind::ServeSecret,
    };
    guard(|| {
        Ok(keys::generate_secret(kind, &mut OsRandom)?
            .expose()
            .to_string())
    })
}

#[derive(uniffi::Record)]
pub struct GeneratedStreamKey {
    pub id: String,
    /// Base64 of a PKCS#1 PEM, as `POST /stream/keys` returns it. Secret.
    pub pem: String,
    /// Base64 of the JWK JSON. Secret.
    pub jwk: String,
}

#[uniffi::export(default(key_id = None))]
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

/// Where a key is in its life in a [`KeyRing`].
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyState {
    /// Signs (the newest active key) and verifies.
    Active,
    /// Verifies, no longer signs.
    Retiring,
    /// Neither signs nor verifies.
    Revoked,
}

impl From<CoreKeyState> for KeyState {
    fn from(s: CoreKeyState) -> Self {
        match s {
            CoreKeyState::Active => KeyState::Active,
            CoreKeyState::Retiring => KeyState::Retiring,
            CoreKeyState::Revoked => KeyState::Revoked,
        }
    }
}

#[derive(uniffi::Record)]
pub struct KeyEntry {
    pub id: String,
    pub state: KeyState,
    /// Unix seconds.
    pub added_at: i64,
}

/// Sign with the newest active secret; verify with active and retiring ones.
#[derive(uniffi::Object)]
pub struct KeyRing {
    inner: Mutex<CoreKeyRing<String>>,
}

impl KeyRing {
    fn ring(&self) -> std::sync::MutexGuard<'_, CoreKeyRing<String>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl KeyRing {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(KeyRing {
            inner: Mutex::new(CoreKeyRing::new()),
        })
    }

    pub fn add(&self, id: String, secret: String, now: i64) -> Result<()> {
        let now = crate::errors::now(now)?;
        guard(|| self.ring().add(&id, secret, now))
    }

    pub fn rotate(&self, id: String, secret: String, now: i64) -> Result<()> {
        let now = crate::errors::now(now)?;
        guard(|| self.ring().rotate(&id, secret, now))
    }

    pub fn revoke(&self, id: String) -> Result<()> {
        guard(|| self.ring().revoke(&id))
    }

    pub fn signing_secret(&self) -> Result<String> {
        guard(|| self.ring().signing_key().map(|(_, k)| k.clone()))
    }

    pub fn verification_secrets(&self) -> Vec<String> {
        self.ring()
            .verification_keys()
            .into_iter()
            .map(|(_, k)| k.clone())
            .collect()
    }

    pub fn list(&self) -> Vec<KeyEntry> {
        self.ring()
            .list()
            .into_iter()
            .map(|(id, st, at)| KeyEntry {
                id: id.to_string(),
                state: st.into(),
                added_at: at,
            })
            .collect()
    }
}
