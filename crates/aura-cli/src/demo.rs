//! `aura demo`: the whole private-media flow against a local edge on a free
//! loopback port, each step printed with its HTTP status. Exits 0 only when
//! every step behaved as stated.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use aura_core::auraimage::{parse_set_visibility_response, AuraImage, SizeInput, UploadOptions};
use aura_core::images::{ImagesMode, ImagesSigner};
use aura_core::keys::{generate_secret, generate_stream_key, OsRandom, SecretKind};
use aura_core::stream::{StreamSigner, StreamStyle, StreamTokenOptions};
use aura_edge::{Clock, Edge, EdgeConfig, EdgeHandle, SystemClock};
use bytes::Bytes;

/// The sample image uploaded by the demo (kept in the repository).
const SAMPLE: &[u8] = include_bytes!("../assets/sample.jpg");
const PROJECT: &str = "demo-app";
const NAME: &str = "blog/hero";
const ACCOUNT_HASH: &str = "demo-account-hash";
const IMAGE_ID: &str = "cat-2026";
const VIDEO_UID: &str = "5d5bc37ffcf54c9b82e996823bffbb81";

/// Run the end-to-end demo against a local edge on a free loopback port.
#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Leave the edge running afterwards and print URLs to open (Ctrl-C stops it).
    #[arg(long)]
    pub keep: bool,
}

struct Secrets {
    upload: String,
    serve_old: String,
    serve_new: String,
    images: String,
    stream_jwk: String,
}

fn config_text(data: &Path, s: &Secrets, serve: &[&str]) -> String {
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|i| toml_string(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "listen = \"127.0.0.1:0\"\n\n[storage]\nkind = \"local\"\npath = {}\n\n\
         [[projects]]\nname = \"{PROJECT}\"\nsecret_keys = [{}]\nserve_secrets = [{}]\n\n\
         [cloudflare.images]\naccount_hash = \"{ACCOUNT_HASH}\"\nsigning_keys = [{}]\n\n\
         [cloudflare.stream]\nkeys = [{}]\n",
        toml_string(&data.display().to_string()),
        toml_string(&s.upload),
        list(serve),
        toml_string(&s.images),
        toml_string(&s.stream_jwk),
    )
}

fn toml_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Prints steps and remembers whether each behaved as stated.
struct Report {
    color: bool,
    n: usize,
    failed: usize,
}

impl Report {
    fn step(&mut self, what: &str, expected: u16, got: u16, extra_ok: bool, note: &str) {
        self.n += 1;
        let ok = got == expected && extra_ok;
        if !ok {
            self.failed += 1;
        }
        let (mark, on, off) = match (ok, self.color) {
            (true, true) => ("✓", "\x1b[32m", "\x1b[0m"),
            (false, true) => ("✗", "\x1b[31m", "\x1b[0m"),
            (true, false) => ("✓", "", ""),
            (false, false) => ("✗", "", ""),
        };
        let expect = if got == expected {
            String::new()
        } else {
            format!(" (expected {expected})")
        };
        println!(
            "{on}{mark}{off} {:>2}. {what:<58} {on}{got}{off}{expect}  {note}",
            self.n
        );
    }
}

struct Http {
    client: reqwest::Client,
}

struct Answer {
    status: u16,
    content_type: String,
    body: Bytes,
}

impl Answer {
    fn message(&self) -> String {
        serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| {
                v.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_default()
    }
}

impl Http {
    async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        match req.send().await {
            Ok(res) => {
                let status = res.status().as_u16();
                let content_type = res
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let body = res.bytes().await.unwrap_or_default();
                Answer {
                    status,
                    content_type,
                    body,
                }
            }
            Err(e) => {
                eprintln!("request failed: {e}");
                Answer {
                    status: 0,
                    content_type: String::new(),
                    body: Bytes::new(),
                }
            }
        }
    }

    async fn get(&self, url: &str) -> Answer {
        self.send(self.client.get(url)).await
    }
}

/// Changes one character of the signature (the last one is avoided: its low
/// bits may be unused in base64url); `0`/`1` are valid in hex and base64url.
fn tamper(token: &str) -> String {
    let mut chars: Vec<char> = token.chars().collect();
    let i = chars.len().saturating_sub(3);
    chars[i] = if chars[i] == '0' { '1' } else { '0' };
    chars.into_iter().collect()
}

fn short(s: &str) -> String {
    if s.len() > 60 {
        format!("{}…", &s[..60])
    } else {
        s.to_string()
    }
}

pub fn run(args: DemoArgs) -> ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(demo(args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error[internal]: demo could not run: {e}");
            ExitCode::from(70)
        }
    }
}

async fn demo(args: DemoArgs) -> Result<bool, String> {
    let dir = tempfile::Builder::new()
        .prefix("aura-demo-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let data = dir.path().join("data");
    let mut rng = OsRandom;
    let stream_key = generate_stream_key(None).map_err(|e| e.to_string())?;
    let secret = |kind| generate_secret(kind, &mut OsRandom).map(|s| s.expose().to_string());
    let secrets = Secrets {
        upload: secret(SecretKind::SecretKey).map_err(|e| e.to_string())?,
        serve_old: secret(SecretKind::ServeSecret).map_err(|e| e.to_string())?,
        serve_new: secret(SecretKind::ServeSecret).map_err(|e| e.to_string())?,
        images: aura_core::keys::generate_key_id(&mut rng).map_err(|e| e.to_string())?,
        stream_jwk: stream_key.jwk.expose().to_string(),
    };
    let config_path = dir.path().join("aura.toml");
    let write_config = |serve: &[&str]| -> Result<EdgeConfig, String> {
        let text = config_text(&data, &secrets, serve);
        std::fs::write(&config_path, &text).map_err(|e| e.to_string())?;
        EdgeConfig::from_toml(&text, dir.path()).map_err(|e| e.to_string())
    };
    let config = write_config(&[&secrets.serve_old])?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let edge = Edge::bind(&config, clock.clone())
        .await
        .map_err(|e| e.to_string())?;
    let store = edge.state().store.clone();
    let handle: EdgeHandle = edge.spawn();
    let base = handle.url();
    let http = Http {
        client: reqwest::Client::builder()
            .no_proxy()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?,
    };
    let mut r = Report {
        color: std::io::stdout().is_terminal(),
        n: 0,
        failed: 0,
    };
    println!(
        "aura demo: an edge on {base} (local store in {})\n",
        data.display()
    );
    let now = clock.now();
    let aura = AuraImage::new(
        &secrets.upload,
        PROJECT,
        Some(&secrets.serve_old),
        Some(&base),
    )
    .map_err(|e| e.to_string())?;

    // 1. Upload with a signed upload token.
    let token = aura
        .sign_upload(
            &UploadOptions {
                max_size: Some(SizeInput::Text("5mb".into())),
                name: Some(NAME.into()),
                overwrite: Some(true),
                ..UploadOptions::default()
            },
            now,
        )
        .map_err(|e| e.to_string())?;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(SAMPLE.to_vec())
            .file_name("hero.jpg")
            .mime_str("image/jpeg")
            .map_err(|e| e.to_string())?,
    );
    let a = http
        .send(
            http.client
                .post(format!("{base}/v1/upload"))
                .header("X-Aura-Signature", &token)
                .multipart(form),
        )
        .await;
    let up: serde_json::Value = serde_json::from_slice(&a.body).unwrap_or_default();
    let (w, h) = (
        up["width"].as_u64().unwrap_or(0),
        up["height"].as_u64().unwrap_or(0),
    );
    r.step(
        "upload sample.jpg with a signed upload token",
        201,
        a.status,
        w > 0 && up["name"] == NAME && up["blurhash"].as_str().is_some_and(|b| !b.is_empty()),
        &format!(
            "{NAME}: {w}×{h} {}, {} bytes",
            up["format"].as_str().unwrap_or("?"),
            up["size"]
        ),
    );

    // 2. Make it private: the exact request setVisibility sends.
    let req = aura
        .set_visibility_request(NAME, "private", now)
        .map_err(|e| e.to_string())?;
    let mut builder = http.client.patch(&req.url).body(req.body.clone());
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    let a = http.send(builder).await;
    let parsed = parse_set_visibility_response(a.status, &String::from_utf8_lossy(&a.body));
    r.step(
        "make it private (setVisibility)",
        200,
        a.status,
        matches!(parsed, Ok(Some(ref v)) if v == "private"),
        &String::from_utf8_lossy(&a.body),
    );

    // 3–7. Reads.
    let public_url = format!("{base}/{PROJECT}/{NAME}");
    let a = http.get(&public_url).await;
    r.step(
        "read it without a token",
        403,
        a.status,
        a.message() == "Signed token required for private image",
        &a.message(),
    );

    let signed = aura
        .get_signed_url(NAME, Some(600.0), None, now)
        .map_err(|e| e.to_string())?;
    let a = http.get(&signed).await;
    r.step(
        "read it with a signed URL (10 min)",
        200,
        a.status,
        a.body.as_ref() == SAMPLE,
        &format!("{} bytes, {}", a.body.len(), a.content_type),
    );

    let token_part = signed
        .split("?token=")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let transform_url = format!("{base}/{PROJECT}/w=320,q=70/{NAME}.webp?token={token_part}");
    let a = http.get(&transform_url).await;
    r.step(
        "read a transform (w=320, webp) with the same token",
        200,
        a.status,
        a.content_type == "image/webp" && !a.body.is_empty() && a.body.len() < SAMPLE.len(),
        &format!(
            "{} bytes (original {}), {}",
            a.body.len(),
            SAMPLE.len(),
            a.content_type
        ),
    );

    let expired = aura
        .get_signed_url(NAME, Some(60.0), None, now - 7200)
        .map_err(|e| e.to_string())?;
    let a = http.get(&expired).await;
    r.step(
        "read with an expired token",
        403,
        a.status,
        a.message() == "Invalid or expired signature",
        &a.message(),
    );

    let other = aura
        .get_signed_url("blog/other", Some(600.0), None, now)
        .map_err(|e| e.to_string())?;
    let other_token = other.split("?token=").nth(1).unwrap_or_default();
    let a = http.get(&format!("{public_url}?token={other_token}")).await;
    r.step(
        "read with a valid token for another image",
        403,
        a.status,
        a.message() == "Invalid or expired signature",
        &a.message(),
    );

    let tampered = tamper(&signed);
    let a = http.get(&tampered).await;
    r.step(
        "read with a tampered token",
        403,
        a.status,
        a.message() == "Invalid or expired signature",
        &a.message(),
    );

    // 8–9. Rotation: add a serve secret, then retire the old one.
    let rotated = write_config(&[&secrets.serve_new, &secrets.serve_old])?;
    handle.reload(&rotated).map_err(|e| e.to_string())?;
    let aura_new = AuraImage::new(
        &secrets.upload,
        PROJECT,
        Some(&secrets.serve_new),
        Some(&base),
    )
    .map_err(|e| e.to_string())?;
    let new_url = aura_new
        .get_signed_url(NAME, Some(600.0), None, now)
        .map_err(|e| e.to_string())?;
    let a = http.get(&signed).await;
    r.step(
        "add a new serve secret: the old URL still works",
        200,
        a.status,
        true,
        "",
    );
    let a = http.get(&new_url).await;
    r.step(
        "a URL signed with the new secret works",
        200,
        a.status,
        true,
        "",
    );
    let retired = write_config(&[&secrets.serve_new])?;
    handle.reload(&retired).map_err(|e| e.to_string())?;
    let a = http.get(&signed).await;
    r.step(
        "retire the old secret: the old URL is refused",
        403,
        a.status,
        true,
        &a.message(),
    );
    let a = http.get(&new_url).await;
    r.step("the new URL still works", 200, a.status, true, "");

    // 10. Cloudflare Images stand-in.
    store
        .put_file(&format!("images/{IMAGE_ID}"), Bytes::from_static(SAMPLE))
        .await
        .map_err(|e| e.to_string())?;
    let images = ImagesSigner::new(&secrets.images).map_err(|e| e.to_string())?;
    let cf = images
        .sign(
            &format!("{base}/{ACCOUNT_HASH}/{IMAGE_ID}/public"),
            3600,
            now,
            ImagesMode::Default,
        )
        .map_err(|e| e.to_string())?
        .url;
    let a = http.get(&cf).await;
    r.step(
        "Cloudflare Images: signed delivery URL (stand-in)",
        200,
        a.status,
        a.body.as_ref() == SAMPLE,
        &short(cf.trim_start_matches(&base)),
    );
    let a = http.get(&tamper(&cf)).await;
    r.step(
        "Cloudflare Images: tampered sig",
        403,
        a.status,
        true,
        &a.message(),
    );
    let cf_expired = images
        .sign(
            &format!("{base}/{ACCOUNT_HASH}/{IMAGE_ID}/public"),
            60,
            now - 3600,
            ImagesMode::Default,
        )
        .map_err(|e| e.to_string())?
        .url;
    let a = http.get(&cf_expired).await;
    r.step(
        "Cloudflare Images: expired URL",
        403,
        a.status,
        true,
        &a.message(),
    );

    // 11. Cloudflare Stream stand-in.
    let manifest =
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nstream_t1.m3u8\n";
    store
        .put_file(
            &format!("stream/{VIDEO_UID}/manifest/video.m3u8"),
            Bytes::from_static(manifest.as_bytes()),
        )
        .await
        .map_err(|e| e.to_string())?;
    let signer = StreamSigner::new(
        stream_key.key.clone(),
        Some(&stream_key.id),
        StreamStyle::Cloudflare,
    )
    .map_err(|e| e.to_string())?;
    let stream_token = signer
        .sign(VIDEO_UID, &StreamTokenOptions::default(), now)
        .map_err(|e| e.to_string())?;
    let hls = format!("{base}/{stream_token}/manifest/video.m3u8");
    let a = http.get(&hls).await;
    r.step(
        "Cloudflare Stream: signed HLS manifest (stand-in)",
        200,
        a.status,
        a.body.as_ref() == manifest.as_bytes(),
        &a.content_type,
    );
    let a = http
        .get(&format!(
            "{base}/{}/manifest/video.m3u8",
            tamper(&stream_token)
        ))
        .await;
    r.step(
        "Cloudflare Stream: tampered token",
        403,
        a.status,
        true,
        &a.message(),
    );
    let a = http
        .get(&format!("{base}/{stream_token}/downloads/default.mp4"))
        .await;
    r.step(
        "Cloudflare Stream: download without downloadable",
        403,
        a.status,
        true,
        &a.message(),
    );

    let all_ok = r.failed == 0;
    println!("\n{} of {} steps behaved as stated.", r.n - r.failed, r.n);
    if args.keep {
        println!("\nThe edge keeps running on {base} (Ctrl-C stops it). Open:");
        println!("  signed image (10 min):  {new_url}");
        println!(
            "  transform:              {base}/{PROJECT}/w=320/{NAME}.webp?{}",
            new_url.split('?').nth(1).unwrap_or_default()
        );
        println!("  unsigned (403):         {public_url}");
        println!("  Cloudflare Images:      {cf}");
        println!("  Cloudflare Stream HLS:  {hls}");
        println!("  config:                 {}", config_path.display());
        let _ = tokio::signal::ctrl_c().await;
    }
    handle.stop().await.map_err(|e| e.to_string())?;
    Ok(all_ok)
}
