//! What the `default` style refuses on top of `aws-js` (see
//! [`super::CloudFrontStyle::Default`]): every refusal is `invalid_input`
//! with the reason; what passes is signed with the `aws-js` bytes.

use super::cidr::strict_cidr;
use super::js_url::{encode_url_path, scheme, Scheme};
use super::policy::parse_policy;
use crate::error::{invalid, Result};
use crate::wildcard::wildcard_matches as resource_matches;

/// The query parameters CloudFront reads for signed URLs (and removes before
/// it compares a canned policy's `Resource` with the request).
pub(crate) const CLOUDFRONT_PARAMS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

fn refuse_rtmp(url: &str) -> Result<()> {
    match scheme(url)? {
        Scheme::Web => Ok(()),
        Scheme::Rtmp => Err(invalid(
            "rtmp: the default style signs http(s) and ws(s) URLs only (CloudFront discontinued RTMP distributions); the aws-js style reproduces the JS signer's stream names",
        )),
    }
}

/// A URL is sendable when a WHATWG parser (what browsers, fetch and curl's
/// URL handling follow) serialises it to exactly the same text and it has no
/// credentials: then the request CloudFront sees carries these bytes.
fn check_sendable(url: &str) -> Result<()> {
    let parsed = url::Url::parse(url)
        .map_err(|e| invalid(format!("URL {url:?} is not a valid URL ({e})")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "URL carries credentials (user:password@), which clients never send to CloudFront",
        ));
    }
    if parsed.as_str() != url {
        return Err(invalid(format!(
            "a client would request {:?}, not {url:?} (host case, default port, dot segments or a missing path); sign the URL in the form clients send",
            parsed.as_str()
        )));
    }
    Ok(())
}

fn refuse_cloudfront_params(url: &str) -> Result<()> {
    let Some((_, query)) = url.split_once('?') else {
        return Ok(());
    };
    for piece in query.split('&') {
        let name = piece.split_once('=').map_or(piece, |(n, _)| n);
        if CLOUDFRONT_PARAMS.contains(&name) {
            return Err(invalid(format!(
                "URL already carries CloudFront's {name} parameter; sign the URL without Expires, Policy, Signature, Key-Pair-Id and Hash-Algorithm"
            )));
        }
    }
    Ok(())
}

/// The URL the default style signs and returns: the JS signer's encoding of
/// `url`, if a client would send exactly that.
pub(crate) fn default_url(url: &str) -> Result<String> {
    refuse_rtmp(url)?;
    let encoded = encode_url_path(url);
    check_sendable(&encoded)?;
    refuse_cloudfront_params(&encoded)?;
    Ok(encoded)
}

/// A cookie `Resource` (never re-encoded, as in the JS signer) must already be
/// written as clients send URLs: printable ASCII without space, `"`, `<`,
/// `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, `#`, every `%` starting an escape;
/// a canned cookie's resource (one exact URL) must also be sendable as is.
pub(crate) fn default_cookie_resource(url: &str, canned: bool) -> Result<()> {
    refuse_rtmp(url)?;
    let b = url.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let bad_escape = c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit));
        if !c.is_ascii_graphic()
            || matches!(
                c,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' | b'#'
            )
            || bad_escape
        {
            return Err(invalid(format!(
                "cookie resource {url:?} is not written as clients send it (byte {i}); percent-encode it first"
            )));
        }
    }
    if canned {
        check_sendable(url)?;
    }
    Ok(())
}

/// The URL would be born expired (often seconds passed where the JS API
/// takes milliseconds, as in `dateLessThan: 1767830400`).
pub(crate) fn check_expiry(date_less_than: i64, now: i64) -> Result<()> {
    if date_less_than <= now {
        return Err(invalid(format!(
            "date_less_than {date_less_than} is not after now ({now}): the result would already be expired"
        )));
    }
    Ok(())
}

/// An explicit policy the default style signs: one CloudFront accepts
/// (strict parse), unexpired at `now`, with a start before its end, a
/// canonical IPv4 `AWS:SourceIp`, and a `Resource` that matches `url`.
pub(crate) fn check_explicit_policy(policy: &str, url: Option<&str>, now: i64) -> Result<()> {
    let statement = parse_policy(policy.as_bytes()).map_err(|e| {
        invalid(format!(
            "policy is not one CloudFront accepts: {}",
            e.message()
        ))
    })?;
    if let Some(url) = url {
        if !resource_matches(&statement.resource, url) {
            return Err(invalid(format!(
                "the policy's Resource {:?} does not match the URL {url:?}; CloudFront would refuse it",
                statement.resource
            )));
        }
    }
    check_expiry(statement.date_less_than, now)?;
    if let Some(start) = statement.date_greater_than {
        if start >= statement.date_less_than {
            return Err(invalid(
                "the policy's DateGreaterThan is not before its DateLessThan",
            ));
        }
    }
    if let Some(ip) = &statement.ip_address {
        strict_cidr(ip)?; // accepts canonical IPv4 (CIDR) text only
    }
    Ok(())
}
