//! `JSON.stringify` output for the values the SDKs serialise: compact,
//! insertion order, minimal escaping with lowercase `\u00xx`, `/` and all
//! non-ASCII raw, numbers as ECMAScript prints them, non-finite as `null`.

use serde_json::Value;

use super::number::push_number;

/// Appends a JSON string literal exactly as `JSON.stringify` writes it.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x00..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Appends a number as `JSON.stringify` writes it (`null` for NaN/±Infinity).
pub fn push_json_number(out: &mut String, value: f64) {
    if value.is_finite() {
        push_number(out, value);
    } else {
        out.push_str("null");
    }
}

/// Appends any JSON value with `JSON.stringify` rules.
pub fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => push_json_number(out, n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, k);
                out.push(':');
                push_value(out, v);
            }
            out.push('}');
        }
    }
}

/// `JSON.stringify(value)`.
pub fn stringify(value: &Value) -> String {
    let mut out = String::new();
    push_value(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_like_json_stringify() {
        let mut s = String::new();
        push_string(
            &mut s,
            "a\"b\\c/\u{1}\u{1f}\u{7f}\u{2028}é😀\n\t\u{8}\u{c}\r",
        );
        assert_eq!(
            s,
            "\"a\\\"b\\\\c/\\u0001\\u001f\u{7f}\u{2028}é😀\\n\\t\\b\\f\\r\""
        );
    }

    #[test]
    fn keeps_insertion_order_and_js_numbers() {
        let v: Value = serde_json::from_str(r#"{"z":1,"a":[1.5,1e21,5e-7],"m":null}"#).unwrap();
        assert_eq!(stringify(&v), r#"{"z":1,"a":[1.5,1e+21,5e-7],"m":null}"#);
        assert_eq!(
            stringify(&json!({"x": 9007199254740993u64})),
            r#"{"x":9007199254740992}"#
        );
    }
}
