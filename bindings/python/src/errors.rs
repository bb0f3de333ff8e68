//! The one mapping from core errors to Python exceptions. Exhaustive: a new
//! core variant does not compile until it is mapped here. The classes live in
//! `aura_sign/errors.py` (so they can also subclass ValueError, KeyError…).
//! Every native entry point runs inside [`guard`], so a panic (in the core
//! or here) reaches Python as `InternalError` (code `internal`), never as
//! pyo3's `PanicException`.

use aura_core::AuraError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The Python class name for each variant.
fn class_name(e: &AuraError) -> &'static str {
    match e {
        AuraError::InvalidInput(_) => "InvalidInput",
        AuraError::Malformed(_) => "MalformedToken",
        AuraError::BadSignature => "InvalidSignature",
        AuraError::Expired => "TokenExpired",
        AuraError::NotYetValid => "TokenNotYetValid",
        AuraError::UnknownKid => "UnknownKeyId",
        AuraError::KidMismatch => "KeyIdMismatch",
        AuraError::AlgNotAllowed(_) => "AlgorithmNotAllowed",
        AuraError::SubMismatch => "WrongVideo",
        AuraError::NotDownloadable => "NotDownloadable",
        AuraError::AccessDenied { .. } => "AccessDenied",
        AuraError::NotAPrivateKey => "NotAPrivateKey",
        AuraError::InvalidKey(_) => "KeyFormatError",
        AuraError::UnsupportedKeyType(_) => "UnsupportedKeyType",
        AuraError::KeyTooSmall { .. } => "KeyTooSmall",
        AuraError::MissingProjectName => "MissingProjectName",
        AuraError::WrongImage => "WrongImage",
        AuraError::FlexibleVariantNotSignable => "FlexibleVariantNotSignable",
        AuraError::LifetimeTooLong { .. } => "LifetimeTooLong",
        AuraError::RemoteError { .. } => "RemoteError",
        AuraError::InvalidResponse(_) => "InvalidResponse",
        AuraError::KeyNotFound(_) => "KeyNotFound",
        AuraError::UploadFromUrl { .. } => "UploadFromUrlError",
        AuraError::Internal(_) => "InternalError",
    }
}

/// Extra attributes some exceptions carry.
fn details<'py>(py: Python<'py>, e: &AuraError) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match e {
        AuraError::AccessDenied { rule_index } => d.set_item("rule_index", rule_index)?,
        AuraError::RemoteError { status, .. } => {
            d.set_item("status", status)?;
            // Cloudflare's numeric error codes, as the core reads them.
            d.set_item("codes", aura_core::cloudflare::error_codes(e))?;
        }
        AuraError::KeyTooSmall { bits } => d.set_item("bits", bits)?,
        AuraError::LifetimeTooLong { seconds } => d.set_item("seconds", seconds)?,
        AuraError::UploadFromUrl {
            kind, url, status, ..
        } => {
            d.set_item("kind", kind.as_str())?;
            d.set_item("url", url)?;
            d.set_item("status", status)?;
        }
        _ => {}
    }
    Ok(d)
}

/// Builds the Python exception for a core error.
pub fn to_py_err(e: AuraError) -> PyErr {
    Python::attach(|py| match build(py, &e) {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    })
}

fn build<'py>(py: Python<'py>, e: &AuraError) -> PyResult<Bound<'py, PyAny>> {
    let module = py.import("aura_sign.errors")?;
    let class = module.getattr(class_name(e))?;
    class.call((e.code(), e.message(), details(py, e)?), None)
}

/// `InvalidInput` (code `invalid_input`) with `msg`.
pub fn invalid(msg: impl Into<String>) -> PyErr {
    to_py_err(AuraError::InvalidInput(msg.into()))
}

/// Runs the body of a native entry point: a panic becomes `InternalError`.
/// The panic's message is not shown (it could quote an argument).
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(to_py_err(AuraError::Internal(
            "a panic was caught at the Python boundary".into(),
        )))
    })
}

/// Panics inside `guard` (with the GIL released if `detached`), so a test
/// can prove a panic reaches Python as `InternalError`. Registered with
/// `setattr`, not `add`: it is not in the module's `__all__` nor the stubs.
#[pyfunction]
#[pyo3(signature = (detached=false))]
pub fn _panic_for_tests(py: Python<'_>, detached: bool) -> PyResult<()> {
    guard(|| {
        if detached {
            py.detach::<(), _>(|| panic!("_panic_for_tests (detached)"));
        } else {
            panic!("_panic_for_tests");
        }
        Ok(())
    })
}

/// `Result<T, AuraError>` → `PyResult<T>`.
pub trait IntoPy<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for aura_core::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}

/// One exception per core variant, for the coverage test.
#[pyfunction]
pub fn _error_examples(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyAny>>> {
    guard(|| {
        aura_core::error_examples()
            .iter()
            .map(|e| build(py, e))
            .collect()
    })
}

#[pyfunction]
pub fn all_error_codes() -> PyResult<Vec<&'static str>> {
    guard(|| Ok(aura_core::all_error_codes().to_vec()))
}
