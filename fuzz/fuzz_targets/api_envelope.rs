//! API answers: Cloudflare's v4 envelope and every `cloudflare::parse_*`,
//! the AuraImage answers, `Retry-After`, the retry decision, and the
//! sans-IO [`Exchange`] state machine driven by arbitrary answers/failures.
//!
//! Input: status (u16), operation (u8), flags (u8), now (i64), then an
//! event-section length (u16), that many bytes of events (decoded with
//! `arbitrary`), then the body (the rest).
//! - Any (status, body): every parser returns (never panics);
//!   `error_codes` of every error returns.
//! - `next_attempt` never waits longer than the policy's `max_delay_ms`,
//!   whatever `Retry-After` says.
//! - An `Exchange` for the chosen operation, answered first with
//!   (status, body) and then with the decoded events (answers with any
//!   status, `Retry-After`, headers and a fuzz, canned or empty body; or
//!   transport failures), never panics, never asks to wait longer than
//!   30 s, and ends (an answer or an error) within 2 requests × 3 attempts;
//!   once the events run out it is answered 404, and must end within two
//!   more steps. Calls out of order (before `start`, after the end) return.
#![no_main]

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use aura_core::auraimage::{
    parse_set_visibility_response, parse_upload_response, AuraImage, UploadFromUrlOptions,
    UploadOptions,
};
use aura_core::cloudflare::{self as cf, Api, Auth, EnsureOptions, StreamTokenRequest};
use aura_core::exchange::{Exchange, Failure, Step};
use aura_core::http::retry_after::parse_http_date;
use aura_core::http::{
    next_attempt, parse_retry_after, parse_v4_envelope, Decision, Method, Outcome, RetryPolicy,
};
use aura_core::AuraError;
use aura_fuzz::Reader;
use libfuzzer_sys::fuzz_target;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const UID: &str = "6adaa62bb5a07421e7dfe269e4161f35";
const MAX_DELAY_MS: u64 = 30_000;
/// Two requests (list, then create/delete; fetch, then upload), three
/// attempts each.
const MAX_SENDS: usize = 6;

#[derive(Arbitrary, Debug)]
enum Status {
    Ok,
    Created,
    TooMany,
    Server,
    Unavailable,
    NotFound,
    Timeout,
    Any(u16),
}

impl Status {
    fn code(&self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::Created => 201,
            Status::TooMany => 429,
            Status::Server => 500,
            Status::Unavailable => 503,
            Status::NotFound => 404,
            Status::Timeout => 408,
            Status::Any(s) => *s,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Body {
    /// The input's body.
    Fuzz,
    /// One of [`canned`].
    Canned(u8),
    Empty,
    Bytes(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum FailureKind {
    NotSent,
    Lost,
    TimedOut,
}

#[derive(Arbitrary, Debug)]
enum Event {
    Answer {
        status: Status,
        retry_after: Option<String>,
        content_type: Option<String>,
        content_length: Option<String>,
        body: Body,
        now_delta: i32,
        jitter: f64,
    },
    Fail {
        kind: FailureKind,
        message: String,
        jitter: f64,
    },
}

/// Well-formed answers, so sequences reach their later stages.
fn canned() -> &'static [Vec<u8>] {
    static C: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    C.get_or_init(|| {
        let ok = |result: &str| {
            format!(r#"{{"success":true,"errors":[],"messages":[],"result":{result}}}"#)
                .into_bytes()
        };
        // The first Stream vector key in Cloudflare's `pem`/`jwk` shapes.
        let file: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/vectors/cloudflare-stream.json"
        ))
        .unwrap();
        let f = &file["keys"][0]["formats"];
        vec![
            ok(r#"{"keys":[{"name":"default","value":"v0"},{"name":"prod","value":"v1"}]}"#),
            ok(r#"{"keys":[{"name":"default","value":"v0"}]}"#),
            ok(r#"{"keys":[{"name":"prod","value":"v2"}]}"#),
            ok(r#"{"keys":[]}"#),
            ok(&format!(
                r#"{{"id":"{ACCOUNT}","pem":{},"jwk":{},"created":"2024-01-01T00:00:00Z"}}"#,
                f["cf_pem_b64"], f["cf_jwk_b64"]
            )),
            ok(r#"[{"created":"2014-01-02T02:20:00Z","id":"023e105f4ecef8ad9ca31a8372d0c353"}]"#),
            ok(r#""Revoked""#),
            ok(r#"{"id":"img-1","requireSignedURLs":true,"variants":[]}"#),
            ok(&format!(r#"{{"uid":"{UID}","requireSignedURLs":true,"readyToStream":true}}"#)),
            ok(r#"{"token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}"#),
            br#"{"success":false,"errors":[{"code":5404,"message":"Key not found"}],"messages":[],"result":null}"#.to_vec(),
            br#"{"visibility":"private"}"#.to_vec(),
            br#"{"url":"https://cdn.example.com/my-app/cat","name":"cat","blurhash":"L00000","width":1,"height":1,"format":"jpeg","size":10,"visibility":"public"}"#.to_vec(),
            br#"{"message":"Invalid or expired signature"}"#.to_vec(),
        ]
    })
}

struct Fixed {
    api: Api,
    aura: AuraImage,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| Fixed {
        api: Api::new(ACCOUNT, Auth::api_token("fuzz-api-token").unwrap()).unwrap(),
        aura: AuraImage::new(
            "sk_live_fuzz",
            "my-app",
            Some("psk_live_fuzz"),
            Some("https://cdn.example.com"),
        )
        .unwrap(),
    })
}

fn exchange(op: u8, flags: u8, now: i64) -> Option<Exchange> {
    let Fixed { api, aura } = fixed();
    let options = EnsureOptions {
        adopt: flags & 1 != 0,
        delete: flags & 2 != 0,
    };
    let on = flags & 4 != 0;
    let ex = match op % 17 {
        0 => Exchange::set_visibility(aura, "photo", "private", now),
        1 => Exchange::upload(
            aura,
            b"\x89PNG\r\n\x1a\n",
            "a.png",
            "image/png",
            &UploadOptions::default(),
            now,
            "aura-fuzz-boundary",
        ),
        2 => Exchange::upload_from_url(
            aura,
            "https://example.com/images/cat.jpg",
            &UploadFromUrlOptions {
                max_size: (flags & 8 != 0).then(|| "16b".into()),
                ..UploadFromUrlOptions::default()
            },
            now,
            "aura-fuzz-boundary",
        ),
        3 => Exchange::list_images_keys(api),
        4 => Exchange::create_images_key(api, "prod"),
        5 => Exchange::rotate_images_key(api, "prod"),
        6 => Exchange::delete_images_key(api, "prod"),
        7 => Exchange::ensure_signing_key(api, "prod", &options),
        8 => Exchange::remove_signing_key(api, "prod", &options),
        9 => Exchange::image_details(api, "img-1"),
        10 => Exchange::set_image_require_signed_urls(api, "img-1", on),
        11 => Exchange::create_stream_key(api),
        12 => Exchange::list_stream_keys(api),
        13 => Exchange::revoke_stream_key(api, ACCOUNT),
        14 => Exchange::video_details(api, UID),
        15 => Exchange::set_video_require_signed_urls(api, UID, on),
        _ => Exchange::stream_token(api, UID, &StreamTokenRequest::default()),
    };
    // Every constructor is called with valid arguments: `now` is the only
    // input, and only the AuraImage ones read it (|now| > 2^53 is refused).
    match ex {
        Ok(ex) => Some(ex),
        Err(e) if op % 17 <= 2 => {
            assert_eq!(e.code(), "invalid_input", "{e:?}");
            None
        }
        Err(e) => panic!("constructor {} refused: {e:?}", op % 17),
    }
}

fn parsers(status: u16, body: &[u8], now: i64) {
    let mut errors: Vec<AuraError> = Vec::new();
    let mut keep = |r: Result<(), AuraError>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    keep(parse_v4_envelope(status, body).map(drop));
    keep(cf::parse_list_images_keys(status, body).map(drop));
    keep(cf::parse_put_images_key(status, body, "prod").map(drop));
    keep(cf::parse_delete_images_key(status, body).map(drop));
    keep(cf::parse_image_details(status, body).map(drop));
    keep(cf::parse_set_image_require_signed_urls(status, body).map(drop));
    keep(cf::parse_create_stream_key(status, body).map(drop));
    keep(cf::parse_list_stream_keys(status, body).map(drop));
    keep(cf::parse_revoke_stream_key(status, body).map(drop));
    keep(cf::parse_video_details(status, body).map(drop));
    keep(cf::parse_set_video_require_signed_urls(status, body).map(drop));
    keep(cf::parse_stream_token(status, body).map(drop));
    keep(parse_upload_response(status, body).map(drop));
    keep(parse_set_visibility_response(status, &String::from_utf8_lossy(body)).map(drop));
    for e in &errors {
        let _ = cf::error_codes(e);
        let _ = (e.code(), e.message());
    }

    let text = String::from_utf8_lossy(body);
    let _ = parse_http_date(&text);
    let _ = parse_retry_after(&text, now);
    let policy = RetryPolicy::default();
    for method in [Method::Get, Method::Post, Method::Put, Method::Delete] {
        for attempt in [0, 1, 2, 3, u32::MAX] {
            let outcome = Outcome::Response {
                status,
                retry_after: Some(&text),
            };
            if let Decision::Retry { delay_ms } = next_attempt(
                &policy,
                attempt,
                method,
                outcome,
                now,
                f64::from(status) / 600.0,
            ) {
                assert!(
                    delay_ms <= policy.max_delay_ms,
                    "{delay_ms} ms for {text:?}"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let status = r.u16();
    let op = r.u8();
    let flags = r.u8();
    let now = r.i64();
    let events_len = usize::from(r.u16());
    let events = r.bytes(events_len);
    let body = r.rest();

    parsers(status, body, now);

    let Some(mut ex) = exchange(op, flags, now) else {
        return;
    };
    assert!(
        ex.receive(status, &[], body, now, 0.5).is_err(),
        "answer before start"
    );
    let mut u = Unstructured::new(events);
    let mut step = ex.start();
    let mut sends = 0usize;
    let mut after_events = 0usize;
    let mut first = true;
    let ended = loop {
        let out = match step {
            Step::Done(_) => break true,
            Step::Send(out) => out,
        };
        sends += 1;
        assert!(
            sends <= MAX_SENDS,
            "operation {} still sending after {MAX_SENDS} requests",
            op % 17
        );
        assert!(
            out.delay_ms <= MAX_DELAY_MS,
            "asked to wait {} ms",
            out.delay_ms
        );
        let event = if first {
            first = false;
            Event::Answer {
                status: Status::Any(status),
                retry_after: None,
                content_type: Some("image/jpeg".into()),
                content_length: None,
                body: Body::Fuzz,
                now_delta: 0,
                jitter: 0.5,
            }
        } else if u.is_empty() {
            after_events += 1;
            assert!(
                after_events <= 2,
                "operation {} did not end on 404s",
                op % 17
            );
            Event::Answer {
                status: Status::NotFound,
                retry_after: None,
                content_type: None,
                content_length: None,
                body: Body::Empty,
                now_delta: 0,
                jitter: 0.0,
            }
        } else {
            match Event::arbitrary(&mut u) {
                Ok(e) => e,
                Err(_) => continue_with_404(),
            }
        };
        let result = match event {
            Event::Answer {
                status,
                retry_after,
                content_type,
                content_length,
                body: choice,
                now_delta,
                jitter,
            } => {
                let mut headers = Vec::new();
                for (name, value) in [
                    ("Retry-After", retry_after),
                    ("content-type", content_type),
                    ("Content-Length", content_length),
                ] {
                    if let Some(v) = value {
                        headers.push((name.to_string(), v));
                    }
                }
                let bytes: &[u8] = match &choice {
                    Body::Fuzz => body,
                    Body::Canned(i) => &canned()[usize::from(*i) % canned().len()],
                    Body::Empty => b"",
                    Body::Bytes(b) => b,
                };
                let at = now.saturating_add(i64::from(now_delta));
                ex.receive(status.code(), &headers, bytes, at, jitter)
            }
            Event::Fail {
                kind,
                message,
                jitter,
            } => {
                let kind = match kind {
                    FailureKind::NotSent => Failure::NotSent,
                    FailureKind::Lost => Failure::Lost,
                    FailureKind::TimedOut => Failure::TimedOut,
                };
                ex.fail(kind, &message, now, jitter)
            }
        };
        match result {
            Ok(next) => step = next,
            Err(e) => {
                let _ = (e.code(), e.message(), cf::error_codes(&e));
                break true;
            }
        }
    };
    assert!(ended);
    // A host that keeps calling after the end gets an answer or an error.
    let _ = ex.receive(status, &[], body, now, 0.5);
    let _ = ex.fail(Failure::Lost, "late", now, 0.5);
});

fn continue_with_404() -> Event {
    Event::Answer {
        status: Status::NotFound,
        retry_after: None,
        content_type: None,
        content_length: None,
        body: Body::Empty,
        now_delta: 0,
        jitter: 0.0,
    }
}
