//! Verifying Mux tokens as a self-hosted edge or a test would: RS256 only,
//! the key found by the `kid` claim, `aud` for the expected type, `sub` =
//! the playback (or viewer-count) id, `exp`/`nbf` against `now`.

use serde_json::{Map, Value};
use std::fmt;

use super::key::MuxPublicKey;
use super::types::MuxAudience;
use crate::error::{invalid, malformed, AuraError, Result};
use crate::jws;

/// What the token must be for, and when.
#[derive(Clone, Copy, Debug)]
pub struct MuxVerifyOptions<'a> {
    /// The expected type (its `aud`).
    pub audience: MuxAudience,
    /// The expected `sub`: the playback id (or, for viewer counts, the id
    /// the type names).
    pub id: &'a str,
    /// The current time, Unix seconds.
    pub now: i64,
    /// Seconds of clock skew tolerated on `exp`/`nbf`, 0–300.
    pub leeway: i64,
}

impl<'a> MuxVerifyOptions<'a> {
    /// Options with no leeway.
    pub fn new(audience: MuxAudience, id: &'a str, now: i64) -> Self {
        MuxVerifyOptions {
            audience,
            id,
            now,
            leeway: 0,
        }
    }
}

/// Trusted Mux public keys, each under its signing-key id.
#[derive(Clone)]
pub struct MuxVerifier {
    keys: Vec<MuxPublicKey>,
}

impl MuxVerifier {
    /// Trusts `keys`, each under its own key id; an empty list is
    /// `invalid_input`.
    pub fn new(keys: Vec<MuxPublicKey>) -> Result<Self> {
        if keys.is_empty() {
            return Err(invalid("at least one trusted key is required"));
        }
        Ok(MuxVerifier { keys })
    }

    /// The verified claims, or why the token is refused: `alg_not_allowed`,
    /// `unknown_kid`, `kid_mismatch`, `bad_signature`, `expired`,
    /// `not_yet_valid`, `wrong_image` (a valid token for another type: its
    /// `aud` differs), `sub_mismatch`, or `malformed`.
    pub fn verify(&self, token: &str, o: &MuxVerifyOptions<'_>) -> Result<Map<String, Value>> {
        jws::check_leeway(o.leeway)?;
        let jws = jws::parse(token)?;
        let kid = crate::stream::token_kid(&jws.header, &jws.claims)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.key_id() == kid)
            .ok_or(AuraError::UnknownKid)?;
        if !key.verify_rs256(jws.signing_input, &jws.signature) {
            return Err(AuraError::BadSignature);
        }
        let claims = jws.claims;
        crate::jwt::check_time_claims(&claims, o.now, o.leeway, true)?;
        match claims.get("aud") {
            Some(Value::String(aud)) if aud == o.audience.aud() => {}
            Some(Value::String(_)) => return Err(AuraError::WrongImage),
            Some(_) => return Err(malformed("aud is not a string")),
            None => return Err(malformed("token has no aud")),
        }
        match claims.get("sub") {
            Some(Value::String(sub)) if sub == o.id => {}
            Some(Value::String(_)) | None => return Err(AuraError::SubMismatch),
            Some(_) => return Err(malformed("sub is not a string")),
        }
        Ok(claims)
    }
}

impl fmt::Debug for MuxVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kids: Vec<_> = self.keys.iter().map(|k| k.key_id()).collect();
        write!(f, "MuxVerifier(kids={kids:?})")
    }
}
