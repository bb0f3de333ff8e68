//! Cloudflare Stream tokens (RS256) against fixed trusted keys: the four
//! keys of `tests/vectors/cloudflare-stream.json`, each under its id, so
//! vector tokens used as seeds pass the signature check.
//!
//! Input: [`Header`], then `video_id` NUL `ip` NUL `token`.
//! - Any token: `StreamVerifier::verify` with options chosen by the flags
//!   (video check, purpose, leeway, viewer IP and country) and `inspect`
//!   return (never panic).
//! - Property: a token signed by `StreamSigner` (style, lifetime,
//!   `downloadable` and access rules from the input, an `ip.src` rule over the
//!   input's `ip` text when it parses) is accepted at `now`, refused at `exp`
//!   (`expired`), refused for downloads unless `downloadable`, decides a
//!   viewer exactly as the signed rules do, and is refused after any one byte
//!   changes.
#![no_main]

use std::net::IpAddr;
use std::sync::OnceLock;

use aura_core::inspect::{inspect, Expectations, InspectKeys};
use aura_core::stream::{
    evaluate_access_rules, AccessRule, Decision, Purpose, RuleAction, StreamSigner, StreamStyle,
    StreamTokenOptions, StreamVerifier, StreamVerifyOptions, VideoIdCheck,
};
use aura_core::{AuraError, Secret};
use aura_fuzz::{change_one_byte, property_now, stream_keys, Reader};
use libfuzzer_sys::fuzz_target;

struct Fixed {
    verifier: StreamVerifier,
    signers: Vec<StreamSigner>,
    inspect_keys: InspectKeys,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let keys = stream_keys();
        let key = &keys[0];
        Fixed {
            verifier: StreamVerifier::new(keys.iter().map(|k| k.public.clone()).collect()).unwrap(),
            signers: [
                StreamStyle::Cloudflare,
                StreamStyle::Jsonwebtoken,
                StreamStyle::JsonwebtokenClaimsKid,
                StreamStyle::GoJose,
            ]
            .into_iter()
            .map(|s| StreamSigner::new(key.private.clone(), None, s).unwrap())
            .collect(),
            inspect_keys: InspectKeys::new(
                vec![Secret::new(key.spki_pem.clone())],
                Some(key.id.clone()),
            ),
        }
    })
}

const VIEWERS: [Option<&str>; 4] = [
    None,
    Some("81.2.69.160"),
    Some("2001:db8::1"),
    Some("10.0.0.1"),
];

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let h = r.header();
    let video = r.field_text();
    let ip_text = r.field_text();
    let token = r.rest_text();
    let f = fixed();

    // 1. Never panics.
    let viewer_ip: Option<IpAddr> =
        VIEWERS[usize::from(h.flags >> 5) % 4].map(|v| v.parse().unwrap());
    let country = (h.flags & 0x80 != 0).then_some("GB");
    let options = StreamVerifyOptions {
        video_id: if h.flags & 1 == 0 {
            VideoIdCheck::Exact(&video)
        } else {
            VideoIdCheck::Any
        },
        now: h.now,
        leeway: [0, 30, 300, 301, -1][usize::from(h.flags >> 2 & 7) % 5],
        purpose: if h.flags & 2 == 0 {
            Purpose::Playback
        } else {
            Purpose::Download
        },
        viewer_ip,
        viewer_country: country,
        require_exp: h.repl & 1 == 0,
    };
    let _ = f.verifier.verify(&token, &options);
    let expect = Expectations {
        video_id: (!video.is_empty()).then(|| video.clone()),
        ..Expectations::default()
    };
    let _ = inspect(&token, &f.inspect_keys, &expect, h.now);

    // 2. Sign, verify, tamper.
    let now = property_now(h.now);
    let video = if video.is_empty() {
        "v".to_string()
    } else {
        video
    };
    let signer = &f.signers[usize::from(h.flags) % 4];
    let rules = match (h.flags >> 2) % 4 {
        0 => None,
        1 => Some(vec![AccessRule::any(RuleAction::Allow)]),
        2 => Some(vec![
            AccessRule::country(RuleAction::Block, &["GB"]).unwrap(),
            AccessRule::any(RuleAction::Allow),
        ]),
        _ => AccessRule::ip_src(RuleAction::Allow, &[ip_text.as_str()])
            .ok()
            .map(|rule| vec![rule, AccessRule::any(RuleAction::Block)]),
    };
    let lifetime = 1 + i64::from(h.pos) % 86_400;
    let downloadable = [None, Some(true), Some(false)][usize::from(h.repl) % 3];
    let opts = StreamTokenOptions {
        expires_in: Some(lifetime),
        not_before: (h.repl & 4 != 0).then_some(now - 30),
        access_rules: rules.clone(),
        downloadable,
        allow_long_lifetime: false,
    };
    let signed = signer
        .sign(&video, &opts, now)
        .unwrap_or_else(|e| panic!("sign refused {video:?} {opts:?}: {e:?}"));
    let check = |purpose, now, viewer_ip, viewer_country| {
        let mut o = StreamVerifyOptions::new(VideoIdCheck::Exact(&video), now);
        o.purpose = purpose;
        o.viewer_ip = viewer_ip;
        o.viewer_country = viewer_country;
        f.verifier.verify(&signed, &o)
    };
    check(Purpose::Playback, now, None, None)
        .unwrap_or_else(|e| panic!("fresh token refused: {e:?}\n{signed}"));
    assert_eq!(
        check(Purpose::Playback, now + lifetime, None, None),
        Err(AuraError::Expired)
    );
    assert_eq!(
        check(Purpose::Download, now, None, None).is_ok(),
        downloadable == Some(true)
    );
    if let Some(rules) = &rules {
        let want = match evaluate_access_rules(rules, viewer_ip, country) {
            (Decision::Block, Some(i)) if viewer_ip.is_some() || country.is_some() => {
                Err(AuraError::AccessDenied { rule_index: i })
            }
            _ => Ok(()),
        };
        assert_eq!(
            check(Purpose::Playback, now, viewer_ip, country).map(|_| ()),
            want,
            "rules {rules:?} viewer {viewer_ip:?} {country:?}"
        );
    }
    let tampered = change_one_byte(&signed, h.pos.into(), h.repl);
    assert!(
        f.verifier
            .verify(&tampered, &StreamVerifyOptions::new(VideoIdCheck::Any, now))
            .is_err(),
        "tampered token accepted: {signed} -> {tampered}"
    );
});
