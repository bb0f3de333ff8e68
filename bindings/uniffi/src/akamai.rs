//! Akamai EdgeAuth (Auth Token 2.0): URL and ACL tokens and a verifier. The
//! signer holds the parsed hex key; the salt, a shared secret, crosses as
//! `SecretText` so an options record never prints it.

use aura_core::akamai as core;
use std::fmt;
use std::sync::Arc;

use crate::errors::{guard, Result};
use crate::secret::SecretText;

/// The token's HMAC: SHA-256 (default), SHA-1, MD5.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeAuthAlgorithm {
    Sha256,
    Sha1,
    Md5,
}

impl From<EdgeAuthAlgorithm> for core::EdgeAuthAlgorithm {
    fn from(a: EdgeAuthAlgorithm) -> Self {
        match a {
            EdgeAuthAlgorithm::Sha256 => core::EdgeAuthAlgorithm::Sha256,
            EdgeAuthAlgorithm::Sha1 => core::EdgeAuthAlgorithm::Sha1,
            EdgeAuthAlgorithm::Md5 => core::EdgeAuthAlgorithm::Md5,
        }
    }
}

impl From<core::EdgeAuthAlgorithm> for EdgeAuthAlgorithm {
    fn from(a: core::EdgeAuthAlgorithm) -> Self {
        match a {
            core::EdgeAuthAlgorithm::Sha256 => EdgeAuthAlgorithm::Sha256,
            core::EdgeAuthAlgorithm::Sha1 => EdgeAuthAlgorithm::Sha1,
            core::EdgeAuthAlgorithm::Md5 => EdgeAuthAlgorithm::Md5,
        }
    }
}

/// The packages' `algorithm` string (`sha256`, `SHA1`, `md5`, any case).
#[uniffi::export]
pub fn parse_edge_auth_algorithm(text: String) -> Result<EdgeAuthAlgorithm> {
    guard(|| core::EdgeAuthAlgorithm::parse(&text).map(Into::into))
}

/// Whose `escape_early` escaping: `Default` (the bytes both packages
/// produce, refusing where they differ), `Node` (akamai-edgeauth 0.2.0),
/// `Python` (akamai-edgeauth 0.3.2).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeAuthStyle {
    Default,
    Node,
    Python,
}

impl From<EdgeAuthStyle> for core::EdgeAuthStyle {
    fn from(s: EdgeAuthStyle) -> Self {
        match s {
            EdgeAuthStyle::Default => core::EdgeAuthStyle::Default,
            EdgeAuthStyle::Node => core::EdgeAuthStyle::Node,
            EdgeAuthStyle::Python => core::EdgeAuthStyle::Python,
        }
    }
}

/// `start_time`: the current time (`st=<now>`) or an absolute Unix time.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeAuthStart {
    Now,
    At { time: i64 },
}

/// The packages' options. Empty strings are the same as `null`.
#[derive(uniffi::Record, Clone)]
pub struct EdgeAuthOptions {
    #[uniffi(default = None)]
    pub style: Option<EdgeAuthStyle>,
    /// `ip=`: the viewer address the token is bound to.
    #[uniffi(default = None)]
    pub ip: Option<String>,
    #[uniffi(default = None)]
    pub start_time: Option<EdgeAuthStart>,
    /// `exp=`, > 0; wins over `window_seconds`.
    #[uniffi(default = None)]
    pub end_time: Option<i64>,
    /// `exp = (start or now) + window_seconds`, > 0.
    #[uniffi(default = None)]
    pub window_seconds: Option<i64>,
    /// `id=`.
    #[uniffi(default = None)]
    pub session_id: Option<String>,
    /// `data=`.
    #[uniffi(default = None)]
    pub payload: Option<String>,
    /// Hashed after the fields, never emitted (a shared secret).
    #[uniffi(default = None)]
    pub salt: Option<Arc<SecretText>>,
    /// Between fields; `~` by default; never empty.
    #[uniffi(default = "~")]
    pub field_delimiter: String,
    /// Between the ACLs of an ACL token; `!` by default.
    #[uniffi(default = "!")]
    pub acl_delimiter: String,
    /// Percent-escape `ip`, `id`, `data` and the URL of a URL token.
    #[uniffi(default = false)]
    pub escape_early: bool,
}

fn core_options(o: &EdgeAuthOptions) -> core::EdgeAuthOptions {
    core::EdgeAuthOptions {
        style: o.style.map(Into::into).unwrap_or_default(),
        ip: o.ip.clone(),
        start_time: o.start_time.map(|s| match s {
            EdgeAuthStart::Now => core::EdgeAuthStart::Now,
            EdgeAuthStart::At { time } => core::EdgeAuthStart::At(time),
        }),
        end_time: o.end_time,
        window_seconds: o.window_seconds,
        session_id: o.session_id.clone(),
        payload: o.payload.clone(),
        salt: o.salt.as_ref().map(|s| s.inner.expose().to_string()),
        field_delimiter: o.field_delimiter.clone(),
        acl_delimiter: o.acl_delimiter.clone(),
        escape_early: o.escape_early,
    }
}

/// A token: the value of the `__token__` cookie, query parameter or header.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct EdgeAuthToken {
    pub token: String,
    pub start: Option<i64>,
    pub expires: i64,
}

/// The fields of a verified token, as written in it.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct EdgeAuthClaims {
    pub ip: Option<String>,
    pub start: Option<i64>,
    pub expires: i64,
    /// ACL tokens: the entries, split on the ACL delimiter.
    pub acl: Option<Vec<String>>,
    pub session_id: Option<String>,
    pub payload: Option<String>,
}

impl From<core::EdgeAuthClaims> for EdgeAuthClaims {
    fn from(c: core::EdgeAuthClaims) -> Self {
        EdgeAuthClaims {
            ip: c.ip,
            start: c.start,
            expires: c.expires,
            acl: c.acl,
            session_id: c.session_id,
            payload: c.payload,
        }
    }
}

/// An EdgeAuth key (hex, from the property's token settings) and algorithm,
/// parsed once.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct EdgeAuthSigner {
    inner: core::EdgeAuthSigner,
}

#[uniffi::export]
impl EdgeAuthSigner {
    #[uniffi::constructor(default(algorithm = None))]
    pub fn new(key: String, algorithm: Option<EdgeAuthAlgorithm>) -> Result<Arc<Self>> {
        guard(|| core::EdgeAuthSigner::new(&key, algorithm.map(Into::into).unwrap_or_default()))
            .map(|inner| Arc::new(EdgeAuthSigner { inner }))
    }

    pub fn algorithm(&self) -> EdgeAuthAlgorithm {
        self.inner.algorithm().into()
    }

    /// `generateURLToken(url)`: the path and query are hashed, not emitted.
    pub fn url_token(
        &self,
        url: String,
        options: EdgeAuthOptions,
        now: i64,
    ) -> Result<EdgeAuthToken> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.url_token(&url, &core_options(&options), now)).map(token)
    }

    /// `generateACLToken(acl)`: entries with `*` and `?` wildcards.
    pub fn acl_token(
        &self,
        acl: Vec<String>,
        options: EdgeAuthOptions,
        now: i64,
    ) -> Result<EdgeAuthToken> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.acl_token(&acl, &core_options(&options), now)).map(token)
    }
}

fn token(t: core::EdgeAuthToken) -> EdgeAuthToken {
    EdgeAuthToken {
        token: t.token,
        start: t.start,
        expires: t.expires,
    }
}

impl fmt::Display for EdgeAuthSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for EdgeAuthSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The edge's side: trusted keys (rotation) and the property's settings
/// (algorithm, delimiters, salt, escape_early and its style).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct EdgeAuthVerifier {
    inner: core::EdgeAuthVerifier,
}

#[uniffi::export]
impl EdgeAuthVerifier {
    #[uniffi::constructor]
    pub fn new(
        keys: Vec<String>,
        algorithm: EdgeAuthAlgorithm,
        settings: EdgeAuthOptions,
    ) -> Result<Arc<Self>> {
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        guard(|| core::EdgeAuthVerifier::new(&refs, algorithm.into(), &core_options(&settings)))
            .map(|inner| Arc::new(EdgeAuthVerifier { inner }))
    }

    /// A URL token for `url`; valid while `st <= now < exp`. An `ip=` token
    /// needs `viewer_ip` (else `access_denied`).
    pub fn verify_url(
        &self,
        token: String,
        url: String,
        now: i64,
        viewer_ip: Option<String>,
    ) -> Result<EdgeAuthClaims> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .verify_url(&token, &url, now, viewer_ip.as_deref())
                .map(Into::into)
        })
    }

    /// An ACL token for a request to `path`: one entry must match it.
    pub fn verify_acl(
        &self,
        token: String,
        path: String,
        now: i64,
        viewer_ip: Option<String>,
    ) -> Result<EdgeAuthClaims> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .verify_acl(&token, &path, now, viewer_ip.as_deref())
                .map(Into::into)
        })
    }
}

impl fmt::Display for EdgeAuthVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for EdgeAuthVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
