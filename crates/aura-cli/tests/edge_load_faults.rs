//! The edge under sustained mixed load and under faults: real `aura edge`
//! processes on 127.0.0.1, bounded in time and count, stopping by
//! themselves. Each test prints its figures (requests, bytes, files
//! verified) and asserts 0 errors and 0 lost or corrupted files.
//!
//! - mixed load: uploads, public and private reads, transforms and PATCH
//!   visibility flips from several clients for a fixed time; afterwards every
//!   uploaded file is read back and compared by SHA-256 (local and S3);
//! - the store made unwritable mid-run (local): clear 5xx, no partial file,
//!   everything readable and writable again once it is fixed;
//! - the S3-compatible server unreachable mid-run (a TCP proxy in front of
//!   the real server, cut and restored): clear 5xx, then recovery, nothing
//!   lost;
//! - slow clients (slowloris: a request head trickled a byte at a time) are
//!   cut by the header-read timeout while every other request is served.
//!
//! Killed mid-upload (SIGKILL, restart, nothing half-written visible) is
//! `edge_http.rs`'s `killed_upload_leaves_nothing`.

#[macro_use]
mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aura_core::auraimage::UploadOptions;
use aura_core::mac::{hex_lower, sha256};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// How long the mixed load runs, and by how many clients at once.
const LOAD_FOR: Duration = Duration::from_secs(6);
const WORKERS: usize = 6;

fn digest(bytes: &[u8]) -> String {
    hex_lower(&sha256(bytes))
}

/// A valid JPEG made distinct by trailing bytes (decoders stop at EOI).
fn jpeg(tag: &str) -> Vec<u8> {
    let mut b = PHOTO_JPG.to_vec();
    b.extend_from_slice(tag.as_bytes());
    b
}

fn named(name: &str, visibility: Option<&str>) -> UploadOptions {
    UploadOptions {
        name: Some(name.to_string()),
        visibility: visibility.map(str::to_string),
        ..UploadOptions::default()
    }
}

/// Files under `dir` (recursively) whose name marks an unfinished write.
fn temp_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if e.file_name().to_string_lossy().starts_with(".tmp") {
                found.push(p);
            }
        }
    }
    found
}

#[derive(Default)]
struct Tally {
    requests: AtomicU64,
    uploads: AtomicU64,
    reads: AtomicU64,
    transforms: AtomicU64,
    patches: AtomicU64,
    bytes_up: AtomicU64,
    bytes_down: AtomicU64,
    errors: Mutex<Vec<String>>,
}

impl Tally {
    fn count(&self, kind: &AtomicU64, up: usize, down: usize) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        kind.fetch_add(1, Ordering::Relaxed);
        self.bytes_up.fetch_add(up as u64, Ordering::Relaxed);
        self.bytes_down.fetch_add(down as u64, Ordering::Relaxed);
    }

    fn error(&self, what: String) {
        let mut e = self.errors.lock().unwrap();
        if e.len() < 20 {
            e.push(what);
        }
    }

    fn check(&self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.error(what());
        }
    }
}

/// One client: upload, read back (public, private with and without a
/// token), transform, flip its own image's visibility; until `deadline`.
/// Returns the files it uploaded (name → SHA-256).
async fn client(
    edge: &EdgeProc,
    worker: usize,
    deadline: Instant,
    tally: &Tally,
) -> HashMap<String, String> {
    let aura = edge.aura();
    let mut mine: HashMap<String, String> = HashMap::new();
    let flip = format!("load/flip-{worker}");
    let mut flip_private = false;
    let mut n = 0usize;
    while Instant::now() < deadline {
        n += 1;
        match n % 5 {
            0 | 1 => {
                let name = format!("load/w{worker}-{n}");
                let bytes = jpeg(&name);
                let token = edge.upload_token(named(&name, None));
                let r = edge.upload(Some(&token), &bytes, "photo.jpg").await;
                tally.count(&tally.uploads, bytes.len(), r.body.len());
                tally.check(r.status == 201, || format!("upload {name}: {}", r.short()));
                if r.status == 201 {
                    mine.insert(name, digest(&bytes));
                }
            }
            2 => {
                // A public image of this client's, then a private seed with
                // and without its token.
                if let Some((name, want)) = mine.iter().nth(n % mine.len().max(1)) {
                    let r = edge.get(&format!("/{PROJECT}/{name}")).await;
                    tally.count(&tally.reads, 0, r.body.len());
                    tally.check(r.status == 200 && &digest(&r.body) == want, || {
                        format!("read {name}: {}", r.short())
                    });
                }
                let seed = format!("load/private-{}", n % 3);
                let r = edge
                    .get(&format!(
                        "/{PROJECT}/{seed}?token={}",
                        edge.serve_token(&seed)
                    ))
                    .await;
                tally.count(&tally.reads, 0, r.body.len());
                tally.check(
                    r.status == 200 && digest(&r.body) == digest(PHOTO_PNG),
                    || format!("private read {seed}: {}", r.short()),
                );
                let r = edge.get(&format!("/{PROJECT}/{seed}")).await;
                tally.count(&tally.reads, 0, r.body.len());
                tally.check(r.status == 403, || {
                    format!("private {seed} without a token: {}", r.short())
                });
            }
            3 => {
                let width = 40 + (n % 7) * 10;
                let r = edge
                    .get(&format!("/{PROJECT}/w={width}/load/public-seed"))
                    .await;
                tally.count(&tally.transforms, 0, r.body.len());
                tally.check(r.status == 200 && r.body.starts_with(&[0xff, 0xd8]), || {
                    format!("transform w={width}: {}", r.short())
                });
            }
            _ => {
                flip_private = !flip_private;
                let to = if flip_private { "private" } else { "public" };
                let req = aura.set_visibility_request(&flip, to, now()).unwrap();
                let mut b = edge.client.patch(&req.url).body(req.body.clone());
                for (k, v) in &req.headers {
                    b = b.header(k.as_str(), v.as_str());
                }
                let r = edge.send(b).await;
                tally.count(&tally.patches, req.body.len(), r.body.len());
                tally.check(r.status == 200, || {
                    format!("PATCH {flip} {to}: {}", r.short())
                });
                let r = edge.get(&format!("/{PROJECT}/{flip}")).await;
                tally.count(&tally.reads, 0, r.body.len());
                let want = if flip_private { 403 } else { 200 };
                tally.check(r.status == want, || {
                    format!("{flip} after PATCH {to}: want {want}, {}", r.short())
                });
            }
        }
    }
    mine
}

async fn mixed_load(edge: &EdgeProc) {
    edge.upload_named(PHOTO_JPG, "load/public-seed", None).await;
    for k in 0..3 {
        edge.upload_named(PHOTO_PNG, &format!("load/private-{k}"), Some("private"))
            .await;
    }
    for w in 0..WORKERS {
        edge.upload_named(PHOTO_JPG, &format!("load/flip-{w}"), None)
            .await;
    }
    let tally = Tally::default();
    let deadline = Instant::now() + LOAD_FOR;
    let started = Instant::now();
    let uploaded: Vec<HashMap<String, String>> =
        futures_util::future::join_all((0..WORKERS).map(|w| client(edge, w, deadline, &tally)))
            .await;
    let elapsed = started.elapsed();

    // Every file uploaded under load, read back whole.
    let mut verified = 0usize;
    let mut lost = Vec::new();
    for (name, want) in uploaded.iter().flatten() {
        let r = edge.get(&format!("/{PROJECT}/{name}")).await;
        if r.status == 200 && &digest(&r.body) == want {
            verified += 1;
        } else {
            lost.push(format!("{name}: {}", r.short()));
        }
    }
    let leftovers = edge.data_dir().map(temp_files).unwrap_or_default();
    let errors = tally.errors.lock().unwrap().clone();
    let mib = |v: &AtomicU64| v.load(Ordering::Relaxed) as f64 / (1024.0 * 1024.0);
    println!(
        "mixed load ({:?}): {WORKERS} clients for {:.1} s: {} requests ({} uploads, {} reads, {} transforms, {} PATCH), {:.1} MiB up, {:.1} MiB down; {} errors; {verified} uploads verified by SHA-256, {} lost; {} temp files left",
        edge.storage(),
        elapsed.as_secs_f64(),
        tally.requests.load(Ordering::Relaxed),
        tally.uploads.load(Ordering::Relaxed),
        tally.reads.load(Ordering::Relaxed),
        tally.transforms.load(Ordering::Relaxed),
        tally.patches.load(Ordering::Relaxed),
        mib(&tally.bytes_up),
        mib(&tally.bytes_down),
        errors.len(),
        lost.len(),
        leftovers.len(),
    );
    assert!(
        errors.is_empty(),
        "errors under load:\n{}",
        errors.join("\n")
    );
    assert!(lost.is_empty(), "lost or corrupted:\n{}", lost.join("\n"));
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    assert!(
        tally.uploads.load(Ordering::Relaxed) >= WORKERS as u64,
        "the load ran (every client uploaded at least once)"
    );
}
edge_test!(mixed_load_loses_nothing, mixed_load);

// ---------------------------------------------------------------------------
// The local store made unwritable mid-run

/// `blobs/` swapped for a plain file: every write and read of a blob fails
/// (as root, permission bits would not stop the edge; a file where the
/// directory should be does).
struct BrokenBlobs {
    blobs: std::path::PathBuf,
    aside: std::path::PathBuf,
}

impl BrokenBlobs {
    fn break_store(data: &std::path::Path) -> BrokenBlobs {
        let blobs = data.join("blobs");
        let aside = data.join("blobs.aside");
        std::fs::rename(&blobs, &aside).expect("move blobs/ aside");
        std::fs::write(&blobs, b"not a directory").expect("a file where blobs/ was");
        BrokenBlobs { blobs, aside }
    }

    fn fix(self) {
        std::fs::remove_file(&self.blobs).expect("remove the file");
        std::fs::rename(&self.aside, &self.blobs).expect("blobs/ back");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unwritable_store_then_recovery() {
    let test = "unwritable_store_then_recovery";
    let edge = EdgeProc::start(Storage::Local, EdgeOptions::default(), test)
        .await
        .expect("local edge");
    bounded(test, async {
        let before = jpeg("before");
        edge.upload_named(&before, "fault/before", None).await;
        let data = edge.data_dir().expect("local data dir").to_path_buf();

        let broken = BrokenBlobs::break_store(&data);
        let during = jpeg("during");
        let token = edge.upload_token(named("fault/during", None));
        let r = edge.upload(Some(&token), &during, "photo.jpg").await;
        assert_eq!(r.status, 500, "upload while broken: {}", r.short());
        assert_eq!(r.text(), r#"{"message":"Storage error"}"#);
        assert!(temp_files(&data).is_empty(), "no partial file");
        let r = edge.get("/gallery/fault/during").await;
        assert_eq!(
            r.status,
            404,
            "nothing visible of the failed upload: {}",
            r.short()
        );
        assert!(
            edge.logs().contains("storage failure"),
            "the cause is logged for the operator"
        );

        broken.fix();
        let r = edge.get("/gallery/fault/before").await;
        assert_eq!(r.status, 200, "{}", r.short());
        assert_eq!(digest(&r.body), digest(&before), "earlier file intact");
        let r = edge.upload(Some(&token), &during, "photo.jpg").await;
        assert_eq!(r.status, 201, "the same upload once fixed: {}", r.short());
        let r = edge.get("/gallery/fault/during").await;
        assert_eq!(digest(&r.body), digest(&during));
        println!("{test}: 1 upload refused with 500 while broken, 0 partial files, recovered");
    })
    .await;
}

// ---------------------------------------------------------------------------
// The S3-compatible server unreachable mid-run

/// A TCP proxy on 127.0.0.1 in front of the S3 server that can be cut
/// (listener closed, every open connection dropped) and restored on the
/// same port.
struct FaultProxy {
    addr: SocketAddr,
    upstream: String,
    tasks: Mutex<Option<JoinSet<()>>>,
}

impl FaultProxy {
    fn new(upstream: &str) -> Arc<FaultProxy> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        Arc::new(FaultProxy {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            upstream: upstream.trim_start_matches("http://").to_string(),
            tasks: Mutex::new(None),
        })
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn up(self: &Arc<Self>) {
        let listener = TcpListener::bind(self.addr).await.expect("proxy bind");
        let mut tasks = JoinSet::new();
        let upstream = self.upstream.clone();
        tasks.spawn(async move {
            let mut conns = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let upstream = upstream.clone();
                conns.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
            // `conns` dropped with this task: every connection aborted.
        });
        *self.tasks.lock().unwrap() = Some(tasks);
    }

    fn cut(&self) {
        // Aborting the accept task drops the listener and every connection.
        if let Some(mut t) = self.tasks.lock().unwrap().take() {
            t.abort_all();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_outage_then_recovery() {
    let test = "s3_outage_then_recovery";
    let mut proxy = None;
    let Some(edge) = EdgeProc::start_s3_via(EdgeOptions::default(), test, |server| {
        let p = FaultProxy::new(server);
        let endpoint = p.endpoint();
        proxy = Some(p);
        endpoint
    })
    .await
    else {
        return;
    };
    let proxy = proxy.expect("proxy");
    bounded(test, async {
        proxy.up().await;
        let before = jpeg("before");
        edge.upload_named(&before, "outage/before", None).await;

        proxy.cut();
        tokio::time::sleep(Duration::from_millis(200)).await;
        tokio::task::yield_now().await;
        let during = jpeg("during");
        let token = edge.upload_token(named("outage/during", None));
        let r = edge.upload(Some(&token), &during, "photo.jpg").await;
        assert_eq!(
            r.status,
            500,
            "upload while S3 is unreachable: {}",
            r.short()
        );
        assert_eq!(r.text(), r#"{"message":"Storage error"}"#);
        let r = edge.get("/gallery/outage/never-uploaded").await;
        assert!(
            r.status >= 500,
            "an uncached read while S3 is unreachable is a 5xx, not a 404: {}",
            r.short()
        );

        proxy.up().await;
        let r = edge.get("/gallery/outage/before").await;
        assert_eq!(r.status, 200, "{}", r.short());
        assert_eq!(digest(&r.body), digest(&before), "earlier file intact");
        let r = edge.upload(Some(&token), &during, "photo.jpg").await;
        assert_eq!(
            r.status,
            201,
            "the same upload once S3 is back: {}",
            r.short()
        );
        let r = edge.get("/gallery/outage/during").await;
        assert_eq!(digest(&r.body), digest(&during));
        println!(
            "{test}: upload and read refused with 5xx during the outage, recovered after, 0 lost"
        );
        proxy.cut();
    })
    .await;
}

// ---------------------------------------------------------------------------
// Slow clients

const SLOW_CLIENTS: usize = 48;

/// Trickles a request head one byte every `gap` and never finishes it;
/// `true` when the edge closed the connection before `give_up`.
async fn slow_client(addr: SocketAddr, gap: Duration, give_up: Duration) -> bool {
    let Ok(mut tcp) = TcpStream::connect(addr).await else {
        return false;
    };
    let head = b"GET /gallery/slow/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    let started = Instant::now();
    for i in 0.. {
        if started.elapsed() > give_up {
            return false;
        }
        let byte = head.get(i).copied().unwrap_or(b'a');
        if tcp.write_all(&[byte]).await.is_err() {
            return true;
        }
        let mut buf = [0u8; 512];
        // EOF, a reset, or an error answer before the close: cut. A timeout
        // (nothing yet): keep trickling.
        if tokio::time::timeout(gap, tcp.read(&mut buf)).await.is_ok() {
            return true;
        }
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_time_out_without_starving_others() {
    let test = "slow_clients_time_out_without_starving_others";
    let options = EdgeOptions {
        header_read_timeout_secs: Some(2),
        ..EdgeOptions::default()
    };
    let edge = EdgeProc::start(Storage::Local, options, test)
        .await
        .expect("local edge");
    bounded(test, async {
        edge.upload_named(PHOTO_JPG, "slow/ok", None).await;
        let slow: Vec<_> = (0..SLOW_CLIENTS)
            .map(|_| {
                tokio::spawn(slow_client(
                    edge.addr,
                    Duration::from_millis(200),
                    Duration::from_secs(20),
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut served = 0;
        for i in 0..40 {
            let r = edge.get("/gallery/slow/ok").await;
            assert_eq!(r.status, 200, "request {i} beside the slow clients: {}", r.short());
            assert_eq!(r.body.as_ref(), PHOTO_JPG);
            served += 1;
        }
        edge.upload_named(PHOTO_PNG, "slow/upload", None).await;
        let mut cut = 0;
        for s in slow {
            if s.await.expect("slow client task") {
                cut += 1;
            }
        }
        println!(
            "{test}: {SLOW_CLIENTS} slow clients, {cut} cut by the 2 s header timeout; {served} reads and 1 upload served meanwhile"
        );
        assert_eq!(cut, SLOW_CLIENTS, "every slow client is cut");
    })
    .await;
}
