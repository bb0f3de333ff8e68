//! Prism serving Cloudflare's OpenAPI document with request validation on,
//! for the Cloudflare suites of aura-client and aura-cli (one harness; the
//! CLI's test includes this file by path).

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A Prism process, killed on drop (also when a check panics).
pub struct Prism {
    child: Child,
    pub base: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Cloudflare's OpenAPI subset, copied into the repository with provenance.
pub fn spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/reference/cloudflare-openapi-subset.json")
}

/// `prism mock --errors -h 127.0.0.1 -p PORT <spec>`, or `None` (a loud
/// SKIPPED naming `suite`) without `AURA_PRISM`.
pub fn start_prism(suite: &str) -> Option<Prism> {
    let Some(bin) = std::env::var_os("AURA_PRISM").filter(|v| !v.is_empty()) else {
        // Straight to stderr: libtest's capture would hide an eprintln!.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {suite}: AURA_PRISM is not set (AURA_PRISM=$(scripts/prism.sh)) ***\n"
        );
        return None;
    };
    let spec = spec();
    assert!(spec.is_file(), "{} is missing", spec.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(&bin)
        .args([
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .arg(&spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {bin:?}: {e}"));
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("Prism is listening") {
                let _ = tx.send(());
            }
        }
    });
    let prism = Prism {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    rx.recv_timeout(Duration::from_secs(60))
        .expect("Prism did not say it is listening within 60 s");
    Some(prism)
}
