//! Every case of `tests/vectors/auraimage.json` through the core API.
//! The HTTP cases (`set_visibility_request`, `upload_from_url`) run through
//! the exchange and a recording transport in `vectors_exchange.rs`.

mod common;

use aura_core::auraimage::*;
use aura_core::js::number::number_to_string;
use aura_core::{AuraError, Result};
use common::{json_eq, load, num, s, same_number, Outcome, Tally};
use serde_json::Value;
use std::cell::RefCell;

fn is_quirk(case: &Value) -> bool {
    case.get("quirk").and_then(Value::as_bool).unwrap_or(false)
}

/// Signing side: reference bytes, or `invalid_input` by rule, never other bytes.
fn signing(expected: &Value, got: Result<String>, out_key: &str) -> Outcome {
    match (expected.get("error"), got) {
        (Some(_), Err(_)) => Outcome::Pass,
        (Some(e), Ok(v)) => Outcome::Fail(format!("reference threw {e}, Aura returned {v}")),
        (None, Ok(v)) if v == s(expected, out_key) => Outcome::Pass,
        (None, Ok(v)) => Outcome::Fail(format!(
            "bytes differ:\n  got  {v}\n  want {}",
            s(expected, out_key)
        )),
        (None, Err(AuraError::InvalidInput(m))) => Outcome::RejectedByRule(m),
        (None, Err(e)) => Outcome::Fail(format!("unexpected error {e}")),
    }
}

/// Verifying side: never accept what the reference rejects; reject what it
/// accepts only on `quirk` cases.
fn verifying(case: &Value, got: Result<Value>) -> Outcome {
    let out = &case["output"];
    let reference_accepts = out.get("result").is_some_and(|r| !r.is_null());
    match (reference_accepts, got) {
        (false, Err(_)) => Outcome::Pass,
        (false, Ok(v)) => Outcome::Fail(format!("reference rejected, Aura accepted {v}")),
        (true, Ok(v)) if json_eq(&v, &out["result"]) => Outcome::Pass,
        (true, Ok(v)) => Outcome::Fail(format!("payload differs: {v}")),
        (true, Err(e)) if is_quirk(case) => Outcome::Strict(e.to_string()),
        (true, Err(e)) => Outcome::Fail(format!("reference accepted, Aura rejected: {e}")),
    }
}

fn size_input(v: &Value) -> SizeInput {
    match v {
        Value::String(t) => SizeInput::Text(t.clone()),
        other => SizeInput::Number(num(other).expect("size is a number")),
    }
}

fn opt_str(o: &Value, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(String::from)
}

fn client(c: &Value, dialect: Dialect) -> Result<AuraImage> {
    AuraImage::with_dialect(
        s(c, "secretKey"),
        c.get("projectName").and_then(Value::as_str).unwrap_or(""),
        c.get("serveSecret").and_then(Value::as_str),
        c.get("cdnUrl").and_then(Value::as_str),
        dialect,
    )
}

fn upload_options(o: &Value) -> UploadOptions {
    UploadOptions {
        max_size: o.get("maxSize").map(size_input),
        allowed_types: o.get("allowedTypes").map(|a| {
            a.as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect()
        }),
        expires_in: o
            .get("expiresIn")
            .map(|v| num(v).expect("expiresIn number")),
        project_name: opt_str(o, "projectName"),
        visibility: opt_str(o, "visibility"),
        name: opt_str(o, "name"),
        overwrite: o.get("overwrite").and_then(Value::as_bool),
    }
}

fn parse_size_case(case: &Value) -> Outcome {
    let input = size_input(&case["input"]["value"]);
    let out = &case["output"];
    let js = parse_size_js(&input);
    let want = num(&out["value"]).unwrap();
    match js {
        Ok(v) if same_number(v, want) && number_to_string(v) == s(out, "js_string") => {}
        other => return Outcome::Fail(format!("parse_size_js gave {other:?}, want {want}")),
    }
    match parse_size(&input) {
        Ok(v) if v as f64 == want => Outcome::Pass,
        Ok(v) => Outcome::Fail(format!("typed parse_size gave {v}")),
        Err(AuraError::InvalidInput(m)) => Outcome::RejectedByRule(m),
        Err(e) => Outcome::Fail(e.to_string()),
    }
}

fn parse_size_error_case(case: &Value) -> Outcome {
    let input = size_input(&case["input"]["value"]);
    let want = s(&case["output"]["error"], "message");
    match (parse_size_js(&input), parse_size(&input)) {
        (Err(e), Err(_)) if e.message() == want => Outcome::Pass,
        (a, b) => Outcome::Fail(format!("want error {want:?}, got {a:?} / {b:?}")),
    }
}

fn upload_token_case(case: &Value, dialect: Dialect) -> Outcome {
    let i = &case["input"];
    let got = if s(i, "via") == "signUploadToken" {
        sign_upload_token(&i["payload"], s(i, "secret"))
    } else {
        let now = i["now_unix"].as_i64().unwrap();
        client(&i["constructor"], dialect).and_then(|c| {
            c.sign_upload(
                &upload_options(i.get("options").unwrap_or(&Value::Null)),
                now,
            )
        })
    };
    signing(&case["output"], got, "token")
}

fn signed_url_case(case: &Value, dialect: Dialect) -> Outcome {
    let i = &case["input"];
    let o = i.get("options").cloned().unwrap_or(Value::Null);
    let expires_in = match o.get("expiresIn") {
        None => None,
        Some(v) => match num(v) {
            Some(n) => Some(n),
            None => {
                return Outcome::NotApplicable(format!(
                    "expiresIn {v} is not a number (JS falls back to 3600)"
                ))
            }
        },
    };
    let now = i["now_unix"].as_i64().unwrap();
    let got = client(&i["constructor"], dialect).and_then(|c| {
        c.get_signed_url(
            s(i, "name"),
            expires_in,
            o.get("cdnUrl").and_then(Value::as_str),
            now,
        )
    });
    signing(&case["output"], got, "url")
}

fn query_version(o: &Value) -> Option<QueryVersion> {
    o.get("v").map(|v| match v {
        Value::String(t) => QueryVersion::Text(t.clone()),
        other => QueryVersion::Number(num(other).expect("v number")),
    })
}

/// JavaScript truthiness, for `lqip`.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(t)) => !t.is_empty(),
        Some(_) => true,
    }
}

fn build_serve_url_case(case: &Value, dialect: Dialect) -> Outcome {
    let o = &case["input"]["options"];
    let got = build_serve_url(&ServeUrlOptions {
        cdn_url: s(o, "cdnUrl").into(),
        project: s(o, "project").into(),
        name: s(o, "name").into(),
        width: o.get("width").map(|v| num(v).unwrap()),
        height: o.get("height").map(|v| num(v).unwrap()),
        fit: opt_str(o, "fit"),
        quality: o.get("quality").map(|v| num(v).unwrap()),
        format: opt_str(o, "format"),
        lqip: truthy(o.get("lqip")),
        v: query_version(o),
        dialect,
    });
    signing(&case["output"], got, "url")
}

fn build_blurhash_url_case(case: &Value, dialect: Dialect) -> Outcome {
    let o = &case["input"]["options"];
    let got = build_blurhash_url(&BlurhashUrlOptions {
        cdn_url: s(o, "cdnUrl").into(),
        project: s(o, "project").into(),
        name: s(o, "name").into(),
        v: query_version(o),
        dialect,
    });
    signing(&case["output"], got, "url")
}

fn set_visibility_case(case: &Value) -> Outcome {
    let i = &case["input"];
    let out = &case["output"];
    let now = i["now_unix"].as_i64().unwrap();
    let request = client(&i["constructor"], Dialect::Typed)
        .and_then(|c| c.set_visibility_request(s(i, "name"), s(i, "visibility"), now));
    let want_requests = out["requests"].as_array().unwrap();
    let request = match (request, want_requests.first()) {
        (Err(_), None) if out.get("error").is_some() => return Outcome::Pass,
        (Err(AuraError::InvalidInput(m)), Some(_)) => return Outcome::RejectedByRule(m),
        (Err(e), _) => return Outcome::Fail(format!("unexpected {e}")),
        (Ok(r), None) => return Outcome::Fail(format!("reference sent nothing, Aura built {r:?}")),
        (Ok(r), Some(w)) => (r, w),
    };
    let (r, w) = request;
    let headers: Vec<(String, String)> = w["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    if r.method != s(w, "method")
        || r.url != s(w, "url")
        || r.body != s(w, "body")
        || r.headers != headers
    {
        return Outcome::Fail(format!("request differs: {r:?} vs {w}"));
    }
    let mock = &i["mock_response"];
    let answer =
        parse_set_visibility_response(mock["status"].as_u64().unwrap() as u16, s(mock, "body"));
    match (out.get("result"), answer) {
        (Some(want), Ok(got)) => {
            let got_json = match got {
                Some(v) => serde_json::json!({ "visibility": v }),
                None => serde_json::json!({}),
            };
            if &got_json == want {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("result {got_json} want {want}"))
            }
        }
        (None, Err(e)) => {
            let want = s(&out["error"], "message");
            match &e {
                AuraError::RemoteError { message, .. } if message != want => {
                    Outcome::Fail(format!("message {message:?} want {want:?}"))
                }
                _ => Outcome::Pass,
            }
        }
        (w, g) => Outcome::Fail(format!("want {w:?}, got {g:?}")),
    }
}

fn verify_upload_case(case: &Value) -> Outcome {
    let i = &case["input"];
    let now = i["now_unix"].as_i64().unwrap();
    let token = s(i, "token");
    let calls = RefCell::new(Vec::<String>::new());
    let got = match s(i, "secret_mode") {
        "string" => verify_upload_token(token, &[s(i, "secret")], now),
        mode => verify_upload_token_with_resolver(
            token,
            |project| {
                calls.borrow_mut().push(project.to_string());
                Ok(if mode == "callback_string" {
                    vec![s(i, "secret").to_string()]
                } else {
                    i["secrets"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect()
                })
            },
            now,
        ),
    };
    let accepted = got.is_ok();
    let outcome = verifying(case, got);
    if let (Outcome::Pass, true, Some(want)) =
        (&outcome, accepted, case["output"].get("resolver_calls"))
    {
        let want: Vec<String> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        if *calls.borrow() != want {
            return Outcome::Fail(format!("resolver calls {:?} want {want:?}", calls.borrow()));
        }
    }
    outcome
}

fn verify_serve_case(case: &Value) -> Outcome {
    let i = &case["input"];
    verifying(
        case,
        verify_serve_token(
            s(i, "token"),
            &[s(i, "secret")],
            i["now_unix"].as_i64().unwrap(),
            None,
        ),
    )
}

fn main() {
    let file = load("auraimage.json");
    let mut tally = Tally::default();
    for case in file["cases"].as_array().unwrap() {
        let kind = s(case, "kind");
        let outcome = match kind {
            "parse_size" => parse_size_case(case),
            "parse_size_error" => parse_size_error_case(case),
            "upload_token" => upload_token_case(case, Dialect::Typed),
            "serve_token" => signing(
                &case["output"],
                sign_serve_token(&case["input"]["payload"], s(&case["input"], "secret")),
                "token",
            ),
            "signed_url" => signed_url_case(case, Dialect::Typed),
            "build_serve_url" => build_serve_url_case(case, Dialect::Typed),
            "build_blurhash_url" => build_blurhash_url_case(case, Dialect::Typed),
            "set_visibility_request" => set_visibility_case(case),
            "verify_upload" => verify_upload_case(case),
            "verify_serve" => verify_serve_case(case),
            "upload_from_url" => continue, // HTTP: aura-client's vector test
            other => panic!("unknown kind {other}"),
        };
        tally.record(kind, s(case, "id"), outcome);
        // The Node drop-in's dialect: the reference bytes on every case, no rejections.
        let js = match kind {
            "upload_token" => Some(upload_token_case(case, Dialect::JsCompat)),
            "signed_url" => Some(signed_url_case(case, Dialect::JsCompat)),
            "build_serve_url" => Some(build_serve_url_case(case, Dialect::JsCompat)),
            "build_blurhash_url" => Some(build_blurhash_url_case(case, Dialect::JsCompat)),
            _ => None,
        };
        match js {
            Some(Outcome::RejectedByRule(r)) => tally.record(
                &format!("{kind} (js-compat)"),
                s(case, "id"),
                Outcome::Fail(format!("js-compat must not reject: {r}")),
            ),
            Some(o) => tally.record(&format!("{kind} (js-compat)"), s(case, "id"), o),
            None => {}
        }
    }
    tally.finish("auraimage.json");
}
