//! Python objects ↔ JSON values (member order kept; ints stay ints).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::args::text;
use crate::errors::invalid;

/// Deeper objects and arrays are refused (a cycle would otherwise recurse
/// until the stack overflows); serde_json reads no deeper either.
const MAX_DEPTH: usize = 128;

/// `what` names the argument in errors: a str or key with a lone surrogate,
/// an int past `f64::MAX` (no JSON number), or nesting deeper than 128
/// levels (a cycle) is `InvalidInput`.
pub fn to_json(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    to_json_at(obj, what, 0)
}

fn too_deep(what: &str) -> PyErr {
    invalid(format!(
        "{what} nests deeper than {MAX_DEPTH} levels (or refers to itself)"
    ))
}

fn to_json_at(obj: &Bound<'_, PyAny>, what: &str, depth: usize) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            Ok(Value::Number(i.into()))
        } else if let Ok(u) = obj.extract::<u64>() {
            Ok(Value::Number(u.into()))
        } else {
            let f = obj.extract::<f64>().map_err(|_| {
                invalid(format!(
                    "{what} holds an int too large for a JSON number (beyond ±1.8e308)"
                ))
            })?;
            Ok(Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(Value::Null))
        }
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        // JSON.stringify prints NaN/Infinity as null.
        Ok(Number::from_f64(f.value())
            .map(Value::Number)
            .unwrap_or(Value::Null))
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(text(s, what)?.into_owned()))
    } else if let Ok(d) = obj.cast::<PyDict>() {
        if depth >= MAX_DEPTH {
            return Err(too_deep(what));
        }
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("JSON object keys must be str"))?;
            map.insert(
                text(key, what)?.into_owned(),
                to_json_at(&v, what, depth + 1)?,
            );
        }
        Ok(Value::Object(map))
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        if depth >= MAX_DEPTH {
            return Err(too_deep(what));
        }
        obj.try_iter()?
            .map(|item| to_json_at(&item?, what, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array)
    } else {
        Err(PyTypeError::new_err(format!(
            "cannot serialise {} to JSON",
            obj.get_type().name()?
        )))
    }
}

pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.abs() < 9007199254740992.0 {
                    (f as i64).into_pyobject(py)?.into_any()
                } else {
                    f.into_pyobject(py)?.into_any()
                }
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, val) in map {
                d.set_item(k, to_py(py, val)?)?;
            }
            d.into_any()
        }
    })
}

pub fn map_to_py<'py>(py: Python<'py>, m: &Map<String, Value>) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    for (k, v) in m {
        d.set_item(k, to_py(py, v)?)?;
    }
    Ok(d.into_any())
}
