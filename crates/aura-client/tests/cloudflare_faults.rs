//! The Cloudflare calls against a scripted local HTTP/1.1 server: rate
//! limits (`Retry-After` in seconds and as a date), 5xx, a response slower
//! than the timeout, malformed JSON and `success:false` envelopes. Every test
//! asserts the method, path, headers and body of every request, and the
//! number of attempts.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aura_client::cloudflare::{transport_with_timeout, Cloudflare, EnsureAction, Removal};
use aura_client::Clock;
use aura_core::cloudflare::{error_codes, Api, Auth, EnsureOptions, StreamTokenRequest};
use aura_core::keys::generate_stream_key;
use aura_core::AuraError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const TOKEN: &str = "tok-SECRET-MARK";
const KID: &str = "5213cfa121f70b8c1380686ffc371ba3";
const UID: &str = "ea95132c15732412d22c1476fa83f27a";
/// RFC 9110's example date, 784111777.
const HTTP_DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
const HTTP_DATE_UNIX: i64 = 784_111_777;

// ---- the scripted server ----------------------------------------------------

#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    path: String,
    /// Names lower-cased, in arrival order.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
        delay: Duration::ZERO,
    }
}

impl Reply {
    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    fn delay_ms(mut self, ms: u64) -> Self {
        self.delay = Duration::from_millis(ms);
        self
    }
}

fn ok(result: &str) -> String {
    format!(r#"{{"success":true,"errors":[],"messages":[],"result":{result}}}"#)
}

fn failure(code: i64, message: &str) -> String {
    format!(
        r#"{{"success":false,"errors":[{{"code":{code},"message":"{message}"}}],"messages":[],"result":null}}"#
    )
}

/// Answers the scripted replies in order, one request per connection
/// (`Connection: close`); past the script, 599.
struct FaultServer {
    base: String,
    log: Arc<Mutex<Vec<Recorded>>>,
}

impl FaultServer {
    async fn start(script: Vec<Reply>) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let log2 = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let (log, script) = (log2.clone(), script.clone());
                tokio::spawn(async move {
                    let Some(rec) = read_request(&mut sock).await else {
                        return;
                    };
                    let next = {
                        log.lock().unwrap().push(rec);
                        script.lock().unwrap().next()
                    };
                    let r = next.unwrap_or_else(|| reply(599, "unscripted request"));
                    tokio::time::sleep(r.delay).await;
                    let mut out = format!("HTTP/1.1 {} Scripted\r\n", r.status);
                    for (k, v) in &r.headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str(&format!(
                        "Content-Length: {}\r\nConnection: close\r\n\r\n",
                        r.body.len()
                    ));
                    let mut bytes = out.into_bytes();
                    bytes.extend_from_slice(&r.body);
                    let _ = sock.write_all(&bytes).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        FaultServer { base, log }
    }

    fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap_or(0));
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

// ---- the client under test ---------------------------------------------------

struct FixedClock(i64);

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0
    }
}

fn client_with(server: &FaultServer, auth: Auth, timeout_ms: u64, now: i64) -> Cloudflare {
    let api = Api::new(ACCOUNT, auth)
        .unwrap()
        .with_base_url(&server.base)
        .unwrap();
    let transport = transport_with_timeout(Duration::from_millis(timeout_ms))
        .unwrap()
        .clock(Arc::new(FixedClock(now)))
        .jitter(Arc::new(|| 0.0));
    Cloudflare::new(api, transport)
}

fn client(server: &FaultServer) -> Cloudflare {
    client_with(
        server,
        Auth::api_token(TOKEN).unwrap(),
        5_000,
        1_700_000_000,
    )
}

/// Headers a request may carry besides the ones a test names.
const TRANSPORT_HEADERS: &[&str] = &["host", "accept", "user-agent", "content-length"];

/// Method, path and body exactly; each named header exactly; no header
/// beyond those and the transport's own.
fn assert_request(rec: &Recorded, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) {
    assert_eq!(rec.method, method, "{rec:?}");
    assert_eq!(rec.path, path, "{rec:?}");
    assert_eq!(
        rec.body,
        body,
        "{method} {path}: body {:?}",
        String::from_utf8_lossy(&rec.body)
    );
    for (k, v) in headers {
        assert_eq!(rec.header(k), Some(*v), "{method} {path}: header {k}");
    }
    for (k, _) in &rec.headers {
        assert!(
            TRANSPORT_HEADERS.contains(&k.as_str()) || headers.iter().any(|(n, _)| n == k),
            "{method} {path}: unexpected header {k}"
        );
    }
    if !body.is_empty() {
        assert_eq!(
            rec.header("content-length"),
            Some(body.len().to_string().as_str())
        );
    }
}

fn bearer() -> (&'static str, &'static str) {
    ("authorization", "Bearer tok-SECRET-MARK")
}

const JSON: (&str, &str) = ("content-type", "application/json");

fn path(rest: &str) -> String {
    format!("/accounts/{ACCOUNT}/{rest}")
}

fn keys_json(names: &[&str]) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| format!(r#"{{"name":"{n}","value":"value-of-{n}"}}"#))
        .collect();
    ok(&format!(r#"{{"keys":[{}]}}"#, items.join(",")))
}

fn created_key_json() -> String {
    let k = generate_stream_key(Some(KID)).unwrap();
    ok(&format!(
        r#"{{"created":"2014-01-02T02:20:00Z","id":"{KID}","jwk":"{}","pem":"{}"}}"#,
        k.jwk.expose(),
        k.pem.expose()
    ))
}

fn assert_remote(err: &AuraError, status: u16, message: &str) {
    assert_eq!(
        err,
        &AuraError::RemoteError {
            status,
            message: message.into()
        }
    );
}

// ---- rate limits ---------------------------------------------------------------

#[tokio::test]
async fn post_is_retried_after_429_with_retry_after_seconds() {
    let server = FaultServer::start(vec![
        reply(429, &failure(10000, "Rate limited")).header("Retry-After", "1"),
        reply(200, &created_key_json()),
    ])
    .await;
    let started = Instant::now();
    let created = client(&server).create_stream_key().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "Retry-After: 1 honoured"
    );
    assert_eq!(created.id, KID);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "attempts");
    for r in &reqs {
        assert_request(r, "POST", &path("stream/keys"), &[bearer(), JSON], b"{}");
    }
}

#[tokio::test]
async fn get_is_retried_after_429_with_retry_after_date() {
    let server = FaultServer::start(vec![
        reply(429, &failure(10000, "Rate limited")).header("Retry-After", HTTP_DATE),
        reply(200, &keys_json(&["default"])),
    ])
    .await;
    // The date is 1 s after the injected clock.
    let cf = client_with(
        &server,
        Auth::api_token(TOKEN).unwrap(),
        5_000,
        HTTP_DATE_UNIX - 1,
    );
    let started = Instant::now();
    let keys = cf.list_images_keys().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "waited until the date"
    );
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].value.expose(), "value-of-default");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "attempts");
    for r in &reqs {
        assert_request(r, "GET", &path("images/v1/keys"), &[bearer()], b"");
    }
}

#[tokio::test]
async fn persistent_429_gives_up_after_three_attempts() {
    let server = FaultServer::start(vec![
        reply(429, &failure(10000, "Rate limited"))
            .header("Retry-After", "0");
        3
    ])
    .await;
    let err = client(&server)
        .stream_token(UID, &StreamTokenRequest::default())
        .await
        .unwrap_err();
    assert_remote(&err, 429, "10000: Rate limited");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "attempts");
    for r in &reqs {
        assert_request(
            r,
            "POST",
            &path(&format!("stream/{UID}/token")),
            &[bearer(), JSON],
            b"{}",
        );
    }
}

// ---- server errors ---------------------------------------------------------------

#[tokio::test]
async fn get_500_then_200_is_retried() {
    let server = FaultServer::start(vec![
        reply(500, "<html>internal error</html>").header("Content-Type", "text/html"),
        reply(
            200,
            &ok(r#"[{"id":"a1","created":"2014-01-02T02:20:00Z"}]"#),
        ),
    ])
    .await;
    let keys = client(&server).list_stream_keys().await.unwrap();
    assert_eq!(keys[0].id, "a1");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "attempts");
    for r in &reqs {
        assert_request(r, "GET", &path("stream/keys"), &[bearer()], b"");
    }
}

#[tokio::test]
async fn post_that_failed_with_500_is_not_repeated() {
    let server = FaultServer::start(vec![
        reply(500, &failure(10002, "Internal error")),
        reply(200, &created_key_json()),
    ])
    .await;
    let err = client(&server).create_stream_key().await.unwrap_err();
    assert_remote(&err, 500, "10002: Internal error");
    let reqs = server.requests();
    assert_eq!(
        reqs.len(),
        1,
        "a second POST could leave a second key behind"
    );
    assert_request(
        &reqs[0],
        "POST",
        &path("stream/keys"),
        &[bearer(), JSON],
        b"{}",
    );
}

#[tokio::test]
async fn other_posts_and_patch_are_not_repeated_after_500() {
    let server = FaultServer::start(vec![
        reply(500, "oops"),
        reply(502, "bad gateway"),
        reply(503, ""),
    ])
    .await;
    let cf = client(&server);
    assert_remote(
        &cf.set_video_require_signed_urls(UID, true)
            .await
            .unwrap_err(),
        500,
        "HTTP 500",
    );
    assert_remote(
        &cf.stream_token(UID, &StreamTokenRequest::default())
            .await
            .unwrap_err(),
        502,
        "HTTP 502",
    );
    assert_remote(
        &cf.set_image_require_signed_urls("img1", true)
            .await
            .unwrap_err(),
        503,
        "HTTP 503",
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "one attempt each");
    let uid_body = format!(r#"{{"uid":"{UID}","requireSignedURLs":true}}"#);
    assert_request(
        &reqs[0],
        "POST",
        &path(&format!("stream/{UID}")),
        &[bearer(), JSON],
        uid_body.as_bytes(),
    );
    assert_request(
        &reqs[1],
        "POST",
        &path(&format!("stream/{UID}/token")),
        &[bearer(), JSON],
        b"{}",
    );
    assert_request(
        &reqs[2],
        "PATCH",
        &path("images/v1/img1"),
        &[bearer(), JSON],
        br#"{"requireSignedURLs":true}"#,
    );
}

#[tokio::test]
async fn persistent_503_on_get_gives_up_after_three_attempts() {
    let server =
        FaultServer::start(vec![reply(503, &failure(10013, "Service unavailable")); 3]).await;
    let err = client(&server).video_details(UID).await.unwrap_err();
    assert_remote(&err, 503, "10013: Service unavailable");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "attempts");
    for r in &reqs {
        assert_request(r, "GET", &path(&format!("stream/{UID}")), &[bearer()], b"");
    }
}

#[tokio::test]
async fn rotate_put_is_retried_after_500() {
    let server = FaultServer::start(vec![
        reply(200, &keys_json(&["default", "prod"])),
        reply(500, "oops"),
        reply(200, &keys_json(&["default", "prod"])),
    ])
    .await;
    let key = client(&server).rotate_images_key("prod").await.unwrap();
    assert_eq!(key.value.expose(), "value-of-prod");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "list + two PUTs");
    assert_request(&reqs[0], "GET", &path("images/v1/keys"), &[bearer()], b"");
    for r in &reqs[1..] {
        assert_request(r, "PUT", &path("images/v1/keys/prod"), &[bearer()], b"");
        assert_eq!(r.header("content-type"), None, "no body, no Content-Type");
    }
}

// ---- timeouts -----------------------------------------------------------------

#[tokio::test]
async fn get_slower_than_the_timeout_is_retried() {
    let video = ok(&format!(r#"{{"uid":"{UID}","requireSignedURLs":true}}"#));
    let server =
        FaultServer::start(vec![reply(200, &video).delay_ms(2_000), reply(200, &video)]).await;
    let cf = client_with(&server, Auth::api_token(TOKEN).unwrap(), 400, 1_700_000_000);
    let v = cf.video_details(UID).await.unwrap();
    assert!(v.require_signed_urls);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "attempts");
    for r in &reqs {
        assert_request(r, "GET", &path(&format!("stream/{UID}")), &[bearer()], b"");
    }
}

#[tokio::test]
async fn post_slower_than_the_timeout_is_not_repeated() {
    let server = FaultServer::start(vec![
        reply(200, &created_key_json()).delay_ms(2_000),
        reply(200, &created_key_json()),
    ])
    .await;
    let cf = client_with(&server, Auth::api_token(TOKEN).unwrap(), 400, 1_700_000_000);
    let started = Instant::now();
    let err = cf.create_stream_key().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(1_900));
    assert_eq!(err.code(), "remote_error");
    assert!(
        matches!(err, AuraError::RemoteError { status: 0, .. }),
        "{err:?}"
    );
    assert!(err.message().contains("timed out"), "{err}");
    assert!(err.message().contains("after 1 attempt"), "{err}");
    assert!(!err.message().contains("SECRET"), "{err}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "attempts");
    assert_request(
        &reqs[0],
        "POST",
        &path("stream/keys"),
        &[bearer(), JSON],
        b"{}",
    );
}

// ---- undocumented bodies ---------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_an_invalid_response_and_not_retried() {
    let server = FaultServer::start(vec![
        reply(200, r#"{"success":true,"result":{"keys":["#),
        reply(200, "null"),
        reply(200, &ok(r#"{"keys":[{"name":"default"}]}"#)),
    ])
    .await;
    let cf = client(&server);
    for _ in 0..3 {
        let err = cf.list_images_keys().await.unwrap_err();
        assert_eq!(err.code(), "invalid_response", "{err}");
    }
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "one attempt each");
    for r in &reqs {
        assert_request(r, "GET", &path("images/v1/keys"), &[bearer()], b"");
    }
}

#[tokio::test]
async fn malformed_json_on_an_error_status_is_a_remote_error() {
    let server = FaultServer::start(vec![reply(404, r#"{"success":false,"errors":[{"#)]).await;
    let err = client(&server).revoke_stream_key(KID).await.unwrap_err();
    assert_remote(&err, 404, "HTTP 404");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_request(
        &reqs[0],
        "DELETE",
        &path(&format!("stream/keys/{KID}")),
        &[bearer()],
        b"",
    );
}

// ---- success:false envelopes ------------------------------------------------------

#[tokio::test]
async fn error_5403_images_not_enabled() {
    let server = FaultServer::start(vec![reply(
        403,
        &failure(5403, "Images access not enabled"),
    )])
    .await;
    let err = client(&server)
        .ensure_signing_key("prod", &EnsureOptions::default())
        .await
        .unwrap_err();
    assert_remote(&err, 403, "5403: Images access not enabled");
    assert_eq!(error_codes(&err), vec![5403]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "ensure stops at the list");
    assert_request(&reqs[0], "GET", &path("images/v1/keys"), &[bearer()], b"");
}

#[tokio::test]
async fn error_5404_key_not_found() {
    let server = FaultServer::start(vec![
        reply(404, &failure(5404, "Key not found")),
        // remove_signing_key: listed, then gone in between: already gone.
        reply(200, &keys_json(&["default", "prod"])),
        reply(404, &failure(5404, "Key not found")),
    ])
    .await;
    let cf = client(&server);
    let err = cf.delete_images_key("prod").await.unwrap_err();
    assert_remote(&err, 404, "5404: Key not found");
    let removal = cf
        .remove_signing_key("prod", &EnsureOptions::default())
        .await
        .unwrap();
    assert!(matches!(removal, Removal::AlreadyGone), "{removal:?}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "DELETE is not retried after 404");
    assert_request(
        &reqs[0],
        "DELETE",
        &path("images/v1/keys/prod"),
        &[bearer()],
        b"",
    );
    assert_request(&reqs[1], "GET", &path("images/v1/keys"), &[bearer()], b"");
    assert_request(
        &reqs[2],
        "DELETE",
        &path("images/v1/keys/prod"),
        &[bearer()],
        b"",
    );
}

#[tokio::test]
async fn error_10000_authentication_with_legacy_credentials() {
    let server = FaultServer::start(vec![
        reply(403, &failure(10000, "Authentication error")),
        // success:false with a 200 status is an error too.
        reply(200, &failure(10000, "Authentication error")),
    ])
    .await;
    let cf = client_with(
        &server,
        Auth::legacy("ops@example.com", "key-SECRET-MARK").unwrap(),
        5_000,
        1_700_000_000,
    );
    let err = cf.list_stream_keys().await.unwrap_err();
    assert_remote(&err, 403, "10000: Authentication error");
    let err = cf.image_details("img1").await.unwrap_err();
    assert_remote(&err, 200, "10000: Authentication error");
    assert!(!format!("{err:?} {cf:?}").contains("SECRET"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let legacy = [
        ("x-auth-email", "ops@example.com"),
        ("x-auth-key", "key-SECRET-MARK"),
    ];
    assert_request(&reqs[0], "GET", &path("stream/keys"), &legacy, b"");
    assert_request(&reqs[1], "GET", &path("images/v1/img1"), &legacy, b"");
    assert!(reqs.iter().all(|r| r.header("authorization").is_none()));
}

// ---- ensureSigningKey ---------------------------------------------------------------

#[tokio::test]
async fn ensure_adopts_refuses_or_creates() {
    let server = FaultServer::start(vec![
        reply(200, &keys_json(&["default", "prod"])), // adopt
        reply(200, &keys_json(&["default", "prod"])), // refuse
        reply(200, &keys_json(&["default"])),         // create: list…
        reply(200, &keys_json(&["default", "prod"])), // …then PUT
    ])
    .await;
    let cf = client(&server);
    let adopt = EnsureOptions {
        adopt: true,
        delete: false,
    };
    let got = cf.ensure_signing_key("prod", &adopt).await.unwrap();
    assert_eq!(got.action, EnsureAction::Adopted);
    assert_eq!(got.key.value.expose(), "value-of-prod");

    let err = cf
        .ensure_signing_key("prod", &EnsureOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.message().contains("rotate"), "{err}");
    assert!(!err.message().contains("value-of"), "{err}");

    let got = cf
        .ensure_signing_key("prod", &EnsureOptions::default())
        .await
        .unwrap();
    assert_eq!(got.action, EnsureAction::Created);

    let reqs = server.requests();
    assert_eq!(reqs.len(), 4, "adopt: 1, refuse: 1 (no PUT), create: 2");
    for r in &reqs[..3] {
        assert_request(r, "GET", &path("images/v1/keys"), &[bearer()], b"");
    }
    assert_request(
        &reqs[3],
        "PUT",
        &path("images/v1/keys/prod"),
        &[bearer()],
        b"",
    );
}

#[tokio::test]
async fn removal_keeps_the_key_when_delete_is_false() {
    let server = FaultServer::start(vec![
        reply(200, &keys_json(&["default", "prod"])),
        reply(200, &keys_json(&["default"])),
    ])
    .await;
    let cf = client(&server);
    let keep = EnsureOptions {
        adopt: false,
        delete: false,
    };
    assert!(matches!(
        cf.remove_signing_key("prod", &keep).await.unwrap(),
        Removal::Kept
    ));
    assert!(server.requests().is_empty(), "delete:false sends nothing");
    match cf
        .remove_signing_key("prod", &EnsureOptions::default())
        .await
        .unwrap()
    {
        Removal::Deleted { remaining } => assert_eq!(remaining.len(), 1),
        other => panic!("{other:?}"),
    }
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_request(&reqs[0], "GET", &path("images/v1/keys"), &[bearer()], b"");
    assert_request(
        &reqs[1],
        "DELETE",
        &path("images/v1/keys/prod"),
        &[bearer()],
        b"",
    );
}

#[tokio::test]
async fn rotate_of_a_missing_key_sends_no_put() {
    let server = FaultServer::start(vec![reply(200, &keys_json(&["default"]))]).await;
    let err = client(&server).rotate_images_key("prod").await.unwrap_err();
    assert_eq!(err, AuraError::KeyNotFound("prod".into()));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_request(&reqs[0], "GET", &path("images/v1/keys"), &[bearer()], b"");
}

#[test]
fn blocking_wrapper() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(FaultServer::start(vec![reply(
        200,
        &ok(r#"[{"id":"a1"}]"#),
    )]));
    let cf = client(&server);
    let keys = std::thread::spawn(move || aura_client::cloudflare::block_on(cf.list_stream_keys()))
        .join()
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(keys[0].id, "a1");
    assert_eq!(server.requests().len(), 1);
}
