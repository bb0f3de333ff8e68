//! Cloudflare Images signed delivery URLs.

use serde_json::{Map, Value};

use super::detect::Kind;
use super::report::{expired_message, Builder, Report, SignatureMismatch};
use super::Context;
use crate::error::{AuraError, Result};
use crate::images::{check_exp, parse_signed_url, ImagesVerifier, CUSTOM_DOMAIN_PREFIX};
use crate::mac::HmacKey;

/// What the URL path and query say, for display.
fn describe(input: &str) -> Value {
    let mut out = Map::new();
    if let Ok(u) = url::Url::parse(input) {
        out.insert("host".into(), Value::from(u.host_str().unwrap_or("")));
        let path = u.path();
        let (custom, account) = match path.strip_prefix(CUSTOM_DOMAIN_PREFIX) {
            Some(rest) if rest.starts_with('/') => (true, rest),
            _ => (false, path),
        };
        out.insert("custom_domain".into(), Value::Bool(custom));
        let segments: Vec<&str> = account.trim_start_matches('/').split('/').collect();
        if let [hash, id, variant @ ..] = segments.as_slice() {
            out.insert("account_hash".into(), Value::from(*hash));
            out.insert("image_id".into(), Value::from(*id));
            if !variant.is_empty() {
                out.insert("variant".into(), Value::from(variant.join("/")));
            }
        }
        let query: Vec<Value> = u
            .query_pairs()
            .map(|(n, v)| Value::from(vec![n.into_owned(), v.into_owned()]))
            .collect();
        out.insert("query".into(), Value::Array(query));
    }
    Value::Object(out)
}

fn variant_of(input: &str) -> String {
    url::Url::parse(input)
        .ok()
        .and_then(|u| u.path().rsplit('/').next().map(String::from))
        .unwrap_or_default()
}

pub(super) fn url(input: &str, ctx: &Context<'_>) -> Result<Report> {
    let mut b = Builder::new(Kind::ImagesUrl, ctx.now);
    b.decoded("url", describe(input));
    let parts = match parse_signed_url(input) {
        Ok(p) => p,
        Err(e) => {
            b.error(&e, format!("not a signed Images URL: {}", e.message()));
            return Ok(b.finish_unchecked());
        }
    };
    b.time("exp", Value::from(parts.exp));
    b.decoded("string_to_sign", Value::from(parts.string_to_sign.as_str()));

    let secrets = ctx.keys.texts();
    let verifier = if secrets.is_empty() {
        b.not_checked();
        None
    } else {
        let verifier = ImagesVerifier::new(&secrets)?;
        if !verifier.matches(&parts) {
            let key = HmacKey::new(secrets[0]);
            let expected = ctx
                .keys
                .shown(hex::encode(key.sign(parts.string_to_sign.as_bytes())));
            let actual = hex::encode(&parts.sig);
            let which = if secrets.len() > 1 {
                format!("with the first of the {} given keys", secrets.len())
            } else {
                "with the given key".into()
            };
            b.mismatch(
                format!(
                    "signature mismatch: the signed string was `{}`; {which} the signature would be `{expected}` but the URL carries `{actual}`",
                    parts.string_to_sign
                ),
                SignatureMismatch {
                    signed: parts.string_to_sign.clone(),
                    expected: Some(expected),
                    actual,
                    encoding: "hex",
                },
            );
            let worker = format!("{CUSTOM_DOMAIN_PREFIX}{}", parts.string_to_sign);
            if parts.custom_domain
                && secrets
                    .iter()
                    .any(|s| HmacKey::new(s).verify(worker.as_bytes(), &parts.sig))
            {
                b.info(format!(
                    "the signature is over the custom-domain path `{worker}` (what the docs Worker signs); the edge verifies the account path: sign in default mode"
                ));
            }
        }
        Some(verifier)
    };
    if let Err(e) = check_exp(parts.exp, ctx.now) {
        b.error(&e, expired_message(parts.exp as f64, ctx.now));
    }
    if parts.flexible_variant {
        b.error(
            &AuraError::FlexibleVariantNotSignable,
            format!(
                "flexible variant `{}` on a signed Images URL: Cloudflare never serves these signed; use a named variant",
                variant_of(input)
            ),
        );
    }
    match verifier {
        None => Ok(b.finish_unchecked()),
        Some(v) => Ok(b.finish_checked(v.verify(input, ctx.now).map(drop))),
    }
}
