//! Google Cloud CDN / Media CDN: sign → verify accepts; any changed byte is
//! refused; past the expiry is refused.

use aura_core::google_cdn::{
    CloudCdnSigner, CloudCdnVerifier, MediaCdnSigner, MediaCdnTokenOptions, MediaCdnTokenSigner,
    MediaCdnTokenVerifier, MediaCdnVerifier, TokenAlgorithm, TokenRequest, TokenResource,
};
use aura_core::AuraError;
use proptest::prelude::*;

const HMAC_KEY: &str = "dDU4lYX-e6nRQowNdmXWJw==";
const SEED: &str = "vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo=";

fn flip(text: &str, at: usize, to: u8) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let i = at % bytes.len();
    if bytes[i] == to {
        return None;
    }
    bytes[i] = to;
    String::from_utf8(bytes).ok()
}

/// Flips a byte of the signed policy and signature only: the request URL
/// in front of a prefix signature is free to change within the prefix.
fn flip_policy(signed: &str, at: usize, to: u8) -> Option<String> {
    let start = signed.find("URLPrefix=").unwrap();
    flip(&signed[start..], at, to).map(|tail| format!("{}{tail}", &signed[..start]))
}

fn path() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9/._-]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cloud_cdn_url(p in path(), q in "[a-z=&]{0,8}", exp in 0i64..4_000_000_000, at in any::<usize>(), to in 0x21u8..0x7f) {
        let url = format!("https://cdn.example.com/{p}?{q}");
        let signed = CloudCdnSigner::new("my-key", HMAC_KEY).unwrap().sign_url(&url, exp).unwrap().value;
        let mut v = CloudCdnVerifier::new();
        v.add_key("my-key", HMAC_KEY).unwrap();
        prop_assert!(v.verify_url(&signed, exp).is_ok());
        prop_assert_eq!(v.verify_url(&signed, exp + 1), Err(AuraError::Expired));
        if let Some(changed) = flip(&signed, at, to) {
            prop_assert!(v.verify_url(&changed, exp).is_err(), "{changed}");
        }
    }

    #[test]
    fn cloud_cdn_prefix_and_cookie(p in path(), exp in 0i64..4_000_000_000, at in any::<usize>(), to in 0x21u8..0x7f) {
        let prefix = format!("https://cdn.example.com/{p}");
        let url = format!("{prefix}x.mp4");
        let signer = CloudCdnSigner::new("my-key", HMAC_KEY).unwrap();
        let mut v = CloudCdnVerifier::new();
        v.add_key("my-key", HMAC_KEY).unwrap();
        let signed = signer.sign_url_prefix(&url, &prefix, exp).unwrap().value;
        prop_assert_eq!(v.verify_url(&signed, exp).unwrap().url_prefix, Some(prefix.clone()));
        prop_assert_eq!(v.verify_url(&signed, exp + 1), Err(AuraError::Expired));
        if let Some(changed) = flip_policy(&signed, at, to) {
            prop_assert!(v.verify_url(&changed, exp).is_err(), "{changed}");
        }
        let cookie = signer.sign_cookie(&prefix, exp).unwrap().value;
        prop_assert!(v.verify_cookie(&cookie, &url, exp).is_ok());
        prop_assert_eq!(v.verify_cookie(&cookie, &url, exp + 1), Err(AuraError::Expired));
        if let Some(changed) = flip(&cookie, at, to) {
            prop_assert!(v.verify_cookie(&changed, &url, exp).is_err(), "{changed}");
        }
    }

    #[test]
    fn media_cdn_url_cookie_path_component(p in path(), exp in 0i64..4_000_000_000, at in any::<usize>(), to in 0x21u8..0x7f) {
        let signer = MediaCdnSigner::new("my-key", SEED).unwrap();
        let mut v = MediaCdnVerifier::new();
        v.add_public_key("my-key", &signer.public_key()).unwrap();
        let prefix = format!("https://cdn.example.com/{p}");
        let url = format!("{prefix}/a.mp4");
        for (signed, is_prefix) in [
            (signer.sign_url(&url, exp).unwrap().value, false),
            (signer.sign_url_prefix(&url, &prefix, exp).unwrap().value, true),
        ] {
            prop_assert!(v.verify_url(&signed, exp).is_ok());
            prop_assert_eq!(v.verify_url(&signed, exp + 1), Err(AuraError::Expired));
            let changed = if is_prefix { flip_policy(&signed, at, to) } else { flip(&signed, at, to) };
            if let Some(changed) = changed {
                prop_assert!(v.verify_url(&changed, exp).is_err(), "{changed}");
            }
        }
        let cookie = signer.sign_cookie(&prefix, exp).unwrap().value;
        prop_assert!(v.verify_cookie(&cookie, &url, exp).is_ok());
        prop_assert_eq!(v.verify_cookie(&cookie, &url, exp + 1), Err(AuraError::Expired));
        let component = signer.sign_path_component(&format!("{prefix}/"), "seg.ts", exp).unwrap().value;
        prop_assert!(v.verify_path_component(&component, exp).is_ok());
        prop_assert_eq!(v.verify_path_component(&component, exp + 1), Err(AuraError::Expired));
        // The part after the token is not signed: change only the signed part.
        let signed_len = component.rfind('/').unwrap();
        if let Some(changed) = flip(&component[..signed_len], at, to) {
            let changed = format!("{changed}{}", &component[signed_len..]);
            prop_assert!(v.verify_path_component(&changed, exp).is_err(), "{changed}");
        }
    }

    #[test]
    fn media_cdn_tokens(p in "[a-z]{1,8}", exp in 1i64..4_000_000_000, alg in 0usize..3, at in any::<usize>(), to in 0x21u8..0x7f) {
        let (algorithm, key) = [
            (TokenAlgorithm::Ed25519, SEED),
            (TokenAlgorithm::HmacSha1, HMAC_KEY),
            (TokenAlgorithm::HmacSha256, HMAC_KEY),
        ][alg];
        let signer = MediaCdnTokenSigner::new(key, algorithm).unwrap();
        let mut v = MediaCdnTokenVerifier::new();
        match signer.public_key() {
            Some(public) => v.add_ed25519_public_key(&public).unwrap(),
            None => v.add_hmac_key(key).unwrap(),
        }
        let mut options = MediaCdnTokenOptions::new(TokenResource::PathGlobs(format!("/{p}/*")));
        options.expires = Some(exp);
        options.starts = Some(exp - 1);
        options.session_id = Some("s".into());
        options.headers = vec![("X-A".into(), "1".into())];
        options.ip_ranges = Some("192.0.2.0/24".into());
        let token = signer.sign(&options, 0).unwrap().value;
        let path = format!("/{p}/a.ts");
        let headers = [("x-a", "1")];
        let request = TokenRequest { url: "", path: &path, headers: &headers, ip: Some("192.0.2.9".parse().unwrap()) };
        prop_assert!(v.verify(&token, &request, exp).is_ok());
        prop_assert_eq!(v.verify(&token, &request, exp + 1), Err(AuraError::Expired));
        prop_assert_eq!(v.verify(&token, &request, exp - 2), Err(AuraError::NotYetValid));
        if let Some(changed) = flip(&token, at, to) {
            prop_assert!(v.verify(&changed, &request, exp).is_err(), "{changed}");
        }
        let other_header = [("x-a", "2")];
        let other = TokenRequest { headers: &other_header, ..request };
        prop_assert_eq!(v.verify(&token, &other, exp), Err(AuraError::BadSignature));
    }
}
