//! Cloudflare Stream tokens and delivery URLs.

use serde_json::{Map, Value};

use super::detect::{is_stream_host, Kind};
use super::report::{expired_message, not_yet_message, seconds_of, Builder, Report};
use super::Context;
use crate::encoding::b64url;
use crate::error::{AuraError, Result};
use crate::stream::{
    check_claims, token_kid, validity_window, Purpose, StreamKey, StreamPublicKey, StreamVerifier,
    StreamVerifyOptions, VideoIdCheck, MAX_DOCUMENTED_LIFETIME,
};

pub(super) fn token(input: &str, ctx: &Context<'_>) -> Result<Report> {
    check(
        Builder::new(Kind::StreamToken, ctx.now),
        input,
        Purpose::Playback,
        ctx,
    )
}

/// `https://<host>/<TOKEN>/<resource>`; `/downloads/…` needs `downloadable`.
pub(super) fn url(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::StreamUrl, ctx.now);
    let u = url::Url::parse(input).map_err(|e| AuraError::Malformed(e.to_string()))?;
    let host = u.host_str().unwrap_or("");
    debug_assert!(is_stream_host(host));
    let path = u.path().trim_start_matches('/');
    let (first, rest) = match path.split_once('/') {
        Some((f, r)) => (f, format!("/{r}")),
        None => (path, String::new()),
    };
    let purpose = if rest.starts_with("/downloads/") {
        Purpose::Download
    } else {
        Purpose::Playback
    };
    let mut described = Map::new();
    described.insert("host".into(), Value::from(host));
    if let Some(code) = host
        .strip_prefix("customer-")
        .and_then(|h| h.strip_suffix(".cloudflarestream.com"))
    {
        described.insert("customer_code".into(), Value::from(code));
    }
    described.insert("resource".into(), Value::from(rest.as_str()));
    described.insert(
        "purpose".into(),
        Value::from(match purpose {
            Purpose::Download => "download",
            Purpose::Playback => "playback",
        }),
    );
    if !first.contains('.') {
        described.insert("video_id".into(), Value::from(first));
        b.decoded("url", Value::Object(described));
        let reason = if first.is_empty() {
            "the URL has no video UID or token".to_string()
        } else {
            format!("the URL carries the video UID `{first}`, not a signed token: videos that require signed URLs refuse it")
        };
        b.error(
            &AuraError::Malformed(reason.clone()),
            format!("not signed: {reason}"),
        );
        return Ok(b.finish_unchecked());
    }
    b.decoded("url", Value::Object(described));
    check(b, first, purpose, ctx)
}

fn kid_text(map: &Map<String, Value>) -> &str {
    map.get("kid").and_then(Value::as_str).unwrap_or("?")
}

/// Plain words for a refusal.
fn explain(
    e: &AuraError,
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    ctx: &Context<'_>,
) -> String {
    let now = ctx.now;
    match e {
        AuraError::AlgNotAllowed(alg) => {
            format!("algorithm `{alg}` is not allowed: Stream tokens are RS256 only")
        }
        AuraError::KidMismatch => format!(
            "kid mismatch: the header names `{}`, the claims `{}`",
            kid_text(header),
            kid_text(claims)
        ),
        AuraError::Expired => match claims.get("exp").and_then(seconds_of) {
            Some(exp) => expired_message(exp, now),
            None => e.message(),
        },
        AuraError::NotYetValid => match claims.get("nbf").and_then(seconds_of) {
            Some(nbf) => not_yet_message(nbf, now),
            None => e.message(),
        },
        AuraError::SubMismatch => format!(
            "sub mismatch: the token is for video `{}`, not `{}`",
            claims.get("sub").and_then(Value::as_str).unwrap_or("?"),
            ctx.expect.video_id.as_deref().unwrap_or("?")
        ),
        AuraError::NotDownloadable => {
            "not downloadable: a /downloads/ URL needs \"downloadable\": true in the token".into()
        }
        AuraError::Malformed(m) => format!("malformed: {m}"),
        other => other.message(),
    }
}

/// The credentials as trusted public keys; a key without an id is assumed
/// to be the token's (and the report says so).
fn trusted_keys(
    b: &mut Builder,
    ctx: &Context<'_>,
    token_kid: Option<&str>,
) -> Result<Vec<StreamPublicKey>> {
    let mut out = Vec::new();
    for text in ctx.keys.texts() {
        let trimmed = text.trim_start();
        let parsed = if trimmed.starts_with('{') && trimmed.contains("\"keys\"") {
            StreamPublicKey::from_jwks(text)?
        } else {
            vec![StreamPublicKey::from_any(text, ctx.keys.key_id.as_deref())?]
        };
        for key in parsed {
            if key.key_id().is_some() {
                out.push(key);
                continue;
            }
            let assumed = token_kid.unwrap_or("(none)");
            b.info(format!(
                "the key with modulus SHA-256 {}… has no key id; assumed to be `{assumed}`, the token's (give its id to check the kid)",
                &key.modulus_sha256()[..16]
            ));
            out.push(key.with_key_id(assumed)?);
        }
    }
    Ok(out)
}

/// The signature the first given private key makes over `signing_input`.
fn expected_signature(ctx: &Context<'_>, signing_input: &[u8]) -> Option<String> {
    ctx.keys
        .texts()
        .into_iter()
        .find_map(|t| StreamKey::from_any(t, None).ok())
        .map(|k| b64url(&k.sign_rs256(signing_input)))
}

fn check(mut b: Builder, token: &str, purpose: Purpose, ctx: &Context<'_>) -> Result<Report> {
    let Some(parsed) = b.decode_jws(token) else {
        return Ok(b.finish_unchecked());
    };
    let (header, claims) = (&parsed.header, &parsed.claims);

    let kid = match token_kid(header, claims) {
        Ok(k) => Some(k),
        Err(e) => {
            let message = explain(&e, header, claims, ctx);
            b.error(&e, message);
            None
        }
    };
    let o = StreamVerifyOptions {
        purpose,
        ..StreamVerifyOptions::new(
            ctx.expect
                .video_id
                .as_deref()
                .map_or(VideoIdCheck::Any, VideoIdCheck::Exact),
            ctx.now,
        )
    };
    let claims_result = check_claims(claims, &o);

    let texts = ctx.keys.texts();
    let verifier = if texts.is_empty() {
        b.not_checked();
        None
    } else {
        let verifier = StreamVerifier::new(trusted_keys(&mut b, ctx, kid)?)?;
        match verifier.check_signature(&parsed) {
            Ok(()) => {}
            Err(AuraError::UnknownKid) => {
                let known: Vec<String> = verifier.key_ids().map(|k| format!("`{k}`")).collect();
                b.error(
                    &AuraError::UnknownKid,
                    format!(
                        "kid unknown: the token names `{}`; the given keys are {}",
                        kid.unwrap_or("?"),
                        known.join(", ")
                    ),
                );
            }
            Err(AuraError::BadSignature) => {
                let expected =
                    expected_signature(ctx, parsed.signing_input).map(|s| ctx.keys.shown(s));
                b.jws_mismatch(
                    parsed.signing_input,
                    token,
                    expected,
                    "the given public key does not verify it;",
                );
            }
            Err(e) if b.has_code(e.code()) => {} // alg / kid, already explained
            Err(e) => {
                let message = explain(&e, header, claims, ctx);
                b.error(&e, message);
            }
        }
        Some(verifier)
    };
    if let Err(e) = &claims_result {
        let message = explain(e, header, claims, ctx);
        b.error(e, message);
    }
    lifetime(&mut b, claims, ctx.now);
    rules(&mut b, claims);

    match verifier {
        None => Ok(b.finish_unchecked()),
        Some(v) => Ok(b.finish_checked(v.verify(token, &o).map(drop))),
    }
}

/// Cloudflare documents at most 24 h between signing and `exp`.
fn lifetime(b: &mut Builder, claims: &Map<String, Value>, now: i64) {
    let Ok((Some(exp), _)) = validity_window(claims) else {
        return;
    };
    let max = MAX_DOCUMENTED_LIFETIME as f64;
    match claims.get("iat").and_then(seconds_of) {
        Some(iat) if exp - iat > max => {
            let seconds = (exp - iat) as i64;
            b.warning(
                &AuraError::LifetimeTooLong { seconds },
                format!("lifetime above 24 h: exp − iat = {seconds} s; Cloudflare documents at most {MAX_DOCUMENTED_LIFETIME} s"),
            );
        }
        None if exp - now as f64 > max => {
            let seconds = (exp - now as f64) as i64;
            b.warning(
                &AuraError::LifetimeTooLong { seconds },
                format!("lifetime above 24 h: it expires in {seconds} s; Cloudflare documents at most {MAX_DOCUMENTED_LIFETIME} s after signing"),
            );
        }
        _ => {}
    }
}

/// A one-line summary of the access rules.
fn rules(b: &mut Builder, claims: &Map<String, Value>) {
    let Some(Value::Array(rules)) = claims.get("accessRules") else {
        return;
    };
    let text: Vec<String> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let get = |k: &str| r.get(k).map(|v| v.to_string()).unwrap_or_default();
            let what = match r.get("type").and_then(Value::as_str) {
                Some("ip.src") => format!("ip {}", get("ip")),
                Some("ip.geoip.country") => format!("country {}", get("country")),
                Some(t) => t.to_string(),
                None => "?".into(),
            };
            format!(
                "{}. {} {what}",
                i + 1,
                r.get("action").and_then(Value::as_str).unwrap_or("?")
            )
        })
        .collect();
    b.info(format!(
        "access rules (first match decides, no match allows): {}",
        text.join("; ")
    ));
}
