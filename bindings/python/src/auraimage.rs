//! AuraImage: the signer class, helpers and verifiers.

use aura_core::auraimage as core;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::args::{opt_number, query_version, secrets, size_input};
use crate::convert::{to_json, to_py};
use crate::errors::IntoPy;

#[pyclass(frozen, module = "aura_sign._native", name = "AuraImage")]
pub struct AuraImage {
    inner: core::AuraImage,
}

#[pymethods]
impl AuraImage {
    #[new]
    #[pyo3(signature = (secret_key, project_name, serve_secret=None, cdn_url=None))]
    fn new(
        secret_key: &str,
        project_name: &str,
        serve_secret: Option<&str>,
        cdn_url: Option<&str>,
    ) -> PyResult<Self> {
        Ok(AuraImage {
            inner: core::AuraImage::new(secret_key, project_name, serve_secret, cdn_url).py()?,
        })
    }

    #[getter]
    fn project_name(&self) -> &str {
        self.inner.project_name()
    }

    #[getter]
    fn cdn_url(&self) -> Option<&str> {
        self.inner.cdn_url()
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (now, max_size=None, allowed_types=None, expires_in=None, project_name=None, visibility=None, name=None, overwrite=None))]
    fn sign_upload(
        &self,
        now: i64,
        max_size: Option<&Bound<'_, PyAny>>,
        allowed_types: Option<Vec<String>>,
        expires_in: Option<&Bound<'_, PyAny>>,
        project_name: Option<String>,
        visibility: Option<String>,
        name: Option<String>,
        overwrite: Option<bool>,
    ) -> PyResult<String> {
        let options = core::UploadOptions {
            max_size: max_size
                .filter(|m| !m.is_none())
                .map(size_input)
                .transpose()?,
            allowed_types,
            expires_in: opt_number(expires_in, "expires_in")?,
            project_name,
            visibility,
            name,
            overwrite,
        };
        self.inner.sign_upload(&options, now).py()
    }

    #[pyo3(signature = (name, now, expires_in=None, cdn_url=None))]
    fn get_signed_url(
        &self,
        name: &str,
        now: i64,
        expires_in: Option<&Bound<'_, PyAny>>,
        cdn_url: Option<&str>,
    ) -> PyResult<String> {
        self.inner
            .get_signed_url(name, opt_number(expires_in, "expires_in")?, cdn_url, now)
            .py()
    }

    /// One call for many names; the GIL is released while signing.
    #[pyo3(signature = (names, now, expires_in=None, cdn_url=None))]
    fn get_signed_urls(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        now: i64,
        expires_in: Option<&Bound<'_, PyAny>>,
        cdn_url: Option<&str>,
    ) -> PyResult<Vec<String>> {
        let expires_in = opt_number(expires_in, "expires_in")?;
        py.detach(|| self.inner.get_signed_urls(&names, expires_in, cdn_url, now))
            .py()
    }

    /// `(method, url, [(header, value)], body)` of the setVisibility request.
    fn set_visibility_request<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        visibility: &str,
        now: i64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let r = self
            .inner
            .set_visibility_request(name, visibility, now)
            .py()?;
        PyTuple::new(
            py,
            [
                r.method.into_pyobject(py)?.into_any(),
                r.url.into_pyobject(py)?.into_any(),
                r.headers.into_pyobject(py)?.into_any(),
                r.body.into_pyobject(py)?.into_any(),
            ],
        )
    }

    fn __repr__(&self) -> String {
        let cdn = self
            .inner
            .cdn_url()
            .map_or("None".to_string(), |c| format!("{c:?}"));
        format!(
            "AuraImage(project_name={:?}, cdn_url={cdn}, secret_key=<redacted>)",
            self.inner.project_name()
        )
    }
}

#[pyfunction]
pub fn parse_size(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    core::parse_size(&size_input(value)?).py()
}

#[pyfunction]
pub fn parse_set_visibility_response(status: u16, body: &str) -> PyResult<Option<String>> {
    core::parse_set_visibility_response(status, body).py()
}

#[allow(clippy::too_many_arguments)]
#[pyfunction]
#[pyo3(signature = (cdn_url, project, name, width=None, height=None, fit=None, quality=None, format=None, lqip=false, v=None))]
pub fn build_serve_url(
    cdn_url: String,
    project: String,
    name: String,
    width: Option<&Bound<'_, PyAny>>,
    height: Option<&Bound<'_, PyAny>>,
    fit: Option<&str>,
    quality: Option<&Bound<'_, PyAny>>,
    format: Option<String>,
    lqip: bool,
    v: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    core::build_serve_url(&core::ServeUrlOptions {
        cdn_url,
        project,
        name,
        width: opt_number(width, "width")?,
        height: opt_number(height, "height")?,
        fit: fit.map(String::from),
        quality: opt_number(quality, "quality")?,
        format,
        lqip,
        v: query_version(v)?,
        dialect: core::Dialect::Typed,
    })
    .py()
}

#[pyfunction]
#[pyo3(signature = (cdn_url, project, name, v=None))]
pub fn build_blurhash_url(
    cdn_url: String,
    project: String,
    name: String,
    v: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    core::build_blurhash_url(&core::BlurhashUrlOptions {
        cdn_url,
        project,
        name,
        v: query_version(v)?,
        dialect: core::Dialect::Typed,
    })
    .py()
}

#[pyfunction]
pub fn sign_upload_token(payload: &Bound<'_, PyAny>, secret: &str) -> PyResult<String> {
    core::sign_upload_token(&to_json(payload)?, secret).py()
}

#[pyfunction]
pub fn sign_serve_token(payload: &Bound<'_, PyAny>, secret: &str) -> PyResult<String> {
    core::sign_serve_token(&to_json(payload)?, secret).py()
}

/// `secret`: str, sequence of str, or callable(project_name) -> str | sequence.
#[pyfunction]
pub fn verify_upload_token<'py>(
    py: Python<'py>,
    token: &str,
    secret: &Bound<'py, PyAny>,
    now: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let payload = if secret.is_callable() {
        let mut callback_error: Option<PyErr> = None;
        let result = core::verify_upload_token_with_resolver(
            token,
            |project| match secret.call1((project,)).and_then(|r| secrets(&r)) {
                Ok(list) => Ok(list),
                Err(e) => {
                    callback_error = Some(e);
                    Err(aura_core::AuraError::InvalidInput(
                        "the secret resolver failed".into(),
                    ))
                }
            },
            now,
        );
        if let Some(e) = callback_error {
            return Err(e);
        }
        result.py()?
    } else {
        let list = secrets(secret)?;
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        core::verify_upload_token(token, &refs, now).py()?
    };
    to_py(py, &payload)
}

#[pyfunction]
#[pyo3(signature = (token, secret, now, project=None, name=None))]
pub fn verify_serve_token<'py>(
    py: Python<'py>,
    token: &str,
    secret: &Bound<'py, PyAny>,
    now: i64,
    project: Option<&str>,
    name: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let list = secrets(secret)?;
    let refs: Vec<&str> = list.iter().map(String::as_str).collect();
    let expected = core::ExpectedImage::from_parts(project, name).py()?;
    to_py(
        py,
        &core::verify_serve_token(token, &refs, now, expected).py()?,
    )
}
