//! AuraImage: the signer class, helpers and verifiers.

use aura_core::auraimage as core;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::args::{
    self, opt_number, opt_string, opt_text, query_version, secrets, size_input, text, texts, whole,
};
use crate::convert::{to_json, to_py};
use crate::errors::{guard, IntoPy};
use crate::exchange::{upload_from_url_options, Exchange};
use aura_core::exchange::Exchange as CoreExchange;

/// The upload options shared by `sign_upload` and `upload_exchange`.
#[allow(clippy::too_many_arguments)]
fn upload_options(
    max_size: Option<&Bound<'_, PyAny>>,
    allowed_types: Option<Vec<Bound<'_, PyString>>>,
    expires_in: Option<&Bound<'_, PyAny>>,
    project_name: Option<&Bound<'_, PyString>>,
    visibility: Option<&Bound<'_, PyString>>,
    name: Option<&Bound<'_, PyString>>,
    overwrite: Option<bool>,
) -> PyResult<core::UploadOptions> {
    Ok(core::UploadOptions {
        max_size: max_size
            .filter(|m| !m.is_none())
            .map(size_input)
            .transpose()?,
        allowed_types: allowed_types
            .map(|t| texts(&t, "allowed_types"))
            .transpose()?,
        expires_in: opt_number(expires_in, "expires_in")?,
        project_name: opt_string(project_name, "project_name")?,
        visibility: opt_string(visibility, "visibility")?,
        name: opt_string(name, "name")?,
        overwrite,
    })
}

#[pyclass(frozen, module = "aura_sign._native", name = "AuraImage")]
pub struct AuraImage {
    inner: core::AuraImage,
}

#[pymethods]
impl AuraImage {
    #[new]
    #[pyo3(signature = (secret_key, project_name, serve_secret=None, cdn_url=None))]
    fn new(
        secret_key: &Bound<'_, PyString>,
        project_name: &Bound<'_, PyString>,
        serve_secret: Option<&Bound<'_, PyString>>,
        cdn_url: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let secret_key = text(secret_key, "secret_key")?;
            let project_name = text(project_name, "project_name")?;
            let serve_secret = opt_text(serve_secret, "serve_secret")?;
            let cdn_url = opt_text(cdn_url, "cdn_url")?;
            Ok(AuraImage {
                inner: core::AuraImage::new(
                    &secret_key,
                    &project_name,
                    serve_secret.as_deref(),
                    cdn_url.as_deref(),
                )
                .py()?,
            })
        })
    }

    #[getter]
    fn project_name(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.project_name()))
    }

    #[getter]
    fn cdn_url(&self) -> PyResult<Option<&str>> {
        guard(|| Ok(self.inner.cdn_url()))
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (now, max_size=None, allowed_types=None, expires_in=None, project_name=None, visibility=None, name=None, overwrite=None))]
    fn sign_upload(
        &self,
        now: &Bound<'_, PyAny>,
        max_size: Option<&Bound<'_, PyAny>>,
        allowed_types: Option<Vec<Bound<'_, PyString>>>,
        expires_in: Option<&Bound<'_, PyAny>>,
        project_name: Option<&Bound<'_, PyString>>,
        visibility: Option<&Bound<'_, PyString>>,
        name: Option<&Bound<'_, PyString>>,
        overwrite: Option<bool>,
    ) -> PyResult<String> {
        guard(|| {
            let now = args::now(now)?;
            let options = upload_options(
                max_size,
                allowed_types,
                expires_in,
                project_name,
                visibility,
                name,
                overwrite,
            )?;
            self.inner.sign_upload(&options, now).py()
        })
    }

    /// The `setVisibility` exchange (auraimage.md §7).
    fn set_visibility_exchange(
        &self,
        name: &Bound<'_, PyString>,
        visibility: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Exchange> {
        guard(|| {
            let name = text(name, "name")?;
            let visibility = text(visibility, "visibility")?;
            let now = args::now(now)?;
            Ok(Exchange::wrap(
                CoreExchange::set_visibility(&self.inner, &name, &visibility, now).py()?,
            ))
        })
    }

    /// The `upload` exchange: one multipart `file` part with a fresh upload
    /// token for the options; `boundary` is the host's random boundary.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (file, filename, content_type, now, boundary, max_size=None, allowed_types=None, expires_in=None, project_name=None, visibility=None, name=None, overwrite=None))]
    fn upload_exchange(
        &self,
        file: &[u8],
        filename: &Bound<'_, PyString>,
        content_type: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        boundary: &Bound<'_, PyString>,
        max_size: Option<&Bound<'_, PyAny>>,
        allowed_types: Option<Vec<Bound<'_, PyString>>>,
        expires_in: Option<&Bound<'_, PyAny>>,
        project_name: Option<&Bound<'_, PyString>>,
        visibility: Option<&Bound<'_, PyString>>,
        name: Option<&Bound<'_, PyString>>,
        overwrite: Option<bool>,
    ) -> PyResult<Exchange> {
        guard(|| {
            let filename = text(filename, "filename")?;
            let content_type = text(content_type, "content_type")?;
            let now = args::now(now)?;
            let boundary = text(boundary, "boundary")?;
            let options = upload_options(
                max_size,
                allowed_types,
                expires_in,
                project_name,
                visibility,
                name,
                overwrite,
            )?;
            Ok(Exchange::wrap(
                CoreExchange::upload(
                    &self.inner,
                    file,
                    &filename,
                    &content_type,
                    &options,
                    now,
                    &boundary,
                )
                .py()?,
            ))
        })
    }

    /// The `uploadFromUrl` exchange (auraimage.md §8): fetch the source once
    /// (`timeout_ms`, default 30000), check it, upload it.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (url, now, boundary, name=None, max_size=None, visibility=None, overwrite=None, timeout_ms=None))]
    fn upload_from_url_exchange(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        boundary: &Bound<'_, PyString>,
        name: Option<&Bound<'_, PyString>>,
        max_size: Option<&Bound<'_, PyAny>>,
        visibility: Option<&Bound<'_, PyString>>,
        overwrite: Option<bool>,
        timeout_ms: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Exchange> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let boundary = text(boundary, "boundary")?;
            let options =
                upload_from_url_options(name, max_size, visibility, overwrite, timeout_ms)?;
            Ok(Exchange::wrap(
                CoreExchange::upload_from_url(&self.inner, &url, &options, now, &boundary).py()?,
            ))
        })
    }

    #[pyo3(signature = (name, now, expires_in=None, cdn_url=None))]
    fn get_signed_url(
        &self,
        name: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        expires_in: Option<&Bound<'_, PyAny>>,
        cdn_url: Option<&Bound<'_, PyString>>,
    ) -> PyResult<String> {
        guard(|| {
            let name = text(name, "name")?;
            let now = args::now(now)?;
            let expires_in = opt_number(expires_in, "expires_in")?;
            let cdn_url = opt_text(cdn_url, "cdn_url")?;
            self.inner
                .get_signed_url(&name, expires_in, cdn_url.as_deref(), now)
                .py()
        })
    }

    /// One call for many names; the GIL is released while signing.
    #[pyo3(signature = (names, now, expires_in=None, cdn_url=None))]
    fn get_signed_urls(
        &self,
        py: Python<'_>,
        names: Vec<Bound<'_, PyString>>,
        now: &Bound<'_, PyAny>,
        expires_in: Option<&Bound<'_, PyAny>>,
        cdn_url: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Vec<String>> {
        guard(|| {
            let names = texts(&names, "names")?;
            let now = args::now(now)?;
            let expires_in = opt_number(expires_in, "expires_in")?;
            let cdn_url = opt_string(cdn_url, "cdn_url")?;
            py.detach(|| {
                self.inner
                    .get_signed_urls(&names, expires_in, cdn_url.as_deref(), now)
            })
            .py()
        })
    }

    /// `(method, url, [(header, value)], body)` of the setVisibility request.
    fn set_visibility_request<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyString>,
        visibility: &Bound<'py, PyString>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| {
            let name = text(name, "name")?;
            let visibility = text(visibility, "visibility")?;
            let now = args::now(now)?;
            let r = self
                .inner
                .set_visibility_request(&name, &visibility, now)
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
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            let cdn = self
                .inner
                .cdn_url()
                .map_or("None".to_string(), |c| format!("{c:?}"));
            Ok(format!(
                "AuraImage(project_name={:?}, cdn_url={cdn}, secret_key=<redacted>)",
                self.inner.project_name()
            ))
        })
    }
}

#[pyfunction]
pub fn parse_size(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    guard(|| core::parse_size(&size_input(value)?).py())
}

#[pyfunction]
pub fn parse_set_visibility_response(
    status: &Bound<'_, PyAny>,
    body: &Bound<'_, PyString>,
) -> PyResult<Option<String>> {
    guard(|| {
        let status = whole(status, "status", u16::MAX.into())? as u16;
        let body = text(body, "body")?;
        core::parse_set_visibility_response(status, &body).py()
    })
}

#[allow(clippy::too_many_arguments)]
#[pyfunction]
#[pyo3(signature = (cdn_url, project, name, width=None, height=None, fit=None, quality=None, format=None, lqip=false, v=None))]
pub fn build_serve_url(
    cdn_url: &Bound<'_, PyString>,
    project: &Bound<'_, PyString>,
    name: &Bound<'_, PyString>,
    width: Option<&Bound<'_, PyAny>>,
    height: Option<&Bound<'_, PyAny>>,
    fit: Option<&Bound<'_, PyString>>,
    quality: Option<&Bound<'_, PyAny>>,
    format: Option<&Bound<'_, PyString>>,
    lqip: bool,
    v: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    guard(|| {
        core::build_serve_url(&core::ServeUrlOptions {
            cdn_url: text(cdn_url, "cdn_url")?.into_owned(),
            project: text(project, "project")?.into_owned(),
            name: text(name, "name")?.into_owned(),
            width: opt_number(width, "width")?,
            height: opt_number(height, "height")?,
            fit: opt_string(fit, "fit")?,
            quality: opt_number(quality, "quality")?,
            format: opt_string(format, "format")?,
            lqip,
            v: query_version(v)?,
            dialect: core::Dialect::Typed,
        })
        .py()
    })
}

#[pyfunction]
#[pyo3(signature = (cdn_url, project, name, v=None))]
pub fn build_blurhash_url(
    cdn_url: &Bound<'_, PyString>,
    project: &Bound<'_, PyString>,
    name: &Bound<'_, PyString>,
    v: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    guard(|| {
        core::build_blurhash_url(&core::BlurhashUrlOptions {
            cdn_url: text(cdn_url, "cdn_url")?.into_owned(),
            project: text(project, "project")?.into_owned(),
            name: text(name, "name")?.into_owned(),
            v: query_version(v)?,
            dialect: core::Dialect::Typed,
        })
        .py()
    })
}

#[pyfunction]
pub fn sign_upload_token(
    payload: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyString>,
) -> PyResult<String> {
    guard(|| {
        let payload = to_json(payload, "payload")?;
        core::sign_upload_token(&payload, &text(secret, "secret")?).py()
    })
}

#[pyfunction]
pub fn sign_serve_token(
    payload: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyString>,
) -> PyResult<String> {
    guard(|| {
        let payload = to_json(payload, "payload")?;
        core::sign_serve_token(&payload, &text(secret, "secret")?).py()
    })
}

/// `secret`: str, sequence of str, or callable(project_name) -> str | sequence.
#[pyfunction]
pub fn verify_upload_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    secret: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let token = text(token, "token")?;
        let now = args::now(now)?;
        let payload = if secret.is_callable() {
            let mut callback_error: Option<PyErr> = None;
            let result = core::verify_upload_token_with_resolver(
                &token,
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
            core::verify_upload_token(&token, &refs, now).py()?
        };
        to_py(py, &payload)
    })
}

#[pyfunction]
#[pyo3(signature = (token, secret, now, project=None, name=None))]
pub fn verify_serve_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    secret: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
    project: Option<&Bound<'py, PyString>>,
    name: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let token = text(token, "token")?;
        let now = args::now(now)?;
        let list = secrets(secret)?;
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let project = opt_text(project, "project")?;
        let name = opt_text(name, "name")?;
        let expected = core::ExpectedImage::from_parts(project.as_deref(), name.as_deref()).py()?;
        to_py(
            py,
            &core::verify_serve_token(&token, &refs, now, expected).py()?,
        )
    })
}
