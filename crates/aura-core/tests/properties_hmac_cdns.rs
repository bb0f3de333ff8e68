//! Property tests for the HMAC CDN token schemes (Bunny, Akamai, imgix):
//! sign → verify accepts; one changed character inside the signed part is
//! refused; expired is refused; another key is refused.

use aura_core::akamai::{
    EdgeAuthAlgorithm, EdgeAuthOptions, EdgeAuthSigner, EdgeAuthStart, EdgeAuthStyle,
    EdgeAuthVerifier,
};
use aura_core::bunny::{BunnyOptions, BunnySigner, BunnyStyle, BunnyVerifier, BunnyViewer};
use aura_core::imgix::{
    ImgixClient, ImgixClientOptions, ImgixSrcsetOptions, ImgixStyle, ImgixValue, ImgixVerifier,
};
use aura_core::AuraError;
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000;

/// Flips one ASCII alphanumeric character of `s[range]` (never the same one).
fn mutate(s: &str, range: std::ops::Range<usize>, pick: usize) -> Option<String> {
    let positions: Vec<usize> = range
        .filter(|&i| s.as_bytes()[i].is_ascii_alphanumeric())
        .collect();
    if positions.is_empty() {
        return None;
    }
    let i = positions[pick % positions.len()];
    let mut out = s.as_bytes().to_vec();
    out[i] = if out[i] == b'a' { b'b' } else { b'a' };
    Some(String::from_utf8(out).unwrap())
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn bunny_ip() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<[u8; 4]>().prop_map(|o| Some(std::net::Ipv4Addr::from(o).to_string())),
        any::<[u16; 8]>()
            .prop_filter("not IPv4-mapped", |s| s[..5] != [0; 5])
            .prop_map(|s| Some(std::net::Ipv6Addr::from(s).to_string())),
    ]
}

fn countries() -> impl Strategy<Value = Option<Vec<String>>> {
    proptest::option::of(proptest::collection::vec("[A-Z]{2}", 1..4))
}

prop_compose! {
    fn bunny_case()(
        segments in proptest::collection::vec("[A-Za-z0-9._~-]{1,10}", 1..4),
        trailing_slash in any::<bool>(),
        params in proptest::collection::btree_map("[a-z][a-z0-9_]{0,8}", "\\PC{0,10}", 0..4),
        directory in any::<bool>(),
        ip in bunny_ip(),
        allowed_depth in proptest::option::of(0usize..4),
        allowed in countries(),
        blocked in countries(),
        ignore_params in any::<bool>(),
        speed_limit in prop_oneof![Just(0i64), 1i64..100_000],
        lifetime in 0i64..1_000_000,
        absolute in any::<bool>(),
        style in prop_oneof![
            Just(BunnyStyle::Default), Just(BunnyStyle::Node), Just(BunnyStyle::Python),
            Just(BunnyStyle::Go), Just(BunnyStyle::Rust), Just(BunnyStyle::Php)
        ],
    ) -> (String, BunnyOptions) {
        let segments: Vec<String> = segments
            .into_iter()
            .map(|s| if s == "." || s == ".." { "x".to_string() } else { s })
            .collect();
        let mut path = format!("/{}", segments.join("/"));
        if trailing_slash {
            path.push('/');
        }
        let query: Vec<String> = params
            .iter()
            .filter(|(k, _)| !["token", "expires", "bcdn_token", "limit"].contains(&k.as_str()) && !k.starts_with("token_"))
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        let url = if query.is_empty() {
            format!("https://cdn.example.b-cdn.net{path}")
        } else {
            format!("https://cdn.example.b-cdn.net{path}?{}", query.join("&"))
        };
        let path_allowed = allowed_depth.map(|d| {
            let d = d.min(segments.len() - 1);
            let mut prefix: String = segments.iter().take(d).map(|s| format!("/{s}")).collect();
            prefix.push('/');
            prefix
        });
        let blocked = blocked.map(|b| {
            b.into_iter()
                .filter(|c| allowed.as_ref().is_none_or(|a| !a.contains(c)) && c != "ZZ")
                .collect::<Vec<_>>()
        }).filter(|b| !b.is_empty());
        let options = BunnyOptions {
            style,
            expiration_time: lifetime,
            expires_at: absolute.then_some(NOW + lifetime),
            user_ip: ip,
            directory,
            path_allowed,
            countries_allowed: allowed.map(|a| a.join(",")),
            countries_blocked: blocked.map(|b| b.join(",")),
            ignore_params,
            speed_limit,
        };
        (url, options)
    }
}

fn bunny_viewer(o: &BunnyOptions) -> (Option<String>, String) {
    let country = match (&o.countries_allowed, o.ignore_params) {
        (Some(list), false) => list.split(',').next().unwrap().to_string(),
        _ => "ZZ".to_string(),
    };
    (o.user_ip.clone(), country)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn bunny_urls_round_trip_and_resist_tampering((url, o) in bunny_case(), pick in any::<usize>()) {
        let signed = BunnySigner::new("bunny-property-key").unwrap().sign(&url, &o, NOW).unwrap();
        let verifier = BunnyVerifier::new(&["older-key", "bunny-property-key"]).unwrap();
        let (ip, country) = bunny_viewer(&o);
        let viewer = BunnyViewer { ip: ip.as_deref(), country: Some(&country) };
        let token = verifier.verify(&signed.url, signed.expires, &viewer);
        prop_assert!(token.is_ok(), "{} {:?}: {:?}", signed.url, o, token);
        let token = token.unwrap();
        prop_assert_eq!(token.expires, signed.expires);
        prop_assert_eq!(token.ip_locked, o.user_ip.is_some());
        prop_assert_eq!(token.directory, o.directory);
        prop_assert_eq!(&token.path_allowed, &o.path_allowed);
        prop_assert!(matches!(verifier.verify(&signed.url, signed.expires + 1, &viewer), Err(AuraError::Expired)));
        prop_assert!(matches!(
            BunnyVerifier::new(&["older-key"]).unwrap().verify(&signed.url, NOW, &viewer),
            Err(AuraError::BadSignature)
        ));
        if o.user_ip.is_some() {
            let other = if o.user_ip.as_deref().unwrap().contains(':') { "1.2.3.4" } else { "2001:db8::1" };
            let elsewhere = BunnyViewer { ip: Some(other), country: Some(&country) };
            prop_assert!(verifier.verify(&signed.url, NOW, &elsewhere).is_err());
        }
        // The signed part: after the host; the path only when no
        // path_allowed replaces it in the signature.
        let start = signed.url.find(".net").unwrap() + 4;
        let query_start = if o.directory { start } else { signed.url.find('?').unwrap() };
        let range = if o.path_allowed.is_some() && !o.directory { query_start..signed.url.len() } else { start..signed.url.len() };
        let range = if o.path_allowed.is_some() && o.directory {
            start..start + signed.url[start + 1..].find('/').unwrap() + 1
        } else { range };
        if let Some(tampered) = mutate(&signed.url, range, pick) {
            prop_assert!(verifier.verify(&tampered, NOW, &viewer).is_err(), "{} accepted", tampered);
        }
    }
}

prop_compose! {
    fn edgeauth_case()(
        key in proptest::collection::vec(any::<u8>(), 8..40),
        upper in any::<bool>(),
        algorithm in prop_oneof![Just(EdgeAuthAlgorithm::Sha256), Just(EdgeAuthAlgorithm::Sha1), Just(EdgeAuthAlgorithm::Md5)],
        style in prop_oneof![Just(EdgeAuthStyle::Default), Just(EdgeAuthStyle::Node), Just(EdgeAuthStyle::Python)],
        ip in proptest::option::of(prop_oneof![
            any::<[u8; 4]>().prop_map(|o| std::net::Ipv4Addr::from(o).to_string()),
            any::<[u16; 8]>().prop_filter("not IPv4-mapped", |s| s[..5] != [0; 5]).prop_map(|s| std::net::Ipv6Addr::from(s).to_string()),
        ]),
        start in proptest::option::of(prop_oneof![Just(None), (1i64..1_000_000).prop_map(Some)]),
        end_or_window in prop_oneof![(1i64..1_000_000).prop_map(|w| (None, Some(w))), (1i64..1_000_000).prop_map(|e| (Some(e), None))],
        session_id in proptest::option::of("[A-Za-z0-9_.:/-]{1,12}"),
        payload in proptest::option::of("[A-Za-z0-9_.:/'*-]{1,12}"),
        salt in proptest::option::of("[A-Za-z0-9]{1,12}"),
        escape_early in any::<bool>(),
        delimiters in prop_oneof![Just(("~", "!")), Just((";", ",")), Just(("&", "|"))],
        url in "/[a-z0-9._-]{1,10}(/[a-z0-9._-]{1,10}){0,3}",
        acl in proptest::option::of(proptest::collection::vec("/[a-z0-9]{1,6}/\\*", 1..4)),
    ) -> (String, EdgeAuthAlgorithm, EdgeAuthOptions, String, Option<Vec<String>>) {
        let key = if upper { hex::encode_upper(&key) } else { hex::encode(&key) };
        let now = NOW;
        let start_time = start.map(|s| match s {
            None => EdgeAuthStart::Now,
            Some(back) => EdgeAuthStart::At(now - back),
        });
        let (end_time, window_seconds) = end_or_window;
        let end_time = end_time.map(|e| now + e);
        let o = EdgeAuthOptions {
            style, ip, start_time, end_time, window_seconds, session_id, payload, salt,
            field_delimiter: delimiters.0.into(), acl_delimiter: delimiters.1.into(), escape_early,
        };
        (key, algorithm, o, url, acl)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn edgeauth_tokens_round_trip_and_resist_tampering((key, algorithm, o, url, acl) in edgeauth_case(), pick in any::<usize>()) {
        let signer = EdgeAuthSigner::new(&key, algorithm).unwrap();
        let signed = match &acl {
            Some(acl) => signer.acl_token(acl, &o, NOW),
            None => signer.url_token(&url, &o, NOW),
        };
        let signed = match signed {
            // An end before a past start, or the field delimiter inside an
            // escaped value: refused by rule, nothing to verify.
            Err(AuraError::InvalidInput(_)) => return Ok(()),
            other => other.unwrap(),
        };
        let verifier = EdgeAuthVerifier::new(&["00112233445566778899aabbccddeeff", &key], algorithm, &o).unwrap();
        let path = acl.as_ref().map(|a| a[a.len() - 1].replace('*', "deep/file.ts"));
        let verify = |token: &str, now: i64, ip: Option<&str>| match &path {
            Some(p) => verifier.verify_acl(token, p, now, ip),
            None => verifier.verify_url(token, &url, now, ip),
        };
        let at = signed.expires - 1;
        prop_assume!(signed.start.is_none_or(|s| s <= at));
        let ip = o.ip.as_deref();
        let claims = verify(&signed.token, at, ip);
        prop_assert!(claims.is_ok(), "{}: {:?}", signed.token, claims);
        prop_assert!(matches!(verify(&signed.token, signed.expires, ip), Err(AuraError::Expired)));
        if let Some(st) = signed.start.filter(|s| *s > 0) {
            prop_assert!(matches!(verify(&signed.token, st - 1, ip), Err(AuraError::NotYetValid)));
        }
        let other = EdgeAuthVerifier::new(&["00112233445566778899aabbccddeeff"], algorithm, &o).unwrap();
        let other_result = match &path {
            Some(p) => other.verify_acl(&signed.token, p, at, ip),
            None => other.verify_url(&signed.token, &url, at, ip),
        };
        prop_assert!(matches!(other_result, Err(AuraError::BadSignature)));
        let elsewhere = match &path {
            None => verifier.verify_url(&signed.token, &format!("{url}x"), at, ip),
            Some(_) => verifier.verify_acl(&signed.token, "/elsewhere/x", at, ip),
        };
        let refused_elsewhere = match &path {
            None => matches!(elsewhere, Err(AuraError::BadSignature)),
            Some(_) => matches!(elsewhere, Err(AuraError::AccessDenied { .. })),
        };
        prop_assert!(refused_elsewhere, "{:?}", elsewhere);
        if ip.is_some_and(|i| i != "192.0.2.250") {
            let other_viewer = verify(&signed.token, at, Some("192.0.2.250"));
            let denied = matches!(other_viewer, Err(AuraError::AccessDenied { .. }));
            prop_assert!(denied, "{:?}", other_viewer);
        }
        if let Some(tampered) = mutate(&signed.token, 0..signed.token.len(), pick) {
            prop_assert!(verify(&tampered, at, ip).is_err(), "{} accepted", tampered);
        }
    }
}

fn imgix_value() -> impl Strategy<Value = ImgixValue> {
    prop_oneof![
        "\\PC{0,12}".prop_map(ImgixValue::Text),
        any::<i32>().prop_map(|i| ImgixValue::Int(i as i64)),
        (-1e6f64..1e6).prop_map(ImgixValue::Float),
        any::<bool>().prop_map(ImgixValue::Bool),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn imgix_urls_round_trip_and_resist_tampering(
        style in prop_oneof![Just(ImgixStyle::Js), Just(ImgixStyle::Python)],
        token in "[A-Za-z0-9]{4,32}",
        path in prop_oneof!["\\PC{0,30}", "https?://[a-z.]{1,12}/\\PC{0,12}"],
        params in proptest::collection::btree_map("[a-z][a-z]{0,6}", imgix_value(), 0..5),
        expires in proptest::option::of(NOW - 1000..NOW + 1000),
        library in any::<bool>(),
        srcset in any::<bool>(),
        pick in any::<usize>(),
    ) {
        let mut params: Vec<(String, ImgixValue)> = params.into_iter().filter(|(k, _)| k != "expires" && k != "s").collect();
        if let Some(e) = expires {
            params.push(("expires".into(), ImgixValue::Int(e)));
        }
        let client = ImgixClient::new("assets.example.imgix.net", Some(&token),
            ImgixClientOptions { style, use_https: true, include_library_param: library }).unwrap();
        let out = if srcset {
            client.build_srcset(&path, &params, &ImgixSrcsetOptions { widths: Some(vec![100, 640]), ..Default::default() }).unwrap()
        } else {
            client.build_url(&path, &params, false).unwrap()
        };
        let verifier = ImgixVerifier::new(&["older-token", &token]).unwrap();
        for entry in out.split(",\n") {
            let url = if srcset { entry.rsplit_once(' ').unwrap().0 } else { entry };
            let now = expires.unwrap_or(NOW);
            let verified = verifier.verify(url, now);
            prop_assert!(verified.is_ok(), "{}: {:?}", url, verified);
            prop_assert_eq!(verified.unwrap().expires, expires);
            if let Some(e) = expires {
                prop_assert!(matches!(verifier.verify(url, e + 1), Err(AuraError::Expired)));
            }
            prop_assert!(matches!(ImgixVerifier::new(&["older-token"]).unwrap().verify(url, now), Err(AuraError::BadSignature)));
            let start = url.find(".net").unwrap() + 4;
            if let Some(tampered) = mutate(url, start..url.len(), pick) {
                prop_assert!(verifier.verify(&tampered, now).is_err(), "{} accepted", tampered);
            }
        }
    }
}
