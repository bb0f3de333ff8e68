//! Harness for the edge's HTTP tests: real `aura edge` processes over
//! loopback, on a local data directory or on a real S3-compatible server
//! (moto, binary from `AURA_S3_SERVER`, see `scripts/s3-server.sh`).
//!
//! Tokens are signed with `aura-core` (the client side); what is under test
//! is the edge's verification and serving, seen only through HTTP.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aura_core::auraimage::{AuraImage, UploadOptions};
use aura_core::keys::{generate_key_id, generate_stream_key, CloudflareStreamKey, OsRandom};
use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ---------------------------------------------------------------------------
// Fixtures (dimensions are literals, checked against the `image` crate by a test)

macro_rules! fixture {
    ($file:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../aura-edge/tests/fixtures/",
            $file
        ))
    };
}

pub const PHOTO_JPG: &[u8] = fixture!("photo.jpg");
pub const PHOTO_JPG_DIMS: (u32, u32) = (640, 480);
pub const PHOTO_PNG: &[u8] = fixture!("photo.png");
pub const PHOTO_PNG_DIMS: (u32, u32) = (64, 48);
pub const ANIM_GIF: &[u8] = fixture!("anim.gif");
pub const ANIM_GIF_DIMS: (u32, u32) = (24, 16);
pub const TINY_WEBP: &[u8] = fixture!("tiny.webp");
pub const TINY_WEBP_DIMS: (u32, u32) = (16, 12);
pub const FAKE_JXL: &[u8] = fixture!("fake.jxl");
pub const NOT_AN_IMAGE: &[u8] = fixture!("not-an-image.txt");
pub const SAMPLE_JPG: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.jpg"));
pub const SAMPLE_JPG_DIMS: (u32, u32) = (800, 600);

// ---------------------------------------------------------------------------
// Names used in every edge's configuration

pub const PROJECT: &str = "gallery";
pub const OTHER_PROJECT: &str = "other-proj";
pub const ACCOUNT_HASH: &str = "acct-hash-7Qx";
pub const S3_PREFIX: &str = "aura";

/// Bounded waits.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);
pub const STOP_TIMEOUT: Duration = Duration::from_secs(10);
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
pub const TEST_TIMEOUT: Duration = Duration::from_secs(90);

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

fn random_hex() -> String {
    generate_key_id(&mut OsRandom).expect("random id")
}

/// Marker secrets: recognisable in any log line they might leak into.
#[derive(Clone)]
pub struct Secrets {
    pub upload: String,
    pub serve: String,
    pub other_upload: String,
    pub other_serve: String,
    pub images_key: String,
}

impl Secrets {
    fn fresh() -> Secrets {
        Secrets {
            upload: format!("sk_live_MARKUPLOAD{}", random_hex()),
            serve: format!("psk_live_MARKSERVE{}", random_hex()),
            other_upload: format!("sk_live_MARKOTHERUP{}", random_hex()),
            other_serve: format!("psk_live_MARKOTHERSV{}", random_hex()),
            images_key: format!("MARKIMAGES{}", random_hex()),
        }
    }

    pub fn all(&self) -> Vec<&str> {
        vec![
            &self.upload,
            &self.serve,
            &self.other_upload,
            &self.other_serve,
            &self.images_key,
        ]
    }
}

/// The Stream key the edges trust, and one they do not (RSA generation is
/// slow in a debug build: once per test process).
pub fn stream_keys() -> &'static (CloudflareStreamKey, CloudflareStreamKey) {
    static KEYS: OnceLock<(CloudflareStreamKey, CloudflareStreamKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        (
            generate_stream_key(None).expect("stream key"),
            generate_stream_key(None).expect("stream key"),
        )
    })
}

// ---------------------------------------------------------------------------
// Storage

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    Local,
    S3,
}

/// A bucket on the shared S3 server.
#[derive(Clone, Debug)]
pub struct S3Bucket {
    pub endpoint: String,
    pub bucket: String,
}

struct S3Server {
    endpoint: String,
}

fn wait_for_port(addr: SocketAddr, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// Kill the child when the thread that spawned it (or the whole test
/// process) dies, so no server outlives a crashed test run.
#[cfg(target_os = "linux")]
fn die_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_cmd: &mut Command) {}

/// One S3 server per test process, started on first use from
/// `AURA_S3_SERVER` (a moto_server binary, or the `http://…` URL of a server
/// already running). `None` when the variable is unset.
fn s3_server() -> Option<&'static S3Server> {
    static SERVER: OnceLock<Option<S3Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let value = std::env::var("AURA_S3_SERVER")
                .ok()
                .filter(|v| !v.is_empty())?;
            if value.starts_with("http://") {
                return Some(S3Server {
                    endpoint: value.trim_end_matches('/').to_string(),
                });
            }
            let port = free_port();
            let (tx, rx) = std::sync::mpsc::channel();
            // The child is owned by a thread that lives as long as the test
            // process: PR_SET_PDEATHSIG fires when the spawning thread exits.
            std::thread::spawn(move || {
                let mut cmd = Command::new(&value);
                cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null());
                die_with_parent(&mut cmd);
                match cmd.spawn() {
                    Ok(mut child) => {
                        let _ = tx.send(Ok(()));
                        let _ = child.wait();
                    }
                    Err(e) => {
                        let _ = tx.send(Err(format!("cannot start {value}: {e}")));
                    }
                }
            });
            rx.recv()
                .expect("S3 server thread")
                .unwrap_or_else(|e| panic!("{e}"));
            let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
            assert!(
                wait_for_port(addr, START_TIMEOUT),
                "the S3 server did not listen on {addr} within {START_TIMEOUT:?}"
            );
            Some(S3Server {
                endpoint: format!("http://{addr}"),
            })
        })
        .as_ref()
}

async fn create_bucket(server: &S3Server) -> S3Bucket {
    static N: AtomicU64 = AtomicU64::new(0);
    let bucket = format!(
        "aura-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        &random_hex()[..8]
    );
    let res = http_client()
        .put(format!("{}/{bucket}", server.endpoint))
        .send()
        .await
        .expect("create bucket");
    assert!(
        res.status().is_success(),
        "create bucket {bucket}: {}",
        res.status()
    );
    S3Bucket {
        endpoint: server.endpoint.clone(),
        bucket,
    }
}

/// The `aura` binary under test: this package's, or the build named by
/// `AURA_EDGE_TEST_BIN` (e.g. a release build).
pub fn aura_bin() -> PathBuf {
    std::env::var_os("AURA_EDGE_TEST_BIN")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_aura")))
}

pub fn http_client() -> reqwest::Client {
    // No pooled connections: a request must never be sent on a connection
    // the edge closed after an early answer (that case has its own test,
    // `early_rejection_connection_handling`).
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("reqwest client")
}

// ---------------------------------------------------------------------------
// The edge process

#[derive(Clone)]
pub struct EdgeOptions {
    pub rust_log: String,
    /// `[limits] header_read_timeout_secs` (the edge's default when `None`).
    pub header_read_timeout_secs: Option<u64>,
}

impl Default for EdgeOptions {
    fn default() -> Self {
        EdgeOptions {
            rust_log: "info".to_string(),
            header_read_timeout_secs: None,
        }
    }
}

/// What survives a restart: the config, the data, the secrets.
pub struct Setup {
    pub storage: Storage,
    pub dir: tempfile::TempDir,
    pub config_path: PathBuf,
    /// Local storage only.
    pub data: PathBuf,
    pub s3: Option<S3Bucket>,
    pub secrets: Secrets,
    pub options: EdgeOptions,
}

fn toml_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

impl Setup {
    fn config_text(&self) -> String {
        let storage = match (&self.storage, &self.s3) {
            (Storage::Local, _) => format!(
                "[storage]\nkind = \"local\"\npath = {}\n",
                toml_str(&self.data.display().to_string())
            ),
            (Storage::S3, Some(b)) => format!(
                "[storage]\nkind = \"s3\"\nbucket = {}\nendpoint = {}\nregion = \"us-east-1\"\nprefix = {}\n",
                toml_str(&b.bucket),
                toml_str(&b.endpoint),
                toml_str(S3_PREFIX)
            ),
            (Storage::S3, None) => unreachable!("S3 without a bucket"),
        };
        let limits = match self.options.header_read_timeout_secs {
            Some(secs) => format!("[limits]\nheader_read_timeout_secs = {secs}\n\n"),
            None => String::new(),
        };
        let s = &self.secrets;
        let keys = stream_keys();
        format!(
            "listen = \"127.0.0.1:0\"\n\n{storage}\n{limits}\
             [[projects]]\nname = \"{PROJECT}\"\nsecret_keys = [{}]\nserve_secrets = [{}]\n\n\
             [[projects]]\nname = \"{OTHER_PROJECT}\"\nsecret_keys = [{}]\nserve_secrets = [{}]\n\n\
             [cloudflare.images]\naccount_hash = \"{ACCOUNT_HASH}\"\nsigning_keys = [{}]\n\n\
             [cloudflare.stream]\nkeys = [{}]\n",
            toml_str(&s.upload),
            toml_str(&s.serve),
            toml_str(&s.other_upload),
            toml_str(&s.other_serve),
            toml_str(&s.images_key),
            toml_str(keys.0.jwk.expose()),
        )
    }
}

/// A running `aura edge` process; SIGTERM (then SIGKILL) on drop.
pub struct EdgeProc {
    pub setup: Arc<Setup>,
    pub addr: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    child: Mutex<Option<Child>>,
    status: Mutex<Option<ExitStatus>>,
    logs: Arc<Mutex<String>>,
}

/// Removes ANSI colour sequences (log assertions look at plain text).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

impl EdgeProc {
    /// Starts an edge on `storage`; `None` (after printing SKIPPED) for S3
    /// when `AURA_S3_SERVER` is unset.
    pub async fn start(storage: Storage, options: EdgeOptions, test: &str) -> Option<EdgeProc> {
        let s3 = match storage {
            Storage::Local => None,
            Storage::S3 => match s3_server() {
                Some(server) => Some(create_bucket(server).await),
                None => {
                    println!("{test}: SKIPPED (set AURA_S3_SERVER)");
                    return None;
                }
            },
        };
        Some(EdgeProc::launch(storage, s3, options))
    }

    /// An edge on S3 that reaches the S3 server through the endpoint
    /// `route(server endpoint)` returns (a fault proxy in front of it); the
    /// bucket is created directly. `None` when `AURA_S3_SERVER` is unset.
    pub async fn start_s3_via(
        options: EdgeOptions,
        test: &str,
        route: impl FnOnce(&str) -> String,
    ) -> Option<EdgeProc> {
        let Some(server) = s3_server() else {
            println!("{test}: SKIPPED (set AURA_S3_SERVER)");
            return None;
        };
        let mut bucket = create_bucket(server).await;
        bucket.endpoint = route(&server.endpoint);
        Some(EdgeProc::launch(Storage::S3, Some(bucket), options))
    }

    fn launch(storage: Storage, s3: Option<S3Bucket>, options: EdgeOptions) -> EdgeProc {
        let dir = tempfile::Builder::new()
            .prefix("aura-edge-http-")
            .tempdir()
            .expect("tempdir");
        let setup = Setup {
            storage,
            config_path: dir.path().join("aura.toml"),
            data: dir.path().join("data"),
            dir,
            s3,
            secrets: Secrets::fresh(),
            options,
        };
        std::fs::write(&setup.config_path, setup.config_text()).expect("write aura.toml");
        EdgeProc::spawn(Arc::new(setup))
    }

    fn spawn(setup: Arc<Setup>) -> EdgeProc {
        let mut cmd = Command::new(aura_bin());
        cmd.arg("edge")
            .arg("--config")
            .arg(&setup.config_path)
            .env("RUST_LOG", &setup.options.rust_log)
            .env("NO_COLOR", "1")
            .env_remove("AURA_S3_ACCESS_KEY_ID")
            .env_remove("AURA_S3_SECRET_ACCESS_KEY")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        die_with_parent(&mut cmd);
        let mut child = cmd.spawn().expect("spawn aura edge");
        let stderr = child.stderr.take().expect("piped stderr");
        let logs = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        {
            let logs = logs.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stderr);
                let mut line = Vec::new();
                let mut tx = Some(tx);
                loop {
                    line.clear();
                    match reader.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            let text = strip_ansi(&String::from_utf8_lossy(&line));
                            logs.lock().unwrap().push_str(&text);
                            if let Some(rest) = text.split("listening on http://").nth(1) {
                                if let Some(tx) = tx.take() {
                                    let _ = tx.send(rest.trim().to_string());
                                }
                            }
                        }
                    }
                }
            });
        }
        let addr = match rx.recv_timeout(START_TIMEOUT) {
            Ok(a) => a,
            Err(e) => {
                let _ = child.kill();
                let status = child.wait().ok();
                let why = match e {
                    std::sync::mpsc::RecvTimeoutError::Timeout => {
                        format!("did not print its address within {START_TIMEOUT:?}")
                    }
                    std::sync::mpsc::RecvTimeoutError::Disconnected => {
                        "closed stderr without printing its address".to_string()
                    }
                };
                panic!(
                    "`aura edge` {why} (exit: {status:?}); stderr:\n{}",
                    logs.lock().unwrap()
                );
            }
        };
        let addr: SocketAddr = addr.parse().expect("listening address");
        EdgeProc {
            setup,
            addr,
            base: format!("http://{addr}"),
            client: http_client(),
            child: Mutex::new(Some(child)),
            status: Mutex::new(None),
            logs,
        }
    }

    /// A new process on the same config and data (the previous one must be
    /// stopped first).
    pub fn restart(&self) -> EdgeProc {
        assert!(
            self.child.lock().unwrap().is_none(),
            "stop the edge before restarting it"
        );
        EdgeProc::spawn(self.setup.clone())
    }

    pub fn storage(&self) -> Storage {
        self.setup.storage
    }

    pub fn secrets(&self) -> &Secrets {
        &self.setup.secrets
    }

    /// The local data directory (local storage only).
    pub fn data_dir(&self) -> Option<&Path> {
        (self.setup.storage == Storage::Local).then_some(self.setup.data.as_path())
    }

    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn signal(&self, sig: libc::c_int) {
        if let Some(child) = self.child.lock().unwrap().as_ref() {
            // SAFETY: plain kill(2) on our own child's pid.
            unsafe {
                libc::kill(child.id() as libc::pid_t, sig);
            }
        }
    }

    pub fn sigterm(&self) {
        self.signal(libc::SIGTERM);
    }

    /// Replaces the first `from` in aura.toml by `to` (then send SIGHUP).
    pub fn edit_config(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(&self.setup.config_path).expect("read aura.toml");
        assert!(text.contains(from), "aura.toml has no {from:?}:\n{text}");
        std::fs::write(&self.setup.config_path, text.replacen(from, to, 1))
            .expect("write aura.toml");
    }

    pub fn sighup(&self) {
        self.signal(libc::SIGHUP);
    }

    /// SIGKILL and reap.
    pub fn sigkill(&self) -> ExitStatus {
        self.signal(libc::SIGKILL);
        self.wait_exit(STOP_TIMEOUT)
            .expect("the edge survived SIGKILL")
    }

    /// Waits (polling, bounded) for the process to exit; `None` on timeout.
    pub fn wait_exit(&self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let mut guard = self.child.lock().unwrap();
                match guard.as_mut() {
                    None => return *self.status.lock().unwrap(),
                    Some(child) => {
                        if let Ok(Some(status)) = child.try_wait() {
                            *guard = None;
                            *self.status.lock().unwrap() = Some(status);
                            // Let the stderr thread drain the last lines.
                            std::thread::sleep(Duration::from_millis(20));
                            return Some(status);
                        }
                    }
                }
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    // -- HTTP -------------------------------------------------------------

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let req = req.build().expect("request");
        let what = format!("{} {}", req.method(), req.url());
        match self.client.execute(req).await {
            Ok(res) => {
                let status = res.status().as_u16();
                let headers = res.headers().clone();
                let body = res
                    .bytes()
                    .await
                    .unwrap_or_else(|e| panic!("{what}: reading the body: {e}"));
                Resp {
                    status,
                    headers,
                    body,
                }
            }
            Err(e) => panic!("{what}: {e:?}\nedge stderr:\n{}", self.logs()),
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.client.get(self.url(path))).await
    }

    pub async fn get_url(&self, url: &str) -> Resp {
        self.send(self.client.get(url)).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut b = self.client.get(self.url(path));
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b).await
    }

    pub async fn head(&self, path: &str) -> Resp {
        self.send(self.client.head(self.url(path))).await
    }

    /// The project's signer, pointed at this edge.
    pub fn aura(&self) -> AuraImage {
        let s = self.secrets();
        AuraImage::new(&s.upload, PROJECT, Some(&s.serve), Some(&self.base)).expect("AuraImage")
    }

    /// The other configured project's signer.
    pub fn other_aura(&self) -> AuraImage {
        let s = self.secrets();
        AuraImage::new(
            &s.other_upload,
            OTHER_PROJECT,
            Some(&s.other_serve),
            Some(&self.base),
        )
        .expect("AuraImage")
    }

    pub fn upload_token(&self, options: UploadOptions) -> String {
        self.aura()
            .sign_upload(&options, now())
            .expect("sign upload")
    }

    /// `?token=` value of a serve token for `name`, valid 10 minutes.
    pub fn serve_token(&self, name: &str) -> String {
        self.aura()
            .serve_token(name, now() + 600)
            .expect("serve token")
    }

    /// `POST /v1/upload` with one multipart `file` part.
    pub async fn upload(&self, token: Option<&str>, bytes: &[u8], filename: &str) -> Resp {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name(filename.to_string())
            .mime_str(mime_for(filename))
            .unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        let mut b = self.client.post(self.url("/v1/upload")).multipart(form);
        if let Some(t) = token {
            b = b.header("X-Aura-Signature", t);
        }
        self.send(b).await
    }

    /// Uploads with a token naming the image; asserts 201; the response JSON.
    pub async fn upload_named(
        &self,
        bytes: &[u8],
        name: &str,
        visibility: Option<&str>,
    ) -> serde_json::Value {
        let token = self.upload_token(UploadOptions {
            name: Some(name.to_string()),
            visibility: visibility.map(str::to_string),
            ..UploadOptions::default()
        });
        let res = self.upload(Some(&token), bytes, "upload.bin").await;
        assert_eq!(res.status, 201, "upload {name}: {}", res.short());
        res.json()
    }

    /// Places a raw file where the Cloudflare stand-ins read it
    /// (`files/<rel>` in the store).
    pub async fn put_file(&self, rel: &str, bytes: &[u8]) {
        match (&self.setup.storage, &self.setup.s3) {
            (Storage::Local, _) => {
                let path = self.setup.data.join("files").join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).expect("mkdir files/");
                std::fs::write(&path, bytes).expect("write file");
            }
            (Storage::S3, Some(b)) => {
                let url = format!("{}/{}/{S3_PREFIX}/files/{rel}", b.endpoint, b.bucket);
                let res = self
                    .client
                    .put(&url)
                    .header("Content-Type", "application/octet-stream")
                    .body(bytes.to_vec())
                    .send()
                    .await
                    .expect("S3 PUT");
                assert!(res.status().is_success(), "S3 PUT {url}: {}", res.status());
            }
            (Storage::S3, None) => unreachable!(),
        }
    }
}

impl Drop for EdgeProc {
    fn drop(&mut self) {
        let alive = self.child.lock().unwrap().is_some();
        if !alive {
            return;
        }
        self.sigterm();
        if self.wait_exit(Duration::from_secs(5)).is_none() {
            self.signal(libc::SIGKILL);
            let _ = self.wait_exit(STOP_TIMEOUT);
        }
    }
}

pub fn mime_for(filename: &str) -> &'static str {
    let ext = filename
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "jxl" => "image/jxl",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A response read whole.
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body for a failure message: text, cut at 300 characters.
    pub fn short(&self) -> String {
        let text = self.text();
        if text.chars().count() > 300 {
            format!(
                "{}… ({} bytes)",
                text.chars().take(300).collect::<String>(),
                self.body.len()
            )
        } else {
            text
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text()))
    }
}

// ---------------------------------------------------------------------------
// Raw HTTP/1.1 over TCP, for what a well-behaved client cannot send

pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct RawOutcome {
    /// `None` when the server closed without answering.
    pub response: Option<RawResponse>,
    /// Body bytes (after the head) the socket accepted.
    pub written: u64,
    /// Why reading failed, when it did.
    pub read_error: Option<String>,
}

/// Sends `head`, then the chunks `next_chunk` yields (until it says `None`,
/// the server answers, or a write fails), half-closing the write side at the
/// end when `half_close`; reads the answer concurrently, so a server that
/// answers early is heard even while the body is still being pushed.
pub async fn raw_exchange<F>(
    addr: SocketAddr,
    head: String,
    mut next_chunk: F,
    half_close: bool,
) -> RawOutcome
where
    F: FnMut(u64) -> Option<Vec<u8>> + Send + 'static,
{
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut rd, mut wr) = stream.into_split();
    let written = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let written = written.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            if wr.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            while !stop.load(Ordering::Relaxed) {
                let Some(chunk) = next_chunk(written.load(Ordering::Relaxed)) else {
                    break;
                };
                if wr.write_all(&chunk).await.is_err() {
                    return;
                }
                written.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
            if half_close {
                let _ = wr.shutdown().await;
            } else {
                // Keep the write half open until the reader is done.
                while !stop.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
        })
    };
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        let mut buf = Vec::new();
        let mut tmp = [0u8; 16 * 1024];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match rd.read(&mut tmp).await {
                Ok(0) => return Err("closed before a response head".to_string()),
                Ok(n) => buf.extend_from_slice(&tmp[..n]),
                Err(e) => return Err(format!("read: {e}")),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {status_line:?}"))?;
        let headers: Vec<(String, String)> = lines
            .filter(|l| !l.is_empty())
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = buf[head_end..].to_vec();
        while body.len() < len {
            match rd.read(&mut tmp).await {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&tmp[..n]),
                Err(_) => break,
            }
        }
        body.truncate(len);
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    })
    .await
    .unwrap_or_else(|_| Err("no response within 20 s".to_string()));
    stop.store(true, Ordering::Relaxed);
    let _ = tokio::time::timeout(Duration::from_secs(5), writer).await;
    let written = written.load(Ordering::Relaxed);
    match read {
        Ok(r) => RawOutcome {
            response: Some(r),
            written,
            read_error: None,
        },
        Err(e) => RawOutcome {
            response: None,
            written,
            read_error: Some(e),
        },
    }
}

/// One chunk of `Transfer-Encoding: chunked`.
pub fn http_chunk(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

pub const BOUNDARY: &str = "aura-test-boundary-3f9c";

/// The multipart preamble of a `file` part.
pub fn file_part_head(filename: &str, mime: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n"
    )
    .into_bytes()
}

pub fn closing_boundary() -> Vec<u8> {
    format!("\r\n--{BOUNDARY}--\r\n").into_bytes()
}

/// The request head of an upload sent by hand.
pub fn upload_head(addr: SocketAddr, token: &str, length: Option<u64>) -> String {
    let framing = match length {
        Some(n) => format!("Content-Length: {n}\r\n"),
        None => "Transfer-Encoding: chunked\r\n".to_string(),
    };
    format!(
        "POST /v1/upload HTTP/1.1\r\nHost: {addr}\r\nX-Aura-Signature: {token}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{framing}Connection: close\r\n\r\n"
    )
}

// ---------------------------------------------------------------------------
// Small helpers

/// Changes one character of the last `.`-separated part (not its last
/// character, whose low bits may be unused in base64url).
pub fn tamper_last_part(token: &str) -> String {
    let dot = token.rfind('.').expect("a token with '.'");
    let mut chars: Vec<char> = token.chars().collect();
    let i = dot + 3;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// Runs a test body with a bound.
pub async fn bounded<F: std::future::Future<Output = ()>>(name: &str, f: F) {
    if tokio::time::timeout(TEST_TIMEOUT, f).await.is_err() {
        panic!("{name}: did not finish within {TEST_TIMEOUT:?}");
    }
}

/// `local` and `s3` variants of one behaviour test:
/// `edge_test!(name, case_fn)` or `edge_test!(name, case_fn, options_expr)`.
#[macro_export]
macro_rules! edge_test {
    ($name:ident, $case:path) => {
        $crate::edge_test!($name, $case, $crate::support::EdgeOptions::default());
    };
    ($name:ident, $case:path, $options:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn local() {
                let test = concat!(stringify!($name), "::local");
                let Some(edge) = $crate::support::EdgeProc::start(
                    $crate::support::Storage::Local,
                    $options,
                    test,
                )
                .await
                else {
                    return;
                };
                $crate::support::bounded(test, $case(&edge)).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn s3() {
                let test = concat!(stringify!($name), "::s3");
                let Some(edge) =
                    $crate::support::EdgeProc::start($crate::support::Storage::S3, $options, test)
                        .await
                else {
                    return;
                };
                $crate::support::bounded(test, $case(&edge)).await;
            }
        }
    };
}
