//! `aura upload` and `aura set-visibility` (the core's requests sent by
//! aura-client) against a real `aura edge` on loopback, local and S3:
//! upload private → bare read 403 → signed read 200 → set public → bare
//! read 200; the server's refusals surface as `error[remote_error]` with the
//! SDK's messages and exit code 5.

#[macro_use]
mod support;

use std::process::{Command, Output};

use support::*;

fn aura_cli(edge: &EdgeProc, args: &[&str]) -> Output {
    Command::new(aura_bin())
        .args(args)
        .args(["--project", PROJECT, "--cdn-url", &edge.base])
        .env("AURA_SECRET_KEY", &edge.secrets().upload)
        .env_remove("AURA_PROJECT")
        .env_remove("AURA_CDN_URL")
        .output()
        .expect("run aura")
}

fn stdout_json(o: &Output) -> serde_json::Value {
    assert!(
        o.status.success(),
        "aura failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

async fn upload_then_flip(edge: &EdgeProc) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("holiday.jpg");
    std::fs::write(&file, PHOTO_JPG).unwrap();
    let path = file.to_str().unwrap();

    let up = stdout_json(&aura_cli(
        edge,
        &["upload", path, "--visibility", "private"],
    ));
    assert_eq!(up["name"], "holiday", "{up}");
    assert_eq!(up["visibility"], "private");
    assert_eq!(
        (up["width"].as_u64(), up["height"].as_u64()),
        (Some(640), Some(480))
    );
    assert_eq!(up["size"].as_u64(), Some(PHOTO_JPG.len() as u64));

    assert_eq!(edge.get("/gallery/holiday").await.status, 403);
    let signed = format!("/gallery/holiday?token={}", edge.serve_token("holiday"));
    assert_eq!(edge.get(&signed).await.body.as_ref(), PHOTO_JPG);

    let flip = stdout_json(&aura_cli(edge, &["set-visibility", "holiday", "public"]));
    assert_eq!(flip, serde_json::json!({"visibility": "public"}));
    assert_eq!(edge.get("/gallery/holiday").await.status, 200);

    // The server's refusals, with the SDK's messages.
    let again = aura_cli(edge, &["upload", path]);
    assert_eq!(again.status.code(), Some(5), "{again:?}");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("error[remote_error]: Upload failed (409): Image already exists"),
        "{err}"
    );
    let missing = aura_cli(edge, &["set-visibility", "nope", "private"]);
    assert_eq!(missing.status.code(), Some(5));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("AuraImage.setVisibility failed (404): Image not found"),
        "{err}"
    );
    let bad = aura_cli(edge, &["set-visibility", "holiday", "secret"]);
    assert_eq!(
        bad.status.code(),
        Some(3),
        "invalid visibility is refused before any request"
    );
    // The upload secret never reaches the output.
    for o in [&again, &missing, &bad] {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!all.contains(&edge.secrets().upload));
    }
}

edge_test!(cli_upload_and_set_visibility, upload_then_flip);

/// A source server on loopback: every GET is answered `status` with
/// `content_type` and `body`; stops when the test's runtime ends.
async fn source(status: u16, content_type: &'static str, body: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match conn.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let answer = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = conn.write_all(answer.as_bytes()).await;
            let _ = conn.write_all(body).await;
        }
    });
    format!("http://{addr}")
}

async fn upload_from_url(edge: &EdgeProc) {
    let ok = source(200, "image/png", PHOTO_PNG).await;
    let up = stdout_json(&aura_cli(
        edge,
        &["upload", "--from-url", &format!("{ok}/pics/beach.png?v=1")],
    ));
    assert_eq!(up["name"], "beach", "{up}");
    assert_eq!(
        (up["width"].as_u64(), up["height"].as_u64()),
        (Some(64), Some(48))
    );
    let signed = format!("/gallery/beach?token={}", edge.serve_token("beach"));
    assert_eq!(edge.get(&signed).await.body.as_ref(), PHOTO_PNG);

    let html = source(200, "text/html", b"<html></html>").await;
    let missing = source(404, "text/plain", b"gone").await;
    let src_html = format!("{html}/x.png");
    let src_missing = format!("{missing}/x.png");
    for (args, exit, message) in [
        (
            vec!["upload", "--from-url", &src_html],
            5,
            format!("error[upload_from_url]: Expected image Content-Type, got \"text/html\" for: {src_html}"),
        ),
        (
            vec!["upload", "--from-url", &src_missing],
            5,
            format!("error[upload_from_url]: Remote server returned 404 for: {src_missing}"),
        ),
        (
            vec!["upload", "--from-url", &format!("{ok}/pics/beach.png")],
            5,
            "error[upload_from_url]: Upload failed (409): Image already exists".to_string(),
        ),
        (
            vec!["upload", "--from-url", "http://127.0.0.1:9/"],
            3,
            "error[upload_from_url]: Could not derive image name from URL: http://127.0.0.1:9/. Provide a name explicitly.".to_string(),
        ),
    ] {
        let o = aura_cli(edge, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(exit), "{args:?}: {err}");
        assert!(err.contains(&message), "{args:?}: {err}");
        assert!(!err.contains(&edge.secrets().upload));
    }
}

edge_test!(cli_upload_from_url, upload_from_url);
