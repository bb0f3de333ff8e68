//! Hostile inputs at the `aura` command line: numbers no clock or second
//! count can be, arguments that are not UTF-8, 100 MB on stdin and in key
//! files, NUL bytes, JSON nested 200,000 deep, RSA keys of 1 and 16,384
//! bits, empty secrets. Each ends with a typed error (`error[<code>]` and
//! the documented exit code), never a panic, a signal, a hang or a result
//! signed with other values than the ones given.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

use base64::Engine as _;

const INVALID_INPUT: i32 = 3;
const USAGE: i32 = 2;
const REFUSED: i32 = 1;
const KEY_ID: &str = "0123456789abcdef0123456789abcdef";

/// Every variable the CLI reads a secret or default from.
const ENV_VARS: [&str; 8] = [
    "AURA_SECRET_KEY",
    "AURA_SERVE_SECRET",
    "IMAGES_SIGNING_KEY",
    "STREAM_KEY",
    "AURA_JWT_KEY",
    "AURA_PROJECT",
    "AURA_CDN_URL",
    "AKAMAI_EDGEAUTH_KEY",
];

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let out = String::from_utf8_lossy(&self.stdout);
        let out: String = out.chars().take(400).collect();
        write!(
            f,
            "exit {}\n--- stdout\n{out}\n--- stderr\n{}",
            self.code, self.stderr
        )
    }
}

fn aura(args: &[&std::ffi::OsStr], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aura"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for v in ENV_VARS {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn aura");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // A writer thread: the CLI may answer before reading 100 MB.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for aura");
    let _ = writer.join();
    assert!(
        out.status.signal().is_none(),
        "aura was killed by signal {:?}",
        out.status.signal()
    );
    let run = Run {
        code: out.status.code().expect("exit code"),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 70,
        "a panic: {run:?}"
    );
    run
}

fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
    list.iter().map(|s| s.into()).collect()
}

fn run(list: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let owned = args(list);
    let refs: Vec<&std::ffi::OsStr> = owned.iter().map(|s| s.as_os_str()).collect();
    aura(&refs, env, stdin)
}

/// Exit 3 with `error[<code>]: …` on stderr and nothing on stdout.
fn refused_with(r: &Run, code: &str, what: &str) {
    assert_eq!(r.code, INVALID_INPUT, "{what}: {r:?}");
    assert!(
        r.stderr.starts_with(&format!("error[{code}]: ")),
        "{what}: want error[{code}]: {r:?}"
    );
    assert!(r.stdout.is_empty(), "{what}: nothing signed: {r:?}");
}

const SERVE: (&str, &str) = ("AURA_SERVE_SECRET", "psk_live_hostile_serve_secret");

#[test]
fn numbers_no_clock_or_duration_can_be() {
    let url = |flag: &str, v: &str| {
        run(
            &[
                "sign",
                "url",
                "a",
                "--project",
                "p",
                "--json",
                "--now",
                "1000",
                &format!("--{flag}={v}"),
            ],
            &[SERVE],
            b"",
        )
    };
    let mut tried = 0;
    for v in [
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e308",
        "1e400",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "",
        "0x10",
        "1_000",
        "-1",
    ] {
        refused_with(
            &url("expires-in", v),
            "invalid_input",
            &format!("--expires-in={v}"),
        );
        tried += 1;
    }
    for v in [
        "NaN",
        "inf",
        "-inf",
        "1e308",
        "1.5",
        "-0.5",
        "9223372036854775808",
        "-9223372036854775809",
        "9007199254740992",
        "-9007199254740993",
        "",
        "0x10",
    ] {
        let r = run(
            &[
                "sign",
                "url",
                "a",
                "--project",
                "p",
                "--json",
                &format!("--now={v}"),
            ],
            &[SERVE],
            b"",
        );
        refused_with(&r, "invalid_input", &format!("--now={v}"));
        tried += 1;
    }
    // −0 and a fraction are numbers the SDK floors and clamps to 60..=604800.
    for (v, exp) in [("-0", 1060), ("0.9", 1060), ("604800.5", 605800)] {
        let r = url("expires-in", v);
        assert_eq!(r.code, 0, "--expires-in={v}: {r:?}");
        let out: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
        let token = out["token"].as_str().unwrap();
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap();
        let payload: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        assert_eq!(payload["exp"], exp, "--expires-in={v}");
        tried += 1;
    }
    println!("cli numbers: {tried} hostile values, each a typed error or the SDK's clamp");
}

#[test]
fn arguments_that_are_not_utf8_are_usage_errors() {
    let name = std::ffi::OsStr::from_bytes(b"a\xffb");
    let owned = args(&["sign", "url"]);
    let mut refs: Vec<&std::ffi::OsStr> = owned.iter().map(|s| s.as_os_str()).collect();
    refs.extend([
        name,
        "--project".as_ref(),
        "p".as_ref(),
        "--now".as_ref(),
        "1000".as_ref(),
    ]);
    let r = aura(&refs, &[SERVE], b"");
    assert_eq!(r.code, USAGE, "{r:?}");
    assert!(r.stderr.contains("invalid UTF-8"), "{r:?}");
    assert!(
        r.stdout.is_empty(),
        "nothing signed with a replacement character: {r:?}"
    );
}

#[test]
fn a_hundred_megabytes_on_stdin_and_in_a_key_file() {
    let big = vec![b'a'; 100 * 1024 * 1024];
    let r = run(&["inspect", "-", "--now", "1000"], &[], &big);
    assert_eq!(r.code, REFUSED, "{r:?}");
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("refused [malformed]"),
        "{r:?}"
    );
    assert!(r.stdout.len() < 4096, "the input is not echoed back");

    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("big.pem");
    std::fs::write(&key, &big).unwrap();
    let r = sign_stream_token_with(key.as_path());
    refused_with(&r, "invalid_key", "a 100 MB key file");
    assert!(r.stderr.len() < 4096, "the key is not echoed back");
    println!("cli 100 MB: inspect refused it as malformed, sign stream-token as invalid_key");
}

/// `aura sign stream-token vid --key-file <path>` at now = 1000.
fn sign_stream_token_with(key_file: &std::path::Path) -> Run {
    run(
        &[
            "sign",
            "stream-token",
            "vid",
            "--key-id",
            KEY_ID,
            "--now",
            "1000",
            "--key-file",
            key_file.to_str().unwrap(),
        ],
        &[],
        b"",
    )
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn nul_bytes_and_deeply_nested_json_are_malformed() {
    let r = run(
        &["inspect", "-", "--now", "1000"],
        &[],
        b"eyJhbGciOiJIUzI1NiJ9.e30\0.abc",
    );
    assert_eq!(r.code, REFUSED, "{r:?}");
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("refused [malformed]"),
        "{r:?}"
    );

    for depth in [1_000usize, 200_000] {
        let mut nested = "[".repeat(depth).into_bytes();
        nested.extend("]".repeat(depth).into_bytes());
        let token = format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64url(&nested),
            b64url(&[7u8; 32])
        );
        let r = run(&["inspect", "-", "--now", "1000"], &[], token.as_bytes());
        assert_eq!(r.code, REFUSED, "depth {depth}: {r:?}");
        assert!(
            String::from_utf8_lossy(&r.stdout).contains("refused [malformed]"),
            "depth {depth}: {r:?}"
        );
    }
}

// Minimal DER, for keys no generator would make.
fn der_len(n: usize) -> Vec<u8> {
    if n < 128 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

fn der_int(big_endian: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = big_endian.iter().copied().skip_while(|&b| b == 0).collect();
    if v.is_empty() || v[0] & 0x80 != 0 {
        v.insert(0, 0);
    }
    let mut out = vec![0x02];
    out.extend(der_len(v.len()));
    out.extend(v);
    out
}

fn der_seq(items: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = items.concat();
    let mut out = vec![0x30];
    out.extend(der_len(body.len()));
    out.extend(body);
    out
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// A PKCS#1 private key with modulus `n` and small made-up CRT values.
fn private_key(n: &[u8]) -> String {
    let small = |v: u8| der_int(&[v]);
    pem(
        "RSA PRIVATE KEY",
        &der_seq(&[
            der_int(&[0]),
            der_int(n),
            der_int(&[1, 0, 1]),
            small(3),
            small(5),
            small(7),
            small(11),
            small(13),
            small(17),
        ]),
    )
}

#[test]
fn rsa_keys_of_one_and_16384_bits() {
    let dir = tempfile::tempdir().unwrap();
    let mut n16k = vec![0x5au8; 2048];
    n16k[0] = 0xc3;
    n16k[2047] |= 1;
    let cases = [
        ("1 bit", private_key(&[1]), "key_too_small"),
        ("16,384 bits", private_key(&n16k), "invalid_key"),
    ];
    for (what, text, code) in cases {
        let path = dir.path().join("key.pem");
        std::fs::write(&path, &text).unwrap();
        let r = sign_stream_token_with(path.as_path());
        refused_with(&r, code, what);
    }
    // Public keys of both sizes, for verifying: typed, never a crash.
    let token = format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"RS256"}"#),
        b64url(b"{}"),
        b64url(&[1u8; 256])
    );
    for (what, n) in [("1 bit", vec![1u8]), ("16,384 bits", n16k.clone())] {
        let path = dir.path().join("pub.pem");
        std::fs::write(
            &path,
            pem(
                "RSA PUBLIC KEY",
                &der_seq(&[der_int(&n), der_int(&[1, 0, 1])]),
            ),
        )
        .unwrap();
        let r = run(
            &[
                "inspect",
                &token,
                "--now",
                "1000",
                "--key-file",
                path.to_str().unwrap(),
            ],
            &[],
            b"",
        );
        assert!(
            r.code == INVALID_INPUT || r.code == REFUSED,
            "{what} public key: a typed error or a refusal: {r:?}"
        );
        assert!(
            r.stderr.starts_with("error[")
                || String::from_utf8_lossy(&r.stdout).contains("refused ["),
            "{what}: {r:?}"
        );
    }
}

#[test]
fn empty_secrets_are_errors_not_signatures() {
    let r = run(
        &["sign", "url", "a", "--project", "p", "--now", "1000"],
        &[("AURA_SERVE_SECRET", "")],
        b"",
    );
    refused_with(&r, "invalid_input", "an empty serve secret");
    let r = run(
        &[
            "sign",
            "url",
            "a",
            "--project",
            "p",
            "--now",
            "1000",
            "--serve-secret-stdin",
        ],
        &[],
        b"\n",
    );
    refused_with(&r, "invalid_input", "an empty serve secret on stdin");
    let r = run(
        &["sign", "upload", "--project", "p", "--now", "1000"],
        &[("AURA_SECRET_KEY", "")],
        b"",
    );
    refused_with(&r, "invalid_input", "an empty secret key");
}
