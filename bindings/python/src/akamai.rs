//! Akamai EdgeAuth (Auth Token 2.0): URL and ACL tokens, and a verifier.

use aura_core::akamai::{
    EdgeAuthAlgorithm, EdgeAuthClaims, EdgeAuthOptions, EdgeAuthSigner as CoreSigner,
    EdgeAuthStart, EdgeAuthStyle, EdgeAuthVerifier as CoreVerifier,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::args::{self, opt_seconds, opt_string, str_or, text, texts};
use crate::errors::{guard, invalid, IntoPy};

fn algorithm(a: Option<&Bound<'_, PyString>>) -> PyResult<EdgeAuthAlgorithm> {
    EdgeAuthAlgorithm::parse(&str_or(a, "algorithm", "sha256")?).py()
}

/// `start_time`: whole seconds, or `"now"` (any case).
fn start(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<EdgeAuthStart>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyString>() {
            Ok(s) if text(s, "start_time")?.eq_ignore_ascii_case("now") => {
                Ok(Some(EdgeAuthStart::Now))
            }
            Ok(_) => Err(invalid("start_time must be a number of seconds or \"now\"")),
            Err(_) => Ok(opt_seconds(Some(o), "start_time")?.map(EdgeAuthStart::At)),
        },
    }
}

/// The options of the signer and the verifier's settings.
#[allow(clippy::too_many_arguments)]
fn options(
    style: Option<&Bound<'_, PyString>>,
    ip: Option<&Bound<'_, PyString>>,
    start_time: Option<&Bound<'_, PyAny>>,
    end_time: Option<&Bound<'_, PyAny>>,
    window_seconds: Option<&Bound<'_, PyAny>>,
    session_id: Option<&Bound<'_, PyString>>,
    payload: Option<&Bound<'_, PyString>>,
    salt: Option<&Bound<'_, PyString>>,
    field_delimiter: Option<&Bound<'_, PyString>>,
    acl_delimiter: Option<&Bound<'_, PyString>>,
    escape_early: bool,
) -> PyResult<EdgeAuthOptions> {
    Ok(EdgeAuthOptions {
        style: EdgeAuthStyle::parse(&str_or(style, "style", "default")?).py()?,
        ip: opt_string(ip, "ip")?,
        start_time: start(start_time)?,
        end_time: opt_seconds(end_time, "end_time")?,
        window_seconds: opt_seconds(window_seconds, "window_seconds")?,
        session_id: opt_string(session_id, "session_id")?,
        payload: opt_string(payload, "payload")?,
        salt: opt_string(salt, "salt")?,
        field_delimiter: str_or(field_delimiter, "field_delimiter", "~")?.into_owned(),
        acl_delimiter: str_or(acl_delimiter, "acl_delimiter", "!")?.into_owned(),
        escape_early,
    })
}

type Token = (String, String, Option<i64>, i64);

/// A hex key, an algorithm and the token options, parsed once.
#[pyclass(frozen, module = "aura_sign._native", name = "EdgeAuthSigner")]
pub struct EdgeAuthSigner {
    inner: CoreSigner,
    options: EdgeAuthOptions,
}

#[pymethods]
impl EdgeAuthSigner {
    #[new]
    #[pyo3(
        signature = (key, algorithm=None, style=None, ip=None, start_time=None, end_time=None, window_seconds=None, session_id=None, payload=None, salt=None, field_delimiter=None, acl_delimiter=None, escape_early=false),
        text_signature = "(key, algorithm=\"sha256\", style=\"default\", ip=None, start_time=None, end_time=None, window_seconds=None, session_id=None, payload=None, salt=None, field_delimiter=\"~\", acl_delimiter=\"!\", escape_early=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        key: &Bound<'_, PyString>,
        algorithm: Option<&Bound<'_, PyString>>,
        style: Option<&Bound<'_, PyString>>,
        ip: Option<&Bound<'_, PyString>>,
        start_time: Option<&Bound<'_, PyAny>>,
        end_time: Option<&Bound<'_, PyAny>>,
        window_seconds: Option<&Bound<'_, PyAny>>,
        session_id: Option<&Bound<'_, PyString>>,
        payload: Option<&Bound<'_, PyString>>,
        salt: Option<&Bound<'_, PyString>>,
        field_delimiter: Option<&Bound<'_, PyString>>,
        acl_delimiter: Option<&Bound<'_, PyString>>,
        escape_early: bool,
    ) -> PyResult<Self> {
        guard(|| {
            let alg = self::algorithm(algorithm)?;
            let options = options(
                style,
                ip,
                start_time,
                end_time,
                window_seconds,
                session_id,
                payload,
                salt,
                field_delimiter,
                acl_delimiter,
                escape_early,
            )?;
            Ok(EdgeAuthSigner {
                inner: CoreSigner::new(&text(key, "key")?, alg).py()?,
                options,
            })
        })
    }

    #[getter]
    fn algorithm(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.algorithm().as_str()))
    }

    #[getter]
    fn style(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.options.style.as_str()))
    }

    /// `(token, string_to_sign, start, expires)`.
    fn url_token(&self, url: &Bound<'_, PyString>, now: &Bound<'_, PyAny>) -> PyResult<Token> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let t = self.inner.url_token(&url, &self.options, now).py()?;
            Ok((t.token, t.string_to_sign, t.start, t.expires))
        })
    }

    fn acl_token(&self, acl: Vec<Bound<'_, PyString>>, now: &Bound<'_, PyAny>) -> PyResult<Token> {
        guard(|| {
            let acl = texts(&acl, "acl")?;
            let now = args::now(now)?;
            let t = self.inner.acl_token(&acl, &self.options, now).py()?;
            Ok((t.token, t.string_to_sign, t.start, t.expires))
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "EdgeAuthSigner(algorithm={:?}, style={:?}, key=<redacted>)",
                self.inner.algorithm().as_str(),
                self.options.style.as_str()
            ))
        })
    }
}

fn claims<'py>(py: Python<'py>, c: EdgeAuthClaims) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ip", c.ip)?;
    d.set_item("start", c.start)?;
    d.set_item("expires", c.expires)?;
    d.set_item("acl", c.acl)?;
    d.set_item("session_id", c.session_id)?;
    d.set_item("payload", c.payload)?;
    Ok(d)
}

/// The edge's side: keys (rotation) and the property's token settings.
#[pyclass(frozen, module = "aura_sign._native", name = "EdgeAuthVerifier")]
pub struct EdgeAuthVerifier {
    inner: CoreVerifier,
}

#[pymethods]
impl EdgeAuthVerifier {
    #[new]
    #[pyo3(
        signature = (keys, algorithm=None, style=None, salt=None, field_delimiter=None, acl_delimiter=None, escape_early=false),
        text_signature = "(keys, algorithm=\"sha256\", style=\"default\", salt=None, field_delimiter=\"~\", acl_delimiter=\"!\", escape_early=False)"
    )]
    fn new(
        keys: Vec<Bound<'_, PyString>>,
        algorithm: Option<&Bound<'_, PyString>>,
        style: Option<&Bound<'_, PyString>>,
        salt: Option<&Bound<'_, PyString>>,
        field_delimiter: Option<&Bound<'_, PyString>>,
        acl_delimiter: Option<&Bound<'_, PyString>>,
        escape_early: bool,
    ) -> PyResult<Self> {
        guard(|| {
            let keys = texts(&keys, "keys")?;
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let settings = options(
                style,
                None,
                None,
                None,
                None,
                None,
                None,
                salt,
                field_delimiter,
                acl_delimiter,
                escape_early,
            )?;
            Ok(EdgeAuthVerifier {
                inner: CoreVerifier::new(&refs, self::algorithm(algorithm)?, &settings).py()?,
            })
        })
    }

    #[pyo3(signature = (token, url, now, viewer_ip=None))]
    fn verify_url<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'_, PyString>,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        viewer_ip: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let token = text(token, "token")?;
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let ip = opt_string(viewer_ip, "viewer_ip")?;
            claims(
                py,
                self.inner
                    .verify_url(&token, &url, now, ip.as_deref())
                    .py()?,
            )
        })
    }

    #[pyo3(signature = (token, path, now, viewer_ip=None))]
    fn verify_acl<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'_, PyString>,
        path: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        viewer_ip: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let token = text(token, "token")?;
            let path = text(path, "path")?;
            let now = args::now(now)?;
            let ip = opt_string(viewer_ip, "viewer_ip")?;
            claims(
                py,
                self.inner
                    .verify_acl(&token, &path, now, ip.as_deref())
                    .py()?,
            )
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("EdgeAuthVerifier(keys=<redacted>)"))
    }
}
