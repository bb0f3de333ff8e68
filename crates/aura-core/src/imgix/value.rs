//! Parameter values and how each SDK turns them into text.

use super::ImgixStyle;
use crate::error::{invalid, Result};
use crate::js::number::number_to_string;

/// A parameter value as the SDKs accept it.
#[derive(Clone, Debug, PartialEq)]
pub enum ImgixValue {
    /// Written as is.
    Text(String),
    /// Written in decimal.
    Int(i64),
    /// JS `String(number)` (`2`), Python `repr` (`2.0`).
    Float(f64),
    /// JS `true`/`false`, Python `True`/`False`.
    Bool(bool),
    /// JS omits the parameter; the Python SDK would write `None` (refused).
    Null,
    /// JS writes the items joined with `,`; the Python SDK would write its
    /// `repr` (refused).
    List(Vec<ImgixValue>),
}

impl From<&str> for ImgixValue {
    fn from(s: &str) -> Self {
        ImgixValue::Text(s.to_string())
    }
}

impl From<String> for ImgixValue {
    fn from(s: String) -> Self {
        ImgixValue::Text(s)
    }
}

impl From<i64> for ImgixValue {
    fn from(v: i64) -> Self {
        ImgixValue::Int(v)
    }
}

impl From<f64> for ImgixValue {
    fn from(v: f64) -> Self {
        ImgixValue::Float(v)
    }
}

impl From<bool> for ImgixValue {
    fn from(v: bool) -> Self {
        ImgixValue::Bool(v)
    }
}

/// Python's `repr(float)`: the shortest round-trip digits, fixed notation
/// for exponents in [-4, 16), else `d.ddde±XX`; integral values end `.0`.
pub(crate) fn python_float_repr(value: f64) -> String {
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .into();
    }
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    // The shortest digits and the decimal point position, from the
    // ECMAScript text (both are shortest round-trip representations).
    let js = number_to_string(value.abs());
    let (mantissa, exponent) = match js.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().expect("exponent")),
        None => (js.clone(), 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((&mantissa, ""));
    let all = format!("{int_part}{frac_part}");
    let leading = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all[leading..].trim_end_matches('0').to_string();
    let decpt = int_part.len() as i32 - leading as i32 + exponent;
    let sign = if value < 0.0 { "-" } else { "" };
    let n = digits.len() as i32;
    let body = if decpt > 16 || decpt <= -4 {
        let e = decpt - 1;
        let rest = &digits[1..];
        let dot = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!(
            "{}{dot}e{}{:02}",
            &digits[..1],
            if e < 0 { '-' } else { '+' },
            e.abs()
        )
    } else if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{digits}{}.0", "0".repeat((decpt - n) as usize))
    } else {
        format!(
            "{}.{}",
            &digits[..decpt as usize],
            &digits[decpt as usize..]
        )
    };
    format!("{sign}{body}")
}

impl ImgixValue {
    /// `String(value)` (JS) or `str(value)` (Python); `None` when JS omits
    /// the parameter (`null`).
    pub(crate) fn text(&self, style: ImgixStyle) -> Result<Option<String>> {
        Ok(Some(match (self, style) {
            (ImgixValue::Text(s), _) => s.clone(),
            (ImgixValue::Int(i), _) => i.to_string(),
            (ImgixValue::Float(f), ImgixStyle::Js) => number_to_string(*f),
            (ImgixValue::Float(f), ImgixStyle::Python) => python_float_repr(*f),
            (ImgixValue::Bool(b), ImgixStyle::Js) => b.to_string(),
            (ImgixValue::Bool(b), ImgixStyle::Python) => if *b { "True" } else { "False" }.into(),
            (ImgixValue::Null, ImgixStyle::Js) => return Ok(None),
            (ImgixValue::Null, ImgixStyle::Python) => {
                return Err(invalid(
                    "a null parameter value: the Python SDK writes the text None; omit the parameter",
                ))
            }
            (ImgixValue::List(items), ImgixStyle::Js) => {
                let mut parts = Vec::with_capacity(items.len());
                for item in items {
                    // Array.prototype.toString: null items are empty.
                    parts.push(item.text(style)?.unwrap_or_default());
                }
                parts.join(",")
            }
            (ImgixValue::List(_), ImgixStyle::Python) => {
                return Err(invalid(
                    "a list parameter value: the Python SDK writes its repr (['a', 'b']); join it yourself",
                ))
            }
        }))
    }

    /// JavaScript truthiness.
    pub(crate) fn js_truthy(&self) -> bool {
        match self {
            ImgixValue::Text(s) => !s.is_empty(),
            ImgixValue::Int(i) => *i != 0,
            ImgixValue::Float(f) => *f != 0.0 && !f.is_nan(),
            ImgixValue::Bool(b) => *b,
            ImgixValue::Null => false,
            ImgixValue::List(_) => true,
        }
    }

    /// Python truthiness.
    pub(crate) fn py_truthy(&self) -> bool {
        match self {
            ImgixValue::List(items) => !items.is_empty(),
            ImgixValue::Float(f) => *f != 0.0,
            other => other.js_truthy(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_repr_of_floats() {
        for (v, want) in [
            (2.0, "2.0"),
            (75.5, "75.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1234567890123456.0, "1234567890123456.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e22, "1e+22"),
            (-0.0, "-0.0"),
            (123456789.123, "123456789.123"),
            (1e-300, "1e-300"),
            (5e-324, "5e-324"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (1.5e300, "1.5e+300"),
        ] {
            assert_eq!(python_float_repr(v), want, "{v}");
        }
    }

    #[test]
    fn text_per_style() {
        let t = |v: ImgixValue, s| v.text(s).unwrap();
        assert_eq!(t(ImgixValue::Float(2.0), ImgixStyle::Js).unwrap(), "2");
        assert_eq!(
            t(ImgixValue::Float(2.0), ImgixStyle::Python).unwrap(),
            "2.0"
        );
        assert_eq!(
            t(ImgixValue::Bool(true), ImgixStyle::Python).unwrap(),
            "True"
        );
        assert_eq!(t(ImgixValue::Null, ImgixStyle::Js), None);
        let list = ImgixValue::List(vec!["a".into(), ImgixValue::Null, 1i64.into()]);
        assert_eq!(t(list.clone(), ImgixStyle::Js).unwrap(), "a,,1");
        assert!(list.text(ImgixStyle::Python).is_err());
        assert!(ImgixValue::Null.text(ImgixStyle::Python).is_err());
    }
}
