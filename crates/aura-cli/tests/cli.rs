//! The `aura` binary, run as a user would: sign commands against the
//! reference vectors in `tests/vectors/` (expected values are the vectors',
//! never computed with the code under test), inspect verdicts and exit
//! codes, keygen shapes, completions, and that no secret is ever printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Every variable the CLI reads a secret or a default from; cleared for
/// each run so the host environment cannot leak in.
const ENV_VARS: [&str; 7] = [
    "AURA_SECRET_KEY",
    "AURA_SERVE_SECRET",
    "IMAGES_SIGNING_KEY",
    "STREAM_KEY",
    "AURA_JWT_KEY",
    "AURA_PROJECT",
    "AURA_CDN_URL",
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    fn line(&self) -> &str {
        self.stdout.trim_end_matches('\n')
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn aura_with(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aura"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in ENV_VARS {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the aura binary runs");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn aura(args: &[&str], env: &[(&str, &str)]) -> Run {
    aura_with(args, env, None)
}

fn vectors(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {v}"))
}

fn cases<'a>(file: &'a Value, list: &str) -> &'a [Value] {
    file[list].as_array().unwrap()
}

fn case<'a>(file: &'a Value, list: &str, id: &str) -> &'a Value {
    cases(file, list)
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// A plain finite JSON number (not `{"$num": …}`).
fn plain_number(v: &Value) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite())
}

fn temp_file(contents: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(contents.as_bytes()).unwrap();
    f
}

// ---------------------------------------------------------------- sign

/// Every `AuraImage.signUpload` case whose options the flags can express and
/// the typed API accepts: the exact reference token.
#[test]
fn sign_upload_matches_every_expressible_vector() {
    let file = vectors("auraimage.json");
    let mut checked = 0;
    for c in cases(&file, "cases") {
        let i = &c["input"];
        if c["kind"] != "upload_token" || i["via"] != "AuraImage.signUpload" {
            continue;
        }
        if c["output"].get("error").is_some() {
            continue;
        }
        let ctor = &i["constructor"];
        let (Some(secret), Some(project)) =
            (ctor["secretKey"].as_str(), ctor["projectName"].as_str())
        else {
            continue;
        };
        if secret.is_empty() || secret.contains('\0') {
            continue;
        }
        let o = i.get("options").cloned().unwrap_or(Value::Null);
        let mut args: Vec<String> = vec!["sign".into(), "upload".into()];
        let project = o
            .get("projectName")
            .and_then(Value::as_str)
            .unwrap_or(project);
        args.push(format!("--project={project}"));
        args.push(format!("--now={}", i["now_unix"]));
        let mut expressible = true;
        if let Some(v) = o.get("maxSize") {
            match v {
                Value::String(t) => args.push(format!("--max-size={t}")),
                Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1 << 53) => {
                    args.push(format!("--max-size={n}"))
                }
                _ => expressible = false,
            }
        }
        if let Some(v) = o.get("expiresIn") {
            match plain_number(v) {
                Some(n) if n >= 0.0 => args.push(format!("--expires-in={v}")),
                _ => expressible = false,
            }
        }
        if let Some(types) = o.get("allowedTypes").and_then(Value::as_array) {
            let types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            if types.is_empty() || types.iter().any(|t| t.contains(',')) {
                expressible = false;
            }
            for t in types {
                args.push(format!("--allowed-types={t}"));
            }
        }
        match o.get("visibility").and_then(Value::as_str) {
            Some(v @ ("public" | "private" | "")) => args.push(format!("--visibility={v}")),
            Some(_) => expressible = false,
            None => {}
        }
        if let Some(name) = o.get("name").and_then(Value::as_str) {
            args.push(format!("--name={name}"));
        }
        if let Some(b) = o.get("overwrite").and_then(Value::as_bool) {
            args.push(format!("--overwrite={b}"));
        }
        if !expressible {
            continue;
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // Alternate the three secret sources.
        let run = match checked % 3 {
            0 => aura(&args, &[("AURA_SECRET_KEY", secret)]),
            1 if !secret.ends_with(['\n', '\r']) => {
                let f = temp_file(secret);
                let path = f.path().to_str().unwrap().to_string();
                let mut a = args.clone();
                a.extend(["--secret-key-file", &path]);
                aura(&a, &[])
            }
            _ if !secret.ends_with(['\n', '\r']) => {
                let mut a = args.clone();
                a.push("--secret-key-stdin");
                aura_with(&a, &[], Some(&format!("{secret}\n")))
            }
            _ => aura(&args, &[("AURA_SECRET_KEY", secret)]),
        };
        assert_eq!(run.code, 0, "{}: {run:?}", s(c, "id"));
        assert_eq!(run.line(), s(&c["output"], "token"), "{}", s(c, "id"));
        checked += 1;
    }
    assert!(
        checked >= 25,
        "only {checked} upload vectors were expressible"
    );
}

#[test]
fn sign_upload_json_reports_token_and_exp() {
    let file = vectors("auraimage.json");
    let c = case(&file, "cases", "upload_token-031");
    let i = &c["input"];
    let now = i["now_unix"].to_string();
    let run = aura(
        &[
            "sign",
            "upload",
            "--project",
            s(&i["constructor"], "projectName"),
            "--max-size",
            "10mb",
            "--now",
            &now,
            "--json",
        ],
        &[("AURA_SECRET_KEY", s(&i["constructor"], "secretKey"))],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let v = run.json();
    assert_eq!(v["token"], c["output"]["token"]);
    let payload: Value = serde_json::from_str(s(&c["output"], "payload_json")).unwrap();
    assert_eq!(v["exp"], payload["exp"]);
    assert_eq!(v["payload"], payload);
}

/// Every `getSignedUrl` case with a plain non-negative `expiresIn` (or none).
#[test]
fn sign_url_matches_signed_url_vectors() {
    let file = vectors("auraimage.json");
    let mut checked = 0;
    for c in cases(&file, "cases") {
        if c["kind"] != "signed_url" || c["output"].get("error").is_some() {
            continue;
        }
        let i = &c["input"];
        let ctor = &i["constructor"];
        let o = i.get("options").cloned().unwrap_or(Value::Null);
        let cdn = o
            .get("cdnUrl")
            .and_then(Value::as_str)
            .or(ctor["cdnUrl"].as_str());
        let (Some(cdn), Some(serve), Some(project)) = (
            cdn,
            ctor["serveSecret"].as_str(),
            ctor["projectName"].as_str(),
        ) else {
            continue;
        };
        if !(cdn.starts_with("https://") || cdn.starts_with("http://"))
            || serve.is_empty()
            || serve.contains('\0')
        {
            continue;
        }
        let mut args = vec![
            "sign".to_string(),
            "url".into(),
            format!("--project={project}"),
            format!("--cdn-url={cdn}"),
            format!("--now={}", i["now_unix"]),
        ];
        match o.get("expiresIn") {
            None => {}
            Some(v) => match plain_number(v) {
                Some(n) if n >= 0.0 => args.push(format!("--expires-in={v}")),
                _ => continue,
            },
        }
        args.push("--".into());
        args.push(s(i, "name").into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = aura(&args, &[("AURA_SERVE_SECRET", serve)]);
        assert_eq!(run.code, 0, "{}: {run:?}", s(c, "id"));
        assert_eq!(run.line(), s(&c["output"], "url"), "{}", s(c, "id"));
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} signed_url vectors ran");
}

/// `--mode worker` reproduces the docs Worker on every vector a process
/// environment can carry (no NUL in the key).
#[test]
fn sign_images_url_worker_matches_vectors() {
    let file = vectors("cloudflare-images.json");
    let mut checked = 0;
    for c in cases(&file, "cases") {
        let (i, out) = (&c["input"], &c["output"]);
        let key = s(i, "key");
        if out.get("error").is_some() || key.contains('\0') || key.is_empty() {
            continue;
        }
        let args = [
            "sign".to_string(),
            "images-url".into(),
            "--mode=worker".into(),
            format!("--expires-in={}", i["expires_in"]),
            format!("--now={}", i["now_unix"]),
            "--json".into(),
            "--".into(),
            s(i, "url").into(),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = aura(&args, &[("IMAGES_SIGNING_KEY", key)]);
        assert_eq!(run.code, 0, "{}: {run:?}", s(c, "id"));
        let v = run.json();
        assert_eq!(v["url"], out["signed_url"], "{}", s(c, "id"));
        assert_eq!(v["string_to_sign"], out["string_to_sign"], "{}", s(c, "id"));
        checked += 1;
    }
    assert!(checked >= 290, "only {checked} images vectors ran");
}

#[test]
fn sign_images_url_default_mode_refuses_flexible_variants() {
    let file = vectors("cloudflare-images.json");
    let c = case(&file, "cases", "images-072");
    let run = aura(
        &["sign", "images-url", s(&c["input"], "url"), "--now", "1000"],
        &[("IMAGES_SIGNING_KEY", s(&c["input"], "key"))],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run
        .stderr
        .starts_with("error[flexible_variant_not_signable]: "));
}

struct StreamKeys<'a> {
    file: &'a Value,
}

impl StreamKeys<'_> {
    fn format(&self, name: &str, format: &str) -> String {
        let k = cases(self.file, "keys")
            .iter()
            .find(|k| k["name"] == name)
            .unwrap();
        s(&k["formats"], format).to_string()
    }
}

/// `"1h"`, `"30m"` or seconds (each producer's own option format).
fn seconds(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap(),
        Value::String(t) => {
            let (n, unit) = t.split_at(t.len() - 1);
            let n: i64 = n.parse().unwrap();
            n * match unit {
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86_400,
                _ => panic!("unit {unit}"),
            }
        }
        _ => panic!("duration {v}"),
    }
}

/// Every sign case in both styles (keys in all five private formats), and
/// the seed-003 Node and Go producers.
#[test]
fn sign_stream_token_matches_vectors() {
    let file = vectors("cloudflare-stream.json");
    let keys = StreamKeys { file: &file };
    let mut checked = 0;
    for c in cases(&file, "sign_cases") {
        let i = &c["input"];
        let claims = &i["claims"];
        let now = i["now_unix"].as_i64().unwrap();
        let lifetime = claims["exp"].as_i64().unwrap() - now;
        let style = match s(c, "style") {
            "cf_docs" => "cloudflare",
            "jsonwebtoken_keyid" => "jsonwebtoken",
            other => panic!("style {other}"),
        };
        let mut args = vec![
            "sign".to_string(),
            "stream-token".into(),
            format!("--key-id={}", s(i, "key_id")),
            format!("--style={style}"),
            format!("--now={now}"),
            format!("--expires-in={lifetime}"),
        ];
        if lifetime > 86_400 {
            args.push("--allow-long-lifetime".into());
        }
        if let Some(nbf) = claims.get("nbf") {
            args.push(format!("--nbf={nbf}"));
        }
        if let Some(d) = claims.get("downloadable") {
            args.push(format!("--downloadable={d}"));
        }
        if let Some(rules) = claims.get("accessRules") {
            args.push(format!("--access-rule={rules}"));
        }
        let key = keys.format(s(i, "key_name"), s(i, "key_format_used"));
        let key_file = temp_file(&key);
        if checked % 2 == 1 {
            args.push(format!("--key-file={}", key_file.path().display()));
        }
        args.push("--".into());
        args.push(s(claims, "sub").into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = if checked % 2 == 0 {
            aura(&args, &[("STREAM_KEY", &key)])
        } else {
            aura(&args, &[])
        };
        assert_eq!(run.code, 0, "{}: {run:?}", s(c, "id"));
        assert_eq!(run.line(), s(&c["output"], "token"), "{}", s(c, "id"));
        checked += 1;
    }
    assert_eq!(checked, 194);
    for c in cases(&file, "seed003_cases") {
        let i = &c["input"];
        let (style, format, lifetime) = match s(c, "style") {
            "seed003_node_jsonwebtoken" => (
                "jsonwebtoken-claims-kid",
                "cf_pem_b64",
                seconds(&i["expiresIn"]),
            ),
            "seed003_go_jose_v2" => ("go-jose", "pkcs1_pem", seconds(&i["expires_in"])),
            other => panic!("style {other}"),
        };
        let mut args = vec![
            "sign".to_string(),
            "stream-token".into(),
            format!("--key-id={}", s(i, "key_id")),
            format!("--style={style}"),
            format!("--now={}", i["now_unix"]),
            format!("--expires-in={lifetime}"),
        ];
        if let Some(nbf) = i.get("nbf").and_then(Value::as_i64) {
            args.push(format!("--nbf={nbf}"));
        }
        args.push("--".into());
        args.push(s(i, "video_id").into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let key = keys.format(s(i, "key_name"), format);
        let run = aura(&args, &[("STREAM_KEY", &key)]);
        assert_eq!(run.code, 0, "{}: {run:?}", s(c, "id"));
        assert_eq!(run.line(), s(&c["output"], "token"), "{}", s(c, "id"));
        checked += 1;
    }
    assert_eq!(checked, 194 + 16);
}

#[test]
fn sign_stream_token_urls() {
    let file = vectors("cloudflare-stream.json");
    let keys = StreamKeys { file: &file };
    let c = case(&file, "sign_cases", "sign-007");
    let i = &c["input"];
    let token = s(&c["output"], "token");
    let now = i["now_unix"].to_string();
    let lifetime =
        (i["claims"]["exp"].as_i64().unwrap() - i["now_unix"].as_i64().unwrap()).to_string();
    let key = keys.format("test-key-1", "cf_pem_b64");
    let args = [
        "sign",
        "stream-token",
        s(&i["claims"], "sub"),
        "--key-id",
        s(i, "key_id"),
        "--now",
        &now,
        "--expires-in",
        &lifetime,
        "--downloadable",
        "--urls",
        "--customer-code",
        "abc123",
    ];
    let run = aura(&args, &[("STREAM_KEY", &key)]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], token);
    let base = format!("https://customer-abc123.cloudflarestream.com/{token}");
    assert!(lines.contains(&format!("hls        {base}/manifest/video.m3u8").as_str()));
    assert!(lines.contains(&format!("dash       {base}/manifest/video.mpd").as_str()));
    assert!(lines.contains(&format!("iframe     {base}/iframe").as_str()));
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let v = aura(&json_args, &[("STREAM_KEY", &key)]).json();
    assert_eq!(v["token"], token);
    assert_eq!(v["exp"], i["claims"]["exp"]);
    assert_eq!(v["kid"], i["key_id"]);
    assert_eq!(
        v["urls"]["thumbnail"],
        format!("{base}/thumbnails/thumbnail.jpg")
    );
}

/// `sign jwt` writes {"alg","typ","kid"} like npm jsonwebtoken with keyid:
/// the jsonwebtoken_keyid Stream vectors are RS256 JWT vectors.
#[test]
fn sign_jwt_matches_jsonwebtoken_vectors() {
    let file = vectors("cloudflare-stream.json");
    let keys = StreamKeys { file: &file };
    let mut checked = 0;
    for c in cases(&file, "sign_cases")
        .iter()
        .filter(|c| c["style"] == "jsonwebtoken_keyid")
        .step_by(7)
    {
        let i = &c["input"];
        let key = keys.format(s(i, "key_name"), "pkcs8_pem");
        let run = aura(
            &[
                "sign",
                "jwt",
                "--alg",
                "RS256",
                "--kid",
                s(i, "key_id"),
                "--claims",
                s(&c["output"], "claims_json"),
            ],
            &[("AURA_JWT_KEY", &key)],
        );
        assert_eq!(run.code, 0, "{}: {run:?}", s(c, "id"));
        assert_eq!(run.line(), s(&c["output"], "token"), "{}", s(c, "id"));
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn sign_jwt_hs256_with_expiry_round_trips_through_inspect() {
    let secret = "an HS256 secret of at least 32 bytes!!";
    let run = aura(
        &[
            "sign",
            "jwt",
            "--alg",
            "HS256",
            "--claims",
            r#"{"sub":"me"}"#,
            "--expires-in",
            "60",
            "--now",
            "1000",
            "--json",
        ],
        &[("AURA_JWT_KEY", secret)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let v = run.json();
    assert_eq!(
        v["claims"],
        serde_json::json!({"sub": "me", "iat": 1000, "exp": 1060})
    );
    let token = s(&v, "token");
    let ok = aura(
        &["inspect", token, "--now", "1059"],
        &[("AURA_JWT_KEY", secret)],
    );
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(
        ok.stdout.contains("valid until 1970-01-01T00:17:40Z"),
        "{ok:?}"
    );
    let late = aura(
        &["inspect", token, "--now", "1062"],
        &[("AURA_JWT_KEY", secret)],
    );
    assert_eq!(late.code, 1);
    assert!(late.stdout.contains("expired 2 s ago"), "{late:?}");
    // A short HS256 secret is an argument error.
    let short = aura(
        &["sign", "jwt", "--alg", "HS256"],
        &[("AURA_JWT_KEY", "short")],
    );
    assert_eq!(short.code, 3);
    assert!(short.stderr.starts_with("error[invalid_input]: "));
}

// ---------------------------------------------------------------- inspect

/// signed_url-025: project UPPER, name `a,b`, exp 1767229199 (2026-01-01T00:59:59Z).
struct Serve {
    url: String,
    secret: String,
    payload: String,
    signature: String,
}

const SERVE_EXP: i64 = 1_767_229_199;

fn serve() -> Serve {
    let file = vectors("auraimage.json");
    let c = case(&file, "cases", "signed_url-025");
    Serve {
        url: s(&c["output"], "url").into(),
        secret: s(&c["input"]["constructor"], "serveSecret").into(),
        payload: s(&c["output"], "encoded_payload").into(),
        signature: s(&c["output"], "signature").into(),
    }
}

#[test]
fn inspect_valid_url() {
    let sv = serve();
    let now = (SERVE_EXP - 303).to_string();
    let run = aura(
        &["inspect", &sv.url, "--secret", &sv.secret, "--now", &now],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("AuraImage signed URL\n"));
    assert!(
        run.stdout
            .contains("valid until 2026-01-01T00:59:59Z (in 5m 3s)"),
        "{run:?}"
    );
    assert!(run.stdout.contains("project        UPPER"));
    assert!(run.stdout.contains("name           a,b"));
    // The secret from the environment, for what the input is.
    let env = aura(
        &["inspect", &sv.url, "--now", &now],
        &[("AURA_SERVE_SECRET", &sv.secret)],
    );
    assert_eq!(env.code, 0, "{env:?}");
    assert!(env.stdout.contains("checked with $AURA_SERVE_SECRET"));
    // From a file, and the input from stdin.
    let f = temp_file(&format!("{}\n", sv.secret));
    let path = f.path().to_str().unwrap();
    let piped = aura_with(
        &["inspect", "-", "--secret-file", path, "--now", &now],
        &[],
        Some(&sv.url),
    );
    assert_eq!(piped.code, 0, "{piped:?}");
    assert!(piped.stdout.contains("valid until"));
}

#[test]
fn inspect_expired_names_the_seconds() {
    let sv = serve();
    let now = (SERVE_EXP + 42).to_string();
    let run = aura(
        &["inspect", &sv.url, "--secret", &sv.secret, "--now", &now],
        &[],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("refused [expired]: expired 42 s ago (exp 2026-01-01T00:59:59Z)"),
        "{run:?}"
    );
}

#[test]
fn inspect_tampered_signature_shows_the_signed_string() {
    let sv = serve();
    // Change the 6th-last character (all 6 bits significant).
    let at = sv.signature.len() - 6;
    let was = sv.signature.as_bytes()[at];
    let flipped = if was == b'A' { "B" } else { "A" };
    let actual = format!(
        "{}{flipped}{}",
        &sv.signature[..at],
        &sv.signature[at + 1..]
    );
    let bad = sv.url.replace(&sv.signature, &actual);
    assert_ne!(bad, sv.url);
    let now = SERVE_EXP.to_string();
    let run = aura(
        &["inspect", &bad, "--secret", &sv.secret, "--now", &now],
        &[],
    );
    assert_eq!(run.code, 1, "{run:?}");
    // By default only a prefix of the expected signature (a valid signature
    // for this input) is shown.
    assert!(run.stdout.contains(&format!(
        "refused [bad_signature]: signature mismatch: the signed string was `{}`; with the given secret the signature would be `{}…` but the URL carries `{actual}`",
        sv.payload, &sv.signature[..8]
    )), "{run:?}");
    assert!(!run.stdout.contains(&sv.signature), "{run:?}");
    let v = aura(
        &[
            "inspect",
            &bad,
            "--secret",
            &sv.secret,
            "--now",
            &now,
            "--json",
            "--reveal-expected",
        ],
        &[],
    )
    .json();
    assert_eq!(v["verdict"]["code"], "bad_signature");
    assert_eq!(v["findings"][0]["signature"]["signed"], sv.payload.as_str());
    assert_eq!(
        v["findings"][0]["signature"]["expected"],
        sv.signature.as_str()
    );
    assert_eq!(v["findings"][0]["signature"]["actual"], actual.as_str());
}

#[test]
fn inspect_wrong_image() {
    let sv = serve();
    let other = sv.url.replace("/UPPER/a%2Cb?", "/UPPER/w=400/other.webp?");
    let now = SERVE_EXP.to_string();
    let run = aura(
        &["inspect", &other, "--secret", &sv.secret, "--now", &now],
        &[],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "refused [wrong_image]: wrong image (token for UPPER/a,b, the URL is for UPPER/other)"
        ),
        "{run:?}"
    );
    // The same image under a transform and a known extension is fine.
    let same = sv.url.replace("/UPPER/a%2Cb?", "/UPPER/w=400/a%2Cb.webp?");
    let ok = aura(
        &["inspect", &same, "--secret", &sv.secret, "--now", &now],
        &[],
    );
    assert_eq!(ok.code, 0, "{ok:?}");
    // Expectations given explicitly win over the path.
    let expected = aura(
        &[
            "inspect",
            &other,
            "--secret",
            &sv.secret,
            "--now",
            &now,
            "--expect-project",
            "UPPER",
            "--expect-name",
            "a,b",
        ],
        &[],
    );
    assert_eq!(expected.code, 0, "{expected:?}");
    // One without the other is a usage error.
    let half = aura(&["inspect", &other, "--expect-project", "UPPER"], &[]);
    assert_eq!(half.code, 2);
}

#[test]
fn inspect_without_a_secret_decodes_and_says_not_checked() {
    let sv = serve();
    let now = (SERVE_EXP - 10).to_string();
    let run = aura(&["inspect", &sv.url, "--now", &now], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run
        .stdout
        .contains(r#"payload          {"p":"UPPER","f":"a,b","exp":1767229199}"#));
    assert!(run.stdout.contains(
        "signature        not checked (pass --secret, --secret-file or --secret-stdin, or set AURA_SERVE_SECRET)"
    ), "{run:?}");
    assert!(run
        .stdout
        .contains("otherwise valid until 2026-01-01T00:59:59Z (in 10s)"));
    let json = aura(&["inspect", &sv.url, "--now", &now, "--json"], &[]).json();
    assert_eq!(json["verdict"]["status"], "unchecked");
    assert_eq!(json["signature_checked"], false);
    assert_eq!(json["decoded"]["payload"]["f"], "a,b");
    // Expired is known without a secret.
    let late = (SERVE_EXP + 1).to_string();
    let expired = aura(&["inspect", &sv.url, "--now", &late], &[]);
    assert_eq!(expired.code, 1);
    assert!(expired.stdout.contains("expired 1 s ago"));
}

fn stream_keys_file(file: &Value, names: &[&str]) -> Vec<tempfile::NamedTempFile> {
    let keys = StreamKeys { file };
    names
        .iter()
        .map(|n| temp_file(&keys.format(n, "public_jwk_json")))
        .collect()
}

#[test]
fn inspect_stream_unknown_kid_sub_mismatch_and_urls() {
    let file = vectors("cloudflare-stream.json");
    let files = stream_keys_file(&file, &["test-key-1", "test-key-2"]);
    let paths: Vec<&str> = files.iter().map(|f| f.path().to_str().unwrap()).collect();
    let video = "6adaa62bb5a07421e7dfe269e4161f35";
    let inspect = |id: &str, extra: &[&str]| {
        let c = case(&file, "verify_cases", id);
        let token = s(&c["input"], "token").to_string();
        let mut args = vec![
            "inspect",
            &token,
            "--key-file",
            paths[0],
            "--key-file",
            paths[1],
            "--now",
            "1700000000",
            "--video-id",
            video,
        ];
        args.extend(extra);
        aura(&args, &[])
    };
    let ok = inspect("verify-01", &[]);
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(ok.stdout.starts_with("Cloudflare Stream token\n"));
    assert!(ok.stdout.contains("valid until 2023-11-14T23:13:20Z"));

    let unknown = inspect("verify-08", &[]);
    assert_eq!(unknown.code, 1, "{unknown:?}");
    assert!(unknown
        .stdout
        .contains("refused [unknown_kid]: kid unknown: the token names `"));
    assert!(unknown.stdout.contains(
        "the given keys are `f2a71862e006a45e93952c2e8820faa5`, `70c0c83815fc3d78ed1fe9a983948eee`"
    ), "{unknown:?}");

    let sub = inspect("verify-20", &[]);
    assert_eq!(sub.code, 1);
    assert!(sub
        .stdout
        .contains("refused [sub_mismatch]: sub mismatch: the token is for video `"));
    assert!(sub.stdout.contains(&format!("not `{video}`")));

    let none = inspect("verify-11", &[]);
    assert_eq!(none.code, 1);
    assert!(none.stdout.contains("refused [alg_not_allowed]"));

    // The download URL of a token without downloadable.
    let c = case(&file, "verify_cases", "verify-27");
    let url = format!(
        "https://customer-abc123.cloudflarestream.com/{}/downloads/default.mp4",
        s(&c["input"], "token")
    );
    let dl = aura(
        &[
            "inspect",
            &url,
            "--key-file",
            paths[0],
            "--now",
            "1700000000",
        ],
        &[],
    );
    assert_eq!(dl.code, 1, "{dl:?}");
    assert!(dl.stdout.starts_with("Cloudflare Stream URL\n"));
    assert!(dl.stdout.contains("refused [not_downloadable]"));
}

#[test]
fn inspect_flexible_variant() {
    let file = vectors("cloudflare-images.json");
    let c = case(&file, "cases", "images-072");
    let now = c["input"]["now_unix"].to_string();
    let run = aura(
        &["inspect", s(&c["output"], "signed_url"), "--now", &now],
        &[("IMAGES_SIGNING_KEY", s(&c["input"], "key"))],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.starts_with("Cloudflare Images signed URL\n"));
    assert!(run.stdout.contains(
        "refused [flexible_variant_not_signable]: flexible variant `w=400,sharpen=3` on a signed Images URL: Cloudflare never serves these signed"
    ), "{run:?}");
}

#[test]
fn inspect_images_mismatch_shows_the_string_to_sign() {
    let file = vectors("cloudflare-images.json");
    let c = case(&file, "cases", "images-001");
    let run = aura(
        &[
            "inspect",
            s(&c["output"], "signed_url"),
            "--key",
            "not-the-key",
            "--now",
            &c["input"]["now_unix"].to_string(),
        ],
        &[],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains(&format!(
        "signature mismatch: the signed string was `{}`",
        s(&c["output"], "string_to_sign")
    )));
    let with_key = aura(
        &[
            "inspect",
            s(&c["output"], "signed_url"),
            "--now",
            &c["input"]["now_unix"].to_string(),
        ],
        &[("IMAGES_SIGNING_KEY", s(&c["input"], "key"))],
    );
    assert_eq!(with_key.code, 0, "{with_key:?}");
    assert!(with_key
        .stdout
        .contains("valid until 2021-09-10T15:54:35Z (in 1d)"));
}

#[test]
fn inspect_argument_errors() {
    let sv = serve();
    // Not a key: invalid input, exit 3.
    let file = vectors("cloudflare-stream.json");
    let token = s(&case(&file, "verify_cases", "verify-01")["input"], "token").to_string();
    let bad = aura(&["inspect", &token, "--key", "not a key"], &[]);
    assert_eq!(bad.code, 3, "{bad:?}");
    assert!(bad.stderr.starts_with("error[invalid_key]: "));
    // An unreadable file: exit 4.
    let missing = aura(
        &[
            "inspect",
            &sv.url,
            "--secret-file",
            "/nonexistent/aura-secret",
        ],
        &[],
    );
    assert_eq!(missing.code, 4, "{missing:?}");
    assert!(missing
        .stderr
        .starts_with("error[io]: cannot read --secret-file /nonexistent/aura-secret: "));
    // Something that is not a token.
    let junk = aura(&["inspect", "hello world"], &[]);
    assert_eq!(junk.code, 1);
    assert!(junk.stdout.starts_with("unrecognised input\n"));
    assert!(junk.stdout.contains("refused [malformed]"));
    // Bad --now.
    let now = aura(&["inspect", &sv.url, "--now", "soon"], &[]);
    assert_eq!(now.code, 3);
    assert!(now.stderr.starts_with("error[invalid_input]: --now"));
}

// ---------------------------------------------------------------- secrets

const MARKER: &str = "MARKERsecret0123456789abcdefghijklmnopqrstuvwxyz";

fn assert_no_marker(run: &Run, markers: &[&str], what: &str) {
    for m in markers {
        assert!(!run.all().contains(m), "{what} printed a secret:\n{run:?}");
    }
}

#[test]
fn secrets_are_never_printed() {
    let marker_sk = format!("sk_live_{MARKER}");
    let marker_psk = format!("psk_live_{MARKER}");
    let upload = ["sign", "upload", "--project", "demo"];
    let url = ["sign", "url", "blog/hero", "--project", "demo"];
    let images = ["sign", "images-url", "https://imagedelivery.net/h/i/public"];
    let jwt = ["sign", "jwt", "--alg", "HS256", "--claims", "{}"];
    let runs: Vec<(&[&str], &str, &str)> = vec![
        (&upload, "AURA_SECRET_KEY", &marker_sk),
        (&url, "AURA_SERVE_SECRET", &marker_psk),
        (&images, "IMAGES_SIGNING_KEY", MARKER),
        (&jwt, "AURA_JWT_KEY", MARKER),
    ];
    for (args, var, secret) in runs {
        for extra in [
            &["--now", "1000"][..],
            &["--now", "1000", "--verbose"][..],
            &["--json", "--verbose"][..],
            &["--now", "soon", "--verbose"][..],
            &["--expires-in", "x", "--verbose"][..],
        ] {
            let mut a = args.to_vec();
            a.extend(extra);
            let run = aura(&a, &[(var, secret)]);
            assert!(
                run.code == 0 || run.code == 3,
                "{a:?} exited {}: {run:?}",
                run.code
            );
            assert_no_marker(&run, &[MARKER], &format!("{a:?}"));
        }
    }
    // Error paths specific to each command.
    for (args, var, secret) in [
        (
            vec!["sign", "upload", "--project", "p", "--max-size", "10zb"],
            "AURA_SECRET_KEY",
            marker_sk.as_str(),
        ),
        (
            vec!["sign", "upload", "--project", "p", "--visibility", "secret"],
            "AURA_SECRET_KEY",
            &marker_sk,
        ),
        (
            vec!["sign", "url", "n", "--project", "p", "--cdn-url", "ftp://x"],
            "AURA_SERVE_SECRET",
            &marker_psk,
        ),
        (
            vec!["sign", "images-url", "not a url"],
            "IMAGES_SIGNING_KEY",
            MARKER,
        ),
        (
            vec!["sign", "jwt", "--alg", "RS256"],
            "AURA_JWT_KEY",
            MARKER,
        ),
        (
            vec!["sign", "stream-token", "v", "--key-id", "k"],
            "STREAM_KEY",
            MARKER,
        ),
    ] {
        let mut a = args.clone();
        a.push("--verbose");
        let run = aura(&a, &[(var, secret)]);
        assert_eq!(run.code, 3, "{a:?}: {run:?}");
        assert!(run.stderr.contains("error["), "{run:?}");
        assert_no_marker(&run, &[MARKER], &format!("{a:?}"));
    }
    // Secrets from files and stdin, too.
    let f = temp_file(&marker_sk);
    let path = f.path().to_str().unwrap();
    let run = aura(
        &[
            "sign",
            "upload",
            "--project",
            "p",
            "--secret-key-file",
            path,
            "--verbose",
            "--json",
        ],
        &[],
    );
    assert_eq!(run.code, 0);
    assert_no_marker(&run, &[MARKER], "--secret-key-file");
    let run = aura_with(
        &[
            "sign",
            "url",
            "n",
            "--project",
            "p",
            "--serve-secret-stdin",
            "--verbose",
        ],
        &[],
        Some(&marker_psk),
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_marker(&run, &[MARKER], "--serve-secret-stdin");
}

#[test]
fn stream_private_keys_are_never_printed() {
    let file = vectors("cloudflare-stream.json");
    let keys = StreamKeys { file: &file };
    let pem = keys.format("test-key-1", "pkcs1_pem");
    let b64 = keys.format("test-key-1", "cf_pem_b64");
    // Chunks of the private key body, in both encodings.
    let body: Vec<&str> = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let markers = [body[3], body[10], &b64[100..160]];
    for key in [&pem, &b64] {
        for extra in [
            &["--verbose"][..],
            &["--json", "--verbose", "--urls"][..],
            &["--now", "x", "--verbose"][..],
            &["--style", "nope", "--verbose"][..],
        ] {
            let mut a = vec![
                "sign",
                "stream-token",
                "vid",
                "--key-id",
                "k1",
                "--now",
                "1000",
            ];
            a.extend(extra);
            let run = aura(&a, &[("STREAM_KEY", key)]);
            assert_no_marker(&run, &markers, &format!("{a:?}"));
        }
    }
    // inspect with the private key as --key, valid and refused.
    let token = aura(
        &[
            "sign",
            "stream-token",
            "vid",
            "--key-id",
            "k1",
            "--now",
            "1000",
        ],
        &[("STREAM_KEY", &pem)],
    );
    let token = token.line().to_string();
    for now in ["1001", "999999"] {
        let run = aura(
            &[
                "inspect",
                &token,
                "--key",
                &pem,
                "--now",
                now,
                "--verbose",
                "--json",
            ],
            &[],
        );
        assert_no_marker(&run, &markers, "inspect --key");
        let tampered = format!("{}x", &token[..token.len() - 1]);
        let run = aura(
            &[
                "inspect",
                &tampered,
                "--key",
                &b64,
                "--now",
                now,
                "--verbose",
            ],
            &[],
        );
        assert_no_marker(&run, &markers, "inspect tampered");
    }
}

#[test]
fn inspect_never_prints_the_secret_it_was_given() {
    let sv = serve();
    let bad = sv.url.replace("/UPPER/a%2Cb?", "/UPPER/other?");
    for (input, secret) in [
        (&sv.url, sv.secret.clone()),
        (&sv.url, format!("psk_live_{MARKER}")),
        (&bad, sv.secret.clone()),
    ] {
        for extra in [&[][..], &["--json"][..], &["--verbose"][..]] {
            let mut a = vec![
                "inspect",
                input.as_str(),
                "--secret",
                &secret,
                "--now",
                "1767229000",
            ];
            a.extend(extra);
            let run = aura(&a, &[]);
            assert_no_marker(&run, &[&secret], "inspect");
        }
    }
}

// ---------------------------------------------------------------- keygen

fn b64url_alphabet(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[test]
fn keygen_shapes() {
    let sk = aura(&["keygen", "upload-secret"], &[]);
    assert_eq!(sk.code, 0);
    let sk = sk.line();
    assert!(sk.starts_with("sk_live_") && sk.len() == 8 + 43 && b64url_alphabet(&sk[8..]));
    let psk = aura(&["keygen", "serve-secret"], &[]);
    let psk = psk.line();
    assert!(psk.starts_with("psk_live_") && psk.len() == 9 + 43 && b64url_alphabet(&psk[9..]));
    assert_ne!(aura(&["keygen", "serve-secret"], &[]).line(), psk);
    let v = aura(&["keygen", "upload-secret", "--json"], &[]).json();
    assert_eq!(v["kind"], "upload-secret");
    assert!(s(&v, "secret").starts_with("sk_live_"));
    let images = aura(&["keygen", "images-key"], &[]);
    assert!(images.line().len() == 43 && b64url_alphabet(images.line()));
    let named = aura(&["keygen", "images-key", "--id", "main2", "--json"], &[]).json();
    assert_eq!(named["name"], "main2");
    assert_eq!(s(&named, "value").len(), 43);
    let bad = aura(&["keygen", "images-key", "--id", "no spaces allowed"], &[]);
    assert_eq!(bad.code, 3);
    assert!(bad.stderr.starts_with("error[invalid_input]: "));
}

fn b64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("standard base64")
}

#[test]
fn keygen_stream_key_loads_back() {
    let run = aura(&["keygen", "stream-key"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let v = run.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "pem", "jwk", "created"]);
    let id = s(&v, "id");
    assert!(
        id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let pem = String::from_utf8(b64_decode(s(&v, "pem"))).unwrap();
    assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert!(pem.ends_with("-----END RSA PRIVATE KEY-----\n"));
    assert!(pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .all(|l| l.len() <= 64));
    let jwk: Value = serde_json::from_slice(&b64_decode(s(&v, "jwk"))).unwrap();
    let members: Vec<&str> = jwk
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        members,
        ["use", "kty", "kid", "alg", "n", "e", "d", "p", "q", "dp", "dq", "qi"]
    );
    assert_eq!(jwk["kid"], id);
    let created = s(&v, "created");
    assert!(
        created.len() == 20 && &created[10..11] == "T" && created.ends_with('Z'),
        "{created}"
    );

    // The pem signs through --key-stdin; the token verifies with the jwk.
    let token = aura_with(
        &[
            "sign",
            "stream-token",
            "vid1",
            "--key-id",
            id,
            "--key-stdin",
            "--now",
            "1700000000",
        ],
        &[],
        Some(s(&v, "pem")),
    );
    assert_eq!(token.code, 0, "{token:?}");
    let check = aura(
        &[
            "inspect",
            token.line(),
            "--key",
            s(&v, "jwk"),
            "--video-id",
            "vid1",
            "--now",
            "1700000001",
        ],
        &[],
    );
    assert_eq!(check.code, 0, "{check:?}");
    assert!(check.stdout.contains("valid until 2023-11-14T23:13:20Z"));
    // The jwk carries its id: no --key-id needed.
    let via_jwk = aura(
        &["sign", "stream-token", "vid1", "--now", "1700000000"],
        &[("STREAM_KEY", s(&v, "jwk"))],
    );
    assert_eq!(via_jwk.line(), token.line());

    let named = aura(&["keygen", "stream-key", "--id", "my-key"], &[]).json();
    assert_eq!(named["id"], "my-key");
}

// ---------------------------------------------------------------- the rest

#[test]
fn completions_print_scripts() {
    let bash = aura(&["completions", "bash"], &[]);
    assert_eq!(bash.code, 0);
    assert!(bash.stdout.contains("_aura()") && bash.stdout.contains("complete -F"));
    assert!(bash.stdout.contains("stream-token"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let run = aura(&["completions", shell], &[]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(run.stdout.contains("aura"), "{shell}");
    }
    assert_eq!(aura(&["completions", "tcsh"], &[]).code, 2);
}

#[test]
fn help_everywhere_and_exit_codes_documented() {
    let top = aura(&["--help"], &[]);
    assert_eq!(top.code, 0);
    for line in [
        "Exit codes:",
        "  0   success",
        "  1   inspect: the URL or token would be refused",
        "  2   usage error",
        "  3   invalid input",
        "  4   I/O error",
        "  5   remote or HTTP error",
        "  70  internal error",
    ] {
        assert!(top.stdout.contains(line), "missing {line:?}");
    }
    for path in [
        &["sign"][..],
        &["sign", "upload"],
        &["sign", "url"],
        &["sign", "images-url"],
        &["sign", "stream-token"],
        &["sign", "jwt"],
        &["inspect"],
        &["keygen"],
        &["keygen", "upload-secret"],
        &["keygen", "serve-secret"],
        &["keygen", "images-key"],
        &["keygen", "stream-key"],
        &["completions"],
        &["edge"],
        &["demo"],
    ] {
        let mut a = path.to_vec();
        a.push("--help");
        let run = aura(&a, &[]);
        assert_eq!(run.code, 0, "{a:?}");
        assert!(run.stdout.contains("Usage: aura"), "{a:?}");
    }
    let keygen = aura(&["keygen", "serve-secret", "--help"], &[]);
    assert!(keygen.stdout.contains("The output IS the secret"));
}

#[test]
fn exit_codes() {
    assert_eq!(aura(&[], &[]).code, 2);
    assert_eq!(aura(&["sign"], &[]).code, 2);
    assert_eq!(aura(&["sign", "upload", "--bogus"], &[]).code, 2);
    // A secret is never a flag value on sign commands.
    let flag = aura(
        &[
            "sign",
            "upload",
            "--project",
            "p",
            "--secret-key",
            "sk_live_x",
        ],
        &[],
    );
    assert_eq!(flag.code, 2);
    // Missing secret, bad values: invalid input.
    let missing = aura(&["sign", "upload", "--project", "p"], &[]);
    assert_eq!(missing.code, 3);
    assert_eq!(
        missing.stderr,
        "error[invalid_input]: no secret key: set AURA_SECRET_KEY, or pass --secret-key-file PATH or --secret-key-stdin\n"
    );
    let size = aura(
        &["sign", "upload", "--project", "p", "--max-size", "10zb"],
        &[("AURA_SECRET_KEY", "sk")],
    );
    assert_eq!(size.code, 3);
    assert_eq!(
        size.stderr,
        "error[invalid_input]: Invalid size string: \"10zb\"\n"
    );
    let key = aura(
        &["sign", "stream-token", "v", "--key-id", "k"],
        &[("STREAM_KEY", "nope")],
    );
    assert_eq!(key.code, 3);
    assert!(key.stderr.starts_with("error[invalid_key]: "), "{key:?}");
    let long = aura(
        &["sign", "stream-token", "v", "--expires-in", "90000"],
        &[(
            "STREAM_KEY",
            &StreamKeys {
                file: &vectors("cloudflare-stream.json"),
            }
            .format("test-key-1", "public_jwk_json"),
        )],
    );
    assert_eq!(long.code, 3);
    // I/O.
    let io = aura(
        &[
            "sign",
            "upload",
            "--project",
            "p",
            "--secret-key-file",
            "/nonexistent/k",
        ],
        &[],
    );
    assert_eq!(io.code, 4);
    assert!(io.stderr.starts_with("error[io]: "));
    // Both stdin flags at once: usage.
    let both = aura(
        &[
            "sign",
            "upload",
            "--project",
            "p",
            "--secret-key-file",
            "x",
            "--secret-key-stdin",
        ],
        &[],
    );
    assert_eq!(both.code, 2);
}
