//! General JWT, key generation/export and the key ring.

mod common;

use aura_core::auraimage::{verify_serve_token, AuraImage};
use aura_core::jwt::{decode, encode, Algorithm, DecodeOptions, JwtKey};
use aura_core::keys::*;
use aura_core::pem::to_pem;
use aura_core::stream::{
    StreamKey, StreamPublicKey, StreamSigner, StreamStyle, StreamTokenOptions, StreamVerifier,
    StreamVerifyOptions, VideoIdCheck,
};
use aura_core::AuraError;
use common::{load, s};
use serde_json::{json, Map, Value};

fn stream_file() -> Value {
    load("cloudflare-stream.json")
}

fn key_entry<'a>(file: &'a Value, name: &str) -> &'a Value {
    file["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == name)
        .unwrap()
}

fn opts(algs: &[Algorithm], now: i64) -> DecodeOptions<'_> {
    DecodeOptions {
        algorithms: algs,
        now,
        leeway: 0,
        require_exp: true,
    }
}

#[test]
fn rs256_encode_equals_jsonwebtoken_vectors() {
    // jwt::encode writes {"alg","typ","kid"} like npm jsonwebtoken with keyid.
    let file = stream_file();
    let mut checked = 0;
    for case in file["sign_cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["style"] == "jsonwebtoken_keyid")
    {
        let i = &case["input"];
        let k = key_entry(&file, s(i, "key_name"));
        let key = JwtKey::from_pem(s(&k["formats"], "pkcs8_pem"), Some(s(i, "key_id"))).unwrap();
        let claims: Map<String, Value> = i["claims"].as_object().unwrap().clone();
        assert_eq!(
            encode(&claims, &key, None).unwrap(),
            s(&case["output"], "token"),
            "{}",
            s(case, "id")
        );
        checked += 1;
    }
    assert_eq!(checked, 97);
}

#[test]
fn every_algorithm_round_trips_and_binds_its_key_type() {
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let ec_pkcs8 = aws_lc_rs::signature::EcdsaKeyPair::generate_pkcs8(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &rng,
    )
    .unwrap();
    let ed_pkcs8 = aws_lc_rs::signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    let file = stream_file();
    let rsa_pem = s(&key_entry(&file, "test-key-1")["formats"], "pkcs1_pem");
    let keys = [
        JwtKey::hmac("an HS256 secret of at least 32 bytes!!", Some("h1")).unwrap(),
        JwtKey::from_pem(rsa_pem, Some("r1")).unwrap(),
        JwtKey::from_pem(&to_pem("PRIVATE KEY", ec_pkcs8.as_ref()), Some("e1")).unwrap(),
        JwtKey::from_pem(&to_pem("PRIVATE KEY", ed_pkcs8.as_ref()), Some("d1")).unwrap(),
    ];
    let expect = [
        Algorithm::HS256,
        Algorithm::RS256,
        Algorithm::ES256,
        Algorithm::EdDSA,
    ];
    let claims = json!({"sub": "u", "exp": 2000})
        .as_object()
        .unwrap()
        .clone();
    for (key, alg) in keys.iter().zip(expect) {
        assert_eq!(key.algorithm(), alg);
        let token = encode(&claims, key, None).unwrap();
        assert_eq!(
            decode(&token, &keys, &opts(&expect, 1000)).unwrap()["sub"],
            "u"
        );
        assert_eq!(
            decode(&token, &keys, &opts(&expect, 2000))
                .unwrap_err()
                .code(),
            "expired"
        );
        let others: Vec<Algorithm> = expect.iter().copied().filter(|a| *a != alg).collect();
        assert_eq!(
            decode(&token, &keys, &opts(&others, 1000))
                .unwrap_err()
                .code(),
            "alg_not_allowed"
        );
    }
    // Key confusion: an HS256 token "signed" with the RSA public key text is refused.
    let public_pem = s(
        &key_entry(&file, "test-key-1")["formats"],
        "public_spki_pem",
    );
    let public = JwtKey::from_pem(public_pem, Some("r1")).unwrap();
    assert!(!public.can_sign());
    let forged = encode(
        &claims,
        &JwtKey::hmac(public_pem, Some("r1")).unwrap(),
        None,
    )
    .unwrap();
    let err = decode(
        &forged,
        &[public],
        &opts(&[Algorithm::HS256, Algorithm::RS256], 1000),
    )
    .unwrap_err();
    assert_eq!(err.code(), "alg_not_allowed");
}

#[test]
fn export_reproduces_cloudflares_pem_and_jwk_bytes() {
    let file = stream_file();
    for k in file["keys"].as_array().unwrap() {
        let key = StreamKey::from_any(s(&k["formats"], "pkcs8_pem"), None).unwrap();
        let shapes = export_cloudflare_shapes(&key, s(k, "id")).unwrap();
        assert_eq!(
            shapes.pem.expose(),
            s(&k["formats"], "cf_pem_b64"),
            "{}",
            s(k, "name")
        );
        assert_eq!(
            shapes.jwk.expose(),
            s(&k["formats"], "cf_jwk_b64"),
            "{}",
            s(k, "name")
        );
    }
}

#[test]
fn generated_stream_keys_load_back_and_sign() {
    let generated = generate_stream_key(Some("0123456789abcdef0123456789abcdef")).unwrap();
    let from_pem = StreamKey::from_any(generated.pem.expose(), Some(&generated.id)).unwrap();
    let from_jwk = StreamKey::from_any(generated.jwk.expose(), None).unwrap();
    assert_eq!(from_jwk.key_id(), Some(generated.id.as_str()));
    assert_eq!(from_pem.modulus_sha256(), generated.key.modulus_sha256());
    assert_eq!(from_jwk.modulus_sha256(), generated.key.modulus_sha256());
    let signer = StreamSigner::new(from_pem, None, StreamStyle::Cloudflare).unwrap();
    let token = signer
        .sign("video", &StreamTokenOptions::default(), 1000)
        .unwrap();
    let verifier = StreamVerifier::new(vec![from_jwk.public_key()]).unwrap();
    verifier
        .verify(
            &token,
            &StreamVerifyOptions::new(VideoIdCheck::Exact("video"), 1000),
        )
        .unwrap();
    assert!(!format!("{generated:?}").contains(generated.pem.expose()));
}

#[test]
fn rotation_breaks_no_live_url_and_revocation_does() {
    let mut ring: KeyRing<String> = KeyRing::new();
    ring.add("k1", "psk_live_first".into(), 100).unwrap();
    let sign = |secret: &str, now: i64| {
        AuraImage::new("sk", "proj", Some(secret), Some("https://cdn.example"))
            .unwrap()
            .serve_token("img", now + 3600)
            .unwrap()
    };
    let verify = |ring: &KeyRing<String>, token: &str| {
        let secrets: Vec<&str> = ring
            .verification_keys()
            .iter()
            .map(|(_, k)| k.as_str())
            .collect();
        verify_serve_token(token, &secrets, 200, None)
    };
    let old = sign(ring.signing_key().unwrap().1, 150);
    ring.rotate("k2", "psk_live_second".into(), 160).unwrap();
    assert_eq!(ring.signing_key().unwrap().0, "k2");
    let new = sign(ring.signing_key().unwrap().1, 170);
    assert!(
        verify(&ring, &old).is_ok(),
        "a URL signed before rotation still verifies"
    );
    assert!(verify(&ring, &new).is_ok());
    ring.revoke("k1").unwrap();
    assert_eq!(verify(&ring, &old).unwrap_err().code(), "bad_signature");
    assert!(verify(&ring, &new).is_ok());
    assert_eq!(
        ring.list()
            .iter()
            .map(|(id, st, _)| (*id, st.as_str()))
            .collect::<Vec<_>>(),
        [("k1", "revoked"), ("k2", "active")]
    );
    assert!(matches!(
        ring.revoke("nope"),
        Err(AuraError::KeyNotFound(_))
    ));
    ring.revoke("k2").unwrap();
    assert_eq!(ring.signing_key().unwrap_err().code(), "invalid_input");
}

#[test]
fn stream_key_ring_revocation_is_unknown_kid() {
    let file = stream_file();
    let mut ring: KeyRing<StreamPublicKey> = KeyRing::new();
    for (n, name) in ["test-key-1", "test-key-2"].iter().enumerate() {
        let k = key_entry(&file, name);
        ring.add(
            s(k, "id"),
            StreamPublicKey::from_any(s(&k["formats"], "public_jwk_json"), None).unwrap(),
            n as i64,
        )
        .unwrap();
    }
    let k1 = key_entry(&file, "test-key-1");
    let signer = StreamSigner::new(
        StreamKey::from_any(s(&k1["formats"], "cf_jwk_b64"), None).unwrap(),
        None,
        StreamStyle::Cloudflare,
    )
    .unwrap();
    let token = signer
        .sign("v", &StreamTokenOptions::default(), 10)
        .unwrap();
    let verifier = |ring: &KeyRing<StreamPublicKey>| {
        StreamVerifier::new(
            ring.verification_keys()
                .into_iter()
                .map(|(_, k)| k.clone())
                .collect(),
        )
        .unwrap()
    };
    let o = StreamVerifyOptions::new(VideoIdCheck::Exact("v"), 20);
    assert!(verifier(&ring).verify(&token, &o).is_ok());
    ring.revoke(s(k1, "id")).unwrap();
    assert_eq!(
        verifier(&ring).verify(&token, &o).unwrap_err().code(),
        "unknown_kid"
    );
}
