//! The query: parameters in each SDK's order and encoding.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::{ImgixStyle, ImgixValue};
use crate::error::{invalid, Result};
use crate::js::uri::encode_uri_component;

/// Parameters in the caller's order (a JS object's insertion order).
pub type ImgixParams = Vec<(String, ImgixValue)>;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Python `quote(s, safe)`: UTF-8, upper-case hex, `A–Z a–z 0–9 _ . - ~`
/// and `safe` kept.
pub(super) fn python_quote(s: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') || safe.contains(&b)
        {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        }
    }
    out
}

/// A canonical array index: JavaScript enumerates these keys first,
/// ascending.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || key.len() > 10 || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    key.parse::<u64>()
        .ok()
        .filter(|&v| v < u32::MAX as u64)
        .map(|v| v as u32)
}

/// The object's enumeration order: array indices ascending, then the other
/// keys in insertion order. Duplicate keys are refused (an object has none).
pub(super) fn js_order(params: &[(String, ImgixValue)]) -> Result<Vec<&(String, ImgixValue)>> {
    let mut seen = std::collections::HashSet::new();
    if let Some((k, _)) = params.iter().find(|(k, _)| !seen.insert(k.as_str())) {
        return Err(invalid(format!("parameter {k:?} is given twice")));
    }
    let mut ordered: Vec<&(String, ImgixValue)> = params.iter().collect();
    ordered.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |i| (0, i)));
    Ok(ordered)
}

fn base64_value(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text.as_bytes())
}

/// `_buildParams` (JS): `ixlib` first when asked, then each non-null
/// parameter as `encodeURIComponent(key)=encodeURIComponent(String(v))`, or
/// URL-safe base64 without padding for keys ending in `64` (strings only:
/// js-base64 throws on anything else).
fn js_query(params: &[(String, ImgixValue)], library: Option<&str>) -> Result<String> {
    let mut parts = Vec::new();
    if let Some(lib) = library {
        parts.push(format!("ixlib={lib}"));
    }
    for (key, value) in js_order(params)? {
        let Some(text) = value.text(ImgixStyle::Js)? else {
            continue;
        };
        let encoded = if key.ends_with("64") {
            if !matches!(value, ImgixValue::Text(_)) {
                return Err(invalid(format!(
                    "{key}: a base64 parameter needs a string value (js-base64 throws TypeError)"
                )));
            }
            base64_value(&text)
        } else {
            encode_uri_component(&text)
        };
        parts.push(format!("{}={encoded}", encode_uri_component(key)));
    }
    Ok(parts.join("&"))
}

/// `_build_params` (Python): keys `quote`d (`/` kept), values `str()`ed,
/// `ixlib` set (replacing the caller's) when asked, sorted by quoted key;
/// values base64 (keys ending in `64`) or `quote_plus` with `%20`.
fn python_query(params: &[(String, ImgixValue)], library: Option<&str>) -> Result<String> {
    let mut map: Vec<(String, String)> = Vec::with_capacity(params.len() + 1);
    let set = |map: &mut Vec<(String, String)>, k: String, v: String| match map
        .iter_mut()
        .find(|(key, _)| *key == k)
    {
        Some(entry) => entry.1 = v,
        None => map.push((k, v)),
    };
    for (key, value) in params {
        let text = value.text(ImgixStyle::Python)?.expect("python never omits");
        set(&mut map, python_quote(key, b"/"), text);
    }
    if let Some(lib) = library {
        set(&mut map, "ixlib".into(), lib.into());
    }
    map.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let encoded = if k.ends_with("64") {
                base64_value(&v)
            } else {
                python_quote(&v, b"")
            };
            format!("{k}={encoded}")
        })
        .collect::<Vec<_>>()
        .join("&"))
}

/// The query string with its leading `?`, or empty.
pub(super) fn build_query(
    params: &[(String, ImgixValue)],
    library: Option<&str>,
    style: ImgixStyle,
) -> Result<String> {
    js_order(params)?; // duplicate keys are refused in both styles
    let q = match style {
        ImgixStyle::Js => js_query(params, library)?,
        ImgixStyle::Python => python_query(params, library)?,
    };
    Ok(if q.is_empty() { q } else { format!("?{q}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, ImgixValue)]) -> ImgixParams {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn queries_like_the_sdks() {
        let params = p(&[
            ("z", "1".into()),
            ("a/b", "c d".into()),
            ("10", 1i64.into()),
            ("9", 2i64.into()),
        ]);
        assert_eq!(
            build_query(&params, None, ImgixStyle::Js).unwrap(),
            "?9=2&10=1&z=1&a%2Fb=c%20d"
        );
        assert_eq!(
            build_query(&params, None, ImgixStyle::Python).unwrap(),
            "?10=1&9=2&a/b=c%20d&z=1"
        );
        let b64 = p(&[("txt64", "I ♥ NY ü".into())]);
        assert_eq!(
            build_query(&b64, None, ImgixStyle::Js).unwrap(),
            "?txt64=SSDimaUgTlkgw7w"
        );
        assert!(build_query(&p(&[("w64", 100i64.into())]), None, ImgixStyle::Js).is_err());
        assert_eq!(
            build_query(&p(&[("w64", 100i64.into())]), None, ImgixStyle::Python).unwrap(),
            "?w64=MTAw"
        );
        assert_eq!(
            build_query(
                &p(&[("ixlib", "x".into()), ("w", 1i64.into())]),
                Some("python-4.0.0"),
                ImgixStyle::Python
            )
            .unwrap(),
            "?ixlib=python-4.0.0&w=1"
        );
        assert_eq!(build_query(&[], None, ImgixStyle::Js).unwrap(), "");
        assert!(build_query(
            &p(&[("a", "1".into()), ("a", "2".into())]),
            None,
            ImgixStyle::Js
        )
        .is_err());
    }
}
