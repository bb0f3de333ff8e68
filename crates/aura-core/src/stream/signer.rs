//! Signing Stream tokens with a held key pair.

use std::fmt;

use super::claims::{claims_json, header_json, Claims};
use super::key::StreamKey;
use super::rules::{AccessRule, MAX_ACCESS_RULES};
use crate::encoding::push_b64url;
use crate::error::{invalid, AuraError, Result};

/// One hour: the lifetime `/token` uses and Aura's default.
pub const DEFAULT_LIFETIME: i64 = 3600;
/// 24 h: the longest lifetime Cloudflare documents.
pub const MAX_DOCUMENTED_LIFETIME: i64 = 86_400;

/// Whose bytes to produce (JSON member order is the token).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StreamStyle {
    /// The current docs Worker: header `{alg,kid}`, claims
    /// `sub, kid, exp, nbf, downloadable, accessRules`.
    #[default]
    Cloudflare,
    /// npm jsonwebtoken with `keyid`: header `{alg,typ,kid}`, same claims.
    Jsonwebtoken,
    /// Seed 003's Node snippet: header `{alg,typ}`, claims `kid, sub, iat, exp`.
    JsonwebtokenClaimsKid,
    /// Seed 003's go-jose v2 program: sorted members, Go's HTML escaping.
    GoJose,
}

impl StreamStyle {
    /// The style's name: `cloudflare`, `jsonwebtoken`, `jsonwebtoken-claims-kid` or
    /// `go-jose`.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamStyle::Cloudflare => "cloudflare",
            StreamStyle::Jsonwebtoken => "jsonwebtoken",
            StreamStyle::JsonwebtokenClaimsKid => "jsonwebtoken-claims-kid",
            StreamStyle::GoJose => "go-jose",
        }
    }

    /// Reads a name written by [`StreamStyle::as_str`]; anything else is
    /// `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "cloudflare" => Ok(StreamStyle::Cloudflare),
            "jsonwebtoken" => Ok(StreamStyle::Jsonwebtoken),
            "jsonwebtoken-claims-kid" => Ok(StreamStyle::JsonwebtokenClaimsKid),
            "go-jose" => Ok(StreamStyle::GoJose),
            _ => Err(invalid(format!(
                "style must be cloudflare, jsonwebtoken, jsonwebtoken-claims-kid or go-jose, got {s:?}"
            ))),
        }
    }
}

/// Options of one token. `None` members are omitted from the claims.
#[derive(Clone, Debug, Default)]
pub struct StreamTokenOptions {
    /// Seconds from `now`; default 3600.
    pub expires_in: Option<i64>,
    /// Absolute Unix time.
    pub not_before: Option<i64>,
    /// `accessRules`, at most [`MAX_ACCESS_RULES`]; country codes must be upper
    /// case (`invalid_input`).
    pub access_rules: Option<Vec<AccessRule>>,
    /// `downloadable`: `true` allows the `/downloads/` URLs.
    pub downloadable: Option<bool>,
    /// Lifetimes above 24 h are refused (`lifetime_too_long`) unless set.
    pub allow_long_lifetime: bool,
}

/// A Stream token signer: the parsed key, its id and the style.
#[derive(Clone)]
pub struct StreamSigner {
    key: StreamKey,
    kid: String,
    style: StreamStyle,
}

impl StreamSigner {
    /// `key_id` overrides the key's own id; one of them is required.
    pub fn new(key: StreamKey, key_id: Option<&str>, style: StreamStyle) -> Result<Self> {
        let kid = match key_id {
            Some(id) => {
                super::key::validate_key_id(id)?;
                id.to_string()
            }
            None => key
                .key_id()
                .ok_or_else(|| {
                    invalid("a key id is required: pass key_id or load a JWK that has kid")
                })?
                .to_string(),
        };
        Ok(StreamSigner { key, kid, style })
    }

    /// The key id written as `kid`.
    pub fn key_id(&self) -> &str {
        &self.kid
    }

    /// Whose bytes this signer produces.
    pub fn style(&self) -> StreamStyle {
        self.style
    }

    fn checked_claims<'a>(
        &'a self,
        video_id: &'a str,
        o: &'a StreamTokenOptions,
        now: i64,
    ) -> Result<Claims<'a>> {
        if video_id.is_empty() {
            return Err(invalid("video id (sub) is required"));
        }
        let lifetime = o.expires_in.unwrap_or(DEFAULT_LIFETIME);
        if lifetime <= 0 {
            return Err(invalid("expires_in must be positive"));
        }
        if lifetime > MAX_DOCUMENTED_LIFETIME && !o.allow_long_lifetime {
            return Err(AuraError::LifetimeTooLong { seconds: lifetime });
        }
        if let Some(rules) = &o.access_rules {
            if rules.len() > MAX_ACCESS_RULES {
                return Err(invalid(format!(
                    "at most {MAX_ACCESS_RULES} access rules are allowed, got {}",
                    rules.len()
                )));
            }
            rules.iter().try_for_each(AccessRule::check_signable)?;
        }
        let exp = now
            .checked_add(lifetime)
            .ok_or_else(|| invalid("exp overflows"))?;
        Ok(Claims {
            sub: video_id,
            kid: &self.kid,
            iat: now,
            exp,
            nbf: o.not_before,
            downloadable: o.downloadable,
            access_rules: o.access_rules.as_deref(),
        })
    }

    /// A signed token for `video_id` at `now` (Unix seconds).
    pub fn sign(&self, video_id: &str, options: &StreamTokenOptions, now: i64) -> Result<String> {
        let claims = self.checked_claims(video_id, options, now)?;
        let mut token = String::with_capacity(640);
        push_b64url(&mut token, header_json(self.style, &self.kid).as_bytes());
        token.push('.');
        push_b64url(&mut token, claims_json(self.style, &claims).as_bytes());
        let signature = self.key.sign_rs256(token.as_bytes());
        token.push('.');
        push_b64url(&mut token, &signature);
        Ok(token)
    }

    /// One token per video id (a playlist), signed on all cores.
    pub fn sign_many<S: AsRef<str> + Sync>(
        &self,
        video_ids: &[S],
        options: &StreamTokenOptions,
        now: i64,
    ) -> Result<Vec<String>> {
        for id in video_ids {
            self.checked_claims(id.as_ref(), options, now)?;
        }
        crate::parallel::par_map(video_ids, 8, |id| self.sign(id.as_ref(), options, now))
    }
}

impl fmt::Debug for StreamSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "StreamSigner(kid={:?}, style={:?}, <private key>)",
            self.kid, self.style
        )
    }
}
