//! `aura.toml`: what the edge listens on, where it stores, which projects
//! (and their secrets, several per project for rotation) it serves.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::ConfigError;

/// The whole configuration file. Unknown keys are allowed (forward
/// compatibility), as the issue asks: "these keys exactly, more allowed".
#[derive(Clone, Deserialize)]
pub struct EdgeConfig {
    /// `host:port`; `127.0.0.1:0` picks a free port.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// The base of the URLs the upload response returns (default
    /// `http://<bound address>`).
    #[serde(default)]
    pub public_url: Option<String>,
    /// `[storage]`: where images are kept.
    pub storage: StorageConfig,
    #[serde(default)]
    /// `[[projects]]`: the projects served (none by default).
    pub projects: Vec<ProjectConfig>,
    #[serde(default)]
    /// `[cache]`: the in-memory hot cache.
    pub cache: CacheConfig,
    #[serde(default)]
    /// `[limits]`: bounds on uploads, transforms and slow clients.
    pub limits: LimitsConfig,
    #[serde(default)]
    /// `[cloudflare]`: the optional Cloudflare stand-ins.
    pub cloudflare: CloudflareConfig,
}

fn default_listen() -> String {
    "127.0.0.1:8787".to_string()
}

/// `[storage]`: the backend and where it keeps its data.
#[derive(Clone, Deserialize)]
pub struct StorageConfig {
    /// `local` or `s3`.
    pub kind: StorageKind,
    /// local: the data directory (relative paths are relative to the config file).
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// s3: bucket, endpoint (for R2, MinIO, …), region, key prefix.
    #[serde(default)]
    pub bucket: Option<String>,
    #[serde(default)]
    /// s3: the endpoint URL (an `http://` one allows plain HTTP); unset = AWS.
    pub endpoint: Option<String>,
    #[serde(default = "default_region")]
    /// s3: the region (default `us-east-1`).
    pub region: String,
    #[serde(default)]
    /// s3: prefix of every object key (default none); `/` at either end is
    /// trimmed, and one is put back after it.
    pub prefix: String,
}

fn default_region() -> String {
    "us-east-1".to_string()
}

/// `storage.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// `local`: a directory ([`crate::store::local::LocalStore`]); needs `path`.
    Local,
    /// `s3`: an S3-compatible bucket ([`crate::store::s3::S3Store`]); needs
    /// `bucket`. Credentials come from the environment
    /// ([`crate::store::s3::S3Config::from_env_with`]).
    S3,
}

/// One AuraImage project: its name and every secret currently accepted.
#[derive(Clone, Deserialize)]
pub struct ProjectConfig {
    /// The project name: 2-40 characters of `a-z0-9-`, unique, not reserved
    /// (`v1`, `api`, …). Upload tokens name it in `projectName`.
    pub name: String,
    /// Upload-token secrets (`sk_live_…`), all accepted.
    #[serde(default)]
    pub secret_keys: Vec<String>,
    /// Serve-token secrets (`psk_live_…`), all accepted.
    #[serde(default)]
    pub serve_secrets: Vec<String>,
}

/// The in-process hot cache (bytes and metadata).
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct CacheConfig {
    /// Bytes of image and variant data kept in memory.
    pub max_bytes: u64,
    /// Largest single object kept in memory.
    pub max_object_bytes: u64,
    /// Metadata cache lifetime for shared stores (S3), in milliseconds. The
    /// local store is exclusive and invalidated on every write, so its
    /// metadata never expires. 0 (the default) reads shared metadata on
    /// every request: several instances never serve a stale visibility.
    pub shared_meta_ttl_ms: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            max_bytes: 256 * 1024 * 1024,
            max_object_bytes: 16 * 1024 * 1024,
            shared_meta_ttl_ms: 0,
        }
    }
}

/// `[limits]`. Defaults: 100 MiB uploads, one transform per available
/// CPU (2 if unknown), a 30 s header read timeout.
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct LimitsConfig {
    /// Upper bound on any upload, whatever the token's `maxSize` says.
    pub max_upload_bytes: u64,
    /// Transforms computed at once (each holds a decoded image).
    pub transform_concurrency: usize,
    /// A connection that has not sent a whole request head within this many
    /// seconds is closed (slow clients, slowloris); also bounds idle
    /// keep-alive connections.
    pub header_read_timeout_secs: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            max_upload_bytes: 100 * 1024 * 1024,
            transform_concurrency: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            header_read_timeout_secs: 30,
        }
    }
}

/// Local stand-ins for Cloudflare delivery, so Cloudflare signing can be
/// tested offline.
#[derive(Clone, Default, Deserialize)]
pub struct CloudflareConfig {
    #[serde(default)]
    /// `[cloudflare.images]`: the Images delivery stand-in; off when absent.
    pub images: Option<ImagesStandInConfig>,
    #[serde(default)]
    /// `[cloudflare.stream]`: the Stream delivery stand-in; off when absent.
    pub stream: Option<StreamStandInConfig>,
}

/// `[cloudflare.images]`: serves `files/images/<image id>` at Images
/// delivery URLs ([`crate::routes::images`]).
#[derive(Clone, Deserialize)]
pub struct ImagesStandInConfig {
    /// The account hash in `/<hash>/<image id>/<variant>`.
    pub account_hash: String,
    /// Signing keys, all accepted (rotation).
    pub signing_keys: Vec<String>,
    /// Refuse unsigned URLs (images with `requireSignedURLs`). Default true.
    #[serde(default = "yes")]
    pub require_signed_urls: bool,
}

/// `[cloudflare.stream]`: serves `files/stream/<sub>/…` at Stream token URLs
/// ([`crate::routes::stream`]).
#[derive(Clone, Deserialize)]
pub struct StreamStandInConfig {
    /// Key texts in any format Cloudflare hands out (public or private;
    /// only the public part is kept). A JWK's `kid` is used; PEM keys need
    /// `key_ids` in the same order.
    pub keys: Vec<String>,
    #[serde(default)]
    /// The `kid` of `keys[i]`, by position; overrides a JWK's own `kid`.
    pub key_ids: Vec<String>,
}

fn yes() -> bool {
    true
}

impl EdgeConfig {
    /// Parses TOML text; relative local paths resolve against `base_dir`.
    pub fn from_toml(text: &str, base_dir: &Path) -> Result<EdgeConfig, ConfigError> {
        let mut config: EdgeConfig =
            toml::from_str(text).map_err(|e| ConfigError(format!("aura.toml: {}", e.message())))?;
        if let Some(path) = &config.storage.path {
            if path.is_relative() {
                config.storage.path = Some(base_dir.join(path));
            }
        }
        config.validate()?;
        Ok(config)
    }

    /// Reads `path` and parses it with [`EdgeConfig::from_toml`], relative
    /// to the file's directory. A [`ConfigError`] when it cannot be read,
    /// parsed or validated.
    pub fn from_file(path: &Path) -> Result<EdgeConfig, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        EdgeConfig::from_toml(&text, base)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        match self.storage.kind {
            StorageKind::Local if self.storage.path.is_none() => {
                return Err(ConfigError(
                    "storage.path is required for kind = \"local\"".into(),
                ))
            }
            StorageKind::S3 if self.storage.bucket.is_none() => {
                return Err(ConfigError(
                    "storage.bucket is required for kind = \"s3\"".into(),
                ))
            }
            _ => {}
        }
        let mut seen = std::collections::HashSet::new();
        for p in &self.projects {
            if !seen.insert(p.name.as_str()) {
                return Err(ConfigError(format!("project {:?} is listed twice", p.name)));
            }
            if crate::paths::is_reserved_project(&p.name) {
                return Err(ConfigError(format!(
                    "project name {:?} is reserved",
                    p.name
                )));
            }
            if !crate::paths::is_valid_project_name(&p.name) {
                return Err(ConfigError(format!(
                    "project name {:?} must match ^[a-z0-9-]+$ and have 2-40 characters",
                    p.name
                )));
            }
            if p.secret_keys.iter().all(|s| s.is_empty()) {
                return Err(ConfigError(format!(
                    "project {:?} needs at least one non-empty secret_keys entry",
                    p.name
                )));
            }
        }
        Ok(())
    }
}
