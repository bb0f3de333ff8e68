//! The services' APIs as sans-IO exchanges (`aura_core::exchange`): the
//! native `Exchange` a Python host drives (`start`, `receive`, `fail`), its
//! steps as native data, the Cloudflare credentials and endpoint
//! (`CloudflareAuth`, `CloudflareApi`, one method per operation), and the one
//! conversion of a core `Answer` into Python objects. No rule lives here: the
//! core builds every request, reads every answer and decides every retry and
//! every next request. Credentials and secrets never reach a `repr`.

use aura_core::cloudflare::{self as cf, Api, Auth, EnsureOptions, StreamTokenRequest};
use aura_core::exchange::{self as core, Answer, Failure, Removal, Step};
use aura_core::stream::AccessRule;
use aura_core::Secret;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::args::{self, number, opt_seconds, opt_text, text, whole};
use crate::cloudflare::StreamKey;
use crate::convert::{to_json, to_py};
use crate::errors::{guard, invalid, IntoPy};

// ---- steps ------------------------------------------------------------------

/// A request to send: after `delay_ms`, with `timeout_ms` (or the host's own
/// timeout when `None`). `repr` shows header names only (they carry
/// credentials) and the URL without its query.
#[pyclass(frozen, module = "aura_sign._native", name = "Outgoing")]
pub struct Outgoing {
    #[pyo3(get)]
    method: &'static str,
    #[pyo3(get)]
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    #[pyo3(get)]
    delay_ms: u64,
    #[pyo3(get)]
    timeout_ms: Option<u64>,
}

#[pymethods]
impl Outgoing {
    /// `[(name, value)]` in the order to send.
    #[getter]
    fn headers(&self) -> PyResult<Vec<(String, String)>> {
        guard(|| Ok(self.headers.clone()))
    }

    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        guard(|| Ok(PyBytes::new(py, &self.body)))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            let names: Vec<String> = self.headers.iter().map(|(k, _)| format!("{k:?}")).collect();
            let timeout = self
                .timeout_ms
                .map_or("None".to_string(), |t| t.to_string());
            Ok(format!(
                "Outgoing(method={:?}, url={:?}, headers=[{}] (values hidden), body=<{} bytes>, delay_ms={}, timeout_ms={timeout})",
                self.method,
                self.url.split('?').next().unwrap_or(&self.url),
                names.join(", "),
                self.body.len(),
                self.delay_ms
            ))
        })
    }
}

/// The operation is over: `answer` converted to Python objects; `kind`
/// names the core's `Answer` variant (`images_keys`, `stream_token`…).
#[pyclass(frozen, module = "aura_sign._native", name = "Done")]
pub struct Done {
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    answer: Py<PyAny>,
}

#[pymethods]
impl Done {
    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Python::attach(|py| {
                Ok(format!(
                    "Done(kind={:?}, answer={})",
                    self.kind,
                    self.answer.bind(py).repr()?
                ))
            })
        })
    }
}

fn step_to_py(py: Python<'_>, step: Step) -> PyResult<Py<PyAny>> {
    match step {
        Step::Send(out) => Ok(Py::new(
            py,
            Outgoing {
                method: out.request.method.as_str(),
                url: out.request.url,
                headers: out.request.headers,
                body: out.request.body,
                delay_ms: out.delay_ms,
                timeout_ms: out.timeout_ms,
            },
        )?
        .into_any()),
        Step::Done(answer) => {
            let (kind, answer) = answer_to_py(py, answer)?;
            Ok(Py::new(
                py,
                Done {
                    kind,
                    answer: answer.unbind(),
                },
            )?
            .into_any())
        }
    }
}

// ---- answers: the one conversion --------------------------------------------

/// The answer classes live in `aura_sign/cloudflare.py` (frozen dataclasses
/// whose `repr` hides key values, PEMs, JWKs and tokens).
fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("aura_sign.cloudflare")?.getattr(name)
}

fn images_key<'py>(py: Python<'py>, key: &cf::ImagesSigningKey) -> PyResult<Bound<'py, PyAny>> {
    class(py, "ImagesSigningKey")?.call1((key.name.as_str(), key.value.expose()))
}

fn images_keys<'py>(py: Python<'py>, keys: &[cf::ImagesSigningKey]) -> PyResult<Bound<'py, PyAny>> {
    let list = PyList::empty(py);
    for k in keys {
        list.append(images_key(py, k)?)?;
    }
    Ok(list.into_any())
}

fn opt_str<'py>(py: Python<'py>, v: Option<&str>) -> Bound<'py, PyAny> {
    match v {
        Some(s) => PyString::new(py, s).into_any(),
        None => py.None().into_bound(py),
    }
}

/// Every `Answer` variant, each once, no wildcard: a new variant does not
/// compile until it is converted here.
fn answer_to_py(py: Python<'_>, answer: Answer) -> PyResult<(&'static str, Bound<'_, PyAny>)> {
    Ok(match answer {
        Answer::Visibility(v) => ("visibility", opt_str(py, v.as_deref())),
        Answer::Uploaded(value) => ("uploaded", to_py(py, &value)?),
        Answer::ImagesKeys(keys) => ("images_keys", images_keys(py, &keys)?),
        Answer::ImagesKey(key) => ("images_key", images_key(py, &key)?),
        Answer::Ensured { key, action } => (
            "ensured",
            class(py, "EnsuredKey")?.call1((images_key(py, &key)?, action.as_str()))?,
        ),
        Answer::Removed(removal) => {
            let removal_class = class(py, "Removal")?;
            let removed = match removal {
                Removal::Kept => removal_class.call1(("kept", py.None()))?,
                Removal::AlreadyGone => removal_class.call1(("already_gone", py.None()))?,
                Removal::Deleted { remaining } => {
                    removal_class.call1(("deleted", images_keys(py, &remaining)?))?
                }
            };
            ("removed", removed)
        }
        Answer::Image(d) => (
            "image",
            class(py, "ImageDetails")?.call1((
                d.id.as_str(),
                opt_str(py, d.filename.as_deref()),
                d.require_signed_urls,
                opt_str(py, d.uploaded.as_deref()),
                d.variants.clone(),
                opt_str(py, d.creator.as_deref()),
                to_py(py, &d.raw)?,
            ))?,
        ),
        Answer::StreamKey(k) => {
            let key = Py::new(
                py,
                StreamKey {
                    inner: k.key.clone(),
                },
            )?;
            (
                "stream_key",
                class(py, "CreatedStreamKey")?.call1((
                    k.id.as_str(),
                    opt_str(py, k.created.as_deref()),
                    k.pem.expose(),
                    opt_str(py, k.jwk.as_ref().map(Secret::expose)),
                    key,
                ))?,
            )
        }
        Answer::StreamKeys(keys) => {
            let info = class(py, "StreamKeyInfo")?;
            let list = PyList::empty(py);
            for k in &keys {
                list.append(info.call1((
                    k.id.as_str(),
                    opt_str(py, k.created.as_deref()),
                    opt_str(py, k.key_id.as_deref()),
                ))?)?;
            }
            ("stream_keys", list.into_any())
        }
        Answer::StreamKeyRevoked(id) => ("stream_key_revoked", opt_str(py, id.as_deref())),
        Answer::Video(v) => (
            "video",
            class(py, "VideoDetails")?.call1((
                v.uid.as_str(),
                v.require_signed_urls,
                v.ready_to_stream,
                opt_str(py, v.state.as_deref()),
                to_py(py, &v.raw)?,
            ))?,
        ),
        Answer::StreamToken(token) => (
            "stream_token",
            class(py, "StreamToken")?.call1((token.expose(),))?,
        ),
    })
}

// ---- the exchange -----------------------------------------------------------

/// One operation in flight. `start()` first, then report each attempt with
/// `receive(...)` or `fail(...)` until a `Done` comes back (or an
/// `AuraError` is raised). Not shareable across threads mid-operation.
#[pyclass(module = "aura_sign._native", name = "Exchange")]
pub struct Exchange {
    inner: core::Exchange,
}

impl Exchange {
    pub fn wrap(inner: core::Exchange) -> Self {
        Exchange { inner }
    }
}

/// `(name, value)` pairs from a sequence of 2-tuples of `str`.
fn header_pairs(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for item in headers.try_iter()? {
        let item = item?;
        let pair = item.cast::<PyTuple>().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err("headers must be (name, value) tuples of str")
        })?;
        let (k, v): (Bound<'_, PyString>, Bound<'_, PyString>) = pair.extract()?;
        out.push((
            text(&k, "header name")?.into_owned(),
            text(&v, "header value")?.into_owned(),
        ));
    }
    Ok(out)
}

fn failure(name: &str) -> PyResult<Failure> {
    match name {
        "not_sent" => Ok(Failure::NotSent),
        "lost" => Ok(Failure::Lost),
        "timed_out" => Ok(Failure::TimedOut),
        _ => Err(invalid(
            "failure must be \"not_sent\", \"lost\" or \"timed_out\"",
        )),
    }
}

#[pymethods]
impl Exchange {
    /// The first step: an `Outgoing` request, or `Done` when none is needed.
    fn start(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guard(|| step_to_py(py, self.inner.start()))
    }

    /// The answer to the request last handed out.
    fn receive(
        &mut self,
        py: Python<'_>,
        status: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        body: &[u8],
        now: &Bound<'_, PyAny>,
        jitter: f64,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let status = whole(status, "status", u16::MAX.into())? as u16;
            let headers = header_pairs(headers)?;
            let now = args::now(now)?;
            let step = self
                .inner
                .receive(status, &headers, body, now, jitter)
                .py()?;
            step_to_py(py, step)
        })
    }

    /// The request last handed out got no answer: `failure` is `not_sent`
    /// (no connection: refused, DNS), `timed_out`, or `lost` (anything else
    /// after sending); `message` is the transport's, without the URL.
    fn fail(
        &mut self,
        py: Python<'_>,
        failure: &Bound<'_, PyString>,
        message: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        jitter: f64,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let failure = self::failure(&text(failure, "failure")?)?;
            let message = text(message, "message")?;
            let now = args::now(now)?;
            let step = self.inner.fail(failure, &message, now, jitter).py()?;
            step_to_py(py, step)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("Exchange(<in flight>)"))
    }
}

// ---- Cloudflare credentials and endpoint --------------------------------------

/// Cloudflare API credentials: an API token, or the legacy email + Global
/// API key. `repr` shows the scheme only.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudflareAuth")]
#[derive(Clone)]
pub struct CloudflareAuth {
    inner: Auth,
}

#[pymethods]
impl CloudflareAuth {
    /// `Authorization: Bearer <token>`.
    #[staticmethod]
    fn api_token(token: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(CloudflareAuth {
                inner: Auth::api_token(text(token, "api_token")?.as_ref()).py()?,
            })
        })
    }

    /// `X-Auth-Email` + `X-Auth-Key` (the Global API key).
    #[staticmethod]
    fn legacy(email: &Bound<'_, PyString>, api_key: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            let email = text(email, "email")?;
            Ok(CloudflareAuth {
                inner: Auth::legacy(&email, text(api_key, "api_key")?.as_ref()).py()?,
            })
        })
    }

    /// The values of `CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_EMAIL` and
    /// `CLOUDFLARE_API_KEY` (`None` or `""` for unset), chosen by the core.
    #[staticmethod]
    #[pyo3(signature = (api_token, email, api_key))]
    fn from_env_values(
        api_token: Option<&Bound<'_, PyString>>,
        email: Option<&Bound<'_, PyString>>,
        api_key: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let t = opt_text(api_token, "CLOUDFLARE_API_TOKEN")?;
            let e = opt_text(email, "CLOUDFLARE_EMAIL")?;
            let k = opt_text(api_key, "CLOUDFLARE_API_KEY")?;
            Ok(CloudflareAuth {
                inner: Auth::from_env_values(t.as_deref(), e.as_deref(), k.as_deref()).py()?,
            })
        })
    }

    /// `api_token` or `legacy`.
    #[getter]
    fn scheme(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.scheme()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudflareAuth(scheme={:?}, <redacted>)",
                self.inner.scheme()
            ))
        })
    }
}

/// An account's Cloudflare API: account id, credentials, base URL (default
/// `https://api.cloudflare.com/client/v4`). Each method returns the
/// `Exchange` of one operation. `repr` never shows the credentials.
#[pyclass(frozen, module = "aura_sign._native", name = "CloudflareApi")]
pub struct CloudflareApi {
    inner: Api,
}

fn ensure_options(adopt: Option<bool>, delete: Option<bool>) -> EnsureOptions {
    let defaults = EnsureOptions::default();
    EnsureOptions {
        adopt: adopt.unwrap_or(defaults.adopt),
        delete: delete.unwrap_or(defaults.delete),
    }
}

fn exchange(ex: aura_core::Result<core::Exchange>) -> PyResult<Exchange> {
    Ok(Exchange::wrap(ex.py()?))
}

#[pymethods]
impl CloudflareApi {
    #[new]
    #[pyo3(signature = (account_id, auth, base_url=None))]
    fn new(
        account_id: &Bound<'_, PyString>,
        auth: &CloudflareAuth,
        base_url: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let mut api = Api::new(&text(account_id, "account_id")?, auth.inner.clone()).py()?;
            if let Some(base) = opt_text(base_url, "base_url")? {
                api = api.with_base_url(&base).py()?;
            }
            Ok(CloudflareApi { inner: api })
        })
    }

    #[getter]
    fn account_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.account_id()))
    }

    #[getter]
    fn base_url(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.base_url()))
    }

    /// `api_token` or `legacy`.
    #[getter]
    fn scheme(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.auth().scheme()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "CloudflareApi(account_id={:?}, base_url={:?}, auth={:?} <redacted>)",
                self.inner.account_id(),
                self.inner.base_url(),
                self.inner.auth().scheme()
            ))
        })
    }

    // Images signing keys (cloudflare.md §1.6)

    fn list_images_keys(&self) -> PyResult<Exchange> {
        guard(|| exchange(core::Exchange::list_images_keys(&self.inner)))
    }

    fn create_images_key(&self, name: &Bound<'_, PyString>) -> PyResult<Exchange> {
        guard(|| {
            let name = text(name, "name")?;
            exchange(core::Exchange::create_images_key(&self.inner, &name))
        })
    }

    fn rotate_images_key(&self, name: &Bound<'_, PyString>) -> PyResult<Exchange> {
        guard(|| {
            let name = text(name, "name")?;
            exchange(core::Exchange::rotate_images_key(&self.inner, &name))
        })
    }

    fn delete_images_key(&self, name: &Bound<'_, PyString>) -> PyResult<Exchange> {
        guard(|| {
            let name = text(name, "name")?;
            exchange(core::Exchange::delete_images_key(&self.inner, &name))
        })
    }

    /// `adopt`/`delete` `None`: the core's defaults (`False`/`True`).
    #[pyo3(signature = (name, adopt=None, delete=None))]
    fn ensure_signing_key(
        &self,
        name: &Bound<'_, PyString>,
        adopt: Option<bool>,
        delete: Option<bool>,
    ) -> PyResult<Exchange> {
        guard(|| {
            let name = text(name, "name")?;
            exchange(core::Exchange::ensure_signing_key(
                &self.inner,
                &name,
                &ensure_options(adopt, delete),
            ))
        })
    }

    #[pyo3(signature = (name, adopt=None, delete=None))]
    fn remove_signing_key(
        &self,
        name: &Bound<'_, PyString>,
        adopt: Option<bool>,
        delete: Option<bool>,
    ) -> PyResult<Exchange> {
        guard(|| {
            let name = text(name, "name")?;
            exchange(core::Exchange::remove_signing_key(
                &self.inner,
                &name,
                &ensure_options(adopt, delete),
            ))
        })
    }

    // Images (cloudflare.md §1.5)

    fn image_details(&self, image_id: &Bound<'_, PyString>) -> PyResult<Exchange> {
        guard(|| {
            let id = text(image_id, "image_id")?;
            exchange(core::Exchange::image_details(&self.inner, &id))
        })
    }

    fn set_image_require_signed_urls(
        &self,
        image_id: &Bound<'_, PyString>,
        require: bool,
    ) -> PyResult<Exchange> {
        guard(|| {
            let id = text(image_id, "image_id")?;
            exchange(core::Exchange::set_image_require_signed_urls(
                &self.inner,
                &id,
                require,
            ))
        })
    }

    // Stream (cloudflare.md §2.3, §2.4)

    fn create_stream_key(&self) -> PyResult<Exchange> {
        guard(|| exchange(core::Exchange::create_stream_key(&self.inner)))
    }

    fn list_stream_keys(&self) -> PyResult<Exchange> {
        guard(|| exchange(core::Exchange::list_stream_keys(&self.inner)))
    }

    fn revoke_stream_key(&self, key_id: &Bound<'_, PyString>) -> PyResult<Exchange> {
        guard(|| {
            let id = text(key_id, "key_id")?;
            exchange(core::Exchange::revoke_stream_key(&self.inner, &id))
        })
    }

    fn video_details(&self, uid: &Bound<'_, PyString>) -> PyResult<Exchange> {
        guard(|| {
            let uid = text(uid, "uid")?;
            exchange(core::Exchange::video_details(&self.inner, &uid))
        })
    }

    fn set_video_require_signed_urls(
        &self,
        uid: &Bound<'_, PyString>,
        require: bool,
    ) -> PyResult<Exchange> {
        guard(|| {
            let uid = text(uid, "uid")?;
            exchange(core::Exchange::set_video_require_signed_urls(
                &self.inner,
                &uid,
                require,
            ))
        })
    }

    /// Stream's `/token` endpoint. `key_id` + `pem` (the API's base64 PEM)
    /// sign with your own key; `exp`/`nbf` are Unix times.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (uid, key_id=None, pem=None, exp=None, nbf=None, downloadable=None, access_rules=None, original=None))]
    fn stream_token(
        &self,
        uid: &Bound<'_, PyString>,
        key_id: Option<&Bound<'_, PyString>>,
        pem: Option<&Bound<'_, PyString>>,
        exp: Option<&Bound<'_, PyAny>>,
        nbf: Option<&Bound<'_, PyAny>>,
        downloadable: Option<bool>,
        access_rules: Option<&Bound<'_, PyAny>>,
        original: Option<bool>,
    ) -> PyResult<Exchange> {
        guard(|| {
            let uid = text(uid, "uid")?;
            let key_id = opt_text(key_id, "key_id")?;
            let pem = opt_text(pem, "pem")?;
            let signing_key = match (key_id, pem) {
                (Some(id), Some(pem)) => Some((id.into_owned(), Secret::new(pem.into_owned()))),
                (None, None) => None,
                _ => return Err(invalid("key_id and pem go together: give both or neither")),
            };
            let access_rules = match access_rules.filter(|r| !r.is_none()) {
                Some(r) => Some(AccessRule::list_from_json(&to_json(r, "access_rules")?).py()?),
                None => None,
            };
            let options = StreamTokenRequest {
                signing_key,
                exp: opt_seconds(exp, "exp")?,
                nbf: opt_seconds(nbf, "nbf")?,
                downloadable,
                access_rules,
                original,
            };
            exchange(core::Exchange::stream_token(&self.inner, &uid, &options))
        })
    }
}

// ---- AuraImage (called from the AuraImage class's methods) -------------------

pub fn upload_from_url_options(
    name: Option<&Bound<'_, PyString>>,
    max_size: Option<&Bound<'_, PyAny>>,
    visibility: Option<&Bound<'_, PyString>>,
    overwrite: Option<bool>,
    timeout_ms: Option<&Bound<'_, PyAny>>,
) -> PyResult<aura_core::auraimage::UploadFromUrlOptions> {
    Ok(aura_core::auraimage::UploadFromUrlOptions {
        name: args::opt_string(name, "name")?,
        max_size: max_size
            .filter(|m| !m.is_none())
            .map(args::size_input)
            .transpose()?,
        visibility: args::opt_string(visibility, "visibility")?,
        overwrite,
        timeout_ms: timeout_ms
            .filter(|t| !t.is_none())
            .map(|t| number(t, "timeout_ms"))
            .transpose()?,
    })
}
