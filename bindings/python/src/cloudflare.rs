//! Cloudflare Images and Stream.

use aura_core::images::{ImagesMode, ImagesSigner as CoreImagesSigner, ImagesVerifier};
use aura_core::stream as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use std::net::IpAddr;

use crate::convert::{map_to_py, to_json};
use crate::errors::IntoPy;

/// `Some("x")` → `'x'`, `None` → `None`, as Python's repr prints them.
fn py_opt(v: Option<&str>) -> String {
    v.map_or("None".to_string(), |s| format!("{s:?}"))
}

#[pyfunction]
#[pyo3(signature = (url, key, expires_in, now, mode="default"))]
pub fn sign_images_url(
    url: &str,
    key: &str,
    expires_in: i64,
    now: i64,
    mode: &str,
) -> PyResult<String> {
    let mode = ImagesMode::parse(mode).py()?;
    Ok(CoreImagesSigner::new(key)
        .py()?
        .sign(url, expires_in, now, mode)
        .py()?
        .url)
}

/// `(signed_url, string_to_sign)`, for debugging what was signed.
#[pyfunction]
#[pyo3(signature = (url, key, expires_in, now, mode="default"))]
pub fn sign_images_url_debug(
    url: &str,
    key: &str,
    expires_in: i64,
    now: i64,
    mode: &str,
) -> PyResult<(String, String)> {
    let mode = ImagesMode::parse(mode).py()?;
    let s = CoreImagesSigner::new(key)
        .py()?
        .sign(url, expires_in, now, mode)
        .py()?;
    Ok((s.url, s.string_to_sign))
}

#[pyfunction]
pub fn verify_images_url(url: &str, keys: Vec<String>, now: i64) -> PyResult<i64> {
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    ImagesVerifier::new(&refs).py()?.verify(url, now).py()
}

#[pyclass(frozen, module = "aura_sign._native", name = "ImagesSigner")]
pub struct ImagesSigner {
    inner: CoreImagesSigner,
}

#[pymethods]
impl ImagesSigner {
    #[new]
    fn new(key: &str) -> PyResult<Self> {
        Ok(ImagesSigner {
            inner: CoreImagesSigner::new(key).py()?,
        })
    }

    #[pyo3(signature = (url, expires_in, now, mode="default"))]
    fn sign(&self, url: &str, expires_in: i64, now: i64, mode: &str) -> PyResult<String> {
        Ok(self
            .inner
            .sign(url, expires_in, now, ImagesMode::parse(mode).py()?)
            .py()?
            .url)
    }

    fn __repr__(&self) -> &'static str {
        "ImagesSigner(key=<redacted>)"
    }
}

#[pyclass(frozen, module = "aura_sign._native", name = "StreamKey")]
pub struct StreamKey {
    pub inner: core::StreamKey,
}

#[pymethods]
impl StreamKey {
    #[staticmethod]
    #[pyo3(signature = (text, key_id=None))]
    fn from_any(text: &str, key_id: Option<&str>) -> PyResult<Self> {
        Ok(StreamKey {
            inner: core::StreamKey::from_any(text, key_id).py()?,
        })
    }

    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.inner.key_id()
    }

    #[getter]
    fn modulus_sha256(&self) -> &str {
        self.inner.modulus_sha256()
    }

    fn public_key(&self) -> StreamPublicKey {
        StreamPublicKey {
            inner: self.inner.public_key(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "StreamKey(key_id={}, modulus_sha256={:?}, <private>)",
            py_opt(self.inner.key_id()),
            self.inner.modulus_sha256()
        )
    }
}

#[pyclass(frozen, module = "aura_sign._native", name = "StreamPublicKey")]
pub struct StreamPublicKey {
    pub inner: core::StreamPublicKey,
}

#[pymethods]
impl StreamPublicKey {
    #[staticmethod]
    #[pyo3(signature = (text, key_id=None))]
    fn from_any(text: &str, key_id: Option<&str>) -> PyResult<Self> {
        Ok(StreamPublicKey {
            inner: core::StreamPublicKey::from_any(text, key_id).py()?,
        })
    }

    #[staticmethod]
    fn from_jwks(text: &str) -> PyResult<Vec<Self>> {
        Ok(core::StreamPublicKey::from_jwks(text)
            .py()?
            .into_iter()
            .map(|inner| StreamPublicKey { inner })
            .collect())
    }

    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.inner.key_id()
    }

    #[getter]
    fn modulus_sha256(&self) -> &str {
        self.inner.modulus_sha256()
    }

    fn __repr__(&self) -> String {
        format!(
            "StreamPublicKey(key_id={}, modulus_sha256={:?})",
            py_opt(self.inner.key_id()),
            self.inner.modulus_sha256()
        )
    }
}

fn rules(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<core::AccessRule>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => core::AccessRule::list_from_json(&to_json(o)?)
            .py()
            .map(Some),
    }
}

#[pyclass(frozen, module = "aura_sign._native", name = "StreamSigner")]
pub struct StreamSigner {
    inner: core::StreamSigner,
}

#[pymethods]
impl StreamSigner {
    #[new]
    #[pyo3(signature = (key, key_id=None, style="cloudflare"))]
    fn new(key: &Bound<'_, PyAny>, key_id: Option<&str>, style: &str) -> PyResult<Self> {
        let key = match key.cast::<StreamKey>() {
            Ok(k) => k.get().inner.clone(),
            Err(_) => match key.extract::<String>() {
                Ok(text) => core::StreamKey::from_any(&text, key_id).py()?,
                Err(_) => return Err(PyTypeError::new_err("key must be a StreamKey or key text")),
            },
        };
        let style = core::StreamStyle::parse(style).py()?;
        Ok(StreamSigner {
            inner: core::StreamSigner::new(key, key_id, style).py()?,
        })
    }

    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (video_id, now, expires_in=None, not_before=None, access_rules=None, downloadable=None, allow_long_lifetime=false))]
    fn sign(
        &self,
        py: Python<'_>,
        video_id: &str,
        now: i64,
        expires_in: Option<i64>,
        not_before: Option<i64>,
        access_rules: Option<&Bound<'_, PyAny>>,
        downloadable: Option<bool>,
        allow_long_lifetime: bool,
    ) -> PyResult<String> {
        let options = core::StreamTokenOptions {
            expires_in,
            not_before,
            access_rules: rules(access_rules)?,
            downloadable,
            allow_long_lifetime,
        };
        py.detach(|| self.inner.sign(video_id, &options, now)).py()
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (video_ids, now, expires_in=None, not_before=None, access_rules=None, downloadable=None, allow_long_lifetime=false))]
    fn sign_many(
        &self,
        py: Python<'_>,
        video_ids: Vec<String>,
        now: i64,
        expires_in: Option<i64>,
        not_before: Option<i64>,
        access_rules: Option<&Bound<'_, PyAny>>,
        downloadable: Option<bool>,
        allow_long_lifetime: bool,
    ) -> PyResult<Vec<String>> {
        let options = core::StreamTokenOptions {
            expires_in,
            not_before,
            access_rules: rules(access_rules)?,
            downloadable,
            allow_long_lifetime,
        };
        py.detach(|| self.inner.sign_many(&video_ids, &options, now))
            .py()
    }

    fn __repr__(&self) -> String {
        format!(
            "StreamSigner(key_id={:?}, style={:?}, <private key>)",
            self.inner.key_id(),
            self.inner.style().as_str()
        )
    }
}

fn public_keys(keys: &Bound<'_, PyAny>) -> PyResult<Vec<core::StreamPublicKey>> {
    let one = |k: &Bound<'_, PyAny>| -> PyResult<core::StreamPublicKey> {
        if let Ok(p) = k.cast::<StreamPublicKey>() {
            return Ok(p.get().inner.clone());
        }
        if let Ok(p) = k.cast::<StreamKey>() {
            return Ok(p.get().inner.public_key());
        }
        Err(PyTypeError::new_err(
            "keys must be StreamPublicKey or StreamKey objects",
        ))
    };
    if keys.cast::<StreamPublicKey>().is_ok() || keys.cast::<StreamKey>().is_ok() {
        return Ok(vec![one(keys)?]);
    }
    keys.try_iter()?.map(|k| one(&k?)).collect()
}

fn ip(text: Option<&str>) -> PyResult<Option<IpAddr>> {
    core::parse_viewer_ip(text).py()
}

/// `video_id=None` skips the `sub` check (the Python layer makes it explicit).
#[allow(clippy::too_many_arguments)]
#[pyfunction]
#[pyo3(signature = (token, keys, video_id, now, leeway=0, purpose="playback", viewer_ip=None, viewer_country=None, require_exp=true))]
pub fn verify_stream_token<'py>(
    py: Python<'py>,
    token: &str,
    keys: &Bound<'py, PyAny>,
    video_id: Option<&str>,
    now: i64,
    leeway: i64,
    purpose: &str,
    viewer_ip: Option<&str>,
    viewer_country: Option<&str>,
    require_exp: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let verifier = core::StreamVerifier::new(public_keys(keys)?).py()?;
    let options = core::StreamVerifyOptions {
        video_id: video_id.map_or(core::VideoIdCheck::Any, core::VideoIdCheck::Exact),
        now,
        leeway,
        purpose: core::Purpose::parse(purpose).py()?,
        viewer_ip: ip(viewer_ip)?,
        viewer_country,
        require_exp,
    };
    let claims = py.detach(|| verifier.verify(token, &options)).py()?;
    map_to_py(py, &claims)
}

#[pyfunction]
#[pyo3(signature = (rules, viewer_ip=None, viewer_country=None))]
pub fn evaluate_access_rules(
    rules: &Bound<'_, PyAny>,
    viewer_ip: Option<&str>,
    viewer_country: Option<&str>,
) -> PyResult<(&'static str, Option<usize>)> {
    let rules = core::AccessRule::list_from_json(&to_json(rules)?).py()?;
    let (decision, index) = core::evaluate_access_rules(&rules, ip(viewer_ip)?, viewer_country);
    Ok((
        if decision == core::Decision::Allow {
            "allow"
        } else {
            "block"
        },
        index,
    ))
}

#[pyclass(frozen, module = "aura_sign._native", name = "StreamUrls")]
pub struct StreamUrls {
    inner: core::StreamUrls,
}

#[pymethods]
impl StreamUrls {
    /// `customer_code=None` uses the legacy videodelivery.net hosts.
    #[new]
    #[pyo3(signature = (customer_code=None))]
    fn new(customer_code: Option<String>) -> PyResult<Self> {
        let host = core::StreamHost::from_customer_code(customer_code);
        Ok(StreamUrls {
            inner: core::StreamUrls::new(host).py()?,
        })
    }

    fn iframe(&self, token: &str) -> String {
        self.inner.iframe(token)
    }

    fn hls(&self, token: &str) -> String {
        self.inner.hls(token)
    }

    fn dash(&self, token: &str) -> String {
        self.inner.dash(token)
    }

    #[pyo3(signature = (token, format="jpg", time=None, height=None))]
    fn thumbnail(
        &self,
        token: &str,
        format: &str,
        time: Option<&str>,
        height: Option<u32>,
    ) -> PyResult<String> {
        let f = core::ThumbnailFormat::parse(format).py()?;
        Ok(self.inner.thumbnail(token, f, time, height))
    }

    fn download_mp4(&self, token: &str) -> String {
        self.inner.download_mp4(token)
    }

    fn download_audio(&self, token: &str) -> String {
        self.inner.download_audio(token)
    }
}
