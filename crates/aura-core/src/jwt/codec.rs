//! Compact JWS encode/decode.

use serde_json::{Map, Value};

use super::{Algorithm, JwtKey};
use crate::encoding::push_b64url;
use crate::error::{invalid, malformed, AuraError, Result};
use crate::js::json::{push_string, push_value};
use crate::jws;

/// Header `{"alg","typ":"JWT"[,"kid"]}` then `extra_headers` (which may not
/// override `alg`); claims serialised in their own member order.
pub fn encode(
    claims: &Map<String, Value>,
    key: &JwtKey,
    extra_headers: Option<&Map<String, Value>>,
) -> Result<String> {
    if !key.can_sign() {
        return Err(AuraError::NotAPrivateKey);
    }
    let mut header = String::from("{\"alg\":");
    push_string(&mut header, key.algorithm().as_str());
    header.push_str(",\"typ\":\"JWT\"");
    let mut names = vec!["alg", "typ"];
    if let Some(kid) = key.kid() {
        header.push_str(",\"kid\":");
        push_string(&mut header, kid);
        names.push("kid");
    }
    for (k, v) in extra_headers.into_iter().flatten() {
        if k == "alg" {
            return Err(invalid("alg is set by the key and cannot be overridden"));
        }
        if names.contains(&k.as_str()) {
            continue;
        }
        header.push(',');
        push_string(&mut header, k);
        header.push(':');
        push_value(&mut header, v);
    }
    header.push('}');
    let mut token = String::new();
    push_b64url(&mut token, header.as_bytes());
    token.push('.');
    push_b64url(
        &mut token,
        crate::js::json::stringify(&Value::Object(claims.clone())).as_bytes(),
    );
    let sig = key.sign(token.as_bytes())?;
    token.push('.');
    push_b64url(&mut token, &sig);
    Ok(token)
}

/// What [`decode`] accepts besides the token and the keys.
#[derive(Clone, Debug)]
pub struct DecodeOptions<'a> {
    /// The algorithms the caller accepts (there is no default: name them).
    pub algorithms: &'a [Algorithm],
    /// The current time, Unix seconds.
    pub now: i64,
    /// Seconds, 0–300.
    pub leeway: i64,
    /// Refuse tokens without `exp`.
    pub require_exp: bool,
}

fn time_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| malformed(format!("{name} must be a number"))),
    }
}

/// Verifies with the key whose `kid` matches the header's (or, without a
/// header kid, every key of the token's algorithm) and checks `exp`/`nbf`.
pub fn decode(token: &str, keys: &[JwtKey], o: &DecodeOptions<'_>) -> Result<Map<String, Value>> {
    jws::check_leeway(o.leeway)?;
    let jws = jws::parse(token)?;
    check_signature(&jws, keys, o.algorithms)?;
    check_time_claims(&jws.claims, o.now, o.leeway, o.require_exp)?;
    Ok(jws.claims)
}

/// Algorithm, kid and signature: everything that does not depend on the clock.
pub(crate) fn check_signature(
    jws: &jws::Jws<'_>,
    keys: &[JwtKey],
    algorithms: &[Algorithm],
) -> Result<()> {
    let header = &jws.header;
    let alg = Algorithm::parse(
        header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("header has no alg"))?,
    )?;
    if !algorithms.contains(&alg) {
        return Err(AuraError::AlgNotAllowed(alg.as_str().into()));
    }
    let candidates: Vec<&JwtKey> = match header.get("kid") {
        Some(Value::String(kid)) => {
            let k: Vec<&JwtKey> = keys
                .iter()
                .filter(|k| k.kid() == Some(kid.as_str()))
                .collect();
            if k.is_empty() {
                return Err(AuraError::UnknownKid);
            }
            k
        }
        Some(_) => return Err(malformed("kid is not a string")),
        None => keys.iter().collect(),
    };
    let candidates: Vec<&JwtKey> = candidates
        .into_iter()
        .filter(|k| k.algorithm() == alg)
        .collect();
    if candidates.is_empty() {
        return Err(AuraError::AlgNotAllowed(alg.as_str().into()));
    }
    if !candidates
        .iter()
        .any(|k| k.verify(jws.signing_input, &jws.signature))
    {
        return Err(AuraError::BadSignature);
    }
    Ok(())
}

/// `exp`/`nbf` must be numbers; then the validity window.
pub(crate) fn check_time_claims(
    claims: &Map<String, Value>,
    now: i64,
    leeway: i64,
    require_exp: bool,
) -> Result<()> {
    let (exp, nbf) = (time_claim(claims, "exp")?, time_claim(claims, "nbf")?);
    jws::check_window(exp, nbf, now, leeway, require_exp)
}
