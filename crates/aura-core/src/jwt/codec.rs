//! Compact JWS encode/decode.

use serde_json::{Map, Value};

use super::{Algorithm, JwtKey};
use crate::encoding::{b64url_decode_strict, push_b64url};
use crate::error::{invalid, malformed, AuraError, Result};
use crate::js::json::{push_string, push_value};

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

#[derive(Clone, Debug)]
pub struct DecodeOptions<'a> {
    /// The algorithms the caller accepts (there is no default: name them).
    pub algorithms: &'a [Algorithm],
    pub now: i64,
    /// Seconds, 0–300.
    pub leeway: i64,
    /// Refuse tokens without `exp`.
    pub require_exp: bool,
}

fn part(p: &str, what: &str) -> Result<Map<String, Value>> {
    let bytes = b64url_decode_strict(p)
        .ok_or_else(|| malformed(format!("{what} is not canonical base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(malformed(format!("{what} is not a JSON object"))),
    }
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
    if !(0..=300).contains(&o.leeway) {
        return Err(invalid("leeway must be between 0 and 300 seconds"));
    }
    let mut parts = token.split('.');
    let (h, c, s) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(c), Some(s), None) => (h, c, s),
        _ => return Err(malformed("a JWS has three dot-separated parts")),
    };
    let header = part(h, "header")?;
    let alg = Algorithm::parse(
        header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("header has no alg"))?,
    )?;
    if !o.algorithms.contains(&alg) {
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
    let claims = part(c, "claims")?;
    let signature =
        b64url_decode_strict(s).ok_or_else(|| malformed("signature is not canonical base64url"))?;
    let signed = &token.as_bytes()[..h.len() + 1 + c.len()];
    if !candidates.iter().any(|k| k.verify(signed, &signature)) {
        return Err(AuraError::BadSignature);
    }
    let (now, leeway) = (o.now as f64, o.leeway as f64);
    match time_claim(&claims, "exp")? {
        Some(exp) if now >= exp + leeway => return Err(AuraError::Expired),
        None if o.require_exp => return Err(malformed("token has no exp")),
        _ => {}
    }
    if let Some(nbf) = time_claim(&claims, "nbf")? {
        if now + leeway < nbf {
            return Err(AuraError::NotYetValid);
        }
    }
    Ok(claims)
}
