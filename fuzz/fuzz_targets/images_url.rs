//! Cloudflare Images signed delivery URLs.
//!
//! Input: [`Header`], `expires_in` (u32), then `key` NUL `url`.
//! - Any URL and key: `sign_images_url` in both modes, the verifier on the
//!   URL as given, and `inspect` return (never panic), also with the raw
//!   `now` (overflow paths).
//! - Property (`default` mode): a URL it signs verifies at `now` and at
//!   `exp` (`Ok(exp)`), is `expired` at `exp + 1`, and is refused after any
//!   one character of its `sig` changes. A `worker`-mode URL whose signed
//!   string equals the default mode's verifies too.
#![no_main]

use aura_core::images::{sign_images_url, verify_images_url, ImagesMode, ImagesVerifier};
use aura_core::inspect::{inspect, Expectations, InspectKeys};
use aura_core::{AuraError, Secret};
use aura_fuzz::{change_one_byte_in, property_now, Reader};
use libfuzzer_sys::fuzz_target;

const FIXED_KEY: &str = "YOUR_KEY_FROM_IMAGES_DASHBOARD";

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let h = r.header();
    let expires_in = i64::from(r.u32());
    let key = r.field_text();
    let url = r.rest_text();

    // 1. Never panics.
    for mode in [ImagesMode::Default, ImagesMode::Worker] {
        let _ = sign_images_url(&url, &key, expires_in, h.now, mode);
        let _ = sign_images_url(&url, FIXED_KEY, i64::MAX - i64::from(h.pos), h.now, mode);
    }
    let _ = verify_images_url(&url, &[&key], h.now);
    let _ = ImagesVerifier::new(&[FIXED_KEY, &key]).map(|v| v.verify(&url, h.now));
    let keys = InspectKeys::new(vec![Secret::new(key.clone())], None);
    let _ = inspect(&url, &keys, &Expectations::default(), h.now);

    // 2. Sign, verify, tamper.
    if key.is_empty() {
        return;
    }
    let now = property_now(h.now);
    let expires_in = expires_in.max(1);
    let exp = now + expires_in;
    let Ok(signed) = sign_images_url(&url, &key, expires_in, now, ImagesMode::Default) else {
        return;
    };
    let ctx = || format!("url {url:?} key {key:?} now {now} -> {:?}", signed.url);
    assert_eq!(
        verify_images_url(&signed.url, &[&key], now),
        Ok(exp),
        "{}",
        ctx()
    );
    assert_eq!(
        verify_images_url(&signed.url, &[&key], exp),
        Ok(exp),
        "{}",
        ctx()
    );
    assert_eq!(
        verify_images_url(&signed.url, &[&key], exp + 1),
        Err(AuraError::Expired),
        "{}",
        ctx()
    );
    // `…&sig=<64 hex>` ends the query; a fragment may follow.
    let end = signed.url.find('#').unwrap_or(signed.url.len());
    assert!(
        end >= 64 && signed.url[..end - 64].ends_with("sig="),
        "{}",
        ctx()
    );
    let tampered = change_one_byte_in(&signed.url, end - 64..end, h.pos.into(), h.repl);
    assert!(
        verify_images_url(&tampered, &[&key], now).is_err(),
        "tampered sig accepted: {tampered:?} ({})",
        ctx()
    );

    if let Ok(worker) = sign_images_url(&url, &key, expires_in, now, ImagesMode::Worker) {
        if worker.string_to_sign == signed.string_to_sign {
            assert_eq!(
                verify_images_url(&worker.url, &[&key], now),
                Ok(exp),
                "worker URL {:?} ({})",
                worker.url,
                ctx()
            );
        }
    }
});
