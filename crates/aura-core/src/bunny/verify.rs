//! Verifying a Bunny token URL (query or directory form) signed by any of
//! the five signers: the HMAC over what the URL carries, the expiry, and the
//! signed restrictions for one viewer.

use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;

use super::percent::{decode_lenient, decode_strict};
use super::reading::split_pair;
use crate::encoding::b64url_decode_strict;
use crate::error::{invalid, malformed, AuraError, Result};
use crate::mac::{required_keys, HmacKey};

/// `AccessDenied { rule_index }` for a request outside `token_path`.
pub const RULE_PATH_ALLOWED: usize = 0;
/// `AccessDenied { rule_index }` for a viewer country not in `token_countries`
/// (or unknown).
pub const RULE_COUNTRIES_ALLOWED: usize = 1;
/// `AccessDenied { rule_index }` for a viewer country in
/// `token_countries_blocked` (or unknown).
pub const RULE_COUNTRIES_BLOCKED: usize = 2;

/// Who is asking. The IP is needed for an IP-locked token (`HS256-1-`); the
/// country for a token with a country list (unknown → refused).
#[derive(Clone, Copy, Debug, Default)]
pub struct BunnyViewer<'a> {
    /// The viewer's IP address (IPv4, or IPv6; IPv4-mapped IPv6 is read as IPv4).
    pub ip: Option<&'a str>,
    /// ISO 3166-1 alpha-2, any case.
    pub country: Option<&'a str>,
}

/// What a verified URL grants: only signed parameters are reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BunnyToken {
    /// `expires` (Unix seconds): the last second the URL is valid.
    pub expires: i64,
    /// The token was in the path (`/bcdn_token=…`).
    pub directory: bool,
    /// The token is bound to the viewer's IP (`HS256-1-`).
    pub ip_locked: bool,
    /// `token_path`: the path prefix the token grants, as signed.
    pub path_allowed: Option<String>,
    /// `token_countries`, as signed (comma-separated).
    pub countries_allowed: Option<String>,
    /// `token_countries_blocked`, as signed (comma-separated).
    pub countries_blocked: Option<String>,
    /// `limit`, as signed.
    pub speed_limit: Option<String>,
    /// `token_ignore_params=true`: other query parameters are not covered.
    pub ignore_params: bool,
}

/// Several keys (rotation); each is tried in constant time.
#[derive(Clone)]
pub struct BunnyVerifier {
    keys: Vec<HmacKey>,
}

struct Param {
    name: Vec<u8>,
    value: Vec<u8>,
}

/// `%XX` with upper-case hex only (every signer's output); lower-case hex
/// would let one URL be written two ways.
fn decode_component(raw: &[u8]) -> Result<Vec<u8>> {
    let mut i = 0;
    while let Some(p) = raw[i..].iter().position(|&b| b == b'%') {
        let at = i + p;
        if raw[at + 1..(at + 3).min(raw.len())]
            .iter()
            .any(u8::is_ascii_lowercase)
        {
            return Err(malformed("percent-escapes must use upper-case hex"));
        }
        i = at + 1;
    }
    decode_strict(raw).ok_or_else(|| malformed("a % is not followed by two hex digits"))
}

fn parse_params(text: &str) -> Result<Vec<Param>> {
    let mut seen = HashSet::new();
    let mut params = Vec::new();
    for piece in text.as_bytes().split(|&b| b == b'&') {
        if piece.is_empty() {
            continue;
        }
        let (name, value) = split_pair(piece);
        let param = Param {
            name: decode_component(name)?,
            value: decode_component(value)?,
        };
        if !seen.insert(param.name.clone()) {
            return Err(malformed(format!(
                "parameter {:?} appears more than once",
                String::from_utf8_lossy(&param.name)
            )));
        }
        params.push(param);
    }
    Ok(params)
}

/// `HS256-` + optional `1-` (IP-locked) + 43 base64url characters.
fn parse_token(token: &[u8]) -> Result<(bool, Vec<u8>)> {
    let body = token
        .strip_prefix(b"HS256-")
        .ok_or_else(|| malformed("token does not start with HS256-"))?;
    let (ip_locked, b64) = match body.len() {
        43 => (false, body),
        45 if body.starts_with(b"1-") => (true, &body[2..]),
        _ => {
            return Err(malformed(
                "token is not HS256-[1-]<43 base64url characters>",
            ))
        }
    };
    let mac = std::str::from_utf8(b64)
        .ok()
        .and_then(b64url_decode_strict)
        .filter(|m| m.len() == 32)
        .ok_or_else(|| malformed("token signature is not canonical base64url of 32 bytes"))?;
    Ok((ip_locked, mac))
}

fn parse_expires(value: &[u8]) -> Result<i64> {
    if value.is_empty() || value.len() > 18 || !value.iter().all(u8::is_ascii_digit) {
        return Err(malformed("expires must be a Unix time in whole seconds"));
    }
    Ok(std::str::from_utf8(value)
        .unwrap()
        .parse()
        .expect("18 digits fit"))
}

/// The viewer's IP as hashed: IPv4 as 4 bytes (also when written as
/// IPv4-mapped IPv6, as dual-stack servers report IPv4 clients), IPv6 as
/// its /64.
fn viewer_ip_bytes(text: &str) -> Result<Vec<u8>> {
    let ip: IpAddr = text
        .parse()
        .map_err(|_| invalid("viewer IP is not an IP address"))?;
    Ok(match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => {
                let mut o = v6.octets();
                o[8..].fill(0);
                o.to_vec()
            }
        },
    })
}

fn country_listed(list: &str, country: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .any(|c| !c.is_empty() && c.eq_ignore_ascii_case(country.trim()))
}

fn text(bytes: &[u8]) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| malformed("a signed parameter is not UTF-8"))
}

impl BunnyVerifier {
    /// Trusts each non-empty key (rotation); without one it is `invalid_input`.
    pub fn new(keys: &[&str]) -> Result<Self> {
        Ok(BunnyVerifier {
            keys: required_keys(keys, "Bunny security key")?,
        })
    }

    /// The signed grants when a key signed `url`, `now <= expires`, and the
    /// viewer passes the signed restrictions. The host is not covered by
    /// Bunny's signature (the key belongs to one pull zone).
    pub fn verify(&self, url: &str, now: i64, viewer: &BunnyViewer<'_>) -> Result<BunnyToken> {
        if url.bytes().any(|b| b.is_ascii_control()) {
            return Err(malformed("URL contains control characters"));
        }
        let after_scheme = url
            .split_once("://")
            .map(|(_, r)| r)
            .ok_or_else(|| malformed("not an absolute URL"))?;
        let rest = &after_scheme[after_scheme
            .find(['/', '?', '#'])
            .unwrap_or(after_scheme.len())..];
        let rest = rest.split('#').next().unwrap_or("");

        let directory = rest.starts_with("/bcdn_token=");
        let (path, params_text, extra_query) = if directory {
            let segment_end = rest[1..].find('/').map_or(rest.len(), |i| i + 1);
            let after = &rest[segment_end..];
            let (path, query) = after.split_once('?').unwrap_or((after, ""));
            (path, &rest[1..segment_end], query)
        } else {
            let (path, query) = rest
                .split_once('?')
                .ok_or_else(|| malformed("URL has no token"))?;
            (path, query, "")
        };
        let params = parse_params(params_text)?;
        let token_name: &[u8] = if directory { b"bcdn_token" } else { b"token" };
        if directory && params.first().is_none_or(|p| p.name != token_name) {
            return Err(malformed(
                "directory token segment must start with bcdn_token",
            ));
        }
        let find = |name: &[u8]| params.iter().find(|p| p.name == name);
        let token = find(token_name).ok_or_else(|| malformed("URL has no token"))?;
        let (ip_locked, mac) = parse_token(&token.value)?;
        let expires = parse_expires(
            &find(b"expires")
                .ok_or_else(|| malformed("URL has no expires"))?
                .value,
        )?;

        let ignore_params = find(b"token_ignore_params").is_some_and(|p| p.value == b"true");
        if directory && !extra_query.is_empty() && !ignore_params {
            return Err(malformed(
                "query parameters after a directory token are not covered by it",
            ));
        }
        let signed: Vec<&Param> = params
            .iter()
            .filter(|p| p.name != token_name && p.name != b"expires")
            .filter(|p| {
                !ignore_params || p.name == b"token_ignore_params" || p.name == b"token_path"
            })
            .collect();
        let signed_value = |name: &[u8]| signed.iter().find(|p| p.name == name).map(|p| &p.value);

        let path_allowed = signed_value(b"token_path");
        let signature_path: &[u8] = path_allowed.map_or(path.as_bytes(), |v| v.as_slice());
        let ip = if ip_locked {
            let text = viewer.ip.ok_or_else(|| {
                invalid("the token is locked to an IP address: the viewer IP is required")
            })?;
            viewer_ip_bytes(text)?
        } else {
            Vec::new()
        };
        let mut message = Vec::with_capacity(signature_path.len() + 64);
        message.extend_from_slice(signature_path);
        message.extend_from_slice(expires.to_string().as_bytes());
        message.extend_from_slice(&ip);
        for (i, p) in signed.iter().enumerate() {
            if i > 0 {
                message.push(b'&');
            }
            message.extend_from_slice(&p.name);
            message.push(b'=');
            message.extend_from_slice(&p.value);
        }
        if !self.keys.iter().any(|k| k.verify(&message, &mac)) {
            return Err(AuraError::BadSignature);
        }
        if now > expires {
            return Err(AuraError::Expired);
        }

        let claims = BunnyToken {
            expires,
            directory,
            ip_locked,
            path_allowed: path_allowed.map(|v| text(v)).transpose()?,
            countries_allowed: signed_value(b"token_countries")
                .map(|v| text(v))
                .transpose()?,
            countries_blocked: signed_value(b"token_countries_blocked")
                .map(|v| text(v))
                .transpose()?,
            speed_limit: signed_value(b"limit").map(|v| text(v)).transpose()?,
            ignore_params,
        };
        if let Some(prefix) = &path_allowed {
            if !decode_lenient(path.as_bytes()).starts_with(prefix) {
                return Err(AuraError::AccessDenied {
                    rule_index: RULE_PATH_ALLOWED,
                });
            }
        }
        if let Some(list) = &claims.countries_allowed {
            if !viewer.country.is_some_and(|c| country_listed(list, c)) {
                return Err(AuraError::AccessDenied {
                    rule_index: RULE_COUNTRIES_ALLOWED,
                });
            }
        }
        if let Some(list) = &claims.countries_blocked {
            if viewer.country.is_none_or(|c| country_listed(list, c)) {
                return Err(AuraError::AccessDenied {
                    rule_index: RULE_COUNTRIES_BLOCKED,
                });
            }
        }
        Ok(claims)
    }
}

impl fmt::Debug for BunnyVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BunnyVerifier({} keys)", self.keys.len())
    }
}

/// One-shot form of [`BunnyVerifier::verify`].
pub fn verify_bunny_url(
    url: &str,
    keys: &[&str],
    now: i64,
    viewer: &BunnyViewer<'_>,
) -> Result<BunnyToken> {
    BunnyVerifier::new(keys)?.verify(url, now, viewer)
}
