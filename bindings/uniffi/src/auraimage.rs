//! AuraImage (typed API).

use aura_core::auraimage as core;
use std::sync::Arc;

use crate::errors::{guard, Result};

/// Who may read an image: anyone, or only with a signed URL.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Public,
    Private,
}

impl Visibility {
    pub(crate) fn as_str(self) -> &'static str {
        core::Visibility::from(self).as_str()
    }
}

impl From<Visibility> for core::Visibility {
    fn from(v: Visibility) -> Self {
        match v {
            Visibility::Public => core::Visibility::Public,
            Visibility::Private => core::Visibility::Private,
        }
    }
}

/// `fit` of a serve URL.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServeFit {
    Cover,
    Contain,
    Face,
    Auto,
}

impl From<ServeFit> for core::Fit {
    fn from(f: ServeFit) -> Self {
        match f {
            ServeFit::Cover => core::Fit::Cover,
            ServeFit::Contain => core::Fit::Contain,
            ServeFit::Face => core::Fit::Face,
            ServeFit::Auto => core::Fit::Auto,
        }
    }
}

#[derive(uniffi::Record, Default)]
pub struct UploadOptions {
    /// A size string such as "10mb" (wins over `max_size_bytes`).
    #[uniffi(default = None)]
    pub max_size: Option<String>,
    #[uniffi(default = None)]
    pub max_size_bytes: Option<u64>,
    #[uniffi(default = None)]
    pub allowed_types: Option<Vec<String>>,
    /// Seconds (fractions allowed, as the SDK).
    #[uniffi(default = None)]
    pub expires_in: Option<f64>,
    #[uniffi(default = None)]
    pub project_name: Option<String>,
    #[uniffi(default = None)]
    pub visibility: Option<Visibility>,
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub overwrite: Option<bool>,
}

fn size_input(text: Option<String>, bytes: Option<u64>) -> Option<core::SizeInput> {
    match (text, bytes) {
        (Some(text), _) => Some(core::SizeInput::Text(text)),
        (None, Some(n)) => Some(core::SizeInput::Number(n as f64)),
        (None, None) => None,
    }
}

pub(crate) fn upload_options(options: UploadOptions) -> core::UploadOptions {
    core::UploadOptions {
        max_size: size_input(options.max_size, options.max_size_bytes),
        allowed_types: options.allowed_types,
        expires_in: options.expires_in,
        project_name: options.project_name,
        visibility: options.visibility.map(|v| v.as_str().to_string()),
        name: options.name,
        overwrite: options.overwrite,
    }
}

/// `uploadFromUrl` options (auraimage.md §8).
#[derive(uniffi::Record, Default)]
pub struct UploadFromUrlOptions {
    /// Default: the last segment of the URL's path, extension kept.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// A size string such as "10mb" (wins over `max_size_bytes`); default 30 MB.
    #[uniffi(default = None)]
    pub max_size: Option<String>,
    #[uniffi(default = None)]
    pub max_size_bytes: Option<u64>,
    #[uniffi(default = None)]
    pub visibility: Option<Visibility>,
    #[uniffi(default = None)]
    pub overwrite: Option<bool>,
    /// Milliseconds for the fetch of the source; default 30000.
    #[uniffi(default = None)]
    pub timeout_ms: Option<u64>,
}

pub(crate) fn from_url_options(options: UploadFromUrlOptions) -> core::UploadFromUrlOptions {
    core::UploadFromUrlOptions {
        name: options.name,
        max_size: size_input(options.max_size, options.max_size_bytes),
        visibility: options.visibility.map(|v| v.as_str().to_string()),
        overwrite: options.overwrite,
        timeout_ms: options.timeout_ms.map(|t| t as f64),
    }
}

#[derive(uniffi::Record)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<HttpHeader>,
    pub body: String,
}

#[derive(uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

#[derive(uniffi::Object)]
pub struct AuraImage {
    pub(crate) inner: core::AuraImage,
}

#[uniffi::export]
impl AuraImage {
    #[uniffi::constructor(default(serve_secret = None, cdn_url = None))]
    pub fn new(
        secret_key: String,
        project_name: String,
        serve_secret: Option<String>,
        cdn_url: Option<String>,
    ) -> Result<Arc<Self>> {
        guard(|| {
            core::AuraImage::new(
                &secret_key,
                &project_name,
                serve_secret.as_deref(),
                cdn_url.as_deref(),
            )
        })
        .map(|inner| Arc::new(AuraImage { inner }))
    }

    pub fn project_name(&self) -> String {
        self.inner.project_name().to_string()
    }

    #[uniffi::method(default(options))]
    pub fn sign_upload(&self, options: UploadOptions, now: i64) -> Result<String> {
        let now = crate::errors::now(now)?;
        let o = upload_options(options);
        guard(|| self.inner.sign_upload(&o, now))
    }

    #[uniffi::method(default(expires_in = None, cdn_url = None))]
    pub fn get_signed_url(
        &self,
        name: String,
        expires_in: Option<f64>,
        cdn_url: Option<String>,
        now: i64,
    ) -> Result<String> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .get_signed_url(&name, expires_in, cdn_url.as_deref(), now)
        })
    }

    #[uniffi::method(default(expires_in = None, cdn_url = None))]
    pub fn get_signed_urls(
        &self,
        names: Vec<String>,
        expires_in: Option<f64>,
        cdn_url: Option<String>,
        now: i64,
    ) -> Result<Vec<String>> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner
                .get_signed_urls(&names, expires_in, cdn_url.as_deref(), now)
        })
    }

    pub fn set_visibility_request(
        &self,
        name: String,
        visibility: Visibility,
        now: i64,
    ) -> Result<HttpRequest> {
        let now = crate::errors::now(now)?;
        let r = guard(|| {
            self.inner
                .set_visibility_request(&name, visibility.as_str(), now)
        })?;
        Ok(HttpRequest {
            method: r.method.into(),
            url: r.url,
            headers: r
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
            body: r.body,
        })
    }
}

#[uniffi::export]
pub fn parse_size(value: String) -> Result<u64> {
    guard(|| core::parse_size(&core::SizeInput::Text(value)))
}

#[uniffi::export]
pub fn parse_set_visibility_response(status: u16, body: String) -> Result<Option<String>> {
    guard(|| core::parse_set_visibility_response(status, &body))
}

#[derive(uniffi::Record)]
pub struct ServeUrlOptions {
    pub cdn_url: String,
    pub project: String,
    pub name: String,
    #[uniffi(default = None)]
    pub width: Option<u64>,
    #[uniffi(default = None)]
    pub height: Option<u64>,
    #[uniffi(default = None)]
    pub fit: Option<ServeFit>,
    #[uniffi(default = None)]
    pub quality: Option<u64>,
    #[uniffi(default = None)]
    pub format: Option<String>,
    #[uniffi(default = false)]
    pub lqip: bool,
    #[uniffi(default = None)]
    pub v: Option<String>,
}

#[uniffi::export]
pub fn build_serve_url(options: ServeUrlOptions) -> Result<String> {
    let o = core::ServeUrlOptions {
        cdn_url: options.cdn_url,
        project: options.project,
        name: options.name,
        width: options.width.map(|n| n as f64),
        height: options.height.map(|n| n as f64),
        fit: options.fit.map(|f| core::Fit::from(f).as_str().to_string()),
        quality: options.quality.map(|n| n as f64),
        format: options.format,
        lqip: options.lqip,
        v: options.v.map(core::QueryVersion::Text),
        dialect: core::Dialect::Typed,
    };
    guard(|| core::build_serve_url(&o))
}

#[uniffi::export(default(v = None))]
pub fn build_blurhash_url(
    cdn_url: String,
    project: String,
    name: String,
    v: Option<String>,
) -> Result<String> {
    let o = core::BlurhashUrlOptions {
        cdn_url,
        project,
        name,
        v: v.map(core::QueryVersion::Text),
        dialect: core::Dialect::Typed,
    };
    guard(|| core::build_blurhash_url(&o))
}

fn json(text: &str) -> aura_core::Result<serde_json::Value> {
    serde_json::from_str(text)
        .map_err(|_| aura_core::AuraError::InvalidInput("payload is not JSON".into()))
}

/// Signs a JSON payload exactly as `JSON.stringify` would print it (member order kept).
#[uniffi::export]
pub fn sign_upload_token(payload_json: String, secret: String) -> Result<String> {
    guard(|| core::sign_upload_token(&json(&payload_json)?, &secret))
}

#[uniffi::export]
pub fn sign_serve_token(payload_json: String, secret: String) -> Result<String> {
    guard(|| core::sign_serve_token(&json(&payload_json)?, &secret))
}

/// A verified serve token (`{"p","f","exp"}`).
#[derive(uniffi::Record, Debug, Clone, PartialEq)]
pub struct ServeClaims {
    /// `p`: the project.
    pub project: String,
    /// `f`: the image name.
    pub name: String,
    /// `exp`: Unix seconds (a JS number).
    pub exp: f64,
    /// The whole payload as JSON text, member order kept.
    pub payload_json: String,
}

impl From<core::ServeClaims> for ServeClaims {
    fn from(c: core::ServeClaims) -> Self {
        ServeClaims {
            project: c.project,
            name: c.name,
            exp: c.exp,
            payload_json: serde_json::Value::Object(c.payload).to_string(),
        }
    }
}

/// A verified upload token; a member of another JSON type than the SDK
/// writes is null here and kept in `payload_json`.
#[derive(uniffi::Record, Debug, Clone, PartialEq)]
pub struct UploadClaims {
    pub project_name: Option<String>,
    /// Bytes.
    pub max_size: Option<f64>,
    pub allowed_types: Option<Vec<String>>,
    /// Unix seconds.
    pub iat: Option<f64>,
    /// Unix seconds (`iat + expiresIn`, unrounded).
    pub exp: f64,
    /// `public` or `private` as signed.
    pub visibility: Option<String>,
    pub name: Option<String>,
    pub overwrite: Option<bool>,
    /// The whole payload as JSON text, member order kept.
    pub payload_json: String,
}

impl From<core::UploadClaims> for UploadClaims {
    fn from(c: core::UploadClaims) -> Self {
        UploadClaims {
            project_name: c.project_name,
            max_size: c.max_size,
            allowed_types: c.allowed_types,
            iat: c.iat,
            exp: c.exp,
            visibility: c.visibility,
            name: c.name,
            overwrite: c.overwrite,
            payload_json: serde_json::Value::Object(c.payload).to_string(),
        }
    }
}

fn payload(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m,
        // The verifiers only return object payloads.
        _ => serde_json::Map::new(),
    }
}

fn upload_claims(v: serde_json::Value) -> aura_core::Result<UploadClaims> {
    core::UploadClaims::from_payload(payload(v)).map(Into::into)
}

/// Secrets tried in order (rotation); empty ones skipped, as the SDK.
#[uniffi::export]
pub fn verify_upload_token(token: String, secrets: Vec<String>, now: i64) -> Result<UploadClaims> {
    let now = crate::errors::now(now)?;
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
    guard(|| upload_claims(core::verify_upload_token(&token, &refs, now)?))
}

/// With `project` and `name`, a token for another image is `wrong_image`.
#[uniffi::export(default(project = None, name = None))]
pub fn verify_serve_token(
    token: String,
    secrets: Vec<String>,
    project: Option<String>,
    name: Option<String>,
    now: i64,
) -> Result<ServeClaims> {
    let now = crate::errors::now(now)?;
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
    guard(|| {
        let expected = core::ExpectedImage::from_parts(project.as_deref(), name.as_deref())?;
        let v = core::verify_serve_token(&token, &refs, now, expected)?;
        core::ServeClaims::from_payload(payload(v)).map(Into::into)
    })
}

/// Resolver verification, step 1: the token's `projectName`, or
/// `missing_project_name` (checked before any signature, as the SDK).
#[uniffi::export]
pub fn upload_token_project_name(token: String) -> Result<String> {
    guard(|| core::upload_token_project_name(&token))
}

/// Resolver verification, step 2: with the secrets the resolver returned.
#[uniffi::export]
pub fn verify_upload_token_resolved(
    token: String,
    secrets: Vec<String>,
    now: i64,
) -> Result<UploadClaims> {
    let now = crate::errors::now(now)?;
    guard(|| upload_claims(core::verify_upload_token_resolved(&token, &secrets, now)?))
}
