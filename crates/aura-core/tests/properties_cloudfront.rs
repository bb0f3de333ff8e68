//! CloudFront property tests, with RSA-SHA1 and RSA-SHA256 key pairs (both
//! sign in the core): what `default` signs verifies; any single changed byte
//! of the URL (base, `Expires`, `Policy`, `Signature`, `Key-Pair-Id`,
//! `Hash-Algorithm`) or of any cookie value is refused; an expired or
//! not-yet-valid one is refused; RSA-SHA1 is refused when not allowed.

mod common;

use std::net::IpAddr;
use std::sync::OnceLock;

use aura_core::cloudfront::*;
use common::{load, s};
use proptest::prelude::*;

const NOW: i64 = 1_767_225_600;
const HOST: &str = "https://d111111abcdef8.cloudfront.net";

fn key() -> &'static CloudFrontKey {
    static KEY: OnceLock<CloudFrontKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let file = load("cloudfront.json");
        let pem = s(&file["keys"]["rsa"][0], "pkcs1_pem").to_string();
        CloudFrontKey::from_pem(&pem, "K2JCJMDEHXQW5F", HashAlgorithm::Sha256).unwrap()
    })
}

fn signer() -> CloudFrontSigner {
    signer_for(HashAlgorithm::Sha256)
}

fn signer_for(hash: HashAlgorithm) -> CloudFrontSigner {
    CloudFrontSigner::new(key().with_hash_algorithm(hash), CloudFrontStyle::Default).unwrap()
}

fn verifier() -> CloudFrontVerifier {
    CloudFrontVerifier::new(vec![key().public_key()]).unwrap()
}

/// Path segments with the characters the JS encoder has rules for (space,
/// `+ = , ' ( ) ! ~ : @ & ;`, `%` escapes valid or not, non-ASCII), never a
/// dot segment and never `*` (in a custom policy `*` is a wildcard by design).
fn segment() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ._~!$&'()+,;=:@%é日-]{1,10}".prop_filter("dot segment", |s| {
        let decoded = s.to_ascii_lowercase().replace("%2e", ".");
        decoded != "." && decoded != ".."
    })
}

fn query() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(proptest::collection::vec(
        ("[a-z]{1,5}", "[a-zA-Z0-9 +%'/:é-]{0,8}"),
        1..4,
    ))
    .prop_map(|pairs| {
        pairs.map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    })
}

fn url_strategy() -> impl Strategy<Value = String> {
    (proptest::collection::vec(segment(), 1..4), query()).prop_map(|(segments, query)| {
        let mut url = format!("{HOST}/{}", segments.join("/"));
        if let Some(q) = query {
            url.push('?');
            url.push_str(&q);
        }
        url
    })
}

/// `text` with the byte at `at` (modulo its length) replaced by another
/// printable ASCII character.
fn mutate(text: &str, at: usize, to: u8) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let i = at % bytes.len();
    let mut c = b'!' + to % 94;
    if c == bytes[i] {
        c = if c == b'~' { b'!' } else { c + 1 };
    }
    bytes[i] = c;
    String::from_utf8(bytes).expect("ASCII in, ASCII out")
}

#[derive(Debug, Clone)]
struct Case {
    url: String,
    lifetime: i64,
    start: Option<i64>,
    ip: Option<(u8, u8)>,
    hash: HashAlgorithm,
}

fn case() -> impl Strategy<Value = Case> {
    (
        url_strategy(),
        1i64..10_000_000,
        proptest::option::of(1i64..1000),
        proptest::option::of((0u8..=255, 8u8..=32)),
        prop_oneof![Just(HashAlgorithm::Sha1), Just(HashAlgorithm::Sha256)],
    )
        .prop_map(|(url, lifetime, start, ip, hash)| Case {
            url,
            lifetime,
            start,
            ip,
            hash,
        })
}

impl Case {
    fn conditions(&self) -> Conditions {
        Conditions {
            date_less_than: NOW + self.lifetime,
            date_greater_than: self.start.map(|back| NOW - back),
            ip_address: self
                .ip
                .map(|(octet, mask)| format!("198.51.{octet}.7/{mask}")),
        }
    }

    fn viewer(&self) -> Option<IpAddr> {
        self.ip
            .map(|(octet, _)| format!("198.51.{octet}.7").parse().unwrap())
    }

    /// RSA-SHA1 allowed only for SHA-1 key pairs (a SHA-256 URL never needs it).
    fn options(&self, now: i64) -> CloudFrontVerifyOptions {
        CloudFrontVerifyOptions {
            now,
            client_ip: self.viewer(),
            allow_sha1: self.hash == HashAlgorithm::Sha1,
        }
    }

    fn signer(&self) -> CloudFrontSigner {
        signer_for(self.hash)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn signed_urls_verify_and_resist_single_byte_changes(c in case(), at in any::<usize>(), to in any::<u8>()) {
        let signed = c.signer().sign_url(&c.url, &c.conditions(), NOW).unwrap();
        prop_assert!(signed.url.is_ascii());
        prop_assert_eq!(signed.url.ends_with("&Hash-Algorithm=SHA256"), c.hash == HashAlgorithm::Sha256);
        let v = verifier();
        let granted = v.verify_url(&signed.url, &c.options(NOW)).unwrap();
        if c.hash == HashAlgorithm::Sha1 {
            let strict = CloudFrontVerifyOptions { allow_sha1: false, ..c.options(NOW) };
            prop_assert_eq!(v.verify_url(&signed.url, &strict).unwrap_err().code(), "alg_not_allowed");
        }
        prop_assert_eq!(&granted.policy, &signed.policy);
        prop_assert_eq!(granted.canned, c.start.is_none() && c.ip.is_none());
        // Exactly the URL it returns: its bytes before CloudFront's parameters are the signed resource.
        let base = signed.url.split(if signed.canned { "Expires=" } else { "Policy=" }).next().unwrap();
        prop_assert_eq!(&base[..base.len() - 1], resource_of(&signed.policy));

        let changed = mutate(&signed.url, at, to);
        prop_assert!(v.verify_url(&changed, &c.options(NOW)).is_err(), "accepted {}", changed);

        prop_assert_eq!(v.verify_url(&signed.url, &c.options(NOW + c.lifetime)).unwrap_err().code(), "expired");
        if let Some(back) = c.start {
            prop_assert_eq!(v.verify_url(&signed.url, &c.options(NOW - back)).unwrap_err().code(), "not_yet_valid");
        }
    }

    #[test]
    fn signed_cookies_verify_and_resist_single_byte_changes(c in case(), which in any::<usize>(), at in any::<usize>(), to in any::<u8>()) {
        // Cookie resources are used as given, so give one already encoded.
        let url = c.signer().sign_url(&c.url, &Conditions::expires_at(NOW + 1), NOW).unwrap().url;
        let resource = url.split("Expires=").next().unwrap().trim_end_matches(['?', '&']).to_string();
        let cookies = c.signer().sign_cookies(&resource, &c.conditions(), NOW).unwrap();
        prop_assert_eq!(cookies.hash_algorithm, c.hash);
        let pairs = cookies.pairs();
        let v = verifier();
        let granted = v.verify_cookies(&resource, &borrowed(&pairs), &c.options(NOW)).unwrap();
        prop_assert_eq!(&granted.policy, &cookies.policy_json);

        let mut changed = pairs.clone();
        let i = which % changed.len();
        changed[i].1 = mutate(&changed[i].1, at, to);
        prop_assert!(v.verify_cookies(&resource, &borrowed(&changed), &c.options(NOW)).is_err(), "accepted {:?}", changed[i]);
        // A changed request is refused, except at a position where a custom
        // resource has `?` or `*`: CloudFront wildcards (see the test below).
        let wildcard = matches!(resource.as_bytes()[at % resource.len()], b'?' | b'*');
        if cookies.expires.is_some() || !wildcard {
            prop_assert!(v.verify_cookies(&mutate(&resource, at, to), &borrowed(&pairs), &c.options(NOW)).is_err());
        }
        prop_assert_eq!(v.verify_cookies(&resource, &borrowed(&pairs), &c.options(NOW + c.lifetime)).unwrap_err().code(), "expired");
    }
}

fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

fn resource_of(policy: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(policy).unwrap();
    v["Statement"][0]["Resource"].as_str().unwrap().to_string()
}

/// A literal `*` in a custom policy's resource is CloudFront's wildcard, in
/// both references and in `default`: such a URL's policy also grants the
/// URLs the pattern covers. (Canned policies have no wildcards.)
#[test]
fn a_star_in_a_custom_resource_is_a_wildcard() {
    let c = Conditions {
        date_less_than: NOW + 60,
        date_greater_than: Some(NOW - 60),
        ip_address: None,
    };
    let signed = signer()
        .sign_url(&format!("{HOST}/videos/*"), &c, NOW)
        .unwrap();
    let params = signed.url.split_once('?').unwrap().1;
    let other = format!("{HOST}/videos/any/file.mp4?{params}");
    assert!(verifier()
        .verify_url(&other, &CloudFrontVerifyOptions::new(NOW))
        .is_ok());
    let canned = signer()
        .sign_url(
            &format!("{HOST}/videos/*"),
            &Conditions::expires_at(NOW + 60),
            NOW,
        )
        .unwrap();
    let params = canned.url.split_once('?').unwrap().1;
    let other = format!("{HOST}/videos/file.mp4?{params}");
    assert_eq!(
        verifier()
            .verify_url(&other, &CloudFrontVerifyOptions::new(NOW))
            .unwrap_err()
            .code(),
        "bad_signature"
    );
}

/// The `?` that starts a query is, inside a custom policy's resource, a
/// one-character wildcard (cloudfront.md §1.1): a custom policy for
/// `/a.mp4?x=1` also grants `/a.mp4/x=1`. CloudFront has no escape for it;
/// canned policies (rebuilt from the request) are exact.
#[test]
fn a_query_question_mark_in_a_custom_resource_is_a_wildcard() {
    let c = Conditions {
        date_less_than: NOW + 60,
        date_greater_than: Some(NOW - 60),
        ip_address: None,
    };
    let signed = signer()
        .sign_url(&format!("{HOST}/a.mp4?x=1"), &c, NOW)
        .unwrap();
    let params = signed.url.split_once('&').unwrap().1;
    let o = CloudFrontVerifyOptions::new(NOW);
    assert!(verifier()
        .verify_url(&format!("{HOST}/a.mp4/x=1?{params}"), &o)
        .is_ok());
    let canned = signer()
        .sign_url(
            &format!("{HOST}/a.mp4?x=1"),
            &Conditions::expires_at(NOW + 60),
            NOW,
        )
        .unwrap();
    let params = canned.url.split_once('&').unwrap().1;
    let err = verifier()
        .verify_url(&format!("{HOST}/a.mp4/x=1?{params}"), &o)
        .unwrap_err();
    assert_eq!(err.code(), "bad_signature");
}
