//! `aura sign <provider>` for the six more CDNs: one reference case of each
//! vector file (tests/vectors/, made by the vendors' own code) through the
//! binary, with the key in a file and the clock fixed by `--now`; the output
//! must be the reference bytes, and the key must never be printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn vectors(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn case<'a>(file: &'a Value, id: &str) -> &'a Value {
    file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

fn key_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("key");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `aura sign …`; asserts success, that the key is not echoed, and
/// returns stdout without its final newline.
fn sign(args: &[&str], key: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = key_file(dir.path(), key);
    let out = Command::new(env!("CARGO_BIN_EXE_aura"))
        .arg("sign")
        .args(args)
        .arg("--key-file")
        .arg(&path)
        .arg("--verbose")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "aura sign {args:?}: {stderr}");
    let all = format!("{stdout}{stderr}");
    let marker = key
        .lines()
        .find(|l| l.len() > 8 && !l.starts_with("-----"))
        .unwrap_or(key);
    assert!(!all.contains(marker), "the key was printed: {all}");
    stdout.trim_end_matches('\n').to_string()
}

fn now_of(input: &Value) -> String {
    match input.get("now_unix") {
        Some(n) => n.to_string(),
        None => (input["now_ms"].as_i64().unwrap() / 1000).to_string(),
    }
}

#[test]
fn cloudfront_canned_url_is_the_aws_signers() {
    let file = vectors("cloudfront.json");
    let c = case(&file, "cf-001");
    let key = file["keys"]["rsa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == c["input"]["privateKey"]["key"])
        .unwrap();
    let url = sign(
        &[
            "cloudfront-url",
            c["input"]["url"].as_str().unwrap(),
            "--key-pair-id",
            c["input"]["keyPairId"].as_str().unwrap(),
            "--expires-at",
            "1767830400", // the case's dateLessThan, 2026-01-08T00:00:00Z
            "--now",
            &now_of(&c["input"]),
        ],
        key["pkcs1_pem"].as_str().unwrap(),
    );
    assert_eq!(url, c["output"]["signed_url"].as_str().unwrap());
}

#[test]
fn google_cloud_cdn_url_is_the_samples() {
    let file = vectors("google-cdn.json");
    let c = case(&file, "gc-001");
    let url = sign(
        &[
            "google-cdn-url",
            c["input"]["url"].as_str().unwrap(),
            "--key-name",
            c["input"]["key_name"].as_str().unwrap(),
            "--expires-at",
            "1549751401", // the case's 2019-02-09T22:30:01+00:00
            "--now",
            &now_of(&c["input"]),
        ],
        c["input"]["base64_key"].as_str().unwrap(),
    );
    assert_eq!(url, c["output"]["signed_url"].as_str().unwrap());
}

#[test]
fn mux_playback_token_is_mux_nodes() {
    let file = vectors("mux.json");
    let c = case(&file, "pb-001");
    let key = file["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == c["input"]["key"]["name"])
        .unwrap();
    let token = sign(
        &[
            "mux",
            c["input"]["id"].as_str().unwrap(),
            "--key-id",
            c["input"]["key_id"].as_str().unwrap(),
            "--now",
            &now_of(&c["input"]),
        ],
        key["base64_pkcs1_pem"].as_str().unwrap(),
    );
    assert_eq!(token, c["output"]["token"].as_str().unwrap());
}

#[test]
fn imgix_url_is_js_cores() {
    let file = vectors("imgix.json");
    let c = case(&file, "js-url-001");
    let url = sign(
        &[
            "imgix",
            c["input"]["path"].as_str().unwrap(),
            "--domain",
            c["input"]["domain"].as_str().unwrap(),
        ],
        c["input"]["sign_key"].as_str().unwrap(),
    );
    assert_eq!(url, c["output"].as_str().unwrap());
}

#[test]
fn bunny_url_is_the_official_signers() {
    let file = vectors("bunny.json");
    let c = case(&file, "py-001");
    let url = sign(
        &[
            "bunny",
            c["input"]["url"].as_str().unwrap(),
            "--expires-at",
            &c["input"]["expires_at"].to_string(),
            "--now",
            &now_of(&c["input"]),
        ],
        c["input"]["security_key"].as_str().unwrap(),
    );
    assert_eq!(url, c["output"].as_str().unwrap());
}

#[test]
fn akamai_url_token_is_edgeauths() {
    let file = vectors("akamai.json");
    let c = case(&file, "py-url-001");
    let options = &c["input"]["options"];
    let token = sign(
        &[
            "akamai",
            c["input"]["url"].as_str().unwrap(),
            "--window",
            &options["window_seconds"].to_string(),
            "--now",
            &now_of(&c["input"]),
        ],
        options["key"].as_str().unwrap(),
    );
    assert_eq!(token, c["output"].as_str().unwrap());
}

/// `aura inspect INPUT --key-file K --now N --json`: the verdict object.
fn inspect(input: &str, key: &str, now: i64) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = key_file(dir.path(), key);
    let out = Command::new(env!("CARGO_BIN_EXE_aura"))
        .args(["inspect", input, "--json", "--now", &now.to_string()])
        .arg("--key-file")
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let marker = key
        .lines()
        .find(|l| l.len() > 8 && !l.starts_with("-----"))
        .unwrap_or(key);
    assert!(!text.contains(marker), "the key was printed: {text}");
    let report: Value = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("inspect {input}: {}", String::from_utf8_lossy(&out.stderr)));
    report
}

/// One changed character in the signature part of `signed`.
fn tamper(signed: &str, marker: &str) -> String {
    let at = signed.find(marker).expect("signature marker") + marker.len() + 3;
    let mut bytes = signed.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// Each provider's output is recognised by `aura inspect`, valid before its
/// expiry with the key, expired after it, and refused once tampered.
#[test]
fn inspect_recognises_and_verifies_each_provider() {
    let cf = vectors("cloudfront.json");
    let cf_key = cf["keys"]["rsa"][0]["pkcs1_pem"]
        .as_str()
        .unwrap()
        .to_string();
    let gc = vectors("google-cdn.json");
    let gc_case = case(&gc, "gc-001");
    let gc_key = gc_case["input"]["base64_key"].as_str().unwrap().to_string();
    let mux = vectors("mux.json");
    let mux_key = mux["keys"][0]["pkcs1_pem"].as_str().unwrap().to_string();
    let now = 1_767_225_600;
    let exp = now + 600;
    let rows: Vec<(&str, String, String, &str)> = vec![
        (
            "cloud_front_url",
            sign(
                &[
                    "cloudfront-url",
                    "https://d111111abcdef8.cloudfront.net/a.jpg",
                    "--key-pair-id",
                    "K2JCJMDEHXQW5F",
                    "--expires-at",
                    &exp.to_string(),
                    "--now",
                    &now.to_string(),
                ],
                &cf_key,
            ),
            cf_key.clone(),
            "Signature=",
        ),
        (
            "google_cdn_url",
            sign(
                &[
                    "google-cdn-url",
                    "https://cdn.example.com/a.jpg",
                    "--key-name",
                    "my-key",
                    "--expires-at",
                    &exp.to_string(),
                    "--now",
                    &now.to_string(),
                ],
                &gc_key,
            ),
            gc_key.clone(),
            "Signature=",
        ),
        (
            "mux_token",
            sign(
                &[
                    "mux",
                    "playbackid123",
                    "--key-id",
                    "kid1",
                    "--expiration",
                    "600",
                    "--now",
                    &now.to_string(),
                ],
                &mux_key,
            ),
            mux_key.clone(),
            "}.",
        ),
        (
            "imgix_url",
            sign(
                &[
                    "imgix",
                    "/a.jpg",
                    "--domain",
                    "x.imgix.net",
                    "--param",
                    &format!("expires={exp}"),
                ],
                "FOO123bar",
            ),
            "FOO123bar".into(),
            "s=",
        ),
        (
            "bunny_url",
            sign(
                &[
                    "bunny",
                    "https://x.b-cdn.net/a.jpg",
                    "--expires-at",
                    &exp.to_string(),
                    "--now",
                    &now.to_string(),
                ],
                "SecurityKey",
            ),
            "SecurityKey".into(),
            "HS256-",
        ),
        (
            "akamai_token",
            format!(
                "https://a.example.com/a.jpg?__token__={}",
                sign(
                    &[
                        "akamai",
                        "/a.jpg",
                        "--window",
                        "600",
                        "--now",
                        &now.to_string()
                    ],
                    "a1b2c3d4e5f60718293a4b5c6d7e8f90"
                )
            ),
            "a1b2c3d4e5f60718293a4b5c6d7e8f90".into(),
            "hmac=",
        ),
    ];
    for (kind, signed, key, marker) in rows {
        // The Mux token's signature is its third part: tamper after the second dot.
        let signed_for_tamper = signed.clone();
        let valid = inspect(&signed, &key, now);
        assert_eq!(valid["kind"], kind, "{signed}: {valid}");
        assert_eq!(valid["verdict"]["status"], "valid", "{kind}: {valid}");
        let late = inspect(&signed, &key, exp + 1);
        assert_eq!(late["verdict"]["code"], "expired", "{kind}: {late}");
        let bad = if kind == "mux_token" {
            let cut = signed_for_tamper.rfind('.').unwrap() + 4;
            let mut b = signed_for_tamper.into_bytes();
            b[cut] = if b[cut] == b'A' { b'B' } else { b'A' };
            String::from_utf8(b).unwrap()
        } else {
            tamper(&signed, marker)
        };
        let refused = inspect(&bad, &key, now);
        assert_eq!(refused["verdict"]["status"], "refused", "{kind}: {refused}");
    }
}

#[test]
fn bad_input_is_a_typed_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let path = key_file(dir.path(), "not a key");
    let out = Command::new(env!("CARGO_BIN_EXE_aura"))
        .args([
            "sign",
            "cloudfront-url",
            "https://d.cloudfront.net/a",
            "--key-pair-id",
            "K",
        ])
        .arg("--key-file")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[invalid_key]"), "{err}");
}
