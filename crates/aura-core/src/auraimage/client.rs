//! `new AuraImage({secretKey, projectName, serveSecret, cdnUrl})`: holds the
//! prepared HMAC keys, so no call re-derives them.

use std::fmt;

use super::dialect::Dialect;
use super::envelope::{seal, seal_into};
use super::serve::{push_serve_payload, serve_exp};
use super::upload::{upload_payload_json, UploadOptions};
use super::visibility::{set_visibility_request, HttpRequest, Visibility};
use crate::error::{invalid, Result};
use crate::js::uri::push_encode_name;
use crate::mac::HmacKey;

/// An AuraImage project signer. Immutable and `Send + Sync`.
#[derive(Clone)]
pub struct AuraImage {
    secret_key: HmacKey,
    project_name: String,
    serve_key: Option<HmacKey>,
    cdn_url: Option<String>,
    dialect: Dialect,
}

/// `cdnUrl.replace(/\/+$/, '')`, then (typed) an http(s) URL with a host.
pub(crate) fn cdn_base(raw: &str, field: &str, dialect: Dialect) -> Result<String> {
    let trimmed = raw.trim_end_matches('/');
    if dialect == Dialect::JsCompat {
        return Ok(trimmed.to_string());
    }
    let ok = url::Url::parse(trimmed)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false);
    if ok {
        Ok(trimmed.to_string())
    } else {
        Err(invalid(format!(
            "{field} must be an http(s) URL with a host"
        )))
    }
}

impl AuraImage {
    /// `secret_key` (`sk_live_…`) signs upload tokens; `serve_secret`
    /// (`psk_live_…`) signs serve tokens. Prefixes are not checked, as the SDK.
    pub fn new(
        secret_key: &str,
        project_name: &str,
        serve_secret: Option<&str>,
        cdn_url: Option<&str>,
    ) -> Result<Self> {
        Self::with_dialect(
            secret_key,
            project_name,
            serve_secret,
            cdn_url,
            Dialect::Typed,
        )
    }

    /// As [`AuraImage::new`], with the input rules of `dialect`.
    pub fn with_dialect(
        secret_key: &str,
        project_name: &str,
        serve_secret: Option<&str>,
        cdn_url: Option<&str>,
        dialect: Dialect,
    ) -> Result<Self> {
        if secret_key.is_empty() {
            return Err(invalid("AuraImage: secretKey is required"));
        }
        let cdn_url = cdn_url
            .map(|c| cdn_base(c, "cdnUrl", dialect))
            .transpose()?;
        Ok(AuraImage {
            secret_key: HmacKey::new(secret_key),
            project_name: project_name.to_string(),
            serve_key: serve_secret.filter(|s| !s.is_empty()).map(HmacKey::new),
            cdn_url: cdn_url.filter(|c| !c.is_empty()),
            dialect,
        })
    }

    /// The project name given to the constructor (the default `projectName` of upload tokens).
    pub fn project_name(&self) -> &str {
        &self.project_name
    }

    /// The constructor's CDN base URL, trailing `/` removed; `None` if unset or empty.
    pub fn cdn_url(&self) -> Option<&str> {
        self.cdn_url.as_deref()
    }

    /// `signUpload(options)` at `now` (Unix seconds).
    pub fn sign_upload(&self, options: &UploadOptions, now: i64) -> Result<String> {
        let json = upload_payload_json(&self.project_name, options, now, self.dialect)?;
        Ok(seal(&json, &self.secret_key))
    }

    fn serve_key(&self) -> Result<&HmacKey> {
        self.serve_key
            .as_ref()
            .ok_or_else(|| invalid("AuraImage.getSignedUrl: serveSecret is required (set it on the AuraImage constructor)"))
    }

    fn cdn_for_call(&self, cdn_url: Option<&str>) -> Result<String> {
        match cdn_url {
            Some(c) => Some(cdn_base(c, "cdnUrl", self.dialect)?).filter(|c| !c.is_empty()).ok_or_else(|| {
                invalid("AuraImage.getSignedUrl: cdnUrl is required (set it on the AuraImage constructor)")
            }),
            None => self
                .cdn_url
                .clone()
                .ok_or_else(|| invalid("AuraImage.getSignedUrl: cdnUrl is required (set it on the AuraImage constructor)")),
        }
    }

    /// A serve token for `name`, valid until `exp`.
    pub fn serve_token(&self, name: &str, exp: i64) -> Result<String> {
        let mut json = String::with_capacity(64 + name.len() + self.project_name.len());
        push_serve_payload(&mut json, &self.project_name, name, exp);
        Ok(seal(&json, self.serve_key()?))
    }

    fn push_signed_url(&self, out: &mut String, cdn: &str, name: &str, exp: i64, key: &HmacKey) {
        thread_local! {
            static JSON: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        out.push_str(cdn);
        out.push('/');
        out.push_str(&self.project_name); // not encoded, as the SDK
        out.push('/');
        push_encode_name(out, name);
        out.push_str("?token=");
        JSON.with_borrow_mut(|json| {
            json.clear();
            push_serve_payload(json, &self.project_name, name, exp);
            seal_into(out, json, key);
        });
    }

    /// `getSignedUrl(name, {expiresIn, cdnUrl})`.
    pub fn get_signed_url(
        &self,
        name: &str,
        expires_in: Option<f64>,
        cdn_url: Option<&str>,
        now: i64,
    ) -> Result<String> {
        let key = self.serve_key()?;
        let cdn = self.cdn_for_call(cdn_url)?;
        let exp = serve_exp(now, expires_in, self.dialect)?;
        let mut url = String::with_capacity(cdn.len() + 2 * name.len() + 160);
        self.push_signed_url(&mut url, &cdn, name, exp, key);
        Ok(url)
    }

    /// `getSignedUrl` for many names with one clock reading and one
    /// validation; large batches are signed on every core.
    pub fn get_signed_urls<S: AsRef<str> + Sync>(
        &self,
        names: &[S],
        expires_in: Option<f64>,
        cdn_url: Option<&str>,
        now: i64,
    ) -> Result<Vec<String>> {
        let key = self.serve_key()?;
        let cdn = self.cdn_for_call(cdn_url)?;
        let exp = serve_exp(now, expires_in, self.dialect)?;
        crate::parallel::par_map(names, 2048, |name| {
            let mut url = String::with_capacity(cdn.len() + 2 * name.as_ref().len() + 160);
            self.push_signed_url(&mut url, &cdn, name.as_ref(), exp, key);
            Ok(url)
        })
    }

    /// The exact request `setVisibility(name, visibility)` sends; the HTTP
    /// layer sends it and reads the answer with `parse_set_visibility_response`.
    pub fn set_visibility_request(
        &self,
        name: &str,
        visibility: &str,
        now: i64,
    ) -> Result<HttpRequest> {
        let visibility = Visibility::parse(visibility)?;
        let cdn = self.cdn_url.as_deref().ok_or_else(|| {
            invalid(
                "AuraImage.setVisibility: cdnUrl is required (set it on the AuraImage constructor)",
            )
        })?;
        let signature = self.sign_upload(&UploadOptions::default(), now)?;
        Ok(set_visibility_request(
            cdn,
            &self.project_name,
            name,
            visibility,
            signature,
        ))
    }
}

impl fmt::Debug for AuraImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuraImage")
            .field("project_name", &self.project_name)
            .field("cdn_url", &self.cdn_url)
            .field("secret_key", &"<redacted>")
            .field(
                "serve_secret",
                &self.serve_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
