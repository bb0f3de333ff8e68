//! General JWT (HS256, RS256, ES256, EdDSA) with fixed keys: HS256 `h1`
//! (the secret `fuzz/seed.py` signs its seeds with), RS256 (the first Stream
//! vector key, under its id), ES256 `e1`, EdDSA `d1`.
//!
//! Input: [`Header`], then the token.
//! - Any token: `jwt::decode` with the algorithm set, leeway and `exp`
//!   requirement chosen by the flags, and `inspect`, return (never panic).
//! - Property: the input's claims (when its middle part decodes to an object,
//!   else `{"sub": text}`), with `exp` set after `now` and no `nbf`, encoded
//!   with HS256, RS256 or EdDSA (the deterministic algorithms), decode back
//!   with the same members at `now`, are `expired` at `exp`, refused when the
//!   algorithm is not allowed, and refused after any one byte changes.
#![no_main]

use aura_core::encoding::b64url_decode_strict;
use aura_core::inspect::{inspect, Expectations, InspectKeys};
use aura_core::jwt::{decode, encode, Algorithm, DecodeOptions};
use aura_core::{AuraError, Secret};
use aura_fuzz::{change_one_byte, jwt_keys, property_now, Reader, ES256_PEM, HS256_SECRET};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

const ALL: [Algorithm; 4] = [
    Algorithm::HS256,
    Algorithm::RS256,
    Algorithm::ES256,
    Algorithm::EdDSA,
];

fn inspect_keys() -> &'static InspectKeys {
    static K: OnceLock<InspectKeys> = OnceLock::new();
    K.get_or_init(|| {
        InspectKeys::new(
            vec![Secret::new(HS256_SECRET), Secret::new(ES256_PEM)],
            None,
        )
    })
}

fn claims_of(token: &str) -> Option<Map<String, Value>> {
    let middle = token.split('.').nth(1)?;
    match serde_json::from_slice(&b64url_decode_strict(middle)?).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let h = r.header();
    let token = r.rest_text();
    let keys = jwt_keys();

    // 1. Never panics.
    let algorithms: Vec<Algorithm> = ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| h.flags & (1 << i) != 0)
        .map(|(_, a)| *a)
        .collect();
    let o = DecodeOptions {
        algorithms: &algorithms,
        now: h.now,
        leeway: [0, 60, 300, 301][usize::from(h.flags >> 4 & 3)],
        require_exp: h.flags & 0x40 != 0,
    };
    let _ = decode(&token, keys, &o);
    let _ = decode(
        &token,
        &keys[..1],
        &DecodeOptions {
            algorithms: &ALL,
            ..o.clone()
        },
    );
    let _ = inspect(&token, inspect_keys(), &Expectations::default(), h.now);

    // 2. Encode, decode, tamper.
    let now = property_now(h.now);
    let exp = now + 1 + i64::from(h.pos);
    let mut claims = claims_of(&token).unwrap_or_else(|| {
        let mut m = Map::new();
        m.insert("sub".into(), Value::String(token.clone()));
        m
    });
    claims.remove("nbf");
    claims.insert("exp".into(), json!(exp));
    let key = &keys[[0, 1, 3][usize::from(h.repl) % 3]];
    let extra = (h.flags & 0x80 != 0).then(|| {
        let mut m = Map::new();
        m.insert(
            "cty".into(),
            Value::String(token.chars().take(64).collect()),
        );
        m.insert("typ".into(), json!("ignored: typ is set"));
        m
    });
    let signed = encode(&claims, key, extra.as_ref()).expect("encodes");
    let all = DecodeOptions {
        algorithms: &ALL,
        now,
        leeway: 0,
        require_exp: true,
    };
    let got = decode(&signed, keys, &all)
        .unwrap_or_else(|e| panic!("fresh {:?} token refused: {e:?}\n{signed}", key.algorithm()));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        claims.keys().collect::<Vec<_>>(),
        "claims changed"
    );
    assert_eq!(
        decode(
            &signed,
            keys,
            &DecodeOptions {
                now: exp,
                ..all.clone()
            }
        ),
        Err(AuraError::Expired)
    );
    let others: Vec<Algorithm> = ALL.into_iter().filter(|a| *a != key.algorithm()).collect();
    assert!(matches!(
        decode(
            &signed,
            keys,
            &DecodeOptions {
                algorithms: &others,
                ..all.clone()
            }
        ),
        Err(AuraError::AlgNotAllowed(_))
    ));
    let tampered = change_one_byte(&signed, h.pos.into(), h.repl);
    assert!(
        decode(&tampered, keys, &all).is_err(),
        "tampered token accepted: {signed} -> {tampered}"
    );
});
