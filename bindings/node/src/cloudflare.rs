//! Cloudflare Images and Stream for Node.

use aura_core::images::{ImagesMode, ImagesSigner, ImagesVerifier};
use aura_core::stream as core;
use serde_json::Value;
use std::net::IpAddr;

use crate::args;
use crate::errors::{guard, Result};

#[napi(object)]
pub struct SignedImageUrl {
    pub url: String,
    pub string_to_sign: String,
}

#[napi]
pub fn sign_images_url(
    url: String,
    key: String,
    expires_in: f64,
    now: f64,
    mode: Option<String>,
) -> Result<SignedImageUrl> {
    let expires_in = args::seconds("expiresIn", expires_in)?;
    let now = args::now(now)?;
    guard(|| {
        let mode = ImagesMode::parse(mode.as_deref().unwrap_or("default"))?;
        let s = ImagesSigner::new(&key)?.sign(&url, expires_in, now, mode)?;
        Ok(SignedImageUrl {
            url: s.url,
            string_to_sign: s.string_to_sign,
        })
    })
}

#[napi]
pub fn verify_images_url(url: String, keys: Vec<String>, now: f64) -> Result<i64> {
    let now = args::now(now)?;
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    guard(|| ImagesVerifier::new(&refs)?.verify(&url, now))
}

#[napi]
pub struct StreamKey {
    pub(crate) inner: core::StreamKey,
}

#[napi]
impl StreamKey {
    #[napi(factory)]
    pub fn from_any(text: String, key_id: Option<String>) -> Result<Self> {
        guard(|| core::StreamKey::from_any(&text, key_id.as_deref()))
            .map(|inner| StreamKey { inner })
    }

    #[napi(getter)]
    pub fn key_id(&self) -> Result<Option<String>> {
        guard(|| Ok(self.inner.key_id().map(String::from)))
    }

    #[napi(getter)]
    pub fn modulus_sha256(&self) -> Result<String> {
        guard(|| Ok(self.inner.modulus_sha256().to_string()))
    }

    #[napi]
    pub fn public_key(&self) -> Result<StreamPublicKey> {
        guard(|| {
            Ok(StreamPublicKey {
                inner: self.inner.public_key(),
            })
        })
    }
}

#[napi]
pub struct StreamPublicKey {
    pub(crate) inner: core::StreamPublicKey,
}

#[napi]
impl StreamPublicKey {
    #[napi(factory)]
    pub fn from_any(text: String, key_id: Option<String>) -> Result<Self> {
        guard(|| core::StreamPublicKey::from_any(&text, key_id.as_deref()))
            .map(|inner| StreamPublicKey { inner })
    }

    #[napi]
    pub fn from_jwks(text: String) -> Result<Vec<StreamPublicKey>> {
        guard(|| core::StreamPublicKey::from_jwks(&text)).map(|v| {
            v.into_iter()
                .map(|inner| StreamPublicKey { inner })
                .collect()
        })
    }

    #[napi(getter)]
    pub fn key_id(&self) -> Result<Option<String>> {
        guard(|| Ok(self.inner.key_id().map(String::from)))
    }

    #[napi(getter)]
    pub fn modulus_sha256(&self) -> Result<String> {
        guard(|| Ok(self.inner.modulus_sha256().to_string()))
    }
}

#[napi(object)]
pub struct StreamTokenOptions {
    pub expires_in: Option<f64>,
    pub not_before: Option<f64>,
    pub access_rules: Option<Value>,
    pub downloadable: Option<bool>,
    pub allow_long_lifetime: Option<bool>,
}

fn token_options(o: Option<StreamTokenOptions>) -> Result<core::StreamTokenOptions> {
    let o = match o {
        Some(o) => o,
        None => return Ok(core::StreamTokenOptions::default()),
    };
    Ok(core::StreamTokenOptions {
        expires_in: args::opt_seconds("expiresIn", o.expires_in)?,
        not_before: args::opt_seconds("notBefore", o.not_before)?,
        access_rules: guard(|| {
            o.access_rules
                .as_ref()
                .map(core::AccessRule::list_from_json)
                .transpose()
        })?,
        downloadable: o.downloadable,
        allow_long_lifetime: o.allow_long_lifetime.unwrap_or(false),
    })
}

#[napi(js_name = "NativeStreamSigner")]
pub struct StreamSigner {
    inner: core::StreamSigner,
}

#[napi]
impl StreamSigner {
    #[napi(constructor)]
    pub fn new(key: &StreamKey, key_id: Option<String>, style: Option<String>) -> Result<Self> {
        guard(|| {
            let style = core::StreamStyle::parse(style.as_deref().unwrap_or("cloudflare"))?;
            core::StreamSigner::new(key.inner.clone(), key_id.as_deref(), style)
        })
        .map(|inner| StreamSigner { inner })
    }

    #[napi(getter)]
    pub fn key_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_id().to_string()))
    }

    #[napi]
    pub fn sign(
        &self,
        video_id: String,
        now: f64,
        options: Option<StreamTokenOptions>,
    ) -> Result<String> {
        let now = args::now(now)?;
        let options = token_options(options)?;
        guard(|| self.inner.sign(&video_id, &options, now))
    }

    #[napi]
    pub fn sign_many(
        &self,
        video_ids: Vec<String>,
        now: f64,
        options: Option<StreamTokenOptions>,
    ) -> Result<Vec<String>> {
        let now = args::now(now)?;
        let options = token_options(options)?;
        guard(|| self.inner.sign_many(&video_ids, &options, now))
    }
}

#[napi(object)]
pub struct VerifyOptions {
    pub leeway: Option<f64>,
    pub purpose: Option<String>,
    pub viewer_ip: Option<String>,
    pub viewer_country: Option<String>,
    pub require_exp: Option<bool>,
}

fn ip(text: Option<&str>) -> Result<Option<IpAddr>> {
    guard(|| core::parse_viewer_ip(text))
}

/// `videoId: null` skips the `sub` check (the JS layer requires it explicitly).
#[napi]
pub fn verify_stream_token(
    token: String,
    keys: Vec<&StreamPublicKey>,
    video_id: Option<String>,
    now: f64,
    options: Option<VerifyOptions>,
) -> Result<Value> {
    let now = args::now(now)?;
    let o = options.unwrap_or(VerifyOptions {
        leeway: None,
        purpose: None,
        viewer_ip: None,
        viewer_country: None,
        require_exp: None,
    });
    let viewer_ip = ip(o.viewer_ip.as_deref())?;
    let leeway = args::opt_seconds("leeway", o.leeway)?.unwrap_or(0);
    guard(|| {
        let verifier = core::StreamVerifier::new(keys.iter().map(|k| k.inner.clone()).collect())?;
        let options = core::StreamVerifyOptions {
            video_id: video_id
                .as_deref()
                .map_or(core::VideoIdCheck::Any, core::VideoIdCheck::Exact),
            now,
            leeway,
            purpose: core::Purpose::parse(o.purpose.as_deref().unwrap_or("playback"))?,
            viewer_ip,
            viewer_country: o.viewer_country.as_deref(),
            require_exp: o.require_exp.unwrap_or(true),
        };
        verifier.verify(&token, &options).map(Value::Object)
    })
}

#[napi(object)]
pub struct RuleDecision {
    pub decision: String,
    pub matched_rule: Option<u32>,
}

#[napi]
pub fn evaluate_access_rules(
    rules: Value,
    viewer_ip: Option<String>,
    viewer_country: Option<String>,
) -> Result<RuleDecision> {
    let viewer_ip = ip(viewer_ip.as_deref())?;
    guard(|| {
        let rules = core::AccessRule::list_from_json(&rules)?;
        let (d, i) = core::evaluate_access_rules(&rules, viewer_ip, viewer_country.as_deref());
        let decision = if d == core::Decision::Allow {
            "allow"
        } else {
            "block"
        };
        Ok(RuleDecision {
            decision: decision.into(),
            matched_rule: i.map(|i| i as u32),
        })
    })
}

#[napi]
pub struct StreamUrls {
    inner: core::StreamUrls,
}

#[napi]
impl StreamUrls {
    /// No customer code: the legacy videodelivery.net hosts.
    #[napi(constructor)]
    pub fn new(customer_code: Option<String>) -> Result<Self> {
        guard(|| core::StreamUrls::new(core::StreamHost::from_customer_code(customer_code)))
            .map(|inner| StreamUrls { inner })
    }

    #[napi]
    pub fn iframe(&self, token: String) -> Result<String> {
        guard(|| Ok(self.inner.iframe(&token)))
    }

    #[napi]
    pub fn hls(&self, token: String) -> Result<String> {
        guard(|| Ok(self.inner.hls(&token)))
    }

    #[napi]
    pub fn dash(&self, token: String) -> Result<String> {
        guard(|| Ok(self.inner.dash(&token)))
    }

    #[napi]
    pub fn thumbnail(
        &self,
        token: String,
        format: Option<String>,
        time: Option<String>,
        height: Option<f64>,
    ) -> Result<String> {
        let height = height.map(|h| args::whole_u32("height", h)).transpose()?;
        let f = guard(|| core::ThumbnailFormat::parse(format.as_deref().unwrap_or("jpg")))?;
        Ok(self.inner.thumbnail(&token, f, time.as_deref(), height))
    }

    #[napi]
    pub fn download_mp4(&self, token: String) -> Result<String> {
        guard(|| Ok(self.inner.download_mp4(&token)))
    }

    #[napi]
    pub fn download_audio(&self, token: String) -> Result<String> {
        guard(|| Ok(self.inner.download_audio(&token)))
    }
}
