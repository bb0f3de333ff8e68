//! `parseSize` (auraimage.md §4).

use super::numbers::byte_count;
use crate::error::{invalid, Result};
use crate::js::whitespace::{is_js_whitespace, js_trim};

/// What `parseSize` accepts: a number (passed through) or a size string.
#[derive(Clone, Debug, PartialEq)]
pub enum SizeInput {
    /// A byte count, as a JavaScript number.
    Number(f64),
    /// A size string such as `"512kb"` or `"30mb"`.
    Text(String),
}

impl From<&str> for SizeInput {
    fn from(s: &str) -> Self {
        SizeInput::Text(s.to_string())
    }
}

impl From<u64> for SizeInput {
    fn from(n: u64) -> Self {
        SizeInput::Number(n as f64)
    }
}

/// Exactly the SDK's `parseSize`: numbers pass through unchanged (NaN, -1,
/// 1.5…); strings match `^(\d+(\.\d+)?)\s*(kb|mb|gb|b)?$`/i after a JS trim,
/// and the result is `Math.round(parseFloat(n) * unit)` (may be Infinity).
pub fn parse_size_js(input: &SizeInput) -> Result<f64> {
    match input {
        SizeInput::Number(n) => Ok(*n),
        SizeInput::Text(s) => {
            parse_size_text(s).ok_or_else(|| invalid(format!("Invalid size string: \"{s}\"")))
        }
    }
}

/// The typed API: `parse_size_js`, then the result must be a whole number of
/// bytes in [0, 2^53] (conformance rule 1), else `invalid_input`.
pub fn parse_size(input: &SizeInput) -> Result<u64> {
    byte_count("maxSize", parse_size_js(input)?)
}

fn parse_size_text(raw: &str) -> Option<f64> {
    let s = js_trim(raw);
    let bytes = s.as_bytes();
    let mut i = 0;
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int_len = digits(0);
    if int_len == 0 {
        return None;
    }
    i += int_len;
    if i < bytes.len() && bytes[i] == b'.' {
        let frac_len = digits(i + 1);
        if frac_len == 0 {
            return None;
        }
        i += 1 + frac_len;
    }
    let number = &s[..i];
    let rest = s[i..].trim_start_matches(is_js_whitespace);
    let unit: f64 = match rest.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1024.0,
        "mb" => 1048576.0,
        "gb" => 1073741824.0,
        _ => return None,
    };
    let value: f64 = number.parse().ok()?; // correctly rounded, as parseFloat
    Some((value * unit).round()) // Math.round: the product is never negative
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(s: &str) -> Option<f64> {
        parse_size_js(&SizeInput::Text(s.into())).ok()
    }

    #[test]
    fn follows_the_sdk() {
        assert_eq!(js("5mb"), Some(5242880.0));
        assert_eq!(js(" 7 KB "), Some(7168.0));
        assert_eq!(js("1.1kb"), Some(1126.0));
        assert_eq!(js("0.49999999999999994b"), Some(0.0));
        assert_eq!(js("2.5b"), Some(3.0));
        assert_eq!(js("\u{feff}5mb"), Some(5242880.0));
        assert_eq!(js("5\u{85}mb"), None);
        assert_eq!(js("5\u{212a}b"), None);
        assert_eq!(js("5."), None);
        assert_eq!(js(".5mb"), None);
        assert_eq!(js(""), None);
        assert_eq!(js(&format!("1{}", "0".repeat(400))), Some(f64::INFINITY));
        let err = parse_size_js(&SizeInput::Text("5tb".into())).unwrap_err();
        assert_eq!(err.message(), "Invalid size string: \"5tb\"");
    }

    #[test]
    fn typed_rejects_non_byte_counts() {
        assert_eq!(
            parse_size(&SizeInput::Number(1.5)).unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            parse_size(&SizeInput::Number(-1.0)).unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            parse_size(&SizeInput::Text("99999999999999999999999gb".into()))
                .unwrap_err()
                .code(),
            "invalid_input"
        );
        assert_eq!(parse_size(&"30mb".into()).unwrap(), 31457280);
    }
}
