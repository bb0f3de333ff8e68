//! Mux signed playback, DRM-license and viewer-count tokens for Node: a
//! signer holding the parsed key and its id, public keys, a verifier.

use aura_core::mux as core;
use napi::Either;
use serde_json::{Map, Value};

use crate::args;
use crate::errors::{guard, invalid, Result};

#[napi(object)]
pub struct MuxTokenOptions {
    /// Seconds (a JS number, used as is) or a time span (`"7d"`, `"2 hours"`).
    pub expiration: Option<Either<f64, String>>,
    /// Extra claims, in this order.
    pub params: Option<Value>,
}

fn object(what: &str, v: Option<Value>) -> Result<Map<String, Value>> {
    match v {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(invalid(format!("{what} must be an object"))),
    }
}

fn token_options(o: Option<MuxTokenOptions>) -> Result<core::MuxTokenOptions> {
    let Some(o) = o else {
        return Ok(core::MuxTokenOptions::default());
    };
    Ok(core::MuxTokenOptions {
        expiration: o.expiration.map(|e| match e {
            Either::A(n) => core::Expiration::Seconds(n),
            Either::B(s) => core::Expiration::Span(s),
        }),
        params: object("params", o.params)?,
    })
}

fn playback_type(t: Option<&str>, default: core::PlaybackType) -> Result<core::PlaybackType> {
    t.map_or(Ok(default), |t| guard(|| core::PlaybackType::parse(t)))
}

/// Multi-type entries: a type name or a `[type, params]` pair.
fn multi_types(list: &[Value]) -> Result<Vec<core::MultiType>> {
    list.iter()
        .map(|e| match e {
            Value::String(t) => Ok((playback_type(Some(t), core::PlaybackType::Video)?, None)),
            Value::Array(pair) if pair.len() == 2 => {
                let t = pair[0]
                    .as_str()
                    .ok_or_else(|| invalid("a [type, params] entry needs a type name"))?;
                let params = object(
                    "the params of a [type, params] entry",
                    Some(pair[1].clone()),
                )?;
                Ok((
                    playback_type(Some(t), core::PlaybackType::Video)?,
                    Some(params),
                ))
            }
            _ => Err(invalid("each type is a name or a [type, params] pair")),
        })
        .collect()
}

#[napi(js_name = "NativeMuxSigner")]
pub struct MuxSigner {
    inner: core::MuxSigner,
}

#[napi]
impl MuxSigner {
    /// `key_id`: the signing key's id (the `kid`); `key`: the dashboard's
    /// base64 string or PKCS#1 / PKCS#8 PEM, parsed once.
    #[napi(constructor)]
    pub fn new(key_id: String, key: String) -> Result<Self> {
        guard(|| core::MuxSigner::from_key_text(&key_id, &key)).map(|inner| MuxSigner { inner })
    }

    #[napi(getter)]
    pub fn key_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_id().to_string()))
    }

    #[napi]
    pub fn public_key(&self) -> Result<MuxPublicKey> {
        guard(|| self.inner.key().public_key(self.inner.key_id()))
            .map(|inner| MuxPublicKey { inner })
    }

    #[napi]
    pub fn sign_playback_id(
        &self,
        playback_id: String,
        token_type: Option<String>,
        now: f64,
        options: Option<MuxTokenOptions>,
    ) -> Result<String> {
        let t = playback_type(token_type.as_deref(), core::PlaybackType::Video)?;
        let now = args::now(now)?;
        let o = token_options(options)?;
        guard(|| self.inner.sign_playback_id(&playback_id, t, &o, now))
    }

    /// One token per entry, as `{ "playback-token": …, "thumbnail-token": … }`
    /// in first-appearance order.
    #[napi]
    pub fn sign_playback_ids(
        &self,
        playback_id: String,
        types: Vec<Value>,
        now: f64,
        options: Option<MuxTokenOptions>,
    ) -> Result<Value> {
        let types = multi_types(&types)?;
        let now = args::now(now)?;
        let o = token_options(options)?;
        let tokens = guard(|| self.inner.sign_playback_ids(&playback_id, &types, &o, now))?;
        Ok(Value::Object(
            tokens
                .0
                .into_iter()
                .map(|(n, t)| (n.to_string(), Value::String(t)))
                .collect(),
        ))
    }

    /// `type` other than `drm_license` signs that type (as mux-node).
    #[napi]
    pub fn sign_drm_license(
        &self,
        playback_id: String,
        token_type: Option<String>,
        now: f64,
        options: Option<MuxTokenOptions>,
    ) -> Result<String> {
        let t = playback_type(token_type.as_deref(), core::PlaybackType::DrmLicense)?;
        let now = args::now(now)?;
        let o = token_options(options)?;
        guard(|| match t {
            core::PlaybackType::DrmLicense => self.inner.sign_drm_license(&playback_id, &o, now),
            t => self.inner.sign_playback_id(&playback_id, t, &o, now),
        })
    }

    #[napi]
    pub fn sign_viewer_counts(
        &self,
        id: String,
        token_type: Option<String>,
        now: f64,
        options: Option<MuxTokenOptions>,
    ) -> Result<String> {
        let t = guard(|| core::ViewerCountType::parse(token_type.as_deref().unwrap_or("video")))?;
        let now = args::now(now)?;
        let o = token_options(options)?;
        guard(|| self.inner.sign_viewer_counts(&id, t, &o, now))
    }
}

/// Checks a `type` as mux-node does before it reads the key.
#[napi(js_name = "_muxCheckType")]
pub fn mux_check_type(kind: String, token_type: Value) -> Result<()> {
    match (kind.as_str(), token_type) {
        (_, Value::Null) => Ok(()),
        ("viewer_counts", Value::String(t)) => guard(|| core::ViewerCountType::parse(&t)).map(drop),
        (_, Value::String(t)) => playback_type(Some(&t), core::PlaybackType::Video).map(drop),
        (_, Value::Array(list)) => multi_types(&list).map(drop),
        _ => Err(invalid("type must be a name or a list")),
    }
}

#[napi]
pub struct MuxPublicKey {
    pub(crate) inner: core::MuxPublicKey,
}

#[napi]
impl MuxPublicKey {
    /// SPKI / PKCS#1 public PEM, their base64, or a private key's public half.
    #[napi(factory)]
    pub fn from_any(text: String, key_id: String) -> Result<Self> {
        guard(|| core::MuxPublicKey::from_any(&text, &key_id)).map(|inner| MuxPublicKey { inner })
    }

    #[napi(getter)]
    pub fn key_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_id().to_string()))
    }

    #[napi(getter)]
    pub fn modulus_sha256(&self) -> Result<String> {
        guard(|| Ok(self.inner.modulus_sha256().to_string()))
    }
}

#[napi(js_name = "NativeMuxVerifier")]
pub struct MuxVerifier {
    inner: core::MuxVerifier,
}

#[napi]
impl MuxVerifier {
    #[napi(constructor)]
    pub fn new(keys: Vec<&MuxPublicKey>) -> Result<Self> {
        guard(|| core::MuxVerifier::new(keys.iter().map(|k| k.inner.clone()).collect()))
            .map(|inner| MuxVerifier { inner })
    }

    /// `audience`: `playback` (types video… drm_license) or `viewer_counts`.
    #[napi]
    pub fn verify(
        &self,
        token: String,
        audience: String,
        token_type: Option<String>,
        id: String,
        now: f64,
        leeway: Option<f64>,
    ) -> Result<Value> {
        let now = args::now(now)?;
        let leeway = args::opt_seconds("leeway", leeway)?.unwrap_or(0);
        guard(|| {
            let audience = match audience.as_str() {
                "playback" => core::MuxAudience::Playback(core::PlaybackType::parse(
                    token_type.as_deref().unwrap_or("video"),
                )?),
                "viewer_counts" => core::MuxAudience::ViewerCounts(core::ViewerCountType::parse(
                    token_type.as_deref().unwrap_or("video"),
                )?),
                other => {
                    return Err(aura_core::AuraError::InvalidInput(format!(
                        "audience must be playback or viewer_counts, got {other:?}"
                    )))
                }
            };
            let mut o = core::MuxVerifyOptions::new(audience, &id, now);
            o.leeway = leeway;
            self.inner.verify(&token, &o).map(Value::Object)
        })
    }
}
