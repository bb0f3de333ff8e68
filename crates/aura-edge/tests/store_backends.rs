//! One conformance suite for every `Store` backend: the local directory
//! store in a temp dir, and the S3 store against a real S3-compatible server
//! process (binary from `AURA_S3_SERVER`, see `scripts/s3-server.sh`).
//!
//! Expected values are literals (known SHA-256 test vectors, literal bytes
//! and metadata), never computed by the code under test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aura_edge::meta::{ImageMeta, StoredVisibility};
use aura_edge::store::local::LocalStore;
use aura_edge::store::s3::{S3Config, S3Store};
use aura_edge::store::{PutOutcome, Store};
use bytes::Bytes;
use futures_util::future::join_all;

/// SHA-256("hello"), SHA-256("abc") (FIPS 180-2 vector), SHA-256("").
const HELLO_SHA: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
const ABC_SHA: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const EMPTY_SHA: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn meta(project: &str, name: &str, sha256: &str, width: u32) -> ImageMeta {
    ImageMeta {
        project: project.to_owned(),
        name: name.to_owned(),
        sha256: sha256.to_owned(),
        format: "png".to_owned(),
        content_type: "image/png".to_owned(),
        width,
        height: 7,
        size: 5,
        blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj".to_owned(),
        visibility: StoredVisibility::Public,
        uploaded_at: 1_700_000_000,
    }
}

const BAD_PATHS: &[&str] = &[
    "",
    "/etc/passwd",
    "../escape",
    "a/../../escape",
    "a/..",
    "..",
    ".",
    "a/./b",
    "a//b",
    "a/",
    "a\\..\\b",
    "a\0b",
];

/// The shared conformance suite. Every store starts empty.
async fn suite(store: &dyn Store) {
    // --- missing → None
    assert_eq!(store.get_blob(ABC_SHA).await.unwrap(), None);
    assert_eq!(store.get_image("proj", "nope.png").await.unwrap(), None);
    assert_eq!(store.get_variant("no-such-variant").await.unwrap(), None);
    assert_eq!(store.get_file("no/such/file.txt").await.unwrap(), None);

    // --- blob round trip (and idempotent re-put)
    store
        .put_blob(HELLO_SHA, Bytes::from_static(b"hello"))
        .await
        .unwrap();
    store
        .put_blob(HELLO_SHA, Bytes::from_static(b"hello"))
        .await
        .unwrap();
    assert_eq!(
        store.get_blob(HELLO_SHA).await.unwrap().as_deref(),
        Some(&b"hello"[..])
    );
    store.put_blob(EMPTY_SHA, Bytes::new()).await.unwrap();
    assert_eq!(
        store.get_blob(EMPTY_SHA).await.unwrap().as_deref(),
        Some(&b""[..])
    );
    store
        .put_blob(ABC_SHA, Bytes::from_static(b"abc"))
        .await
        .unwrap();
    assert_eq!(
        store.get_blob(ABC_SHA).await.unwrap().as_deref(),
        Some(&b"abc"[..])
    );
    // 3 MiB of a repeating 251-byte pattern; its SHA-256 was taken with
    // Python's hashlib, not by the store.
    let big: Vec<u8> = (0..3 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let big_sha = "a1feacf0d812ba4d0b0e463ed45bbd583cea1de55c54693116754b30b5794745";
    store
        .put_blob(big_sha, Bytes::from(big.clone()))
        .await
        .unwrap();
    let got = store.get_blob(big_sha).await.unwrap().unwrap();
    assert_eq!(got.len(), 3 * 1024 * 1024);
    assert!(got.as_ref() == big.as_slice(), "big blob differs");

    // --- blob names are validated
    for bad in [
        "../../etc/passwd",
        "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98244",
        "../cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        "",
    ] {
        assert!(
            store.put_blob(bad, Bytes::from_static(b"x")).await.is_err(),
            "put_blob({bad:?}) accepted"
        );
        assert!(
            store.get_blob(bad).await.is_err(),
            "get_blob({bad:?}) accepted"
        );
    }

    // --- put_image: new → Stored
    let first = meta("proj", "cat.png", HELLO_SHA, 10);
    assert_eq!(
        store.put_image(&first, false).await.unwrap(),
        PutOutcome::Stored
    );
    assert_eq!(
        store.get_image("proj", "cat.png").await.unwrap(),
        Some(meta("proj", "cat.png", HELLO_SHA, 10))
    );
    // same name in another project is another image
    assert_eq!(store.get_image("other", "cat.png").await.unwrap(), None);

    // --- same name, overwrite=false → Conflict, unchanged
    let second = meta("proj", "cat.png", ABC_SHA, 20);
    assert_eq!(
        store.put_image(&second, false).await.unwrap(),
        PutOutcome::Conflict
    );
    assert_eq!(
        store.get_image("proj", "cat.png").await.unwrap(),
        Some(meta("proj", "cat.png", HELLO_SHA, 10))
    );

    // --- overwrite=true → Stored, replaced
    assert_eq!(
        store.put_image(&second, true).await.unwrap(),
        PutOutcome::Stored
    );
    assert_eq!(
        store.get_image("proj", "cat.png").await.unwrap(),
        Some(meta("proj", "cat.png", ABC_SHA, 20))
    );
    // overwrite=true on a new name stores too
    assert_eq!(
        store
            .put_image(&meta("proj", "new-by-overwrite.png", ABC_SHA, 1), true)
            .await
            .unwrap(),
        PutOutcome::Stored
    );

    // --- 8 concurrent creates of one new name → exactly one Stored
    let racers: Vec<ImageMeta> = (0..8)
        .map(|i| meta("proj", "race.png", HELLO_SHA, 100 + i))
        .collect();
    let outcomes = join_all(racers.iter().map(|m| store.put_image(m, false))).await;
    let outcomes: Vec<PutOutcome> = outcomes.into_iter().map(Result::unwrap).collect();
    let winners: Vec<usize> = (0..8)
        .filter(|&i| outcomes[i] == PutOutcome::Stored)
        .collect();
    assert_eq!(winners.len(), 1, "outcomes: {outcomes:?}");
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == PutOutcome::Conflict)
            .count(),
        7
    );
    let stored = store.get_image("proj", "race.png").await.unwrap().unwrap();
    assert_eq!(
        stored.width,
        100 + winners[0] as u32,
        "the winner's meta is stored"
    );

    // --- set_visibility: idempotent, None for unknown
    let mut private = meta("proj", "cat.png", ABC_SHA, 20);
    private.visibility = StoredVisibility::Private;
    for _ in 0..2 {
        assert_eq!(
            store
                .set_visibility("proj", "cat.png", StoredVisibility::Private)
                .await
                .unwrap(),
            Some(private.clone())
        );
        assert_eq!(
            store.get_image("proj", "cat.png").await.unwrap(),
            Some(private.clone())
        );
    }
    assert_eq!(
        store
            .set_visibility("proj", "cat.png", StoredVisibility::Public)
            .await
            .unwrap(),
        Some(meta("proj", "cat.png", ABC_SHA, 20))
    );
    assert_eq!(
        store
            .set_visibility("proj", "ghost.png", StoredVisibility::Private)
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.get_image("proj", "ghost.png").await.unwrap(), None);

    // --- variants round trip (keys are arbitrary strings)
    let vkey = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824/w=100,h=50,f=webp";
    store
        .put_variant(vkey, Bytes::from_static(b"variant bytes"))
        .await
        .unwrap();
    assert_eq!(
        store.get_variant(vkey).await.unwrap().as_deref(),
        Some(&b"variant bytes"[..])
    );
    assert_eq!(
        store
            .get_variant("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824/w=100,h=51,f=webp")
            .await
            .unwrap(),
        None
    );
    for key in ["../../escape", "/abs/key", "a\\b", "ünï 🖼 key", ""] {
        store
            .put_variant(key, Bytes::copy_from_slice(key.as_bytes()))
            .await
            .unwrap();
        assert_eq!(
            store.get_variant(key).await.unwrap().as_deref(),
            Some(key.as_bytes()),
            "variant {key:?}"
        );
    }

    // --- files round trip, nested, spaces, unicode
    for (path, body) in [
        ("stream/abc123/manifest/video.m3u8", &b"#EXTM3U\n"[..]),
        ("stream/abc123/seg-0001.ts", &b"\x47\x40\x00\x10"[..]),
        ("dir with space/ünïcødé 🖼.txt", &b"unicode file"[..]),
        ("top.bin", &b""[..]),
    ] {
        store
            .put_file(path, Bytes::copy_from_slice(body))
            .await
            .unwrap();
        assert_eq!(
            store.get_file(path).await.unwrap().as_deref(),
            Some(body),
            "file {path:?}"
        );
    }
    // replaced atomically
    store
        .put_file("top.bin", Bytes::from_static(b"second"))
        .await
        .unwrap();
    assert_eq!(
        store.get_file("top.bin").await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    // a directory prefix is not a file
    assert_eq!(store.get_file("stream/abc123").await.unwrap(), None);
    // traversal and malformed paths are rejected by every backend
    for bad in BAD_PATHS {
        assert!(
            store.put_file(bad, Bytes::from_static(b"x")).await.is_err(),
            "put_file({bad:?}) accepted"
        );
        assert!(
            store.get_file(bad).await.is_err(),
            "get_file({bad:?}) accepted"
        );
    }

    // --- names with '/', spaces, unicode, dots: distinct, round trip
    let odd: &[(&str, &str)] = &[
        ("proj", "a/b/c.png"),
        ("proj", "with space.jpg"),
        ("proj", "ünïcødé/🖼 image.webp"),
        ("proj", ".."),
        ("proj", "../escape.png"),
        ("proj", "/leading-slash.png"),
        ("p/q", "x"),
        ("p", "q/x"),
        ("项目 ü", "名前"),
        ("proj", ""),
    ];
    for (i, (project, name)) in odd.iter().enumerate() {
        assert_eq!(
            store
                .put_image(&meta(project, name, HELLO_SHA, 1000 + i as u32), false)
                .await
                .unwrap(),
            PutOutcome::Stored,
            "{project:?}/{name:?}"
        );
    }
    for (i, (project, name)) in odd.iter().enumerate() {
        assert_eq!(
            store.get_image(project, name).await.unwrap(),
            Some(meta(project, name, HELLO_SHA, 1000 + i as u32)),
            "{project:?}/{name:?}"
        );
    }
    assert_eq!(store.get_image("p", "q").await.unwrap(), None);
    assert_eq!(store.get_image("proj", "a").await.unwrap(), None);

    // --- no metadata record points at a missing blob
    let mut names: Vec<(&str, &str)> = vec![
        ("proj", "cat.png"),
        ("proj", "race.png"),
        ("proj", "new-by-overwrite.png"),
    ];
    names.extend_from_slice(odd);
    for (project, name) in names {
        let m = store.get_image(project, name).await.unwrap().unwrap();
        assert!(
            store.get_blob(&m.sha256).await.unwrap().is_some(),
            "{project:?}/{name:?} points at a missing blob"
        );
    }
}

// ---------------------------------------------------------------- local

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn local_store_conformance() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    let store = LocalStore::open(&root).unwrap();
    assert_eq!(store.kind(), "local");
    assert!(store.exclusive());

    suite(&store).await;

    // Variant keys never leave variants/ (they are hashed).
    for escaped in [
        dir.path().join("escape"),
        root.join("escape"),
        root.join("abs"),
    ] {
        assert!(!escaped.exists(), "{} was created", escaped.display());
    }

    // Error paths leave no temp file: renaming over a directory fails…
    store
        .put_file("clash/inner.txt", Bytes::from_static(b"x"))
        .await
        .unwrap();
    assert!(store
        .put_file("clash", Bytes::from_static(b"y"))
        .await
        .is_err());
    // …and so does a parent that is a file.
    assert!(store
        .put_file("clash/inner.txt/deeper", Bytes::from_static(b"z"))
        .await
        .is_err());
    assert_eq!(
        store.get_file("clash/inner.txt").await.unwrap().as_deref(),
        Some(&b"x"[..])
    );

    // Only the documented layout exists: no temp files, nothing outside.
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut blobs = 0;
    let mut variants = 0;
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        let name = rel.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with(".tmp"),
            "temp file left: {}",
            rel.display()
        );
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        match top.as_ref() {
            "meta.redb" => assert_eq!(rel, Path::new("meta.redb")),
            "blobs" | "variants" => {
                assert_eq!(rel.components().count(), 2, "{}", rel.display());
                assert_eq!(name.len(), 64, "{}", rel.display());
                assert!(name
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
                if top == "blobs" {
                    blobs += 1
                } else {
                    variants += 1
                }
            }
            "files" => {}
            _ => panic!("unexpected file {}", rel.display()),
        }
    }
    assert_eq!(blobs, 4, "hello, abc, empty, big");
    assert_eq!(variants, 6);
    assert!(root.join("blobs").join(HELLO_SHA).is_file());
    assert_eq!(
        std::fs::read(root.join("blobs").join(HELLO_SHA)).unwrap(),
        b"hello"
    );
    assert_eq!(
        std::fs::read(root.join("files/dir with space/ünïcødé 🖼.txt")).unwrap(),
        b"unicode file"
    );
    // Nothing appeared beside the root.
    let siblings: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings, vec![std::ffi::OsString::from("store")]);

    // Durable: a reopened store sees everything.
    drop(store);
    let reopened = LocalStore::open(&root).unwrap();
    assert_eq!(
        reopened.get_image("proj", "cat.png").await.unwrap(),
        Some(meta("proj", "cat.png", ABC_SHA, 20))
    );
    assert_eq!(
        reopened.get_blob(HELLO_SHA).await.unwrap().as_deref(),
        Some(&b"hello"[..])
    );
    assert_eq!(
        reopened
            .put_image(&meta("proj", "cat.png", HELLO_SHA, 1), false)
            .await
            .unwrap(),
        PutOutcome::Conflict
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

// ---------------------------------------------------------------- s3

/// A server process on a free loopback port, killed on drop.
struct S3Server {
    child: Child,
    endpoint: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    async fn start(binary: &str) -> S3Server {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("server.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log_file = std::fs::File::create(&log).unwrap();
        let child = Command::new(binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let mut server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("S3 server exited early ({status}):\n{}", server.log_text());
            }
            let probe = client
                .get(format!("{}/", server.endpoint))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if probe.is_ok() {
                return server;
            }
            if Instant::now() > deadline {
                panic!("S3 server not ready after 60 s:\n{}", server.log_text());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn create_bucket(&self, bucket: &str) {
        let r = reqwest::Client::new()
            .put(format!("{}/{bucket}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success(),
            "create bucket: {} {}",
            r.status(),
            r.text().await.unwrap_or_default()
        );
    }
}

fn s3_config(endpoint: &str, bucket: &str, prefix: &str) -> S3Config {
    S3Config {
        bucket: bucket.to_owned(),
        endpoint: Some(endpoint.to_owned()),
        region: "us-east-1".to_owned(),
        access_key_id: Some("test-access-key".to_owned()),
        secret_access_key: Some("test-secret-key".to_owned()),
        allow_http: true,
        prefix: prefix.to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_store_conformance() {
    let Some(binary) = std::env::var("AURA_S3_SERVER")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!();
        eprintln!("=====================================================================");
        eprintln!(
            "SKIPPED s3_store_conformance: set AURA_S3_SERVER (scripts/s3-server.sh install)"
        );
        eprintln!("=====================================================================");
        return;
    };
    let server = S3Server::start(&binary).await;
    let bucket = {
        use aura_core::keys::{OsRandom, RandomSource};
        let mut b = [0u8; 6];
        OsRandom.fill(&mut b).unwrap();
        format!("aura-test-{}", hex::encode(b))
    };
    server.create_bucket(&bucket).await;

    let store = S3Store::new(s3_config(&server.endpoint, &bucket, "run/")).unwrap();
    assert_eq!(store.kind(), "s3");
    assert!(!store.exclusive());

    suite(&store).await;

    // No in-process state: a second instance on the same bucket sees and
    // respects the first one's writes.
    let other = S3Store::new(s3_config(&server.endpoint, &bucket, "/run")).unwrap();
    assert_eq!(
        other.get_image("proj", "cat.png").await.unwrap(),
        Some(meta("proj", "cat.png", ABC_SHA, 20))
    );
    assert_eq!(
        other
            .put_image(&meta("proj", "cat.png", HELLO_SHA, 1), false)
            .await
            .unwrap(),
        PutOutcome::Conflict
    );
    let mut private = meta("proj", "cat.png", ABC_SHA, 20);
    private.visibility = StoredVisibility::Private;
    assert_eq!(
        other
            .set_visibility("proj", "cat.png", StoredVisibility::Private)
            .await
            .unwrap(),
        Some(private.clone())
    );
    assert_eq!(
        store.get_image("proj", "cat.png").await.unwrap(),
        Some(private)
    );

    // Another prefix is another namespace.
    let elsewhere = S3Store::new(s3_config(&server.endpoint, &bucket, "elsewhere")).unwrap();
    assert_eq!(elsewhere.get_image("proj", "cat.png").await.unwrap(), None);
    assert_eq!(elsewhere.get_blob(HELLO_SHA).await.unwrap(), None);

    // Concurrent visibility flips from two instances all land on a valid
    // record (If-Match retries), and the record is intact afterwards.
    let flips = (0..8).map(|i| {
        let s: &S3Store = if i % 2 == 0 { &store } else { &other };
        let v = if i % 3 == 0 {
            StoredVisibility::Public
        } else {
            StoredVisibility::Private
        };
        s.set_visibility("proj", "race.png", v)
    });
    for r in join_all(flips).await {
        assert!(r.unwrap().is_some());
    }
    let after = store.get_image("proj", "race.png").await.unwrap().unwrap();
    assert_eq!(
        (after.project.as_str(), after.name.as_str()),
        ("proj", "race.png")
    );
    assert!((100..108).contains(&after.width));

    drop(server);
}

#[test]
fn s3_config_debug_redacts_the_secret() {
    let cfg = s3_config("http://127.0.0.1:1", "b", "");
    let shown = format!("{cfg:?}");
    assert!(!shown.contains("test-secret-key"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(shown.contains("test-access-key"), "{shown}");
}

#[test]
fn s3_config_rejects_half_credentials() {
    let mut cfg = s3_config("http://127.0.0.1:1", "b", "");
    cfg.secret_access_key = None;
    assert!(S3Store::new(cfg).is_err());
}

/// A process killed mid-write leaves a `.tmp-*` file; nothing points at it,
/// and the next open removes it (data files are kept).
#[test]
fn local_open_removes_stale_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    drop(LocalStore::open(dir.path()).unwrap());
    let stale = dir.path().join("blobs").join(".tmp-killed");
    let kept = dir.path().join("files").join("keep.txt");
    std::fs::write(&stale, b"half a blob").unwrap();
    std::fs::write(&kept, b"data").unwrap();
    drop(LocalStore::open(dir.path()).unwrap());
    assert!(!stale.exists(), "stale temp file survived reopening");
    assert!(kept.exists(), "a data file was removed");
}
