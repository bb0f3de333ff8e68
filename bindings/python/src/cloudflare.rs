//! Cloudflare Images and Stream.

use aura_core::images::{ImagesMode, ImagesSigner as CoreImagesSigner, ImagesVerifier};
use aura_core::stream as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::net::IpAddr;

use crate::args::{self, opt_seconds, opt_string, opt_text, seconds, str_or, text, texts, whole};
use crate::convert::{map_to_py, to_json};
use crate::errors::{guard, IntoPy};

/// `Some("x")` → `'x'`, `None` → `None`, as Python's repr prints them.
fn py_opt(v: Option<&str>) -> String {
    v.map_or("None".to_string(), |s| format!("{s:?}"))
}

/// The one Images signing path of the functions below.
fn images_sign(
    url: &Bound<'_, PyString>,
    key: &Bound<'_, PyString>,
    expires_in: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    mode: Option<&Bound<'_, PyString>>,
) -> PyResult<aura_core::images::SignedImageUrl> {
    let url = text(url, "url")?;
    let key = text(key, "key")?;
    let expires_in = seconds(expires_in, "expires_in")?;
    let now = args::now(now)?;
    let mode = ImagesMode::parse(&str_or(mode, "mode", "default")?).py()?;
    CoreImagesSigner::new(&key)
        .py()?
        .sign(&url, expires_in, now, mode)
        .py()
}

#[pyfunction]
#[pyo3(
    signature = (url, key, expires_in, now, mode=None),
    text_signature = "(url, key, expires_in, now, mode=\"default\")"
)]
pub fn sign_images_url(
    url: &Bound<'_, PyString>,
    key: &Bound<'_, PyString>,
    expires_in: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    mode: Option<&Bound<'_, PyString>>,
) -> PyResult<String> {
    guard(|| Ok(images_sign(url, key, expires_in, now, mode)?.url))
}

/// `(signed_url, string_to_sign)`, for debugging what was signed.
#[pyfunction]
#[pyo3(
    signature = (url, key, expires_in, now, mode=None),
    text_signature = "(url, key, expires_in, now, mode=\"default\")"
)]
pub fn sign_images_url_debug(
    url: &Bound<'_, PyString>,
    key: &Bound<'_, PyString>,
    expires_in: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    mode: Option<&Bound<'_, PyString>>,
) -> PyResult<(String, String)> {
    guard(|| {
        let s = images_sign(url, key, expires_in, now, mode)?;
        Ok((s.url, s.string_to_sign))
    })
}

#[pyfunction]
pub fn verify_images_url(
    url: &Bound<'_, PyString>,
    keys: Vec<Bound<'_, PyString>>,
    now: &Bound<'_, PyAny>,
) -> PyResult<i64> {
    guard(|| {
        let url = text(url, "url")?;
        let keys = texts(&keys, "keys")?;
        let now = args::now(now)?;
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        ImagesVerifier::new(&refs).py()?.verify(&url, now).py()
    })
}

#[pyclass(frozen, module = "aura_sign._native", name = "ImagesSigner")]
pub struct ImagesSigner {
    inner: CoreImagesSigner,
}

#[pymethods]
impl ImagesSigner {
    #[new]
    fn new(key: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(ImagesSigner {
                inner: CoreImagesSigner::new(&text(key, "key")?).py()?,
            })
        })
    }

    #[pyo3(
        signature = (url, expires_in, now, mode=None),
        text_signature = "($self, url, expires_in, now, mode=\"default\")"
    )]
    fn sign(
        &self,
        url: &Bound<'_, PyString>,
        expires_in: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        mode: Option<&Bound<'_, PyString>>,
    ) -> PyResult<String> {
        guard(|| {
            let url = text(url, "url")?;
            let expires_in = seconds(expires_in, "expires_in")?;
            let now = args::now(now)?;
            let mode = ImagesMode::parse(&str_or(mode, "mode", "default")?).py()?;
            Ok(self.inner.sign(&url, expires_in, now, mode).py()?.url)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("ImagesSigner(key=<redacted>)"))
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
    fn from_any(
        text: &Bound<'_, PyString>,
        key_id: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let text = args::text(text, "text")?;
            let key_id = opt_text(key_id, "key_id")?;
            Ok(StreamKey {
                inner: core::StreamKey::from_any(&text, key_id.as_deref()).py()?,
            })
        })
    }

    #[getter]
    fn key_id(&self) -> PyResult<Option<&str>> {
        guard(|| Ok(self.inner.key_id()))
    }

    #[getter]
    fn modulus_sha256(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.modulus_sha256()))
    }

    fn public_key(&self) -> PyResult<StreamPublicKey> {
        guard(|| {
            Ok(StreamPublicKey {
                inner: self.inner.public_key(),
            })
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "StreamKey(key_id={}, modulus_sha256={:?}, <private>)",
                py_opt(self.inner.key_id()),
                self.inner.modulus_sha256()
            ))
        })
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
    fn from_any(
        text: &Bound<'_, PyString>,
        key_id: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let text = args::text(text, "text")?;
            let key_id = opt_text(key_id, "key_id")?;
            Ok(StreamPublicKey {
                inner: core::StreamPublicKey::from_any(&text, key_id.as_deref()).py()?,
            })
        })
    }

    #[staticmethod]
    fn from_jwks(text: &Bound<'_, PyString>) -> PyResult<Vec<Self>> {
        guard(|| {
            Ok(core::StreamPublicKey::from_jwks(&args::text(text, "text")?)
                .py()?
                .into_iter()
                .map(|inner| StreamPublicKey { inner })
                .collect())
        })
    }

    #[getter]
    fn key_id(&self) -> PyResult<Option<&str>> {
        guard(|| Ok(self.inner.key_id()))
    }

    #[getter]
    fn modulus_sha256(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.modulus_sha256()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "StreamPublicKey(key_id={}, modulus_sha256={:?})",
                py_opt(self.inner.key_id()),
                self.inner.modulus_sha256()
            ))
        })
    }
}

fn rules(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<core::AccessRule>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => core::AccessRule::list_from_json(&to_json(o, "access_rules")?)
            .py()
            .map(Some),
    }
}

/// The options shared by `sign` and `sign_many`.
fn token_options(
    expires_in: Option<&Bound<'_, PyAny>>,
    not_before: Option<&Bound<'_, PyAny>>,
    access_rules: Option<&Bound<'_, PyAny>>,
    downloadable: Option<bool>,
    allow_long_lifetime: bool,
) -> PyResult<core::StreamTokenOptions> {
    Ok(core::StreamTokenOptions {
        expires_in: opt_seconds(expires_in, "expires_in")?,
        not_before: opt_seconds(not_before, "not_before")?,
        access_rules: rules(access_rules)?,
        downloadable,
        allow_long_lifetime,
    })
}

#[pyclass(frozen, module = "aura_sign._native", name = "StreamSigner")]
pub struct StreamSigner {
    inner: core::StreamSigner,
}

#[pymethods]
impl StreamSigner {
    #[new]
    #[pyo3(
        signature = (key, key_id=None, style=None),
        text_signature = "(key, key_id=None, style=\"cloudflare\")"
    )]
    fn new(
        key: &Bound<'_, PyAny>,
        key_id: Option<&Bound<'_, PyString>>,
        style: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let key_id = opt_text(key_id, "key_id")?;
            let key = match key.cast::<StreamKey>() {
                Ok(k) => k.get().inner.clone(),
                Err(_) => match key.cast::<PyString>() {
                    Ok(t) => core::StreamKey::from_any(&text(t, "key")?, key_id.as_deref()).py()?,
                    Err(_) => {
                        return Err(PyTypeError::new_err("key must be a StreamKey or key text"))
                    }
                },
            };
            let style = core::StreamStyle::parse(&str_or(style, "style", "cloudflare")?).py()?;
            Ok(StreamSigner {
                inner: core::StreamSigner::new(key, key_id.as_deref(), style).py()?,
            })
        })
    }

    #[getter]
    fn key_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_id()))
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (video_id, now, expires_in=None, not_before=None, access_rules=None, downloadable=None, allow_long_lifetime=false))]
    fn sign(
        &self,
        py: Python<'_>,
        video_id: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        expires_in: Option<&Bound<'_, PyAny>>,
        not_before: Option<&Bound<'_, PyAny>>,
        access_rules: Option<&Bound<'_, PyAny>>,
        downloadable: Option<bool>,
        allow_long_lifetime: bool,
    ) -> PyResult<String> {
        guard(|| {
            let video_id = text(video_id, "video_id")?;
            let now = args::now(now)?;
            let options = token_options(
                expires_in,
                not_before,
                access_rules,
                downloadable,
                allow_long_lifetime,
            )?;
            py.detach(|| self.inner.sign(&video_id, &options, now)).py()
        })
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (video_ids, now, expires_in=None, not_before=None, access_rules=None, downloadable=None, allow_long_lifetime=false))]
    fn sign_many(
        &self,
        py: Python<'_>,
        video_ids: Vec<Bound<'_, PyString>>,
        now: &Bound<'_, PyAny>,
        expires_in: Option<&Bound<'_, PyAny>>,
        not_before: Option<&Bound<'_, PyAny>>,
        access_rules: Option<&Bound<'_, PyAny>>,
        downloadable: Option<bool>,
        allow_long_lifetime: bool,
    ) -> PyResult<Vec<String>> {
        guard(|| {
            let video_ids = texts(&video_ids, "video_ids")?;
            let now = args::now(now)?;
            let options = token_options(
                expires_in,
                not_before,
                access_rules,
                downloadable,
                allow_long_lifetime,
            )?;
            py.detach(|| self.inner.sign_many(&video_ids, &options, now))
                .py()
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "StreamSigner(key_id={:?}, style={:?}, <private key>)",
                self.inner.key_id(),
                self.inner.style().as_str()
            ))
        })
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

fn ip(s: Option<&Bound<'_, PyString>>) -> PyResult<Option<IpAddr>> {
    core::parse_viewer_ip(opt_text(s, "viewer_ip")?.as_deref()).py()
}

/// `video_id=None` skips the `sub` check (the Python layer makes it explicit).
#[allow(clippy::too_many_arguments)]
#[pyfunction]
#[pyo3(
    signature = (token, keys, video_id, now, leeway=None, purpose=None, viewer_ip=None, viewer_country=None, require_exp=true),
    text_signature = "(token, keys, video_id, now, leeway=0, purpose=\"playback\", viewer_ip=None, viewer_country=None, require_exp=True)"
)]
pub fn verify_stream_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    keys: &Bound<'py, PyAny>,
    video_id: Option<&Bound<'py, PyString>>,
    now: &Bound<'py, PyAny>,
    leeway: Option<&Bound<'py, PyAny>>,
    purpose: Option<&Bound<'py, PyString>>,
    viewer_ip: Option<&Bound<'py, PyString>>,
    viewer_country: Option<&Bound<'py, PyString>>,
    require_exp: bool,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let token = text(token, "token")?;
        let video_id = opt_text(video_id, "video_id")?;
        let now = args::now(now)?;
        let leeway = opt_seconds(leeway, "leeway")?.unwrap_or(0);
        let purpose = core::Purpose::parse(&str_or(purpose, "purpose", "playback")?).py()?;
        let viewer_ip = ip(viewer_ip)?;
        let viewer_country = opt_text(viewer_country, "viewer_country")?;
        let verifier = core::StreamVerifier::new(public_keys(keys)?).py()?;
        let options = core::StreamVerifyOptions {
            video_id: video_id
                .as_deref()
                .map_or(core::VideoIdCheck::Any, core::VideoIdCheck::Exact),
            now,
            leeway,
            purpose,
            viewer_ip,
            viewer_country: viewer_country.as_deref(),
            require_exp,
        };
        let claims = py.detach(|| verifier.verify(&token, &options)).py()?;
        map_to_py(py, &claims)
    })
}

#[pyfunction]
#[pyo3(signature = (rules, viewer_ip=None, viewer_country=None))]
pub fn evaluate_access_rules(
    rules: &Bound<'_, PyAny>,
    viewer_ip: Option<&Bound<'_, PyString>>,
    viewer_country: Option<&Bound<'_, PyString>>,
) -> PyResult<(&'static str, Option<usize>)> {
    guard(|| {
        let rules = core::AccessRule::list_from_json(&to_json(rules, "rules")?).py()?;
        let viewer_ip = ip(viewer_ip)?;
        let viewer_country = opt_text(viewer_country, "viewer_country")?;
        let (decision, index) =
            core::evaluate_access_rules(&rules, viewer_ip, viewer_country.as_deref());
        Ok((
            if decision == core::Decision::Allow {
                "allow"
            } else {
                "block"
            },
            index,
        ))
    })
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
    fn new(customer_code: Option<&Bound<'_, PyString>>) -> PyResult<Self> {
        guard(|| {
            let host =
                core::StreamHost::from_customer_code(opt_string(customer_code, "customer_code")?);
            Ok(StreamUrls {
                inner: core::StreamUrls::new(host).py()?,
            })
        })
    }

    fn iframe(&self, token: &Bound<'_, PyString>) -> PyResult<String> {
        guard(|| Ok(self.inner.iframe(&text(token, "token")?)))
    }

    fn hls(&self, token: &Bound<'_, PyString>) -> PyResult<String> {
        guard(|| Ok(self.inner.hls(&text(token, "token")?)))
    }

    fn dash(&self, token: &Bound<'_, PyString>) -> PyResult<String> {
        guard(|| Ok(self.inner.dash(&text(token, "token")?)))
    }

    #[pyo3(
        signature = (token, format=None, time=None, height=None),
        text_signature = "($self, token, format=\"jpg\", time=None, height=None)"
    )]
    fn thumbnail(
        &self,
        token: &Bound<'_, PyString>,
        format: Option<&Bound<'_, PyString>>,
        time: Option<&Bound<'_, PyString>>,
        height: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        guard(|| {
            let token = text(token, "token")?;
            let f = core::ThumbnailFormat::parse(&str_or(format, "format", "jpg")?).py()?;
            let time = opt_text(time, "time")?;
            let height = height
                .filter(|h| !h.is_none())
                .map(|h| whole(h, "height", u32::MAX))
                .transpose()?;
            Ok(self.inner.thumbnail(&token, f, time.as_deref(), height))
        })
    }

    fn download_mp4(&self, token: &Bound<'_, PyString>) -> PyResult<String> {
        guard(|| Ok(self.inner.download_mp4(&text(token, "token")?)))
    }

    fn download_audio(&self, token: &Bound<'_, PyString>) -> PyResult<String> {
        guard(|| Ok(self.inner.download_audio(&text(token, "token")?)))
    }
}
