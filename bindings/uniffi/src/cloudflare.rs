//! Cloudflare Images and Stream (typed API). Access rules are records whose
//! members serialise as `type, action, ip|country` (the docs' order).

use aura_core::images::{self, ImagesSigner, ImagesVerifier};
use aura_core::stream as core;
use std::sync::Arc;

use crate::errors::{guard, Result};

/// How to treat what the docs Worker gets wrong.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImagesMode {
    /// The safe default: stale `exp`/`sig` removed, custom-domain URLs
    /// signed over the account path, flexible variants refused.
    Default,
    /// Byte for byte what the docs Worker produces, for every URL.
    Worker,
}

impl From<ImagesMode> for images::ImagesMode {
    fn from(m: ImagesMode) -> Self {
        match m {
            ImagesMode::Default => images::ImagesMode::Default,
            ImagesMode::Worker => images::ImagesMode::Worker,
        }
    }
}

/// A signed Images URL; `expires_in` seconds (default one day); `mode`
/// null is `Default`.
#[uniffi::export(default(expires_in = 86400, mode = None))]
pub fn sign_images_url(
    url: String,
    key: String,
    expires_in: i64,
    mode: Option<ImagesMode>,
    now: i64,
) -> Result<String> {
    let now = crate::errors::now(now)?;
    let mode = mode.unwrap_or(ImagesMode::Default).into();
    guard(|| {
        Ok(ImagesSigner::new(&key)?
            .sign(&url, expires_in, now, mode)?
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

/// `type` of an access rule.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessRuleType {
    /// `any`: every viewer.
    Any,
    /// `ip.src`: the viewer's address is in `ip` (addresses or CIDRs).
    IpSrc,
    /// `ip.geoip.country`: the viewer's country is in `country`.
    IpGeoipCountry,
}

/// `action` of an access rule, and the outcome of evaluating the rules.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessAction {
    Allow,
    Block,
}

impl AccessRuleType {
    fn core(self) -> core::RuleType {
        match self {
            AccessRuleType::Any => core::RuleType::Any,
            AccessRuleType::IpSrc => core::RuleType::IpSrc,
            AccessRuleType::IpGeoipCountry => core::RuleType::IpGeoipCountry,
        }
    }
}

impl From<core::RuleType> for AccessRuleType {
    fn from(t: core::RuleType) -> Self {
        match t {
            core::RuleType::Any => AccessRuleType::Any,
            core::RuleType::IpSrc => AccessRuleType::IpSrc,
            core::RuleType::IpGeoipCountry => AccessRuleType::IpGeoipCountry,
        }
    }
}

impl AccessAction {
    fn as_str(self) -> &'static str {
        match self {
            AccessAction::Allow => "allow",
            AccessAction::Block => "block",
        }
    }
}

impl From<core::RuleAction> for AccessAction {
    fn from(a: core::RuleAction) -> Self {
        match a {
            core::RuleAction::Allow => AccessAction::Allow,
            core::RuleAction::Block => AccessAction::Block,
        }
    }
}

/// One access rule; members serialise as `type, action, ip|country`.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct AccessRule {
    pub rule_type: AccessRuleType,
    pub action: AccessAction,
    #[uniffi(default = [])]
    pub ip: Vec<String>,
    #[uniffi(default = [])]
    pub country: Vec<String>,
}

pub(crate) fn core_rule(r: &AccessRule) -> aura_core::Result<core::AccessRule> {
    let mut obj = serde_json::Map::new();
    obj.insert("type".into(), r.rule_type.core().as_str().into());
    obj.insert("action".into(), r.action.as_str().into());
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

/// Whose bytes a Stream token has (JSON member order is the token).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamStyle {
    /// The docs Worker: header `{alg,kid}`; the default.
    Cloudflare,
    /// npm jsonwebtoken with `keyid`: header `{alg,typ,kid}`.
    Jsonwebtoken,
    /// Seed 003's Node snippet: header `{alg,typ}`, `kid` in the claims.
    JsonwebtokenClaimsKid,
    /// Seed 003's go-jose v2 program: sorted members, Go's escaping.
    GoJose,
}

impl From<StreamStyle> for core::StreamStyle {
    fn from(s: StreamStyle) -> Self {
        match s {
            StreamStyle::Cloudflare => core::StreamStyle::Cloudflare,
            StreamStyle::Jsonwebtoken => core::StreamStyle::Jsonwebtoken,
            StreamStyle::JsonwebtokenClaimsKid => core::StreamStyle::JsonwebtokenClaimsKid,
            StreamStyle::GoJose => core::StreamStyle::GoJose,
        }
    }
}

#[derive(uniffi::Object)]
pub struct StreamSigner {
    inner: core::StreamSigner,
}

#[uniffi::export]
impl StreamSigner {
    /// `key_id` null: the key's own id; `style` null: `Cloudflare`.
    #[uniffi::constructor(default(key_id = None, style = None))]
    pub fn new(
        key: Arc<StreamKey>,
        key_id: Option<String>,
        style: Option<StreamStyle>,
    ) -> Result<Arc<Self>> {
        let style = style.unwrap_or(StreamStyle::Cloudflare).into();
        guard(|| core::StreamSigner::new(key.inner.clone(), key_id.as_deref(), style))
            .map(|inner| Arc::new(StreamSigner { inner }))
    }

    pub fn key_id(&self) -> String {
        self.inner.key_id().to_string()
    }

    #[uniffi::method(default(options))]
    pub fn sign(&self, video_id: String, options: StreamTokenOptions, now: i64) -> Result<String> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.sign(&video_id, &token_options(&options)?, now))
    }

    /// One token per video, signed on every core.
    #[uniffi::method(default(options))]
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

/// What the viewer asks for: `download` needs `downloadable: true`.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamPurpose {
    Playback,
    Download,
}

#[derive(uniffi::Record)]
pub struct StreamVerifyOptions {
    /// Seconds of clock skew allowed (0–300).
    #[uniffi(default = 0)]
    pub leeway: i64,
    /// null: `Playback`.
    #[uniffi(default = None)]
    pub purpose: Option<StreamPurpose>,
    #[uniffi(default = None)]
    pub viewer_ip: Option<String>,
    #[uniffi(default = None)]
    pub viewer_country: Option<String>,
    #[uniffi(default = true)]
    pub require_exp: bool,
}

/// A verified Stream token's claims.
#[derive(uniffi::Record, Debug, Clone, PartialEq)]
pub struct StreamClaims {
    /// `sub`: the video UID.
    pub sub: Option<String>,
    /// `kid` of the claims (the header may carry it instead).
    pub kid: Option<String>,
    /// `exp`: Unix seconds.
    pub exp: Option<f64>,
    /// `nbf`: Unix seconds.
    pub nbf: Option<f64>,
    pub downloadable: Option<bool>,
    /// `accessRules`, in the token's order.
    pub access_rules: Vec<AccessRule>,
    /// Every claim as JSON text, member order kept.
    pub claims_json: String,
}

fn stream_claims(
    claims: serde_json::Map<String, serde_json::Value>,
) -> aura_core::Result<StreamClaims> {
    let c = core::VerifiedStreamClaims::from_claims(claims)?;
    Ok(StreamClaims {
        access_rules: c
            .access_rules
            .iter()
            .map(|r| AccessRule {
                rule_type: r.rule_type.into(),
                action: r.action.into(),
                ip: r.ip.clone(),
                country: r.country.clone(),
            })
            .collect(),
        sub: c.sub,
        kid: c.kid,
        exp: c.exp,
        nbf: c.nbf,
        downloadable: c.downloadable,
        claims_json: serde_json::Value::Object(c.claims).to_string(),
    })
}

/// Verifies a Stream token. `video_id` is the expected `sub`; null skips
/// that check on purpose.
#[uniffi::export(default(options))]
pub fn verify_stream_token(
    token: String,
    keys: Vec<Arc<StreamPublicKey>>,
    video_id: Option<String>,
    options: StreamVerifyOptions,
    now: i64,
) -> Result<StreamClaims> {
    let now = crate::errors::now(now)?;
    guard(|| {
        let verifier = core::StreamVerifier::new(keys.iter().map(|k| k.inner.clone()).collect())?;
        let o = core::StreamVerifyOptions {
            video_id: video_id
                .as_deref()
                .map_or(core::VideoIdCheck::Any, core::VideoIdCheck::Exact),
            now,
            leeway: options.leeway,
            purpose: match options.purpose {
                None | Some(StreamPurpose::Playback) => core::Purpose::Playback,
                Some(StreamPurpose::Download) => core::Purpose::Download,
            },
            viewer_ip: core::parse_viewer_ip(options.viewer_ip.as_deref())?,
            viewer_country: options.viewer_country.as_deref(),
            require_exp: options.require_exp,
        };
        stream_claims(verifier.verify(&token, &o)?)
    })
}

#[derive(uniffi::Record)]
pub struct RuleDecision {
    pub decision: AccessAction,
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
            decision: match d {
                core::Decision::Allow => AccessAction::Allow,
                core::Decision::Block => AccessAction::Block,
            },
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
