//! Verifying EdgeAuth tokens as the edge would: fields in order, the HMAC
//! with one of the keys, `st`/`exp`, the bound IP and the ACL.

use std::fmt;
use std::net::IpAddr;

use super::acl::acl_matches;
use super::algorithm::EdgeAuthAlgorithm;
use super::escape::{escape, escapes_differ};
use super::key::EdgeAuthKey;
use super::options::{given, EdgeAuthOptions, EdgeAuthStyle};
use crate::error::{invalid, malformed, AuraError, Result};
use crate::mac::ct_eq;

/// `AccessDenied { rule_index }` when the viewer IP is not the token's `ip`.
pub const RULE_IP: usize = 0;
/// `AccessDenied { rule_index }` when the path matches none of the ACLs.
pub const RULE_ACL: usize = 1;

/// The fields of a verified token, as written in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeAuthClaims {
    /// `ip=`, as written (still escaped when `escape_early` was used).
    pub ip: Option<String>,
    /// `st=` (Unix seconds), when present.
    pub start: Option<i64>,
    /// `exp=` (Unix seconds): the first second the token is refused.
    pub expires: i64,
    /// ACL tokens: the entries, split on the ACL delimiter.
    pub acl: Option<Vec<String>>,
    /// `id=`, as written.
    pub session_id: Option<String>,
    /// `data=`, as written.
    pub payload: Option<String>,
}

/// The edge's side: trusted keys (rotation) and the property's token
/// settings (algorithm, delimiters, salt, escape_early and its style).
#[derive(Clone)]
pub struct EdgeAuthVerifier {
    keys: Vec<EdgeAuthKey>,
    algorithm: EdgeAuthAlgorithm,
    settings: EdgeAuthOptions,
}

const ORDER: [&str; 7] = ["ip", "st", "exp", "acl", "id", "data", "hmac"];

struct Parsed<'a> {
    fields: Vec<(&'a str, &'a str)>,
    mac: Vec<u8>,
}

fn time_field(name: &str, value: &str) -> Result<i64> {
    if value.is_empty() || value.len() > 18 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(format!(
            "{name} must be a Unix time in whole seconds"
        )));
    }
    Ok(value.parse().expect("18 digits fit"))
}

/// The viewer's address, IPv4-mapped IPv6 read as IPv4.
fn normalized(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn unescape(text: &str, plus_is_space: bool) -> String {
    let spaced = if plus_is_space {
        text.replace('+', " ")
    } else {
        text.to_string()
    };
    let bytes = spaced.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match pair
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl EdgeAuthVerifier {
    /// `settings` are read for style, delimiters, salt and escape_early
    /// (its time and value fields are ignored).
    pub fn new(
        keys: &[&str],
        algorithm: EdgeAuthAlgorithm,
        settings: &EdgeAuthOptions,
    ) -> Result<Self> {
        let keys = keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(|k| EdgeAuthKey::parse(k))
            .collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Err(invalid("at least one non-empty EdgeAuth key is required"));
        }
        if settings.field_delimiter.is_empty() {
            return Err(invalid("field_delimiter must not be empty"));
        }
        Ok(EdgeAuthVerifier {
            keys,
            algorithm,
            settings: settings.clone(),
        })
    }

    fn parse<'a>(&self, token: &'a str, acl_token: bool) -> Result<Parsed<'a>> {
        let mut fields = Vec::new();
        let mut next = 0;
        for piece in token.split(self.settings.field_delimiter.as_str()) {
            let (name, value) = piece
                .split_once('=')
                .ok_or_else(|| malformed(format!("token field {piece:?} is not name=value")))?;
            let position = ORDER[next..]
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| {
                    malformed(format!("unexpected or out-of-order token field {name:?}"))
                })?;
            next += position + 1;
            fields.push((name, value));
        }
        let (last, value) = fields.pop().ok_or_else(|| malformed("empty token"))?;
        if last != "hmac" {
            return Err(malformed("token does not end with hmac="));
        }
        let want = self.algorithm.output_len() * 2;
        if value.len() != want
            || !value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(malformed(format!(
                "hmac must be {want} lowercase hex digits for {}",
                self.algorithm.as_str()
            )));
        }
        if !fields.iter().any(|(n, _)| *n == "exp") {
            return Err(malformed("token has no exp="));
        }
        if fields.iter().any(|(n, _)| *n == "acl") != acl_token {
            return Err(malformed(if acl_token {
                "an ACL token needs acl="
            } else {
                "a URL token has no acl= (this is an ACL token)"
            }));
        }
        Ok(Parsed {
            fields,
            mac: hex::decode(value).expect("checked hex"),
        })
    }

    fn check(
        &self,
        parsed: &Parsed<'_>,
        url: Option<&str>,
        now: i64,
        viewer_ip: Option<&str>,
    ) -> Result<EdgeAuthClaims> {
        let s = &self.settings;
        let mut hashed: Vec<String> = parsed
            .fields
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        if let Some(url) = url {
            let url = if s.escape_early {
                if s.style == EdgeAuthStyle::Default && escapes_differ(url) {
                    return Err(invalid(
                        "the URL has a space, ~, !, ( or ), which the Node and Python packages escape differently; verify with style node or python",
                    ));
                }
                escape(url, s.style)
            } else {
                url.to_string()
            };
            hashed.push(format!("url={url}"));
        }
        if let Some(salt) = given(&s.salt) {
            hashed.push(format!("salt={salt}"));
        }
        let message = hashed.join(&s.field_delimiter);
        if !self.keys.iter().any(|k| {
            ct_eq(
                &self.algorithm.mac(k.bytes(), message.as_bytes()),
                &parsed.mac,
            )
        }) {
            return Err(AuraError::BadSignature);
        }

        let field = |name: &str| {
            parsed
                .fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| *v)
        };
        let start = field("st").map(|v| time_field("st", v)).transpose()?;
        let expires = time_field("exp", field("exp").expect("checked"))?;
        if start.is_some_and(|st| now < st) {
            return Err(AuraError::NotYetValid);
        }
        if now >= expires {
            return Err(AuraError::Expired);
        }
        if let Some(ip) = field("ip") {
            let bound = if s.escape_early {
                unescape(ip, s.style != EdgeAuthStyle::Node)
            } else {
                ip.to_string()
            };
            let viewer = viewer_ip.ok_or_else(|| {
                invalid("the token is bound to an IP address: the viewer IP is required")
            })?;
            let viewer_addr = viewer
                .parse::<IpAddr>()
                .map_err(|_| invalid("viewer IP is not an IP address"))?;
            let same = match bound.parse::<IpAddr>() {
                Ok(addr) => normalized(addr) == normalized(viewer_addr),
                Err(_) => bound == viewer,
            };
            if !same {
                return Err(AuraError::AccessDenied {
                    rule_index: RULE_IP,
                });
            }
        }
        Ok(EdgeAuthClaims {
            ip: field("ip").map(String::from),
            start,
            expires,
            acl: field("acl").map(|a| {
                if s.acl_delimiter.is_empty() {
                    vec![a.to_string()]
                } else {
                    a.split(s.acl_delimiter.as_str())
                        .map(String::from)
                        .collect()
                }
            }),
            session_id: field("id").map(String::from),
            payload: field("data").map(String::from),
        })
    }

    /// A URL token for `url` (the path and query the edge hashes).
    pub fn verify_url(
        &self,
        token: &str,
        url: &str,
        now: i64,
        viewer_ip: Option<&str>,
    ) -> Result<EdgeAuthClaims> {
        let parsed = self.parse(token, false)?;
        self.check(&parsed, Some(url), now, viewer_ip)
    }

    /// An ACL token for a request to `path`: one ACL entry must match it.
    pub fn verify_acl(
        &self,
        token: &str,
        path: &str,
        now: i64,
        viewer_ip: Option<&str>,
    ) -> Result<EdgeAuthClaims> {
        let parsed = self.parse(token, true)?;
        let claims = self.check(&parsed, None, now, viewer_ip)?;
        let acl = claims.acl.as_deref().unwrap_or_default();
        if !acl.iter().any(|entry| acl_matches(entry, path)) {
            return Err(AuraError::AccessDenied {
                rule_index: RULE_ACL,
            });
        }
        Ok(claims)
    }
}

impl fmt::Debug for EdgeAuthVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EdgeAuthVerifier({} keys, {})",
            self.keys.len(),
            self.algorithm.as_str()
        )
    }
}
