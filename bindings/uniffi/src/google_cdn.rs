//! Google Cloud CDN (HMAC-SHA1) and Media CDN (Ed25519; tokens also
//! HMAC-SHA1/256) signed URLs, URL prefixes, cookies, path components and
//! tokens, with the bytes of Google's Python samples, and verifiers. Keys
//! are parsed once in the constructors; times are Unix seconds, `now` is
//! passed in. A refused viewer is `access_denied` with `rule_index` 0 (URL
//! prefix), 1 (path), 2 (IP ranges) or 3 (headers).

use aura_core::google_cdn as core;
use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use crate::errors::{guard, Result};

/// A signed URL, cookie or token, and the exact text that was signed.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct GoogleCdnSigned {
    /// What the sample returns (URL, `Name=value` cookie, or token).
    pub value: String,
    /// The bytes given to HMAC / Ed25519, as UTF-8 text.
    pub string_to_sign: String,
}

fn signed(s: core::Signed) -> GoogleCdnSigned {
    GoogleCdnSigned {
        value: s.value,
        string_to_sign: s.string_to_sign,
    }
}

/// What a verified Cloud CDN / Media CDN URL or cookie grants.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct GoogleCdnGrant {
    pub key_name: String,
    pub expires: i64,
    /// The signed prefix (prefix signatures, cookies, path components).
    pub url_prefix: Option<String>,
}

fn grant(g: core::GoogleCdnGrant) -> GoogleCdnGrant {
    GoogleCdnGrant {
        key_name: g.key_name,
        expires: g.expires,
        url_prefix: g.url_prefix,
    }
}

/// A Cloud CDN key (name and base64url value, as `gcloud` shows them),
/// parsed once. `cdn/snippets.py`'s bytes.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudCdnSigner {
    inner: core::CloudCdnSigner,
}

#[uniffi::export]
impl CloudCdnSigner {
    #[uniffi::constructor]
    pub fn new(key_name: String, base64_key: String) -> Result<Arc<Self>> {
        guard(|| core::CloudCdnSigner::new(&key_name, &base64_key))
            .map(|inner| Arc::new(CloudCdnSigner { inner }))
    }

    pub fn key_name(&self) -> String {
        self.inner.key_name().to_string()
    }

    /// `sign_url`: `…Expires=E&KeyName=K&Signature=…`.
    pub fn sign_url(&self, url: String, expires: i64) -> Result<GoogleCdnSigned> {
        guard(|| self.inner.sign_url(&url, expires)).map(signed)
    }

    /// `sign_url_prefix`: `…URLPrefix=…&Expires=E&KeyName=K&Signature=…`.
    pub fn sign_url_prefix(
        &self,
        url: String,
        url_prefix: String,
        expires: i64,
    ) -> Result<GoogleCdnSigned> {
        guard(|| self.inner.sign_url_prefix(&url, &url_prefix, expires)).map(signed)
    }

    /// `sign_cookie`: `Cloud-CDN-Cookie=URLPrefix=…:Expires=…:KeyName=…:Signature=…`.
    pub fn sign_cookie(&self, url_prefix: String, expires: i64) -> Result<GoogleCdnSigned> {
        guard(|| self.inner.sign_cookie(&url_prefix, expires)).map(signed)
    }
}

/// A backend's Cloud CDN keys by key name (rotation: several names).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudCdnVerifier {
    inner: core::CloudCdnVerifier,
}

#[uniffi::export]
impl CloudCdnVerifier {
    /// `keys`: key name → base64url key.
    #[uniffi::constructor]
    pub fn new(keys: HashMap<String, String>) -> Result<Arc<Self>> {
        guard(|| {
            let mut v = core::CloudCdnVerifier::new();
            for (name, key) in &keys {
                v.add_key(name, key)?;
            }
            Ok(v)
        })
        .map(|inner| Arc::new(CloudCdnVerifier { inner }))
    }

    /// A URL from `sign_url` or `sign_url_prefix`: valid while
    /// `now <= Expires`; `unknown_kid`, `bad_signature`, `expired`,
    /// `access_denied` (rule 0) for a URL outside the signed prefix.
    pub fn verify_url(&self, url: String, now: i64) -> Result<GoogleCdnGrant> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.verify_url(&url, now)).map(grant)
    }

    /// A `Cloud-CDN-Cookie` value (with or without its name) for a request
    /// to `request_url`.
    pub fn verify_cookie(
        &self,
        cookie: String,
        request_url: String,
        now: i64,
    ) -> Result<GoogleCdnGrant> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.verify_cookie(&cookie, &request_url, now)).map(grant)
    }
}

/// A Media CDN Ed25519 key (name and base64url 32-byte seed), parsed once.
/// `media_cdn/snippets.py` and `dualtoken.sign_path_component` bytes.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MediaCdnSigner {
    inner: core::MediaCdnSigner,
}

#[uniffi::export]
impl MediaCdnSigner {
    #[uniffi::constructor]
    pub fn new(key_name: String, base64_key: String) -> Result<Arc<Self>> {
        guard(|| core::MediaCdnSigner::new(&key_name, &base64_key))
            .map(|inner| Arc::new(MediaCdnSigner { inner }))
    }

    pub fn key_name(&self) -> String {
        self.inner.key_name().to_string()
    }

    /// The 32-byte Ed25519 public key (for the keyset and a verifier).
    pub fn public_key(&self) -> Vec<u8> {
        self.inner.public_key().to_vec()
    }

    pub fn sign_url(&self, url: String, expires: i64) -> Result<GoogleCdnSigned> {
        guard(|| self.inner.sign_url(&url, expires)).map(signed)
    }

    pub fn sign_url_prefix(
        &self,
        url: String,
        url_prefix: String,
        expires: i64,
    ) -> Result<GoogleCdnSigned> {
        guard(|| self.inner.sign_url_prefix(&url, &url_prefix, expires)).map(signed)
    }

    /// `Edge-Cache-Cookie=URLPrefix=…:Expires=…:KeyName=…:Signature=…`.
    pub fn sign_cookie(&self, url_prefix: String, expires: i64) -> Result<GoogleCdnSigned> {
        guard(|| self.inner.sign_cookie(&url_prefix, expires)).map(signed)
    }

    /// `url_prefix + "edge-cache-token=Expires=E&KeyName=K&Signature=S/" + filename`.
    pub fn sign_path_component(
        &self,
        url_prefix: String,
        filename: String,
        expires: i64,
    ) -> Result<GoogleCdnSigned> {
        guard(|| {
            self.inner
                .sign_path_component(&url_prefix, &filename, expires)
        })
        .map(signed)
    }
}

/// Media CDN public keys by key name.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MediaCdnVerifier {
    inner: core::MediaCdnVerifier,
}

#[uniffi::export]
impl MediaCdnVerifier {
    /// `public_keys`: key name → 32-byte Ed25519 public key.
    #[uniffi::constructor]
    pub fn new(public_keys: HashMap<String, Vec<u8>>) -> Result<Arc<Self>> {
        guard(|| {
            let mut v = core::MediaCdnVerifier::new();
            for (name, key) in &public_keys {
                v.add_public_key(name, key)?;
            }
            Ok(v)
        })
        .map(|inner| Arc::new(MediaCdnVerifier { inner }))
    }

    /// `public_keys`: key name → base64url public key (as in the keyset).
    #[uniffi::constructor]
    pub fn from_base64(public_keys: HashMap<String, String>) -> Result<Arc<Self>> {
        guard(|| {
            let mut v = core::MediaCdnVerifier::new();
            for (name, key) in &public_keys {
                v.add_public_key_base64(name, key)?;
            }
            Ok(v)
        })
        .map(|inner| Arc::new(MediaCdnVerifier { inner }))
    }

    pub fn verify_url(&self, url: String, now: i64) -> Result<GoogleCdnGrant> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.verify_url(&url, now)).map(grant)
    }

    /// An `Edge-Cache-Cookie` value (with or without its name).
    pub fn verify_cookie(
        &self,
        cookie: String,
        request_url: String,
        now: i64,
    ) -> Result<GoogleCdnGrant> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.verify_cookie(&cookie, &request_url, now)).map(grant)
    }

    /// A URL from `sign_path_component`; the grant's `url_prefix` covers the rest.
    pub fn verify_path_component(&self, url: String, now: i64) -> Result<GoogleCdnGrant> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.verify_path_component(&url, now)).map(grant)
    }
}

/// A token's `signature_algorithm`.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaCdnTokenAlgorithm {
    /// `Signature=` + Ed25519 (32-byte seed).
    Ed25519,
    /// `hmac=` + hex HMAC-SHA1.
    HmacSha1,
    /// `hmac=` + hex HMAC-SHA256.
    HmacSha256,
}

impl From<MediaCdnTokenAlgorithm> for core::TokenAlgorithm {
    fn from(a: MediaCdnTokenAlgorithm) -> Self {
        match a {
            MediaCdnTokenAlgorithm::Ed25519 => core::TokenAlgorithm::Ed25519,
            MediaCdnTokenAlgorithm::HmacSha1 => core::TokenAlgorithm::HmacSha1,
            MediaCdnTokenAlgorithm::HmacSha256 => core::TokenAlgorithm::HmacSha256,
        }
    }
}

impl From<core::TokenAlgorithm> for MediaCdnTokenAlgorithm {
    fn from(a: core::TokenAlgorithm) -> Self {
        match a {
            core::TokenAlgorithm::Ed25519 => MediaCdnTokenAlgorithm::Ed25519,
            core::TokenAlgorithm::HmacSha1 => MediaCdnTokenAlgorithm::HmacSha1,
            core::TokenAlgorithm::HmacSha256 => MediaCdnTokenAlgorithm::HmacSha256,
        }
    }
}

/// The sample's name (`ed25519`, `sha1`, `sha256`, any case).
#[uniffi::export]
pub fn parse_media_cdn_token_algorithm(name: String) -> Result<MediaCdnTokenAlgorithm> {
    guard(|| core::TokenAlgorithm::from_name(&name).map(Into::into))
}

/// A header: signed into a token as `name=value`, or one of a request's.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MediaCdnHeader {
    pub name: String,
    pub value: String,
}

/// The one resource a token covers.
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq)]
pub enum MediaCdnTokenResource {
    /// `URLPrefix=` + base64url of the prefix.
    UrlPrefix { prefix: String },
    /// Signed as `FullPath=<path>`, written as `FullPath`.
    FullPath { path: String },
    /// `PathGlobs=`: globs separated by `,` or `!`, `*` any run.
    PathGlobs { globs: String },
}

/// `sign_token`'s optional arguments; an empty string is the same as `null`.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MediaCdnTokenOptions {
    pub resource: MediaCdnTokenResource,
    /// `Starts=`, written when given (also 0).
    #[uniffi(default = None)]
    pub starts: Option<i64>,
    /// `Expires=`; `now + 3600` when null.
    #[uniffi(default = None)]
    pub expires: Option<i64>,
    #[uniffi(default = None)]
    pub session_id: Option<String>,
    #[uniffi(default = None)]
    pub data: Option<String>,
    /// The token lists the names; the signature covers `name=value`.
    #[uniffi(default = [])]
    pub headers: Vec<MediaCdnHeader>,
    /// Comma-separated CIDRs.
    #[uniffi(default = None)]
    pub ip_ranges: Option<String>,
}

fn token_options(o: &MediaCdnTokenOptions) -> core::MediaCdnTokenOptions {
    core::MediaCdnTokenOptions {
        resource: match &o.resource {
            MediaCdnTokenResource::UrlPrefix { prefix } => {
                core::TokenResource::UrlPrefix(prefix.clone())
            }
            MediaCdnTokenResource::FullPath { path } => core::TokenResource::FullPath(path.clone()),
            MediaCdnTokenResource::PathGlobs { globs } => {
                core::TokenResource::PathGlobs(globs.clone())
            }
        },
        starts: o.starts,
        expires: o.expires,
        session_id: o.session_id.clone(),
        data: o.data.clone(),
        headers: o
            .headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect(),
        ip_ranges: o.ip_ranges.clone(),
    }
}

/// A Media CDN token key (`dualtoken.py`), parsed once: an Ed25519 seed or
/// an HMAC secret, base64url.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MediaCdnTokenSigner {
    inner: core::MediaCdnTokenSigner,
}

#[uniffi::export]
impl MediaCdnTokenSigner {
    #[uniffi::constructor]
    pub fn new(base64_key: String, algorithm: MediaCdnTokenAlgorithm) -> Result<Arc<Self>> {
        guard(|| core::MediaCdnTokenSigner::new(&base64_key, algorithm.into()))
            .map(|inner| Arc::new(MediaCdnTokenSigner { inner }))
    }

    /// The Ed25519 public key (null for HMAC keys).
    pub fn public_key(&self) -> Option<Vec<u8>> {
        self.inner.public_key().map(|k| k.to_vec())
    }

    /// `sign_token`; `now` gives the default expiry.
    pub fn sign(&self, options: MediaCdnTokenOptions, now: i64) -> Result<GoogleCdnSigned> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.sign(&token_options(&options), now)).map(signed)
    }
}

/// The request a token is presented with.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MediaCdnTokenRequest {
    /// The full request URL (for `URLPrefix`).
    #[uniffi(default = "")]
    pub url: String,
    /// The request path (for `FullPath` and `PathGlobs`).
    #[uniffi(default = "")]
    pub path: String,
    /// Request headers (names case-insensitive), for `Headers`.
    #[uniffi(default = [])]
    pub headers: Vec<MediaCdnHeader>,
    /// The viewer's IP, needed for `IPRanges`.
    #[uniffi(default = None)]
    pub ip: Option<String>,
}

/// What a verified token grants.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MediaCdnTokenGrant {
    pub starts: Option<i64>,
    pub expires: i64,
    pub session_id: Option<String>,
    pub data: Option<String>,
    pub header_names: Vec<String>,
    pub ip_ranges: Option<String>,
}

/// Keys a token may be signed with (tokens carry no key name: every key of
/// the signature's kind is tried).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct MediaCdnTokenVerifier {
    inner: core::MediaCdnTokenVerifier,
}

#[uniffi::export]
impl MediaCdnTokenVerifier {
    /// Ed25519 public keys (32 bytes each) and HMAC secrets (base64url).
    #[uniffi::constructor(default(ed25519_public_keys = [], hmac_keys = []))]
    pub fn new(ed25519_public_keys: Vec<Vec<u8>>, hmac_keys: Vec<String>) -> Result<Arc<Self>> {
        guard(|| {
            let mut v = core::MediaCdnTokenVerifier::new();
            for k in &ed25519_public_keys {
                v.add_ed25519_public_key(k)?;
            }
            for k in &hmac_keys {
                v.add_hmac_key(k)?;
            }
            Ok(v)
        })
        .map(|inner| Arc::new(MediaCdnTokenVerifier { inner }))
    }

    /// The signature, `Starts <= now` (`not_yet_valid`), `now <= Expires`
    /// (`expired`), then the request against `URLPrefix` (rule 0),
    /// `FullPath`/`PathGlobs` (rule 1), `IPRanges` (rule 2), `Headers` (rule 3).
    pub fn verify(
        &self,
        token: String,
        request: MediaCdnTokenRequest,
        now: i64,
    ) -> Result<MediaCdnTokenGrant> {
        let now = crate::errors::now(now)?;
        guard(|| {
            let ip = match &request.ip {
                Some(text) => Some(text.parse::<IpAddr>().map_err(|_| {
                    aura_core::AuraError::InvalidInput(format!("ip is not an IP address: {text:?}"))
                })?),
                None => None,
            };
            let headers: Vec<(&str, &str)> = request
                .headers
                .iter()
                .map(|h| (h.name.as_str(), h.value.as_str()))
                .collect();
            let r = core::TokenRequest {
                url: &request.url,
                path: &request.path,
                headers: &headers,
                ip,
            };
            self.inner
                .verify(&token, &r, now)
                .map(|g| MediaCdnTokenGrant {
                    starts: g.starts,
                    expires: g.expires,
                    session_id: g.session_id,
                    data: g.data,
                    header_names: g.header_names,
                    ip_ranges: g.ip_ranges,
                })
        })
    }
}

macro_rules! shown_as_core_debug {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.inner)
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}

shown_as_core_debug!(
    CloudCdnSigner,
    CloudCdnVerifier,
    MediaCdnSigner,
    MediaCdnVerifier,
    MediaCdnTokenSigner,
    MediaCdnTokenVerifier
);
