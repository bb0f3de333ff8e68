//! The edge over real HTTP: `aura edge` processes on loopback, each
//! behaviour run on local storage and on a real S3-compatible server
//! (`AURA_S3_SERVER`, see `scripts/s3-server.sh`; skipped when unset).
//!
//! Expected values come from the spec (seed 002 "CDN behavior",
//! auraimage.md §7, §9–§11) and from the fixtures themselves, never from the
//! edge's code. Tokens are signed with `aura-core`, the client side.

#[macro_use]
mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use aura_core::auraimage::{AuraImage, UploadOptions};
use aura_core::images::{ImagesMode, ImagesSigner};
use aura_core::stream::{AccessRule, RuleAction, StreamSigner, StreamStyle, StreamTokenOptions};
use serde_json::{json, Value};
use support::*;

const PUBLIC_CC: &str = "public, max-age=31536000, immutable";
const PRIVATE_CC: &str = "private, max-age=300";
const TOKEN_REQUIRED: &str = r#"{"message":"Signed token required for private image"}"#;
const INVALID_SIG: &str = r#"{"message":"Invalid or expired signature"}"#;

/// Status first (with a short body in the message), then the exact body.
fn expect_answer(r: &Resp, status: u16, body: &str, what: impl std::fmt::Display) {
    assert_eq!(r.status, status, "{what}: {}", r.short());
    assert_eq!(r.text(), body, "{what}");
}

fn named(name: &str) -> UploadOptions {
    UploadOptions {
        name: Some(name.to_string()),
        ..UploadOptions::default()
    }
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).unwrap_or_else(|e| panic!("not a decodable image: {e}"))
}

fn dims(bytes: &[u8]) -> (u32, u32) {
    let img = decode(bytes);
    (img.width(), img.height())
}

/// The fixture literals the other tests rely on.
#[test]
fn fixture_dimensions_are_what_the_tests_assume() {
    assert_eq!(dims(PHOTO_JPG), PHOTO_JPG_DIMS);
    assert_eq!(dims(PHOTO_PNG), PHOTO_PNG_DIMS);
    assert_eq!(dims(ANIM_GIF), ANIM_GIF_DIMS);
    assert_eq!(dims(TINY_WEBP), TINY_WEBP_DIMS);
    assert_eq!(dims(SAMPLE_JPG), SAMPLE_JPG_DIMS);
    assert!(image::load_from_memory(NOT_AN_IMAGE).is_err());
}

// ---------------------------------------------------------------------------
// 1. The CDN behaviour table (seed 002)

async fn cdn_table(edge: &EdgeProc) {
    // Public: any URL.
    let public = edge.upload_named(PHOTO_JPG, "pub", None).await;
    assert_eq!(public["visibility"], "public");
    let other_token = edge.serve_token("someone-else");
    for path in [
        "/gallery/pub".to_string(),
        "/gallery/pub?token=bogus".to_string(),
        format!("/gallery/pub?token={other_token}"),
        "/gallery/w=100/pub".to_string(),
        "/gallery/w=100/pub?token=bogus".to_string(),
    ] {
        let r = edge.get(&path).await;
        assert_eq!(r.status, 200, "GET {path}: {}", r.short());
        assert_eq!(r.header("cache-control"), Some(PUBLIC_CC), "GET {path}");
    }
    assert_eq!(edge.get("/gallery/pub").await.body.as_ref(), PHOTO_JPG);

    // Private.
    let name = "vault/pic";
    let up = edge.upload_named(SAMPLE_JPG, name, Some("private")).await;
    assert_eq!(up["visibility"], "private");

    let r = edge.get("/gallery/vault/pic").await;
    expect_answer(&r, 403, TOKEN_REQUIRED, "no token");
    let r = edge.get("/gallery/w=100/vault/pic").await;
    expect_answer(&r, 403, TOKEN_REQUIRED, "transform, no token");

    let aura = edge.aura();
    let t = now();
    let valid = aura.serve_token(name, t + 600).unwrap();
    let s = edge.secrets();
    let bad_tokens: Vec<(&str, String)> = vec![
        ("garbage", "garbage".to_string()),
        ("empty", String::new()),
        ("tampered", tamper_last_part(&valid)),
        ("expired", aura.serve_token(name, t - 3600).unwrap()),
        (
            "other image",
            aura.serve_token("vault/other", t + 600).unwrap(),
        ),
        ("name prefix", aura.serve_token("vault", t + 600).unwrap()),
        (
            "other project, its own secret",
            edge.other_aura().serve_token(name, t + 600).unwrap(),
        ),
        (
            "other project in the payload, this project's secret",
            AuraImage::new(&s.upload, OTHER_PROJECT, Some(&s.serve), None)
                .unwrap()
                .serve_token(name, t + 600)
                .unwrap(),
        ),
        (
            "upload secret instead of serve secret",
            AuraImage::new(&s.upload, PROJECT, Some(&s.upload), None)
                .unwrap()
                .serve_token(name, t + 600)
                .unwrap(),
        ),
    ];
    for (what, token) in &bad_tokens {
        let r = edge.get(&format!("/gallery/vault/pic?token={token}")).await;
        expect_answer(
            &r,
            403,
            INVALID_SIG,
            format!("private read with a token that is {what}"),
        );
    }

    // Valid.
    let signed = aura.get_signed_url(name, Some(600.0), None, t).unwrap();
    let r = edge.get_url(&signed).await;
    assert_eq!(r.status, 200, "signed URL: {}", r.short());
    assert_eq!(r.header("cache-control"), Some(PRIVATE_CC));
    assert_eq!(r.body.as_ref(), SAMPLE_JPG, "the uploaded bytes");

    // The token ignores other query parameters and transforms.
    let r = edge
        .get(&format!("/gallery/vault/pic?w=1&token={valid}&x=y"))
        .await;
    assert_eq!(r.status, 200, "?w=1&token=…&x=y: {}", r.short());
    assert_eq!(r.body.as_ref(), SAMPLE_JPG);
    let r = edge
        .get(&format!("/gallery/w=100/vault/pic?token={valid}"))
        .await;
    assert_eq!(r.status, 200, "transform with the token: {}", r.short());
    assert_eq!(
        r.header("cache-control"),
        Some(PRIVATE_CC),
        "a private variant"
    );
    assert_eq!(dims(&r.body).0, 100);
    let r = edge
        .get(&format!("/gallery/vault/pic.jpg?token={valid}"))
        .await;
    assert_eq!(r.status, 200, "with an extension: {}", r.short());

    // Range, conditional and HEAD reads of a private image need the token too.
    let r = edge.head("/gallery/vault/pic").await;
    assert_eq!(r.status, 403, "HEAD without a token");
    let r = edge
        .get_with("/gallery/vault/pic", &[("Range", "bytes=0-9")])
        .await;
    expect_answer(&r, 403, TOKEN_REQUIRED, "Range without a token");
    let etag = edge
        .get(&format!("/gallery/vault/pic?token={valid}"))
        .await
        .header("etag")
        .map(str::to_string)
        .expect("ETag");
    let r = edge
        .get_with("/gallery/vault/pic", &[("If-None-Match", etag.as_str())])
        .await;
    expect_answer(&r, 403, TOKEN_REQUIRED, "If-None-Match without a token");
    let r = edge
        .get_with(
            &format!("/gallery/vault/pic?token={valid}"),
            &[("Range", "bytes=0-9")],
        )
        .await;
    assert_eq!(r.status, 206, "Range with the token");
    assert_eq!(r.body.as_ref(), &SAMPLE_JPG[..10]);

    // Names that need encoding: signed URLs as the SDK builds them.
    let odd = "albums/my hero é+1";
    edge.upload_named(PHOTO_PNG, odd, Some("private")).await;
    let signed = aura.get_signed_url(odd, Some(600.0), None, t).unwrap();
    let r = edge.get_url(&signed).await;
    assert_eq!(r.status, 200, "{signed}: {}", r.short());
    assert_eq!(r.body.as_ref(), PHOTO_PNG);
    let unsigned = signed.split('?').next().unwrap();
    expect_answer(
        &edge.get_url(unsigned).await,
        403,
        TOKEN_REQUIRED,
        "encoded name, no token",
    );
}
edge_test!(cdn_behaviour_table, cdn_table);

// ---------------------------------------------------------------------------
// 2. Content-Type, ETag / 304, Range, HEAD

async fn http_semantics(edge: &EdgeProc) {
    for (bytes, name, mime) in [
        (PHOTO_JPG, "f-jpg", "image/jpeg"),
        (PHOTO_PNG, "f-png", "image/png"),
        (ANIM_GIF, "f-gif", "image/gif"),
        (TINY_WEBP, "f-webp", "image/webp"),
    ] {
        edge.upload_named(bytes, name, None).await;
        let r = edge.get(&format!("/gallery/{name}")).await;
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.header("content-type"), Some(mime), "{name}");
        assert_eq!(r.body.as_ref(), bytes, "{name}");
    }

    let len = PHOTO_JPG.len();
    let r = edge.get("/gallery/f-jpg").await;
    let etag = r.header("etag").expect("an ETag").to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "quoted ETag {etag}"
    );

    let r = edge
        .get_with("/gallery/f-jpg", &[("If-None-Match", &etag)])
        .await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty(), "a 304 has no body");
    let r = edge
        .get_with("/gallery/f-jpg", &[("If-None-Match", "\"something-else\"")])
        .await;
    assert_eq!(r.status, 200, "a different ETag");

    let r = edge
        .get_with("/gallery/f-jpg", &[("Range", "bytes=0-99")])
        .await;
    assert_eq!(r.status, 206);
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes 0-99/{len}").as_str())
    );
    assert_eq!(r.body.as_ref(), &PHOTO_JPG[..100]);

    let r = edge
        .get_with("/gallery/f-jpg", &[("Range", "bytes=-100")])
        .await;
    assert_eq!(r.status, 206, "suffix range");
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes {}-{}/{len}", len - 100, len - 1).as_str())
    );
    assert_eq!(r.body.as_ref(), &PHOTO_JPG[len - 100..]);

    let r = edge
        .get_with("/gallery/f-jpg", &[("Range", &format!("bytes={len}-"))])
        .await;
    assert_eq!(r.status, 416, "range past the end");
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes */{len}").as_str())
    );

    let r = edge.head("/gallery/f-jpg").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some(len.to_string().as_str()));
    assert!(r.body.is_empty(), "HEAD has no body");
    assert_eq!(r.header("content-type"), Some("image/jpeg"));

    let r = edge.get("/gallery/does-not-exist").await;
    assert_eq!(r.status, 404);
}
edge_test!(content_type_etag_range_head, http_semantics);

// ---------------------------------------------------------------------------
// 3. Upload success and naming

async fn upload_success(edge: &EdgeProc) {
    for (bytes, file, name, dims, formats) in [
        (
            PHOTO_JPG,
            "photo.jpg",
            "photo",
            PHOTO_JPG_DIMS,
            &["jpeg", "jpg"][..],
        ),
        (
            PHOTO_PNG,
            "photo.png",
            "photo-png",
            PHOTO_PNG_DIMS,
            &["png"][..],
        ),
        (ANIM_GIF, "anim.gif", "anim", ANIM_GIF_DIMS, &["gif"][..]),
        (
            TINY_WEBP,
            "tiny.webp",
            "tiny",
            TINY_WEBP_DIMS,
            &["webp"][..],
        ),
        (
            SAMPLE_JPG,
            "sample.jpg",
            "blog/hero",
            SAMPLE_JPG_DIMS,
            &["jpeg", "jpg"][..],
        ),
    ] {
        let token = edge.upload_token(named(name));
        let r = edge.upload(Some(&token), bytes, file).await;
        assert_eq!(r.status, 201, "{file}: {}", r.short());
        assert!(
            r.header("content-type")
                .unwrap_or("")
                .starts_with("application/json"),
            "{file}: JSON"
        );
        let v = r.json();
        let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let expected: BTreeSet<&str> = [
            "url",
            "name",
            "blurhash",
            "width",
            "height",
            "format",
            "size",
            "visibility",
        ]
        .into();
        assert_eq!(keys, expected, "{file}: the response keys");
        assert_eq!(v["name"], name, "{file}");
        assert_eq!(
            (v["width"].as_u64(), v["height"].as_u64()),
            (Some(dims.0 as u64), Some(dims.1 as u64)),
            "{file}"
        );
        assert_eq!(v["size"].as_u64(), Some(bytes.len() as u64), "{file}");
        assert!(
            v["blurhash"].as_str().is_some_and(|b| !b.is_empty()),
            "{file}: blurhash"
        );
        assert!(
            formats.contains(&v["format"].as_str().unwrap_or("")),
            "{file}: format {}",
            v["format"]
        );
        assert_eq!(v["visibility"], "public");
        let url = v["url"].as_str().expect("url");
        assert_eq!(url, edge.url(&format!("/gallery/{name}")), "{file}: url");
        let got = edge.get_url(url).await;
        assert_eq!(got.status, 200, "{file}: GET url");
        assert_eq!(got.body.as_ref(), bytes, "{file}: GET url bytes");
    }

    // No name in the token: the multipart file name without its extension.
    let token = edge.upload_token(UploadOptions::default());
    let r = edge.upload(Some(&token), PHOTO_JPG, "cat.jpg").await;
    assert_eq!(r.status, 201, "{}", r.short());
    assert_eq!(r.json()["name"], "cat");
    assert_eq!(edge.get("/gallery/cat").await.status, 200);

    // A token name with a known extension is stripped.
    let token = edge.upload_token(named("dog.jpg"));
    let r = edge.upload(Some(&token), PHOTO_JPG, "whatever.png").await;
    assert_eq!(r.status, 201, "{}", r.short());
    assert_eq!(r.json()["name"], "dog");
    assert_eq!(edge.get("/gallery/dog").await.body.as_ref(), PHOTO_JPG);

    // The token's name wins over the file name.
    let token = edge.upload_token(named("chosen"));
    let r = edge.upload(Some(&token), PHOTO_PNG, "ignored.png").await;
    assert_eq!(r.json()["name"], "chosen");
    assert_eq!(edge.get("/gallery/ignored").await.status, 404);

    // A name that needs encoding: the returned url is fetchable as is.
    let r = edge
        .upload(
            Some(&edge.upload_token(named("trips/day one/é"))),
            PHOTO_PNG,
            "x.png",
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.short());
    let v = r.json();
    assert_eq!(v["name"], "trips/day one/é");
    let url = v["url"].as_str().unwrap();
    assert!(!url.contains(' '), "an encoded url: {url}");
    assert_eq!(
        edge.get_url(url).await.body.as_ref(),
        PHOTO_PNG,
        "GET {url}"
    );
}
edge_test!(upload_success_and_names, upload_success);

// ---------------------------------------------------------------------------
// 4. Upload rejections

async fn upload_rejections(edge: &EdgeProc) {
    let aura = edge.aura();
    let t = now();

    let r = edge.upload(None, PHOTO_JPG, "a.jpg").await;
    assert_eq!(r.status, 401, "missing X-Aura-Signature");

    let good = edge.upload_token(named("rej"));
    let r = edge
        .upload(Some(&tamper_last_part(&good)), PHOTO_JPG, "a.jpg")
        .await;
    assert_eq!(r.status, 401, "bad signature");

    let other_secret = AuraImage::new("sk_live_not-configured", PROJECT, None, None)
        .unwrap()
        .sign_upload(&named("rej"), t)
        .unwrap();
    let r = edge.upload(Some(&other_secret), PHOTO_JPG, "a.jpg").await;
    assert_eq!(r.status, 401, "a secret the project does not have");

    let expired = aura
        .sign_upload(
            &UploadOptions {
                expires_in: Some(60.0),
                ..named("rej")
            },
            t - 7200,
        )
        .unwrap();
    let r = edge.upload(Some(&expired), PHOTO_JPG, "a.jpg").await;
    assert_eq!(r.status, 401, "expired");

    let unconfigured = aura
        .sign_upload(
            &UploadOptions {
                project_name: Some("nope-app".into()),
                ..named("rej")
            },
            t,
        )
        .unwrap();
    let r = edge.upload(Some(&unconfigured), PHOTO_JPG, "a.jpg").await;
    assert_eq!(r.status, 401, "unconfigured project");

    for reserved in ["admin", "v1"] {
        let token = aura
            .sign_upload(
                &UploadOptions {
                    project_name: Some(reserved.into()),
                    ..named("rej")
                },
                t,
            )
            .unwrap();
        let r = edge.upload(Some(&token), PHOTO_JPG, "a.jpg").await;
        assert_eq!(r.status, 403, "reserved project {reserved}: {}", r.short());
    }

    let r = edge
        .upload(Some(&good), NOT_AN_IMAGE, "not-an-image.jpg")
        .await;
    assert_eq!(r.status, 415, "text with an image name: {}", r.short());

    let r = edge.upload(Some(&good), FAKE_JXL, "fake.jxl").await;
    assert_eq!(r.status, 415);
    assert_eq!(r.text(), r#"{"message":"JXL not supported"}"#);

    let png_only = edge.upload_token(UploadOptions {
        allowed_types: Some(vec!["image/png".into()]),
        ..named("rej")
    });
    let r = edge.upload(Some(&png_only), PHOTO_JPG, "a.jpg").await;
    assert_eq!(
        r.status,
        415,
        "JPEG against allowedTypes [image/png]: {}",
        r.short()
    );
    let r = edge.upload(Some(&png_only), PHOTO_PNG, "a.png").await;
    assert_eq!(
        r.status,
        201,
        "PNG against allowedTypes [image/png]: {}",
        r.short()
    );

    // None of the refused uploads is visible (rej was only stored by the PNG).
    assert_eq!(edge.get("/gallery/rej").await.body.as_ref(), PHOTO_PNG);
}
edge_test!(upload_rejections_auth_and_type, upload_rejections);

/// 413 while the body streams: the edge stops reading long before 64 MiB.
async fn upload_oversize(edge: &EdgeProc) {
    const TOTAL: u64 = 64 * 1024 * 1024;
    let token = edge.upload_token(UploadOptions {
        max_size: Some(aura_core::auraimage::SizeInput::Number(1048576.0)),
        ..named("big")
    });

    // Chunked: no length to look at, the limit must hold while streaming.
    let head = upload_head(edge.addr, &token, None);
    let mut sent = 0u64;
    let mut first = true;
    let out = raw_exchange(
        edge.addr,
        head,
        move |_| {
            if sent >= TOTAL {
                return None;
            }
            let mut data = Vec::new();
            if first {
                first = false;
                data.extend_from_slice(&file_part_head("big.jpg", "image/jpeg"));
                data.extend_from_slice(&PHOTO_JPG[..4096]);
            }
            data.resize(data.len() + 64 * 1024, 0);
            sent += data.len() as u64;
            Some(http_chunk(&data))
        },
        false,
    )
    .await;
    let r = out.response.unwrap_or_else(|| {
        panic!(
            "no answer to the chunked oversize upload: {:?}",
            out.read_error
        )
    });
    assert_eq!(
        r.status,
        413,
        "chunked oversize: {}",
        String::from_utf8_lossy(&r.body)
    );
    println!(
        "chunked oversize: the socket took {} of 64 MiB before the 413",
        out.written
    );
    assert!(
        out.written < 8 * 1024 * 1024,
        "the edge read {} bytes of a 64 MiB body limited to 1 MiB",
        out.written
    );

    // Declared Content-Length above the limit.
    let head = upload_head(edge.addr, &token, Some(TOTAL));
    let mut sent = 0u64;
    let mut first = true;
    let out = raw_exchange(
        edge.addr,
        head,
        move |_| {
            if sent >= TOTAL {
                return None;
            }
            let mut data = Vec::new();
            if first {
                first = false;
                data.extend_from_slice(&file_part_head("big.jpg", "image/jpeg"));
                data.extend_from_slice(&PHOTO_JPG[..4096]);
            }
            data.resize(data.len() + 64 * 1024, 0);
            data.truncate((TOTAL - sent) as usize);
            sent += data.len() as u64;
            Some(data)
        },
        false,
    )
    .await;
    let r = out.response.unwrap_or_else(|| {
        panic!(
            "no answer to the Content-Length oversize upload: {:?}",
            out.read_error
        )
    });
    assert_eq!(r.status, 413, "Content-Length oversize");
    assert!(out.written < 8 * 1024 * 1024, "read {} bytes", out.written);

    assert_eq!(edge.get("/gallery/big").await.status, 404, "nothing stored");

    // The limit is inclusive of exactly maxSize: a 1 MiB file is fine.
    let mut exact = PHOTO_JPG.to_vec();
    exact.resize(1024 * 1024, 0);
    let r = edge.upload(Some(&token), &exact, "big.jpg").await;
    assert_eq!(r.status, 201, "exactly maxSize: {}", r.short());
}
edge_test!(upload_oversize_streams, upload_oversize);

/// An upload refused before its body is read (here: no token, 2 MiB body):
/// the edge may close the connection instead of reading the rest, but then
/// it must say so (`Connection: close`), or a keep-alive client sends its
/// next request into a closed socket.
async fn early_rejection_connection(edge: &EdgeProc) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut body = file_part_head("a.jpg", "image/jpeg");
    body.extend_from_slice(PHOTO_JPG);
    body.resize(2 * 1024 * 1024, 0);
    body.extend_from_slice(&closing_boundary());
    let head = format!(
        "POST /v1/upload HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        edge.addr,
        body.len()
    );
    let stream = tokio::net::TcpStream::connect(edge.addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    let writer = tokio::spawn(async move {
        let ok = wr.write_all(head.as_bytes()).await.is_ok() && wr.write_all(&body).await.is_ok();
        (wr, ok)
    });
    // The first answer.
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    let first = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                while buf.len() < end + 4 + len {
                    let n = rd.read(&mut tmp).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&tmp[..n]);
                }
                buf.drain(..(end + 4 + len).min(buf.len()));
                return head;
            }
            let n = rd.read(&mut tmp).await.expect("read");
            assert!(n > 0, "closed without an answer");
            buf.extend_from_slice(&tmp[..n]);
        }
    })
    .await
    .expect("an answer within 10 s");
    assert!(first.starts_with("http/1.1 401"), "missing token: {first}");
    let says_close = first
        .lines()
        .any(|l| l.starts_with("connection:") && l.contains("close"));
    let (mut wr, body_sent) = tokio::time::timeout(Duration::from_secs(10), writer)
        .await
        .expect("the writer finishes (the edge reads or closes)")
        .unwrap();
    // A second request on the same connection.
    let second = async {
        if !body_sent {
            return None;
        }
        let req = format!("GET /health HTTP/1.1\r\nHost: {}\r\n\r\n", edge.addr);
        wr.write_all(req.as_bytes()).await.ok()?;
        loop {
            if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                return Some(String::from_utf8_lossy(&buf).into_owned());
            }
            let n = rd.read(&mut tmp).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&tmp[..n]);
        }
    };
    let second = tokio::time::timeout(Duration::from_secs(10), second)
        .await
        .ok()
        .flatten();
    match second {
        Some(answer) => assert!(
            answer.starts_with("HTTP/1.1 200"),
            "second request: {answer}"
        ),
        None => assert!(
            says_close,
            "the edge closed the connection after its 401 without `Connection: close` \
             (first answer head: {first:?})"
        ),
    }
}
edge_test!(
    early_rejection_connection_handling,
    early_rejection_connection
);

/// A multipart body that ends early: 400, nothing stored.
async fn upload_truncated(edge: &EdgeProc) {
    let token = edge.upload_token(named("trunc"));
    let mut body = file_part_head("trunc.jpg", "image/jpeg");
    body.extend_from_slice(PHOTO_JPG);
    body.extend_from_slice(&closing_boundary());

    // (a) A well-framed HTTP body whose multipart has no closing boundary.
    let cut = body.len() - closing_boundary().len();
    let mut chunks = vec![
        http_chunk(&body[..cut / 2]),
        http_chunk(&body[cut / 2..cut]),
        b"0\r\n\r\n".to_vec(),
    ]
    .into_iter();
    let out = raw_exchange(
        edge.addr,
        upload_head(edge.addr, &token, None),
        move |_| chunks.next(),
        false,
    )
    .await;
    let r = out.response.unwrap_or_else(|| {
        panic!(
            "no answer to a body without its closing boundary: {:?}",
            out.read_error
        )
    });
    assert_eq!(
        r.status,
        400,
        "missing closing boundary: {}",
        String::from_utf8_lossy(&r.body)
    );

    // (b) Content-Length promises the whole body; half is sent, then the
    // client half-closes. An answer, if any, must be 400.
    let half = body[..body.len() / 2].to_vec();
    let mut once = Some(half);
    let out = raw_exchange(
        edge.addr,
        upload_head(edge.addr, &token, Some(body.len() as u64)),
        move |_| once.take(),
        true,
    )
    .await;
    match &out.response {
        Some(r) => assert_eq!(r.status, 400, "half a body, then EOF"),
        None => println!(
            "half a body then EOF: the edge closed without answering ({:?})",
            out.read_error
        ),
    }

    // (c) Half a body, then the connection is dropped entirely.
    {
        use tokio::io::AsyncWriteExt;
        let mut s = tokio::net::TcpStream::connect(edge.addr).await.unwrap();
        s.write_all(upload_head(edge.addr, &token, Some(body.len() as u64)).as_bytes())
            .await
            .unwrap();
        s.write_all(&body[..body.len() / 2]).await.unwrap();
        drop(s);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    assert_eq!(
        edge.get("/gallery/trunc").await.status,
        404,
        "nothing stored"
    );
    // And the same token works for a whole body.
    let r = edge.upload(Some(&token), PHOTO_JPG, "trunc.jpg").await;
    assert_eq!(r.status, 201, "{}", r.short());
}
edge_test!(upload_truncated_multipart, upload_truncated);

async fn upload_bad_names(edge: &EdgeProc) {
    let long = "x".repeat(10 * 1024);
    for bad in [
        "a/../b",
        "../up",
        "..",
        "a/./b",
        "a%2Fb",
        "a%2fb",
        "a\0b",
        "/lead",
        "trail/",
        "a//b",
        long.as_str(),
    ] {
        let token = edge.upload_token(named(bad));
        let r = edge.upload(Some(&token), PHOTO_JPG, "ok.jpg").await;
        let shown: String = bad.chars().take(20).collect();
        assert_eq!(r.status, 400, "token name {shown:?}: {}", r.short());
    }
    // The same through the multipart file name (no name in the token).
    let token = edge.upload_token(UploadOptions::default());
    for bad in [
        format!("{long}.jpg"),
        "a%2Fb.jpg".to_string(),
        "a\u{1}b.jpg".to_string(),
    ] {
        let r = edge.upload(Some(&token), PHOTO_JPG, &bad).await;
        let shown: String = bad.chars().take(20).collect();
        assert_eq!(r.status, 400, "file name {shown:?}: {}", r.short());
    }
    // A file name that is nothing but an extension gives no usable name.
    let r = edge.upload(Some(&token), PHOTO_JPG, "..jpg").await;
    assert_eq!(r.status, 400, "file name '..jpg': {}", r.short());
}
edge_test!(upload_refuses_bad_names, upload_bad_names);

async fn upload_conflict_overwrite(edge: &EdgeProc) {
    edge.upload_named(PHOTO_JPG, "dup", None).await;
    let token = edge.upload_token(named("dup"));
    let r = edge.upload(Some(&token), PHOTO_PNG, "dup.png").await;
    assert_eq!(r.status, 409, "exists, overwrite absent: {}", r.short());
    let token = edge.upload_token(UploadOptions {
        overwrite: Some(false),
        ..named("dup")
    });
    let r = edge.upload(Some(&token), PHOTO_PNG, "dup.png").await;
    assert_eq!(r.status, 409, "exists, overwrite false");
    let r = edge.get("/gallery/dup").await;
    assert_eq!(r.body.as_ref(), PHOTO_JPG, "the first upload still served");
    assert_eq!(r.header("content-type"), Some("image/jpeg"));

    let token = edge.upload_token(UploadOptions {
        overwrite: Some(true),
        ..named("dup")
    });
    let r = edge.upload(Some(&token), PHOTO_PNG, "dup.png").await;
    assert_eq!(r.status, 201, "overwrite true: {}", r.short());
    let v = r.json();
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(64), Some(48))
    );
    let r = edge.get("/gallery/dup").await;
    assert_eq!(r.body.as_ref(), PHOTO_PNG, "the new bytes served");
    assert_eq!(r.header("content-type"), Some("image/png"));
    let bh = edge.get("/v1/blurhash/gallery/dup").await.json();
    assert_eq!(
        (bh["width"].as_u64(), bh["height"].as_u64()),
        (Some(64), Some(48))
    );
    let r = edge.get("/gallery/w=32/dup").await;
    assert_eq!(dims(&r.body), (32, 24), "a transform of the new bytes");
}
edge_test!(upload_conflict_and_overwrite, upload_conflict_overwrite);

// ---------------------------------------------------------------------------
// 5. Concurrent uploads of one new name

async fn concurrent_uploads(edge: &EdgeProc) {
    let edge_url = edge.url("/v1/upload");
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8u8 {
        let token = edge.upload_token(named("race"));
        let client = edge.client.clone();
        let url = edge_url.clone();
        // Distinct bytes per uploader (JPEG with a trailing byte) so the
        // winner's bytes can be recognised.
        let mut bytes = PHOTO_JPG.to_vec();
        bytes.push(i);
        tasks.spawn(async move {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name("race.jpg")
                .mime_str("image/jpeg")
                .unwrap();
            let res = client
                .post(url)
                .header("X-Aura-Signature", token)
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .expect("upload");
            (res.status().as_u16(), bytes)
        });
    }
    let mut created = Vec::new();
    let mut conflicts = 0;
    let mut other = Vec::new();
    while let Some(r) = tasks.join_next().await {
        let (status, bytes) = r.unwrap();
        match status {
            201 => created.push(bytes),
            409 => conflicts += 1,
            s => other.push(s),
        }
    }
    assert!(other.is_empty(), "unexpected statuses {other:?}");
    assert_eq!(
        (created.len(), conflicts),
        (1, 7),
        "exactly one 201 and seven 409"
    );
    assert_eq!(
        edge.get("/gallery/race").await.body.as_ref(),
        created[0].as_slice(),
        "the winner's bytes"
    );
}
edge_test!(concurrent_uploads_one_winner, concurrent_uploads);

// ---------------------------------------------------------------------------
// 6. setVisibility and blurhash

async fn send_request(
    edge: &EdgeProc,
    req: &aura_core::auraimage::HttpRequest,
    signature: Option<&str>,
) -> Resp {
    assert_eq!(req.method, "PATCH");
    let mut b = edge.client.patch(&req.url).body(req.body.clone());
    for (k, v) in &req.headers {
        let v = match (k.as_str(), signature) {
            ("X-Aura-Signature", Some(s)) => s,
            _ => v.as_str(),
        };
        b = b.header(k.as_str(), v);
    }
    edge.send(b).await
}

async fn visibility(edge: &EdgeProc) {
    let aura = edge.aura();
    edge.upload_named(PHOTO_JPG, "blog/flip", None).await;
    let r = edge.get("/gallery/blog/flip").await;
    assert_eq!(
        r.status, 200,
        "public at first (and now in the edge's caches)"
    );

    let private = aura
        .set_visibility_request("blog/flip", "private", now())
        .unwrap();
    for attempt in ["first", "repeated"] {
        let r = send_request(edge, &private, None).await;
        assert_eq!(r.status, 200, "{attempt} PATCH private: {}", r.short());
        assert_eq!(r.json(), json!({"visibility": "private"}), "{attempt}");
    }
    let r = edge.get("/gallery/blog/flip").await;
    expect_answer(&r, 403, TOKEN_REQUIRED, "private now");
    let r = edge.get("/gallery/w=100/blog/flip").await;
    assert_eq!(r.status, 403, "a transform of it too");
    let r = edge
        .get(&format!(
            "/gallery/blog/flip?token={}",
            edge.serve_token("blog/flip")
        ))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some(PRIVATE_CC));

    let public = aura
        .set_visibility_request("blog/flip", "public", now())
        .unwrap();
    let r = send_request(edge, &public, None).await;
    assert_eq!(r.status, 200, "{}", r.short());
    assert_eq!(r.json(), json!({"visibility": "public"}));
    let r = edge.get("/gallery/blog/flip").await;
    assert_eq!(r.status, 200, "public again, without a token");
    assert_eq!(r.header("cache-control"), Some(PUBLIC_CC));
    assert_eq!(r.body.as_ref(), PHOTO_JPG);

    let unknown = aura
        .set_visibility_request("blog/nope", "private", now())
        .unwrap();
    assert_eq!(
        send_request(edge, &unknown, None).await.status,
        404,
        "unknown image"
    );

    let other_sig = edge
        .other_aura()
        .sign_upload(&UploadOptions::default(), now())
        .unwrap();
    let r = send_request(edge, &private, Some(&other_sig)).await;
    assert!(
        matches!(r.status, 401 | 403),
        "another project's token: {}",
        r.status
    );
    let r = send_request(edge, &private, Some("garbage.token")).await;
    assert_eq!(r.status, 401, "a bad token");
    assert_eq!(
        edge.get("/gallery/blog/flip").await.status,
        200,
        "still public"
    );

    for body in [
        r#"{"visibility":"secret"}"#,
        "not json",
        r#"{"other":"private"}"#,
        "",
    ] {
        let mut req = private.clone();
        req.body = body.to_string();
        let r = send_request(edge, &req, None).await;
        assert_eq!(r.status, 400, "body {body:?}: {}", r.short());
    }
    assert_eq!(
        edge.get("/gallery/blog/flip").await.status,
        200,
        "still public"
    );
}
edge_test!(set_visibility_patch, visibility);

async fn blurhash_endpoint(edge: &EdgeProc) {
    let up = edge.upload_named(PHOTO_JPG, "bh", None).await;
    let r = edge.get("/v1/blurhash/gallery/bh").await;
    assert_eq!(r.status, 200, "{}", r.short());
    let v = r.json();
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["blurhash", "height", "width"].into());
    assert_eq!(v["blurhash"], up["blurhash"]);
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(640), Some(480))
    );

    let up = edge
        .upload_named(PHOTO_PNG, "bh-private", Some("private"))
        .await;
    let r = edge.get("/v1/blurhash/gallery/bh-private").await;
    expect_answer(&r, 403, TOKEN_REQUIRED, "private blurhash without a token");
    let r = edge
        .get("/v1/blurhash/gallery/bh-private?token=garbage")
        .await;
    expect_answer(&r, 403, INVALID_SIG, "private blurhash with a bad token");
    let r = edge
        .get(&format!(
            "/v1/blurhash/gallery/bh-private?token={}",
            edge.serve_token("bh-private")
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.short());
    let v = r.json();
    assert_eq!(v["blurhash"], up["blurhash"]);
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(64), Some(48))
    );

    assert_eq!(edge.get("/v1/blurhash/gallery/none").await.status, 404);
}
edge_test!(blurhash_endpoint_reads, blurhash_endpoint);

// ---------------------------------------------------------------------------
// 7. Transforms

async fn transforms(edge: &EdgeProc) {
    edge.upload_named(PHOTO_JPG, "tx", None).await;

    let r = edge.get("/gallery/w=100/tx").await;
    assert_eq!(r.status, 200, "{}", r.short());
    assert_eq!(dims(&r.body), (100, 75), "w=100 of 640x480");

    let r = edge.get("/gallery/w=100,h=100,fit=cover/tx").await;
    assert_eq!(r.status, 200, "{}", r.short());
    assert_eq!(dims(&r.body), (100, 100), "cover 100x100");

    let r = edge.get("/gallery/w=100,h=100,fit=contain/tx").await;
    assert_eq!(r.status, 200, "{}", r.short());
    let (w, h) = dims(&r.body);
    assert!(
        w <= 100 && h <= 100 && (w == 100 || h == 100),
        "contain within 100x100, got {w}x{h}"
    );

    for path in ["/gallery/tx.webp", "/gallery/w=100/tx.webp"] {
        let r = edge.get(path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.short());
        assert_eq!(r.header("content-type"), Some("image/webp"), "{path}");
        assert_eq!(&r.body[..4], b"RIFF", "{path}");
        assert_eq!(&r.body[8..12], b"WEBP", "{path}");
        let expected_w = if path.contains("w=100") { 100 } else { 640 };
        assert_eq!(dims(&r.body).0, expected_w, "{path}");
    }

    // Format conversion by extension.
    let r = edge.get("/gallery/w=64/tx.png").await;
    assert_eq!(r.status, 200, "{}", r.short());
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert_eq!(&r.body[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(dims(&r.body), (64, 48));
    edge.upload_named(PHOTO_PNG, "tx-png", None).await;
    let r = edge.get("/gallery/tx-png.jpg").await;
    assert_eq!(r.status, 200, "{}", r.short());
    assert_eq!(r.header("content-type"), Some("image/jpeg"));
    assert_eq!(&r.body[..3], b"\xff\xd8\xff");
    assert_eq!(dims(&r.body), PHOTO_PNG_DIMS);

    for bad in ["q=101", "q=0", "w=0", "h=0", "w=-5", "w=abc", "fit=stretch"] {
        let r = edge.get(&format!("/gallery/{bad}/tx")).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.short());
    }

    let a = edge.get("/gallery/w=120,q=60/tx").await;
    let b = edge.get("/gallery/w=120,q=60/tx").await;
    assert_eq!((a.status, b.status), (200, 200));
    assert_eq!(a.body, b.body, "the same transform twice: identical bytes");
    assert_eq!(a.header("etag"), b.header("etag"));
    assert_eq!(a.header("cache-control"), Some(PUBLIC_CC));
}
edge_test!(transforms_resize_and_convert, transforms);

// ---------------------------------------------------------------------------
// 8. Killed and gracefully stopped uploads

/// A multipart upload whose body trickles in: `chunks` pieces, `delay` apart;
/// `yielded` counts the pieces handed to the client.
fn slow_upload(
    edge: &EdgeProc,
    token: String,
    bytes: &'static [u8],
    chunks: usize,
    delay: Duration,
    yielded: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<Result<(u16, String), String>> {
    let client = edge.client.clone();
    let url = edge.url("/v1/upload");
    let size = bytes.len().div_ceil(chunks);
    let stream = futures_util::stream::unfold(0usize, move |i| {
        let yielded = yielded.clone();
        async move {
            if i * size >= bytes.len() {
                return None;
            }
            if i > 0 {
                tokio::time::sleep(delay).await;
            }
            let end = ((i + 1) * size).min(bytes.len());
            yielded.fetch_add(1, Ordering::SeqCst);
            Some((
                Ok::<_, std::io::Error>(bytes::Bytes::from_static(&bytes[i * size..end])),
                i + 1,
            ))
        }
    });
    tokio::spawn(async move {
        let part = reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(stream))
            .file_name("slow.jpg")
            .mime_str("image/jpeg")
            .unwrap();
        let res = client
            .post(url)
            .header("X-Aura-Signature", token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .map_err(|e| format!("{e:?}"))?;
        let status = res.status().as_u16();
        let text = res.text().await.map_err(|e| format!("{e:?}"))?;
        Ok((status, text))
    })
}

async fn wait_for(counter: &AtomicUsize, n: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while counter.load(Ordering::SeqCst) < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slow upload never got going"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn temp_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if path.is_dir() {
                stack.push(path);
            } else if name.starts_with('.') || name.contains("tmp") || name.contains("part") {
                found.push(path);
            }
        }
    }
    found
}

async fn killed_upload(edge: &EdgeProc) {
    let token = edge.upload_token(named("killed"));
    let yielded = Arc::new(AtomicUsize::new(0));
    let upload = slow_upload(
        edge,
        token,
        PHOTO_JPG,
        10,
        Duration::from_millis(150),
        yielded.clone(),
    );
    wait_for(&yielded, 4).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let status = edge.sigkill();
    assert!(!status.success(), "killed");
    let outcome = upload.await.unwrap();
    assert!(
        !matches!(outcome, Ok((201, _))),
        "an upload cut by SIGKILL cannot have succeeded: {outcome:?}"
    );

    let again = edge.restart();
    let r = again.get("/gallery/killed").await;
    assert_eq!(
        r.status,
        404,
        "nothing visible after the restart: {}",
        r.short()
    );
    let r = again.get("/v1/blurhash/gallery/killed").await;
    assert_eq!(r.status, 404);
    if let Some(data) = again.data_dir() {
        let tmp = temp_files(data);
        assert!(tmp.is_empty(), "temp files left behind: {tmp:?}");
    }
    // The store still works.
    again.upload_named(PHOTO_PNG, "killed", None).await;
    assert_eq!(again.get("/gallery/killed").await.body.as_ref(), PHOTO_PNG);
}
edge_test!(killed_upload_leaves_nothing, killed_upload);

async fn graceful_shutdown(edge: &EdgeProc) {
    let token = edge.upload_token(named("graceful"));
    let yielded = Arc::new(AtomicUsize::new(0));
    let upload = slow_upload(
        edge,
        token,
        PHOTO_JPG,
        8,
        Duration::from_millis(150),
        yielded.clone(),
    );
    wait_for(&yielded, 3).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    edge.sigterm();
    let outcome = upload.await.unwrap();
    assert!(
        matches!(&outcome, Ok((201, _))),
        "the upload in flight at SIGTERM completes: {outcome:?}\nedge stderr:\n{}",
        edge.logs()
    );
    let status = tokio::task::block_in_place(|| edge.wait_exit(Duration::from_secs(10)))
        .expect("the edge exits after SIGTERM");
    assert!(
        status.success(),
        "exit status after SIGTERM: {status:?}\n{}",
        edge.logs()
    );

    let again = edge.restart();
    assert_eq!(
        again.get("/gallery/graceful").await.body.as_ref(),
        PHOTO_JPG,
        "the upload was stored"
    );
}
edge_test!(graceful_shutdown_finishes_uploads, graceful_shutdown);

// ---------------------------------------------------------------------------
// 9. Cloudflare stand-ins

async fn images_stand_in(edge: &EdgeProc) {
    edge.put_file("images/cat-1", PHOTO_JPG).await;
    let signer = ImagesSigner::new(&edge.secrets().images_key).unwrap();
    let t = now();
    let sign = |url: String, expires: i64, at: i64| {
        signer
            .sign(&url, expires, at, ImagesMode::Default)
            .unwrap()
            .url
    };

    let url = sign(edge.url(&format!("/{ACCOUNT_HASH}/cat-1/public")), 3600, t);
    let r = edge.get_url(&url).await;
    assert_eq!(r.status, 200, "signed: {}", r.short());
    assert_eq!(r.body.as_ref(), PHOTO_JPG);
    assert_eq!(r.header("content-type"), Some("image/jpeg"));

    // Tampered sig (one hex digit).
    let i = url.find("sig=").unwrap() + 4;
    let mut tampered = url.clone().into_bytes();
    tampered[i] = if tampered[i] == b'0' { b'1' } else { b'0' };
    let r = edge.get_url(&String::from_utf8(tampered).unwrap()).await;
    assert_eq!(r.status, 403, "tampered sig");

    // The signature of one image does not open another.
    edge.put_file("images/cat-2", PHOTO_PNG).await;
    let r = edge.get_url(&url.replace("/cat-1/", "/cat-2/")).await;
    assert_eq!(r.status, 403, "sig moved to another image");

    let expired = sign(
        edge.url(&format!("/{ACCOUNT_HASH}/cat-1/public")),
        60,
        t - 7200,
    );
    assert_eq!(edge.get_url(&expired).await.status, 403, "expired");

    let custom = sign(
        edge.url(&format!(
            "/cdn-cgi/imagedelivery/{ACCOUNT_HASH}/cat-1/public"
        )),
        3600,
        t,
    );
    let r = edge.get_url(&custom).await;
    assert_eq!(r.status, 200, "custom-domain form: {}", r.short());
    assert_eq!(r.body.as_ref(), PHOTO_JPG);

    // Every refusal is a 403 (all checked, then reported together).
    let foreign = ImagesSigner::new("some-other-key")
        .unwrap()
        .sign(
            &edge.url(&format!("/{ACCOUNT_HASH}/cat-1/public")),
            3600,
            t,
            ImagesMode::Default,
        )
        .unwrap()
        .url;
    let refused = [
        (
            "unsigned (require_signed_urls defaults to true)",
            edge.url(&format!("/{ACCOUNT_HASH}/cat-1/public")),
        ),
        (
            "unsigned, custom-domain form",
            edge.url(&format!(
                "/cdn-cgi/imagedelivery/{ACCOUNT_HASH}/cat-1/public"
            )),
        ),
        (
            "a sig that is not 64 hex digits",
            url.replace("sig=", "sig=X"),
        ),
        (
            "exp without sig",
            url.split("&sig=").next().unwrap().to_string(),
        ),
        ("signed with another key", foreign),
    ];
    let mut wrong = Vec::new();
    for (what, u) in &refused {
        let r = edge.get_url(u).await;
        if r.status != 403 {
            wrong.push(format!("{what}: {} {}", r.status, r.short()));
        }
    }
    assert!(wrong.is_empty(), "expected 403:\n{}", wrong.join("\n"));
}
edge_test!(cloudflare_images_stand_in, images_stand_in);

const VIDEO_UID: &str = "5d5bc37ffcf54c9b82e996823bffbb81";
const MANIFEST: &[u8] =
    b"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nstream_t1.m3u8\n";
const MP4: &[u8] = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isomnot-really-a-video";

fn stream_signer(key: &aura_core::keys::CloudflareStreamKey) -> StreamSigner {
    StreamSigner::new(key.key.clone(), Some(&key.id), StreamStyle::Cloudflare).unwrap()
}

async fn stream_stand_in(edge: &EdgeProc) {
    edge.put_file(&format!("stream/{VIDEO_UID}/manifest/video.m3u8"), MANIFEST)
        .await;
    edge.put_file(&format!("stream/{VIDEO_UID}/downloads/default.mp4"), MP4)
        .await;
    let (known, unknown) = stream_keys();
    let signer = stream_signer(known);
    let t = now();
    let sign = |o: StreamTokenOptions, at: i64| signer.sign(VIDEO_UID, &o, at).unwrap();
    let manifest = |token: &str| format!("/{token}/manifest/video.m3u8");

    let token = sign(StreamTokenOptions::default(), t);
    let r = edge.get(&manifest(&token)).await;
    assert_eq!(r.status, 200, "signed manifest: {}", r.short());
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    assert_eq!(r.body.as_ref(), MANIFEST);

    let r = edge.get(&manifest(&tamper_last_part(&token))).await;
    assert_eq!(r.status, 403, "tampered");

    let expired = sign(
        StreamTokenOptions {
            expires_in: Some(60),
            ..Default::default()
        },
        t - 7200,
    );
    assert_eq!(edge.get(&manifest(&expired)).await.status, 403, "expired");

    let early = sign(
        StreamTokenOptions {
            not_before: Some(t + 3600),
            ..Default::default()
        },
        t,
    );
    assert_eq!(
        edge.get(&manifest(&early)).await.status,
        403,
        "nbf in the future"
    );

    let r = edge.get(&format!("/{token}/downloads/default.mp4")).await;
    assert_eq!(r.status, 403, "download without downloadable");
    let downloadable = sign(
        StreamTokenOptions {
            downloadable: Some(true),
            ..Default::default()
        },
        t,
    );
    let r = edge
        .get(&format!("/{downloadable}/downloads/default.mp4"))
        .await;
    assert_eq!(r.status, 200, "download with downloadable: {}", r.short());
    assert_eq!(r.body.as_ref(), MP4);

    let geo = sign(
        StreamTokenOptions {
            access_rules: Some(vec![
                AccessRule::country(RuleAction::Block, &["GB"]).unwrap(),
                AccessRule::any(RuleAction::Allow),
            ]),
            ..Default::default()
        },
        t,
    );
    let r = edge
        .get_with(&manifest(&geo), &[("CF-IPCountry", "GB")])
        .await;
    assert_eq!(r.status, 403, "country GB blocked");
    let r = edge
        .get_with(&manifest(&geo), &[("CF-IPCountry", "FR")])
        .await;
    assert_eq!(r.status, 200, "country FR allowed: {}", r.short());

    let foreign = stream_signer(unknown)
        .sign(VIDEO_UID, &StreamTokenOptions::default(), t)
        .unwrap();
    assert_eq!(
        edge.get(&manifest(&foreign)).await.status,
        403,
        "unknown key"
    );
    // The known key's id with the unknown key's signature.
    let impostor = StreamSigner::new(
        unknown.key.clone(),
        Some(&known.id),
        StreamStyle::Cloudflare,
    )
    .unwrap()
    .sign(VIDEO_UID, &StreamTokenOptions::default(), t)
    .unwrap();
    assert_eq!(
        edge.get(&manifest(&impostor)).await.status,
        403,
        "a known kid, signed by another key"
    );
}
edge_test!(cloudflare_stream_stand_in, stream_stand_in);

// ---------------------------------------------------------------------------
// SIGHUP: serve-secret rotation without a restart

async fn sighup_rotation(edge: &EdgeProc) {
    edge.upload_named(PHOTO_JPG, "rot", Some("private")).await;
    let s = edge.secrets().clone();
    let new_secret = format!("psk_live_MARKROTATED{}", now());
    let signer = |secret: &str| {
        AuraImage::new(&s.upload, PROJECT, Some(secret), None)
            .unwrap()
            .serve_token("rot", now() + 600)
            .unwrap()
    };
    let (old, new) = (signer(&s.serve), signer(&new_secret));
    let status = |token: String| async move {
        edge.get(&format!("/gallery/rot?token={token}"))
            .await
            .status
    };
    assert_eq!(status(new.clone()).await, 403, "not yet configured");

    // Bounded poll: the reload is asynchronous.
    async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !check().await {
            assert!(tokio::time::Instant::now() < deadline, "{what} (5 s)");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    let quoted = |v: &str| serde_json::Value::String(v.to_string()).to_string();
    edge.edit_config(
        &format!("serve_secrets = [{}]", quoted(&s.serve)),
        &format!(
            "serve_secrets = [{}, {}]",
            quoted(&new_secret),
            quoted(&s.serve)
        ),
    );
    edge.sighup();
    until("the new secret is accepted after SIGHUP", async || {
        status(new.clone()).await == 200
    })
    .await;
    assert_eq!(status(old.clone()).await, 200, "the old secret still works");

    edge.edit_config(
        &format!(
            "serve_secrets = [{}, {}]",
            quoted(&new_secret),
            quoted(&s.serve)
        ),
        &format!("serve_secrets = [{}]", quoted(&new_secret)),
    );
    edge.sighup();
    until("the retired secret is refused after SIGHUP", async || {
        status(old.clone()).await == 403
    })
    .await;
    assert_eq!(status(new.clone()).await, 200);

    // A broken file is refused: the running configuration stays, and says so.
    let errors_before = edge.logs().matches("ERROR").count();
    edge.edit_config("[[projects]]", "[[projects]\nbroken");
    edge.sighup();
    until("an ERROR line for the refused reload", async || {
        edge.logs().matches("ERROR").count() > errors_before
    })
    .await;
    assert_eq!(
        status(new.clone()).await,
        200,
        "still serving after a bad reload"
    );
    assert_eq!(edge.get("/health").await.status, 200);
}
edge_test!(sighup_reloads_secrets, sighup_rotation);

// ---------------------------------------------------------------------------
// 10. No secret in the logs

fn debug_logs() -> EdgeOptions {
    EdgeOptions {
        rust_log: "debug".to_string(),
        ..EdgeOptions::default()
    }
}

async fn secret_hygiene(edge: &EdgeProc) {
    let mut needles: Vec<(String, String)> = Vec::new();
    let s = edge.secrets().clone();
    for secret in s.all() {
        needles.push(("secret".into(), secret.to_string()));
    }
    let (known, _) = stream_keys();
    needles.push(("stream JWK".into(), known.jwk.expose().to_string()));
    needles.push(("stream PEM".into(), known.pem.expose().to_string()));
    let t = now();
    let aura = edge.aura();

    // Uploads (token in a header), public and private.
    for (name, visibility) in [("h/pub", None), ("h/priv", Some("private"))] {
        let token = edge.upload_token(UploadOptions {
            visibility: visibility.map(str::to_string),
            ..named(name)
        });
        let r = edge.upload(Some(&token), PHOTO_JPG, "x.jpg").await;
        assert_eq!(r.status, 201);
        needles.push(("upload token".into(), token.clone()));
        needles.push((
            "upload token MAC".into(),
            token.rsplit('.').next().unwrap().to_string(),
        ));
    }
    // A refused upload token too.
    let bad = tamper_last_part(&edge.upload_token(named("h/x")));
    assert_eq!(
        edge.upload(Some(&bad), PHOTO_JPG, "x.jpg").await.status,
        401
    );
    needles.push(("refused upload token".into(), bad));
    // setVisibility.
    let req = aura.set_visibility_request("h/pub", "public", t).unwrap();
    assert_eq!(send_request(edge, &req, None).await.status, 200);
    let sig = &req
        .headers
        .iter()
        .find(|(k, _)| k == "X-Aura-Signature")
        .unwrap()
        .1;
    needles.push(("setVisibility token".into(), sig.clone()));

    // Signed reads, a transform, a refused one, blurhash.
    let serve = aura.serve_token("h/priv", t + 600).unwrap();
    for path in [
        format!("/gallery/h/priv?token={serve}"),
        format!("/gallery/w=50/h/priv?token={serve}&w=1"),
        format!("/v1/blurhash/gallery/h/priv?token={serve}"),
    ] {
        assert_eq!(edge.get(&path).await.status, 200, "{path}");
    }
    let expired = aura.serve_token("h/priv", t - 3600).unwrap();
    assert_eq!(
        edge.get(&format!("/gallery/h/priv?token={expired}"))
            .await
            .status,
        403
    );
    needles.push(("serve token".into(), serve.clone()));
    needles.push((
        "serve token MAC".into(),
        serve.rsplit('.').next().unwrap().to_string(),
    ));
    needles.push(("refused serve token".into(), expired));

    // Images.
    edge.put_file("images/h-1", PHOTO_JPG).await;
    let signer = ImagesSigner::new(&s.images_key).unwrap();
    let url = signer
        .sign(
            &edge.url(&format!("/{ACCOUNT_HASH}/h-1/public")),
            600,
            t,
            ImagesMode::Default,
        )
        .unwrap()
        .url;
    assert_eq!(edge.get_url(&url).await.status, 200);
    let sig_hex = url.split("sig=").nth(1).unwrap().to_string();
    needles.push(("Images sig".into(), sig_hex.clone()));
    let bad_url = url.replace(&sig_hex, &"0".repeat(64));
    assert_eq!(edge.get_url(&bad_url).await.status, 403);

    // Stream.
    edge.put_file(&format!("stream/{VIDEO_UID}/manifest/video.m3u8"), MANIFEST)
        .await;
    let stream_token = stream_signer(known)
        .sign(VIDEO_UID, &StreamTokenOptions::default(), t)
        .unwrap();
    assert_eq!(
        edge.get(&format!("/{stream_token}/manifest/video.m3u8"))
            .await
            .status,
        200
    );
    assert_eq!(
        edge.get(&format!("/{stream_token}/downloads/default.mp4"))
            .await
            .status,
        403
    );
    let tampered = tamper_last_part(&stream_token);
    assert_eq!(
        edge.get(&format!("/{tampered}/manifest/video.m3u8"))
            .await
            .status,
        403
    );
    needles.push(("Stream token".into(), stream_token.clone()));
    needles.push((
        "Stream token signature".into(),
        stream_token.rsplit('.').next().unwrap().to_string(),
    ));
    needles.push(("refused Stream token".into(), tampered));

    // Stop, so every line is written.
    edge.sigterm();
    let status =
        tokio::task::block_in_place(|| edge.wait_exit(Duration::from_secs(10))).expect("exit");
    assert!(status.success());
    let logs = edge.logs();
    assert!(logs.contains("DEBUG"), "debug logging is on:\n{logs}");
    assert!(
        logs.contains("/gallery/h/priv"),
        "requests are logged:\n{logs}"
    );
    for (what, needle) in &needles {
        assert!(!needle.is_empty());
        if let Some(i) = logs.find(needle.as_str()) {
            let from = logs[..i].rfind('\n').map_or(0, |n| n + 1);
            let to = logs[i..].find('\n').map_or(logs.len(), |n| i + n);
            panic!(
                "the {what} appears in the edge's stderr:\n{}",
                &logs[from..to]
            );
        }
    }
    // No `sig=` value at all (redacted ones are not hex).
    for (i, _) in logs.match_indices("sig=") {
        let next = logs[i + 4..].chars().next().unwrap_or(' ');
        assert!(
            !next.is_ascii_hexdigit(),
            "a sig= value in the logs: {}",
            &logs[i..(i + 40).min(logs.len())]
        );
    }
}
edge_test!(secret_hygiene_in_logs, secret_hygiene, debug_logs());

// ---------------------------------------------------------------------------
// 11. The demo

#[test]
fn demo_runs_green() {
    use std::io::Read;
    let mut child = std::process::Command::new(aura_bin())
        .arg("demo")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn aura demo");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("aura demo did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = out_thread.join().unwrap();
    let err = err_thread.join().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "aura demo exit status\nstdout:\n{out}\nstderr:\n{err}"
    );
    let ok = out
        .lines()
        .filter(|l| l.trim_start().starts_with('✓'))
        .count();
    let failed: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with('✗'))
        .collect();
    assert!(failed.is_empty(), "failed steps: {failed:#?}");
    assert!(ok >= 18, "only {ok} ✓ steps (at least 18 expected):\n{out}");
}

// ---------------------------------------------------------------------------
// 12. Health

async fn health(edge: &EdgeProc) {
    let r = edge.get("/health").await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap_or("")
        .starts_with("application/json"));
    let v: Value = r.json();
    assert_eq!(v["status"], "ok");
}
edge_test!(health_ok, health);
