//! Bunny token authentication (`HS256-`), and a verifier.

use aura_core::bunny::{
    BunnyOptions, BunnySigner as CoreSigner, BunnyStyle, BunnyVerifier as CoreVerifier,
    BunnyViewer, DEFAULT_EXPIRATION_TIME,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::args::{self, opt_seconds, opt_string, str_or, text, texts};
use crate::errors::{guard, IntoPy};

/// `(url, token, expires, signature_path, signing_data)`.
type Signed = (String, String, i64, String, String);

/// A security key, held for the signer's lifetime.
#[pyclass(frozen, module = "aura_sign._native", name = "BunnySigner")]
pub struct BunnySigner {
    inner: CoreSigner,
}

#[pymethods]
impl BunnySigner {
    #[new]
    fn new(security_key: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(BunnySigner {
                inner: CoreSigner::new(&text(security_key, "security_key")?).py()?,
            })
        })
    }

    #[pyo3(
        signature = (url, now, style=None, expiration_time=None, expires_at=None, user_ip=None, directory=None, path_allowed=None, countries_allowed=None, countries_blocked=None, ignore_params=false, speed_limit=None),
        text_signature = "($self, url, now, style=\"default\", expiration_time=86400, expires_at=None, user_ip=None, directory=None, path_allowed=None, countries_allowed=None, countries_blocked=None, ignore_params=False, speed_limit=0)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        style: Option<&Bound<'_, PyString>>,
        expiration_time: Option<&Bound<'_, PyAny>>,
        expires_at: Option<&Bound<'_, PyAny>>,
        user_ip: Option<&Bound<'_, PyString>>,
        directory: Option<bool>,
        path_allowed: Option<&Bound<'_, PyString>>,
        countries_allowed: Option<&Bound<'_, PyString>>,
        countries_blocked: Option<&Bound<'_, PyString>>,
        ignore_params: bool,
        speed_limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Signed> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let style = BunnyStyle::parse(&str_or(style, "style", "default")?).py()?;
            let options = BunnyOptions {
                style,
                expiration_time: opt_seconds(expiration_time, "expiration_time")?
                    .unwrap_or(DEFAULT_EXPIRATION_TIME),
                expires_at: opt_seconds(expires_at, "expires_at")?,
                user_ip: opt_string(user_ip, "user_ip")?,
                directory: directory.unwrap_or(style.default_is_directory()),
                path_allowed: opt_string(path_allowed, "path_allowed")?,
                countries_allowed: opt_string(countries_allowed, "countries_allowed")?,
                countries_blocked: opt_string(countries_blocked, "countries_blocked")?,
                ignore_params,
                speed_limit: opt_seconds(speed_limit, "speed_limit")?.unwrap_or(0),
            };
            let s = self.inner.sign(&url, &options, now).py()?;
            Ok((s.url, s.token, s.expires, s.signature_path, s.signing_data))
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("BunnySigner(security_key=<redacted>)"))
    }
}

/// Security keys (rotation).
#[pyclass(frozen, module = "aura_sign._native", name = "BunnyVerifier")]
pub struct BunnyVerifier {
    inner: CoreVerifier,
}

#[pymethods]
impl BunnyVerifier {
    #[new]
    fn new(keys: Vec<Bound<'_, PyString>>) -> PyResult<Self> {
        guard(|| {
            let keys = texts(&keys, "keys")?;
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            Ok(BunnyVerifier {
                inner: CoreVerifier::new(&refs).py()?,
            })
        })
    }

    #[pyo3(signature = (url, now, viewer_ip=None, viewer_country=None))]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        viewer_ip: Option<&Bound<'_, PyString>>,
        viewer_country: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let ip = opt_string(viewer_ip, "viewer_ip")?;
            let country = opt_string(viewer_country, "viewer_country")?;
            let viewer = BunnyViewer {
                ip: ip.as_deref(),
                country: country.as_deref(),
            };
            let t = self.inner.verify(&url, now, &viewer).py()?;
            let d = PyDict::new(py);
            d.set_item("expires", t.expires)?;
            d.set_item("directory", t.directory)?;
            d.set_item("ip_locked", t.ip_locked)?;
            d.set_item("path_allowed", t.path_allowed)?;
            d.set_item("countries_allowed", t.countries_allowed)?;
            d.set_item("countries_blocked", t.countries_blocked)?;
            d.set_item("speed_limit", t.speed_limit)?;
            d.set_item("ignore_params", t.ignore_params)?;
            Ok(d)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("BunnyVerifier(keys=<redacted>)"))
    }
}
