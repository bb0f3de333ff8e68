//! Verifying Media CDN tokens (`dualtoken.py` format) for one request.

use std::net::IpAddr;

use super::key::{python_urlsafe_b64decode, Ed25519Public, HmacBytes};
use super::parse::{RULE_HEADERS, RULE_IP_RANGES, RULE_PATH, RULE_URL_PREFIX};
use super::text::{b64u_decode_either, parse_seconds};
use crate::cloudfront::cidr::Cidr;
use crate::error::{malformed, AuraError, Result};
use crate::mac::ct_eq;

/// The request a token is presented with.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokenRequest<'a> {
    /// The full request URL (for `URLPrefix`).
    pub url: &'a str,
    /// The request path (for `FullPath` and `PathGlobs`).
    pub path: &'a str,
    /// Request headers (names case-insensitive), for `Headers`.
    pub headers: &'a [(&'a str, &'a str)],
    /// The viewer's IP, needed for `IPRanges`.
    pub ip: Option<IpAddr>,
}

/// What a verified token grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaCdnTokenGrant {
    /// `Starts` (Unix seconds), when the token has one.
    pub starts: Option<i64>,
    /// `Expires` (Unix seconds): the last second the token is valid.
    pub expires: i64,
    /// `SessionID`, as written.
    pub session_id: Option<String>,
    /// `Data`, as written.
    pub data: Option<String>,
    /// The names listed in `Headers`, as written in the token.
    pub header_names: Vec<String>,
    /// `IPRanges`, decoded from base64url (comma-separated CIDRs).
    pub ip_ranges: Option<String>,
}

/// Ed25519 public keys and HMAC secrets a token may be signed with (tokens
/// carry no key name: every key of the signature's kind is tried).
#[derive(Clone, Debug, Default)]
pub struct MediaCdnTokenVerifier {
    ed25519: Vec<Ed25519Public>,
    hmac: Vec<HmacBytes>,
}

/// `*` matches any run of characters (also `/`); everything else itself.
fn glob_matches(glob: &[u8], path: &[u8]) -> bool {
    let (mut g, mut p) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while p < path.len() {
        if g < glob.len() && glob[g] == b'*' {
            star = Some(g);
            mark = p;
            g += 1;
        } else if g < glob.len() && glob[g] == path[p] {
            g += 1;
            p += 1;
        } else if let Some(s) = star {
            g = s + 1;
            mark += 1;
            p = mark;
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&c| c == b'*')
}

fn denied(rule_index: usize) -> AuraError {
    AuraError::AccessDenied { rule_index }
}

impl MediaCdnTokenVerifier {
    /// A verifier with no keys; add Ed25519 public keys and HMAC secrets.
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts a 32-byte Ed25519 public key; any other length is `invalid_key`.
    pub fn add_ed25519_public_key(&mut self, public_key: &[u8]) -> Result<()> {
        self.ed25519.push(Ed25519Public::new(public_key)?);
        Ok(())
    }

    /// As [`add_ed25519_public_key`](Self::add_ed25519_public_key), from
    /// base64url text, padded or not (as [`super::MediaCdnVerifier`] reads it).
    pub fn add_ed25519_public_key_base64(&mut self, text: &str) -> Result<()> {
        self.add_ed25519_public_key(&super::key::b64decode_pad_optional(text)?)
    }

    /// An HMAC shared secret as base64url text (Python decoding).
    pub fn add_hmac_key(&mut self, base64_key: &str) -> Result<()> {
        self.hmac
            .push(HmacBytes::new(python_urlsafe_b64decode(base64_key)?));
        Ok(())
    }

    /// Fields in `sign_token`'s order, each at most once; the signature
    /// (any trusted key of its kind, `bad_signature`) over the fields with
    /// `FullPath=<request path>` and `Headers=<name=value,…>` from the
    /// request; then `Starts <= now` (`not_yet_valid`), `now <= Expires`
    /// (`expired`), and `access_denied` for a URL outside `URLPrefix`
    /// ([`RULE_URL_PREFIX`]), a path outside `FullPath`/`PathGlobs`
    /// ([`RULE_PATH`]), a missing signed header ([`RULE_HEADERS`]), an IP
    /// outside `IPRanges` or unknown ([`RULE_IP_RANGES`]).
    pub fn verify(
        &self,
        token: &str,
        request: &TokenRequest<'_>,
        now: i64,
    ) -> Result<MediaCdnTokenGrant> {
        let mut fields: Vec<&str> = token.split('~').collect();
        let last = fields.pop().unwrap_or_default();
        if fields.is_empty() {
            return Err(malformed("token has no fields before the signature"));
        }
        let mut signed: Vec<String> = Vec::with_capacity(fields.len());
        let mut grant = MediaCdnTokenGrant {
            starts: None,
            expires: -1,
            session_id: None,
            data: None,
            header_names: Vec::new(),
            ip_ranges: None,
        };
        let mut url_prefix = None;
        let mut globs = None;
        const ORDER: [&str; 6] = [
            "Starts",
            "Expires",
            "SessionID",
            "Data",
            "Headers",
            "IPRanges",
        ];
        let mut next = 0;
        for (i, field) in fields.iter().enumerate() {
            if i == 0 {
                if *field == "FullPath" {
                    signed.push(format!("FullPath={}", request.path));
                } else if let Some(g) = field.strip_prefix("PathGlobs=") {
                    globs = Some(g);
                    signed.push(field.to_string());
                } else if let Some(p) = field.strip_prefix("URLPrefix=") {
                    let bytes = b64u_decode_either(p)
                        .ok_or_else(|| malformed("URLPrefix is not base64url"))?;
                    url_prefix = Some(
                        String::from_utf8(bytes)
                            .map_err(|_| malformed("URLPrefix is not UTF-8"))?,
                    );
                    signed.push(field.to_string());
                } else {
                    return Err(malformed(
                        "a token starts with FullPath, PathGlobs= or URLPrefix=",
                    ));
                }
                continue;
            }
            let (name, value) = field
                .split_once('=')
                .ok_or_else(|| malformed("a token field is not name=value"))?;
            let at = ORDER[next..]
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| malformed(format!("unexpected or repeated field {name:?}")))?;
            next += at + 1;
            match name {
                "Starts" => {
                    grant.starts =
                        Some(parse_seconds(value).ok_or_else(|| malformed("bad Starts"))?)
                }
                "Expires" => {
                    grant.expires = parse_seconds(value).ok_or_else(|| malformed("bad Expires"))?
                }
                "SessionID" => grant.session_id = Some(value.to_string()),
                "Data" => grant.data = Some(value.to_string()),
                "Headers" => {
                    let mut pairs = Vec::new();
                    for header in value.split(',') {
                        let found = request
                            .headers
                            .iter()
                            .find(|(n, _)| n.eq_ignore_ascii_case(header))
                            .ok_or_else(|| denied(RULE_HEADERS))?;
                        pairs.push(format!("{header}={}", found.1));
                        grant.header_names.push(header.to_string());
                    }
                    signed.push(format!("Headers={}", pairs.join(",")));
                    continue;
                }
                _ => {
                    let bytes = b64u_decode_either(value)
                        .ok_or_else(|| malformed("IPRanges is not base64url"))?;
                    grant.ip_ranges = Some(
                        String::from_utf8(bytes).map_err(|_| malformed("IPRanges is not text"))?,
                    );
                }
            }
            signed.push(field.to_string());
        }
        if grant.expires < 0 {
            return Err(malformed("token has no Expires"));
        }
        let msg = signed.join("~");
        let msg = msg.as_bytes();
        let ok = if let Some(sig) = last.strip_prefix("Signature=") {
            let sig =
                b64u_decode_either(sig).ok_or_else(|| malformed("Signature is not base64url"))?;
            self.ed25519.iter().any(|k| k.verify(msg, &sig))
        } else if let Some(hex) = last.strip_prefix("hmac=") {
            if hex.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(malformed("hmac must be lowercase hex"));
            }
            let tag = hex::decode(hex).map_err(|_| malformed("hmac is not hex"))?;
            match tag.len() {
                20 => self.hmac.iter().any(|k| ct_eq(&k.sha1(msg), &tag)),
                32 => self.hmac.iter().any(|k| ct_eq(&k.sha256(msg), &tag)),
                _ => return Err(malformed("hmac is neither SHA-1 nor SHA-256 length")),
            }
        } else {
            return Err(malformed("token does not end with Signature= or hmac="));
        };
        if !ok {
            return Err(AuraError::BadSignature);
        }
        if grant.starts.is_some_and(|s| now < s) {
            return Err(AuraError::NotYetValid);
        }
        if now > grant.expires {
            return Err(AuraError::Expired);
        }
        if url_prefix.is_some_and(|p| !request.url.starts_with(p.as_str())) {
            return Err(denied(RULE_URL_PREFIX));
        }
        if let Some(globs) = globs {
            if !globs
                .split([',', '!'])
                .any(|g| glob_matches(g.as_bytes(), request.path.as_bytes()))
            {
                return Err(denied(RULE_PATH));
            }
        }
        if let Some(ranges) = &grant.ip_ranges {
            let ip = request.ip.ok_or_else(|| denied(RULE_IP_RANGES))?;
            if !ranges
                .split(',')
                .filter_map(|r| Cidr::parse(r.trim()))
                .any(|c| c.contains(ip))
            {
                return Err(denied(RULE_IP_RANGES));
            }
        }
        Ok(grant)
    }
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn globs() {
        assert!(glob_matches(b"/*", b"/a/b"));
        assert!(glob_matches(b"/tv/*.m3u8", b"/tv/x/y.m3u8"));
        assert!(!glob_matches(b"/tv/*", b"/film/a"));
        assert!(glob_matches(b"/a", b"/a"));
        assert!(!glob_matches(b"/a", b"/ab"));
    }
}
