//! AWS CloudFront signed URLs and cookies for Node: keys parsed once,
//! signers per style, prepared (unsigned) URLs and cookies that a signature
//! made elsewhere can finish, a verifier.

use aura_core::cloudfront as core;
use napi::bindgen_prelude::Uint8Array;
use serde_json::{Map, Value};
use std::net::IpAddr;

use crate::args;
use crate::errors::{guard, invalid, Result};

fn hash(h: Option<String>) -> Result<core::HashAlgorithm> {
    guard(|| core::HashAlgorithm::parse(h.as_deref().unwrap_or("SHA1")))
}

#[napi]
pub struct CloudFrontKey {
    pub(crate) inner: core::CloudFrontKey,
}

#[napi]
impl CloudFrontKey {
    /// A PKCS#1 or PKCS#8 PEM, parsed once; `hashAlgorithm` `SHA1` (default) or `SHA256`.
    #[napi(factory)]
    pub fn from_pem(
        pem: String,
        key_pair_id: String,
        hash_algorithm: Option<String>,
    ) -> Result<Self> {
        let h = hash(hash_algorithm)?;
        guard(|| core::CloudFrontKey::from_pem(&pem, &key_pair_id, h))
            .map(|inner| CloudFrontKey { inner })
    }

    #[napi(getter)]
    pub fn key_pair_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_pair_id().to_string()))
    }

    #[napi(getter)]
    pub fn hash_algorithm(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.hash_algorithm().as_str()))
    }

    #[napi(getter)]
    pub fn modulus_sha256(&self) -> Result<String> {
        guard(|| Ok(self.inner.modulus_sha256().to_string()))
    }

    #[napi]
    pub fn public_key(&self) -> Result<CloudFrontPublicKey> {
        guard(|| {
            Ok(CloudFrontPublicKey {
                inner: self.inner.public_key(),
            })
        })
    }
}

#[napi]
pub struct CloudFrontPublicKey {
    pub(crate) inner: core::CloudFrontPublicKey,
}

#[napi]
impl CloudFrontPublicKey {
    /// SPKI or PKCS#1 public PEM (or a private PEM's public half) under `keyPairId`.
    #[napi(factory)]
    pub fn from_pem(pem: String, key_pair_id: String) -> Result<Self> {
        guard(|| core::CloudFrontPublicKey::from_pem(&pem, &key_pair_id))
            .map(|inner| CloudFrontPublicKey { inner })
    }

    #[napi(getter)]
    pub fn key_pair_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.key_pair_id().to_string()))
    }

    #[napi(getter)]
    pub fn modulus_sha256(&self) -> Result<String> {
        guard(|| Ok(self.inner.modulus_sha256().to_string()))
    }
}

/// Unix seconds (already converted from the caller's dates).
#[napi(object)]
pub struct CloudFrontConditions {
    pub date_less_than: f64,
    pub date_greater_than: Option<f64>,
    pub ip_address: Option<String>,
}

fn conditions(c: CloudFrontConditions) -> Result<core::Conditions> {
    Ok(core::Conditions {
        date_less_than: args::seconds("dateLessThan", c.date_less_than)?,
        date_greater_than: args::opt_seconds("dateGreaterThan", c.date_greater_than)?,
        ip_address: c.ip_address,
    })
}

/// `Math.round(ms / 1000)` for a JS time value, as the JS signer; NaN and
/// out-of-range values are `invalid_input`.
#[napi(js_name = "cloudFrontEpochSeconds")]
pub fn epoch_seconds(ms: f64) -> Result<i64> {
    guard(|| core::epoch_seconds_from_js_millis(ms))
}

#[napi(js_name = "cloudFrontBuildPolicy")]
pub fn build_policy(style: String, resource: String, c: CloudFrontConditions) -> Result<String> {
    let c = conditions(c)?;
    guard(|| core::build_policy(core::CloudFrontStyle::parse(&style)?, &resource, &c))
}

#[napi(object, object_from_js = false)]
pub struct CloudFrontSignedUrl {
    pub url: String,
    pub policy: String,
    pub hash_algorithm: String,
    pub canned: bool,
}

fn signed_url(s: core::SignedUrl) -> CloudFrontSignedUrl {
    CloudFrontSignedUrl {
        url: s.url,
        policy: s.policy,
        hash_algorithm: s.hash_algorithm.as_str().into(),
        canned: s.canned,
    }
}

#[napi(object, object_from_js = false)]
pub struct CloudFrontSignedCookies {
    /// Name → value in the JS signer's order (`CloudFront-Expires` a number).
    pub cookies: Value,
    pub policy: String,
    pub hash_algorithm: String,
}

fn signed_cookies(c: core::SignedCookies) -> CloudFrontSignedCookies {
    let cookies: Map<String, Value> = c
        .pairs()
        .into_iter()
        .map(|(n, v)| {
            let v = match (n, v.parse::<i64>()) {
                ("CloudFront-Expires", Ok(e)) => Value::from(e),
                _ => Value::from(v),
            };
            (n.to_string(), v)
        })
        .collect();
    CloudFrontSignedCookies {
        cookies: Value::Object(cookies),
        policy: c.policy_json,
        hash_algorithm: c.hash_algorithm.as_str().into(),
    }
}

/// A URL built but for its signature: `policy` is the exact text to sign.
#[napi(js_name = "NativeCloudFrontUnsignedUrl")]
pub struct UnsignedUrl {
    inner: core::UnsignedUrl,
}

#[napi]
impl UnsignedUrl {
    #[napi(getter)]
    pub fn policy(&self) -> Result<String> {
        guard(|| Ok(self.inner.policy().to_string()))
    }

    #[napi(getter)]
    pub fn hash_algorithm(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.hash_algorithm().as_str()))
    }

    #[napi(getter)]
    pub fn canned(&self) -> Result<bool> {
        guard(|| Ok(self.inner.is_canned()))
    }

    #[napi]
    pub fn sign(&self) -> Result<CloudFrontSignedUrl> {
        guard(|| self.inner.clone().sign()).map(signed_url)
    }

    /// With an RSA PKCS#1 v1.5 signature made elsewhere; checked with the public key.
    #[napi]
    pub fn finish(&self, signature: Uint8Array) -> Result<CloudFrontSignedUrl> {
        guard(|| self.inner.clone().finish(&signature)).map(signed_url)
    }
}

#[napi(js_name = "NativeCloudFrontUnsignedCookies")]
pub struct UnsignedCookies {
    inner: core::UnsignedCookies,
}

#[napi]
impl UnsignedCookies {
    #[napi(getter)]
    pub fn policy(&self) -> Result<String> {
        guard(|| Ok(self.inner.policy().to_string()))
    }

    #[napi(getter)]
    pub fn hash_algorithm(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.hash_algorithm().as_str()))
    }

    #[napi]
    pub fn sign(&self) -> Result<CloudFrontSignedCookies> {
        guard(|| self.inner.clone().sign()).map(signed_cookies)
    }

    #[napi]
    pub fn finish(&self, signature: Uint8Array) -> Result<CloudFrontSignedCookies> {
        guard(|| self.inner.clone().finish(&signature)).map(signed_cookies)
    }
}

#[napi(js_name = "NativeCloudFrontSigner")]
pub struct CloudFrontSigner {
    inner: core::CloudFrontSigner,
}

#[napi]
impl CloudFrontSigner {
    /// `style`: `default`, `aws-js` or `botocore`.
    #[napi(constructor)]
    pub fn new(key: &CloudFrontKey, style: Option<String>) -> Result<Self> {
        guard(|| {
            let style = core::CloudFrontStyle::parse(style.as_deref().unwrap_or("default"))?;
            core::CloudFrontSigner::new(key.inner.clone(), style)
        })
        .map(|inner| CloudFrontSigner { inner })
    }

    #[napi(getter)]
    pub fn style(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.style().as_str()))
    }

    #[napi(getter)]
    pub fn key_pair_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.key().key_pair_id().to_string()))
    }

    #[napi(getter)]
    pub fn hash_algorithm(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.key().hash_algorithm().as_str()))
    }

    #[napi]
    pub fn prepare_url(
        &self,
        url: String,
        c: CloudFrontConditions,
        now: f64,
    ) -> Result<UnsignedUrl> {
        let now = args::now(now)?;
        let c = conditions(c)?;
        guard(|| self.inner.prepare_url(&url, &c, now)).map(|inner| UnsignedUrl { inner })
    }

    #[napi]
    pub fn prepare_url_with_policy(
        &self,
        url: Option<String>,
        policy: String,
        now: f64,
    ) -> Result<UnsignedUrl> {
        let now = args::now(now)?;
        guard(|| {
            self.inner
                .prepare_url_with_policy(url.as_deref(), &policy, now)
        })
        .map(|inner| UnsignedUrl { inner })
    }

    #[napi]
    pub fn sign_url(
        &self,
        url: String,
        c: CloudFrontConditions,
        now: f64,
    ) -> Result<CloudFrontSignedUrl> {
        let now = args::now(now)?;
        let c = conditions(c)?;
        guard(|| self.inner.sign_url(&url, &c, now)).map(signed_url)
    }

    #[napi]
    pub fn sign_url_with_policy(
        &self,
        url: Option<String>,
        policy: String,
        now: f64,
    ) -> Result<CloudFrontSignedUrl> {
        let now = args::now(now)?;
        guard(|| {
            self.inner
                .sign_url_with_policy(url.as_deref(), &policy, now)
        })
        .map(signed_url)
    }

    #[napi]
    pub fn prepare_cookies(
        &self,
        url: String,
        c: CloudFrontConditions,
        now: f64,
    ) -> Result<UnsignedCookies> {
        let now = args::now(now)?;
        let c = conditions(c)?;
        guard(|| self.inner.prepare_cookies(&url, &c, now)).map(|inner| UnsignedCookies { inner })
    }

    #[napi]
    pub fn prepare_cookies_with_policy(&self, policy: String, now: f64) -> Result<UnsignedCookies> {
        let now = args::now(now)?;
        guard(|| self.inner.prepare_cookies_with_policy(&policy, now))
            .map(|inner| UnsignedCookies { inner })
    }
}

#[napi(object, object_from_js = false)]
pub struct CloudFrontVerifiedAccess {
    pub key_pair_id: String,
    pub hash_algorithm: String,
    pub canned: bool,
    pub policy: String,
    pub resource: String,
    pub date_less_than: i64,
    pub date_greater_than: Option<i64>,
    pub ip_address: Option<String>,
}

fn access(v: core::VerifiedAccess) -> CloudFrontVerifiedAccess {
    CloudFrontVerifiedAccess {
        key_pair_id: v.key_pair_id,
        hash_algorithm: v.hash_algorithm.as_str().into(),
        canned: v.canned,
        policy: v.policy,
        resource: v.resource,
        date_less_than: v.date_less_than,
        date_greater_than: v.date_greater_than,
        ip_address: v.ip_address,
    }
}

fn verify_options(
    now: f64,
    client_ip: Option<String>,
    allow_sha1: Option<bool>,
) -> Result<core::CloudFrontVerifyOptions> {
    let mut o = core::CloudFrontVerifyOptions::new(args::now(now)?);
    if let Some(ip) = client_ip {
        o.client_ip = Some(
            ip.parse::<IpAddr>()
                .map_err(|_| invalid(format!("clientIp is not an IP address: {ip:?}")))?,
        );
    }
    o.allow_sha1 = allow_sha1.unwrap_or(true);
    Ok(o)
}

#[napi(js_name = "NativeCloudFrontVerifier")]
pub struct CloudFrontVerifier {
    inner: core::CloudFrontVerifier,
}

#[napi]
impl CloudFrontVerifier {
    #[napi(constructor)]
    pub fn new(keys: Vec<&CloudFrontPublicKey>) -> Result<Self> {
        guard(|| core::CloudFrontVerifier::new(keys.iter().map(|k| k.inner.clone()).collect()))
            .map(|inner| CloudFrontVerifier { inner })
    }

    #[napi]
    pub fn verify_url(
        &self,
        url: String,
        now: f64,
        client_ip: Option<String>,
        allow_sha1: Option<bool>,
    ) -> Result<CloudFrontVerifiedAccess> {
        let o = verify_options(now, client_ip, allow_sha1)?;
        guard(|| self.inner.verify_url(&url, &o)).map(access)
    }

    /// `cookies`: `[name, value]` pairs as the request carries them.
    #[napi]
    pub fn verify_cookies(
        &self,
        url: String,
        cookies: Vec<Vec<String>>,
        now: f64,
        client_ip: Option<String>,
        allow_sha1: Option<bool>,
    ) -> Result<CloudFrontVerifiedAccess> {
        let o = verify_options(now, client_ip, allow_sha1)?;
        let pairs = cookies
            .iter()
            .map(|p| match p.as_slice() {
                [n, v] => Ok((n.as_str(), v.as_str())),
                _ => Err(invalid("each cookie is a [name, value] pair")),
            })
            .collect::<Result<Vec<_>>>()?;
        guard(|| self.inner.verify_cookies(&url, &pairs, &o)).map(access)
    }
}
