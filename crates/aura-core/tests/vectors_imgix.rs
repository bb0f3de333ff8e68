//! Every case of `tests/vectors/imgix.json`: `buildURL`/`buildSrcSet` cases
//! through the js style, `create_url`/`create_srcset` through the python
//! style, byte for byte or refused by rule; the constructors' domain check;
//! the verifier on every signed URL Aura reproduces.

mod common;

use aura_core::imgix::{
    ImgixClient, ImgixClientOptions, ImgixParams, ImgixSrcsetOptions, ImgixStyle, ImgixValue,
    ImgixVerifier,
};
use aura_core::{AuraError, Result};
use common::{check_provenance, load, s, Outcome, Tally};
use serde_json::Value;

fn invalid(m: impl Into<String>) -> AuraError {
    AuraError::InvalidInput(m.into())
}

/// A JSON value as a binding hands it to the typed core.
fn value(v: &Value) -> ImgixValue {
    match v {
        Value::String(s) => ImgixValue::Text(s.clone()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => ImgixValue::Int(i),
            None => ImgixValue::Float(n.as_f64().unwrap()),
        },
        Value::Bool(b) => ImgixValue::Bool(*b),
        Value::Null => ImgixValue::Null,
        Value::Array(items) => ImgixValue::List(items.iter().map(value).collect()),
        Value::Object(_) => panic!("object parameter value"),
    }
}

fn params(i: &Value) -> ImgixParams {
    i.get("params")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), value(v))).collect())
        .unwrap_or_default()
}

fn whole_pixels(v: &Value, what: &str) -> Result<u32> {
    v.as_u64()
        .filter(|&w| w <= u32::MAX as u64)
        .map(|w| w as u32)
        .ok_or_else(|| invalid(format!("{what} must be whole pixels, got {v}")))
}

fn js_truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Null => false,
        _ => true,
    }
}

fn srcset_options(i: &Value) -> Result<ImgixSrcsetOptions> {
    let o = i.get("srcset").cloned().unwrap_or(Value::Null);
    let get = |k: &str| o.get(k).filter(|v| !v.is_null());
    Ok(ImgixSrcsetOptions {
        disable_path_encoding: i.get("disable_path_encoding").is_some_and(js_truthy),
        widths: get("widths")
            .map(|w| {
                w.as_array()
                    .ok_or_else(|| invalid("widths must be a list"))?
                    .iter()
                    .map(|x| whole_pixels(x, "widths"))
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?,
        min_width: get("min_width")
            .map(|v| whole_pixels(v, "min_width"))
            .transpose()?,
        max_width: get("max_width")
            .map(|v| whole_pixels(v, "max_width"))
            .transpose()?,
        width_tolerance: get("width_tolerance").map(|v| v.as_f64().unwrap()),
        device_pixel_ratios: get("device_pixel_ratios")
            .map(|d| {
                d.as_array()
                    .ok_or_else(|| invalid("device_pixel_ratios must be a list"))?
                    .iter()
                    .map(|x| x.as_f64().ok_or_else(|| invalid("ratios are numbers")))
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?,
        variable_qualities: get("variable_qualities")
            .map(|q| {
                q.as_object()
                    .ok_or_else(|| invalid("variable_qualities must be a mapping"))?
                    .iter()
                    .map(|(k, v)| {
                        let ratio = k
                            .parse::<u32>()
                            .map_err(|_| invalid("ratio keys are integers"))?;
                        Ok((ratio, whole_pixels(v, "quality")?))
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?,
        disable_variable_quality: get("disable_variable_quality").is_some_and(js_truthy),
    })
}

fn client(i: &Value, style: ImgixStyle) -> Result<ImgixClient> {
    ImgixClient::new(
        s(i, "domain"),
        i.get("sign_key").and_then(Value::as_str),
        ImgixClientOptions {
            style,
            use_https: i.get("use_https").and_then(Value::as_bool).unwrap_or(true),
            include_library_param: i
                .get("include_library_param")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        },
    )
}

fn run(kind: &str, i: &Value) -> Result<String> {
    let style = if kind.starts_with("js.") {
        ImgixStyle::Js
    } else {
        ImgixStyle::Python
    };
    let c = client(i, style)?;
    let path = i.get("path").and_then(Value::as_str).unwrap_or("");
    match kind {
        "js.buildURL" | "py.create_url" => c.build_url(
            path,
            &params(i),
            i.get("disable_path_encoding").is_some_and(js_truthy),
        ),
        "js.buildSrcSet" | "py.create_srcset" => {
            c.build_srcset(path, &params(i), &srcset_options(i)?)
        }
        "js.new" | "py.new" => Ok(String::new()),
        other => panic!("kind {other}"),
    }
}

fn compare(case: &Value, got: &Result<String>) -> Outcome {
    match (case.get("output").and_then(Value::as_str), got) {
        (None, Err(_)) => Outcome::Pass,
        (None, Ok(t)) => Outcome::Fail(format!(
            "reference threw {}, Aura returned {t}",
            case["error"]
        )),
        (Some(want), Ok(t)) if t == want => Outcome::Pass,
        (Some(want), Ok(t)) => Outcome::Fail(format!("bytes differ:\n  got  {t}\n  want {want}")),
        (Some(_), Err(AuraError::InvalidInput(m))) => Outcome::RejectedByRule(m.clone()),
        (Some(_), Err(e)) => Outcome::Fail(format!("unexpected error {e}")),
    }
}

/// Each candidate URL verifies with its token (and not with another); an
/// `expires` parameter is enforced.
fn verify_all(output: &str, token: &str) -> Outcome {
    let verifier = ImgixVerifier::new(&["another-token", token]).unwrap();
    let other = ImgixVerifier::new(&["another-token"]).unwrap();
    for entry in output.split(",\n") {
        let url = entry.rsplit_once(' ').map_or(entry, |(u, d)| {
            if d.ends_with('w') || d.ends_with('x') {
                u
            } else {
                entry
            }
        });
        let now = 1_700_000_000;
        match (verifier.verify(url, now), other.verify(url, now)) {
            (Ok(v), Err(AuraError::BadSignature)) => {
                if let Some(e) = v.expires {
                    if !matches!(verifier.verify(url, e + 1), Err(AuraError::Expired)) {
                        return Outcome::Fail(format!("{url}: not expired after {e}"));
                    }
                }
            }
            (a, b) => return Outcome::Fail(format!("{url}: {a:?} / other token {b:?}")),
        }
    }
    Outcome::Pass
}

fn not_verifiable(id: &str) -> Option<&'static str> {
    match id {
        "js-url-074" | "py-url-074" | "js-url-098" | "py-url-098" => Some(
            "signed with disable_path_encoding over a raw space or non-ASCII path: the verifier takes printable ASCII only (a client sends the path encoded, which is not what was signed)",
        ),
        _ => None,
    }
}

fn main() {
    check_provenance("imgix.json");
    let file = load("imgix.json");
    let mut tally = Tally::default();
    for case in file["cases"].as_array().unwrap() {
        let id = s(case, "id");
        let kind = s(case, "kind");
        let i = &case["input"];
        if kind.starts_with("js._build") {
            tally.record(
                kind,
                id,
                Outcome::NotApplicable("js-core's static full-URL helper (ufo re-parsing of a whole URL) is not offered".into()),
            );
            continue;
        }
        let got = run(kind, i);
        let outcome = compare(case, &got);
        let reproduced = matches!(outcome, Outcome::Pass);
        tally.record(kind, id, outcome);
        let token = i
            .get("sign_key")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        if let (true, Ok(output), Some(token)) = (reproduced, &got, token) {
            if output.is_empty() {
                continue;
            }
            let outcome = match (verify_all(output, token), not_verifiable(id)) {
                (Outcome::Fail(_), Some(why)) => Outcome::Strict(why.into()),
                (_, Some(_)) => Outcome::Fail("listed as not verifiable but verified".into()),
                (outcome, None) => outcome,
            };
            tally.record("verify_reproduced_url", id, outcome);
        }
    }
    tally.finish("imgix.json");
}
