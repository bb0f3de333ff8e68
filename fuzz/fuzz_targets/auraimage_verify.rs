//! AuraImage upload and serve tokens.
//!
//! Input: [`Header`] (flags, now, pos, repl), then the token text.
//! - Any text: the verifiers, `split_token`, the resolver form and `inspect`
//!   return (never panic).
//! - Property: a payload (the input token's own payload when it decodes, so
//!   vector seeds give realistic ones) signed with `sign_upload_token` is
//!   accepted at `now <= exp`, also with a second secret first (rotation),
//!   refused with only another secret, refused at `exp + 1`, and refused after
//!   any one byte of the token changes. The same for a serve token (with the
//!   image check) and for the token of `AuraImage::get_signed_url`.
#![no_main]

use aura_core::auraimage::{
    sign_serve_token, sign_upload_token, split_token, upload_token_project_name,
    verify_serve_token, verify_upload_token, verify_upload_token_with_resolver, AuraImage,
    ExpectedImage, ServeTokenVerifier, UploadTokenVerifier,
};
use aura_core::inspect::{inspect, Expectations, InspectKeys};
use aura_core::{AuraError, Secret};
use aura_fuzz::{auraimage_secrets, change_one_byte, property_now, Reader};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

const SECRET: &str = "sk_live_fuzz_upload_secret";
const SERVE: &str = "psk_live_fuzz_serve_secret";
const OTHER: &str = "sk_live_another_project_secret";

struct Fixed {
    secrets: Vec<&'static str>,
    upload: UploadTokenVerifier,
    serve: ServeTokenVerifier,
    inspect_keys: InspectKeys,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let secrets: Vec<&'static str> = auraimage_secrets().iter().map(String::as_str).collect();
        Fixed {
            upload: UploadTokenVerifier::new(&secrets).unwrap(),
            serve: ServeTokenVerifier::new(&secrets).unwrap(),
            inspect_keys: InspectKeys::new(
                secrets.iter().take(8).map(|s| Secret::new(*s)).collect(),
                None,
            ),
            secrets,
        }
    })
}

fn string_member(payload: &Map<String, Value>, name: &str, fallback: &str) -> String {
    payload
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or(fallback)
        .to_string()
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let h = r.header();
    let text = r.rest_text();
    let f = fixed();

    // 1. Arbitrary text never panics.
    let _ = verify_upload_token(&text, &f.secrets, h.now);
    let _ = f.upload.verify(&text, h.now);
    let _ = upload_token_project_name(&text);
    let _ = verify_upload_token_with_resolver(
        &text,
        |project| Ok(vec![project.to_string(), SECRET.to_string()]),
        h.now,
    );
    let parsed = split_token(&text).ok();
    if let Some(parts) = &parsed {
        let _ = parts.signature();
        let p = string_member(&parts.payload, "p", "");
        let n = string_member(&parts.payload, "f", "");
        let expected = ExpectedImage {
            project: &p,
            name: if h.flags & 1 == 0 { &n } else { "other" },
        };
        let _ = verify_serve_token(&text, &f.secrets, h.now, Some(expected));
        let _ = f.serve.verify(&text, h.now, Some(expected));
    }
    let _ = f.serve.verify(&text, h.now, None);
    let _ = inspect(&text, &f.inspect_keys, &Expectations::default(), h.now);

    // 2. Sign, verify, tamper.
    let now = property_now(h.now);
    let exp = now + 1 + i64::from(h.pos);
    let mut payload = match &parsed {
        Some(parts) => parts.payload.clone(),
        None => {
            let mut m = Map::new();
            m.insert("projectName".into(), Value::String(text.clone()));
            m
        }
    };
    payload.insert("exp".into(), json!(exp));
    let token = sign_upload_token(&Value::Object(payload.clone()), SECRET).expect("signs");
    assert!(token.is_ascii(), "token is not ASCII: {token:?}");
    let got = verify_upload_token(&token, &[SECRET], now)
        .unwrap_or_else(|e| panic!("fresh upload token refused: {e:?}\n{token}"));
    let got_keys: Vec<&String> = got.as_object().expect("object").keys().collect();
    let want_keys: Vec<&String> = payload.keys().collect();
    assert_eq!(got_keys, want_keys, "payload members changed");
    verify_upload_token(&token, &[OTHER, SECRET], exp).expect("rotation: second secret accepted");
    assert_eq!(
        verify_upload_token(&token, &[OTHER], now),
        Err(AuraError::BadSignature)
    );
    assert_eq!(
        verify_upload_token(&token, &[SECRET], exp + 1),
        Err(AuraError::Expired)
    );
    let tampered = change_one_byte(&token, h.pos.into(), h.repl);
    assert!(
        verify_upload_token(&tampered, &[SECRET], now).is_err(),
        "tampered upload token accepted: {token} -> {tampered}"
    );

    let (p, n) = match &parsed {
        Some(parts) => (
            string_member(&parts.payload, "p", "proj"),
            string_member(&parts.payload, "f", &text),
        ),
        None => ("proj".to_string(), text.clone()),
    };
    let serve = sign_serve_token(&json!({"p": p, "f": n, "exp": exp}), SERVE).expect("signs");
    let expected = ExpectedImage {
        project: &p,
        name: &n,
    };
    verify_serve_token(&serve, &[SERVE], now, Some(expected))
        .unwrap_or_else(|e| panic!("fresh serve token refused: {e:?}\n{serve}"));
    let other_name = format!("{n}x");
    assert_eq!(
        verify_serve_token(
            &serve,
            &[SERVE],
            now,
            Some(ExpectedImage {
                project: &p,
                name: &other_name
            })
        ),
        Err(AuraError::WrongImage)
    );
    let tampered = change_one_byte(&serve, h.pos.into(), h.repl);
    assert!(
        verify_serve_token(&tampered, &[SERVE], now, None).is_err(),
        "tampered serve token accepted: {serve} -> {tampered}"
    );

    // The token inside a signed URL names the image it was made for.
    let aura = AuraImage::new(SECRET, &p, Some(SERVE), Some("https://cdn.example.com")).unwrap();
    let expires_in = (h.flags & 2 != 0).then_some(f64::from(h.pos));
    if let Ok(url) = aura.get_signed_url(&n, expires_in, None, now) {
        let token = url
            .rsplit_once("?token=")
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("no token in {url}"));
        verify_serve_token(token, &[SERVE], now, Some(expected))
            .unwrap_or_else(|e| panic!("signed URL token refused: {e:?}\n{url}"));
    }
});
