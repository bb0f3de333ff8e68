use super::*;
use crate::cloudflare::test_support::{api, failure, ok};
use crate::http::Method;

fn send(step: Step) -> Outgoing {
    match step {
        Step::Send(out) => out,
        Step::Done(a) => panic!("expected a request, got {a:?}"),
    }
}

fn done(step: Step) -> Answer {
    match step {
        Step::Done(a) => a,
        Step::Send(out) => panic!("expected the end, got {:?}", out.request),
    }
}

const KEYS: &str = r#"{"keys":[{"name":"default","value":"v0"},{"name":"prod","value":"v1"}]}"#;

#[test]
fn a_post_is_repeated_after_429_only() {
    let mut ex = Exchange::create_stream_key(&api()).unwrap();
    let first = send(ex.start());
    assert_eq!((first.request.method, first.delay_ms), (Method::Post, 0));
    let retry_after = vec![("Retry-After".to_string(), "2".to_string())];
    let again = send(ex.receive(429, &retry_after, b"", 0, 0.5).unwrap());
    assert_eq!(again.delay_ms, 2000);
    assert_eq!(again.request, first.request);
    // A 500 after a POST is final: the key may exist.
    let err = ex
        .receive(500, &[], &failure(10000, "boom"), 0, 0.5)
        .unwrap_err();
    assert_eq!(err.code(), "remote_error");
}

#[test]
fn a_get_is_retried_on_500_and_a_lost_connection_then_gives_up() {
    let mut ex = Exchange::list_stream_keys(&api()).unwrap();
    send(ex.start());
    assert_eq!(
        send(ex.receive(500, &[], b"", 0, 0.5).unwrap()).delay_ms,
        250
    );
    assert_eq!(
        send(ex.fail(Failure::Lost, "reset", 0, 0.5).unwrap()).delay_ms,
        500
    );
    let err = ex.fail(Failure::TimedOut, "ignored", 0, 0.5).unwrap_err();
    assert_eq!(err.code(), "remote_error");
    assert!(
        err.message()
            .contains("failed after 3 attempt(s): timed out"),
        "{err}"
    );
}

#[test]
fn a_lost_post_is_not_repeated_but_an_unsent_one_is() {
    let mut ex = Exchange::create_stream_key(&api()).unwrap();
    send(ex.start());
    send(ex.fail(Failure::NotSent, "refused", 0, 0.0).unwrap());
    assert!(ex.fail(Failure::Lost, "reset", 0, 0.0).is_err());
}

#[test]
fn ensure_adopts_creates_or_refuses() {
    let mut adopt = Exchange::ensure_signing_key(
        &api(),
        "prod",
        &EnsureOptions {
            adopt: true,
            delete: true,
        },
    )
    .unwrap();
    assert_eq!(send(adopt.start()).request.method, Method::Get);
    match done(adopt.receive(200, &[], &ok(KEYS), 0, 0.0).unwrap()) {
        Answer::Ensured { key, action } => {
            assert_eq!((key.name.as_str(), action), ("prod", EnsureAction::Adopted));
            assert_eq!(key.value.expose(), "v1");
        }
        other => panic!("{other:?}"),
    }

    let mut create =
        Exchange::ensure_signing_key(&api(), "new", &EnsureOptions::default()).unwrap();
    send(create.start());
    let put = send(create.receive(200, &[], &ok(KEYS), 0, 0.0).unwrap());
    assert_eq!(put.request.method, Method::Put);
    assert!(
        put.request.url.ends_with("/images/v1/keys/new"),
        "{}",
        put.request.url
    );
    let created = ok(r#"{"keys":[{"name":"new","value":"v2"}]}"#);
    match done(create.receive(200, &[], &created, 0, 0.0).unwrap()) {
        Answer::Ensured { key, action } => {
            assert_eq!((key.name.as_str(), action), ("new", EnsureAction::Created))
        }
        other => panic!("{other:?}"),
    }

    let mut refuse =
        Exchange::ensure_signing_key(&api(), "prod", &EnsureOptions::default()).unwrap();
    send(refuse.start());
    let err = refuse.receive(200, &[], &ok(KEYS), 0, 0.0).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.message().contains("rotate"), "{err}");
}

#[test]
fn removal_keeps_without_a_request_and_treats_5404_as_gone() {
    let keep = EnsureOptions {
        adopt: false,
        delete: false,
    };
    let mut kept = Exchange::remove_signing_key(&api(), "prod", &keep).unwrap();
    assert!(matches!(done(kept.start()), Answer::Removed(Removal::Kept)));
    assert_eq!(
        kept.receive(200, &[], b"", 0, 0.0).unwrap_err().code(),
        "invalid_input"
    );

    let mut gone = Exchange::remove_signing_key(&api(), "prod", &EnsureOptions::default()).unwrap();
    send(gone.start());
    let del = send(gone.receive(200, &[], &ok(KEYS), 0, 0.0).unwrap());
    assert_eq!(del.request.method, Method::Delete);
    let answer = done(
        gone.receive(404, &[], &failure(5404, "not found"), 0, 0.0)
            .unwrap(),
    );
    assert!(matches!(answer, Answer::Removed(Removal::AlreadyGone)));
}

#[test]
fn reporting_before_start_is_refused() {
    let mut ex = Exchange::list_images_keys(&api()).unwrap();
    assert_eq!(
        ex.receive(200, &[], b"", 0, 0.0).unwrap_err().code(),
        "invalid_input"
    );
}

#[test]
fn upload_from_url_fetches_once_with_its_timeout() {
    use crate::auraimage::{AuraImage, UploadFromUrlOptions};
    let aura = AuraImage::new("sk", "demo", None, Some("http://127.0.0.1:1")).unwrap();
    let options = UploadFromUrlOptions {
        timeout_ms: Some(1500.0),
        ..Default::default()
    };
    let mut ex =
        Exchange::upload_from_url(&aura, "http://src.test/a.png", &options, 0, "B").unwrap();
    let fetch = send(ex.start());
    assert_eq!(fetch.timeout_ms, Some(1500));
    let err = ex.fail(Failure::TimedOut, "", 0, 0.0).unwrap_err();
    assert_eq!(err.code(), "upload_from_url");
    assert_eq!(
        err.message(),
        "Fetch timed out after 1500ms: http://src.test/a.png"
    );
    for bad in ["file:///etc/passwd.png", "ftp://x/a.png"] {
        let err = Exchange::upload_from_url(&aura, bad, &options, 0, "B").unwrap_err();
        assert_eq!(err.code(), "upload_from_url", "{bad}");
    }
    let neg = UploadFromUrlOptions {
        timeout_ms: Some(-1.0),
        ..Default::default()
    };
    assert_eq!(
        Exchange::upload_from_url(&aura, "http://x/a.png", &neg, 0, "B")
            .unwrap_err()
            .code(),
        "invalid_input"
    );
}

#[test]
fn debug_shows_no_credentials() {
    let ex = Exchange::list_images_keys(&api()).unwrap();
    let shown = format!("{ex:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}
