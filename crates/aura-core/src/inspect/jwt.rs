//! General JWTs (HS256, RS256, ES256, EdDSA).

use serde_json::{Map, Value};

use super::detect::Kind;
use super::report::{expired_message, not_yet_message, seconds_of, Builder, Report};
use super::Context;
use crate::encoding::b64url;
use crate::error::{malformed, AuraError, Result};
use crate::jwt::{check_signature, check_time_claims, decode, Algorithm, DecodeOptions, JwtKey};

fn explain(e: &AuraError, claims: &Map<String, Value>, now: i64) -> String {
    match e {
        AuraError::Expired => match claims.get("exp").and_then(seconds_of) {
            Some(exp) => expired_message(exp, now),
            None => e.message(),
        },
        AuraError::NotYetValid => match claims.get("nbf").and_then(seconds_of) {
            Some(nbf) => not_yet_message(nbf, now),
            None => e.message(),
        },
        AuraError::AlgNotAllowed(alg) => {
            format!("algorithm `{alg}` is not allowed (accepted: HS256, RS256, ES256, EdDSA)")
        }
        AuraError::Malformed(m) => format!("malformed: {m}"),
        other => other.message(),
    }
}

/// Key text (PEM, JWK, Cloudflare's base64 forms) as an asymmetric key;
/// anything else as an HS256 secret. The algorithm comes from the key, as a
/// verifier configures it, never from the token's header.
fn load_key(text: &str, kid: Option<&str>) -> Result<JwtKey> {
    match JwtKey::from_pem(text, kid) {
        Ok(k) => Ok(k),
        Err(e) if text.contains("-----BEGIN") || text.trim_start().starts_with('{') => Err(e),
        Err(_) => JwtKey::hmac(text, kid),
    }
}

/// Every credential as a key. A key without an id is assumed to be the one
/// the header names (and the report says so).
fn load_keys(b: &mut Builder, ctx: &Context<'_>, header_kid: Option<&str>) -> Result<Vec<JwtKey>> {
    let mut out = Vec::new();
    for text in ctx.keys.texts() {
        let mut key = load_key(text, ctx.keys.key_id.as_deref())?;
        if let (None, Some(kid)) = (key.kid(), header_kid) {
            b.info(format!(
                "the {} key has no key id; assumed to be `{kid}`, the header's (give its id to check the kid)",
                key.algorithm().as_str()
            ));
            key = load_key(text, Some(kid))?;
        }
        out.push(key);
    }
    Ok(out)
}

pub(super) fn token(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let now = ctx.now;
    let mut b = Builder::new(Kind::Jwt, now);
    let Some(parsed) = b.decode_jws(input) else {
        return Ok(b.finish_unchecked());
    };
    let (header, claims) = (&parsed.header, &parsed.claims);
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("header has no alg"))
        .and_then(Algorithm::parse);
    if let Err(e) = &alg {
        b.error(e, explain(e, claims, now));
    }
    let window = check_time_claims(claims, now, 0, false);

    let texts = ctx.keys.texts();
    let alg = match (alg, texts.is_empty()) {
        (Ok(alg), false) => alg,
        (_, true) => {
            b.not_checked();
            if let Err(e) = &window {
                b.error(e, explain(e, claims, now));
            }
            return Ok(b.finish_unchecked());
        }
        (Err(e), false) => return Ok(b.finish_checked(Err(e))),
    };
    let header_kid = header.get("kid").and_then(Value::as_str);
    let keys = load_keys(&mut b, ctx, header_kid)?;
    let mut algorithms: Vec<Algorithm> = Vec::new();
    for k in &keys {
        if !algorithms.contains(&k.algorithm()) {
            algorithms.push(k.algorithm());
        }
    }
    match check_signature(&parsed, &keys, &algorithms) {
        Ok(()) => {}
        Err(AuraError::UnknownKid) => {
            let known: Vec<String> = keys
                .iter()
                .map(|k| format!("`{}`", k.kid().unwrap_or("(none)")))
                .collect();
            b.error(
                &AuraError::UnknownKid,
                format!(
                    "kid unknown: the header names `{}`; the given keys are {}",
                    header_kid.unwrap_or("?"),
                    known.join(", ")
                ),
            );
        }
        Err(AuraError::BadSignature) => {
            // ES256 signatures are randomised: there is no single expected value.
            let expected = match alg {
                Algorithm::ES256 => None,
                _ => keys
                    .iter()
                    .find(|k| k.can_sign())
                    .and_then(|k| k.sign(parsed.signing_input).ok())
                    .map(|s| ctx.keys.shown(b64url(&s))),
            };
            b.jws_mismatch(
                parsed.signing_input,
                input,
                expected,
                "the given key does not verify it;",
            );
        }
        Err(e @ AuraError::AlgNotAllowed(_)) => {
            let names: Vec<&str> = algorithms.iter().map(|a| a.as_str()).collect();
            b.error(
                &e,
                format!(
                    "algorithm not allowed: the header says {} but the given keys are {}; a verifier holding these keys refuses it (an HS256 token checked with a public key is the key-confusion attack)",
                    alg.as_str(),
                    names.join(", ")
                ),
            );
        }
        Err(e) => b.error(&e, explain(&e, claims, now)),
    }
    if let Err(e) = &window {
        b.error(e, explain(e, claims, now));
    }
    let options = DecodeOptions {
        algorithms: &algorithms,
        now,
        leeway: 0,
        require_exp: false,
    };
    Ok(b.finish_checked(decode(input, &keys, &options).map(drop)))
}
