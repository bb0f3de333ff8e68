//! `cargo bench -p aura-core`: each operation beside its primitive, in one
//! run, then a ratio table. Inputs from `bench/corpus.json`.
//! Targets: serve token ≤ 2× a fresh-key HMAC-SHA256 of the same payload
//! bytes; signed Images URL ≤ 3×; Stream token ≤ 1.1× a raw RS256 signature
//! with the same held key.

use aura_core::auraimage::AuraImage;
use aura_core::images::{ImagesMode, ImagesSigner};
use aura_core::mac::HmacKey;
use aura_core::stream::{StreamKey, StreamSigner, StreamStyle, StreamTokenOptions};
use criterion::{black_box, Criterion};
use serde_json::Value;
use std::path::PathBuf;

fn corpus() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/corpus.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("bench/corpus.json")).unwrap()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap()
}

fn median_ns(group: &str, name: &str) -> Option<f64> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/criterion")
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn main() {
    let c = corpus();
    let now = c["now"].as_i64().unwrap();
    let a = &c["auraimage"];
    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(30)
        .measurement_time(std::time::Duration::from_secs(3));

    // AuraImage serve token vs HMAC of the same payload bytes with a fresh key.
    let client = AuraImage::new(
        s(a, "secret_key"),
        s(a, "project"),
        Some(s(a, "serve_secret")),
        Some(s(a, "cdn_url")),
    )
    .unwrap();
    let name = s(a, "name");
    let exp = now + 3600;
    let payload = format!(
        r#"{{"p":"{}","f":"{}","exp":{exp}}}"#,
        s(a, "project"),
        name
    );
    let mut g = criterion.benchmark_group("serve_token");
    g.bench_function("aura", |b| {
        b.iter(|| client.serve_token(black_box(name), exp).unwrap())
    });
    g.bench_function("hmac_fresh_key", |b| {
        b.iter(|| HmacKey::new(black_box(s(a, "serve_secret"))).sign(black_box(payload.as_bytes())))
    });
    g.finish();
    let mut g = criterion.benchmark_group("signed_url");
    g.bench_function("aura", |b| {
        b.iter(|| {
            client
                .get_signed_url(black_box(name), Some(3600.0), None, now)
                .unwrap()
        })
    });
    g.finish();

    // Cloudflare Images: signed URL vs HMAC of the string it signs.
    let im = &c["images"];
    let signer = ImagesSigner::new(s(im, "key")).unwrap();
    let expires = im["expires_in"].as_i64().unwrap();
    let signed = signer
        .sign(s(im, "url"), expires, now, ImagesMode::Default)
        .unwrap();
    let mut g = criterion.benchmark_group("images_url");
    g.bench_function("aura", |b| {
        b.iter(|| {
            signer
                .sign(black_box(s(im, "url")), expires, now, ImagesMode::Default)
                .unwrap()
        })
    });
    g.bench_function("hmac_fresh_key", |b| {
        b.iter(|| {
            HmacKey::new(black_box(s(im, "key"))).sign(black_box(signed.string_to_sign.as_bytes()))
        })
    });
    g.finish();

    // Stream token vs a raw RS256 signature with the same held key.
    let st = &c["stream"];
    let key = StreamKey::from_any(s(st, "key_pkcs8_pem"), Some(s(st, "key_id"))).unwrap();
    let stream = StreamSigner::new(key.clone(), None, StreamStyle::Cloudflare).unwrap();
    let options = StreamTokenOptions::default();
    let token = stream.sign(s(st, "video_id"), &options, now).unwrap();
    let signing_input = token.rsplit_once('.').unwrap().0.to_string();
    let mut g = criterion.benchmark_group("stream_token");
    g.bench_function("aura", |b| {
        b.iter(|| {
            stream
                .sign(black_box(s(st, "video_id")), &options, now)
                .unwrap()
        })
    });
    g.bench_function("raw_rs256", |b| {
        b.iter(|| key.sign_rs256(black_box(signing_input.as_bytes())))
    });
    g.finish();
    let mut g = criterion.benchmark_group("stream_key_parse");
    g.bench_function("aura", |b| {
        b.iter(|| StreamKey::from_any(black_box(s(st, "key_cf_pem_b64")), None).unwrap())
    });
    g.finish();

    criterion.final_summary();

    println!("\n== ratios (median; lower is better) ==");
    for (group, peer, target) in [
        ("serve_token", "hmac_fresh_key", 2.0),
        ("images_url", "hmac_fresh_key", 3.0),
        ("stream_token", "raw_rs256", 1.1),
    ] {
        match (median_ns(group, "aura"), median_ns(group, peer)) {
            (Some(ours), Some(theirs)) => {
                let ratio = ours / theirs;
                let verdict = if ratio <= target {
                    "within target"
                } else {
                    "ABOVE TARGET"
                };
                println!("{group:<14} aura {ours:>10.0} ns  {peer:<15} {theirs:>10.0} ns  ratio {ratio:.2}x (target <= {target}x) {verdict}");
            }
            _ => println!("{group}: no estimates (run without --test)"),
        }
    }
    for group in ["signed_url", "stream_key_parse"] {
        if let Some(ns) = median_ns(group, "aura") {
            println!("{group:<14} aura {ns:>10.0} ns");
        }
    }
}
