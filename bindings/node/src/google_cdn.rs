//! Google Cloud CDN (HMAC-SHA1) and Media CDN (Ed25519; HMAC tokens) for
//! Node: signers holding the decoded key, verifiers holding the trusted keys.
//! Times are whole Unix seconds; `now` comes from JavaScript.

use std::net::IpAddr;

use aura_core::google_cdn as core;
use napi::bindgen_prelude::Uint8Array;

use crate::args;
use crate::errors::{guard, invalid, Result};

/// The expiry of a signature: `expires` (Unix seconds) or `expiresIn`
/// (seconds after `now`), never both.
#[napi(object)]
pub struct GoogleCdnExpiry {
    pub expires: Option<f64>,
    pub expires_in: Option<f64>,
}

/// `Some(expires)` from the options, `None` when neither is given.
fn expiry(o: &GoogleCdnExpiry, now: i64) -> Result<Option<i64>> {
    match (o.expires, o.expires_in) {
        (Some(_), Some(_)) => Err(invalid("give expires or expiresIn, not both")),
        (Some(e), None) => args::seconds("expires", e).map(Some),
        (None, Some(d)) => {
            let d = args::seconds("expiresIn", d)?;
            now.checked_add(d)
                .map(Some)
                .ok_or_else(|| invalid("now + expiresIn overflows"))
        }
        (None, None) => Ok(None),
    }
}

fn required_expiry(o: &GoogleCdnExpiry, now: f64) -> Result<i64> {
    let now = args::now(now)?;
    expiry(o, now)?.ok_or_else(|| invalid("expires (Unix seconds) or expiresIn is required"))
}

/// What the sample returns, and the exact text that was signed.
#[napi(object, object_from_js = false)]
pub struct GoogleCdnSigned {
    pub value: String,
    pub string_to_sign: String,
}

fn signed(s: core::Signed) -> GoogleCdnSigned {
    GoogleCdnSigned {
        value: s.value,
        string_to_sign: s.string_to_sign,
    }
}

/// What a verified URL or cookie grants.
#[napi(object, object_from_js = false)]
pub struct GoogleCdnGrant {
    pub key_name: String,
    pub expires: i64,
    pub url_prefix: Option<String>,
}

fn grant(g: core::GoogleCdnGrant) -> GoogleCdnGrant {
    GoogleCdnGrant {
        key_name: g.key_name,
        expires: g.expires,
        url_prefix: g.url_prefix,
    }
}

#[napi(js_name = "NativeCloudCdnSigner")]
pub struct CloudCdnSigner {
    inner: core::CloudCdnSigner,
}

#[napi]
impl CloudCdnSigner {
    /// `base64_key` as the samples decode it (`urlsafe_b64decode`).
    #[napi(constructor)]
    pub fn new(key_name: String, base64_key: String) -> Result<Self> {
        guard(|| core::CloudCdnSigner::new(&key_name, &base64_key))
            .map(|inner| CloudCdnSigner { inner })
    }

    #[napi(getter)]
    pub fn key_name(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_name().to_string()))
    }

    #[napi]
    pub fn sign_url(
        &self,
        url: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_url(&url, e)).map(signed)
    }

    #[napi]
    pub fn sign_url_prefix(
        &self,
        url: String,
        url_prefix: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_url_prefix(&url, &url_prefix, e)).map(signed)
    }

    #[napi]
    pub fn sign_cookie(
        &self,
        url_prefix: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_cookie(&url_prefix, e)).map(signed)
    }
}

#[napi(js_name = "NativeCloudCdnVerifier")]
pub struct CloudCdnVerifier {
    inner: core::CloudCdnVerifier,
}

#[napi]
impl CloudCdnVerifier {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Result<Self> {
        guard(|| {
            Ok(CloudCdnVerifier {
                inner: core::CloudCdnVerifier::new(),
            })
        })
    }

    /// Adds (or replaces) the key named `key_name`, decoded once.
    #[napi]
    pub fn add_key(&mut self, key_name: String, base64_key: String) -> Result<()> {
        guard(|| self.inner.add_key(&key_name, &base64_key))
    }

    #[napi]
    pub fn verify_url(&self, url: String, now: f64) -> Result<GoogleCdnGrant> {
        let now = args::now(now)?;
        guard(|| self.inner.verify_url(&url, now)).map(grant)
    }

    #[napi]
    pub fn verify_cookie(
        &self,
        cookie: String,
        request_url: String,
        now: f64,
    ) -> Result<GoogleCdnGrant> {
        let now = args::now(now)?;
        guard(|| self.inner.verify_cookie(&cookie, &request_url, now)).map(grant)
    }
}

#[napi(js_name = "NativeMediaCdnSigner")]
pub struct MediaCdnSigner {
    inner: core::MediaCdnSigner,
}

#[napi]
impl MediaCdnSigner {
    /// `base64_key`: the 32-byte Ed25519 seed, base64url as the samples read it.
    #[napi(constructor)]
    pub fn new(key_name: String, base64_key: String) -> Result<Self> {
        guard(|| core::MediaCdnSigner::new(&key_name, &base64_key))
            .map(|inner| MediaCdnSigner { inner })
    }

    #[napi(getter)]
    pub fn key_name(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_name().to_string()))
    }

    /// The 32-byte public key to put in the Media CDN keyset.
    #[napi]
    pub fn public_key(&self) -> Result<Uint8Array> {
        guard(|| Ok(Uint8Array::new(self.inner.public_key().to_vec())))
    }

    #[napi]
    pub fn sign_url(
        &self,
        url: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_url(&url, e)).map(signed)
    }

    #[napi]
    pub fn sign_url_prefix(
        &self,
        url: String,
        url_prefix: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_url_prefix(&url, &url_prefix, e)).map(signed)
    }

    #[napi]
    pub fn sign_cookie(
        &self,
        url_prefix: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_cookie(&url_prefix, e)).map(signed)
    }

    #[napi]
    pub fn sign_path_component(
        &self,
        url_prefix: String,
        filename: String,
        now: f64,
        expiry: GoogleCdnExpiry,
    ) -> Result<GoogleCdnSigned> {
        let e = required_expiry(&expiry, now)?;
        guard(|| self.inner.sign_path_component(&url_prefix, &filename, e)).map(signed)
    }
}

#[napi(js_name = "NativeMediaCdnVerifier")]
pub struct MediaCdnVerifier {
    inner: core::MediaCdnVerifier,
}

#[napi]
impl MediaCdnVerifier {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Result<Self> {
        guard(|| {
            Ok(MediaCdnVerifier {
                inner: core::MediaCdnVerifier::new(),
            })
        })
    }

    /// The 32 public-key bytes of `key_name`.
    #[napi]
    pub fn add_public_key(&mut self, key_name: String, public_key: Uint8Array) -> Result<()> {
        guard(|| self.inner.add_public_key(&key_name, &public_key))
    }

    /// The public key as base64url text (padded or not; either alphabet).
    #[napi]
    pub fn add_public_key_base64(&mut self, key_name: String, public_key: String) -> Result<()> {
        guard(|| self.inner.add_public_key_base64(&key_name, &public_key))
    }

    #[napi]
    pub fn verify_url(&self, url: String, now: f64) -> Result<GoogleCdnGrant> {
        let now = args::now(now)?;
        guard(|| self.inner.verify_url(&url, now)).map(grant)
    }

    #[napi]
    pub fn verify_cookie(
        &self,
        cookie: String,
        request_url: String,
        now: f64,
    ) -> Result<GoogleCdnGrant> {
        let now = args::now(now)?;
        guard(|| self.inner.verify_cookie(&cookie, &request_url, now)).map(grant)
    }

    #[napi]
    pub fn verify_path_component(&self, url: String, now: f64) -> Result<GoogleCdnGrant> {
        let now = args::now(now)?;
        guard(|| self.inner.verify_path_component(&url, now)).map(grant)
    }
}

/// A `(name, value)` header, as the sample's `{"name": …, "value": …}`.
#[napi(object)]
pub struct GoogleCdnHeader {
    pub name: String,
    pub value: String,
}

/// `sign_token`'s arguments (camelCase). Exactly one of `fullPath`,
/// `pathGlobs`, `urlPrefix` (an empty string is none, as in the sample);
/// `expires` / `expiresIn` default to `now + 3600`.
#[napi(object)]
pub struct MediaCdnTokenOptions {
    pub full_path: Option<String>,
    pub path_globs: Option<String>,
    pub url_prefix: Option<String>,
    pub starts: Option<f64>,
    pub expires: Option<f64>,
    pub expires_in: Option<f64>,
    pub session_id: Option<String>,
    pub data: Option<String>,
    pub headers: Option<Vec<GoogleCdnHeader>>,
    pub ip_ranges: Option<String>,
}

fn token_options(o: MediaCdnTokenOptions, now: i64) -> Result<core::MediaCdnTokenOptions> {
    let given = |v: Option<String>| v.filter(|s| !s.is_empty());
    let resources: Vec<core::TokenResource> = [
        given(o.full_path).map(core::TokenResource::FullPath),
        given(o.path_globs).map(core::TokenResource::PathGlobs),
        given(o.url_prefix).map(core::TokenResource::UrlPrefix),
    ]
    .into_iter()
    .flatten()
    .collect();
    let resource = match <[core::TokenResource; 1]>::try_from(resources) {
        Ok([r]) => r,
        Err(r) if r.is_empty() => {
            return Err(invalid(
                "a token needs one of fullPath, pathGlobs or urlPrefix",
            ))
        }
        Err(_) => return Err(invalid("give only one of fullPath, pathGlobs or urlPrefix")),
    };
    let expires = expiry(
        &GoogleCdnExpiry {
            expires: o.expires,
            expires_in: o.expires_in,
        },
        now,
    )?;
    Ok(core::MediaCdnTokenOptions {
        resource,
        starts: args::opt_seconds("starts", o.starts)?,
        expires,
        session_id: o.session_id,
        data: o.data,
        headers: o
            .headers
            .unwrap_or_default()
            .into_iter()
            .map(|h| (h.name, h.value))
            .collect(),
        ip_ranges: o.ip_ranges,
    })
}

#[napi(js_name = "NativeMediaCdnTokenSigner")]
pub struct MediaCdnTokenSigner {
    inner: core::MediaCdnTokenSigner,
    algorithm: &'static str,
}

#[napi]
impl MediaCdnTokenSigner {
    /// `algorithm`: `ed25519` (the 32-byte seed), `sha1` or `sha256` (HMAC), any case.
    #[napi(constructor)]
    pub fn new(base64_key: String, algorithm: String) -> Result<Self> {
        let alg = guard(|| core::TokenAlgorithm::from_name(&algorithm))?;
        let name = match alg {
            core::TokenAlgorithm::Ed25519 => "ed25519",
            core::TokenAlgorithm::HmacSha1 => "sha1",
            core::TokenAlgorithm::HmacSha256 => "sha256",
        };
        guard(|| core::MediaCdnTokenSigner::new(&base64_key, alg)).map(|inner| {
            MediaCdnTokenSigner {
                inner,
                algorithm: name,
            }
        })
    }

    #[napi(getter)]
    pub fn algorithm(&self) -> &'static str {
        self.algorithm
    }

    /// The Ed25519 public key (`null` for HMAC keys).
    #[napi]
    pub fn public_key(&self) -> Result<Option<Uint8Array>> {
        guard(|| Ok(self.inner.public_key().map(|k| Uint8Array::new(k.to_vec()))))
    }

    #[napi]
    pub fn sign(&self, options: MediaCdnTokenOptions, now: f64) -> Result<GoogleCdnSigned> {
        let now = args::now(now)?;
        let o = token_options(options, now)?;
        guard(|| self.inner.sign(&o, now)).map(signed)
    }
}

/// What a verified token grants.
#[napi(object, object_from_js = false)]
pub struct MediaCdnTokenGrant {
    pub starts: Option<i64>,
    pub expires: i64,
    pub session_id: Option<String>,
    pub data: Option<String>,
    pub header_names: Vec<String>,
    pub ip_ranges: Option<String>,
}

/// The request a token is presented with.
#[napi(object)]
pub struct MediaCdnTokenRequest {
    /// The full request URL (for `URLPrefix`).
    pub url: Option<String>,
    /// The request path (for `FullPath` and `PathGlobs`).
    pub path: Option<String>,
    pub headers: Option<Vec<GoogleCdnHeader>>,
    /// The viewer's IP (for `IPRanges`).
    pub viewer_ip: Option<String>,
}

#[napi(js_name = "NativeMediaCdnTokenVerifier")]
pub struct MediaCdnTokenVerifier {
    inner: core::MediaCdnTokenVerifier,
}

#[napi]
impl MediaCdnTokenVerifier {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Result<Self> {
        guard(|| {
            Ok(MediaCdnTokenVerifier {
                inner: core::MediaCdnTokenVerifier::new(),
            })
        })
    }

    #[napi]
    pub fn add_ed25519_public_key(&mut self, public_key: Uint8Array) -> Result<()> {
        guard(|| self.inner.add_ed25519_public_key(&public_key))
    }

    /// As [`add_ed25519_public_key`](Self::add_ed25519_public_key), from
    /// base64url text, padded or not (as `MediaCdnVerifier` reads it).
    #[napi]
    pub fn add_ed25519_public_key_base64(&mut self, public_key: String) -> Result<()> {
        guard(|| self.inner.add_ed25519_public_key_base64(&public_key))
    }

    /// An HMAC shared secret, base64url as the sample decodes it.
    #[napi]
    pub fn add_hmac_key(&mut self, base64_key: String) -> Result<()> {
        guard(|| self.inner.add_hmac_key(&base64_key))
    }

    #[napi]
    pub fn verify(
        &self,
        token: String,
        request: MediaCdnTokenRequest,
        now: f64,
    ) -> Result<MediaCdnTokenGrant> {
        let now = args::now(now)?;
        let ip: Option<IpAddr> = match request.viewer_ip.as_deref() {
            None | Some("") => None,
            Some(text) => Some(
                text.parse()
                    .map_err(|_| invalid(format!("viewerIp is not an IP address: {text:?}")))?,
            ),
        };
        let headers: Vec<(String, String)> = request
            .headers
            .unwrap_or_default()
            .into_iter()
            .map(|h| (h.name, h.value))
            .collect();
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let url = request.url.unwrap_or_default();
        let path = request.path.unwrap_or_default();
        let request = core::TokenRequest {
            url: &url,
            path: &path,
            headers: &headers,
            ip,
        };
        guard(|| self.inner.verify(&token, &request, now)).map(|g| MediaCdnTokenGrant {
            starts: g.starts,
            expires: g.expires,
            session_id: g.session_id,
            data: g.data,
            header_names: g.header_names,
            ip_ranges: g.ip_ranges,
        })
    }
}
