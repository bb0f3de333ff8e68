//! Google Cloud CDN (HMAC-SHA1) and Media CDN (Ed25519; tokens also
//! HMAC-SHA1/256): signed URLs, URL prefixes, cookies, path components,
//! tokens, and their verifiers. Signers hold the decoded key; times are
//! whole Unix seconds (the Python layer converts nothing).

use aura_core::google_cdn::{
    CloudCdnSigner as CoreCloudSigner, CloudCdnVerifier as CoreCloudVerifier, GoogleCdnGrant,
    MediaCdnSigner as CoreMediaSigner, MediaCdnTokenGrant, MediaCdnTokenOptions,
    MediaCdnTokenSigner as CoreTokenSigner, MediaCdnTokenVerifier as CoreTokenVerifier,
    MediaCdnVerifier as CoreMediaVerifier, Signed, TokenAlgorithm, TokenRequest, TokenResource,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::net::IpAddr;

use crate::args::{self, opt_seconds, opt_string, seconds, str_or, text};
use crate::errors::{guard, invalid, IntoPy};

/// `(value, string_to_sign)`.
type Out = (String, String);

fn out(s: Signed) -> Out {
    (s.value, s.string_to_sign)
}

fn grant<'py>(py: Python<'py>, g: GoogleCdnGrant) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("key_name", g.key_name)?;
    d.set_item("expires", g.expires)?;
    d.set_item("url_prefix", g.url_prefix)?;
    Ok(d)
}

fn token_grant<'py>(py: Python<'py>, g: MediaCdnTokenGrant) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("starts", g.starts)?;
    d.set_item("expires", g.expires)?;
    d.set_item("session_id", g.session_id)?;
    d.set_item("data", g.data)?;
    d.set_item("header_names", g.header_names)?;
    d.set_item("ip_ranges", g.ip_ranges)?;
    Ok(d)
}

/// A Cloud CDN key (base64url text, as the samples read it) and its name.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudCdnSigner")]
pub struct CloudCdnSigner {
    inner: CoreCloudSigner,
}

#[pymethods]
impl CloudCdnSigner {
    #[new]
    fn new(key_name: &Bound<'_, PyString>, base64_key: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(CloudCdnSigner {
                inner: CoreCloudSigner::new(
                    &text(key_name, "key_name")?,
                    &text(base64_key, "base64_key")?,
                )
                .py()?,
            })
        })
    }

    #[getter]
    fn key_name(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_name()))
    }

    fn sign_url(&self, url: &Bound<'_, PyString>, expires: &Bound<'_, PyAny>) -> PyResult<Out> {
        guard(|| {
            let url = text(url, "url")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self.inner.sign_url(&url, e).py()?))
        })
    }

    fn sign_url_prefix(
        &self,
        url: &Bound<'_, PyString>,
        url_prefix: &Bound<'_, PyString>,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<Out> {
        guard(|| {
            let url = text(url, "url")?;
            let prefix = text(url_prefix, "url_prefix")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self.inner.sign_url_prefix(&url, &prefix, e).py()?))
        })
    }

    fn sign_cookie(
        &self,
        url_prefix: &Bound<'_, PyString>,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<Out> {
        guard(|| {
            let prefix = text(url_prefix, "url_prefix")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self.inner.sign_cookie(&prefix, e).py()?))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudCdnSigner(key_name={:?}, key=<redacted>)",
                self.inner.key_name()
            ))
        })
    }
}

/// A backend's keys by key name.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudCdnVerifier")]
pub struct CloudCdnVerifier {
    inner: CoreCloudVerifier,
}

#[pymethods]
impl CloudCdnVerifier {
    /// `keys`: `(key_name, base64_key)` pairs.
    #[new]
    fn new(keys: Vec<(Bound<'_, PyString>, Bound<'_, PyString>)>) -> PyResult<Self> {
        guard(|| {
            let mut inner = CoreCloudVerifier::new();
            for (name, key) in &keys {
                inner
                    .add_key(&text(name, "key_name")?, &text(key, "base64_key")?)
                    .py()?;
            }
            Ok(CloudCdnVerifier { inner })
        })
    }

    fn verify_url<'py>(
        &self,
        py: Python<'py>,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            grant(py, self.inner.verify_url(&url, now).py()?)
        })
    }

    fn verify_cookie<'py>(
        &self,
        py: Python<'py>,
        cookie: &Bound<'_, PyString>,
        request_url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let cookie = text(cookie, "cookie")?;
            let url = text(request_url, "request_url")?;
            let now = args::now(now)?;
            grant(py, self.inner.verify_cookie(&cookie, &url, now).py()?)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("CloudCdnVerifier(keys=<redacted>)"))
    }
}

/// A Media CDN Ed25519 key (the 32-byte seed as base64url text) and its name.
#[pyclass(frozen, module = "aura_sign._native", name = "MediaCdnSigner")]
pub struct MediaCdnSigner {
    inner: CoreMediaSigner,
}

#[pymethods]
impl MediaCdnSigner {
    #[new]
    fn new(key_name: &Bound<'_, PyString>, base64_key: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(MediaCdnSigner {
                inner: CoreMediaSigner::new(
                    &text(key_name, "key_name")?,
                    &text(base64_key, "base64_key")?,
                )
                .py()?,
            })
        })
    }

    #[getter]
    fn key_name(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_name()))
    }

    /// The 32-byte public key to register in a Media CDN keyset.
    fn public_key<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        guard(|| Ok(PyBytes::new(py, &self.inner.public_key())))
    }

    fn sign_url(&self, url: &Bound<'_, PyString>, expires: &Bound<'_, PyAny>) -> PyResult<Out> {
        guard(|| {
            let url = text(url, "url")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self.inner.sign_url(&url, e).py()?))
        })
    }

    fn sign_url_prefix(
        &self,
        url: &Bound<'_, PyString>,
        url_prefix: &Bound<'_, PyString>,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<Out> {
        guard(|| {
            let url = text(url, "url")?;
            let prefix = text(url_prefix, "url_prefix")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self.inner.sign_url_prefix(&url, &prefix, e).py()?))
        })
    }

    fn sign_cookie(
        &self,
        url_prefix: &Bound<'_, PyString>,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<Out> {
        guard(|| {
            let prefix = text(url_prefix, "url_prefix")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self.inner.sign_cookie(&prefix, e).py()?))
        })
    }

    fn sign_path_component(
        &self,
        url_prefix: &Bound<'_, PyString>,
        filename: &Bound<'_, PyString>,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<Out> {
        guard(|| {
            let prefix = text(url_prefix, "url_prefix")?;
            let filename = text(filename, "filename")?;
            let e = seconds(expires, "expires")?;
            Ok(out(self
                .inner
                .sign_path_component(&prefix, &filename, e)
                .py()?))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "MediaCdnSigner(key_name={:?}, key=<redacted>)",
                self.inner.key_name()
            ))
        })
    }
}

/// Public keys by key name (a Media CDN keyset).
#[pyclass(frozen, module = "aura_sign._native", name = "MediaCdnVerifier")]
pub struct MediaCdnVerifier {
    inner: CoreMediaVerifier,
}

#[pymethods]
impl MediaCdnVerifier {
    /// `keys`: `(key_name, public_key)` pairs; the key as 32 bytes or as
    /// base64url text (padded or not).
    #[new]
    fn new(keys: Vec<(Bound<'_, PyString>, Bound<'_, PyAny>)>) -> PyResult<Self> {
        guard(|| {
            let mut inner = CoreMediaVerifier::new();
            for (name, key) in &keys {
                let name = text(name, "key_name")?;
                if let Ok(b) = key.cast::<PyBytes>() {
                    inner.add_public_key(&name, b.as_bytes()).py()?;
                } else if let Ok(s) = key.cast::<PyString>() {
                    inner
                        .add_public_key_base64(&name, &text(s, "public_key")?)
                        .py()?;
                } else {
                    return Err(PyTypeError::new_err(
                        "a public key must be bytes or base64url str",
                    ));
                }
            }
            Ok(MediaCdnVerifier { inner })
        })
    }

    fn verify_url<'py>(
        &self,
        py: Python<'py>,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            grant(py, self.inner.verify_url(&url, now).py()?)
        })
    }

    fn verify_cookie<'py>(
        &self,
        py: Python<'py>,
        cookie: &Bound<'_, PyString>,
        request_url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let cookie = text(cookie, "cookie")?;
            let url = text(request_url, "request_url")?;
            let now = args::now(now)?;
            grant(py, self.inner.verify_cookie(&cookie, &url, now).py()?)
        })
    }

    fn verify_path_component<'py>(
        &self,
        py: Python<'py>,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            grant(py, self.inner.verify_path_component(&url, now).py()?)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("MediaCdnVerifier(<public keys>)"))
    }
}

fn algorithm_name(a: TokenAlgorithm) -> &'static str {
    match a {
        TokenAlgorithm::Ed25519 => "ed25519",
        TokenAlgorithm::HmacSha1 => "sha1",
        TokenAlgorithm::HmacSha256 => "sha256",
    }
}

/// A Media CDN token key (`dualtoken.sign_token`): Ed25519 seed or HMAC secret.
#[pyclass(frozen, module = "aura_sign._native", name = "MediaCdnTokenSigner")]
pub struct MediaCdnTokenSigner {
    inner: CoreTokenSigner,
    algorithm: TokenAlgorithm,
}

#[pymethods]
impl MediaCdnTokenSigner {
    #[new]
    #[pyo3(
        signature = (base64_key, algorithm=None),
        text_signature = "(base64_key, algorithm=\"ed25519\")"
    )]
    fn new(
        base64_key: &Bound<'_, PyString>,
        algorithm: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let alg =
                TokenAlgorithm::from_name(&str_or(algorithm, "algorithm", "ed25519")?).py()?;
            Ok(MediaCdnTokenSigner {
                inner: CoreTokenSigner::new(&text(base64_key, "base64_key")?, alg).py()?,
                algorithm: alg,
            })
        })
    }

    #[getter]
    fn algorithm(&self) -> PyResult<&'static str> {
        guard(|| Ok(algorithm_name(self.algorithm)))
    }

    /// The Ed25519 public key (`None` for HMAC keys).
    fn public_key<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        guard(|| Ok(self.inner.public_key().map(|k| PyBytes::new(py, &k))))
    }

    /// `resource_kind`: `full_path`, `path_globs` or `url_prefix`.
    #[pyo3(signature = (resource_kind, resource, now, starts=None, expires=None, session_id=None, data=None, headers=Vec::new(), ip_ranges=None))]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        resource_kind: &Bound<'_, PyString>,
        resource: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        starts: Option<&Bound<'_, PyAny>>,
        expires: Option<&Bound<'_, PyAny>>,
        session_id: Option<&Bound<'_, PyString>>,
        data: Option<&Bound<'_, PyString>>,
        headers: Vec<(Bound<'_, PyString>, Bound<'_, PyString>)>,
        ip_ranges: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Out> {
        guard(|| {
            let value = text(resource, "resource")?.into_owned();
            let resource = match &*text(resource_kind, "resource_kind")? {
                "full_path" => TokenResource::FullPath(value),
                "path_globs" => TokenResource::PathGlobs(value),
                "url_prefix" => TokenResource::UrlPrefix(value),
                _ => {
                    return Err(invalid(
                        "resource_kind must be full_path, path_globs or url_prefix",
                    ))
                }
            };
            let now = args::now(now)?;
            let headers = headers
                .iter()
                .map(|(n, v)| {
                    Ok((
                        text(n, "headers")?.into_owned(),
                        text(v, "headers")?.into_owned(),
                    ))
                })
                .collect::<PyResult<Vec<_>>>()?;
            let options = MediaCdnTokenOptions {
                resource,
                starts: opt_seconds(starts, "starts")?,
                expires: opt_seconds(expires, "expires")?,
                session_id: opt_string(session_id, "session_id")?,
                data: opt_string(data, "data")?,
                headers,
                ip_ranges: opt_string(ip_ranges, "ip_ranges")?,
            };
            Ok(out(self.inner.sign(&options, now).py()?))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "MediaCdnTokenSigner(algorithm={:?}, key=<redacted>)",
                algorithm_name(self.algorithm)
            ))
        })
    }
}

/// The Ed25519 public keys and HMAC secrets a token may be signed with.
#[pyclass(frozen, module = "aura_sign._native", name = "MediaCdnTokenVerifier")]
pub struct MediaCdnTokenVerifier {
    inner: CoreTokenVerifier,
}

#[pymethods]
impl MediaCdnTokenVerifier {
    #[new]
    #[pyo3(signature = (ed25519_public_keys=Vec::new(), hmac_keys=Vec::new()))]
    fn new(
        ed25519_public_keys: Vec<Bound<'_, PyBytes>>,
        hmac_keys: Vec<Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let mut inner = CoreTokenVerifier::new();
            for k in &ed25519_public_keys {
                inner.add_ed25519_public_key(k.as_bytes()).py()?;
            }
            for k in &hmac_keys {
                inner.add_hmac_key(&text(k, "hmac_keys")?).py()?;
            }
            Ok(MediaCdnTokenVerifier { inner })
        })
    }

    /// The request: its full `url` (for `URLPrefix`), `path` (for
    /// `FullPath`/`PathGlobs`), `headers` (for `Headers`), viewer `ip`.
    #[pyo3(signature = (token, now, url, path, headers=Vec::new(), ip=None))]
    #[allow(clippy::too_many_arguments)]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        url: &Bound<'_, PyString>,
        path: &Bound<'_, PyString>,
        headers: Vec<(Bound<'_, PyString>, Bound<'_, PyString>)>,
        ip: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let token = text(token, "token")?;
            let now = args::now(now)?;
            let url = text(url, "url")?;
            let path = text(path, "path")?;
            let owned = headers
                .iter()
                .map(|(n, v)| {
                    Ok((
                        text(n, "headers")?.into_owned(),
                        text(v, "headers")?.into_owned(),
                    ))
                })
                .collect::<PyResult<Vec<_>>>()?;
            let pairs: Vec<(&str, &str)> = owned
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let ip = match opt_string(ip, "ip")? {
                None => None,
                Some(ip) => Some(
                    ip.parse::<IpAddr>()
                        .map_err(|_| invalid("ip must be an IPv4 or IPv6 address"))?,
                ),
            };
            let request = TokenRequest {
                url: &url,
                path: &path,
                headers: &pairs,
                ip,
            };
            token_grant(py, self.inner.verify(&token, &request, now).py()?)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("MediaCdnTokenVerifier(keys=<redacted>)"))
    }
}
