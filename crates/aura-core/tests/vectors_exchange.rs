//! The HTTP cases of `tests/vectors/auraimage.json` (`set_visibility_request`,
//! `upload_from_url`) through [`Exchange`] and a recording transport that
//! answers with the vector's mock responses, as the reference generator ran
//! the SDK against a mocked `fetch`. Every request is compared with the one
//! the SDK sent; every result or error with the SDK's.

mod common;

use aura_core::auraimage::{AuraImage, SizeInput, UploadFromUrlOptions};
use aura_core::encoding::b64url_decode_strict as b64url_decode;
use aura_core::exchange::{Answer, Exchange, Failure, Step};
use aura_core::http::Request;
use aura_core::AuraError;
use common::{json_eq, load, s, Outcome, Tally};
use serde_json::{json, Value};

const BOUNDARY: &str = "aura-vector-boundary";

/// What the transport answers, in order.
enum Reply {
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Throws(String),
}

fn reply(v: &Value) -> Option<Reply> {
    if v.is_null() {
        return None;
    }
    if let Some(msg) = v.get("throws") {
        return Some(Reply::Throws(msg.as_str().unwrap().to_string()));
    }
    let headers = v
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let body = match (v.get("body"), v.get("body_bytes")) {
        (Some(b), _) => b.as_str().unwrap().as_bytes().to_vec(),
        (None, Some(n)) => vec![0xA5; n.as_u64().unwrap() as usize],
        (None, None) => Vec::new(),
    };
    Some(Reply::Answer {
        status: v["status"].as_u64().unwrap() as u16,
        headers,
        body,
    })
}

/// Drives `ex` the way every host does, answering from `replies` and
/// recording each request sent.
fn drive(
    mut ex: Exchange,
    mut replies: Vec<Reply>,
    now: i64,
) -> (Vec<Request>, Result<Answer, AuraError>) {
    replies.reverse();
    let mut sent = Vec::new();
    let mut step = ex.start();
    loop {
        let out = match step {
            Step::Done(answer) => return (sent, Ok(answer)),
            Step::Send(out) => out,
        };
        sent.push(out.request.clone());
        let next = match replies.pop() {
            None => panic!("the reference sent no request {}", out.request.url),
            Some(Reply::Throws(msg)) => ex.fail(Failure::Lost, &msg, now, 0.0),
            Some(Reply::Answer {
                status,
                headers,
                body,
            }) => ex.receive(status, &headers, &body, now, 0.0),
        };
        step = match next {
            Ok(step) => step,
            Err(e) => return (sent, Err(e)),
        };
    }
}

fn aura(c: &Value) -> Result<AuraImage, AuraError> {
    AuraImage::new(
        s(c, "secretKey"),
        c.get("projectName").and_then(Value::as_str).unwrap_or(""),
        None,
        c.get("cdnUrl").and_then(Value::as_str),
    )
}

/// One part of a multipart body: (field name, filename, content type, size).
fn parts(req: &Request) -> Vec<(String, Option<String>, Option<String>, usize)> {
    let ct = req.header_value("Content-Type").unwrap_or("");
    let boundary = ct.split("boundary=").nth(1).expect("a multipart boundary");
    let delim = format!("--{boundary}");
    let body = &req.body;
    let mut out = Vec::new();
    let mut positions = Vec::new();
    let mut i = 0;
    while let Some(p) = find(&body[i..], delim.as_bytes()) {
        positions.push(i + p);
        i += p + delim.len();
    }
    for w in positions.windows(2) {
        let part = &body[w[0] + delim.len() + 2..w[1] - 2];
        let split = find(part, b"\r\n\r\n").expect("part headers end");
        let head = String::from_utf8(part[..split].to_vec()).unwrap();
        let data_len = part.len() - split - 4;
        let disposition = head
            .lines()
            .find(|l| l.starts_with("Content-Disposition"))
            .unwrap();
        let field = |key: &str| {
            disposition
                .split("; ")
                .find_map(|kv| kv.strip_prefix(&format!("{key}=\"")))
                .map(|v| v.trim_end_matches('"').to_string())
        };
        let part_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .map(str::to_string);
        out.push((
            field("name").unwrap(),
            field("filename"),
            part_type,
            data_len,
        ));
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn headers_of(w: &Value) -> Vec<(String, String)> {
    w.get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Our request against the SDK's recorded one.
fn same_request(got: &Request, want: &Value) -> Result<(), String> {
    if got.method.as_str() != s(want, "method") || got.url != s(want, "url") {
        return Err(format!(
            "{} {} want {} {}",
            got.method.as_str(),
            got.url,
            want["method"],
            want["url"]
        ));
    }
    for (k, v) in headers_of(want) {
        if got.header_value(&k) != Some(v.as_str()) {
            return Err(format!("header {k}: {:?} want {v:?}", got.header_value(&k)));
        }
    }
    if let Some(body) = want.get("body") {
        if got.body != body.as_str().unwrap().as_bytes() {
            return Err(format!(
                "body {:?} want {body}",
                String::from_utf8_lossy(&got.body)
            ));
        }
    }
    if let Some(fields) = want.get("form_fields") {
        let parts = parts(got);
        let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        let want_names: Vec<&str> = fields
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        if names != want_names {
            return Err(format!("form fields {names:?} want {want_names:?}"));
        }
        let f = &want["file"];
        let (_, filename, part_type, size) = &parts[0];
        if filename.as_deref() != Some(s(f, "name"))
            || part_type.as_deref() != Some(s(f, "type"))
            || *size as u64 != f["size"].as_u64().unwrap()
        {
            return Err(format!("file part {:?} want {f}", parts[0]));
        }
    }
    if let Some(payload) = want.get("token_payload_json") {
        let token = got.header_value("X-Aura-Signature").unwrap_or("");
        let encoded = token.split('.').next().unwrap();
        let decoded = String::from_utf8(b64url_decode(encoded).unwrap()).unwrap();
        if decoded != payload.as_str().unwrap() {
            return Err(format!("token payload {decoded} want {payload}"));
        }
    }
    Ok(())
}

fn result_json(answer: Answer) -> Value {
    match answer {
        Answer::Visibility(Some(v)) => json!({ "visibility": v }),
        Answer::Visibility(None) => json!({}),
        Answer::Uploaded(v) => v,
        other => panic!("unexpected answer {other:?}"),
    }
}

fn same_error(got: &AuraError, want: &Value) -> Result<(), String> {
    let message = s(want, "message");
    match got {
        AuraError::UploadFromUrl {
            kind,
            url,
            status,
            message: m,
        } => {
            let same = want["class"] == "UploadFromUrlError"
                && kind.as_str() == s(want, "kind")
                && url == s(want, "url")
                && status.map(u64::from) == want.get("status").and_then(Value::as_u64)
                && m == message;
            same.then_some(())
                .ok_or_else(|| format!("{got:?} want {want}"))
        }
        // setVisibility's plain `Error`s: the SDK's message in ours.
        AuraError::RemoteError { message: m, .. } | AuraError::InvalidInput(m) if m == message => {
            Ok(())
        }
        // A 2xx that is not JSON: the SDK lets JSON.parse's SyntaxError out.
        AuraError::InvalidResponse(_) if want["class"] == "SyntaxError" => Ok(()),
        other => Err(format!("{other:?} want {want}")),
    }
}

fn options(o: Option<&Value>) -> UploadFromUrlOptions {
    let Some(o) = o else {
        return UploadFromUrlOptions::default();
    };
    UploadFromUrlOptions {
        name: o.get("name").and_then(Value::as_str).map(str::to_string),
        max_size: o.get("maxSize").map(|m| match m {
            Value::String(t) => SizeInput::Text(t.clone()),
            n => SizeInput::Number(n.as_f64().unwrap()),
        }),
        visibility: o
            .get("visibility")
            .and_then(Value::as_str)
            .map(str::to_string),
        overwrite: o.get("overwrite").and_then(Value::as_bool),
        timeout_ms: o.get("timeout").and_then(Value::as_f64),
    }
}

fn run_case(case: &Value) -> Outcome {
    let i = &case["input"];
    let out = &case["output"];
    let now = i["now_unix"].as_i64().unwrap();
    let built = aura(&i["constructor"]).and_then(|a| match s(case, "kind") {
        "set_visibility_request" => {
            Exchange::set_visibility(&a, s(i, "name"), s(i, "visibility"), now)
        }
        _ => Exchange::upload_from_url(&a, s(i, "url"), &options(i.get("options")), now, BOUNDARY),
    });
    let replies: Vec<Reply> = ["mock_response", "remote", "upload_response"]
        .iter()
        .filter_map(|k| i.get(*k).and_then(reply))
        .collect();
    let (sent, result) = match built {
        Ok(ex) => drive(ex, replies, now),
        Err(e) => (Vec::new(), Err(e)),
    };
    let want_requests = out["requests"].as_array().unwrap();
    if sent.len() != want_requests.len() {
        return Outcome::Fail(format!(
            "{} requests, the SDK sent {}",
            sent.len(),
            want_requests.len()
        ));
    }
    for (got, want) in sent.iter().zip(want_requests) {
        if let Err(why) = same_request(got, want) {
            return Outcome::Fail(why);
        }
    }
    match (out.get("result"), result) {
        (Some(want), Ok(answer)) => {
            let got = result_json(answer);
            if json_eq(&got, want) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("result {got} want {want}"))
            }
        }
        (None, Err(e)) => match same_error(&e, &out["error"]) {
            Ok(()) => Outcome::Pass,
            Err(why) => Outcome::Fail(why),
        },
        (want, got) => Outcome::Fail(format!("want {want:?}, got {got:?}")),
    }
}

fn main() {
    let file = load("auraimage.json");
    let mut tally = Tally::default();
    for case in file["cases"].as_array().unwrap() {
        let kind = s(case, "kind");
        if matches!(kind, "set_visibility_request" | "upload_from_url") {
            tally.record(kind, s(case, "id"), run_case(case));
        }
    }
    tally.finish("auraimage.json (HTTP cases, recording transport)");
}
