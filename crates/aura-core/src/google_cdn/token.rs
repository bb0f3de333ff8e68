//! Media CDN tokens (`media_cdn/dualtoken.py` `sign_token`): Ed25519,
//! HMAC-SHA1 or HMAC-SHA256 over `~`-joined fields.

use super::key::{python_urlsafe_b64decode, Ed25519Seed, HmacBytes};
use super::text::{b64u_unpadded, check_time, python_strip};
use super::Signed;
use crate::error::{invalid, Result};
use crate::mac::hex_lower;

/// The expiry when none is given: `now + 1 hour`, as the sample.
pub const DEFAULT_TOKEN_LIFETIME: i64 = 3600;

/// `signature_algorithm` (case-insensitive in the sample).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenAlgorithm {
    /// `Signature=` + unpadded base64url Ed25519 (32-byte seed).
    Ed25519,
    /// `hmac=` + lowercase hex HMAC-SHA1.
    HmacSha1,
    /// `hmac=` + lowercase hex HMAC-SHA256.
    HmacSha256,
}

impl TokenAlgorithm {
    /// `ed25519`, `sha1`, `sha256`, any case; otherwise `invalid_input`.
    pub fn from_name(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "ed25519" => Ok(TokenAlgorithm::Ed25519),
            "sha1" => Ok(TokenAlgorithm::HmacSha1),
            "sha256" => Ok(TokenAlgorithm::HmacSha256),
            _ => Err(invalid(
                "signature_algorithm can only be one of sha1, sha256 or ed25519",
            )),
        }
    }
}

/// The one resource a token covers (the sample's precedence, FullPath >
/// PathGlobs > URLPrefix, is the caller's choice of variant).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenResource {
    /// `URLPrefix=` + unpadded base64url of the prefix (not stripped).
    UrlPrefix(String),
    /// Signed as `FullPath=<path>`, written as `FullPath` (not stripped).
    FullPath(String),
    /// `PathGlobs=<globs>` (stripped, as the sample), globs separated by
    /// `,` or `!`.
    PathGlobs(String),
}

/// `sign_token`'s optional arguments; an empty string is the same as `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaCdnTokenOptions {
    /// What the token covers (`URLPrefix`, `FullPath` or `PathGlobs`).
    pub resource: TokenResource,
    /// `Starts=`, written when given (also 0).
    pub starts: Option<i64>,
    /// `Expires=`; `now + DEFAULT_TOKEN_LIFETIME` when `None`.
    pub expires: Option<i64>,
    /// `SessionID=`; must not contain `~` (`invalid_input`).
    pub session_id: Option<String>,
    /// `Data=`; must not contain `~` (`invalid_input`).
    pub data: Option<String>,
    /// `(name, value)`: the token lists the names, the signature covers
    /// `name=value`.
    pub headers: Vec<(String, String)>,
    /// Comma-separated CIDRs, ASCII; written base64url (unpadded).
    pub ip_ranges: Option<String>,
}

impl MediaCdnTokenOptions {
    /// Options for `resource`, everything else unset (`Expires` defaults to
    /// `now + DEFAULT_TOKEN_LIFETIME`).
    pub fn new(resource: TokenResource) -> Self {
        MediaCdnTokenOptions {
            resource,
            starts: None,
            expires: None,
            session_id: None,
            data: None,
            headers: Vec::new(),
            ip_ranges: None,
        }
    }
}

#[derive(Debug)]
enum TokenKey {
    Ed25519(Ed25519Seed),
    Sha1(HmacBytes),
    Sha256(HmacBytes),
}

/// A token signing key, prepared once.
#[derive(Debug)]
pub struct MediaCdnTokenSigner {
    key: TokenKey,
}

fn no_tilde(what: &str, value: &str) -> Result<()> {
    if value.contains('~') {
        return Err(invalid(format!(
            "{what} must not contain ~ (the field separator)"
        )));
    }
    Ok(())
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

impl MediaCdnTokenSigner {
    /// `base64_key` as the sample decodes it; Ed25519 needs the 32-byte
    /// seed, HMAC takes any length.
    pub fn new(base64_key: &str, algorithm: TokenAlgorithm) -> Result<Self> {
        let bytes = python_urlsafe_b64decode(base64_key)?;
        let key = match algorithm {
            TokenAlgorithm::Ed25519 => TokenKey::Ed25519(Ed25519Seed::from_seed(&bytes)?),
            TokenAlgorithm::HmacSha1 => TokenKey::Sha1(HmacBytes::new(bytes)),
            TokenAlgorithm::HmacSha256 => TokenKey::Sha256(HmacBytes::new(bytes)),
        };
        Ok(MediaCdnTokenSigner { key })
    }

    /// The Ed25519 public key (`None` for HMAC keys).
    pub fn public_key(&self) -> Option<[u8; 32]> {
        match &self.key {
            TokenKey::Ed25519(k) => Some(k.public_key()),
            _ => None,
        }
    }

    /// `sign_token`. Refused with `invalid_input` where the sample writes
    /// a token the edge cannot split: `~` in any value; a header name that
    /// is empty or has `,` or `=`; a header value with `,`; and non-ASCII
    /// `ip_ranges` (the sample raises).
    pub fn sign(&self, options: &MediaCdnTokenOptions, now: i64) -> Result<Signed> {
        let o = options;
        let mut token: Vec<String> = Vec::new();
        let mut signed: Vec<String> = Vec::new();
        match &o.resource {
            TokenResource::FullPath(path) => {
                no_tilde("full_path", path)?;
                token.push("FullPath".into());
                signed.push(format!("FullPath={path}"));
            }
            TokenResource::PathGlobs(globs) => {
                let globs = python_strip(globs);
                no_tilde("path_globs", globs)?;
                let field = format!("PathGlobs={globs}");
                token.push(field.clone());
                signed.push(field);
            }
            TokenResource::UrlPrefix(prefix) => {
                let field = format!("URLPrefix={}", b64u_unpadded(prefix.as_bytes()));
                token.push(field.clone());
                signed.push(field);
            }
        }
        let mut both = |field: String| {
            token.push(field.clone());
            signed.push(field);
        };
        if let Some(starts) = o.starts {
            check_time("starts", starts)?;
            both(format!("Starts={starts}"));
        }
        let expires = match o.expires {
            Some(e) => e,
            None => now
                .checked_add(DEFAULT_TOKEN_LIFETIME)
                .ok_or_else(|| invalid("expiration overflows"))?,
        };
        check_time("expires", expires)?;
        both(format!("Expires={expires}"));
        if let Some(session) = given(&o.session_id) {
            no_tilde("session_id", session)?;
            both(format!("SessionID={session}"));
        }
        if let Some(data) = given(&o.data) {
            no_tilde("data", data)?;
            both(format!("Data={data}"));
        }
        if !o.headers.is_empty() {
            for (name, value) in &o.headers {
                if name.is_empty() || name.contains([',', '=', '~']) || value.contains([',', '~']) {
                    return Err(invalid(
                        "header names must be non-empty without , = ~ and values without , ~",
                    ));
                }
            }
            let names: Vec<&str> = o.headers.iter().map(|(n, _)| n.as_str()).collect();
            let pairs: Vec<String> = o.headers.iter().map(|(n, v)| format!("{n}={v}")).collect();
            token.push(format!("Headers={}", names.join(",")));
            signed.push(format!("Headers={}", pairs.join(",")));
        }
        if let Some(ranges) = given(&o.ip_ranges) {
            if !ranges.is_ascii() {
                return Err(invalid("ip_ranges must be ASCII"));
            }
            let field = format!("IPRanges={}", b64u_unpadded(ranges.as_bytes()));
            token.push(field.clone());
            signed.push(field);
        }
        let string_to_sign = signed.join("~");
        let msg = string_to_sign.as_bytes();
        token.push(match &self.key {
            TokenKey::Ed25519(k) => format!("Signature={}", b64u_unpadded(&k.sign(msg))),
            TokenKey::Sha1(k) => format!("hmac={}", hex_lower(&k.sha1(msg))),
            TokenKey::Sha256(k) => format!("hmac={}", hex_lower(&k.sha256(msg))),
        });
        Ok(Signed {
            value: token.join("~"),
            string_to_sign,
        })
    }
}
