//! AuraImage upload tokens, serve tokens and signed URLs.

use serde_json::{Map, Value};

use super::detect::Kind;
use super::report::{expired_message, seconds_of, Builder, Report, SignatureMismatch};
use super::Context;
use crate::auraimage::parse_serve_path;
use crate::auraimage::{
    check_exp, check_serve_payload, check_signature, signature_b64, split_token,
    upload_token_project_name, ExpectedImage, ServeTokenVerifier, UploadTokenVerifier,
    MAX_SERVE_TTL_SEC,
};
use crate::error::{AuraError, Result};
use crate::mac::non_empty_keys;

/// A bare upload or serve token.
pub(super) fn token(input: &str, kind: Kind, ctx: &Context<'_>) -> Result<Report> {
    let b = Builder::new(kind, ctx.now);
    let expected = match (&ctx.expect.project, &ctx.expect.name) {
        (Some(project), Some(name)) => Some((project.clone(), name.clone())),
        _ => None,
    };
    check_token(b, input, kind, expected, ctx, "token")
}

/// `…/{project}/{transform?}/{name}?token=…`: the token must be for the
/// path's project and name (known extensions stripped).
pub(super) fn url(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::AuraImageUrl, ctx.now);
    let u = url::Url::parse(input).map_err(|e| AuraError::Malformed(e.to_string()))?;
    let tokens: Vec<String> = u
        .query_pairs()
        .filter(|(n, _)| n == "token")
        .map(|(_, v)| v.into_owned())
        .collect();
    let mut described = Map::new();
    described.insert(
        "origin".into(),
        Value::from(u.origin().ascii_serialization()),
    );
    described.insert("path".into(), Value::from(u.path()));
    let from_path = match parse_serve_path(u.path()) {
        Ok(p) => {
            described.insert("project".into(), Value::from(p.project.as_str()));
            if let Some(t) = &p.transform {
                described.insert("transform".into(), Value::from(t.as_str()));
            }
            described.insert("name".into(), Value::from(p.name.as_str()));
            if let Some(e) = &p.extension {
                described.insert("extension".into(), Value::from(e.as_str()));
            }
            Some((p.project, p.name))
        }
        Err(e) => {
            b.info(format!(
                "cannot read /{{project}}/{{transform?}}/{{name}} from the path: {}",
                e.message()
            ));
            None
        }
    };
    b.decoded("url", Value::Object(described));
    if tokens.len() > 1 {
        b.info(format!(
            "the URL has {} token parameters; the first is checked",
            tokens.len()
        ));
    }
    let expected = match (&ctx.expect.project, &ctx.expect.name) {
        (Some(project), Some(name)) => Some((project.clone(), name.clone())),
        _ => from_path,
    };
    let token = tokens.first().map_or("", String::as_str);
    check_token(b, token, Kind::ServeToken, expected, ctx, "URL")
}

fn string_of<'m>(payload: &'m Map<String, Value>, key: &str) -> &'m str {
    payload.get(key).and_then(Value::as_str).unwrap_or("?")
}

/// Plain words for a refusal of the payload checks.
fn explain(
    e: &AuraError,
    payload: &Map<String, Value>,
    expected: Option<&(String, String)>,
    now: i64,
    from_url: bool,
) -> String {
    match e {
        AuraError::Expired => match payload.get("exp").and_then(seconds_of) {
            Some(exp) => expired_message(exp, now),
            None => e.message(),
        },
        AuraError::WrongImage => {
            let (p, f) = (string_of(payload, "p"), string_of(payload, "f"));
            let (ep, en) = expected.map_or(("?", "?"), |(a, b)| (a.as_str(), b.as_str()));
            let what = if from_url {
                "the URL is for"
            } else {
                "expected"
            };
            let mut msg = format!("wrong image (token for {p}/{f}, {what} {ep}/{en})");
            if from_url && ep != p {
                msg.push_str(
                    "; if the CDN URL has a base path, pass the project and name expected explicitly",
                );
            }
            msg
        }
        AuraError::Malformed(m) => {
            let mut msg = format!("malformed: {m}");
            if payload.contains_key("projectName") && !payload.contains_key("p") {
                msg.push_str(" (this is an upload token, not a serve token)");
            }
            msg
        }
        other => other.message(),
    }
}

fn check_token(
    mut b: Builder,
    token: &str,
    kind: Kind,
    expected: Option<(String, String)>,
    ctx: &Context<'_>,
    carrier: &str,
) -> Result<Report> {
    let now = ctx.now;
    let parts = match split_token(token) {
        Ok(p) => p,
        Err(e) => {
            b.error(&e, format!("malformed token: {}", e.message()));
            return Ok(b.finish_unchecked());
        }
    };
    let payload = &parts.payload;
    b.decoded("payload", Value::Object(payload.clone()));
    for claim in ["iat", "exp"] {
        b.time_from(payload, claim);
    }
    let image = expected
        .as_ref()
        .map(|(project, name)| ExpectedImage { project, name });
    let claims = match kind {
        Kind::ServeToken => check_serve_payload(payload, now, image),
        _ => check_exp(payload, now),
    };

    let secrets = ctx.keys.texts();
    if secrets.is_empty() {
        b.not_checked();
    } else {
        let keys = non_empty_keys(&secrets);
        match check_signature(&parts, &keys) {
            Ok(()) => {}
            Err(AuraError::BadSignature) => {
                let expected_sig = ctx.keys.shown(signature_b64(parts.signed, &keys[0]));
                let which = if keys.len() > 1 {
                    format!("with the first of the {} given secrets", keys.len())
                } else {
                    "with the given secret".into()
                };
                b.mismatch(
                    format!(
                        "signature mismatch: the signed string was `{}`; {which} the signature would be `{expected_sig}` but the {carrier} carries `{}`",
                        parts.signed, parts.signature_b64
                    ),
                    SignatureMismatch {
                        signed: parts.signed.to_string(),
                        expected: Some(expected_sig),
                        actual: parts.signature_b64.to_string(),
                        encoding: "base64url",
                    },
                );
            }
            Err(e) => b.error(&e, format!("malformed: {}", e.message())),
        }
    }
    if let Err(e) = &claims {
        let message = explain(e, payload, expected.as_ref(), now, carrier == "URL");
        b.error(e, message);
    }
    if kind == Kind::UploadToken {
        if let Err(e @ AuraError::MissingProjectName) = upload_token_project_name(token) {
            b.warning(
                &e,
                "no projectName: a verifier that looks secrets up by project refuses it".into(),
            );
        }
    }
    if kind == Kind::ServeToken {
        if let Some(exp) = payload.get("exp").and_then(seconds_of) {
            if exp - now as f64 > MAX_SERVE_TTL_SEC as f64 {
                b.info(format!(
                    "exp is more than 7 days ({MAX_SERVE_TTL_SEC} s) away: getSignedUrl never signs that far ahead"
                ));
            }
        }
    }

    if secrets.is_empty() {
        return Ok(b.finish_unchecked());
    }
    let verdict = match kind {
        Kind::ServeToken => ServeTokenVerifier::new(&secrets)?
            .verify(token, now, image)
            .map(drop),
        _ => UploadTokenVerifier::new(&secrets)?
            .verify(token, now)
            .map(drop),
    };
    Ok(b.finish_checked(verdict))
}
