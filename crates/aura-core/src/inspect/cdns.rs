//! The six more CDNs: CloudFront and Google Cloud CDN / Media CDN signed
//! URLs, Mux tokens, imgix, Bunny and Akamai EdgeAuth. Each is decoded for
//! display (expiry, key id, policy), its times are checked, and with a key
//! the provider's own verifier gives the verdict.

use serde_json::{Map, Value};

use super::detect::Kind;
use super::report::{expired_message, Builder, Report};
use super::Context;
use crate::akamai::{EdgeAuthAlgorithm, EdgeAuthOptions, EdgeAuthVerifier};
use crate::bunny::{BunnyVerifier, BunnyViewer};
use crate::cloudfront::{
    cloudfront_b64_decode, parse_policy, CloudFrontPublicKey, CloudFrontVerifier,
    CloudFrontVerifyOptions,
};
use crate::error::{AuraError, Result};
use crate::google_cdn::{CloudCdnVerifier, MediaCdnVerifier};
use crate::imgix::ImgixVerifier;
use crate::mux::{
    MuxAudience, MuxPublicKey, MuxVerifier, MuxVerifyOptions, PlaybackType, ViewerCountType,
};

/// The query as ordered pairs (decoded), for display and lookups.
fn query(input: &str) -> Vec<(String, String)> {
    url::Url::parse(input)
        .map(|u| {
            u.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn get<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn show_query(b: &mut Builder, q: &[(String, String)]) {
    let pairs: Vec<Value> = q
        .iter()
        .map(|(k, v)| Value::from(vec![k.clone(), v.clone()]))
        .collect();
    b.decoded("query", Value::Array(pairs));
}

/// An expiry read from the input: shown, and refused once past (`now >= exp`
/// when `strict`, else `now > exp`).
fn expiry(b: &mut Builder, exp: Option<i64>, now: i64, strict: bool) {
    let Some(exp) = exp else { return };
    b.time("exp", Value::from(exp));
    if now > exp || (strict && now == exp) {
        b.error(&AuraError::Expired, expired_message(exp as f64, now));
    }
}

fn finish(b: Builder, checked: Option<Result<()>>) -> Report {
    match checked {
        Some(result) => b.finish_checked(result),
        None => b.finish_unchecked(),
    }
}

/// Tries each credential; the first that verifies wins, else the last error.
fn first_ok(results: impl IntoIterator<Item = Result<()>>) -> Option<Result<()>> {
    let mut last = None;
    for r in results {
        if r.is_ok() {
            return Some(r);
        }
        last = Some(r);
    }
    last
}

pub(super) fn cloudfront(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::CloudFrontUrl, ctx.now);
    let q = query(input);
    show_query(&mut b, &q);
    let key_pair_id = get(&q, "Key-Pair-Id").unwrap_or("").to_string();
    let exp = match (get(&q, "Expires"), get(&q, "Policy")) {
        (Some(e), _) => e.parse::<i64>().ok(),
        (None, Some(p)) => match cloudfront_b64_decode(p)
            .ok_or_else(|| AuraError::Malformed("Policy is not CloudFront's base64".into()))
            .and_then(|bytes| parse_policy(&bytes))
        {
            Ok(policy) => {
                b.decoded("policy", Value::from(format!("{policy:?}")));
                if let Some(start) = policy.date_greater_than {
                    b.time("nbf", Value::from(start));
                }
                Some(policy.date_less_than)
            }
            Err(e) => {
                b.error(&e, format!("the policy does not decode: {}", e.message()));
                None
            }
        },
        (None, None) => None,
    };
    expiry(&mut b, exp, ctx.now, true);
    let texts = ctx.keys.texts();
    let checked = if texts.is_empty() {
        b.not_checked();
        None
    } else {
        let mut keys = Vec::new();
        for t in &texts {
            keys.push(CloudFrontPublicKey::from_pem(t, &key_pair_id)?);
        }
        let verifier = CloudFrontVerifier::new(keys)?;
        Some(
            verifier
                .verify_url(input, &CloudFrontVerifyOptions::new(ctx.now))
                .map(drop),
        )
    };
    Ok(finish(b, checked))
}

pub(super) fn google(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::GoogleCdnUrl, ctx.now);
    let q = query(input);
    show_query(&mut b, &q);
    let key_name = get(&q, "KeyName").unwrap_or("").to_string();
    expiry(
        &mut b,
        get(&q, "Expires").and_then(|e| e.parse().ok()),
        ctx.now,
        false,
    );
    let texts = ctx.keys.texts();
    let checked = if texts.is_empty() {
        b.not_checked();
        None
    } else {
        // A Cloud CDN key (HMAC) or a Media CDN public key (Ed25519), by what the key text is.
        first_ok(texts.iter().map(|t| {
            // A 32-byte text is an Ed25519 public key; a Cloud CDN key is 16 bytes.
            let mut media = MediaCdnVerifier::new();
            if media.add_public_key_base64(&key_name, t).is_ok() {
                return media.verify_url(input, ctx.now).map(drop);
            }
            let mut cloud = CloudCdnVerifier::new();
            cloud.add_key(&key_name, t)?;
            cloud.verify_url(input, ctx.now).map(drop)
        }))
    };
    Ok(finish(b, checked))
}

fn mux_audience(aud: &str) -> Option<MuxAudience> {
    let playback = [
        "video",
        "thumbnail",
        "gif",
        "storyboard",
        "stats",
        "drm_license",
    ]
    .iter()
    .filter_map(|n| PlaybackType::parse(n).ok())
    .find(|t| t.aud() == aud)
    .map(MuxAudience::Playback);
    playback.or_else(|| {
        ["video", "asset", "playback", "live_stream"]
            .iter()
            .filter_map(|n| ViewerCountType::parse(n).ok())
            .find(|t| t.aud() == aud)
            .map(MuxAudience::ViewerCounts)
    })
}

/// A Mux token: an RS256 JWS whose `aud` is one of Mux's audiences.
pub(super) fn is_mux(claims: &Map<String, Value>) -> bool {
    claims.contains_key("kid")
        && claims.contains_key("sub")
        && claims
            .get("aud")
            .and_then(Value::as_str)
            .and_then(mux_audience)
            .is_some()
}

pub(super) fn mux(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::MuxToken, ctx.now);
    let Some(jws) = b.decode_jws(input) else {
        return Ok(b.finish_unchecked());
    };
    let claims = jws.claims.clone();
    let kid = claims
        .get("kid")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let sub = claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let audience = claims
        .get("aud")
        .and_then(Value::as_str)
        .and_then(mux_audience);
    let exp = claims
        .get("exp")
        .and_then(Value::as_f64)
        .map(|e| e.floor() as i64);
    expiry(&mut b, exp, ctx.now, true);
    let texts = ctx.keys.texts();
    let checked = match (texts.is_empty(), audience) {
        (true, _) | (_, None) => {
            b.not_checked();
            None
        }
        (false, Some(audience)) => {
            let mut keys = Vec::new();
            for t in &texts {
                keys.push(MuxPublicKey::from_any(t, &kid)?);
            }
            let options = MuxVerifyOptions::new(audience, &sub, ctx.now);
            Some(MuxVerifier::new(keys)?.verify(input, &options).map(drop))
        }
    };
    Ok(finish(b, checked))
}

pub(super) fn imgix(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::ImgixUrl, ctx.now);
    let q = query(input);
    show_query(&mut b, &q);
    expiry(
        &mut b,
        get(&q, "expires").and_then(|e| e.parse().ok()),
        ctx.now,
        false,
    );
    let texts = ctx.keys.texts();
    let checked = if texts.is_empty() {
        b.not_checked();
        None
    } else {
        Some(ImgixVerifier::new(&texts)?.verify(input, ctx.now).map(drop))
    };
    Ok(finish(b, checked))
}

pub(super) fn bunny(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::BunnyUrl, ctx.now);
    let q = query(input);
    show_query(&mut b, &q);
    let exp = get(&q, "expires").and_then(|e| e.parse().ok()).or_else(|| {
        let path = url::Url::parse(input).ok()?.path().to_string();
        let at = path.find("expires=")? + "expires=".len();
        path[at..].split(['/', '&']).next()?.parse().ok()
    });
    expiry(&mut b, exp, ctx.now, false);
    let texts = ctx.keys.texts();
    let checked = if texts.is_empty() {
        b.not_checked();
        None
    } else {
        let viewer = BunnyViewer {
            ip: None,
            country: None,
        };
        Some(
            BunnyVerifier::new(&texts)?
                .verify(input, ctx.now, &viewer)
                .map(drop),
        )
    };
    Ok(finish(b, checked))
}

/// The EdgeAuth token and the URL path it is for: `…?__token__=` or
/// `…?hdnts=` on a URL, or a bare `exp=…~hmac=…`.
fn akamai_parts(input: &str) -> (String, Option<String>) {
    match url::Url::parse(input) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {
            let q = query(input);
            let token = get(&q, "__token__")
                .or_else(|| get(&q, "hdnts"))
                .unwrap_or("");
            (token.to_string(), Some(u.path().to_string()))
        }
        _ => (input.to_string(), None),
    }
}

pub(super) fn akamai(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::AkamaiToken, ctx.now);
    let (token, path) = akamai_parts(input);
    let fields: Map<String, Value> = token
        .split('~')
        .filter_map(|f| f.split_once('='))
        .map(|(k, v)| (k.to_string(), Value::from(v)))
        .collect();
    b.decoded("fields", Value::Object(fields.clone()));
    if let Some(st) = fields
        .get("st")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<i64>().ok())
    {
        b.time("nbf", Value::from(st));
        if ctx.now < st {
            b.error(&AuraError::NotYetValid, format!("not valid before {st}"));
        }
    }
    let exp = fields
        .get("exp")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    expiry(&mut b, exp, ctx.now, true);
    let texts = ctx.keys.texts();
    let checked = match (texts.is_empty(), path) {
        (true, _) => {
            b.not_checked();
            None
        }
        (false, path) => {
            let verifier = EdgeAuthVerifier::new(
                &texts,
                EdgeAuthAlgorithm::Sha256,
                &EdgeAuthOptions::default(),
            )?;
            Some(match (fields.contains_key("acl"), path) {
                (true, Some(p)) => verifier.verify_acl(&token, &p, ctx.now, None).map(drop),
                (false, Some(p)) => verifier.verify_url(&token, &p, ctx.now, None).map(drop),
                (_, None) => {
                    b.info(
                        "a bare token: give the URL it came with to check what it grants".into(),
                    );
                    verifier.verify_acl(&token, "/", ctx.now, None).map(drop)
                }
            })
        }
    };
    Ok(finish(b, checked))
}
