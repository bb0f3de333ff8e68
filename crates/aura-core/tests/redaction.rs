//! No secret or key material in any Debug output or error message.

mod common;

use aura_core::auraimage::{AuraImage, ServeTokenVerifier, UploadTokenVerifier};
use aura_core::images::{ImagesSigner, ImagesVerifier};
use aura_core::jwt::JwtKey;
use aura_core::stream::{StreamKey, StreamSigner, StreamStyle};
use common::{load, s};

const SECRET: &str = "sk_live_THIS_MUST_NEVER_BE_PRINTED_0123456789";

#[test]
fn debug_output_never_contains_secrets() {
    let shown = [
        format!(
            "{:?}",
            AuraImage::new(SECRET, "p", Some(SECRET), Some("https://cdn.example")).unwrap()
        ),
        format!("{:?}", ServeTokenVerifier::new(&[SECRET]).unwrap()),
        format!("{:?}", UploadTokenVerifier::new(&[SECRET]).unwrap()),
        format!("{:?}", ImagesSigner::new(SECRET).unwrap()),
        format!("{:?}", ImagesVerifier::new(&[SECRET]).unwrap()),
        format!("{:?}", JwtKey::hmac(SECRET, None).unwrap()),
    ];
    for text in shown {
        assert!(!text.contains("NEVER_BE_PRINTED"), "{text}");
    }
}

#[test]
fn key_debug_and_errors_never_contain_key_material() {
    let file = load("cloudflare-stream.json");
    let k = &file["keys"][0];
    let pem = s(&k["formats"], "pkcs1_pem");
    let body_line = pem.lines().nth(3).unwrap();
    let key = StreamKey::from_any(pem, Some(s(k, "id"))).unwrap();
    let signer = StreamSigner::new(key.clone(), None, StreamStyle::Cloudflare).unwrap();
    for text in [
        format!("{key:?}"),
        format!("{signer:?}"),
        format!("{:?}", JwtKey::from_pem(pem, None).unwrap()),
    ] {
        assert!(!text.contains(body_line), "{text}");
    }
    // A corrupted key: the error names the problem, not the text.
    let broken = pem.replace(body_line, &body_line.replace('A', "!"));
    let err = StreamKey::from_any(&broken, None).unwrap_err();
    assert!(!err.to_string().contains(&body_line[..20]), "{err}");
    let err = StreamKey::from_any(&pem[..pem.len() / 2], None).unwrap_err();
    assert_eq!(err.code(), "invalid_key");
    assert!(!err.to_string().contains(body_line), "{err}");
}
