//! `aura cloudflare …` against Prism serving Cloudflare's OpenAPI document
//! (`tests/reference/cloudflare-openapi-subset.json`, request validation on:
//! a request that breaks the document would come back 4xx and fail the
//! command with exit 5). Secrets are printed only where they are the output.
//!
//! `AURA_PRISM=$(scripts/prism.sh) cargo test -p aura-cli --test cloudflare_cli`;
//! without `AURA_PRISM` the test prints SKIPPED and passes.

#[path = "../../aura-client/tests/support/prism.rs"]
mod prism;
use prism::{start_prism, Prism};
use std::process::{Command, Output};

use serde_json::{json, Value};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const UID: &str = "ea95132c15732412d22c1476fa83f27a";
const TOKEN: &str = "cli-test-TOKEN-MARK";
const IMAGES_KEY: &str = "Oix0bbNaT8Rge9PuyxUBrjI6zrgnsyJ5=";

/// `aura cloudflare <args> --account-id … --base-url <prism>` with only the
/// given environment.
fn aura(prism: &Prism, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aura"));
    cmd.env_clear().arg("cloudflare").args(args).args([
        "--account-id",
        ACCOUNT,
        "--base-url",
        &prism.base,
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run aura")
}

fn token_env() -> [(&'static str, &'static str); 1] {
    [("CLOUDFLARE_API_TOKEN", TOKEN)]
}

fn json_ok(o: &Output) -> Value {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "aura failed: {stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

fn failed(o: &Output, exit: i32, code: &str) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(exit), "{stderr}");
    assert!(stderr.starts_with(&format!("error[{code}]: ")), "{stderr}");
    assert!(o.stdout.is_empty());
    for secret in [TOKEN, IMAGES_KEY, "legacy-KEY-MARK"] {
        assert!(!stderr.contains(secret), "{stderr}");
    }
    stderr
}

#[test]
fn aura_cloudflare_against_prism() {
    let Some(prism) = start_prism("cloudflare_cli") else {
        return;
    };
    let env = token_env();

    // Images signing keys.
    let out = json_ok(&aura(&prism, &env, &["images-keys", "list"]));
    assert_eq!(out, json!({"keys": [{"name": "default"}]}), "names only");
    let out = json_ok(&aura(&prism, &env, &["images-keys", "rotate", "default"]));
    assert_eq!(out, json!({"name": "default", "value": IMAGES_KEY}));
    let out = json_ok(&aura(
        &prism,
        &env,
        &["images-keys", "ensure", "default", "--adopt"],
    ));
    assert_eq!(
        out,
        json!({"name": "default", "value": IMAGES_KEY, "action": "adopted"})
    );
    let err = failed(
        &aura(&prism, &env, &["images-keys", "ensure", "default"]),
        3,
        "invalid_input",
    );
    assert!(err.contains("rotate"), "{err}");
    failed(
        &aura(&prism, &env, &["images-keys", "create", "default"]),
        3,
        "invalid_input",
    );
    failed(
        &aura(&prism, &env, &["images-keys", "rotate", "missing"]),
        3,
        "key_not_found",
    );
    failed(
        &aura(&prism, &env, &["images-keys", "create", "no-dashes"]),
        3,
        "invalid_input",
    );
    // Prism keeps no state: the PUT is valid, its answer does not list the new key.
    failed(
        &aura(&prism, &env, &["images-keys", "create", "signing2"]),
        5,
        "invalid_response",
    );
    let out = json_ok(&aura(&prism, &env, &["images-keys", "delete", "signing2"]));
    assert_eq!(
        out,
        json!({"deleted": "signing2", "remaining": [{"name": "default"}]})
    );

    // Images.
    let out = json_ok(&aura(&prism, &env, &["images", "require-signed", "img1"]));
    assert_eq!(
        out,
        json!({"id": "string", "requireSignedURLs": false}),
        "Prism's example answer"
    );
    json_ok(&aura(
        &prism,
        &env,
        &["images", "require-signed", "img1", "--off"],
    ));
    let out = json_ok(&aura(&prism, &env, &["images", "details", "img1"]));
    assert_eq!(out["filename"], "logo.png");

    // Stream signing keys: the created key is printed, and it signs.
    let out = json_ok(&aura(&prism, &env, &["stream-keys", "create"]));
    assert_eq!(out["id"], ACCOUNT, "the document's example id");
    let pem = out["pem"].as_str().unwrap().to_string();
    assert!(out["jwk"]
        .as_str()
        .is_some_and(|j| j.starts_with("eyJ1c2Ui")));
    let signed = Command::new(env!("CARGO_BIN_EXE_aura"))
        .env_clear()
        .env("STREAM_KEY", &pem)
        .args([
            "sign",
            "stream-token",
            UID,
            "--key-id",
            ACCOUNT,
            "--now",
            "1700000000",
        ])
        .output()
        .unwrap();
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let out = json_ok(&aura(&prism, &env, &["stream-keys", "list"]));
    assert_eq!(
        out,
        json!({"keys": [{"id": ACCOUNT, "created": "2014-01-02T02:20:00Z", "key_id": "e9db990a82666dd571c77f944a5c5c8d"}]})
    );
    let out = json_ok(&aura(&prism, &env, &["stream-keys", "revoke", ACCOUNT]));
    assert_eq!(out, json!({"revoked": ACCOUNT, "result": "ok"}));

    // Stream videos.
    let out = json_ok(&aura(&prism, &env, &["stream", "require-signed", UID]));
    assert_eq!(
        out,
        json!({"uid": UID, "requireSignedURLs": false}),
        "Prism's example answer"
    );
    json_ok(&aura(
        &prism,
        &env,
        &["stream", "require-signed", UID, "--off"],
    ));
    let out = json_ok(&aura(&prism, &env, &["stream", "details", UID]));
    assert_eq!(out["uid"], UID);
    let out = json_ok(&aura(
        &prism,
        &env,
        &[
            "stream",
            "token",
            UID,
            "--exp",
            "1700003600",
            "--nbf",
            "1700000000",
            "--downloadable",
        ],
    ));
    assert_eq!(out["token"].as_str().unwrap().split('.').count(), 3);
    failed(
        &aura(&prism, &env, &["stream", "details", "../x"]),
        3,
        "invalid_input",
    );

    // Legacy credentials, and a token file.
    let legacy = [
        ("CLOUDFLARE_EMAIL", "ops@example.com"),
        ("CLOUDFLARE_API_KEY", "legacy-KEY-MARK"),
    ];
    json_ok(&aura(&prism, &legacy, &["stream-keys", "list"]));
    let dir = std::env::temp_dir().join(format!("aura-cf-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    json_ok(&aura(
        &prism,
        &[],
        &[
            "images-keys",
            "list",
            "--api-token-file",
            file.to_str().unwrap(),
        ],
    ));
    let _ = std::fs::remove_dir_all(&dir);

    // Refusals before anything is sent, and Cloudflare's errors.
    let err = failed(
        &aura(&prism, &[], &["stream-keys", "list"]),
        3,
        "invalid_input",
    );
    assert!(err.contains("CLOUDFLARE_API_TOKEN"), "{err}");
    failed(
        &aura(
            &prism,
            &[("CLOUDFLARE_EMAIL", "ops@example.com")],
            &["stream-keys", "list"],
        ),
        3,
        "invalid_input",
    );
    failed(
        &aura(
            &prism,
            &env,
            &[
                "stream-keys",
                "list",
                "--api-token-file",
                "/nonexistent/token",
            ],
        ),
        4,
        "io",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_aura"))
        .env_clear()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "cloudflare",
            "stream-keys",
            "list",
            "--base-url",
            &prism.base,
        ])
        .output()
        .unwrap();
    let err = failed(&o, 3, "invalid_input");
    assert!(err.contains("account id"), "{err}");
    // $CLOUDFLARE_BASE_URL; Prism serves the paths at its root, so under
    // /client/v4 they do not exist: Cloudflare-shaped errors exit 5.
    let o = Command::new(env!("CARGO_BIN_EXE_aura"))
        .env_clear()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("CLOUDFLARE_ACCOUNT_ID", ACCOUNT)
        .env("CLOUDFLARE_BASE_URL", format!("{}/client/v4", prism.base))
        .args(["cloudflare", "stream-keys", "list"])
        .output()
        .unwrap();
    let err = failed(&o, 5, "remote_error");
    assert!(err.contains("404"), "{err}");
    drop(prism);
}
