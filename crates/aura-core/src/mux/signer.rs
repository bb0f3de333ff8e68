//! Signing Mux tokens with a held key: `signPlaybackId` (one type or
//! several), `signDrmLicense`, `signViewerCounts`, byte-identical to
//! mux-node 15.3.0 (RS256 is deterministic).

use serde_json::{Map, Value};
use std::fmt;

use super::claims::{claims_json, Claim, HEADER_JSON};
use super::expiration::{parse_timespan, Expiration};
use super::key::MuxSigningKey;
use super::types::{PlaybackType, ViewerCountType};
use crate::encoding::push_b64url;
use crate::error::{invalid, Result};

/// `config.expiration` and `config.params` of one call.
#[derive(Clone, Debug, Default)]
pub struct MuxTokenOptions {
    /// Default `"7d"`.
    pub expiration: Option<Expiration>,
    /// Extra claims (`time`, `width`, `playback_restriction_id`,
    /// `license_expiration`…), in this order, before `kid`. Values are
    /// written as given (strings, numbers, objects). A param named `kid`,
    /// `sub`, `aud` or `exp` keeps its position but gets the SDK's value.
    pub params: Map<String, Value>,
}

impl MuxTokenOptions {
    /// No expiration (the default `"7d"`) and no params.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the token lifetime: seconds (`3600`) or a time span (`"2 hours"`).
    pub fn expiration(mut self, e: impl Into<Expiration>) -> Self {
        self.expiration = Some(e.into());
        self
    }

    /// Adds (or replaces, keeping its position) the extra claim `name`.
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.params.insert(name.to_string(), value.into());
        self
    }
}

/// One entry of a multi-type request: the type, and params of its own
/// (mux-node's `[type, params]` tuple) merged over the call's params.
pub type MultiType = (PlaybackType, Option<Map<String, Value>>);

/// The result of a multi-type `signPlaybackId`: `(token name, token)` in
/// first-appearance order (`playback-token`, `thumbnail-token`…).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MuxTokens(pub Vec<(&'static str, String)>);

impl MuxTokens {
    /// The token named `name` (`playback-token`, `thumbnail-token`…), if signed.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_str())
    }

    /// The token names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|(n, _)| *n).collect()
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A Mux token signer: the parsed key and its signing-key id.
#[derive(Clone)]
pub struct MuxSigner {
    key: MuxSigningKey,
    kid: String,
}

fn check_key_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 256 || id.chars().any(char::is_control) {
        return Err(invalid(
            "a signing key id (1–256 printable characters) is required",
        ));
    }
    Ok(())
}

impl MuxSigner {
    /// `key_id` is the signing key's id (mux-node's `keyId` /
    /// `MUX_SIGNING_KEY`); it becomes the `kid` claim.
    pub fn new(key_id: &str, key: MuxSigningKey) -> Result<Self> {
        check_key_id(key_id)?;
        Ok(MuxSigner {
            key,
            kid: key_id.to_string(),
        })
    }

    /// Parses `key_text` (the dashboard's base64 string or PEM) once.
    pub fn from_key_text(key_id: &str, key_text: &str) -> Result<Self> {
        check_key_id(key_id)?;
        Self::new(key_id, MuxSigningKey::from_any(key_text)?)
    }

    /// The signing-key id, written as the `kid` claim.
    pub fn key_id(&self) -> &str {
        &self.kid
    }

    /// The parsed signing key.
    pub fn key(&self) -> &MuxSigningKey {
        &self.key
    }

    /// `signPlaybackId(playbackId, {type, expiration, params})` at `now`
    /// (Unix seconds). An empty playback id is refused (mux-node would sign
    /// a token without `sub`).
    pub fn sign_playback_id(
        &self,
        playback_id: &str,
        token_type: PlaybackType,
        options: &MuxTokenOptions,
        now: i64,
    ) -> Result<String> {
        self.sign(playback_id, token_type.aud(), options, &options.params, now)
    }

    /// `signDrmLicense(playbackId, …)`: a `drm_license` token (`aud: "d"`).
    /// (mux-node also takes another `type` here; that is `sign_playback_id`.)
    pub fn sign_drm_license(
        &self,
        playback_id: &str,
        options: &MuxTokenOptions,
        now: i64,
    ) -> Result<String> {
        self.sign_playback_id(playback_id, PlaybackType::DrmLicense, options, now)
    }

    /// `signViewerCounts(id, {type, …})`: `id` is the video, asset, playback
    /// or live stream id the type names.
    pub fn sign_viewer_counts(
        &self,
        id: &str,
        token_type: ViewerCountType,
        options: &MuxTokenOptions,
        now: i64,
    ) -> Result<String> {
        self.sign(id, token_type.aud(), options, &options.params, now)
    }

    /// `signPlaybackId(playbackId, {type: [...]})`: one token per entry, each
    /// with `options.params` merged with the entry's own params (the entry's
    /// win). A repeated type replaces the earlier token in its first
    /// position; an empty list gives no tokens.
    pub fn sign_playback_ids(
        &self,
        playback_id: &str,
        types: &[MultiType],
        options: &MuxTokenOptions,
        now: i64,
    ) -> Result<MuxTokens> {
        let mut tokens: Vec<(&'static str, String)> = Vec::with_capacity(types.len());
        for (token_type, extra) in types {
            let token = match extra {
                None => self.sign_playback_id(playback_id, *token_type, options, now)?,
                Some(extra) => {
                    let mut params = options.params.clone();
                    for (k, v) in extra {
                        params.insert(k.clone(), v.clone());
                    }
                    self.sign(playback_id, token_type.aud(), options, &params, now)?
                }
            };
            let name = token_type.token_name();
            match tokens.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = token,
                None => tokens.push((name, token)),
            }
        }
        Ok(MuxTokens(tokens))
    }

    fn sign(
        &self,
        subject: &str,
        aud: &str,
        options: &MuxTokenOptions,
        params: &Map<String, Value>,
        now: i64,
    ) -> Result<String> {
        if subject.is_empty() {
            return Err(invalid(
                "the playback id (sub) must not be empty; mux-node would sign a token without sub",
            ));
        }
        let span = match &options.expiration {
            Some(e) => parse_timespan(e)?,
            None => parse_timespan(&Expiration::default())?,
        };
        let exp = now as f64 + span;
        let claims = claims_json(
            params,
            &[
                ("kid", Claim::Str(&self.kid)),
                ("sub", Claim::Str(subject)),
                ("aud", Claim::Str(aud)),
                ("exp", Claim::Num(exp)),
            ],
        );
        let mut token = String::with_capacity(640);
        push_b64url(&mut token, HEADER_JSON.as_bytes());
        token.push('.');
        push_b64url(&mut token, claims.as_bytes());
        let signature = self.key.sign_rs256(token.as_bytes());
        token.push('.');
        push_b64url(&mut token, &signature);
        Ok(token)
    }
}

impl fmt::Debug for MuxSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MuxSigner(kid={:?}, <private key>)", self.kid)
    }
}
