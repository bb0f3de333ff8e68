//! AuraImage for Node: the class (drop-in dialect or typed), helpers, verifiers.

use aura_core::auraimage as core;
use napi::bindgen_prelude::*;
use serde_json::Value;

use crate::args;
use crate::errors::{guard, invalid, Result};
use crate::exchange::{self, Exchange};

fn dialect(js_compat: Option<bool>) -> core::Dialect {
    if js_compat.unwrap_or(false) {
        core::Dialect::JsCompat
    } else {
        core::Dialect::Typed
    }
}

fn size(v: Either<String, f64>) -> core::SizeInput {
    match v {
        Either::A(s) => core::SizeInput::Text(s),
        Either::B(n) => core::SizeInput::Number(n),
    }
}

fn version(v: Option<Either<String, f64>>) -> Option<core::QueryVersion> {
    v.map(|v| match v {
        Either::A(s) => core::QueryVersion::Text(s),
        Either::B(n) => core::QueryVersion::Number(n),
    })
}

#[napi(object)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<Vec<String>>,
    pub body: String,
}

#[napi(js_name = "NativeAuraImage")]
pub struct AuraImage {
    pub(crate) inner: core::AuraImage,
}

#[napi]
impl AuraImage {
    #[napi(constructor)]
    pub fn new(
        secret_key: String,
        project_name: String,
        serve_secret: Option<String>,
        cdn_url: Option<String>,
        js_compat: Option<bool>,
    ) -> Result<Self> {
        guard(|| {
            core::AuraImage::with_dialect(
                &secret_key,
                &project_name,
                serve_secret.as_deref(),
                cdn_url.as_deref(),
                dialect(js_compat),
            )
        })
        .map(|inner| AuraImage { inner })
    }

    #[napi(getter)]
    pub fn project_name(&self) -> Result<String> {
        guard(|| Ok(self.inner.project_name().to_string()))
    }

    /// Positional options (a JS options object costs a property lookup per
    /// field); the JS layer unpacks `{maxSize, allowedTypes, …}`.
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn sign_upload(
        &self,
        now: f64,
        max_size: Option<Either<String, f64>>,
        allowed_types: Option<Vec<String>>,
        expires_in: Option<f64>,
        project_name: Option<String>,
        visibility: Option<String>,
        name: Option<String>,
        overwrite: Option<bool>,
    ) -> Result<String> {
        let now = args::now(now)?;
        let o = core::UploadOptions {
            max_size: max_size.map(size),
            allowed_types,
            expires_in,
            project_name,
            visibility,
            name,
            overwrite,
        };
        guard(|| self.inner.sign_upload(&o, now))
    }

    #[napi]
    pub fn get_signed_url(
        &self,
        name: String,
        now: f64,
        expires_in: Option<f64>,
        cdn_url: Option<String>,
    ) -> Result<String> {
        let now = args::now(now)?;
        guard(|| {
            self.inner
                .get_signed_url(&name, expires_in, cdn_url.as_deref(), now)
        })
    }

    #[napi]
    pub fn get_signed_urls(
        &self,
        names: Vec<String>,
        now: f64,
        expires_in: Option<f64>,
        cdn_url: Option<String>,
    ) -> Result<Vec<String>> {
        let now = args::now(now)?;
        guard(|| {
            self.inner
                .get_signed_urls(&names, expires_in, cdn_url.as_deref(), now)
        })
    }

    #[napi]
    pub fn set_visibility_request(
        &self,
        name: String,
        visibility: String,
        now: f64,
    ) -> Result<HttpRequest> {
        let now = args::now(now)?;
        let r = guard(|| self.inner.set_visibility_request(&name, &visibility, now))?;
        Ok(HttpRequest {
            method: r.method.into(),
            url: r.url,
            headers: r.headers.into_iter().map(|(k, v)| vec![k, v]).collect(),
            body: r.body,
        })
    }

    /// `setVisibility(name, visibility)` as an exchange (node/lib/http.cjs drives it).
    #[napi]
    pub fn set_visibility_exchange(&self, name: String, visibility: String, now: f64) -> Exchange {
        exchange::set_visibility(&self.inner, &name, &visibility, now)
    }

    /// `upload(file, options)`: one multipart `file` part with a fresh
    /// upload token (the `signUpload` options, positional as there).
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn upload_exchange(
        &self,
        file: Uint8Array,
        filename: String,
        content_type: String,
        now: f64,
        boundary: String,
        max_size: Option<Either<String, f64>>,
        allowed_types: Option<Vec<String>>,
        expires_in: Option<f64>,
        project_name: Option<String>,
        visibility: Option<String>,
        name: Option<String>,
        overwrite: Option<bool>,
    ) -> Exchange {
        let o = core::UploadOptions {
            max_size: max_size.map(size),
            allowed_types,
            expires_in,
            project_name,
            visibility,
            name,
            overwrite,
        };
        exchange::upload(
            &self.inner,
            &file,
            &filename,
            &content_type,
            &o,
            now,
            &boundary,
        )
    }

    /// `uploadFromUrl(url, {name, maxSize, visibility, overwrite, timeout})`.
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn upload_from_url_exchange(
        &self,
        url: String,
        now: f64,
        boundary: String,
        name: Option<String>,
        max_size: Option<Either<String, f64>>,
        visibility: Option<String>,
        overwrite: Option<bool>,
        timeout_ms: Option<f64>,
    ) -> Exchange {
        let o = core::UploadFromUrlOptions {
            name,
            max_size: max_size.map(size),
            visibility,
            overwrite,
            timeout_ms,
        };
        exchange::upload_from_url(&self.inner, &url, &o, now, &boundary)
    }
}

#[napi]
pub fn parse_set_visibility_response(status: f64, body: String) -> Result<Option<String>> {
    let status = u16::try_from(args::whole_u32("status", status)?)
        .map_err(|_| invalid("status out of range"))?;
    guard(|| core::parse_set_visibility_response(status, &body))
}

/// Typed: a whole byte count ≤ 2^53. `jsCompat`: exactly the SDK's number.
#[napi]
pub fn parse_size(value: Either<String, f64>, js_compat: Option<bool>) -> Result<f64> {
    let input = size(value);
    guard(|| match dialect(js_compat) {
        core::Dialect::JsCompat => core::parse_size_js(&input),
        core::Dialect::Typed => core::parse_size(&input).map(|n| n as f64),
    })
}

#[napi(object)]
pub struct ServeUrlOptions {
    pub cdn_url: String,
    pub project: String,
    pub name: String,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub fit: Option<String>,
    pub quality: Option<f64>,
    pub format: Option<String>,
    pub lqip: Option<bool>,
    pub v: Option<Either<String, f64>>,
}

#[napi]
pub fn build_serve_url(o: ServeUrlOptions, js_compat: Option<bool>) -> Result<String> {
    let options = core::ServeUrlOptions {
        cdn_url: o.cdn_url,
        project: o.project,
        name: o.name,
        width: o.width,
        height: o.height,
        fit: o.fit,
        quality: o.quality,
        format: o.format,
        lqip: o.lqip.unwrap_or(false),
        v: version(o.v),
        dialect: dialect(js_compat),
    };
    guard(|| core::build_serve_url(&options))
}

#[napi(object)]
pub struct BlurhashUrlOptions {
    pub cdn_url: String,
    pub project: String,
    pub name: String,
    pub v: Option<Either<String, f64>>,
}

#[napi]
pub fn build_blurhash_url(o: BlurhashUrlOptions, js_compat: Option<bool>) -> Result<String> {
    let options = core::BlurhashUrlOptions {
        cdn_url: o.cdn_url,
        project: o.project,
        name: o.name,
        v: version(o.v),
        dialect: dialect(js_compat),
    };
    guard(|| core::build_blurhash_url(&options))
}

#[napi]
pub fn sign_upload_token(payload: Value, secret: String) -> Result<String> {
    guard(|| core::sign_upload_token(&payload, &secret))
}

#[napi]
pub fn sign_serve_token(payload: Value, secret: String) -> Result<String> {
    guard(|| core::sign_serve_token(&payload, &secret))
}

#[napi]
pub fn verify_upload_token(token: String, secrets: Vec<String>, now: f64) -> Result<Value> {
    let now = args::now(now)?;
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
    guard(|| core::verify_upload_token(&token, &refs, now))
}

/// Step 1 of a resolver verification (the resolver is async in JS).
#[napi]
pub fn upload_token_project_name(token: String) -> Result<String> {
    guard(|| core::upload_token_project_name(&token))
}

/// Step 2, with the secrets the resolver returned.
#[napi]
pub fn verify_upload_token_resolved(
    token: String,
    secrets: Vec<String>,
    now: f64,
) -> Result<Value> {
    let now = args::now(now)?;
    guard(|| core::verify_upload_token_resolved(&token, &secrets, now))
}

#[napi]
pub fn verify_serve_token(
    token: String,
    secrets: Vec<String>,
    now: f64,
    project: Option<String>,
    name: Option<String>,
) -> Result<Value> {
    let now = args::now(now)?;
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();

    guard(|| {
        core::verify_serve_token(
            &token,
            &refs,
            now,
            core::ExpectedImage::from_parts(project.as_deref(), name.as_deref())?,
        )
    })
}

#[napi(js_name = "MAX_SERVE_TTL_SEC")]
pub const MAX_SERVE_TTL_SEC: i64 = core::MAX_SERVE_TTL_SEC;
