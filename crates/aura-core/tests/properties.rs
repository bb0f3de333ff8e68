//! Property tests: sign → verify round trips; any single change inside the
//! signed portion is rejected; parse_size against an independent model.

mod common;

use aura_core::auraimage::*;
use aura_core::images::{ImagesMode, ImagesSigner, ImagesVerifier};
use aura_core::stream::*;
use proptest::prelude::*;
use std::sync::OnceLock;

const NOW: i64 = 1_700_000_000;

/// Flips one character of `s[range]` to a different character of the same
/// class (base64url stays base64url, alphanumerics stay alphanumeric).
fn mutate(s: &str, range: std::ops::Range<usize>, pick: usize) -> Option<String> {
    let positions: Vec<usize> = range
        .filter(|&i| s.as_bytes()[i].is_ascii_alphanumeric())
        .collect();
    if positions.is_empty() {
        return None;
    }
    let i = positions[pick % positions.len()];
    let b = s.as_bytes()[i];
    let replacement = if b == b'a' { b'b' } else { b'a' };
    let mut out = s.as_bytes().to_vec();
    out[i] = replacement;
    Some(String::from_utf8(out).unwrap())
}

fn client() -> AuraImage {
    AuraImage::new(
        "sk_live_property",
        "proj",
        Some("psk_live_property"),
        Some("https://cdn.example"),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn upload_tokens_round_trip_and_resist_tampering(
        project in "[a-z0-9-]{2,40}", name in "\\PC{0,30}", max in 0u64..1u64 << 40,
        expires in 0u32..1_000_000, overwrite in any::<Option<bool>>(), pick in any::<usize>())
    {
        let o = UploadOptions { project_name: Some(project.clone()), name: Some(name.clone()), max_size: Some(SizeInput::Number(max as f64)),
            expires_in: Some(expires as f64), overwrite, ..Default::default() };
        let token = client().sign_upload(&o, NOW).unwrap();
        let payload = verify_upload_token(&token, &["sk_live_property"], NOW).unwrap();
        prop_assert_eq!(&payload["projectName"], &serde_json::json!(project));
        prop_assert_eq!(&payload["name"], &serde_json::json!(name));
        prop_assert_eq!(payload["maxSize"].as_f64().unwrap(), max as f64);
        prop_assert!(verify_upload_token(&token, &["sk_live_other"], NOW).is_err());
        if let Some(t) = mutate(&token, 0..token.len(), pick) {
            prop_assert!(verify_upload_token(&t, &["sk_live_property"], NOW).is_err());
        }
    }

    #[test]
    fn serve_tokens_round_trip_and_resist_tampering(name in "[^\\u{0}]{0,40}", expires in 0u32..2_000_000, pick in any::<usize>()) {
        let url = client().get_signed_url(&name, Some(expires as f64), None, NOW).unwrap();
        let token = url.rsplit_once("?token=").unwrap().1.to_string();
        let expected = ExpectedImage { project: "proj", name: &name };
        let payload = verify_serve_token(&token, &["psk_live_property"], NOW, Some(expected)).unwrap();
        let exp = payload["exp"].as_i64().unwrap();
        prop_assert!((NOW + 60..=NOW + 604_800).contains(&exp));
        prop_assert!(verify_serve_token(&token, &["psk_live_property"], exp + 1, None).is_err());
        prop_assert_eq!(verify_serve_token(&token, &["psk_live_property"], NOW, Some(ExpectedImage { project: "proj", name: "other!" })).unwrap_err().code(), "wrong_image");
        if let Some(t) = mutate(&token, 0..token.len(), pick) {
            prop_assert!(verify_serve_token(&t, &["psk_live_property"], NOW, None).is_err());
        }
    }

    #[test]
    fn images_urls_round_trip_and_resist_tampering(
        id in "[A-Za-z0-9-]{8,36}", variant in "[A-Za-z0-9]{1,12}", q in proptest::option::of("[a-z]{1,5}=[A-Za-z0-9 ._~]{0,8}"),
        lifetime in 0i64..10_000_000, pick in any::<usize>())
    {
        let mut url = format!("https://imagedelivery.net/HASH_abc/{id}/{variant}");
        if let Some(q) = &q { url.push('?'); url.push_str(q); }
        let signed = ImagesSigner::new("key").unwrap().sign(&url, lifetime, NOW, ImagesMode::Default).unwrap();
        let verifier = ImagesVerifier::new(&["key"]).unwrap();
        prop_assert_eq!(verifier.verify(&signed.url, NOW).unwrap(), NOW + lifetime);
        // Tamper with the path or query (everything after the host, before sig).
        let start = "https://imagedelivery.net".len();
        let end = signed.url.find("&sig=").or_else(|| signed.url.find("?sig=")).unwrap();
        if let Some(t) = mutate(&signed.url, start..end, pick) {
            prop_assert!(verifier.verify(&t, NOW).is_err(), "{}", t);
        }
    }

    #[test]
    fn parse_size_matches_an_independent_model(input in "[ \\t\\u{a0}\\u{feff}\\u{85}]{0,2}[0-9]{0,6}(\\.[0-9]{0,3})?[ \\u{2003}]{0,2}(b|B|kb|KB|mb|Mb|gb|GB|tb|k|\\u{212a}b)?[ \\n]{0,2}") {
        prop_assert_eq!(parse_size_js(&SizeInput::Text(input.clone())).ok(), model(&input));
    }
}

/// `parseSize` written from the regex in auraimage.md §4 with the `regex`-free
/// literal steps: JS trim set, `[0-9]+(\.[0-9]+)?`, JS `\s*`, ASCII unit.
fn model(input: &str) -> Option<f64> {
    const WS: &[char] = &[
        '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}',
        '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
        '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
        '\u{feff}',
    ];
    let t = input.trim_matches(WS);
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, rest) = t.split_at(num_end);
    let parts: Vec<&str> = num.split('.').collect();
    let valid = match parts.as_slice() {
        [i] => !i.is_empty(),
        [i, f] => !i.is_empty() && !f.is_empty(),
        _ => false,
    };
    if !valid || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let unit = rest.trim_start_matches(WS);
    let mult = [
        ("", 1.0),
        ("b", 1.0),
        ("kb", 1024.0),
        ("mb", 1048576.0),
        ("gb", 1073741824.0),
    ]
    .iter()
    .find(|(u, _)| unit.len() == u.len() && unit.eq_ignore_ascii_case(u))?
    .1;
    Some((num.parse::<f64>().ok()? * mult).round())
}

fn stream_key() -> &'static (StreamKey, StreamVerifier) {
    static KEY: OnceLock<(StreamKey, StreamVerifier)> = OnceLock::new();
    KEY.get_or_init(|| {
        let file = common::load("cloudflare-stream.json");
        let key = StreamKey::from_any(common::s(&file["keys"][0]["formats"], "cf_jwk_json"), None)
            .unwrap();
        let verifier = StreamVerifier::new(vec![key.public_key()]).unwrap();
        (key, verifier)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn stream_tokens_round_trip_and_resist_tampering(
        video in "[0-9a-f]{32}", lifetime in 1i64..86_400, downloadable in any::<Option<bool>>(), pick in any::<usize>(), style in 0usize..4)
    {
        let (key, verifier) = stream_key();
        let styles = [StreamStyle::Cloudflare, StreamStyle::Jsonwebtoken, StreamStyle::JsonwebtokenClaimsKid, StreamStyle::GoJose];
        let signer = StreamSigner::new(key.clone(), None, styles[style]).unwrap();
        let o = StreamTokenOptions { expires_in: Some(lifetime), downloadable, ..Default::default() };
        let token = signer.sign(&video, &o, NOW).unwrap();
        let vo = StreamVerifyOptions::new(VideoIdCheck::Exact(&video), NOW);
        prop_assert!(verifier.verify(&token, &vo).is_ok());
        prop_assert_eq!(verifier.verify(&token, &StreamVerifyOptions::new(VideoIdCheck::Exact(&video), NOW + lifetime)).unwrap_err().code(), "expired");
        if let Some(t) = mutate(&token, 0..token.len(), pick) {
            prop_assert!(verifier.verify(&t, &vo).is_err());
        }
    }
}
