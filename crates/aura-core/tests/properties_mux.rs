//! Mux tokens: sign → verify accepts, any changed character is refused, an
//! expired token is refused, and the verifier's typed refusals.

mod common;

use aura_core::mux::*;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

const KID: &str = "TESTKEYAmuxSigningKeyId00000000000000000AAA";

fn key(field: &str) -> String {
    let file = common::load("mux.json");
    let k = file["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "rsa-A")
        .unwrap();
    common::s(k, field).to_string()
}

fn signer() -> &'static MuxSigner {
    static S: OnceLock<MuxSigner> = OnceLock::new();
    S.get_or_init(|| MuxSigner::from_key_text(KID, &key("base64_pkcs1_pem")).unwrap())
}

fn verifier() -> &'static MuxVerifier {
    static V: OnceLock<MuxVerifier> = OnceLock::new();
    V.get_or_init(|| {
        let public = MuxPublicKey::from_any(&key("public_spki_pem"), KID).unwrap();
        MuxVerifier::new(vec![public]).unwrap()
    })
}

fn any_type() -> impl Strategy<Value = PlaybackType> {
    prop::sample::select(PlaybackType::ALL.to_vec())
}

fn options() -> impl Strategy<Value = (MuxTokenOptions, i64)> {
    (
        1i64..400_000_000,
        prop::collection::vec(("[a-z_]{1,8}", "\\PC{0,12}"), 0..4),
    )
        .prop_map(|(span, params)| {
            let mut o = MuxTokenOptions::new().expiration(span);
            for (k, v) in params {
                if !["kid", "sub", "aud", "exp", "nbf"].contains(&k.as_str()) {
                    o.params.insert(k, Value::String(v));
                }
            }
            (o, span)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn sign_then_verify_accepts(
        id in "\\PC{1,40}",
        ty in any_type(),
        (o, span) in options(),
        now in 0i64..4_000_000_000,
    ) {
        let token = signer().sign_playback_id(&id, ty, &o, now).unwrap();
        let v = MuxVerifyOptions::new(MuxAudience::Playback(ty), &id, now);
        let claims = verifier().verify(&token, &v).unwrap();
        prop_assert_eq!(claims["exp"].as_f64().unwrap(), (now + span) as f64);
        prop_assert_eq!(claims["kid"].as_str().unwrap(), KID);
        // The last second of validity is accepted; exp itself is expired.
        let last = MuxVerifyOptions::new(MuxAudience::Playback(ty), &id, now + span - 1);
        prop_assert!(verifier().verify(&token, &last).is_ok());
        let at_exp = MuxVerifyOptions::new(MuxAudience::Playback(ty), &id, now + span);
        prop_assert_eq!(verifier().verify(&token, &at_exp).unwrap_err().code(), "expired");
    }

    #[test]
    fn a_changed_character_is_refused(
        id in "[A-Za-z0-9]{1,40}",
        pos in any::<prop::sample::Index>(),
        replacement in prop::sample::select(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().collect::<Vec<_>>()
        ),
    ) {
        let now = 1_700_000_000;
        let token = signer()
            .sign_playback_id(&id, PlaybackType::Video, &MuxTokenOptions::new(), now)
            .unwrap();
        let i = pos.index(token.len());
        prop_assume!(token.as_bytes()[i] != b'.' && token.as_bytes()[i] != replacement as u8);
        let mut bytes = token.into_bytes();
        bytes[i] = replacement as u8;
        let changed = String::from_utf8(bytes).unwrap();
        let v = MuxVerifyOptions::new(MuxAudience::Playback(PlaybackType::Video), &id, now);
        prop_assert!(verifier().verify(&changed, &v).is_err());
    }

    #[test]
    fn viewer_count_tokens_verify(
        id in "[A-Za-z0-9]{1,40}",
        ty in prop::sample::select(ViewerCountType::ALL.to_vec()),
        now in 0i64..4_000_000_000,
    ) {
        let token = signer().sign_viewer_counts(&id, ty, &MuxTokenOptions::new(), now).unwrap();
        let v = MuxVerifyOptions::new(MuxAudience::ViewerCounts(ty), &id, now);
        prop_assert!(verifier().verify(&token, &v).is_ok());
    }
}

#[test]
fn typed_refusals() {
    let now = 1_700_000_000;
    let o = MuxTokenOptions::new().expiration("1h");
    let token = signer()
        .sign_playback_id("pid", PlaybackType::Thumbnail, &o, now)
        .unwrap();
    let check = |aud, id: &str, t: i64| {
        verifier()
            .verify(&token, &MuxVerifyOptions::new(aud, id, t))
            .map(|_| ())
            .map_err(|e| e.code())
    };
    let thumb = MuxAudience::Playback(PlaybackType::Thumbnail);
    assert_eq!(check(thumb, "pid", now), Ok(()));
    assert_eq!(
        check(MuxAudience::Playback(PlaybackType::Video), "pid", now),
        Err("wrong_image")
    );
    assert_eq!(check(thumb, "other", now), Err("sub_mismatch"));
    assert_eq!(check(thumb, "pid", now + 3600), Err("expired"));

    let other_kid = MuxPublicKey::from_any(&key("public_spki_pem"), "OTHER").unwrap();
    let v = MuxVerifier::new(vec![other_kid]).unwrap();
    assert_eq!(
        v.verify(&token, &MuxVerifyOptions::new(thumb, "pid", now))
            .unwrap_err()
            .code(),
        "unknown_kid"
    );

    // Rules: an empty playback id and prototype type names are refused.
    assert_eq!(
        signer()
            .sign_playback_id("", PlaybackType::Video, &o, now)
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    for name in [
        "toString",
        "__proto__",
        "constructor",
        "valueOf",
        "VIDEO",
        "playback",
    ] {
        assert_eq!(
            PlaybackType::parse(name).unwrap_err().code(),
            "invalid_input"
        );
    }
    assert_eq!(
        ViewerCountType::parse("toString").unwrap_err().code(),
        "invalid_input"
    );

    // Every accepted key form is the same key.
    let fp = signer().key().modulus_sha256().to_string();
    for field in ["pkcs1_pem", "pkcs8_pem", "base64_pkcs8_pem"] {
        assert_eq!(
            MuxSigningKey::from_any(&key(field))
                .unwrap()
                .modulus_sha256(),
            fp
        );
    }
    assert_eq!(
        MuxSigningKey::from_any(&key("public_spki_pem"))
            .unwrap_err()
            .code(),
        "not_a_private_key"
    );
    assert!(format!("{:?}", signer()).contains("<private key>"));
}
