//! `cargo run -p aura-core --example quickstart`: sign and verify one of
//! each token kind, and watch a tampered one get rejected with its code.

use aura_core::auraimage::{
    verify_serve_token, verify_upload_token, AuraImage, ExpectedImage, UploadOptions,
};
use aura_core::images::{ImagesMode, ImagesSigner, ImagesVerifier};
use aura_core::keys::generate_stream_key;
use aura_core::stream::{
    StreamSigner, StreamStyle, StreamTokenOptions, StreamVerifier, StreamVerifyOptions,
    VideoIdCheck,
};
use std::time::{SystemTime, UNIX_EPOCH};

fn tamper(s: &str) -> String {
    // Change one character of the signature (still valid base64url).
    let mid = s.len() - 10;
    let c = if &s[mid..mid + 1] == "A" { "B" } else { "A" };
    format!("{}{}{}", &s[..mid], c, &s[mid + 1..])
}

fn main() -> Result<(), aura_core::AuraError> {
    // The core never reads the clock: the caller passes `now`.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;

    println!("== AuraImage ==");
    let aura = AuraImage::new(
        "sk_live_demo_secret",
        "my-project",
        Some("psk_live_demo_serve"),
        Some("https://cdn.auraimage.ai"),
    )?;
    let upload = aura.sign_upload(
        &UploadOptions {
            max_size: Some("10mb".into()),
            ..Default::default()
        },
        now,
    )?;
    println!("upload token      {upload}");
    println!(
        "  verifies        {}",
        verify_upload_token(&upload, &["sk_live_demo_secret"], now)?
    );
    let url = aura.get_signed_url("blog/hero", Some(600.0), None, now)?;
    println!("signed URL        {url}");
    let token = url.split_once("?token=").unwrap().1;
    let image = ExpectedImage {
        project: "my-project",
        name: "blog/hero",
    };
    println!(
        "  verifies        {}",
        verify_serve_token(token, &["psk_live_demo_serve"], now, Some(image))?
    );
    let err =
        verify_serve_token(&tamper(token), &["psk_live_demo_serve"], now, Some(image)).unwrap_err();
    println!(
        "  tampered        rejected: {} ({})",
        err.code(),
        err.message()
    );

    println!("\n== Cloudflare Images ==");
    let signer = ImagesSigner::new("images-signing-key-from-dashboard")?;
    let signed = signer.sign(
        "https://imagedelivery.net/Vi7wi5KSItxGFsWRG2Us6Q/photo-id/public",
        3600,
        now,
        ImagesMode::Default,
    )?;
    println!("signed URL        {}", signed.url);
    let verifier = ImagesVerifier::new(&["images-signing-key-from-dashboard"])?;
    println!(
        "  verifies        exp={}",
        verifier.verify(&signed.url, now)?
    );
    let err = verifier
        .verify(&signed.url.replace("photo-id", "other-id"), now)
        .unwrap_err();
    println!("  tampered        rejected: {}", err.code());
    let err = signer
        .sign(
            "https://imagedelivery.net/hash/photo-id/w=400,sharpen=3",
            3600,
            now,
            ImagesMode::Default,
        )
        .unwrap_err();
    println!("  flexible        refused: {}", err.code());

    println!("\n== Cloudflare Stream ==");
    let key = generate_stream_key(Some("0123456789abcdef0123456789abcdef"))?; // in Cloudflare's shapes
    let signer = StreamSigner::new(key.key.clone(), None, StreamStyle::Cloudflare)?;
    let token = signer.sign(
        "ea95132c15732412d22c1476fa83f27a",
        &StreamTokenOptions {
            downloadable: Some(true),
            ..Default::default()
        },
        now,
    )?;
    println!("token             {token}");
    let verifier = StreamVerifier::new(vec![key.key.public_key()])?;
    let options =
        StreamVerifyOptions::new(VideoIdCheck::Exact("ea95132c15732412d22c1476fa83f27a"), now);
    println!(
        "  verifies        sub={}",
        verifier.verify(&token, &options)?["sub"]
    );
    let err = verifier.verify(&tamper(&token), &options).unwrap_err();
    println!("  tampered        rejected: {}", err.code());
    let other = StreamVerifyOptions::new(VideoIdCheck::Exact("another-video"), now);
    println!(
        "  other video     rejected: {}",
        verifier.verify(&token, &other).unwrap_err().code()
    );
    Ok(())
}
