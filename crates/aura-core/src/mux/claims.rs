//! The header and claims bytes mux-node signs (mux.md §1–2): `JSON.stringify`
//! of `{ ...params, kid }` then `sub`, `aud`, `exp` assigned, with JS
//! own-key order (integer-like keys first, ascending; a reassigned key keeps
//! its first position).

use serde_json::{Map, Value};

use crate::js::json::{push_json_number, push_string, push_value};

/// Always exactly this: no `kid` in the header.
pub(crate) const HEADER_JSON: &str = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

/// An array index in ECMAScript's sense: the canonical decimal text of an
/// integer below 2^32 − 1. Such keys come first in own-key order.
fn array_index(key: &str) -> Option<u32> {
    let canonical = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key == "0" || !key.starts_with('0'));
    if !canonical {
        return None;
    }
    key.parse::<u32>().ok().filter(|&n| n != u32::MAX)
}

/// An object's members in JS own-key order, recursively.
fn js_ordered(map: &Map<String, Value>) -> Vec<(&str, Value)> {
    let mut indices: Vec<(u32, &str, &Value)> = Vec::new();
    let mut names: Vec<(&str, &Value)> = Vec::new();
    for (k, v) in map {
        match array_index(k) {
            Some(i) => indices.push((i, k, v)),
            None => names.push((k, v)),
        }
    }
    indices.sort_by_key(|(i, _, _)| *i);
    indices
        .into_iter()
        .map(|(_, k, v)| (k, v))
        .chain(names)
        .map(|(k, v)| (k, js_value(v)))
        .collect()
}

fn js_value(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            js_ordered(m)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(js_value).collect()),
        other => other.clone(),
    }
}

/// One claim the SDK assigns after the params.
pub(crate) enum Claim<'a> {
    Str(&'a str),
    Num(f64),
}

/// `claims = {...params, kid}; claims.sub = …; claims.aud = …; claims.exp = …`
/// serialised: assigned members replace a param of the same name in place.
pub(crate) fn claims_json(params: &Map<String, Value>, assigned: &[(&str, Claim<'_>)]) -> String {
    let mut members: Vec<(&str, Option<Value>, Option<&Claim<'_>>)> = js_ordered(params)
        .into_iter()
        .map(|(k, v)| (k, Some(v), None))
        .collect();
    for (name, claim) in assigned {
        match members.iter_mut().find(|(k, _, _)| k == name) {
            Some(slot) => slot.2 = Some(claim),
            None => members.push((name, None, Some(claim))),
        }
    }
    let mut out = String::with_capacity(256);
    out.push('{');
    for (i, (k, param, claim)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, k);
        out.push(':');
        match (claim, param) {
            (Some(Claim::Str(s)), _) => push_string(&mut out, s),
            (Some(Claim::Num(n)), _) => push_json_number(&mut out, *n),
            (None, Some(v)) => push_value(&mut out, v),
            (None, None) => out.push_str("null"),
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_key_order_and_reassignment() {
        let params: Map<String, Value> =
            serde_json::from_str(r#"{"10":"n","2":"m","b":"s","sub":"x","02":"z"}"#).unwrap();
        let got = claims_json(
            &params,
            &[
                ("kid", Claim::Str("K")),
                ("sub", Claim::Str("P")),
                ("exp", Claim::Num(1.5)),
            ],
        );
        assert_eq!(
            got,
            r#"{"2":"m","10":"n","b":"s","sub":"P","02":"z","kid":"K","exp":1.5}"#
        );
        let nested: Map<String, Value> =
            serde_json::from_str(r#"{"o":{"b":1,"1":2,"4294967295":3,"0":4}}"#).unwrap();
        assert_eq!(
            claims_json(&nested, &[]),
            r#"{"o":{"0":4,"1":2,"b":1,"4294967295":3}}"#
        );
    }
}
