//! Every case of `tests/vectors/mux.json` (@mux/mux-node 15.3.0).

mod common;

use aura_core::encoding::b64_std;
use aura_core::mux::*;
use aura_core::AuraError;
use common::{load, s, Outcome, Tally};
use serde_json::{Map, Value};
use std::collections::HashMap;

struct Keys<'a> {
    by_name: HashMap<&'a str, &'a Value>,
}

/// What the case hands the SDK as key material, as text, or why it cannot
/// be expressed through a text API.
enum KeyInput {
    Text(String),
    NotApplicable(&'static str),
    /// A WebCrypto key imported as RSASSA/SHA-512 (signs SHA-512 under RS256).
    Sha512CryptoKey,
}

impl<'a> Keys<'a> {
    fn new(file: &'a Value) -> Self {
        let by_name = file["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| (s(k, "name"), k))
            .collect();
        Keys { by_name }
    }

    fn field(&self, name: &str, field: &str) -> String {
        s(self.by_name[name], field).to_string()
    }

    fn input(&self, key: &Value) -> KeyInput {
        if key.is_null() {
            return KeyInput::Text(String::new());
        }
        let form = s(key, "form");
        if form == "literal" {
            return KeyInput::Text(s(key, "value").to_string());
        }
        let name = s(key, "name");
        let text = match form {
            "pkcs1_pem"
            | "pkcs8_pem"
            | "base64_pkcs1_pem"
            | "base64_pkcs8_pem"
            | "public_spki_pem"
            | "sec1_pem"
            | "encrypted_pkcs8_pem" => self.field(name, form),
            "pkcs1_pem_crlf" => self.field(name, "pkcs1_pem").replace('\n', "\r\n"),
            "pkcs8_pem_crlf" => self.field(name, "pkcs8_pem").replace('\n', "\r\n"),
            "pkcs1_pem_padded" => format!("\n  {}\n\n", self.field(name, "pkcs1_pem")),
            "pkcs8_pem_no_newlines" => self.field(name, "pkcs8_pem").replace('\n', ""),
            "base64_pkcs1_pem_wrapped" => {
                let b = b64_std(self.field(name, "pkcs1_pem").as_bytes());
                b.as_bytes()
                    .chunks(76)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            "base64_sec1_pem" => b64_std(self.field(name, "sec1_pem").as_bytes()),
            // A CryptoKey imported from the PKCS#8 DER is what a parsed
            // MuxSigningKey is: run it from the same PKCS#8 text.
            "cryptokey_pkcs8" => self.field(name, "pkcs8_pem"),
            "cryptokey_pkcs8_sha512" => return KeyInput::Sha512CryptoKey,
            "cryptokey_hmac" => {
                return KeyInput::NotApplicable(
                    "an HMAC CryptoKey: no HMAC key can be a MuxSigningKey (the type is RSA)",
                )
            }
            "uint8array_pkcs1_der" => {
                return KeyInput::NotApplicable(
                    "a Uint8Array key: the Rust API takes key text; mux-node also refuses it",
                )
            }
            other => panic!("key form {other}"),
        };
        KeyInput::Text(text)
    }

    fn public(&self, name: &str, kid: &str) -> MuxPublicKey {
        MuxPublicKey::from_any(&self.field(name, "public_spki_pem"), kid).unwrap()
    }
}

fn options(config: &Value) -> MuxTokenOptions {
    let expiration = match config.get("expiration") {
        None => None,
        Some(Value::String(t)) => Some(Expiration::Span(t.clone())),
        Some(Value::Number(n)) => Some(Expiration::Seconds(n.as_f64().unwrap())),
        Some(other) => panic!("expiration {other}"),
    };
    let params = match config.get("params") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(other) => panic!("params {other}"),
    };
    MuxTokenOptions { expiration, params }
}

/// The `kid`: `config.keyId`, else the case's key id unless none is given.
fn key_id(i: &Value) -> String {
    if let Some(k) = i["config"].get("keyId").and_then(Value::as_str) {
        return k.to_string();
    }
    if s(i, "key_id_via") == "none" {
        return String::new();
    }
    s(i, "key_id").to_string()
}

/// Multi-type entries: a name or a `[name, params]` tuple.
fn multi_types(list: &[Value]) -> Result<Vec<MultiType>, AuraError> {
    list.iter()
        .map(|e| match e {
            Value::String(t) => Ok((PlaybackType::parse(t)?, None)),
            Value::Array(pair) => Ok((
                PlaybackType::parse(pair[0].as_str().unwrap())?,
                Some(pair[1].as_object().unwrap().clone()),
            )),
            other => panic!("type entry {other}"),
        })
        .collect()
}

enum Signed {
    One(String),
    Many(MuxTokens),
}

fn run(case: &Value, key_text: &str) -> Result<Signed, AuraError> {
    let i = &case["input"];
    let config = &i["config"];
    let now = i["now_ms"].as_i64().unwrap().div_euclid(1000);
    let id = s(i, "id");
    let o = options(config);
    let ty = config.get("type").and_then(Value::as_str);
    let kind = s(case, "kind");
    // mux-node resolves the type before the keys; so does this order.
    if kind.starts_with("signPlaybackId.multi") {
        let types = multi_types(config["type"].as_array().unwrap())?;
        let signer = MuxSigner::from_key_text(&key_id(i), key_text)?;
        return signer
            .sign_playback_ids(id, &types, &o, now)
            .map(Signed::Many);
    }
    match kind {
        "signPlaybackId" | "signDrmLicense" => {
            let default = if kind == "signDrmLicense" {
                PlaybackType::DrmLicense
            } else {
                PlaybackType::Video
            };
            let t = ty.map(PlaybackType::parse).transpose()?.unwrap_or(default);
            let signer = MuxSigner::from_key_text(&key_id(i), key_text)?;
            if kind == "signDrmLicense" && t == PlaybackType::DrmLicense {
                signer.sign_drm_license(id, &o, now).map(Signed::One)
            } else {
                signer.sign_playback_id(id, t, &o, now).map(Signed::One)
            }
        }
        "signViewerCounts" => {
            let t = ty
                .map(ViewerCountType::parse)
                .transpose()?
                .unwrap_or(ViewerCountType::Video);
            let signer = MuxSigner::from_key_text(&key_id(i), key_text)?;
            signer.sign_viewer_counts(id, t, &o, now).map(Signed::One)
        }
        other => panic!("kind {other}"),
    }
}

/// Error codes that stand for the reference's error (by its message).
fn expected_codes(case: &Value) -> &'static [&'static str] {
    let msg = s(&case["error"], "message");
    if msg.starts_with("Invalid signature type")
        || msg.starts_with("Invalid time span")
        || msg.starts_with("Signing key required")
    {
        &["invalid_input"]
    } else if msg.starts_with("Private key required") || msg.starts_with("Specified signing key") {
        &["invalid_key"]
    } else if msg == "Invalid keyData" || msg == "Invalid key type" {
        &["invalid_key", "not_a_private_key", "unsupported_key_type"]
    } else {
        panic!("unmapped reference error {msg}")
    }
}

/// Why a case the reference signs is refused by rule, if it is one of them.
fn rule_for(case: &Value) -> Option<&'static str> {
    let tags: Vec<&str> = case["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if tags.contains(&"prototype_type_quirk") {
        Some("type is an Object.prototype member: mux-node signs without aud (or aud {}); Aura: invalid_input")
    } else if s(&case["input"], "id").is_empty() {
        Some("empty playback id: mux-node silently drops sub; Aura: invalid_input")
    } else {
        None
    }
}

/// The reference token must also pass Aura's verifier (or be refused as
/// expired when the reference made it so).
fn verify_one(keys: &Keys<'_>, case: &Value, token: &str, aud: MuxAudience) -> Result<(), String> {
    let i = &case["input"];
    let Some(name) = i["key"].get("name").and_then(Value::as_str) else {
        return Ok(());
    };
    let verifier = MuxVerifier::new(vec![keys.public(name, &key_id(i))]).unwrap();
    let now = i["now_ms"].as_i64().unwrap().div_euclid(1000);
    let o = MuxVerifyOptions::new(aud, s(i, "id"), now);
    let claims: Value = {
        let part = token.split('.').nth(1).unwrap();
        let bytes = aura_core::encoding::b64url_decode_strict(part).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    let expired = claims["exp"].as_f64().unwrap() <= now as f64;
    match (verifier.verify(token, &o), expired) {
        (Ok(_), false) => Ok(()),
        (Err(AuraError::Expired), true) => Ok(()),
        (got, _) => Err(format!("verifier: {got:?} (expired {expired})")),
    }
}

fn playback_audience(case: &Value) -> MuxAudience {
    let config = &case["input"]["config"];
    let ty = config.get("type").and_then(Value::as_str);
    match s(case, "kind") {
        "signViewerCounts" => MuxAudience::ViewerCounts(ty.map_or(ViewerCountType::Video, |t| {
            ViewerCountType::parse(t).unwrap()
        })),
        "signDrmLicense" => MuxAudience::Playback(ty.map_or(PlaybackType::DrmLicense, |t| {
            PlaybackType::parse(t).unwrap()
        })),
        _ => MuxAudience::Playback(
            ty.map_or(PlaybackType::Video, |t| PlaybackType::parse(t).unwrap()),
        ),
    }
}

fn case_outcome(keys: &Keys<'_>, case: &Value) -> Outcome {
    let i = &case["input"];
    if i.get("key_file_path").is_some_and(|v| !v.is_null()) {
        return Outcome::NotApplicable(
            "keyFilePath: the core does no I/O (mux-node 15.3.0 also refuses it)".into(),
        );
    }
    let key_text = match keys.input(&i["key"]) {
        KeyInput::Text(t) => t,
        KeyInput::NotApplicable(why) => return Outcome::NotApplicable(why.into()),
        KeyInput::Sha512CryptoKey => {
            // The reference token carries RS256 but a SHA-512 signature.
            let token = s(&case["output"], "token");
            let verifier =
                MuxVerifier::new(vec![keys.public(s(&i["key"], "name"), &key_id(i))]).unwrap();
            let now = i["now_ms"].as_i64().unwrap() / 1000;
            let o = MuxVerifyOptions::new(playback_audience(case), s(i, "id"), now);
            return match verifier.verify(token, &o) {
                Err(AuraError::BadSignature) => Outcome::Strict(
                    "a SHA-512 CryptoKey signs under an RS256 header (token does not verify); Aura keys are RS256 only, and its verifier refuses this token (bad_signature)".into(),
                ),
                other => Outcome::Fail(format!("sha512 token: {other:?}")),
            };
        }
    };
    let got = run(case, &key_text);
    if let Some(err) = case.get("error") {
        let codes = expected_codes(case);
        return match got {
            Err(e) if codes.contains(&e.code()) => Outcome::Pass,
            Err(e) => Outcome::Fail(format!("reference {err}; Aura {e} (want {codes:?})")),
            Ok(_) => Outcome::Fail(format!("reference {err}; Aura signed")),
        };
    }
    let out = &case["output"];
    if let Some(rule) = rule_for(case) {
        return match got {
            Err(e) if e.code() == "invalid_input" => Outcome::RejectedByRule(rule.into()),
            other => Outcome::Fail(format!(
                "expected invalid_input by rule, got {:?}",
                other.map(|_| ())
            )),
        };
    }
    match got {
        Err(e) => Outcome::Fail(format!("Aura refused: {e}")),
        Ok(Signed::One(t)) => {
            let want = s(out, "token");
            if t != want {
                return Outcome::Fail(format!("token differs\n  got  {t}\n  want {want}"));
            }
            match verify_one(keys, case, &t, playback_audience(case)) {
                Ok(()) => Outcome::Pass,
                Err(e) => Outcome::Fail(e),
            }
        }
        Ok(Signed::Many(tokens)) => {
            let want_names: Vec<&str> = out["token_names"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            if tokens.names() != want_names {
                return Outcome::Fail(format!("names {:?} != {want_names:?}", tokens.names()));
            }
            for (name, token) in &tokens.0 {
                let want = s(&out["tokens"][*name], "token");
                if token != want {
                    return Outcome::Fail(format!("{name} differs\n  got  {token}\n  want {want}"));
                }
                let ty = PlaybackType::ALL
                    .into_iter()
                    .find(|t| t.token_name() == *name)
                    .unwrap();
                if let Err(e) = verify_one(keys, case, token, MuxAudience::Playback(ty)) {
                    return Outcome::Fail(format!("{name}: {e}"));
                }
            }
            Outcome::Pass
        }
    }
}

fn main() {
    common::check_provenance("mux.json");
    let file = load("mux.json");
    let keys = Keys::new(&file);
    let mut tally = Tally::default();
    for case in file["cases"].as_array().unwrap() {
        let mut kind = s(case, "kind").to_string();
        if case.get("error").is_some() {
            kind.push_str(".error");
        }
        tally.record(&kind, s(case, "id"), case_outcome(&keys, case));
    }
    tally.finish("mux.json");
}
