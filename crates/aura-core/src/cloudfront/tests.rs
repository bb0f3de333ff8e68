//! End-to-end checks of the module with the vector file's test keys.

use std::net::IpAddr;

use super::*;
use crate::AuraError;

const NOW: i64 = 1_767_225_600; // 2026-01-01
const HOST: &str = "https://d111111abcdef8.cloudfront.net";

fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("../../../../tests/vectors/cloudfront.json")).unwrap()
}

fn pem(format: &str) -> String {
    vectors()["keys"]["rsa"][0][format]
        .as_str()
        .unwrap()
        .to_string()
}

fn key(hash: HashAlgorithm) -> CloudFrontKey {
    CloudFrontKey::from_pem(&pem("pkcs1_pem"), "K2JCJMDEHXQW5F", hash).unwrap()
}

fn signer(style: CloudFrontStyle) -> CloudFrontSigner {
    CloudFrontSigner::new(key(HashAlgorithm::Sha256), style).unwrap()
}

fn verifier() -> CloudFrontVerifier {
    CloudFrontVerifier::new(vec![key(HashAlgorithm::Sha256).public_key()]).unwrap()
}

fn opts(now: i64) -> CloudFrontVerifyOptions {
    CloudFrontVerifyOptions::new(now)
}

fn custom(dlt: i64, dgt: Option<i64>, ip: Option<&str>) -> Conditions {
    Conditions {
        date_less_than: dlt,
        date_greater_than: dgt,
        ip_address: ip.map(String::from),
    }
}

fn code<T: std::fmt::Debug>(r: crate::Result<T>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn key_formats_and_refusals() {
    let a = key(HashAlgorithm::Sha1);
    let b =
        CloudFrontKey::from_pem(&pem("pkcs8_pem"), "K2JCJMDEHXQW5F", HashAlgorithm::Sha1).unwrap();
    assert_eq!(a.modulus_sha256(), b.modulus_sha256());
    let spki = CloudFrontPublicKey::from_pem(&pem("public_spki_pem"), "K2JCJMDEHXQW5F").unwrap();
    assert_eq!(spki.modulus_sha256(), a.modulus_sha256());
    assert_eq!(
        code(CloudFrontKey::from_pem(
            &pem("pkcs8_pem_encrypted"),
            "K",
            HashAlgorithm::Sha1
        )),
        "unsupported_key_type"
    );
    assert_eq!(
        code(CloudFrontKey::from_pem(
            &pem("pkcs1_pem_encrypted"),
            "K",
            HashAlgorithm::Sha1
        )),
        "unsupported_key_type"
    );
    assert_eq!(
        code(CloudFrontKey::from_pem(
            &pem("public_spki_pem"),
            "K",
            HashAlgorithm::Sha1
        )),
        "not_a_private_key"
    );
    assert_eq!(
        code(CloudFrontKey::from_pem("", "K", HashAlgorithm::Sha1)),
        "invalid_key"
    );
    assert_eq!(
        code(CloudFrontKey::from_pem(
            &pem("pkcs1_pem"),
            "",
            HashAlgorithm::Sha1
        )),
        "invalid_input"
    );
    assert_eq!(
        code(CloudFrontKey::from_pem(
            &pem("pkcs1_pem"),
            "K\n",
            HashAlgorithm::Sha1
        )),
        "invalid_input"
    );
}

#[test]
fn sha1_signs_and_can_finish() {
    let sha1 = CloudFrontSigner::new(key(HashAlgorithm::Sha1), CloudFrontStyle::AwsJs).unwrap();
    let prepared = sha1
        .prepare_url(
            &format!("{HOST}/a.mp4"),
            &Conditions::expires_at(NOW + 60),
            NOW,
        )
        .unwrap();
    let policy = prepared.policy().as_bytes().to_vec();
    let signed = prepared.clone().sign().unwrap();
    assert!(!signed.url.contains("Hash-Algorithm"));
    // Deterministic, 256 bytes, verifies under SHA-1 only.
    let sig = sha1.key().sign(&policy).unwrap();
    assert_eq!(sig, sha1.key().sign(&policy).unwrap());
    assert_eq!(sig.len(), 256);
    let public = sha1.key().public_key();
    assert!(public.verify(HashAlgorithm::Sha1, &policy, &sig));
    assert!(!public.verify(HashAlgorithm::Sha256, &policy, &sig));
    assert!(signed
        .url
        .ends_with(&format!("&Signature={}", cloudfront_b64(&sig))));
    // finish() with the same signature gives the same URL; others are refused.
    assert_eq!(prepared.clone().finish(&sig).unwrap(), signed);
    assert_eq!(code(prepared.clone().finish(&[0u8; 256])), "bad_signature");
    // A SHA-256 signature is not an RSA-SHA1 one.
    let sha256_sig = key(HashAlgorithm::Sha256).sign(&policy).unwrap();
    assert_ne!(sha256_sig, sig);
    assert_eq!(code(prepared.finish(&sha256_sig)), "bad_signature");
    assert!(sha1.key().can_sign());
    let upgraded = sha1.key().with_hash_algorithm(HashAlgorithm::Sha256);
    assert!(upgraded.can_sign() && upgraded.modulus_sha256() == sha1.key().modulus_sha256());
    // The verifier takes what a SHA-1 key pair signs (unless SHA-1 is refused).
    let v = CloudFrontVerifier::new(vec![public]).unwrap();
    assert_eq!(
        v.verify_url(&signed.url, &opts(NOW)).unwrap().policy,
        signed.policy
    );
    let cookies = sha1
        .sign_cookies(
            &format!("{HOST}/a.mp4"),
            &Conditions::expires_at(NOW + 60),
            NOW,
        )
        .unwrap();
    assert_eq!(cookies.signature, cloudfront_b64(&sig));
    assert_eq!(
        code(CloudFrontSigner::new(
            key(HashAlgorithm::Sha256),
            CloudFrontStyle::Botocore
        )),
        "invalid_input"
    );
}

#[test]
fn default_signs_what_it_returns_and_verifies() {
    let s = signer(CloudFrontStyle::Default);
    let signed = s
        .sign_url(
            &format!("{HOST}/docs/My File=1,2.pdf?q=a+b&r=it's"),
            &Conditions::expires_at(NOW + 3600),
            NOW,
        )
        .unwrap();
    let base = format!("{HOST}/docs/My%20File%3D1%2C2.pdf?q=a+b&r=it%27s");
    assert!(signed.url.starts_with(&format!(
        "{base}&Expires={}&Key-Pair-Id=K2JCJMDEHXQW5F&Signature=",
        NOW + 3600
    )));
    assert!(signed.url.ends_with("&Hash-Algorithm=SHA256"));
    assert!(signed.policy.contains(&format!("\"Resource\":\"{base}\"")));
    let ok = verifier().verify_url(&signed.url, &opts(NOW)).unwrap();
    assert!(ok.canned);
    assert_eq!(ok.resource, base);
    assert_eq!(ok.hash_algorithm, HashAlgorithm::Sha256);
    assert_eq!(
        code(verifier().verify_url(&signed.url, &opts(NOW + 3600))),
        "expired"
    );
    // aws-js gives the same bytes here.
    let js = signer(CloudFrontStyle::AwsJs)
        .sign_url(
            &format!("{HOST}/docs/My File=1,2.pdf?q=a+b&r=it's"),
            &Conditions::expires_at(NOW + 3600),
            NOW,
        )
        .unwrap();
    assert_eq!(js, signed);
}

#[test]
fn default_refusals() {
    let s = signer(CloudFrontStyle::Default);
    let exp = Conditions::expires_at(NOW + 60);
    for url in [
        "https://D111111ABCDEF8.CloudFront.NET/a.mp4".to_string(),
        "https://d111111abcdef8.cloudfront.net:443/a.mp4".to_string(),
        "https://d111111abcdef8.cloudfront.net".to_string(),
        "https://d111111abcdef8.cloudfront.net?q=a b".to_string(),
        format!("{HOST}/./a/../b.mp4"),
        format!("{HOST}/%2e%2e/b.mp4"),
        "https://user:p%40ss@d111111abcdef8.cloudfront.net/a.mp4".to_string(),
        format!("{HOST}/a.mp4?Expires=5"),
        format!("{HOST}/a.mp4?x=1&Signature=abc"),
        "rtmp://s5c39gqb8ow64r.cloudfront.net/cfx/st/a.mp3".to_string(),
        "HTTPS://d111111abcdef8.cloudfront.net/a.mp4".to_string(),
        "ftp://d111111abcdef8.cloudfront.net/a.mp4".to_string(),
        "https://bücher.example/a.mp4".to_string(),
    ] {
        assert_eq!(
            code(s.prepare_url(&url, &exp, NOW)),
            "invalid_input",
            "{url}"
        );
    }
    let url = format!("{HOST}/a.mp4");
    assert_eq!(
        code(s.prepare_url(&url, &Conditions::expires_at(NOW), NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_url(&url, &Conditions::expires_at(1_767_830), NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_url(&url, &custom(NOW + 60, Some(NOW + 60), None), NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_url(&url, &custom(NOW + 60, None, Some("01.2.3.4")), NOW)),
        "invalid_input"
    );
    let policy = |resource: &str, dlt: i64| {
        format!(
            r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":{dlt}}}}}}}]}}"#
        )
    };
    assert_eq!(
        code(s.prepare_url_with_policy(None, &policy(&format!("{HOST}/*"), NOW + 60), NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_url_with_policy(Some(&url), &policy("https://other/*", NOW + 60), NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_url_with_policy(Some(&url), &policy(&format!("{HOST}/*"), NOW), NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_url_with_policy(Some(&url), "not json at all", NOW)),
        "invalid_input"
    );
    let ok = s
        .sign_url_with_policy(Some(&url), &policy(&format!("{HOST}/*"), NOW + 60), NOW)
        .unwrap();
    assert!(!ok.canned);
    assert_eq!(
        verifier().verify_url(&ok.url, &opts(NOW)).unwrap().resource,
        format!("{HOST}/*")
    );
    // Cookies: the resource must already be written as clients send it.
    assert_eq!(
        code(s.prepare_cookies(
            &format!("{HOST}/My Files/*"),
            &custom(NOW + 60, Some(NOW - 1), None),
            NOW
        )),
        "invalid_input"
    );
    assert_eq!(
        code(s.prepare_cookies(&format!("{HOST}/a%zz"), &exp, NOW)),
        "invalid_input"
    );
    assert_eq!(
        code(signer(CloudFrontStyle::Default).prepare_cookies("rtmp://h/cfx/st/a.mp3", &exp, NOW)),
        "invalid_input"
    );
}

#[test]
fn verifier_rules() {
    let s = signer(CloudFrontStyle::Default);
    let v = verifier();
    let ip: IpAddr = "192.0.2.9".parse().unwrap();
    let signed = s
        .sign_url(
            &format!("{HOST}/v/a.mp4"),
            &custom(NOW + 100, Some(NOW + 10), Some("192.0.2.0/24")),
            NOW,
        )
        .unwrap();
    assert!(!signed.canned);
    assert_eq!(
        code(v.verify_url(&signed.url, &opts(NOW).with_client_ip(ip))),
        "not_yet_valid"
    );
    assert_eq!(
        code(v.verify_url(&signed.url, &opts(NOW + 10).with_client_ip(ip))),
        "not_yet_valid"
    );
    let granted = v
        .verify_url(&signed.url, &opts(NOW + 11).with_client_ip(ip))
        .unwrap();
    assert_eq!(granted.ip_address.as_deref(), Some("192.0.2.0/24"));
    assert_eq!(
        code(v.verify_url(&signed.url, &opts(NOW + 11))),
        "invalid_input"
    );
    assert_eq!(
        v.verify_url(
            &signed.url,
            &opts(NOW + 11).with_client_ip("198.51.100.1".parse().unwrap())
        ),
        Err(AuraError::AccessDenied { rule_index: 0 })
    );
    assert_eq!(
        code(v.verify_url(&signed.url, &opts(NOW + 100).with_client_ip(ip))),
        "expired"
    );
    // A custom policy for one resource does not open another.
    let moved = signed.url.replacen("/v/a.mp4", "/v/b.mp4", 1);
    assert_eq!(
        code(v.verify_url(&moved, &opts(NOW + 11).with_client_ip(ip))),
        "wrong_image"
    );
    // Parameter hygiene.
    let canned = s
        .sign_url(
            &format!("{HOST}/a.mp4"),
            &Conditions::expires_at(NOW + 60),
            NOW,
        )
        .unwrap()
        .url;
    assert_eq!(
        code(v.verify_url(&format!("{canned}&Expires=1"), &opts(NOW))),
        "malformed"
    );
    assert_eq!(
        code(v.verify_url(&canned.replace("Expires=", "Expires=0"), &opts(NOW))),
        "malformed"
    );
    assert_eq!(
        code(v.verify_url(&canned.replace("K2JCJMDEHXQW5F", "KOTHER"), &opts(NOW))),
        "unknown_kid"
    );
    assert_eq!(
        code(v.verify_url(&canned.replace("SHA256", "SHA1"), &opts(NOW))),
        "malformed"
    );
    assert_eq!(
        code(v.verify_url(&canned.replace("&Hash-Algorithm=SHA256", ""), &opts(NOW))),
        "bad_signature"
    );
    assert_eq!(
        code(v.verify_url(&format!("{HOST}/a.mp4"), &opts(NOW))),
        "malformed"
    );
    assert_eq!(
        code(v.verify_url(
            &canned.replace(&format!("{HOST}/a.mp4?"), &format!("{HOST}/a.mp4#x?")),
            &opts(NOW)
        )),
        "malformed"
    );
    assert_eq!(
        code(v.verify_url(
            &canned.replace("&Hash-Algorithm=SHA256", ""),
            &CloudFrontVerifyOptions {
                allow_sha1: false,
                ..opts(NOW)
            }
        )),
        "alg_not_allowed"
    );
    assert!(v.verify_url(&format!("{canned}#t=10"), &opts(NOW)).is_ok());
    assert_eq!(code(CloudFrontVerifier::new(vec![])), "invalid_input");
    let k = key(HashAlgorithm::Sha1).public_key();
    assert_eq!(
        code(CloudFrontVerifier::new(vec![k.clone(), k])),
        "invalid_input"
    );
}

#[test]
fn cookies_round_trip() {
    let s = signer(CloudFrontStyle::Default);
    let v = verifier();
    let cookies = s
        .sign_cookies(
            &format!("{HOST}/videos/*"),
            &custom(NOW + 60, Some(NOW - 60), None),
            NOW,
        )
        .unwrap();
    let names: Vec<&str> = cookies.pairs().iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "CloudFront-Key-Pair-Id",
            "CloudFront-Signature",
            "CloudFront-Policy",
            "CloudFront-Hash-Algorithm"
        ]
    );
    let pairs: Vec<(&str, String)> = cookies.pairs();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let granted = v
        .verify_cookies(&format!("{HOST}/videos/a/b.mp4"), &borrowed, &opts(NOW))
        .unwrap();
    assert_eq!(granted.resource, format!("{HOST}/videos/*"));
    assert_eq!(
        code(v.verify_cookies(&format!("{HOST}/other.mp4"), &borrowed, &opts(NOW))),
        "wrong_image"
    );
    let mut twice = borrowed.clone();
    twice.push(borrowed[1]);
    assert_eq!(
        code(v.verify_cookies(&format!("{HOST}/videos/a"), &twice, &opts(NOW))),
        "malformed"
    );

    let canned = s
        .sign_cookies(
            &format!("{HOST}/a.mp4"),
            &Conditions::expires_at(NOW + 60),
            NOW,
        )
        .unwrap();
    let pairs = canned.pairs();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (*n, v.as_str())).collect();
    assert!(
        v.verify_cookies(&format!("{HOST}/a.mp4"), &borrowed, &opts(NOW))
            .unwrap()
            .canned
    );
    assert_eq!(
        code(v.verify_cookies(&format!("{HOST}/b.mp4"), &borrowed, &opts(NOW))),
        "bad_signature"
    );
    assert_eq!(
        code(signer(CloudFrontStyle::AwsJs).prepare_cookies(
            "",
            &Conditions::expires_at(NOW + 1),
            NOW
        )),
        "invalid_input"
    );
}

#[test]
fn debug_never_shows_key_material() {
    let k = key(HashAlgorithm::Sha256);
    let texts = [
        format!("{k:?}"),
        format!("{:?}", k.public_key()),
        format!("{:?}", signer(CloudFrontStyle::Default)),
        format!("{:?}", verifier()),
        format!(
            "{:?}",
            CloudFrontKey::from_pem(&pem("pkcs1_pem"), "K", HashAlgorithm::Sha1).unwrap()
        ),
    ];
    let body = pem("pkcs1_pem");
    let secret_line = body.lines().nth(5).unwrap();
    for t in texts {
        assert!(!t.contains(secret_line) && !t.contains("BEGIN"), "{t}");
    }
    let err =
        CloudFrontKey::from_pem(&body.replace("MII", "MIX"), "K", HashAlgorithm::Sha1).unwrap_err();
    assert!(!err.to_string().contains(secret_line));
}
