//! Signing: the HMAC-SHA256 `HS256-` token all five signers compute, over
//! what the chosen style reads from the URL.

use std::fmt;

use super::canonical;
use super::ip::ip_bytes;
use super::order::{byte_order, node_order, php_order};
use super::params::Params;
use super::percent::push_unreserved_encoded;
use super::reading::UrlReading;
use super::style::BunnyStyle;
use super::{url_go, url_php, url_python, url_whatwg};
use crate::encoding::push_b64url;
use crate::error::{invalid, Result};
use crate::js::uri::push_encode_uri_component;
use crate::mac::HmacKey;

/// `expirationTime` when none is given: 24 h, in every signer.
pub const DEFAULT_EXPIRATION_TIME: i64 = 86_400;

/// The signers' arguments. As in every reference, an empty string is the
/// same as `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BunnyOptions {
    /// Whose bytes to produce.
    pub style: BunnyStyle,
    /// Seconds from `now` (`expirationTime`); refused when negative, even
    /// with `expires_at` (every signer checks it first).
    pub expiration_time: i64,
    /// An absolute expiry (Unix seconds) instead of `now + expiration_time`.
    pub expires_at: Option<i64>,
    /// Lock the token to this viewer IP (IPv6 to its /64).
    pub user_ip: Option<String>,
    /// The token in the path (`/bcdn_token=…&expires=N/path`, for HLS and
    /// other relative URLs) instead of `?token=…&expires=N`.
    pub directory: bool,
    /// Sign this path prefix instead of the URL's path (`token_path`).
    pub path_allowed: Option<String>,
    /// Comma-separated country codes, passed through as given.
    pub countries_allowed: Option<String>,
    /// Comma-separated country codes (`token_countries_blocked`), passed through
    /// as given.
    pub countries_blocked: Option<String>,
    /// Replace every parameter by `token_ignore_params=true`: the query is
    /// dropped from the URL and the signature, and so are countries and
    /// `limit` (as in every signer).
    pub ignore_params: bool,
    /// `limit` when positive.
    pub speed_limit: i64,
}

impl Default for BunnyOptions {
    fn default() -> Self {
        BunnyOptions {
            style: BunnyStyle::Default,
            expiration_time: DEFAULT_EXPIRATION_TIME,
            expires_at: None,
            user_ip: None,
            directory: false,
            path_allowed: None,
            countries_allowed: None,
            countries_blocked: None,
            ignore_params: false,
            speed_limit: 0,
        }
    }
}

/// The signed URL and what went into its HMAC (for debugging).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedBunnyUrl {
    /// The signed URL, in the query or the directory form.
    pub url: String,
    /// `HS256-[1-]<base64url>`.
    pub token: String,
    /// `expires` (Unix seconds): the last second the URL is valid.
    pub expires: i64,
    /// The path in the HMAC message: `path_allowed`, else the URL's path as
    /// the style reads it (U+FFFD where Go's decoded path is not UTF-8).
    pub signature_path: String,
    /// `name=value&…` with raw values, as hashed (after the IP bytes).
    pub signing_data: String,
}

/// A Bunny token authentication key, prepared once. The key is the pull
/// zone's text used as UTF-8 bytes (never trimmed or decoded).
#[derive(Clone)]
pub struct BunnySigner {
    key: HmacKey,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Control characters anywhere, or spaces at either end, are refused in
/// every style: each reference strips, removes or keeps them differently.
fn check_url_text(url: &str) -> Result<()> {
    if url.bytes().any(|b| b.is_ascii_control()) || url.trim() != url {
        return Err(invalid(
            "the URL contains control characters or surrounding whitespace",
        ));
    }
    Ok(())
}

fn read(url: &str, style: BunnyStyle) -> Result<UrlReading> {
    match style {
        BunnyStyle::Default | BunnyStyle::Python => url_python::read(url),
        BunnyStyle::Node => url_whatwg::read_node(url),
        BunnyStyle::Rust => url_whatwg::read_rust(url),
        BunnyStyle::Go => url_go::read(url),
        BunnyStyle::Php => url_php::read(url),
    }
}

fn duplicate_error(name: &[u8]) -> crate::AuraError {
    invalid(format!(
        "duplicate query parameter {:?} is not supported",
        String::from_utf8_lossy(name)
    ))
}

impl BunnySigner {
    /// `security_key` is the pull zone's token authentication key, used as its
    /// UTF-8 bytes. An empty key is `invalid_input`.
    pub fn new(security_key: &str) -> Result<Self> {
        if security_key.is_empty() {
            return Err(invalid("security_key must not be empty"));
        }
        Ok(BunnySigner {
            key: HmacKey::new(security_key),
        })
    }

    /// Signs `url` as `options.style` does, valid until
    /// `options.expires_at`, else `now + options.expiration_time`.
    pub fn sign(&self, url: &str, options: &BunnyOptions, now: i64) -> Result<SignedBunnyUrl> {
        let o = options;
        let style = o.style;
        if o.expiration_time < 0 {
            return Err(invalid("expiration_time must be non-negative"));
        }
        check_url_text(url)?;
        if style == BunnyStyle::Default {
            canonical::check(url, o)?;
        }
        let reading = read(url, style)?;

        let mut pairs = reading.pairs;
        if style == BunnyStyle::Node {
            // `queryParams["__proto__"] = v` sets the prototype, not a property.
            pairs.retain(|(name, _)| name != b"__proto__");
        }
        let mut params = Params::from_pairs(pairs);
        let python = matches!(style, BunnyStyle::Default | BunnyStyle::Python);
        if !python {
            if let Some(name) = params.duplicate() {
                return Err(duplicate_error(name));
            }
        }
        for (name, value) in [
            ("token_countries", given(&o.countries_allowed)),
            ("token_countries_blocked", given(&o.countries_blocked)),
        ] {
            if let Some(value) = value {
                if style == BunnyStyle::Php && params.contains(name.as_bytes()) {
                    return Err(duplicate_error(name.as_bytes()));
                }
                params.set(name.as_bytes(), value.as_bytes().to_vec());
            }
        }
        if o.speed_limit > 0 {
            params.set(b"limit", o.speed_limit.to_string().into_bytes());
        }
        if python && !o.ignore_params {
            // `parse_qs` lists: a name still holding two values is refused.
            if let Some(name) = params.duplicate() {
                return Err(duplicate_error(name));
            }
        }

        let expires = match o.expires_at {
            Some(at) => at,
            None => now
                .checked_add(o.expiration_time)
                .ok_or_else(|| invalid("expiration overflows"))?,
        };

        let mut parameters = if o.ignore_params {
            let mut only = Params::default();
            only.set(b"token_ignore_params", b"true".to_vec());
            only
        } else {
            params
        };
        if let Some(path) = given(&o.path_allowed) {
            parameters.set(b"token_path", path.as_bytes().to_vec());
        }
        let mut parameters = parameters.into_pairs();
        match style {
            BunnyStyle::Node => node_order(&mut parameters)?,
            BunnyStyle::Php => php_order(&mut parameters)?,
            _ => byte_order(&mut parameters),
        }

        let mut signing_data = Vec::new();
        let mut url_data = Vec::new();
        for (i, (name, value)) in parameters.iter().enumerate() {
            if i > 0 {
                signing_data.push(b'&');
                url_data.push(b'&');
            }
            for out in [&mut signing_data, &mut url_data] {
                out.extend_from_slice(name);
                out.push(b'=');
            }
            signing_data.extend_from_slice(value);
            if style == BunnyStyle::Node {
                let mut encoded = String::new();
                push_encode_uri_component(&mut encoded, &String::from_utf8_lossy(value));
                url_data.extend_from_slice(encoded.as_bytes());
            } else {
                push_unreserved_encoded(&mut url_data, value);
            }
        }

        let ip = given(&o.user_ip).map(|t| ip_bytes(t, style)).transpose()?;
        let signature_path: &[u8] = match given(&o.path_allowed) {
            Some(path) => path.as_bytes(),
            None => &reading.path,
        };
        let expires_text = expires.to_string();
        let mut message =
            Vec::with_capacity(signature_path.len() + expires_text.len() + 16 + signing_data.len());
        message.extend_from_slice(signature_path);
        message.extend_from_slice(expires_text.as_bytes());
        message.extend_from_slice(ip.as_deref().unwrap_or_default());
        message.extend_from_slice(&signing_data);
        let mut token = String::from(if ip.is_some() { "HS256-1-" } else { "HS256-" });
        push_b64url(&mut token, &self.key.sign(&message));

        let mut out = reading.base;
        let tail = |out: &mut Vec<u8>| {
            if !url_data.is_empty() {
                out.push(b'&');
                out.extend_from_slice(&url_data);
            }
            out.extend_from_slice(b"&expires=");
            out.extend_from_slice(expires_text.as_bytes());
        };
        if o.directory {
            out.extend_from_slice(b"/bcdn_token=");
            out.extend_from_slice(token.as_bytes());
            tail(&mut out);
            out.extend_from_slice(&reading.path);
        } else {
            out.extend_from_slice(&reading.path);
            out.extend_from_slice(b"?token=");
            out.extend_from_slice(token.as_bytes());
            tail(&mut out);
        }
        let url = String::from_utf8(out).map_err(|_| {
            invalid(format!(
                "the {} signer would print bytes that are not UTF-8 (a decoded path or name)",
                style.as_str()
            ))
        })?;
        Ok(SignedBunnyUrl {
            url,
            token,
            expires,
            signature_path: String::from_utf8_lossy(signature_path).into_owned(),
            signing_data: String::from_utf8_lossy(&signing_data).into_owned(),
        })
    }
}

impl fmt::Debug for BunnySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BunnySigner(<redacted>)")
    }
}

/// One-shot form of [`BunnySigner::sign`].
pub fn sign_bunny_url(
    url: &str,
    security_key: &str,
    options: &BunnyOptions,
    now: i64,
) -> Result<SignedBunnyUrl> {
    BunnySigner::new(security_key)?.sign(url, options, now)
}
