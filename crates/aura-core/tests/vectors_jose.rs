//! The standards' own JWS examples (`tests/vectors/jose/`): RFC 7515
//! Appendix A, RFC 7520 §4 (the JOSE cookbook, with its §3 keys) and RFC 8037
//! Appendix A.4 (Ed25519). Deterministic signatures (HS256, RS256, EdDSA) are
//! re-signed from the JWK byte for byte; every example of a supported
//! algorithm verifies; every altered character of a token is refused;
//! algorithms Aura lacks are `alg_not_allowed`.

mod common;

use aura_core::encoding::b64url_decode_strict;
use aura_core::jws::{sign_compact, verify_compact};
use aura_core::jwt::{Algorithm, JwtKey};
use aura_core::AuraError;
use common::{load, s};
use serde_json::Value;

const ALL: &[Algorithm] = &[
    Algorithm::HS256,
    Algorithm::RS256,
    Algorithm::ES256,
    Algorithm::EdDSA,
];
const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One signature to check: a compact token, the JWK, the payload it carries.
struct Case {
    id: String,
    alg: String,
    jwk: Option<Value>,
    /// `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`, or why none.
    token: Result<String, String>,
    payload: Vec<u8>,
    /// Whether the same inputs give the same signature.
    deterministic: bool,
    note: &'static str,
}

#[derive(Default)]
struct Row {
    resigned: &'static str,
    verified: &'static str,
    tampered: String,
    note: String,
    failures: Vec<String>,
}

fn rfc7515_cases(file: &Value) -> Vec<Case> {
    file["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Case {
            id: format!("RFC7515 {}", s(e, "id")),
            alg: s(e, "alg").into(),
            jwk: e.get("key").cloned(),
            token: Ok(s(e, "compact").into()),
            payload: s(e, "payload").as_bytes().to_vec(),
            deterministic: e["reproducible"] == true,
            note: "",
        })
        .collect()
}

/// A cookbook signature: its compact output, or the compact JWS of its
/// `sig-input` when only the JSON serialization is given (RFC 7515 §7.2:
/// the signature is computed as for the compact form).
fn cookbook_case(
    id: String,
    alg: &str,
    jwk: &Value,
    signing: &Value,
    compact: Option<&str>,
    payload: &[u8],
) -> Case {
    let deterministic = matches!(alg, "HS256" | "RS256" | "EdDSA");
    let (token, note) = match (compact, signing.get("protected_b64u")) {
        (Some(c), _) if c.contains("..") => (
            Ok(format!(
                "{}.{}.{}",
                s(signing, "protected_b64u"),
                s(signing, "sig-input").split('.').nth(1).unwrap(),
                s(signing, "sig")
            )),
            "detached content re-attached (RFC 7515 Appendix F)",
        ),
        (Some(c), _) => (Ok(c.to_string()), ""),
        (None, Some(_)) => (
            Ok(format!("{}.{}", s(signing, "sig-input"), s(signing, "sig"))),
            "JSON serialization only: checked as the compact JWS of its sig-input",
        ),
        (None, None) => (
            Err("no protected header: alg is unprotected, which the compact serialization cannot carry".into()),
            "",
        ),
    };
    Case {
        id,
        alg: alg.into(),
        jwk: Some(jwk.clone()),
        token,
        payload: payload.to_vec(),
        deterministic,
        note,
    }
}

fn cookbook_cases(name: &str, file: &Value) -> Vec<Case> {
    let id = format!(
        "RFC7520 {}",
        name.split('.').next().unwrap().replace('_', ".")
    );
    let id = if name.starts_with("curve25519") {
        "RFC8037 A.4".to_string()
    } else {
        id
    };
    let input = &file["input"];
    let payload = s(input, "payload").as_bytes();
    let compact = file["output"].get("compact").and_then(Value::as_str);
    match (&input["key"], &file["signing"]) {
        (Value::Array(keys), Value::Array(signings)) => signings
            .iter()
            .enumerate()
            .map(|(i, signing)| {
                let alg = input["alg"][i].as_str().unwrap();
                cookbook_case(format!("{id}[{i}]"), alg, &keys[i], signing, None, payload)
            })
            .collect(),
        (key, signing) => vec![cookbook_case(
            id,
            s(input, "alg"),
            key,
            signing,
            compact,
            payload,
        )],
    }
}

fn code<T>(r: &Result<T, AuraError>) -> &'static str {
    r.as_ref().err().map_or("ok", AuraError::code)
}

/// Every position replaced by another base64url character.
fn tampered(token: &str) -> impl Iterator<Item = String> + '_ {
    (0..token.len()).map(move |i| {
        let mut bytes = token.as_bytes().to_vec();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        debug_assert!(B64URL.contains(&bytes[i]));
        String::from_utf8(bytes).unwrap()
    })
}

fn run(case: &Case) -> Row {
    let mut row = Row {
        resigned: "-",
        verified: "-",
        tampered: "-".into(),
        note: case.note.into(),
        ..Row::default()
    };
    let token = match &case.token {
        Ok(t) => t.clone(),
        Err(reason) => {
            row.note = format!("n/a: {reason}");
            return row;
        }
    };
    let supported = Algorithm::parse(&case.alg).is_ok();
    let key = case.jwk.as_ref().map(|j| JwtKey::from_jwk(&j.to_string()));
    if !supported {
        // The token itself, with every key Aura can parse and every algorithm.
        let keys: Vec<JwtKey> = key.into_iter().filter_map(Result::ok).collect();
        let r = verify_compact(&token, &keys, ALL);
        row.verified = if code(&r) == "alg_not_allowed" {
            "refused"
        } else {
            "ACCEPTED"
        };
        if code(&r) != "alg_not_allowed" {
            row.failures.push(format!("{} gave {}", case.alg, code(&r)));
        }
        let header = b64url_decode_strict(token.split('.').next().unwrap()).unwrap();
        if let Some(k) = keys.first() {
            let r = sign_compact(&header, &case.payload, k);
            if code(&r) != "alg_not_allowed" {
                row.failures
                    .push(format!("signing {} gave {}", case.alg, code(&r)));
            }
        }
        row.note = format!("alg_not_allowed: Aura has no {}", case.alg);
        return row;
    }
    let key = match key {
        Some(Ok(k)) => k,
        Some(Err(e)) => {
            row.failures.push(format!("from_jwk: {e}"));
            return row;
        }
        None => unreachable!("supported examples have keys"),
    };
    // Verify, with the key and with every algorithm allowed.
    match verify_compact(&token, std::slice::from_ref(&key), ALL) {
        Ok((header, payload)) => {
            row.verified = "yes";
            if payload != case.payload {
                row.failures.push("payload differs".into());
            }
            if header.get("alg").and_then(Value::as_str) != Some(case.alg.as_str()) {
                row.failures.push("header alg differs".into());
            }
        }
        Err(e) => {
            row.verified = "NO";
            row.failures.push(format!("verify: {e}"));
        }
    }
    // Only the token's own algorithm may be allowed: the others refuse it.
    let others: Vec<Algorithm> = ALL
        .iter()
        .copied()
        .filter(|a| a.as_str() != case.alg)
        .collect();
    let r = verify_compact(&token, std::slice::from_ref(&key), &others);
    if code(&r) != "alg_not_allowed" {
        row.failures
            .push(format!("with {} disallowed: {}", case.alg, code(&r)));
    }
    // Re-sign from the JWK over the token's exact header bytes.
    let mut parts = token.split('.');
    let header = b64url_decode_strict(parts.next().unwrap()).unwrap();
    match sign_compact(&header, &case.payload, &key) {
        Ok(t) if case.deterministic => {
            row.resigned = if t == token { "equal" } else { "DIFFERS" };
            if t != token {
                row.failures.push(format!("re-signed {t}"));
            }
        }
        Ok(t) => {
            // Randomized (ECDSA): the fresh token differs and verifies.
            let ok = t != token && verify_compact(&t, std::slice::from_ref(&key), ALL).is_ok();
            row.resigned = if ok { "random,ok" } else { "BAD" };
            if !ok {
                row.failures.push("fresh ECDSA signature".into());
            }
        }
        Err(e) => {
            row.resigned = "ERROR";
            row.failures.push(format!("sign: {e}"));
        }
    }
    let (mut refused, mut total) = (0, 0);
    for t in tampered(&token) {
        total += 1;
        match verify_compact(&t, std::slice::from_ref(&key), ALL) {
            Err(_) => refused += 1,
            Ok(_) => row.failures.push(format!("tampered token accepted: {t}")),
        }
    }
    row.tampered = format!("{refused}/{total}");
    row
}

/// The §3 keys alone: what `from_jwk` makes of each.
fn key_rows(names: &[String]) -> Vec<String> {
    let expected = |name: &str| match name {
        "3_1.ec_public_key.json" | "3_2.ec_private_key.json" => "unsupported_key_type",
        "3_3.rsa_public_key.json" => "RS256 public",
        "3_4.rsa_private_key.json" => "RS256 private",
        "3_5.symmetric_key_mac_computation.json" => "HS256 private",
        "3_6.symmetric_key_encryption.json" => "invalid_key",
        other => panic!("unexpected key file {other}"),
    };
    let mut failures = Vec::new();
    for name in names.iter().filter(|n| n.starts_with("3_")) {
        let text = std::fs::read_to_string(common::vectors_dir().join("jose").join(name)).unwrap();
        let got = match JwtKey::from_jwk(&text) {
            Ok(k) => format!(
                "{} {}",
                k.algorithm().as_str(),
                if k.can_sign() { "private" } else { "public" }
            ),
            Err(e) => e.code().to_string(),
        };
        println!("  key RFC7520 {:<40} {got}", name);
        if got != expected(name) {
            failures.push(format!("{name}: {got}, expected {}", expected(name)));
        }
    }
    failures
}

fn main() {
    let dir = common::vectors_dir().join("jose");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut cases = Vec::new();
    for name in &names {
        common::check_provenance(&format!("jose/{name}"));
        let file = load(&format!("jose/{name}"));
        if name.starts_with("rfc7515") {
            cases.extend(rfc7515_cases(&file));
        } else if name.starts_with("4_") || name.starts_with("curve25519") {
            cases.extend(cookbook_cases(name, &file));
        }
    }
    println!("\n== vectors: jose/ (RFC 7515 App. A, RFC 7520 §4, RFC 8037 App. A) ==");
    println!(
        "{:<16} {:<6} {:<10} {:<9} {:<9} note",
        "example", "alg", "resigned", "verified", "tampered"
    );
    let mut failures = key_rows(&names);
    let (mut verified, mut resigned, mut na) = (0, 0, 0);
    for case in &cases {
        let row = run(case);
        println!(
            "{:<16} {:<6} {:<10} {:<9} {:<9} {}",
            case.id, case.alg, row.resigned, row.verified, row.tampered, row.note
        );
        verified += usize::from(row.verified == "yes");
        resigned += usize::from(row.resigned == "equal");
        na += usize::from(row.note.starts_with("n/a"));
        failures.extend(
            row.failures
                .into_iter()
                .map(|f| format!("{}: {f}", case.id)),
        );
    }
    println!(
        "{} signatures: {verified} verified, {resigned} re-signed byte for byte, {na} not applicable",
        cases.len()
    );
    assert!(
        verified >= 10 && resigned >= 7,
        "fewer examples ran than expected"
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
