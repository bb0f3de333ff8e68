//! Cloudflare Images and Stream (typed API). Access rules are records whose
//! members serialise as `type, action, ip|country` (the docs' order).

use aura_core::images::{ImagesMode, ImagesSigner, ImagesVerifier};
use aura_core::stream as core;
use std::sync::Arc;

use crate::errors::{guard, Result};

#[uniffi::export(default(mode = "default"))]
pub fn sign_images_url(
    url: String,
    key: String,
    expires_in: i64,
    now: i64,
    mode: String,
) -> Result<String> {
    let now = crate::errors::now(now)?;
    guard(|| {
        Ok(ImagesSigner::new(&key)?
            .sign(&url, expires_in, now, ImagesMode::parse(&mode)?)?
            .url)
    })
}

/// Returns `exp`; valid while `now <= exp`.
#[uniffi::export]
pub fn verify_images_url(url: String, keys: Vec<String>, now: i64) -> Result<i64> {
    let now = crate::errors::now(now)?;
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    guard(|| ImagesVerifier::new(&refs)?.verify(&url, now))
}

#[derive(uniffi::Object)]
pub struct StreamKey {
    pub(crate) inner: core::StreamKey,
}

#[uniffi::export]
impl StreamKey {
    /// Any format Cloudflare hands out (base64 `pem`, PEM, JWK, base64 JWK).
    #[uniffi::constructor(default(key_id = None))]
    pub fn from_any(text: String, key_id: Option<String>) -> Result<Arc<Self>> {
        guard(|| core::StreamKey::from_any(&text, key_id.as_deref()))
            .map(|inner| Arc::new(StreamKey { inner }))
    }

    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id().map(String::from)
    }

    pub fn modulus_sha256(&self) -> String {
        self.inner.modulus_sha256().to_string()
    }

    pub fn public_key(&self) -> Arc<StreamPublicKey> {
        Arc::new(StreamPublicKey {
            inner: self.inner.public_key(),
        })
    }
}

#[derive(uniffi::Object)]
pub struct StreamPublicKey {
    pub(crate) inner: core::StreamPublicKey,
}

#[uniffi::export]
impl StreamPublicKey {
    #[uniffi::constructor(default(key_id = None))]
    pub fn from_any(text: String, key_id: Option<String>) -> Result<Arc<Self>> {
        guard(|| core::StreamPublicKey::from_any(&text, key_id.as_deref()))
            .map(|inner| Arc::new(StreamPublicKey { inner }))
    }

    pub fn key_id(&self) -> Option<String> {
        self.inner.key_id().map(String::from)
    }

    pub fn modulus_sha256(&self) -> String {
        self.inner.modulus_sha256().to_string()
    }
}

/// Every key of a JWKS.
#[uniffi::export]
pub fn stream_public_keys_from_jwks(text: String) -> Result<Vec<Arc<StreamPublicKey>>> {
    guard(|| core::StreamPublicKey::from_jwks(&text)).map(|v| {
        v.into_iter()
            .map(|inner| Arc::new(StreamPublicKey { inner }))
            .collect()
    })
}

/// `rule_type`: any | ip.src | ip.geoip.country; `action`: allow | block.
#[derive(uniffi::Record, Clone)]
pub struct AccessRule {
    pub rule_type: String,
    pub action: String,
    #[uniffi(default = [])]
    pub ip: Vec<String>,
    #[uniffi(default = [])]
    pub country: Vec<String>,
}

pub(crate) fn core_rule(r: &AccessRule) -> aura_core::Result<core::AccessRule> {
    let mut obj = serde_json::Map::new();
    obj.insert("type".into(), r.rule_type.clone().into());
    obj.insert("action".into(), r.action.clone().into());
    if !r.ip.is_empty() {
        obj.insert("ip".into(), r.ip.clone().into());
    }
    if !r.country.is_empty() {
        obj.insert("country".into(), r.country.clone().into());
    }
    core::AccessRule::from_json(&serde_json::Value::Object(obj))
}

#[derive(uniffi::Record, Default)]
pub struct StreamTokenOptions {
    /// Seconds; default 3600; above 86400 needs `allow_long_lifetime`.
    #[uniffi(default = None)]
    pub expires_in: Option<i64>,
    /// Absolute Unix time.
    #[uniffi(default = None)]
    pub not_before: Option<i64>,
    #[uniffi(default = None)]
    pub access_rules: Option<Vec<AccessRule>>,
    #[uniffi(default = None)]
    pub downloadable: Option<bool>,
    #[uniffi(default = false)]
    pub allow_long_lifetime: bool,
}

fn token_options(o: &StreamTokenOptions) -> aura_core::Result<core::StreamTokenOptions> {
    Ok(core::StreamTokenOptions {
        expires_in: o.expires_in,
        not_before: o.not_before,
        access_rules: o
            .access_rules
            .as_ref()
            .map(|rules| rules.iter().map(core_rule).collect())
            .transpose()?,
        downloadable: o.downloadable,
        allow_long_lifetime: o.allow_long_lifetime,
    })
}

#[derive(uniffi::Object)]
pub struct StreamSigner {
    inner: core::StreamSigner,
}

#[uniffi::export]
impl StreamSigner {
    /// `style`: cloudflare | jsonwebtoken | jsonwebtoken-claims-kid | go-jose.
    #[uniffi::constructor(default(key_id = None, style = "cloudflare"))]
    pub fn new(key: Arc<StreamKey>, key_id: Option<String>, style: String) -> Result<Arc<Self>> {
        guard(|| {
            core::StreamSigner::new(
                key.inner.clone(),
                key_id.as_deref(),
                core::StreamStyle::parse(&style)?,
            )
        })
        .map(|inner| Arc::new(StreamSigner { inner }))
    }

    pub fn key_id(&self) -> String {
        self.inner.key_id().to_string()
    }

    pub fn sign(&self, video_id: String, options: StreamTokenOptions, now: i64) -> Result<String> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.sign(&video_id, &token_options(&options)?, now))
    }

    /// One token per video, signed on every core.
    pub fn sign_many(
        &self,
        video_ids: Vec<String>,
        options: StreamTokenOptions,
        now: i64,
    ) -> Result<Vec<String>> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .sign_many(&video_ids, &token_options(&options)?, now)
        })
    }
}

#[derive(uniffi::Record)]
pub struct StreamVerifyOptions {
    #[uniffi(default = 0)]
    pub leeway: i64,
    /// playback | download.
    #[uniffi(default = "playback")]
    pub purpose: String,
    #[uniffi(default = None)]
    pub viewer_ip: Option<String>,
    #[uniffi(default = None)]
    pub viewer_country: Option<String>,
    #[uniffi(default = true)]
    pub require_exp: bool,
}

/// The verified claims as JSON text. `video_id = null` skips the `sub` check
/// (the idiomatic layers require it to be passed explicitly).
#[uniffi::export]
pub fn verify_stream_token(
    token: String,
    keys: Vec<Arc<StreamPublicKey>>,
    video_id: Option<String>,
    now: i64,
    options: StreamVerifyOptions,
) -> Result<String> {
    let now = crate::errors::now(now)?;
    guard(|| {
        let verifier = core::StreamVerifier::new(keys.iter().map(|k| k.inner.clone()).collect())?;
        let o = core::StreamVerifyOptions {
            video_id: video_id
                .as_deref()
                .map_or(core::VideoIdCheck::Any, core::VideoIdCheck::Exact),
            now,
            leeway: options.leeway,
            purpose: core::Purpose::parse(&options.purpose)?,
            viewer_ip: core::parse_viewer_ip(options.viewer_ip.as_deref())?,
            viewer_country: options.viewer_country.as_deref(),
            require_exp: options.require_exp,
        };
        verifier
            .verify(&token, &o)
            .map(|claims| serde_json::Value::Object(claims).to_string())
    })
}

#[derive(uniffi::Record)]
pub struct RuleDecision {
    /// allow | block.
    pub decision: String,
    pub matched_rule: Option<u32>,
}

#[uniffi::export]
pub fn evaluate_access_rules(
    rules: Vec<AccessRule>,
    viewer_ip: Option<String>,
    viewer_country: Option<String>,
) -> Result<RuleDecision> {
    guard(|| {
        let rules = rules
            .iter()
            .map(core_rule)
            .collect::<aura_core::Result<Vec<_>>>()?;
        let (d, i) = core::evaluate_access_rules(
            &rules,
            core::parse_viewer_ip(viewer_ip.as_deref())?,
            viewer_country.as_deref(),
        );
        Ok(RuleDecision {
            decision: if d == core::Decision::Allow {
                "allow"
            } else {
                "block"
            }
            .into(),
            matched_rule: i.map(|i| i as u32),
        })
    })
}

#[derive(uniffi::Object)]
pub struct StreamUrls {
    inner: core::StreamUrls,
}

#[uniffi::export]
impl StreamUrls {
    /// `customer_code = null`: the legacy videodelivery.net hosts.
    #[uniffi::constructor(default(customer_code = None))]
    pub fn new(customer_code: Option<String>) -> Result<Arc<Self>> {
        let host = core::StreamHost::from_customer_code(customer_code);
        guard(|| core::StreamUrls::new(host)).map(|inner| Arc::new(StreamUrls { inner }))
    }

    pub fn iframe(&self, token: String) -> String {
        self.inner.iframe(&token)
    }

    pub fn hls(&self, token: String) -> String {
        self.inner.hls(&token)
    }

    pub fn dash(&self, token: String) -> String {
        self.inner.dash(&token)
    }

    pub fn download_mp4(&self, token: String) -> String {
        self.inner.download_mp4(&token)
    }
}
