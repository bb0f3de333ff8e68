//! imgix signed URLs and srcsets (`s=` signing), and a verifier.

use aura_core::imgix::{
    ImgixClient as CoreClient, ImgixClientOptions, ImgixSrcsetOptions, ImgixStyle, ImgixValue,
    ImgixVerifier as CoreVerifier,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::args::{self, number, opt_number, opt_text, str_or, text, texts, whole};
use crate::errors::{guard, IntoPy};

/// A parameter value: str, int, float, bool, None or a list/tuple of them.
fn value(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<ImgixValue> {
    if obj.is_none() {
        Ok(ImgixValue::Null)
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(ImgixValue::Bool(b.is_true()))
    } else if obj.is_instance_of::<PyInt>() {
        match obj.extract::<i64>() {
            Ok(i) => Ok(ImgixValue::Int(i)),
            Err(_) => Ok(ImgixValue::Float(number(obj, "params")?)),
        }
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Ok(ImgixValue::Float(f.value()))
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(ImgixValue::Text(text(s, "params")?.into_owned()))
    } else if (obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) && depth < 8 {
        obj.try_iter()?
            .map(|item| value(&item?, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(ImgixValue::List)
    } else {
        Err(PyTypeError::new_err(format!(
            "an imgix parameter value must be str, int, float, bool, None or a list, not {}",
            obj.get_type().name()?
        )))
    }
}

/// A dict (its order is the query's order in the js style).
fn params(obj: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, ImgixValue)>> {
    let Some(d) = obj else {
        return Ok(Vec::new());
    };
    d.iter()
        .map(|(k, v)| {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("imgix parameter names must be str"))?;
            Ok((text(key, "params")?.into_owned(), value(&v, 0)?))
        })
        .collect()
}

fn pixels(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<u32>> {
    obj.filter(|o| !o.is_none())
        .map(|o| whole(o, what, u32::MAX))
        .transpose()
}

/// An imgix source: domain, secure URL token (held for its lifetime), settings.
#[pyclass(frozen, module = "aura_sign._native", name = "ImgixClient")]
pub struct ImgixClient {
    inner: CoreClient,
    domain: String,
    signed: bool,
}

#[pymethods]
impl ImgixClient {
    #[new]
    #[pyo3(
        signature = (domain, secure_url_token=None, style=None, use_https=true, include_library_param=false),
        text_signature = "(domain, secure_url_token=None, style=\"js\", use_https=True, include_library_param=False)"
    )]
    fn new(
        domain: &Bound<'_, PyString>,
        secure_url_token: Option<&Bound<'_, PyString>>,
        style: Option<&Bound<'_, PyString>>,
        use_https: bool,
        include_library_param: bool,
    ) -> PyResult<Self> {
        guard(|| {
            let domain = text(domain, "domain")?;
            let token = opt_text(secure_url_token, "secure_url_token")?;
            let style = ImgixStyle::parse(&str_or(style, "style", "js")?).py()?;
            let options = ImgixClientOptions {
                style,
                use_https,
                include_library_param,
            };
            Ok(ImgixClient {
                inner: CoreClient::new(&domain, token.as_deref(), options).py()?,
                domain: domain.into_owned(),
                signed: token.is_some_and(|t| !t.is_empty()),
            })
        })
    }

    #[getter]
    fn style(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.style().as_str()))
    }

    #[pyo3(signature = (path, params=None, disable_path_encoding=false))]
    fn build_url(
        &self,
        path: &Bound<'_, PyString>,
        params: Option<&Bound<'_, PyDict>>,
        disable_path_encoding: bool,
    ) -> PyResult<String> {
        guard(|| {
            let path = text(path, "path")?;
            let params = self::params(params)?;
            self.inner
                .build_url(&path, &params, disable_path_encoding)
                .py()
        })
    }

    #[pyo3(signature = (path, params=None, disable_path_encoding=false, widths=None, min_width=None, max_width=None, width_tolerance=None, device_pixel_ratios=None, variable_qualities=None, disable_variable_quality=false))]
    #[allow(clippy::too_many_arguments)]
    fn build_srcset(
        &self,
        path: &Bound<'_, PyString>,
        params: Option<&Bound<'_, PyDict>>,
        disable_path_encoding: bool,
        widths: Option<Vec<Bound<'_, PyAny>>>,
        min_width: Option<&Bound<'_, PyAny>>,
        max_width: Option<&Bound<'_, PyAny>>,
        width_tolerance: Option<&Bound<'_, PyAny>>,
        device_pixel_ratios: Option<Vec<Bound<'_, PyAny>>>,
        variable_qualities: Option<&Bound<'_, PyDict>>,
        disable_variable_quality: bool,
    ) -> PyResult<String> {
        guard(|| {
            let path = text(path, "path")?;
            let params = self::params(params)?;
            let options = ImgixSrcsetOptions {
                disable_path_encoding,
                widths: widths
                    .map(|w| {
                        w.iter()
                            .map(|x| whole(x, "widths", u32::MAX))
                            .collect::<PyResult<Vec<_>>>()
                    })
                    .transpose()?,
                min_width: pixels(min_width, "min_width")?,
                max_width: pixels(max_width, "max_width")?,
                width_tolerance: opt_number(width_tolerance, "width_tolerance")?,
                device_pixel_ratios: device_pixel_ratios
                    .map(|d| {
                        d.iter()
                            .map(|x| number(x, "device_pixel_ratios"))
                            .collect::<PyResult<Vec<_>>>()
                    })
                    .transpose()?,
                variable_qualities: variable_qualities
                    .map(|q| {
                        q.iter()
                            .map(|(k, v)| {
                                Ok((
                                    whole(&k, "variable_qualities ratio", u32::MAX)?,
                                    whole(&v, "variable_qualities quality", u32::MAX)?,
                                ))
                            })
                            .collect::<PyResult<Vec<_>>>()
                    })
                    .transpose()?,
                disable_variable_quality,
            };
            self.inner.build_srcset(&path, &params, &options).py()
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "ImgixClient(domain={:?}, style={:?}, secure_url_token={})",
                self.domain,
                self.inner.style().as_str(),
                if self.signed { "<redacted>" } else { "None" }
            ))
        })
    }
}

/// Secure URL tokens (rotation).
#[pyclass(frozen, module = "aura_sign._native", name = "ImgixVerifier")]
pub struct ImgixVerifier {
    inner: CoreVerifier,
}

#[pymethods]
impl ImgixVerifier {
    #[new]
    fn new(tokens: Vec<Bound<'_, PyString>>) -> PyResult<Self> {
        guard(|| {
            let tokens = texts(&tokens, "tokens")?;
            let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
            Ok(ImgixVerifier {
                inner: CoreVerifier::new(&refs).py()?,
            })
        })
    }

    /// `(path_and_query, expires)`.
    fn verify(
        &self,
        url: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<(String, Option<i64>)> {
        guard(|| {
            let url = text(url, "url")?;
            let now = args::now(now)?;
            let v = self.inner.verify(&url, now).py()?;
            Ok((v.path_and_query, v.expires))
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("ImgixVerifier(tokens=<redacted>)"))
    }
}
