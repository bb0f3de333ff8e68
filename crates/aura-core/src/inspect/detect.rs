//! What an input is, from its shape alone.

use serde::Serialize;
use serde_json::{Map, Value};

use super::report::{Builder, Report};
use crate::auraimage::split_token;
use crate::encoding::b64url_decode_strict;
use crate::error::AuraError;
use crate::images::CUSTOM_DOMAIN_PREFIX;

/// What [`detect`] takes an input to be; serialises in snake_case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `b64url(payload).sig` with `projectName`/`maxSize`/`allowedTypes`/`iat`.
    UploadToken,
    /// `b64url(payload).sig` with `p`/`f`.
    ServeToken,
    /// `…/{project}/{transform?}/{name}?token=…`.
    AuraImageUrl,
    /// `…?exp=…&sig=…` (imagedelivery.net or a custom domain).
    ImagesUrl,
    /// An RS256 JWS with Stream claims (`kid`, `accessRules`, `downloadable`).
    StreamToken,
    /// `videodelivery.net/<TOKEN>/…`, `customer-<CODE>.cloudflarestream.com/<TOKEN>/…`.
    StreamUrl,
    /// Any other JWS.
    Jwt,
    /// `…?Expires=|Policy=…&Signature=…&Key-Pair-Id=…`.
    CloudFrontUrl,
    /// `…?Expires=…&KeyName=…&Signature=…` (Cloud CDN or Media CDN).
    GoogleCdnUrl,
    /// An RS256 JWS with Mux's `aud` (`v`, `t`, `g`, `s`, `d`, …).
    MuxToken,
    /// `…?…&s=<32 hex>`.
    ImgixUrl,
    /// `…?token=HS256-…&expires=…` or `/bcdn_token=…/`.
    BunnyUrl,
    /// `exp=…~hmac=…`, bare or as `?__token__=` / `?hdnts=`.
    AkamaiToken,
    /// None of the above.
    Unknown,
}

impl Kind {
    /// A human-readable name, e.g. `AuraImage serve token`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::UploadToken => "AuraImage upload token",
            Kind::ServeToken => "AuraImage serve token",
            Kind::AuraImageUrl => "AuraImage signed URL",
            Kind::ImagesUrl => "Cloudflare Images signed URL",
            Kind::StreamToken => "Cloudflare Stream token",
            Kind::StreamUrl => "Cloudflare Stream URL",
            Kind::Jwt => "JWT",
            Kind::CloudFrontUrl => "AWS CloudFront signed URL",
            Kind::GoogleCdnUrl => "Google Cloud CDN / Media CDN signed URL",
            Kind::MuxToken => "Mux signed token",
            Kind::ImgixUrl => "imgix signed URL",
            Kind::BunnyUrl => "Bunny token-authenticated URL",
            Kind::AkamaiToken => "Akamai EdgeAuth token",
            Kind::Unknown => "unrecognised input",
        }
    }
}

pub(crate) fn http_url(input: &str) -> Option<url::Url> {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        url::Url::parse(input).ok()
    } else {
        None
    }
}

/// Stream delivery hosts (cloudflare.md §2.5).
pub(crate) fn is_stream_host(host: &str) -> bool {
    host == "videodelivery.net"
        || host.ends_with(".videodelivery.net")
        || (host.starts_with("customer-") && host.ends_with(".cloudflarestream.com"))
}

fn json_object(part: &str) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&b64url_decode_strict(part)?) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// Header and claims of a three-part token, when both decode.
fn jws_objects(input: &str) -> Option<(Map<String, Value>, Map<String, Value>)> {
    let mut parts = input.split('.');
    let (h, c) = (parts.next()?, parts.next()?);
    let header = json_object(h)?;
    header.contains_key("alg").then_some(())?;
    Some((header, json_object(c)?))
}

pub(crate) fn is_rs256_jws(input: &str) -> bool {
    jws_objects(input).is_some_and(|(h, _)| h.get("alg") == Some(&Value::from("RS256")))
}

fn classify_payload(payload: &Map<String, Value>) -> Kind {
    let has = |k: &str| payload.contains_key(k);
    if has("p") || has("f") {
        Kind::ServeToken
    } else if ["projectName", "maxSize", "allowedTypes", "iat"]
        .iter()
        .any(|k| has(k))
    {
        Kind::UploadToken
    } else {
        Kind::Unknown
    }
}

fn detect_url(u: &url::Url) -> Kind {
    let host = u.host_str().unwrap_or("");
    if is_stream_host(host) {
        return Kind::StreamUrl;
    }
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    let has = |n: &str| pairs.iter().any(|(m, _)| m == n);
    let value = |n: &str| pairs.iter().find(|(m, _)| m == n).map(|(_, v)| v.as_str());
    if has("Signature") && has("Key-Pair-Id") {
        Kind::CloudFrontUrl
    } else if has("Signature") && has("KeyName") {
        Kind::GoogleCdnUrl
    } else if has("__token__") || has("hdnts") {
        Kind::AkamaiToken
    } else if value("token").is_some_and(|t| t.starts_with("HS256-"))
        || u.path().contains("bcdn_token=")
    {
        Kind::BunnyUrl
    } else if value("s").is_some_and(|s| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        Kind::ImgixUrl
    } else if has("sig") || has("exp") {
        Kind::ImagesUrl
    } else if has("token") {
        Kind::AuraImageUrl
    } else if host == "imagedelivery.net"
        || u.path().starts_with(&format!("{CUSTOM_DOMAIN_PREFIX}/"))
    {
        Kind::ImagesUrl
    } else {
        Kind::Unknown
    }
}

/// What `input` (trimmed) looks like. A JWS whose claims carry `kid`,
/// `accessRules` or `downloadable` is a Stream token (every Stream producer
/// puts `kid` in the claims); any other JWS is a general JWT.
pub fn detect(input: &str) -> Kind {
    let input = input.trim();
    if let Some(u) = http_url(input) {
        return detect_url(&u);
    }
    if ["exp=", "st=", "ip="].iter().any(|p| input.starts_with(p)) && input.contains("hmac=") {
        return Kind::AkamaiToken;
    }
    match input.matches('.').count() {
        2 => match jws_objects(input) {
            Some((_, claims)) if super::cdns::is_mux(&claims) => Kind::MuxToken,
            Some((_, claims))
                if ["kid", "accessRules", "downloadable"]
                    .iter()
                    .any(|k| claims.contains_key(*k)) =>
            {
                Kind::StreamToken
            }
            Some(_) => Kind::Jwt,
            None => Kind::Unknown,
        },
        1 => split_token(input).map_or(Kind::Unknown, |p| classify_payload(&p.payload)),
        _ => Kind::Unknown,
    }
}

/// Why an input is none of the known kinds.
pub(super) fn unknown(input: &str, now: i64) -> Report {
    let mut b = Builder::new(Kind::Unknown, now);
    let reason = if input.is_empty() {
        "empty input".to_string()
    } else if let Some(u) = http_url(input) {
        format!(
            "a URL without a token: no ?token= (AuraImage), no ?exp=&sig= (Cloudflare Images), and {} is not a Stream delivery host",
            u.host_str().unwrap_or("its host")
        )
    } else {
        match input.matches('.').count() {
            1 => match split_token(input) {
                Err(e) => format!(
                    "looks like an AuraImage token (payload.signature), but {}",
                    e.message()
                ),
                Ok(parts) => {
                    b.decoded("payload", Value::Object(parts.payload));
                    "the payload has neither p/f (serve token) nor projectName/maxSize/allowedTypes/iat (upload token)".into()
                }
            },
            2 => match crate::jws::parse(input) {
                Err(e) => format!(
                    "looks like a JWT (header.claims.signature), but {}",
                    e.message()
                ),
                Ok(_) => "looks like a JWT, but its header has no alg".into(),
            },
            _ => "neither a token (parts joined by '.') nor an http(s) URL".into(),
        }
    };
    b.error(
        &AuraError::Malformed(reason.clone()),
        format!("malformed: {reason}"),
    );
    b.finish_unchecked()
}
