//! Bunny CDN token authentication (`HS256-` tokens): a signer holding the
//! pull zone's key, six styles (the five official signers and a default),
//! and a verifier.

use aura_core::bunny as core;
use std::fmt;
use std::sync::Arc;

use crate::errors::{guard, Result};

/// Whose bytes: `Default` (the Python signer's, refusing inputs a client
/// would not request as signed), `Node`, `Python`, `Go`, `Rust`, `Php`.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BunnyStyle {
    Default,
    Node,
    Python,
    Go,
    Rust,
    Php,
}

impl From<BunnyStyle> for core::BunnyStyle {
    fn from(s: BunnyStyle) -> Self {
        match s {
            BunnyStyle::Default => core::BunnyStyle::Default,
            BunnyStyle::Node => core::BunnyStyle::Node,
            BunnyStyle::Python => core::BunnyStyle::Python,
            BunnyStyle::Go => core::BunnyStyle::Go,
            BunnyStyle::Rust => core::BunnyStyle::Rust,
            BunnyStyle::Php => core::BunnyStyle::Php,
        }
    }
}

/// The reference's `is_directory` default: true for the Python signer only.
#[uniffi::export]
pub fn bunny_default_is_directory(style: BunnyStyle) -> bool {
    core::BunnyStyle::from(style).default_is_directory()
}

/// The signers' arguments; an empty string is the same as `null`.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct BunnyOptions {
    #[uniffi(default = None)]
    pub style: Option<BunnyStyle>,
    /// Seconds from `now`; refused when negative, even with `expires_at`.
    #[uniffi(default = 86400)]
    pub expiration_time: i64,
    /// An absolute expiry (Unix seconds) instead of `now + expiration_time`.
    #[uniffi(default = None)]
    pub expires_at: Option<i64>,
    /// Lock the token to this viewer IP (IPv6 to its /64).
    #[uniffi(default = None)]
    pub user_ip: Option<String>,
    /// The token in the path (`/bcdn_token=…&expires=N/path`) instead of
    /// `?token=…&expires=N`.
    #[uniffi(default = false)]
    pub directory: bool,
    /// Sign this path prefix instead of the URL's path (`token_path`).
    #[uniffi(default = None)]
    pub path_allowed: Option<String>,
    /// Comma-separated country codes.
    #[uniffi(default = None)]
    pub countries_allowed: Option<String>,
    #[uniffi(default = None)]
    pub countries_blocked: Option<String>,
    /// Sign `token_ignore_params=true` instead of the parameters.
    #[uniffi(default = false)]
    pub ignore_params: bool,
    /// `limit` when positive.
    #[uniffi(default = 0)]
    pub speed_limit: i64,
}

fn core_options(o: &BunnyOptions) -> core::BunnyOptions {
    core::BunnyOptions {
        style: o.style.map(Into::into).unwrap_or_default(),
        expiration_time: o.expiration_time,
        expires_at: o.expires_at,
        user_ip: o.user_ip.clone(),
        directory: o.directory,
        path_allowed: o.path_allowed.clone(),
        countries_allowed: o.countries_allowed.clone(),
        countries_blocked: o.countries_blocked.clone(),
        ignore_params: o.ignore_params,
        speed_limit: o.speed_limit,
    }
}

/// The signed URL and what went into its HMAC (for debugging; no key).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct SignedBunnyUrl {
    pub url: String,
    /// `HS256-[1-]<base64url>`.
    pub token: String,
    pub expires: i64,
    pub signature_path: String,
    /// `name=value&…` with raw values, as hashed.
    pub signing_data: String,
}

/// A pull zone's token authentication key, prepared once.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct BunnySigner {
    inner: core::BunnySigner,
}

#[uniffi::export]
impl BunnySigner {
    #[uniffi::constructor]
    pub fn new(security_key: String) -> Result<Arc<Self>> {
        guard(|| core::BunnySigner::new(&security_key)).map(|inner| Arc::new(BunnySigner { inner }))
    }

    /// Valid until `options.expires_at`, else `now + options.expiration_time`.
    pub fn sign(&self, url: String, options: BunnyOptions, now: i64) -> Result<SignedBunnyUrl> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .sign(&url, &core_options(&options), now)
                .map(|s| SignedBunnyUrl {
                    url: s.url,
                    token: s.token,
                    expires: s.expires,
                    signature_path: s.signature_path,
                    signing_data: s.signing_data,
                })
        })
    }
}

impl fmt::Display for BunnySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for BunnySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Who is asking: the IP for an IP-locked token, the country (ISO 3166-1
/// alpha-2, any case) for a token with a country list.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq)]
pub struct BunnyViewer {
    #[uniffi(default = None)]
    pub ip: Option<String>,
    #[uniffi(default = None)]
    pub country: Option<String>,
}

/// What a verified URL grants (signed parameters only).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct BunnyToken {
    pub expires: i64,
    pub directory: bool,
    pub ip_locked: bool,
    pub path_allowed: Option<String>,
    pub countries_allowed: Option<String>,
    pub countries_blocked: Option<String>,
    pub speed_limit: Option<String>,
    pub ignore_params: bool,
}

/// Several keys (rotation), each tried in constant time.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct BunnyVerifier {
    inner: core::BunnyVerifier,
}

#[uniffi::export]
impl BunnyVerifier {
    #[uniffi::constructor]
    pub fn new(keys: Vec<String>) -> Result<Arc<Self>> {
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        guard(|| core::BunnyVerifier::new(&refs)).map(|inner| Arc::new(BunnyVerifier { inner }))
    }

    /// Valid while `now <= expires`, then the viewer's path, country and IP.
    pub fn verify(&self, url: String, now: i64, viewer: BunnyViewer) -> Result<BunnyToken> {
        let now = crate::errors::now(now)?;
        let v = core::BunnyViewer {
            ip: viewer.ip.as_deref(),
            country: viewer.country.as_deref(),
        };
        guard(|| {
            self.inner.verify(&url, now, &v).map(|t| BunnyToken {
                expires: t.expires,
                directory: t.directory,
                ip_locked: t.ip_locked,
                path_allowed: t.path_allowed,
                countries_allowed: t.countries_allowed,
                countries_blocked: t.countries_blocked,
                speed_limit: t.speed_limit,
                ignore_params: t.ignore_params,
            })
        })
    }
}

impl fmt::Display for BunnyVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for BunnyVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
