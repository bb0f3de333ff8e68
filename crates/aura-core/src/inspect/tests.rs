//! Inspect against the reference vectors (read from `tests/vectors/`): the
//! expected values are the vectors', never recomputed here.

use super::*;
use crate::jwt::{encode, JwtKey};
use serde_json::{json, Value};

fn vectors(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn case<'a>(file: &'a Value, list: &str, id: &str) -> &'a Value {
    file[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("no {key} in {v}"))
}

fn keys(credentials: &[&str]) -> InspectKeys {
    InspectKeys::new(credentials.iter().map(|c| Secret::new(*c)).collect(), None)
}

fn none() -> InspectKeys {
    InspectKeys::default()
}

fn run(input: &str, k: &InspectKeys, now: i64) -> Report {
    inspect(input, k, &Expectations::default(), now).unwrap()
}

fn refused_code(r: &Report) -> &'static str {
    match &r.verdict {
        Verdict::Refused { code, .. } => code,
        other => panic!("not refused: {other:?}\n{r:#?}"),
    }
}

fn reason(r: &Report) -> &str {
    match &r.verdict {
        Verdict::Refused { reason, .. } => reason,
        other => panic!("not refused: {other:?}"),
    }
}

/// signed_url-025: project UPPER, name `a,b`, exp 1767229199.
fn serve_case() -> (String, String, String, String, i64) {
    let file = vectors("auraimage.json");
    let c = case(&file, "cases", "signed_url-025");
    (
        s(&c["output"], "url").to_string(),
        s(&c["input"]["constructor"], "serveSecret").to_string(),
        s(&c["output"], "encoded_payload").to_string(),
        s(&c["output"], "signature").to_string(),
        c["input"]["now_unix"].as_i64().unwrap(),
    )
}

const SERVE_EXP: i64 = 1_767_229_199;

#[test]
fn serve_url_valid_until_exp() {
    let (url, secret, ..) = serve_case();
    let r = run(&url, &keys(&[&secret]), SERVE_EXP - 100);
    assert_eq!(r.kind, Kind::AuraImageUrl);
    assert_eq!(
        r.verdict,
        Verdict::Valid {
            until: Some(SERVE_EXP)
        }
    );
    assert!(r.signature_checked);
    assert_eq!(r.decoded["url"]["project"], "UPPER");
    assert_eq!(r.decoded["url"]["name"], "a,b");
    assert_eq!(r.decoded["payload"]["f"], "a,b");
    assert_eq!(r.times[0].claim, "exp");
    assert_eq!(r.times[0].relative, "in 1m 40s");
    // exp == now is still valid (`exp < now` expires).
    assert!(matches!(
        run(&url, &keys(&[&secret]), SERVE_EXP).verdict,
        Verdict::Valid { .. }
    ));
    // Rotation: the right secret second.
    assert!(matches!(
        run(&url, &keys(&["psk_live_old", &secret]), SERVE_EXP).verdict,
        Verdict::Valid { .. }
    ));
}

#[test]
fn serve_url_with_transform_and_extension_is_the_same_image() {
    let (url, secret, ..) = serve_case();
    let url = url.replace("/UPPER/a%2Cb?", "/UPPER/w=400,q=75/a%2Cb.webp?");
    let r = run(&url, &keys(&[&secret]), SERVE_EXP);
    assert!(matches!(r.verdict, Verdict::Valid { .. }), "{r:#?}");
    assert_eq!(r.decoded["url"]["transform"], "w=400,q=75");
    assert_eq!(r.decoded["url"]["extension"], "webp");
}

#[test]
fn expired_names_the_seconds() {
    let (url, secret, ..) = serve_case();
    let r = run(&url, &keys(&[&secret]), SERVE_EXP + 42);
    assert_eq!(refused_code(&r), "expired");
    assert!(
        reason(&r).starts_with("expired 42 s ago (exp 2026-01-01T00:59:59Z)"),
        "{}",
        reason(&r)
    );
    let r = run(&url, &keys(&[&secret]), SERVE_EXP + 10_800);
    assert!(reason(&r).starts_with("expired 10800 s (3h) ago"));
    // Without a secret the expiry is still known.
    let r = run(&url, &none(), SERVE_EXP + 1);
    assert_eq!(refused_code(&r), "expired");
    assert!(!r.signature_checked);
}

#[test]
fn tampered_signature_shows_the_signed_string() {
    let (url, secret, payload, signature, _) = serve_case();
    let last = signature.chars().last().unwrap();
    let flipped = if last == 'A' { 'Q' } else { 'A' };
    let bad = format!("{}{flipped}", &url[..url.len() - 1]);
    // By default the expected signature (valid for this input) shows only
    // its first 8 characters.
    let r = run(&bad, &keys(&[&secret]), SERVE_EXP);
    let m = r
        .findings
        .iter()
        .find_map(|f| f.signature.as_ref())
        .unwrap();
    assert_eq!(
        m.expected.as_deref(),
        Some(format!("{}…", &signature[..8]).as_str())
    );
    let mut revealing = keys(&[&secret]);
    revealing.reveal_expected = true;
    let r = run(&bad, &revealing, SERVE_EXP);
    assert_eq!(refused_code(&r), "bad_signature");
    let f = r
        .findings
        .iter()
        .find(|f| f.signature.is_some())
        .expect("mismatch finding");
    let m = f.signature.as_ref().unwrap();
    assert_eq!(m.signed, payload);
    assert_eq!(m.expected.as_deref(), Some(signature.as_str()));
    assert_eq!(m.actual, bad.rsplit('.').next().unwrap());
    assert!(reason(&r).contains(&format!("the signed string was `{payload}`")));
    // Both problems are named when the token is also expired.
    let r = run(&bad, &keys(&[&secret]), SERVE_EXP + 5);
    let codes: Vec<_> = r.findings.iter().filter_map(|f| f.code).collect();
    assert_eq!(codes, ["bad_signature", "expired"]);
    assert_eq!(refused_code(&r), "bad_signature");
}

#[test]
fn wrong_image() {
    let (url, secret, ..) = serve_case();
    let other = url.replace("/UPPER/a%2Cb?", "/UPPER/other?");
    let r = run(&other, &keys(&[&secret]), SERVE_EXP);
    assert_eq!(refused_code(&r), "wrong_image");
    assert!(
        reason(&r).contains("token for UPPER/a,b, the URL is for UPPER/other"),
        "{}",
        reason(&r)
    );
    // Explicit expectations override the path.
    let expect = Expectations {
        project: Some("UPPER".into()),
        name: Some("a,b".into()),
        video_id: None,
    };
    let r = inspect(&other, &keys(&[&secret]), &expect, SERVE_EXP).unwrap();
    assert!(matches!(r.verdict, Verdict::Valid { .. }));
    let half = Expectations {
        project: Some("p".into()),
        ..Default::default()
    };
    assert_eq!(
        inspect(&other, &none(), &half, 0).unwrap_err().code(),
        "invalid_input"
    );
}

#[test]
fn without_a_secret_decodes_and_says_so() {
    let (url, _, payload, _, _) = serve_case();
    let r = run(&url, &none(), SERVE_EXP - 5);
    assert_eq!(
        r.verdict,
        Verdict::Unchecked {
            until: Some(SERVE_EXP)
        }
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.starts_with("signature not checked")));
    // The bare token: a serve token.
    let token = url.split("?token=").nth(1).unwrap();
    assert!(token.starts_with(&payload));
    let r = run(token, &none(), SERVE_EXP - 5);
    assert_eq!(r.kind, Kind::ServeToken);
    assert_eq!(r.decoded["payload"]["p"], "UPPER");
}

#[test]
fn upload_tokens() {
    let file = vectors("auraimage.json");
    let c = case(&file, "cases", "upload_token-031");
    let (token, secret) = (
        s(&c["output"], "token"),
        s(&c["input"]["constructor"], "secretKey"),
    );
    let now = c["input"]["now_unix"].as_i64().unwrap();
    let r = run(token, &keys(&[secret]), now);
    assert_eq!(r.kind, Kind::UploadToken);
    assert_eq!(
        r.verdict,
        Verdict::Valid {
            until: Some(now + 3600)
        }
    );
    assert_eq!(r.decoded["payload"]["maxSize"], 10_485_760);
    let claims: Vec<_> = r.times.iter().map(|t| t.claim.as_str()).collect();
    assert_eq!(claims, ["iat", "exp"]);
    let r = run(token, &keys(&["sk_live_wrong"]), now);
    assert_eq!(refused_code(&r), "bad_signature");
    assert_eq!(
        refused_code(&run(token, &keys(&[secret]), now + 3601)),
        "expired"
    );
}

#[test]
fn images_urls() {
    let file = vectors("cloudflare-images.json");
    let c = case(&file, "cases", "images-001");
    let (url, key) = (s(&c["output"], "signed_url"), s(&c["input"], "key"));
    let signed = s(&c["output"], "string_to_sign");
    let exp = 1_631_289_275;
    let r = run(url, &keys(&[key]), exp);
    assert_eq!(r.kind, Kind::ImagesUrl);
    assert_eq!(r.verdict, Verdict::Valid { until: Some(exp) });
    assert_eq!(r.decoded["url"]["variant"], "mobile");
    assert_eq!(r.decoded["string_to_sign"], signed);

    let r = run(url, &keys(&[key]), exp + 7);
    assert_eq!(refused_code(&r), "expired");
    assert!(reason(&r).starts_with("expired 7 s ago"));

    let r = run(url, &keys(&["another-key"]), exp);
    assert_eq!(refused_code(&r), "bad_signature");
    let m = r.findings[0].signature.as_ref().unwrap();
    assert_eq!(m.signed, signed);
    assert_eq!(m.actual, url.rsplit("sig=").next().unwrap());
    assert_eq!(m.encoding, "hex");
    assert!(reason(&r).contains(&format!("the signed string was `{signed}`")));

    let r = run(url, &none(), exp);
    assert_eq!(r.verdict, Verdict::Unchecked { until: Some(exp) });

    let unsigned = url.split('?').next().unwrap();
    let r = run(unsigned, &keys(&[key]), exp);
    assert_eq!(r.kind, Kind::ImagesUrl);
    assert_eq!(refused_code(&r), "malformed");
}

#[test]
fn images_flexible_variant_is_refused_even_when_signed() {
    let file = vectors("cloudflare-images.json");
    let c = case(&file, "cases", "images-072");
    let (url, key) = (s(&c["output"], "signed_url"), s(&c["input"], "key"));
    let now = c["input"]["now_unix"].as_i64().unwrap();
    let r = run(url, &keys(&[key]), now);
    assert_eq!(refused_code(&r), "flexible_variant_not_signable");
    assert!(reason(&r).contains("`w=400,sharpen=3`"));
    assert!(reason(&r).contains("Cloudflare never serves these signed"));
    assert!(!r.findings.iter().any(|f| f.code == Some("bad_signature")));
    assert_eq!(
        refused_code(&run(url, &none(), now)),
        "flexible_variant_not_signable"
    );
}

#[test]
fn images_custom_domain_signed_like_the_worker() {
    let file = vectors("cloudflare-images.json");
    let c = case(&file, "cases", "images-194");
    let (url, key) = (s(&c["output"], "signed_url"), s(&c["input"], "key"));
    let r = run(url, &keys(&[key]), 1_609_459_000);
    assert_eq!(refused_code(&r), "bad_signature");
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("custom-domain path")));
}

struct Stream {
    file: Value,
}

impl Stream {
    fn new() -> Self {
        Stream {
            file: vectors("cloudflare-stream.json"),
        }
    }

    fn format(&self, key: &str, format: &str) -> String {
        let k = self.file["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == key)
            .unwrap();
        s(&k["formats"], format).to_string()
    }

    fn token(&self, id: &str) -> String {
        s(&case(&self.file, "verify_cases", id)["input"], "token").to_string()
    }

    fn public_keys(&self) -> InspectKeys {
        keys(&[
            &self.format("test-key-1", "public_jwk_json"),
            &self.format("test-key-2", "public_jwk_json"),
        ])
    }
}

const VIDEO: &str = "6adaa62bb5a07421e7dfe269e4161f35";
const STREAM_NOW: i64 = 1_700_000_000;

fn with_video() -> Expectations {
    Expectations {
        video_id: Some(VIDEO.into()),
        ..Default::default()
    }
}

#[test]
fn stream_tokens() {
    let st = Stream::new();
    let token = st.token("verify-01");
    let r = inspect(&token, &st.public_keys(), &with_video(), STREAM_NOW).unwrap();
    assert_eq!(r.kind, Kind::StreamToken);
    assert_eq!(
        r.verdict,
        Verdict::Valid {
            until: Some(1_700_003_600)
        }
    );
    assert_eq!(r.decoded["header"]["alg"], "RS256");
    assert_eq!(r.decoded["claims"]["sub"], VIDEO);

    let r = run(&token, &none(), STREAM_NOW);
    assert!(matches!(r.verdict, Verdict::Unchecked { .. }));

    let r = inspect(
        &st.token("verify-08"),
        &st.public_keys(),
        &with_video(),
        STREAM_NOW,
    )
    .unwrap();
    assert_eq!(refused_code(&r), "unknown_kid");
    assert!(reason(&r).starts_with("kid unknown: the token names `"));
    assert!(reason(&r).contains("`f2a71862e006a45e93952c2e8820faa5`"));

    let r = inspect(
        &st.token("verify-20"),
        &st.public_keys(),
        &with_video(),
        STREAM_NOW,
    )
    .unwrap();
    assert_eq!(refused_code(&r), "sub_mismatch");
    assert!(reason(&r).starts_with("sub mismatch: the token is for video `"));

    let r = run(&st.token("verify-04"), &st.public_keys(), STREAM_NOW);
    assert_eq!(refused_code(&r), "expired");
    let r = run(&st.token("verify-06"), &none(), STREAM_NOW);
    assert_eq!(refused_code(&r), "not_yet_valid");
    assert!(reason(&r).starts_with("not valid for "));
    // alg none: refused without any key.
    let r = run(&st.token("verify-11"), &none(), STREAM_NOW);
    assert_eq!(refused_code(&r), "alg_not_allowed");
    let r = run(&st.token("verify-09"), &st.public_keys(), STREAM_NOW);
    assert_eq!(refused_code(&r), "kid_mismatch");

    let r = run(&st.token("verify-16"), &st.public_keys(), STREAM_NOW);
    assert_eq!(refused_code(&r), "bad_signature");
    let m = r
        .findings
        .iter()
        .find_map(|f| f.signature.as_ref())
        .unwrap();
    let tampered = st.token("verify-16");
    assert_eq!(m.signed, tampered[..tampered.rfind('.').unwrap()]);
    assert_eq!(m.expected, None, "public keys cannot sign");
}

#[test]
fn stream_pem_key_without_id_is_assumed_and_private_keys_give_the_expected_signature() {
    let st = Stream::new();
    let token = st.token("verify-16");
    let mut pem = keys(&[&st.format("test-key-1", "pkcs1_pem")]);
    pem.reveal_expected = true;
    let r = run(&token, &pem, STREAM_NOW);
    assert_eq!(refused_code(&r), "bad_signature");
    assert!(r.findings.iter().any(|f| f.message.contains("assumed")));
    let m = r
        .findings
        .iter()
        .find_map(|f| f.signature.as_ref())
        .unwrap();
    assert!(m.expected.as_ref().is_some_and(|e| e.len() == 342));
    // A kid given explicitly is checked.
    let named = InspectKeys::new(
        vec![Secret::new(st.format("test-key-1", "pkcs1_pem"))],
        Some("other".into()),
    );
    assert_eq!(
        refused_code(&run(&st.token("verify-01"), &named, STREAM_NOW)),
        "unknown_kid"
    );
    // Not a key at all: an argument error, not a refusal.
    assert_eq!(
        inspect(&token, &keys(&["nope"]), &Expectations::default(), 0)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
}

#[test]
fn stream_urls() {
    let st = Stream::new();
    let hls = format!(
        "https://videodelivery.net/{}/manifest/video.m3u8",
        st.token("verify-01")
    );
    let r = run(&hls, &st.public_keys(), STREAM_NOW);
    assert_eq!(r.kind, Kind::StreamUrl);
    assert!(matches!(r.verdict, Verdict::Valid { .. }));
    assert_eq!(r.decoded["url"]["resource"], "/manifest/video.m3u8");
    let mp4 = format!(
        "https://customer-abc123.cloudflarestream.com/{}/downloads/default.mp4",
        st.token("verify-27")
    );
    let r = run(&mp4, &st.public_keys(), STREAM_NOW);
    assert_eq!(refused_code(&r), "not_downloadable");
    assert_eq!(r.decoded["url"]["customer_code"], "abc123");
    let unsigned = format!("https://iframe.videodelivery.net/{VIDEO}");
    let r = run(&unsigned, &none(), STREAM_NOW);
    assert_eq!(refused_code(&r), "malformed");
    assert!(reason(&r).contains("not a signed token"));
}

#[test]
fn stream_lifetime_above_24h_is_a_warning() {
    let st = Stream::new();
    let key =
        crate::stream::StreamKey::from_any(&st.format("test-key-1", "pkcs1_pem"), None).unwrap();
    let signer = crate::stream::StreamSigner::new(
        key,
        Some("f2a71862e006a45e93952c2e8820faa5"),
        crate::stream::StreamStyle::JsonwebtokenClaimsKid,
    )
    .unwrap();
    let options = crate::stream::StreamTokenOptions {
        expires_in: Some(2 * 86_400),
        allow_long_lifetime: true,
        ..Default::default()
    };
    let token = signer.sign("v", &options, STREAM_NOW).unwrap();
    let r = run(&token, &st.public_keys(), STREAM_NOW);
    assert!(matches!(r.verdict, Verdict::Valid { .. }));
    let w = r
        .findings
        .iter()
        .find(|f| f.code == Some("lifetime_too_long"))
        .unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert!(w
        .message
        .starts_with("lifetime above 24 h: exp − iat = 172800 s"));
}

#[test]
fn general_jwt() {
    let secret = "an-hs256-secret-of-at-least-32-bytes!";
    let key = JwtKey::hmac(secret, Some("k1")).unwrap();
    let claims = json!({"sub": "user", "exp": 2_000, "nbf": 1_000});
    let token = encode(claims.as_object().unwrap(), &key, None).unwrap();
    assert_eq!(detect(&token), Kind::Jwt);
    let r = run(&token, &keys(&[secret]), 1_500);
    assert_eq!(r.verdict, Verdict::Valid { until: Some(2_000) });
    assert!(r.findings.iter().any(|f| f.message.contains("assumed")));
    let r = run(
        &token,
        &keys(&["another-hs256-secret-of-32-bytes!!!"]),
        1_500,
    );
    assert_eq!(refused_code(&r), "bad_signature");
    assert!(r
        .findings
        .iter()
        .find_map(|f| f.signature.as_ref())
        .is_some_and(|m| m.expected.is_some()));
    assert_eq!(refused_code(&run(&token, &none(), 2_000)), "expired");
    assert_eq!(refused_code(&run(&token, &none(), 999)), "not_yet_valid");
    assert!(matches!(
        run(&token, &none(), 1_500).verdict,
        Verdict::Unchecked { until: Some(2_000) }
    ));
    let named = InspectKeys::new(vec![Secret::new(secret)], Some("k2".into()));
    assert_eq!(refused_code(&run(&token, &named, 1_500)), "unknown_kid");
    // An RSA key for an HS256 token: key confusion.
    let st = Stream::new();
    let r = run(
        &token,
        &keys(&[&st.format("test-key-1", "public_spki_pem")]),
        1_500,
    );
    assert_eq!(refused_code(&r), "alg_not_allowed");
}

#[test]
fn detection_and_unknown_inputs() {
    assert_eq!(detect("https://example.com/a/b"), Kind::Unknown);
    assert_eq!(detect("https://imagedelivery.net/h/i/v"), Kind::ImagesUrl);
    assert_eq!(
        detect("https://cdn.example.com/p/n?token=x.y"),
        Kind::AuraImageUrl
    );
    assert_eq!(detect("https://videodelivery.net/abc"), Kind::StreamUrl);
    for input in ["", "hello", "a.b", "a.b.c", "https://example.com/"] {
        let r = run(input, &none(), 0);
        assert_eq!(r.kind, Kind::Unknown);
        assert_eq!(refused_code(&r), "malformed", "{input}");
    }
}

#[test]
fn reports_never_contain_the_secret() {
    let (url, secret, ..) = serve_case();
    let bad = url.replace("/UPPER/a%2Cb?", "/UPPER/other?");
    for (input, now) in [(&url, SERVE_EXP), (&bad, SERVE_EXP + 9)] {
        let r = run(input, &keys(&[&secret, "psk_live_MARKER"]), now);
        let text = serde_json::to_string(&r).unwrap() + &format!("{r:?}");
        assert!(!text.contains(&secret) && !text.contains("MARKER"));
    }
    let dbg = format!("{:?}", keys(&["psk_live_MARKER"]));
    assert!(!dbg.contains("MARKER"));
}

#[test]
fn report_json_shape() {
    let (url, secret, ..) = serve_case();
    let r = run(&url, &keys(&[&secret]), SERVE_EXP + 1);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], "aura_image_url");
    assert_eq!(v["verdict"]["status"], "refused");
    assert_eq!(v["verdict"]["code"], "expired");
    assert_eq!(v["times"][0]["iso"], "2026-01-01T00:59:59Z");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert!(crate::all_error_codes().contains(&v["verdict"]["code"].as_str().unwrap()));
}
