//! The Rust core's runner for the cross-language conformance run
//! (`tests/conformance/run.sh`): reads the inputs `tests/conformance/cases.py`
//! wrote, writes `{id: {"ok": text} | {"error": code}}`.
//!
//! ```text
//! cargo run --release -p aura-core --example conformance -- IN.json OUT.json
//! ```

use std::collections::BTreeMap;

use aura_core::auraimage::{sign_serve_token, AuraImage};
use aura_core::images::{ImagesMode, ImagesSigner};
use aura_core::Result;
use serde_json::{json, Value};

/// A number as the vector files write it: JSON, or `{"$num": "NaN"}` & co.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Null => None,
        Value::Object(o) => Some(match o["$num"].as_str().unwrap() {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            "-0" => -0.0,
            other => panic!("unknown $num {other}"),
        }),
        v => v.as_f64(),
    }
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn run(c: &Value) -> Result<String> {
    let now = c["now"].as_i64().unwrap_or(0);
    match c["op"].as_str().unwrap() {
        "images_url" => Ok(ImagesSigner::new(text(&c["key"]).unwrap())?
            .sign(
                text(&c["url"]).unwrap(),
                c["expires_in"].as_i64().unwrap(),
                now,
                ImagesMode::Worker,
            )?
            .url),
        "signed_url" => AuraImage::new(
            text(&c["secret_key"]).unwrap_or(""),
            text(&c["project"]).unwrap_or(""),
            text(&c["serve_secret"]),
            text(&c["cdn_url"]),
        )?
        .get_signed_url(
            text(&c["name"]).unwrap(),
            number(&c["expires_in"]),
            text(&c["cdn_url_override"]),
            now,
        ),
        "serve_token" => {
            let payload: Value = serde_json::from_str(text(&c["payload_json"]).unwrap()).unwrap();
            sign_serve_token(&payload, text(&c["secret"]).unwrap())
        }
        other => panic!("unknown op {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input: Value = serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for c in input["cases"].as_array().unwrap() {
        let result = match run(c) {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "error": e.code() }),
        };
        out.insert(c["id"].as_str().unwrap().to_string(), result);
    }
    std::fs::write(&args[2], serde_json::to_string(&out).unwrap()).unwrap();
}
