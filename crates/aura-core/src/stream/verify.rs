//! Verifying Stream tokens as a self-hosted edge would (wire-formats.md §2,
//! "Verifier policy"): RS256 only; kid from the header or the claims, which
//! must agree; `exp`/`nbf` as numbers or numeric strings; `sub` checked.

use serde_json::{Map, Value};
use std::fmt;
use std::net::IpAddr;

use super::key::StreamPublicKey;
use super::rules::{evaluate_access_rules, rules_from_claims, Decision};
use crate::error::{invalid, malformed, AuraError, Result};
use crate::jws;

pub use crate::jws::MAX_LEEWAY;

/// Which video the token must be for. `Any` skips the `sub` check and must
/// be chosen explicitly.
#[derive(Clone, Copy, Debug)]
pub enum VideoIdCheck<'a> {
    /// A `sub` claim, when present, must be this id (`sub_mismatch`).
    Exact(&'a str),
    /// Any video: `sub` is not checked.
    Any,
}

/// What the token is presented for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Purpose {
    /// Watching: any valid token.
    #[default]
    Playback,
    /// `/downloads/*`: needs `downloadable: true`.
    Download,
}

impl Purpose {
    /// Reads `playback` or `download`; anything else is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "playback" => Ok(Purpose::Playback),
            "download" => Ok(Purpose::Download),
            _ => Err(invalid(format!(
                "purpose must be playback or download, got {s:?}"
            ))),
        }
    }
}

/// What [`StreamVerifier::verify`] checks besides the signature. Build with
/// [`StreamVerifyOptions::new`].
#[derive(Clone, Debug)]
pub struct StreamVerifyOptions<'a> {
    /// Which video the token must be for.
    pub video_id: VideoIdCheck<'a>,
    /// The current time, Unix seconds.
    pub now: i64,
    /// Seconds of clock skew tolerated on `exp`/`nbf`, 0–300.
    pub leeway: i64,
    /// Playback or download (`not_downloadable` without `downloadable: true`).
    pub purpose: Purpose,
    /// When given, the token's access rules are evaluated for this viewer.
    pub viewer_ip: Option<IpAddr>,
    /// The viewer's country code, for `ip.geoip.country` rules (compared
    /// exactly, so upper case).
    pub viewer_country: Option<&'a str>,
    /// Refuse tokens without `exp` (default true).
    pub require_exp: bool,
}

/// The viewer's IP as text (what bindings receive) → an address.
pub fn parse_viewer_ip(text: Option<&str>) -> Result<Option<IpAddr>> {
    text.map(|t| {
        t.parse::<IpAddr>()
            .map_err(|_| invalid("viewer IP is not an IP address"))
    })
    .transpose()
}

impl<'a> StreamVerifyOptions<'a> {
    /// Playback, no leeway, no viewer, `exp` required.
    pub fn new(video_id: VideoIdCheck<'a>, now: i64) -> Self {
        StreamVerifyOptions {
            video_id,
            now,
            leeway: 0,
            purpose: Purpose::Playback,
            viewer_ip: None,
            viewer_country: None,
            require_exp: true,
        }
    }
}

/// Trusted public keys by kid (active and retiring keys; revoked ones removed).
#[derive(Clone)]
pub struct StreamVerifier {
    keys: Vec<StreamPublicKey>,
}

/// NumericDate: a number, or a numeric string as `/token` issues them.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>> {
    let bad = || malformed(format!("{name} is not a NumericDate"));
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(bad),
        Some(Value::String(s)) => {
            let ok = !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && s.bytes().filter(|&b| b == b'.').count() <= 1;
            if !ok {
                return Err(bad());
            }
            s.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Some)
                .ok_or_else(bad)
        }
        Some(_) => Err(bad()),
    }
}

fn kid_of<'m>(map: &'m Map<String, Value>, what: &str) -> Result<Option<&'m str>> {
    match map.get("kid") {
        None => Ok(None),
        Some(Value::String(k)) => Ok(Some(k)),
        Some(_) => Err(malformed(format!("{what} kid is not a string"))),
    }
}

impl StreamVerifier {
    /// Every key needs a key id.
    pub fn new(keys: Vec<StreamPublicKey>) -> Result<Self> {
        if keys.is_empty() {
            return Err(invalid("at least one trusted key is required"));
        }
        if keys.iter().any(|k| k.key_id().is_none()) {
            return Err(invalid("every trusted Stream key needs a key id"));
        }
        Ok(StreamVerifier { keys })
    }

    /// The verified claims, or why the token is refused.
    pub fn verify(&self, token: &str, o: &StreamVerifyOptions<'_>) -> Result<Map<String, Value>> {
        jws::check_leeway(o.leeway)?;
        let jws = jws::parse(token)?;
        self.check_signature(&jws)?;
        check_claims(&jws.claims, o)?;
        Ok(jws.claims)
    }

    /// Algorithm, kid and signature: everything that does not depend on the clock.
    pub(crate) fn check_signature(&self, jws: &jws::Jws<'_>) -> Result<()> {
        let kid = token_kid(&jws.header, &jws.claims)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.key_id() == Some(kid))
            .ok_or(AuraError::UnknownKid)?;
        if !key.verify_rs256(jws.signing_input, &jws.signature) {
            return Err(AuraError::BadSignature);
        }
        Ok(())
    }

    /// The trusted key ids, in order.
    pub(crate) fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().filter_map(|k| k.key_id())
    }
}

/// RS256 only; the kid from the header or the claims, which must agree.
pub(crate) fn token_kid<'m>(
    header: &'m Map<String, Value>,
    claims: &'m Map<String, Value>,
) -> Result<&'m str> {
    match header.get("alg") {
        Some(Value::String(alg)) if alg == "RS256" => {}
        Some(Value::String(alg)) => return Err(AuraError::AlgNotAllowed(alg.clone())),
        _ => return Err(malformed("header has no alg")),
    }
    match (kid_of(header, "header")?, kid_of(claims, "claims")?) {
        (Some(a), Some(b)) if a != b => Err(AuraError::KidMismatch),
        (Some(k), _) | (None, Some(k)) => Ok(k),
        (None, None) => Err(malformed("token names no kid")),
    }
}

/// `exp`/`nbf` as NumericDates (numbers or numeric strings).
pub(crate) fn validity_window(claims: &Map<String, Value>) -> Result<(Option<f64>, Option<f64>)> {
    Ok((numeric_date(claims, "exp")?, numeric_date(claims, "nbf")?))
}

/// The checks after the signature: window, `sub`, `downloadable`, access rules.
pub(crate) fn check_claims(claims: &Map<String, Value>, o: &StreamVerifyOptions<'_>) -> Result<()> {
    let (exp, nbf) = validity_window(claims)?;
    jws::check_window(exp, nbf, o.now, o.leeway, o.require_exp)?;
    if let VideoIdCheck::Exact(video) = o.video_id {
        match claims.get("sub") {
            None => {}
            Some(Value::String(sub)) if sub == video => {}
            Some(_) => return Err(AuraError::SubMismatch),
        }
    }
    if o.purpose == Purpose::Download && claims.get("downloadable") != Some(&Value::Bool(true)) {
        return Err(AuraError::NotDownloadable);
    }
    if let Some(rules) = claims.get("accessRules") {
        let rules = rules_from_claims(rules)?;
        if o.viewer_ip.is_some() || o.viewer_country.is_some() {
            if let (Decision::Block, Some(i)) =
                evaluate_access_rules(&rules, o.viewer_ip, o.viewer_country)
            {
                return Err(AuraError::AccessDenied { rule_index: i });
            }
        }
    }
    Ok(())
}

impl fmt::Debug for StreamVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kids: Vec<_> = self.keys.iter().filter_map(|k| k.key_id()).collect();
        write!(f, "StreamVerifier(kids={kids:?})")
    }
}
