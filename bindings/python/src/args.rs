//! Argument conversion shared by the wrappers (types only, no rules: the
//! rules live in aura-core).
//!
//! Numbers and strings are converted here, inside each call, never by pyo3's
//! argument extraction, whose errors name no rule: `OverflowError` for 2^80,
//! `UnicodeEncodeError` for a lone surrogate. The Python-style split: a value
//! of the wrong kind (a str where a number goes) is a `TypeError`; a value of
//! the right kind the rules refuse (bool, float or 2^80 as `now`; a str with
//! a lone surrogate) is `InvalidInput` (code `invalid_input`) naming the
//! argument and never quoting a string value (it may be a secret).

use aura_core::auraimage::{QueryVersion, SizeInput};
use aura_core::js::time;
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use std::borrow::Cow;

use crate::errors::{invalid, IntoPy};

/// A `str` argument as UTF-8. A lone surrogate (`'a\ud800b'`) has no UTF-8
/// form: `InvalidInput` naming `what` and the index, not the value.
pub fn text<'a>(s: &'a Bound<'_, PyString>, what: &str) -> PyResult<Cow<'a, str>> {
    s.to_cow().map_err(|e| {
        let py = s.py();
        if !e.is_instance_of::<PyUnicodeEncodeError>(py) {
            return e;
        }
        let at = e
            .value(py)
            .getattr("start")
            .and_then(|start| start.extract::<usize>())
            .map_or(String::new(), |i| format!(" at index {i}"));
        invalid(format!(
            "{what} contains a lone surrogate{at} (not Unicode text; it cannot be signed as given)"
        ))
    })
}

pub fn opt_text<'a>(
    s: Option<&'a Bound<'_, PyString>>,
    what: &str,
) -> PyResult<Option<Cow<'a, str>>> {
    s.map(|s| text(s, what)).transpose()
}

pub fn opt_string(s: Option<&Bound<'_, PyString>>, what: &str) -> PyResult<Option<String>> {
    s.map(|s| text(s, what).map(Cow::into_owned)).transpose()
}

/// A str default (`mode="default"`) would have to be a `&str` argument, which
/// pyo3 converts itself (UnicodeEncodeError on a lone surrogate). So such
/// defaults are `None` here and `text_signature` shows the effective default.
pub fn str_or<'a>(
    s: Option<&'a Bound<'_, PyString>>,
    what: &str,
    default: &'a str,
) -> PyResult<Cow<'a, str>> {
    Ok(opt_text(s, what)?.unwrap_or(Cow::Borrowed(default)))
}

/// Each `str` of a list (`what` names the list).
pub fn texts(items: &[Bound<'_, PyString>], what: &str) -> PyResult<Vec<String>> {
    items
        .iter()
        .map(|s| text(s, what).map(Cow::into_owned))
        .collect()
}

/// An int as the JS number the core's rule takes. bool and float are
/// refused here (`now` and second counts are ints in this API; a float clock
/// reading would be accepted or refused by its fraction). Ints beyond `i64`
/// become their nearest `f64` (±Infinity past `f64::MAX`), which the core's
/// rule refuses like any value beyond ±(2^53 − 1).
fn int_as_js_number(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(invalid(format!("{what} must be an int, not bool")));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(invalid(format!(
            "{what} must be an int, not float (got {})",
            obj.repr()?
        )));
    }
    // `__index__`: int and int-like types (numpy integers); others are a TypeError.
    match obj.extract::<i64>() {
        Ok(i) => Ok(i as f64),
        Err(e) if e.is_instance_of::<PyOverflowError>(obj.py()) => {
            Ok(obj.extract::<f64>().unwrap_or(if obj.lt(0)? {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }))
        }
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be an int, not {}",
            obj.get_type().name()?
        ))),
    }
}

/// `now` in Unix seconds, by the core's one rule
/// (`aura_core::js::time::unix_seconds`): an int with |now| <= 2^53 − 1.
pub fn now(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    time::unix_seconds(int_as_js_number(obj, "now")?).py()
}

/// Another whole number of seconds (`expires_in`, `not_before`, `leeway`),
/// by the same rule (`aura_core::js::time::seconds`); `None` is absent.
pub fn opt_seconds(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<i64>> {
    obj.filter(|o| !o.is_none())
        .map(|o| time::seconds(what, int_as_js_number(o, what)?).py())
        .transpose()
}

pub fn seconds(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<i64> {
    time::seconds(what, int_as_js_number(obj, what)?).py()
}

/// A whole number in `0..=max` (a status code, a pixel count).
pub fn whole(obj: &Bound<'_, PyAny>, what: &str, max: u32) -> PyResult<u32> {
    time::safe_integer(int_as_js_number(obj, what)?)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n <= max)
        .ok_or_else(|| invalid(format!("{what} must be an int in 0..={max}")))
}

/// An int or float as f64, for the AuraImage numbers that take fractions
/// (`expires_in`, `max_size`, `width`…: the core's rules apply). Ints beyond
/// ±2^53 become ±`f64::MAX`, a value the core refuses ("at most 2^53") or
/// clamps, instead of being rounded into range.
pub fn number(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(invalid(format!("{what} must be a number, not bool")));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(match obj.extract::<i64>() {
            Ok(i) if i.unsigned_abs() <= 1 << 53 => i as f64,
            Ok(i) if i < 0 => -f64::MAX,
            Ok(_) => f64::MAX,
            Err(_) if obj.lt(0)? => -f64::MAX,
            Err(_) => f64::MAX,
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
        return Ok(SizeInput::Text(text(s, "max_size")?.into_owned()));
    }
    Ok(SizeInput::Number(number(obj, "max_size")?))
}

pub fn query_version(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<QueryVersion>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyString>() {
            Ok(s) => Ok(Some(QueryVersion::Text(text(s, "v")?.into_owned()))),
            Err(_) => Ok(Some(QueryVersion::Number(number(o, "v")?))),
        },
    }
}

/// A `str` or a sequence of `str` (rotation).
pub fn secrets(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![text(s, "secret")?.into_owned()]);
    }
    obj.try_iter()
        .map_err(|_| PyTypeError::new_err("secret must be a str or a sequence of str"))?
        .map(|item| {
            let item = item?;
            let s = item
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("secret must be a str or a sequence of str"))?;
            Ok(text(s, "secret")?.into_owned())
        })
        .collect()
}
