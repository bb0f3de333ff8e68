//! Mux signed playback, DRM-license and viewer-count tokens (RS256, as
//! `@mux/mux-node` 15.3.0) and a verifier. Keys are parsed once into
//! objects; extra claims (`params`) cross as JSON object text, member order
//! kept (it is signed).

use aura_core::mux as core;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;

use crate::errors::{guard, Result};
use crate::jwt_keys::JwtClaims;

/// `type` of `signPlaybackId`: its `aud` and token name.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuxPlaybackType {
    Video,
    Thumbnail,
    Gif,
    Storyboard,
    Stats,
    DrmLicense,
}

impl From<MuxPlaybackType> for core::PlaybackType {
    fn from(t: MuxPlaybackType) -> Self {
        match t {
            MuxPlaybackType::Video => core::PlaybackType::Video,
            MuxPlaybackType::Thumbnail => core::PlaybackType::Thumbnail,
            MuxPlaybackType::Gif => core::PlaybackType::Gif,
            MuxPlaybackType::Storyboard => core::PlaybackType::Storyboard,
            MuxPlaybackType::Stats => core::PlaybackType::Stats,
            MuxPlaybackType::DrmLicense => core::PlaybackType::DrmLicense,
        }
    }
}

impl From<core::PlaybackType> for MuxPlaybackType {
    fn from(t: core::PlaybackType) -> Self {
        match t {
            core::PlaybackType::Video => MuxPlaybackType::Video,
            core::PlaybackType::Thumbnail => MuxPlaybackType::Thumbnail,
            core::PlaybackType::Gif => MuxPlaybackType::Gif,
            core::PlaybackType::Storyboard => MuxPlaybackType::Storyboard,
            core::PlaybackType::Stats => MuxPlaybackType::Stats,
            core::PlaybackType::DrmLicense => MuxPlaybackType::DrmLicense,
        }
    }
}

/// mux-node's type name (`video`, `thumbnail`, `gif`, `storyboard`,
/// `stats`, `drm_license`); anything else is `invalid_input`.
#[uniffi::export]
pub fn parse_mux_playback_type(text: String) -> Result<MuxPlaybackType> {
    guard(|| core::PlaybackType::parse(&text).map(Into::into))
}

/// The name of a type's token (`playback-token`, `thumbnail-token`…).
#[uniffi::export]
pub fn mux_token_name(token_type: MuxPlaybackType) -> String {
    core::PlaybackType::from(token_type)
        .token_name()
        .to_string()
}

/// `type` of `signViewerCounts`.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuxViewerCountType {
    Video,
    Asset,
    Playback,
    LiveStream,
}

impl From<MuxViewerCountType> for core::ViewerCountType {
    fn from(t: MuxViewerCountType) -> Self {
        match t {
            MuxViewerCountType::Video => core::ViewerCountType::Video,
            MuxViewerCountType::Asset => core::ViewerCountType::Asset,
            MuxViewerCountType::Playback => core::ViewerCountType::Playback,
            MuxViewerCountType::LiveStream => core::ViewerCountType::LiveStream,
        }
    }
}

impl From<core::ViewerCountType> for MuxViewerCountType {
    fn from(t: core::ViewerCountType) -> Self {
        match t {
            core::ViewerCountType::Video => MuxViewerCountType::Video,
            core::ViewerCountType::Asset => MuxViewerCountType::Asset,
            core::ViewerCountType::Playback => MuxViewerCountType::Playback,
            core::ViewerCountType::LiveStream => MuxViewerCountType::LiveStream,
        }
    }
}

/// mux-node's viewer-count type name (`video`, `asset`, `playback`,
/// `live_stream`).
#[uniffi::export]
pub fn parse_mux_viewer_count_type(text: String) -> Result<MuxViewerCountType> {
    guard(|| core::ViewerCountType::parse(&text).map(Into::into))
}

/// What a token is for (its `aud`).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuxAudience {
    Playback { token_type: MuxPlaybackType },
    ViewerCounts { token_type: MuxViewerCountType },
}

impl From<MuxAudience> for core::MuxAudience {
    fn from(a: MuxAudience) -> Self {
        match a {
            MuxAudience::Playback { token_type } => core::MuxAudience::Playback(token_type.into()),
            MuxAudience::ViewerCounts { token_type } => {
                core::MuxAudience::ViewerCounts(token_type.into())
            }
        }
    }
}

/// A token lifetime: seconds (a JS number, used as is) or a time span
/// (`"7d"`, `"2 hours"`, `"90s"`, `"3600"`).
#[derive(uniffi::Enum, Clone, Debug, PartialEq)]
pub enum MuxExpiration {
    Seconds { value: f64 },
    Span { text: String },
}

/// `config.expiration` (default `"7d"`) and `config.params`: extra claims
/// as JSON object text (`{"time": 10}`), written in this order before `kid`.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq)]
pub struct MuxTokenOptions {
    #[uniffi(default = None)]
    pub expiration: Option<MuxExpiration>,
    #[uniffi(default = None)]
    pub params: Option<String>,
}

fn json_object(text: &str) -> aura_core::Result<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(aura_core::AuraError::InvalidInput(
            "params must be the text of a JSON object".into(),
        )),
    }
}

fn core_options(o: &MuxTokenOptions) -> aura_core::Result<core::MuxTokenOptions> {
    Ok(core::MuxTokenOptions {
        expiration: o.expiration.as_ref().map(|e| match e {
            MuxExpiration::Seconds { value } => core::Expiration::Seconds(*value),
            MuxExpiration::Span { text } => core::Expiration::Span(text.clone()),
        }),
        params: o
            .params
            .as_deref()
            .map(json_object)
            .transpose()?
            .unwrap_or_default(),
    })
}

/// One entry of a multi-type request; its own params (JSON object text)
/// are merged over the call's.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MuxMultiType {
    pub token_type: MuxPlaybackType,
    #[uniffi(default = None)]
    pub params: Option<String>,
}

/// A token of a multi-type request, under its name (`playback-token`…).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MuxNamedToken {
    pub name: String,
    pub token: String,
}

/// A Mux signing key (the dashboard's base64 string, or PKCS#1 / PKCS#8
/// PEM), parsed once.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MuxSigningKey {
    inner: core::MuxSigningKey,
}

#[uniffi::export]
impl MuxSigningKey {
    #[uniffi::constructor]
    pub fn from_any(text: String) -> Result<Arc<Self>> {
        guard(|| core::MuxSigningKey::from_any(&text))
            .map(|inner| Arc::new(MuxSigningKey { inner }))
    }

    /// The public half, under the signing-key id.
    pub fn public_key(&self, key_id: String) -> Result<Arc<MuxPublicKey>> {
        guard(|| self.inner.public_key(&key_id)).map(|inner| Arc::new(MuxPublicKey { inner }))
    }

    /// Hex SHA-256 of the modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> String {
        self.inner.modulus_sha256().to_string()
    }
}

impl fmt::Display for MuxSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for MuxSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A trusted Mux public key under its signing-key id.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MuxPublicKey {
    inner: core::MuxPublicKey,
}

#[uniffi::export]
impl MuxPublicKey {
    /// SPKI or PKCS#1 public PEM, their base64, or a private form (its
    /// public half).
    #[uniffi::constructor]
    pub fn from_any(text: String, key_id: String) -> Result<Arc<Self>> {
        guard(|| core::MuxPublicKey::from_any(&text, &key_id))
            .map(|inner| Arc::new(MuxPublicKey { inner }))
    }

    pub fn key_id(&self) -> String {
        self.inner.key_id().to_string()
    }

    pub fn modulus_sha256(&self) -> String {
        self.inner.modulus_sha256().to_string()
    }
}

impl fmt::Display for MuxPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for MuxPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A signing key and its id (the `kid` claim).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MuxSigner {
    inner: core::MuxSigner,
}

#[uniffi::export]
impl MuxSigner {
    #[uniffi::constructor]
    pub fn new(key_id: String, key: Arc<MuxSigningKey>) -> Result<Arc<Self>> {
        guard(|| core::MuxSigner::new(&key_id, key.inner.clone()))
            .map(|inner| Arc::new(MuxSigner { inner }))
    }

    /// Parses `key_text` (base64 or PEM) once.
    #[uniffi::constructor]
    pub fn from_key_text(key_id: String, key_text: String) -> Result<Arc<Self>> {
        guard(|| core::MuxSigner::from_key_text(&key_id, &key_text))
            .map(|inner| Arc::new(MuxSigner { inner }))
    }

    pub fn key_id(&self) -> String {
        self.inner.key_id().to_string()
    }

    /// `signPlaybackId(playbackId, {type, expiration, params})`.
    pub fn sign_playback_id(
        &self,
        playback_id: String,
        token_type: MuxPlaybackType,
        options: MuxTokenOptions,
        now: i64,
    ) -> Result<String> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner.sign_playback_id(
                &playback_id,
                token_type.into(),
                &core_options(&options)?,
                now,
            )
        })
    }

    /// `signDrmLicense(playbackId, …)` (`aud: "d"`).
    pub fn sign_drm_license(
        &self,
        playback_id: String,
        options: MuxTokenOptions,
        now: i64,
    ) -> Result<String> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .sign_drm_license(&playback_id, &core_options(&options)?, now)
        })
    }

    /// `signViewerCounts(id, {type, …})`.
    pub fn sign_viewer_counts(
        &self,
        id: String,
        token_type: MuxViewerCountType,
        options: MuxTokenOptions,
        now: i64,
    ) -> Result<String> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .sign_viewer_counts(&id, token_type.into(), &core_options(&options)?, now)
        })
    }

    /// `signPlaybackId(playbackId, {type: [...]})`: one token per type, in
    /// first-appearance order (a repeated type replaces the earlier token).
    pub fn sign_playback_ids(
        &self,
        playback_id: String,
        types: Vec<MuxMultiType>,
        options: MuxTokenOptions,
        now: i64,
    ) -> Result<Vec<MuxNamedToken>> {
        let now = crate::errors::now(now)?;
        guard(|| {
            let types = types
                .iter()
                .map(|t| {
                    Ok((
                        t.token_type.into(),
                        t.params.as_deref().map(json_object).transpose()?,
                    ))
                })
                .collect::<aura_core::Result<Vec<core::MultiType>>>()?;
            let tokens = self.inner.sign_playback_ids(
                &playback_id,
                &types,
                &core_options(&options)?,
                now,
            )?;
            Ok(tokens
                .0
                .into_iter()
                .map(|(name, token)| MuxNamedToken {
                    name: name.to_string(),
                    token,
                })
                .collect())
        })
    }
}

impl fmt::Display for MuxSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for MuxSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Trusted Mux public keys, each under its signing-key id.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MuxVerifier {
    inner: core::MuxVerifier,
}

#[uniffi::export]
impl MuxVerifier {
    #[uniffi::constructor]
    pub fn new(keys: Vec<Arc<MuxPublicKey>>) -> Result<Arc<Self>> {
        guard(|| core::MuxVerifier::new(keys.iter().map(|k| k.inner.clone()).collect()))
            .map(|inner| Arc::new(MuxVerifier { inner }))
    }

    /// The verified claims. `id` is the expected `sub`; `leeway` 0–300
    /// seconds. A valid token of another type is `wrong_image`.
    #[uniffi::method(default(leeway = 0))]
    pub fn verify(
        &self,
        token: String,
        audience: MuxAudience,
        id: String,
        leeway: i64,
        now: i64,
    ) -> Result<JwtClaims> {
        let now = crate::errors::now(now)?;
        guard(|| {
            let o = core::MuxVerifyOptions {
                audience: audience.into(),
                id: &id,
                now,
                leeway,
            };
            self.inner.verify(&token, &o).map(JwtClaims::from_claims)
        })
    }
}

impl fmt::Display for MuxVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for MuxVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
