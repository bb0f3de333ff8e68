//! Every case of `tests/vectors/cloudflare-stream.json`.

mod common;

use aura_core::stream::*;
use aura_core::AuraError;
use common::{load, s, Outcome, Tally};
use serde_json::Value;
use std::collections::HashMap;

struct Keys<'a> {
    by_name: HashMap<&'a str, &'a Value>,
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

    fn format(&self, name: &str, format: &str) -> &'a str {
        s(&self.by_name[name]["formats"], format)
    }

    fn id(&self, name: &str) -> &'a str {
        s(self.by_name[name], "id")
    }

    fn signer(&self, name: &str, format: &str, kid: &str, style: StreamStyle) -> StreamSigner {
        let key = StreamKey::from_any(self.format(name, format), None).expect("vector key parses");
        StreamSigner::new(key, Some(kid), style).unwrap()
    }
}

/// `"1h"`, `"30m"`, `3600` (each producer's own option format) → seconds.
fn seconds(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap(),
        Value::String(t) => {
            let (n, unit) = t.split_at(t.len() - 1);
            let n: i64 = n.parse().unwrap();
            match unit {
                "s" => n,
                "m" => n * 60,
                "h" => n * 3600,
                "d" => n * 86400,
                _ => panic!("unit {unit}"),
            }
        }
        _ => panic!("duration {v}"),
    }
}

fn compare(id: &str, got: Result<String, AuraError>, want: &str) -> Outcome {
    match got {
        Ok(t) if t == want => Outcome::Pass,
        Ok(t) => Outcome::Fail(format!("{id}: token differs\n  got  {t}\n  want {want}")),
        Err(e) => Outcome::Fail(format!("{id}: {e}")),
    }
}

fn sign_case(keys: &Keys<'_>, case: &Value) -> Outcome {
    let i = &case["input"];
    let claims = &i["claims"];
    let style = match s(case, "style") {
        "cf_docs" => StreamStyle::Cloudflare,
        "jsonwebtoken_keyid" => StreamStyle::Jsonwebtoken,
        other => panic!("style {other}"),
    };
    let signer = keys.signer(
        s(i, "key_name"),
        s(i, "key_format_used"),
        s(i, "key_id"),
        style,
    );
    let now = i["now_unix"].as_i64().unwrap();
    let rules = match claims.get("accessRules") {
        Some(r) => match AccessRule::list_from_json(r) {
            Ok(r) => Some(r),
            Err(e) => return Outcome::Fail(format!("rules rejected: {e}")),
        },
        None => None,
    };
    let mut options = StreamTokenOptions {
        expires_in: Some(claims["exp"].as_i64().unwrap() - now),
        not_before: claims.get("nbf").and_then(Value::as_i64),
        access_rules: rules,
        downloadable: claims.get("downloadable").and_then(Value::as_bool),
        allow_long_lifetime: false,
    };
    let want = s(&case["output"], "token");
    match signer.sign(s(claims, "sub"), &options, now) {
        Err(AuraError::LifetimeTooLong { seconds }) => {
            // Above 24 h: refused by default, the reference bytes with the opt-in.
            options.allow_long_lifetime = true;
            match compare(s(case, "id"), signer.sign(s(claims, "sub"), &options, now), want) {
                Outcome::Pass => Outcome::RejectedByRule(format!("lifetime {seconds}s > 24h refused by default; bytes match with allow_long_lifetime")),
                other => other,
            }
        }
        got => compare(s(case, "id"), got, want),
    }
}

fn seed003_case(keys: &Keys<'_>, case: &Value) -> Outcome {
    let i = &case["input"];
    let now = i["now_unix"].as_i64().unwrap();
    let (style, format, lifetime) = match s(case, "style") {
        "seed003_node_jsonwebtoken" => (
            StreamStyle::JsonwebtokenClaimsKid,
            "cf_pem_b64",
            seconds(&i["expiresIn"]),
        ),
        "seed003_go_jose_v2" => (StreamStyle::GoJose, "pkcs1_pem", seconds(&i["expires_in"])),
        other => panic!("style {other}"),
    };
    let signer = keys.signer(s(i, "key_name"), format, s(i, "key_id"), style);
    let options = StreamTokenOptions {
        expires_in: Some(lifetime),
        not_before: i.get("nbf").and_then(Value::as_i64),
        ..Default::default()
    };
    compare(
        s(case, "id"),
        signer.sign(s(i, "video_id"), &options, now),
        s(&case["output"], "token"),
    )
}

/// The docs Worker's fixed rules (part of its source, so part of the input).
const WORKER_RULES: &str = r#"[{"type":"ip.geoip.country","action":"allow","country":["GB"]},{"type":"any","action":"block"}]"#;

fn worker_case(keys: &Keys<'_>, case: &Value) -> Outcome {
    let i = &case["input"];
    let signer = keys.signer(
        s(i, "key_name"),
        "cf_jwk_b64",
        s(i, "key_id"),
        StreamStyle::Cloudflare,
    );
    let options = StreamTokenOptions {
        expires_in: Some(i["expires_in"].as_i64().unwrap()),
        access_rules: Some(
            AccessRule::list_from_json(&serde_json::from_str(WORKER_RULES).unwrap()).unwrap(),
        ),
        ..Default::default()
    };
    compare(
        s(case, "id"),
        signer.sign(s(i, "video_id"), &options, i["now_unix"].as_i64().unwrap()),
        s(&case["output"], "token"),
    )
}

fn verify_case(keys: &Keys<'_>, case: &Value) -> Outcome {
    let i = &case["input"];
    let trusted: Vec<StreamPublicKey> = i["trusted_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let n = n.as_str().unwrap();
            StreamPublicKey::from_any(keys.format(n, "public_spki_pem"), Some(keys.id(n))).unwrap()
        })
        .collect();
    let verifier = StreamVerifier::new(trusted).unwrap();
    let mut options = StreamVerifyOptions::new(
        VideoIdCheck::Exact(s(i, "video_id")),
        i["now_unix"].as_i64().unwrap(),
    );
    options.purpose = Purpose::parse(s(i, "purpose")).unwrap();
    let got = verifier.verify(s(i, "token"), &options);
    let expected = &case["expected"];
    match (expected["valid"].as_bool().unwrap(), got) {
        (true, Ok(_)) => Outcome::Pass,
        (true, Err(e)) => Outcome::Fail(format!("reference accepts, Aura rejected: {e}")),
        (false, Ok(c)) => Outcome::Fail(format!("reference rejects, Aura accepted {c:?}")),
        (false, Err(e)) => {
            let ok: Vec<&str> = expected["acceptable_reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            if ok.contains(&e.code()) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("code {} not in {ok:?}", e.code()))
            }
        }
    }
}

fn rules_case(case: &Value) -> Outcome {
    let i = &case["input"];
    let rules = match AccessRule::list_from_json(&i["accessRules"]) {
        Ok(r) => r,
        Err(e) => return Outcome::Fail(format!("rules rejected: {e}")),
    };
    let ip = s(&i["viewer"], "ip").parse().unwrap();
    let (decision, index) =
        evaluate_access_rules(&rules, Some(ip), Some(s(&i["viewer"], "country")));
    let want_decision = match s(&case["expected"], "decision") {
        "allow" => Decision::Allow,
        _ => Decision::Block,
    };
    let want_index = case["expected"]["matched_rule"]
        .as_u64()
        .map(|n| n as usize);
    if decision == want_decision && index == want_index {
        Outcome::Pass
    } else {
        Outcome::Fail(format!("got {decision:?} {index:?}"))
    }
}

fn key_parse_case(case: &Value) -> Outcome {
    let expected = &case["expected"];
    match (
        StreamKey::from_any(s(&case["input"], "key_text"), None),
        expected.get("error"),
    ) {
        (Ok(k), None) if k.modulus_sha256() == s(expected, "modulus_sha256") => Outcome::Pass,
        (Ok(k), None) => Outcome::Fail(format!("modulus {}", k.modulus_sha256())),
        (Err(e), Some(code)) if e.code() == code.as_str().unwrap() => Outcome::Pass,
        (got, _) => Outcome::Fail(format!("got {got:?}, want {expected}")),
    }
}

fn main() {
    let file = load("cloudflare-stream.json");
    let keys = Keys::new(&file);
    let mut tally = Tally::default();
    for key in file["keys"].as_array().unwrap() {
        // Every format of every key: same modulus fingerprint; kid from the JWK.
        for (format, text) in key["formats"].as_object().unwrap() {
            let text = text.as_str().unwrap();
            let outcome = if format.starts_with("public") {
                match (
                    StreamKey::from_any(text, None),
                    StreamPublicKey::from_any(text, None),
                ) {
                    (Err(AuraError::NotAPrivateKey), Ok(p))
                        if p.modulus_sha256() == s(key, "modulus_sha256") =>
                    {
                        Outcome::Pass
                    }
                    other => Outcome::Fail(format!("{other:?}")),
                }
            } else {
                match StreamKey::from_any(text, None) {
                    Ok(k)
                        if k.modulus_sha256() == s(key, "modulus_sha256")
                            && (!format.contains("jwk") || k.key_id() == Some(s(key, "id"))) =>
                    {
                        Outcome::Pass
                    }
                    other => Outcome::Fail(format!("{other:?}")),
                }
            };
            tally.record(
                "key_formats",
                &format!("{}/{format}", s(key, "name")),
                outcome,
            );
        }
    }
    for case in file["sign_cases"].as_array().unwrap() {
        tally.record("sign_cases", s(case, "id"), sign_case(&keys, case));
    }
    for case in file["seed003_cases"].as_array().unwrap() {
        tally.record("seed003_cases", s(case, "id"), seed003_case(&keys, case));
    }
    for case in file["worker_cases"].as_array().unwrap() {
        tally.record("worker_cases", s(case, "id"), worker_case(&keys, case));
    }
    for case in file["verify_cases"].as_array().unwrap() {
        tally.record("verify_cases", s(case, "id"), verify_case(&keys, case));
    }
    for case in file["access_rule_cases"].as_array().unwrap() {
        tally.record("access_rule_cases", s(case, "id"), rules_case(case));
    }
    for case in file["key_parse_cases"].as_array().unwrap() {
        tally.record("key_parse_cases", s(case, "id"), key_parse_case(case));
    }
    tally.finish("cloudflare-stream.json");
}
