//! Argument conversion shared by the wrappers (types only, no rules: the
//! rules live in aura-core).

use aura_core::auraimage::{QueryVersion, SizeInput};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

/// An int or float as f64. Ints beyond ±2^53 become a value the core
/// rejects ("at most 2^53") instead of being rounded into range.
pub fn number(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a number, not bool"
        )));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(match obj.extract::<i64>() {
            Ok(i) if i.unsigned_abs() <= 1 << 53 => i as f64,
            _ => f64::MAX,
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(f.value());
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be int or float, got {}",
        obj.get_type().name()?
    )))
}

pub fn opt_number(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<f64>> {
    obj.filter(|o| !o.is_none())
        .map(|o| number(o, what))
        .transpose()
}

pub fn size_input(obj: &Bound<'_, PyAny>) -> PyResult<SizeInput> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(SizeInput::Text(s.extract::<String>()?));
    }
    Ok(SizeInput::Number(number(obj, "max_size")?))
}

pub fn query_version(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<QueryVersion>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyString>() {
            Ok(s) => Ok(Some(QueryVersion::Text(s.extract::<String>()?))),
            Err(_) => Ok(Some(QueryVersion::Number(number(o, "v")?))),
        },
    }
}

/// A `str` or a sequence of `str` (rotation).
pub fn secrets(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.extract::<String>()?]);
    }
    obj.try_iter()
        .map_err(|_| PyTypeError::new_err("secret must be a str or a sequence of str"))?
        .map(|item| item?.extract::<String>())
        .collect()
}
