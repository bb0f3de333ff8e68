//! AWS CloudFront signed URLs and signed cookies: keys parsed once (PKCS#1 or
//! PKCS#8 PEM, RSA-SHA1 or RSA-SHA256), a signer per style, prepared
//! (unsigned) URLs and cookies that a signature made elsewhere (an HSM) can
//! finish, and a verifier. Times are Unix seconds; `now` is passed in.

use aura_core::cloudfront as core;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use crate::errors::{guard, Result};

/// Which reference's bytes: `Default` (the `aws-js` bytes, or
/// `invalid_input` where those bytes would not be the request CloudFront
/// sees; signs exactly the URL it returns), `AwsJs`
/// (`@aws-sdk/cloudfront-signer` 3.1166.0), `Botocore` (botocore 1.44.8:
/// SHA-1 only, no cookies).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloudFrontStyle {
    Default,
    AwsJs,
    Botocore,
}

impl From<CloudFrontStyle> for core::CloudFrontStyle {
    fn from(s: CloudFrontStyle) -> Self {
        match s {
            CloudFrontStyle::Default => core::CloudFrontStyle::Default,
            CloudFrontStyle::AwsJs => core::CloudFrontStyle::AwsJs,
            CloudFrontStyle::Botocore => core::CloudFrontStyle::Botocore,
        }
    }
}

impl From<core::CloudFrontStyle> for CloudFrontStyle {
    fn from(s: core::CloudFrontStyle) -> Self {
        match s {
            core::CloudFrontStyle::Default => CloudFrontStyle::Default,
            core::CloudFrontStyle::AwsJs => CloudFrontStyle::AwsJs,
            core::CloudFrontStyle::Botocore => CloudFrontStyle::Botocore,
        }
    }
}

/// A configured style name (`default`, `aws-js`, `botocore`).
#[uniffi::export]
pub fn parse_cloud_front_style(text: String) -> Result<CloudFrontStyle> {
    guard(|| core::CloudFrontStyle::parse(&text).map(Into::into))
}

/// The digest under the RSA PKCS#1 v1.5 signature: SHA-1 (CloudFront's
/// default) or SHA-256 (sent as `Hash-Algorithm=SHA256`).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloudFrontHashAlgorithm {
    Sha1,
    Sha256,
}

impl From<CloudFrontHashAlgorithm> for core::HashAlgorithm {
    fn from(h: CloudFrontHashAlgorithm) -> Self {
        match h {
            CloudFrontHashAlgorithm::Sha1 => core::HashAlgorithm::Sha1,
            CloudFrontHashAlgorithm::Sha256 => core::HashAlgorithm::Sha256,
        }
    }
}

impl From<core::HashAlgorithm> for CloudFrontHashAlgorithm {
    fn from(h: core::HashAlgorithm) -> Self {
        match h {
            core::HashAlgorithm::Sha1 => CloudFrontHashAlgorithm::Sha1,
            core::HashAlgorithm::Sha256 => CloudFrontHashAlgorithm::Sha256,
        }
    }
}

/// Exactly `SHA1` or `SHA256` (a configured value).
#[uniffi::export]
pub fn parse_cloud_front_hash_algorithm(text: String) -> Result<CloudFrontHashAlgorithm> {
    guard(|| core::HashAlgorithm::parse(&text).map(Into::into))
}

/// What a policy allows, in Unix seconds. Only `date_less_than`: a canned
/// policy (exactly the URL). A start or an IP makes it custom, whose
/// `Resource` takes `*` and `?` as wildcards.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontConditions {
    /// `DateLessThan` (`Expires` when canned): valid while `now` is before it.
    pub date_less_than: i64,
    /// `DateGreaterThan`: valid only after it.
    #[uniffi(default = None)]
    pub date_greater_than: Option<i64>,
    /// `IpAddress`: an IPv4 address or CIDR.
    #[uniffi(default = None)]
    pub ip_address: Option<String>,
}

impl From<&CloudFrontConditions> for core::Conditions {
    fn from(c: &CloudFrontConditions) -> Self {
        core::Conditions {
            date_less_than: c.date_less_than,
            date_greater_than: c.date_greater_than,
            ip_address: c.ip_address.clone(),
        }
    }
}

/// `Math.round(ms / 1000)` of a JS time value, as the JS signer converts
/// `Date`s; NaN and out-of-range values are `invalid_input`.
#[uniffi::export]
pub fn cloud_front_epoch_seconds_from_js_millis(ms: f64) -> Result<i64> {
    guard(|| core::epoch_seconds_from_js_millis(ms))
}

/// The policy text a style writes for `resource` (botocore's
/// `build_policy`, the JS signer's builder, or the default's rules).
#[uniffi::export]
pub fn cloud_front_build_policy(
    style: CloudFrontStyle,
    resource: String,
    conditions: CloudFrontConditions,
) -> Result<String> {
    guard(|| core::build_policy(style.into(), &resource, &(&conditions).into()))
}

/// A private key (PKCS#1 or PKCS#8 PEM, unencrypted, >= 2048 bits) under its
/// key pair id, with the hash it signs with; parsed once.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudFrontKey {
    inner: core::CloudFrontKey,
}

#[uniffi::export]
impl CloudFrontKey {
    #[uniffi::constructor(default(hash_algorithm = None))]
    pub fn from_pem(
        pem: String,
        key_pair_id: String,
        hash_algorithm: Option<CloudFrontHashAlgorithm>,
    ) -> Result<Arc<Self>> {
        let hash = hash_algorithm.unwrap_or(CloudFrontHashAlgorithm::Sha1);
        guard(|| core::CloudFrontKey::from_pem(&pem, &key_pair_id, hash.into()))
            .map(|inner| Arc::new(CloudFrontKey { inner }))
    }

    /// The same parsed key under another hash.
    pub fn with_hash_algorithm(&self, hash_algorithm: CloudFrontHashAlgorithm) -> Arc<Self> {
        Arc::new(CloudFrontKey {
            inner: self.inner.with_hash_algorithm(hash_algorithm.into()),
        })
    }

    pub fn key_pair_id(&self) -> String {
        self.inner.key_pair_id().to_string()
    }

    pub fn hash_algorithm(&self) -> CloudFrontHashAlgorithm {
        self.inner.hash_algorithm().into()
    }

    /// Hex SHA-256 of the modulus: a fingerprint safe to log.
    pub fn modulus_sha256(&self) -> String {
        self.inner.modulus_sha256().to_string()
    }

    pub fn public_key(&self) -> Arc<CloudFrontPublicKey> {
        Arc::new(CloudFrontPublicKey {
            inner: self.inner.public_key(),
        })
    }
}

/// A trusted public key under its key pair id (verifies both hashes).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudFrontPublicKey {
    inner: core::CloudFrontPublicKey,
}

#[uniffi::export]
impl CloudFrontPublicKey {
    /// SPKI (`PUBLIC KEY`, as the console takes it) or PKCS#1 public PEM, or
    /// a private PEM (its public half).
    #[uniffi::constructor]
    pub fn from_pem(pem: String, key_pair_id: String) -> Result<Arc<Self>> {
        guard(|| core::CloudFrontPublicKey::from_pem(&pem, &key_pair_id))
            .map(|inner| Arc::new(CloudFrontPublicKey { inner }))
    }

    pub fn key_pair_id(&self) -> String {
        self.inner.key_pair_id().to_string()
    }

    pub fn modulus_sha256(&self) -> String {
        self.inner.modulus_sha256().to_string()
    }
}

/// A signed URL and the exact policy text that was signed.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontSignedUrl {
    pub url: String,
    pub policy: String,
    pub hash_algorithm: CloudFrontHashAlgorithm,
    /// Canned (`Expires`) rather than custom (`Policy`).
    pub canned: bool,
}

fn signed_url(s: core::SignedUrl) -> CloudFrontSignedUrl {
    CloudFrontSignedUrl {
        url: s.url,
        policy: s.policy,
        hash_algorithm: s.hash_algorithm.into(),
        canned: s.canned,
    }
}

/// One `Set-Cookie` name and value.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontCookie {
    pub name: String,
    pub value: String,
}

/// Signed cookies, as `getSignedCookies` returns them.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontSignedCookies {
    /// In the JS signer's order: `CloudFront-Key-Pair-Id`,
    /// `CloudFront-Signature`, `CloudFront-Expires` or `CloudFront-Policy`,
    /// then `CloudFront-Hash-Algorithm` for SHA-256.
    pub cookies: Vec<CloudFrontCookie>,
    pub key_pair_id: String,
    pub signature: String,
    /// `CloudFront-Expires` (canned).
    pub expires: Option<i64>,
    /// `CloudFront-Policy` (custom): the policy in CloudFront's base64.
    pub policy: Option<String>,
    pub hash_algorithm: CloudFrontHashAlgorithm,
    /// The policy text whose UTF-8 bytes were signed.
    pub policy_json: String,
}

fn signed_cookies(c: core::SignedCookies) -> CloudFrontSignedCookies {
    CloudFrontSignedCookies {
        cookies: c
            .pairs()
            .into_iter()
            .map(|(name, value)| CloudFrontCookie {
                name: name.to_string(),
                value,
            })
            .collect(),
        key_pair_id: c.key_pair_id,
        signature: c.signature,
        expires: c.expires,
        policy: c.policy,
        hash_algorithm: c.hash_algorithm.into(),
        policy_json: c.policy_json,
    }
}

/// A URL built but for its signature: `policy()` is the exact text to sign.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudFrontUnsignedUrl {
    inner: core::UnsignedUrl,
}

#[uniffi::export]
impl CloudFrontUnsignedUrl {
    pub fn policy(&self) -> String {
        self.inner.policy().to_string()
    }

    pub fn hash_algorithm(&self) -> CloudFrontHashAlgorithm {
        self.inner.hash_algorithm().into()
    }

    pub fn is_canned(&self) -> bool {
        self.inner.is_canned()
    }

    /// Signs with the key.
    pub fn sign(&self) -> Result<CloudFrontSignedUrl> {
        guard(|| self.inner.clone().sign()).map(signed_url)
    }

    /// With an RSA PKCS#1 v1.5 signature of `policy()` made elsewhere; it
    /// must verify with the key's public half (else `bad_signature`).
    pub fn finish(&self, signature: Vec<u8>) -> Result<CloudFrontSignedUrl> {
        guard(|| self.inner.clone().finish(&signature)).map(signed_url)
    }
}

/// Cookies built but for their signature.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudFrontUnsignedCookies {
    inner: core::UnsignedCookies,
}

#[uniffi::export]
impl CloudFrontUnsignedCookies {
    pub fn policy(&self) -> String {
        self.inner.policy().to_string()
    }

    pub fn hash_algorithm(&self) -> CloudFrontHashAlgorithm {
        self.inner.hash_algorithm().into()
    }

    pub fn sign(&self) -> Result<CloudFrontSignedCookies> {
        guard(|| self.inner.clone().sign()).map(signed_cookies)
    }

    pub fn finish(&self, signature: Vec<u8>) -> Result<CloudFrontSignedCookies> {
        guard(|| self.inner.clone().finish(&signature)).map(signed_cookies)
    }
}

/// A key and a style, prepared once.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudFrontSigner {
    inner: core::CloudFrontSigner,
}

#[uniffi::export]
impl CloudFrontSigner {
    /// The `botocore` style refuses SHA-256 keys (`invalid_input`).
    #[uniffi::constructor(default(style = None))]
    pub fn new(key: Arc<CloudFrontKey>, style: Option<CloudFrontStyle>) -> Result<Arc<Self>> {
        let style = style.unwrap_or(CloudFrontStyle::Default);
        guard(|| core::CloudFrontSigner::new(key.inner.clone(), style.into()))
            .map(|inner| Arc::new(CloudFrontSigner { inner }))
    }

    /// [`CloudFrontKey::from_pem`] and a signer in one step.
    #[uniffi::constructor(default(hash_algorithm = None, style = None))]
    pub fn from_pem(
        pem: String,
        key_pair_id: String,
        hash_algorithm: Option<CloudFrontHashAlgorithm>,
        style: Option<CloudFrontStyle>,
    ) -> Result<Arc<Self>> {
        CloudFrontSigner::new(
            CloudFrontKey::from_pem(pem, key_pair_id, hash_algorithm)?,
            style,
        )
    }

    pub fn style(&self) -> CloudFrontStyle {
        self.inner.style().into()
    }

    pub fn key_pair_id(&self) -> String {
        self.inner.key().key_pair_id().to_string()
    }

    pub fn hash_algorithm(&self) -> CloudFrontHashAlgorithm {
        self.inner.key().hash_algorithm().into()
    }

    /// The public half, for a verifier.
    pub fn public_key(&self) -> Arc<CloudFrontPublicKey> {
        Arc::new(CloudFrontPublicKey {
            inner: self.inner.key().public_key(),
        })
    }

    /// A URL with a canned policy (only `date_less_than`) or a custom one
    /// built from the conditions. `now` is checked by `Default` only.
    pub fn sign_url(
        &self,
        url: String,
        conditions: CloudFrontConditions,
        now: i64,
    ) -> Result<CloudFrontSignedUrl> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.sign_url(&url, &(&conditions).into(), now)).map(signed_url)
    }

    /// A URL with a policy given as text (signed byte for byte, sent as
    /// `Policy`). Without `url`, `AwsJs` returns the policy's `Resource`.
    pub fn sign_url_with_policy(
        &self,
        url: Option<String>,
        policy: String,
        now: i64,
    ) -> Result<CloudFrontSignedUrl> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .sign_url_with_policy(url.as_deref(), &policy, now)
        })
        .map(signed_url)
    }

    /// Cookies for `url` (a pattern with `*`/`?` for custom policies).
    pub fn sign_cookies(
        &self,
        url: String,
        conditions: CloudFrontConditions,
        now: i64,
    ) -> Result<CloudFrontSignedCookies> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.sign_cookies(&url, &(&conditions).into(), now)).map(signed_cookies)
    }

    pub fn sign_cookies_with_policy(
        &self,
        policy: String,
        now: i64,
    ) -> Result<CloudFrontSignedCookies> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.sign_cookies_with_policy(&policy, now)).map(signed_cookies)
    }

    pub fn prepare_url(
        &self,
        url: String,
        conditions: CloudFrontConditions,
        now: i64,
    ) -> Result<Arc<CloudFrontUnsignedUrl>> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.prepare_url(&url, &(&conditions).into(), now))
            .map(|inner| Arc::new(CloudFrontUnsignedUrl { inner }))
    }

    pub fn prepare_url_with_policy(
        &self,
        url: Option<String>,
        policy: String,
        now: i64,
    ) -> Result<Arc<CloudFrontUnsignedUrl>> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .prepare_url_with_policy(url.as_deref(), &policy, now)
        })
        .map(|inner| Arc::new(CloudFrontUnsignedUrl { inner }))
    }

    pub fn prepare_cookies(
        &self,
        url: String,
        conditions: CloudFrontConditions,
        now: i64,
    ) -> Result<Arc<CloudFrontUnsignedCookies>> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.prepare_cookies(&url, &(&conditions).into(), now))
            .map(|inner| Arc::new(CloudFrontUnsignedCookies { inner }))
    }

    pub fn prepare_cookies_with_policy(
        &self,
        policy: String,
        now: i64,
    ) -> Result<Arc<CloudFrontUnsignedCookies>> {
        let now = crate::errors::now(now)?;
        guard(|| self.inner.prepare_cookies_with_policy(&policy, now))
            .map(|inner| Arc::new(CloudFrontUnsignedCookies { inner }))
    }
}

/// What a verification depends on besides the keys and `now`.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontVerifyOptions {
    /// The viewer's address, needed when a policy has `IpAddress`.
    #[uniffi(default = None)]
    pub client_ip: Option<String>,
    /// Accept RSA-SHA1 signatures (CloudFront does).
    #[uniffi(default = true)]
    pub allow_sha1: bool,
}

fn verify_options(
    now: i64,
    o: &CloudFrontVerifyOptions,
) -> aura_core::Result<core::CloudFrontVerifyOptions> {
    let now = aura_core::js::time::unix_seconds_i64(now)?;
    let mut out = core::CloudFrontVerifyOptions::new(now);
    if let Some(ip) = &o.client_ip {
        out.client_ip = Some(ip.parse::<IpAddr>().map_err(|_| {
            aura_core::AuraError::InvalidInput(format!("client_ip is not an IP address: {ip:?}"))
        })?);
    }
    out.allow_sha1 = o.allow_sha1;
    Ok(out)
}

/// What a valid URL or cookie set grants.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontVerifiedAccess {
    pub key_pair_id: String,
    pub hash_algorithm: CloudFrontHashAlgorithm,
    pub canned: bool,
    /// The signed policy text.
    pub policy: String,
    /// The request resource (canned) or the policy's pattern (custom).
    pub resource: String,
    pub date_less_than: i64,
    pub date_greater_than: Option<i64>,
    pub ip_address: Option<String>,
}

fn access(v: core::VerifiedAccess) -> CloudFrontVerifiedAccess {
    CloudFrontVerifiedAccess {
        key_pair_id: v.key_pair_id,
        hash_algorithm: v.hash_algorithm.into(),
        canned: v.canned,
        policy: v.policy,
        resource: v.resource,
        date_less_than: v.date_less_than,
        date_greater_than: v.date_greater_than,
        ip_address: v.ip_address,
    }
}

/// Trusted public keys, looked up by key pair id (distinct ids).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudFrontVerifier {
    inner: core::CloudFrontVerifier,
}

#[uniffi::export]
impl CloudFrontVerifier {
    #[uniffi::constructor]
    pub fn new(keys: Vec<Arc<CloudFrontPublicKey>>) -> Result<Arc<Self>> {
        guard(|| core::CloudFrontVerifier::new(keys.iter().map(|k| k.inner.clone()).collect()))
            .map(|inner| Arc::new(CloudFrontVerifier { inner }))
    }

    /// A signed URL as the request arrives: valid while
    /// `DateGreaterThan < now < DateLessThan` (`expired`, `not_yet_valid`);
    /// `unknown_kid`, `bad_signature`, `malformed`, `wrong_image` (a policy
    /// for another resource), `access_denied` (viewer outside `IpAddress`).
    pub fn verify_url(
        &self,
        url: String,
        now: i64,
        options: CloudFrontVerifyOptions,
    ) -> Result<CloudFrontVerifiedAccess> {
        let now = crate::errors::now(now)?;
        guard(|| {
            let o = verify_options(now, &options)?;
            self.inner.verify_url(&url, &o).map(access)
        })
    }

    /// Signed cookies for a request to `url`; other cookies are ignored,
    /// each `CloudFront-*` cookie may appear once.
    pub fn verify_cookies(
        &self,
        url: String,
        cookies: Vec<CloudFrontCookie>,
        now: i64,
        options: CloudFrontVerifyOptions,
    ) -> Result<CloudFrontVerifiedAccess> {
        let now = crate::errors::now(now)?;
        guard(|| {
            let o = verify_options(now, &options)?;
            let pairs: Vec<(&str, &str)> = cookies
                .iter()
                .map(|c| (c.name.as_str(), c.value.as_str()))
                .collect();
            self.inner.verify_cookies(&url, &pairs, &o).map(access)
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
    CloudFrontKey,
    CloudFrontPublicKey,
    CloudFrontSigner,
    CloudFrontUnsignedUrl,
    CloudFrontUnsignedCookies,
    CloudFrontVerifier
);
