//! AWS CloudFront signed URLs and cookies (canned and custom policies,
//! SHA-1 and SHA-256 key pairs), and a verifier.

use aura_core::cloudfront::{
    build_policy, epoch_seconds_from_js_millis, CloudFrontKey as CoreKey,
    CloudFrontPublicKey as CorePublicKey, CloudFrontSigner as CoreSigner, CloudFrontStyle,
    CloudFrontVerifier as CoreVerifier, CloudFrontVerifyOptions, Conditions, HashAlgorithm,
    SignedCookies, SignedUrl, UnsignedCookies as CoreUnsignedCookies,
    UnsignedUrl as CoreUnsignedUrl, VerifiedAccess,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::net::IpAddr;

use crate::args::{self, opt_seconds, opt_string, opt_text, seconds, str_or, text};
use crate::errors::{guard, invalid, IntoPy};

/// `(url, policy, hash_algorithm, canned)`.
type Url = (String, String, &'static str, bool);
/// `(pairs in the JS signer's order, policy_json)`.
type Cookies = (Vec<(&'static str, String)>, String);

fn url_out(s: SignedUrl) -> Url {
    (s.url, s.policy, s.hash_algorithm.as_str(), s.canned)
}

fn cookies_out(c: SignedCookies) -> Cookies {
    let pairs = c.pairs();
    (pairs, c.policy_json)
}

fn conditions(
    date_less_than: &Bound<'_, PyAny>,
    date_greater_than: Option<&Bound<'_, PyAny>>,
    ip_address: Option<&Bound<'_, PyString>>,
) -> PyResult<Conditions> {
    Ok(Conditions {
        date_less_than: seconds(date_less_than, "date_less_than")?,
        date_greater_than: opt_seconds(date_greater_than, "date_greater_than")?,
        ip_address: opt_string(ip_address, "ip_address")?,
    })
}

/// `Math.round(ms / 1000)` for a JS time value (the AWS JS SDK's
/// conversion); NaN and out-of-range values are `invalid_input`.
#[pyfunction]
pub fn cloudfront_epoch_seconds(ms: &Bound<'_, PyAny>) -> PyResult<i64> {
    guard(|| epoch_seconds_from_js_millis(args::number(ms, "ms")?).py())
}

/// A policy as `style` writes it (botocore's `build_policy`, the JS
/// signer's, or the default's).
#[pyfunction]
#[pyo3(
    signature = (style, resource, date_less_than, date_greater_than=None, ip_address=None),
    text_signature = "(style, resource, date_less_than, date_greater_than=None, ip_address=None)"
)]
pub fn cloudfront_build_policy(
    style: &Bound<'_, PyString>,
    resource: &Bound<'_, PyString>,
    date_less_than: &Bound<'_, PyAny>,
    date_greater_than: Option<&Bound<'_, PyAny>>,
    ip_address: Option<&Bound<'_, PyString>>,
) -> PyResult<String> {
    guard(|| {
        let style = CloudFrontStyle::parse(&text(style, "style")?).py()?;
        let resource = text(resource, "resource")?;
        let c = conditions(date_less_than, date_greater_than, ip_address)?;
        build_policy(style, &resource, &c).py()
    })
}

/// A URL built but for its signature: `policy` is the exact text to sign.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudFrontUnsignedUrl")]
pub struct CloudFrontUnsignedUrl {
    inner: CoreUnsignedUrl,
}

#[pymethods]
impl CloudFrontUnsignedUrl {
    #[getter]
    fn policy(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.policy()))
    }

    #[getter]
    fn hash_algorithm(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.hash_algorithm().as_str()))
    }

    #[getter]
    fn canned(&self) -> PyResult<bool> {
        guard(|| Ok(self.inner.is_canned()))
    }

    fn sign(&self) -> PyResult<Url> {
        guard(|| Ok(url_out(self.inner.clone().sign().py()?)))
    }

    /// With an RSA PKCS#1 v1.5 signature made elsewhere (an HSM, KMS):
    /// checked with the public key first (`bad_signature`).
    fn finish(&self, signature: &Bound<'_, PyBytes>) -> PyResult<Url> {
        guard(|| {
            Ok(url_out(
                self.inner.clone().finish(signature.as_bytes()).py()?,
            ))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudFrontUnsignedUrl(hash_algorithm={:?}, canned={})",
                self.inner.hash_algorithm().as_str(),
                self.inner.is_canned()
            ))
        })
    }
}

/// Cookies built but for their signature.
#[pyclass(
    frozen,
    module = "aura_sign._native",
    name = "CloudFrontUnsignedCookies"
)]
pub struct CloudFrontUnsignedCookies {
    inner: CoreUnsignedCookies,
}

#[pymethods]
impl CloudFrontUnsignedCookies {
    #[getter]
    fn policy(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.policy()))
    }

    #[getter]
    fn hash_algorithm(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.hash_algorithm().as_str()))
    }

    fn sign(&self) -> PyResult<Cookies> {
        guard(|| Ok(cookies_out(self.inner.clone().sign().py()?)))
    }

    fn finish(&self, signature: &Bound<'_, PyBytes>) -> PyResult<Cookies> {
        guard(|| {
            Ok(cookies_out(
                self.inner.clone().finish(signature.as_bytes()).py()?,
            ))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudFrontUnsignedCookies(hash_algorithm={:?})",
                self.inner.hash_algorithm().as_str()
            ))
        })
    }
}

/// A CloudFront key pair's private key (PKCS#1 or PKCS#8 PEM), its id and hash.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudFrontKey")]
pub struct CloudFrontKey {
    inner: CoreKey,
}

#[pymethods]
impl CloudFrontKey {
    #[staticmethod]
    #[pyo3(signature = (pem, key_pair_id, hash_algorithm=None), text_signature = "(pem, key_pair_id, hash_algorithm=\"SHA1\")")]
    fn from_pem(
        pem: &Bound<'_, PyString>,
        key_pair_id: &Bound<'_, PyString>,
        hash_algorithm: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let hash =
                HashAlgorithm::parse(&str_or(hash_algorithm, "hash_algorithm", "SHA1")?).py()?;
            Ok(CloudFrontKey {
                inner: CoreKey::from_pem(
                    &text(pem, "pem")?,
                    &text(key_pair_id, "key_pair_id")?,
                    hash,
                )
                .py()?,
            })
        })
    }

    #[getter]
    fn key_pair_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_pair_id()))
    }

    #[getter]
    fn hash_algorithm(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.hash_algorithm().as_str()))
    }

    #[getter]
    fn modulus_sha256(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.modulus_sha256()))
    }

    fn public_key(&self) -> PyResult<CloudFrontPublicKey> {
        guard(|| {
            Ok(CloudFrontPublicKey {
                inner: self.inner.public_key(),
            })
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudFrontKey(key_pair_id={:?}, hash_algorithm={:?}, modulus_sha256={:?}, <private>)",
                self.inner.key_pair_id(),
                self.inner.hash_algorithm().as_str(),
                self.inner.modulus_sha256()
            ))
        })
    }
}

#[pyclass(frozen, module = "aura_sign._native", name = "CloudFrontPublicKey")]
pub struct CloudFrontPublicKey {
    inner: CorePublicKey,
}

#[pymethods]
impl CloudFrontPublicKey {
    #[staticmethod]
    fn from_pem(pem: &Bound<'_, PyString>, key_pair_id: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(CloudFrontPublicKey {
                inner: CorePublicKey::from_pem(
                    &text(pem, "pem")?,
                    &text(key_pair_id, "key_pair_id")?,
                )
                .py()?,
            })
        })
    }

    #[getter]
    fn key_pair_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_pair_id()))
    }

    #[getter]
    fn modulus_sha256(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.modulus_sha256()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudFrontPublicKey(key_pair_id={:?}, modulus_sha256={:?})",
                self.inner.key_pair_id(),
                self.inner.modulus_sha256()
            ))
        })
    }
}

/// A parsed key and a style.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudFrontSigner")]
pub struct CloudFrontSigner {
    inner: CoreSigner,
}

#[pymethods]
impl CloudFrontSigner {
    #[new]
    #[pyo3(signature = (key, style=None), text_signature = "(key, style=\"default\")")]
    fn new(key: &CloudFrontKey, style: Option<&Bound<'_, PyString>>) -> PyResult<Self> {
        guard(|| {
            let style = CloudFrontStyle::parse(&str_or(style, "style", "default")?).py()?;
            Ok(CloudFrontSigner {
                inner: CoreSigner::new(key.inner.clone(), style).py()?,
            })
        })
    }

    #[getter]
    fn style(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.style().as_str()))
    }

    #[getter]
    fn key_pair_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key().key_pair_id()))
    }

    #[pyo3(signature = (url, now, date_less_than, date_greater_than=None, ip_address=None))]
    fn sign_url(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        date_less_than: &Bound<'_, PyAny>,
        date_greater_than: Option<&Bound<'_, PyAny>>,
        ip_address: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Url> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let c = conditions(date_less_than, date_greater_than, ip_address)?;
            Ok(url_out(self.inner.sign_url(&url, &c, now).py()?))
        })
    }

    #[pyo3(signature = (url, now, date_less_than, date_greater_than=None, ip_address=None))]
    fn prepare_url(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        date_less_than: &Bound<'_, PyAny>,
        date_greater_than: Option<&Bound<'_, PyAny>>,
        ip_address: Option<&Bound<'_, PyString>>,
    ) -> PyResult<CloudFrontUnsignedUrl> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let c = conditions(date_less_than, date_greater_than, ip_address)?;
            Ok(CloudFrontUnsignedUrl {
                inner: self.inner.prepare_url(&url, &c, now).py()?,
            })
        })
    }

    #[pyo3(signature = (url, policy, now))]
    fn prepare_url_with_policy(
        &self,
        url: Option<&Bound<'_, PyString>>,
        policy: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<CloudFrontUnsignedUrl> {
        guard(|| {
            let url = opt_text(url, "url")?;
            let policy = text(policy, "policy")?;
            let now = args::now(now)?;
            Ok(CloudFrontUnsignedUrl {
                inner: self
                    .inner
                    .prepare_url_with_policy(url.as_deref(), &policy, now)
                    .py()?,
            })
        })
    }

    #[pyo3(signature = (url, now, date_less_than, date_greater_than=None, ip_address=None))]
    fn prepare_cookies(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        date_less_than: &Bound<'_, PyAny>,
        date_greater_than: Option<&Bound<'_, PyAny>>,
        ip_address: Option<&Bound<'_, PyString>>,
    ) -> PyResult<CloudFrontUnsignedCookies> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let c = conditions(date_less_than, date_greater_than, ip_address)?;
            Ok(CloudFrontUnsignedCookies {
                inner: self.inner.prepare_cookies(&url, &c, now).py()?,
            })
        })
    }

    fn prepare_cookies_with_policy(
        &self,
        policy: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<CloudFrontUnsignedCookies> {
        guard(|| {
            let policy = text(policy, "policy")?;
            let now = args::now(now)?;
            Ok(CloudFrontUnsignedCookies {
                inner: self.inner.prepare_cookies_with_policy(&policy, now).py()?,
            })
        })
    }

    #[pyo3(signature = (url, policy, now))]
    fn sign_url_with_policy(
        &self,
        url: Option<&Bound<'_, PyString>>,
        policy: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Url> {
        guard(|| {
            let url = opt_text(url, "url")?;
            let policy = text(policy, "policy")?;
            let now = args::now(now)?;
            Ok(url_out(
                self.inner
                    .sign_url_with_policy(url.as_deref(), &policy, now)
                    .py()?,
            ))
        })
    }

    #[pyo3(signature = (url, now, date_less_than, date_greater_than=None, ip_address=None))]
    fn sign_cookies(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        date_less_than: &Bound<'_, PyAny>,
        date_greater_than: Option<&Bound<'_, PyAny>>,
        ip_address: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Cookies> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let c = conditions(date_less_than, date_greater_than, ip_address)?;
            Ok(cookies_out(self.inner.sign_cookies(&url, &c, now).py()?))
        })
    }

    fn sign_cookies_with_policy(
        &self,
        policy: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Cookies> {
        guard(|| {
            let policy = text(policy, "policy")?;
            let now = args::now(now)?;
            Ok(cookies_out(
                self.inner.sign_cookies_with_policy(&policy, now).py()?,
            ))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudFrontSigner(key_pair_id={:?}, style={:?}, <private key>)",
                self.inner.key().key_pair_id(),
                self.inner.style().as_str()
            ))
        })
    }
}

fn access<'py>(py: Python<'py>, a: VerifiedAccess) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("key_pair_id", a.key_pair_id)?;
    d.set_item("hash_algorithm", a.hash_algorithm.as_str())?;
    d.set_item("canned", a.canned)?;
    d.set_item("policy", a.policy)?;
    d.set_item("resource", a.resource)?;
    d.set_item("date_less_than", a.date_less_than)?;
    d.set_item("date_greater_than", a.date_greater_than)?;
    d.set_item("ip_address", a.ip_address)?;
    Ok(d)
}

fn verify_options(
    now: &Bound<'_, PyAny>,
    client_ip: Option<&Bound<'_, PyString>>,
    allow_sha1: bool,
) -> PyResult<CloudFrontVerifyOptions> {
    let mut o = CloudFrontVerifyOptions::new(args::now(now)?);
    o.allow_sha1 = allow_sha1;
    if let Some(ip) = opt_text(client_ip, "client_ip")? {
        o.client_ip = Some(
            ip.parse::<IpAddr>()
                .map_err(|_| invalid("client_ip must be an IPv4 or IPv6 address"))?,
        );
    }
    Ok(o)
}

/// Trusted public keys, looked up by key pair id.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudFrontVerifier")]
pub struct CloudFrontVerifier {
    inner: CoreVerifier,
}

#[pymethods]
impl CloudFrontVerifier {
    #[new]
    fn new(keys: Vec<PyRef<'_, CloudFrontPublicKey>>) -> PyResult<Self> {
        guard(|| {
            Ok(CloudFrontVerifier {
                inner: CoreVerifier::new(keys.iter().map(|k| k.inner.clone()).collect()).py()?,
            })
        })
    }

    #[pyo3(signature = (url, now, client_ip=None, allow_sha1=true))]
    fn verify_url<'py>(
        &self,
        py: Python<'py>,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        client_ip: Option<&Bound<'_, PyString>>,
        allow_sha1: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let url = text(url, "url")?;
            let o = verify_options(now, client_ip, allow_sha1)?;
            access(py, self.inner.verify_url(&url, &o).py()?)
        })
    }

    #[pyo3(signature = (url, cookies, now, client_ip=None, allow_sha1=true))]
    fn verify_cookies<'py>(
        &self,
        py: Python<'py>,
        url: &Bound<'_, PyString>,
        cookies: Vec<(Bound<'_, PyString>, Bound<'_, PyString>)>,
        now: &Bound<'_, PyAny>,
        client_ip: Option<&Bound<'_, PyString>>,
        allow_sha1: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let url = text(url, "url")?;
            let pairs = cookies
                .iter()
                .map(|(n, v)| {
                    Ok((
                        text(n, "cookies")?.into_owned(),
                        text(v, "cookies")?.into_owned(),
                    ))
                })
                .collect::<PyResult<Vec<_>>>()?;
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let o = verify_options(now, client_ip, allow_sha1)?;
            access(py, self.inner.verify_cookies(&url, &refs, &o).py()?)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("CloudFrontVerifier(<public keys>)"))
    }
}
