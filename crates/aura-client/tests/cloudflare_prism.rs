//! Every Cloudflare call against Prism (the mock server Cloudflare's own SDKs
//! test with; cloudflare.md §7) serving Cloudflare's OpenAPI document for
//! these operations, `tests/reference/cloudflare-openapi-subset.json`.
//! Prism validates each request against the document (auth schemes, path
//! parameters, body presence, media type and schema) and answers a
//! violation with a 4xx and an `sl-violations` header: every request here
//! must come back 2xx without that header, and deliberately wrong requests
//! must be refused, proving the validation is on.
//!
//! `AURA_PRISM=$(scripts/prism.sh) cargo test -p aura-client --test cloudflare_prism`;
//! without `AURA_PRISM` the test prints SKIPPED and passes.

#[path = "support/prism.rs"]
mod prism;
use prism::start_prism;
use std::sync::Arc;
use std::time::Duration;

use aura_client::cloudflare::{transport_with_timeout, Cloudflare, EnsureAction, Removal};
use aura_client::Transport;
use aura_core::cloudflare::{self as cf, Api, Auth, EnsureOptions, StreamTokenRequest};
use aura_core::http::{Method, Request, RetryPolicy};
use aura_core::stream::{
    AccessRule, RuleAction, StreamStyle, StreamTokenOptions, StreamVerifier, StreamVerifyOptions,
    VideoIdCheck,
};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const UID: &str = "ea95132c15732412d22c1476fa83f27a";
/// The document's example answers (Prism serves them; it keeps no state).
const EXAMPLE_KEY_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const EXAMPLE_IMAGES_KEY: &str = "Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5=";

fn api(base: &str, auth: Auth) -> Api {
    Api::new(ACCOUNT, auth)
        .unwrap()
        .with_base_url(base)
        .unwrap()
}

fn token_auth() -> Auth {
    Auth::api_token("prism-test-token").unwrap()
}

fn legacy_auth() -> Auth {
    Auth::legacy("ops@example.com", "0123456789abcdef0123456789abcdef01234").unwrap()
}

fn transport() -> Transport {
    transport_with_timeout(Duration::from_secs(20))
        .unwrap()
        .jitter(Arc::new(|| 0.0))
}

/// Sends `req`; the answer must be 2xx with no `sl-violations`; hands the
/// body to `parse`.
async fn valid<T>(
    t: &Transport,
    what: &str,
    req: Request,
    parse: impl FnOnce(u16, &[u8]) -> aura_core::Result<T>,
) -> T {
    let res = t.send(&req).await.unwrap();
    assert!(
        res.header("sl-violations").is_none(),
        "{what}: Prism refused {} {}: {}",
        req.method.as_str(),
        req.url,
        res.header("sl-violations").unwrap_or("")
    );
    assert_eq!(
        res.status,
        200,
        "{what}: {}",
        String::from_utf8_lossy(&res.body)
    );
    assert_eq!(res.attempts, 1, "{what}");
    parse(res.status, &res.body).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// Sends a request that breaks the document: Prism must refuse it with
/// `status` and an `sl-violations` header naming `violation`; the core's
/// parser turns it into `remote_error` with that status.
async fn refused(t: &Transport, what: &str, req: Request, status: u16, violation: &str) {
    let res = t.send(&req).await.unwrap();
    let v = res.header("sl-violations").unwrap_or_else(|| {
        panic!(
            "{what}: no sl-violations (status {}): Prism did not validate",
            res.status
        )
    });
    assert_eq!(res.status, status, "{what}: {v}");
    assert!(v.contains(violation), "{what}: {v}");
    let err = cf::parse_list_images_keys(res.status, &res.body).unwrap_err();
    assert_eq!(err.code(), "remote_error", "{what}");
    eprintln!("refused as expected: {what}: {} {v}", res.status);
}

#[tokio::test]
async fn cloudflare_api_against_prism() {
    let Some(prism) = start_prism("cloudflare_prism") else {
        return;
    };
    let t = transport();
    let bearer = api(&prism.base, token_auth());
    let legacy = api(&prism.base, legacy_auth());

    // ---- every request builder, checked by Prism, with both auth schemes ----
    for (scheme, a) in [("bearer", &bearer), ("legacy", &legacy)] {
        let keys = valid(
            &t,
            scheme,
            cf::list_images_keys_request(a).unwrap(),
            cf::parse_list_images_keys,
        )
        .await;
        assert_eq!(keys[0].name, "default");
        assert_eq!(keys[0].value.expose(), EXAMPLE_IMAGES_KEY);
        let k = valid(
            &t,
            scheme,
            cf::rotate_images_key_request(a, "default").unwrap(),
            |s, b| cf::parse_put_images_key(s, b, "default"),
        )
        .await;
        assert_eq!(k.value.expose(), EXAMPLE_IMAGES_KEY);
        valid(
            &t,
            scheme,
            cf::create_images_key_request(a, "signing2").unwrap(),
            cf::parse_list_images_keys,
        )
        .await;
        valid(
            &t,
            scheme,
            cf::delete_images_key_request(a, "signing2").unwrap(),
            cf::parse_delete_images_key,
        )
        .await;
        let img = valid(
            &t,
            scheme,
            cf::image_details_request(a, "img1").unwrap(),
            cf::parse_image_details,
        )
        .await;
        assert_eq!(img.filename.as_deref(), Some("logo.png"));
        for require in [true, false] {
            valid(
                &t,
                scheme,
                cf::set_image_require_signed_urls_request(a, "img1", require).unwrap(),
                cf::parse_set_image_require_signed_urls,
            )
            .await;
        }
        let created = valid(
            &t,
            scheme,
            cf::create_stream_key_request(a).unwrap(),
            cf::parse_create_stream_key,
        )
        .await;
        assert_eq!(created.id, EXAMPLE_KEY_ID);
        let listed = valid(
            &t,
            scheme,
            cf::list_stream_keys_request(a).unwrap(),
            cf::parse_list_stream_keys,
        )
        .await;
        assert_eq!(
            listed[0].key_id.as_deref(),
            Some("e9db990a82666dd571c77f944a5c5c8d")
        );
        let revoked = valid(
            &t,
            scheme,
            cf::revoke_stream_key_request(a, &created.id).unwrap(),
            cf::parse_revoke_stream_key,
        )
        .await;
        assert_eq!(revoked.as_deref(), Some("ok"));
        let v = valid(
            &t,
            scheme,
            cf::video_details_request(a, UID).unwrap(),
            cf::parse_video_details,
        )
        .await;
        assert_eq!(v.uid, UID);
        for require in [true, false] {
            valid(
                &t,
                scheme,
                cf::set_video_require_signed_urls_request(a, UID, require).unwrap(),
                cf::parse_set_video_require_signed_urls,
            )
            .await;
        }
        valid(
            &t,
            scheme,
            cf::stream_token_request(a, UID, &StreamTokenRequest::default()).unwrap(),
            cf::parse_stream_token,
        )
        .await;
        let full = StreamTokenRequest {
            signing_key: Some((created.id.clone(), created.pem.clone())),
            exp: Some(1_537_460_365),
            nbf: Some(1_537_453_165),
            downloadable: Some(true),
            access_rules: Some(vec![
                AccessRule::country(RuleAction::Block, &["US", "MX"]).unwrap(),
                AccessRule::ip_src(RuleAction::Allow, &["93.184.216.0/24", "2400:cb00::/32"])
                    .unwrap(),
                AccessRule::any(RuleAction::Block),
            ]),
            original: Some(true),
        };
        let token = valid(
            &t,
            scheme,
            cf::stream_token_request(a, UID, &full).unwrap(),
            cf::parse_stream_token,
        )
        .await;
        assert_eq!(token.expose().split('.').count(), 3);
    }

    // ---- validation is on: requests that break the document are refused ----
    let no_auth = Request::new(Method::Get, bearer.url(&["images", "v1", "keys"]));
    refused(&t, "no credentials", no_auth, 401, "security").await;
    let mut email_only = Request::new(Method::Get, bearer.url(&["stream", "keys"]));
    email_only
        .headers
        .push(("X-Auth-Email".into(), "ops@example.com".into()));
    refused(&t, "email without key", email_only, 401, "security").await;
    let long_name = bearer.request(Method::Put, &["images", "v1", "keys", &"a".repeat(21)]);
    refused(
        &t,
        "images key name over 20 characters",
        long_name,
        422,
        "maxLength",
    )
    .await;
    let put_with_body = bearer
        .request(Method::Put, &["images", "v1", "keys", "default"])
        .json("{}".into());
    refused(
        &t,
        "a body on the images key PUT",
        put_with_body,
        415,
        "body",
    )
    .await;
    let no_body = bearer.request(Method::Post, &["stream", "keys"]);
    refused(
        &t,
        "Stream key POST without a body",
        no_body,
        422,
        "required",
    )
    .await;
    let wrong_type = bearer
        .request(Method::Post, &["stream", UID])
        .json(format!(r#"{{"uid":"{UID}","requireSignedURLs":"true"}}"#));
    refused(
        &t,
        "requireSignedURLs as a string",
        wrong_type,
        422,
        "boolean",
    )
    .await;
    let wrong_type = bearer
        .request(Method::Patch, &["images", "v1", "img1"])
        .json(r#"{"requireSignedURLs":1}"#.into());
    refused(
        &t,
        "image requireSignedURLs as a number",
        wrong_type,
        422,
        "boolean",
    )
    .await;
    let string_exp = bearer
        .request(Method::Post, &["stream", UID, "token"])
        .json(r#"{"exp":"1537460365"}"#.into());
    refused(&t, "/token exp as a string", string_exp, 422, "integer").await;
    let bad_rule = bearer
        .request(Method::Post, &["stream", UID, "token"])
        .json(r#"{"accessRules":[{"type":"ip.dst","action":"allow"}]}"#.into());
    refused(&t, "/token unknown access-rule type", bad_rule, 422, "enum").await;
    let long_uid = bearer.request(Method::Get, &["stream", &"a".repeat(33)]);
    refused(
        &t,
        "video uid over 32 characters",
        long_uid,
        422,
        "maxLength",
    )
    .await;

    // ---- the client's calls --------------------------------------------------
    let client = Cloudflare::new(bearer.clone(), transport());
    assert_eq!(client.list_images_keys().await.unwrap().len(), 1);
    let adopt = EnsureOptions {
        adopt: true,
        delete: false,
    };
    let got = client.ensure_signing_key("default", &adopt).await.unwrap();
    assert_eq!(got.action, EnsureAction::Adopted);
    assert_eq!(got.key.value.expose(), EXAMPLE_IMAGES_KEY);
    let err = client
        .ensure_signing_key("default", &EnsureOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        "invalid_input",
        "a live key is not rotated silently"
    );
    assert_eq!(
        client
            .create_images_key("default")
            .await
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    let rotated = client.rotate_images_key("default").await.unwrap();
    assert_eq!(rotated.value.expose(), EXAMPLE_IMAGES_KEY);
    assert_eq!(
        client
            .rotate_images_key("missing")
            .await
            .unwrap_err()
            .code(),
        "key_not_found"
    );
    // Prism keeps no state: the PUT passes validation, but its answer lists
    // only the example key, so the new key is not in it.
    let err = client.create_images_key("signing2").await.unwrap_err();
    assert_eq!(err.code(), "invalid_response", "{err}");
    assert_eq!(client.delete_images_key("signing2").await.unwrap().len(), 1);
    let keep = EnsureOptions {
        adopt: false,
        delete: false,
    };
    assert!(matches!(
        client.remove_signing_key("default", &keep).await.unwrap(),
        Removal::Kept
    ));
    assert!(matches!(
        client
            .remove_signing_key("default", &EnsureOptions::default())
            .await
            .unwrap(),
        Removal::Deleted { .. }
    ));
    assert!(matches!(
        client
            .remove_signing_key("missing", &EnsureOptions::default())
            .await
            .unwrap(),
        Removal::AlreadyGone
    ));
    let img = client
        .set_image_require_signed_urls("img1", true)
        .await
        .unwrap();
    assert_eq!(img.id, "string", "the document's example id");
    assert_eq!(
        client
            .image_details("img1")
            .await
            .unwrap()
            .filename
            .as_deref(),
        Some("logo.png")
    );

    // The created Stream key (the document's example key) loads straight
    // into a signer whose tokens verify.
    let created = client.create_stream_key().await.unwrap();
    let signer = created.signer(StreamStyle::Cloudflare).unwrap();
    assert_eq!(signer.key_id(), EXAMPLE_KEY_ID);
    let token = signer
        .sign(UID, &StreamTokenOptions::default(), 1_700_000_000)
        .unwrap();
    let verifier = StreamVerifier::new(vec![created.key.public_key()]).unwrap();
    let claims = verifier
        .verify(
            &token,
            &StreamVerifyOptions::new(VideoIdCheck::Exact(UID), 1_700_000_010),
        )
        .unwrap();
    assert_eq!(claims["sub"], UID);
    assert!(!format!("{created:?}").contains(&created.pem.expose()[..20]));
    assert_eq!(
        client.list_stream_keys().await.unwrap()[0].id,
        EXAMPLE_KEY_ID
    );
    assert_eq!(
        client
            .revoke_stream_key(EXAMPLE_KEY_ID)
            .await
            .unwrap()
            .as_deref(),
        Some("ok")
    );
    let v = client
        .set_video_require_signed_urls(UID, true)
        .await
        .unwrap();
    assert_eq!(v.uid, UID);
    assert_eq!(
        client.video_details(UID).await.unwrap().state.as_deref(),
        Some("pendingupload")
    );
    let token = client
        .stream_token(UID, &StreamTokenRequest::default())
        .await
        .unwrap();
    // The document's example token: exp/nbf as strings, as /token issues them.
    assert!(token
        .expose()
        .starts_with("eyJhbGciOiJSUzI1NiIsImtpZCI6ImU5ZGI5OTBh"));

    // Documented errors Prism can be asked for: 4xx envelopes are
    // remote_error with the status; 429 is retried (3 attempts) first.
    let once = Transport::with_client(reqwest::Client::new()).policy(RetryPolicy {
        max_attempts: 3,
        base_delay_ms: 10,
        max_delay_ms: 10,
    });
    for (code, attempts) in [("404", 1), ("401", 1), ("429", 3)] {
        let req = cf::list_stream_keys_request(&bearer)
            .unwrap()
            .header("Prefer", format!("code={code}"));
        let res = once.send(&req).await.unwrap();
        assert_eq!(res.status.to_string(), code);
        assert_eq!(res.attempts, attempts, "Prefer: code={code}");
        let err = cf::parse_list_stream_keys(res.status, &res.body).unwrap_err();
        assert_eq!(err.code(), "remote_error");
    }
    drop(prism);
}
