//! Reading signed URLs and cookies back (shared by the Cloud CDN and Media
//! CDN verifiers), and what a verified one grants.

use super::text::{b64u_decode_either, parse_seconds};
use crate::error::{malformed, AuraError, Result};

/// `AccessDenied { rule_index }` when the request URL does not start with
/// the signed `URLPrefix`.
pub const RULE_URL_PREFIX: usize = 0;
/// `AccessDenied { rule_index }` when a token's `FullPath` / `PathGlobs`
/// does not match the request path.
pub const RULE_PATH: usize = 1;
/// `AccessDenied { rule_index }` when the viewer IP is outside a token's
/// `IPRanges` (or unknown).
pub const RULE_IP_RANGES: usize = 2;
/// `AccessDenied { rule_index }` when a header a token signs is missing.
pub const RULE_HEADERS: usize = 3;

/// What a verified signed URL or cookie grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoogleCdnGrant {
    /// The `KeyName` the signature was checked with.
    pub key_name: String,
    /// `Expires` (Unix seconds): the last second the signature is valid.
    pub expires: i64,
    /// The signed `URLPrefix`, decoded; `None` for a whole-URL signature.
    pub url_prefix: Option<String>,
}

/// One way to read the signed text: whole URL, or `URLPrefix` policy.
pub(crate) struct Candidate<'a> {
    pub signed: &'a str,
    pub key_name: &'a str,
    pub expires: i64,
    pub url_prefix: Option<String>,
    pub request_url: &'a str,
}

pub(crate) struct Parsed<'a> {
    pub signature: Vec<u8>,
    pub candidates: Vec<Candidate<'a>>,
}

fn decode_prefix(b64: &str) -> Option<String> {
    String::from_utf8(b64u_decode_either(b64)?).ok()
}

fn signature_of(text: &str) -> Result<Vec<u8>> {
    b64u_decode_either(text).ok_or_else(|| malformed("Signature is not base64url"))
}

/// `…[?&]Expires=E&KeyName=K&Signature=S` (whole URL signed) or
/// `…[?&]URLPrefix=P&Expires=E&KeyName=K&Signature=S` (policy signed; also
/// read as a whole URL when its signature does not match the policy).
pub(crate) fn parse_signed_url(url: &str) -> Result<Parsed<'_>> {
    let sig_at = url
        .rfind("&Signature=")
        .ok_or_else(|| malformed("no &Signature= parameter"))?;
    let signature = signature_of(&url[sig_at + "&Signature=".len()..])?;
    let signed_all = &url[..sig_at];
    let key_at = signed_all
        .rfind("&KeyName=")
        .ok_or_else(|| malformed("no &KeyName= before the signature"))?;
    let key_name = &signed_all[key_at + "&KeyName=".len()..];
    if key_name.contains('&') {
        return Err(malformed("KeyName must directly precede Signature"));
    }
    let head = &signed_all[..key_at];
    let exp_at = head
        .rfind("Expires=")
        .filter(|&p| p > 0 && matches!(head.as_bytes()[p - 1], b'?' | b'&'))
        .ok_or_else(|| malformed("no Expires= before KeyName"))?;
    let expires = parse_seconds(&head[exp_at + "Expires=".len()..])
        .ok_or_else(|| malformed("Expires must be whole Unix seconds"))?;
    let before = &head[..exp_at - 1];

    let mut candidates = Vec::new();
    if head.as_bytes()[exp_at - 1] == b'&' {
        if let Some(q) = before
            .rfind("URLPrefix=")
            .filter(|&q| q > 0 && matches!(before.as_bytes()[q - 1], b'?' | b'&'))
        {
            let b64 = &before[q + "URLPrefix=".len()..];
            if let Some(prefix) = decode_prefix(b64).filter(|_| !b64.contains('&')) {
                candidates.push(Candidate {
                    signed: &signed_all[q..],
                    key_name,
                    expires,
                    url_prefix: Some(prefix),
                    request_url: &before[..q - 1],
                });
            }
        }
    }
    candidates.push(Candidate {
        signed: signed_all,
        key_name,
        expires,
        url_prefix: None,
        request_url: before,
    });
    Ok(Parsed {
        signature,
        candidates,
    })
}

/// `[NAME=]URLPrefix=P:Expires=E:KeyName=K:Signature=S`.
pub(crate) fn parse_cookie<'a>(
    cookie: &'a str,
    name: &str,
    request_url: &'a str,
) -> Result<Parsed<'a>> {
    let value = cookie
        .strip_prefix(name)
        .and_then(|v| v.strip_prefix('='))
        .unwrap_or(cookie);
    let sig_at = value
        .rfind(":Signature=")
        .ok_or_else(|| malformed("no :Signature= field"))?;
    let signature = signature_of(&value[sig_at + ":Signature=".len()..])?;
    let policy = &value[..sig_at];
    let fields: Vec<&str> = policy.split(':').collect();
    let [prefix, expires, key_name] = fields[..] else {
        return Err(malformed(
            "cookie is not URLPrefix=…:Expires=…:KeyName=…:Signature=…",
        ));
    };
    let prefix = prefix
        .strip_prefix("URLPrefix=")
        .and_then(decode_prefix)
        .ok_or_else(|| malformed("URLPrefix is not base64url of UTF-8 text"))?;
    let expires = expires
        .strip_prefix("Expires=")
        .and_then(parse_seconds)
        .ok_or_else(|| malformed("Expires must be whole Unix seconds"))?;
    let key_name = key_name
        .strip_prefix("KeyName=")
        .ok_or_else(|| malformed("no KeyName field"))?;
    Ok(Parsed {
        signature,
        candidates: vec![Candidate {
            signed: policy,
            key_name,
            expires,
            url_prefix: Some(prefix),
            request_url,
        }],
    })
}

/// Tries each reading with `check` (signature under the named key), then
/// the expiry (valid while `now <= expires`) and the prefix.
pub(crate) fn verify_parsed(
    parsed: Parsed<'_>,
    now: i64,
    check: impl Fn(&str, &[u8], &[u8]) -> Result<()>,
) -> Result<GoogleCdnGrant> {
    let mut error = AuraError::BadSignature;
    for c in parsed.candidates {
        match check(c.key_name, c.signed.as_bytes(), &parsed.signature) {
            Ok(()) => {
                if now > c.expires {
                    return Err(AuraError::Expired);
                }
                if let Some(prefix) = &c.url_prefix {
                    if !c.request_url.starts_with(prefix.as_str()) {
                        return Err(AuraError::AccessDenied {
                            rule_index: RULE_URL_PREFIX,
                        });
                    }
                }
                return Ok(GoogleCdnGrant {
                    key_name: c.key_name.to_string(),
                    expires: c.expires,
                    url_prefix: c.url_prefix,
                });
            }
            Err(e) => error = e,
        }
    }
    Err(error)
}
