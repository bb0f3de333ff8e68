//! The S3 backend: any S3-compatible store through `object_store`.
//!
//! ```text
//! <prefix>blobs/<sha256>
//! <prefix>meta/<hex(project)>/<hex(name)>.json    serde_json(ImageMeta)
//! <prefix>variants/<sha256(key)>
//! <prefix>files/<path>
//! ```
//!
//! No state lives in the process (several edges may share one bucket):
//! `put_image` without overwrite is a conditional create (`If-None-Match: *`)
//! and `set_visibility` a read-modify-write guarded by `If-Match: <etag>`,
//! retried when another writer got in between.

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder, S3ConditionalPut};
use object_store::path::Path;
use object_store::{
    ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, RetryConfig, UpdateVersion,
};

use super::local::{validate_rel_path, validate_sha256, variant_name};
use super::{PutOutcome, Store, StoreError, StoreResult};
use crate::meta::{ImageMeta, StoredVisibility};

/// How often a conditional write that lost a race is retried.
const MAX_CONDITIONAL_ATTEMPTS: usize = 16;

/// Where and how to reach the bucket.
#[derive(Clone)]
pub struct S3Config {
    /// The bucket name.
    pub bucket: String,
    /// e.g. `http://127.0.0.1:9000` for a self-hosted server; `None` = AWS.
    pub endpoint: Option<String>,
    /// The region, e.g. `us-east-1`.
    pub region: String,
    /// Both keys or neither (then requests are sent unsigned).
    pub access_key_id: Option<String>,
    /// The secret paired with `access_key_id`; redacted by `Debug`.
    pub secret_access_key: Option<String>,
    /// Allow a plain-HTTP endpoint.
    pub allow_http: bool,
    /// Key prefix, e.g. `aura/` (a missing trailing `/` is added).
    pub prefix: String,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "<redacted>"),
            )
            .field("allow_http", &self.allow_http)
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl S3Config {
    /// Credentials from `AURA_S3_ACCESS_KEY_ID` / `AURA_S3_SECRET_ACCESS_KEY`
    /// when the former is set, else `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`
    /// (the pair is taken together, never mixed). `allow_http` is true when
    /// the endpoint is `http://…`.
    pub fn from_env_with(
        bucket: impl Into<String>,
        endpoint: Option<String>,
        region: impl Into<String>,
        prefix: impl Into<String>,
    ) -> S3Config {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let (access_key_id, secret_access_key) = match var("AURA_S3_ACCESS_KEY_ID") {
            Some(id) => (Some(id), var("AURA_S3_SECRET_ACCESS_KEY")),
            None => (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")),
        };
        let allow_http = endpoint
            .as_deref()
            .is_some_and(|e| e.to_ascii_lowercase().starts_with("http://"));
        S3Config {
            bucket: bucket.into(),
            endpoint,
            region: region.into(),
            access_key_id,
            secret_access_key,
            allow_http,
            prefix: prefix.into(),
        }
    }
}

/// A store in one S3 bucket (under a key prefix), shared with other edges.
#[derive(Debug)]
pub struct S3Store {
    s3: AmazonS3,
    /// Empty or ending in `/`.
    prefix: String,
}

impl S3Store {
    /// A client for `cfg` (nothing is sent yet). Requests are retried up to
    /// 4 times within 30 s. A [`StoreError`] for an unsafe prefix, only one
    /// of the two keys, or a configuration `object_store` refuses.
    pub fn new(cfg: S3Config) -> StoreResult<S3Store> {
        let prefix = cfg.prefix.trim_matches('/');
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            validate_rel_path(prefix).map_err(|e| StoreError(format!("S3 prefix: {}", e.0)))?;
            format!("{prefix}/")
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&cfg.bucket)
            .with_region(&cfg.region)
            .with_allow_http(cfg.allow_http)
            .with_conditional_put(S3ConditionalPut::ETagMatch)
            .with_retry(RetryConfig {
                max_retries: 4,
                retry_timeout: Duration::from_secs(30),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = &cfg.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        builder = match (&cfg.access_key_id, &cfg.secret_access_key) {
            (Some(id), Some(secret)) => builder
                .with_access_key_id(id)
                .with_secret_access_key(secret),
            // Unsigned: never fall back to instance-metadata credentials.
            (None, None) => builder.with_skip_signature(true),
            _ => {
                return Err(StoreError(
                    "S3: set both the access key id and the secret access key, or neither".into(),
                ))
            }
        };
        let s3 = builder
            .build()
            .map_err(|e| StoreError(format!("S3 configuration: {e}")))?;
        Ok(S3Store { s3, prefix })
    }

    fn key(&self, rest: &str) -> StoreResult<Path> {
        Path::parse(format!("{}{rest}", self.prefix))
            .map_err(|e| StoreError(format!("S3 key: {e}")))
    }

    fn blob_key(&self, sha256: &str) -> StoreResult<Path> {
        validate_sha256(sha256)?;
        self.key(&format!("blobs/{sha256}"))
    }

    fn meta_key(&self, project: &str, name: &str) -> StoreResult<Path> {
        // Hex keeps `/`, `..`, unicode and empty names from forming odd keys.
        self.key(&format!(
            "meta/{}/{}.json",
            hex::encode(project.as_bytes()),
            hex::encode(name.as_bytes())
        ))
    }

    fn variant_key(&self, key: &str) -> StoreResult<Path> {
        self.key(&format!("variants/{}", variant_name(key)))
    }

    fn file_key(&self, path: &str) -> StoreResult<Path> {
        validate_rel_path(path)?;
        self.key(&format!("files/{path}"))
    }

    async fn get_optional(&self, key: &Path) -> StoreResult<Option<Bytes>> {
        match self.s3.get(key).await {
            Ok(r) => r.bytes().await.map(Some).map_err(s3_err),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(s3_err(e)),
        }
    }

    /// The meta and its e-tag (`None` when the server sends none).
    async fn get_meta(&self, key: &Path) -> StoreResult<Option<(ImageMeta, Option<String>)>> {
        let r = match self.s3.get(key).await {
            Ok(r) => r,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(s3_err(e)),
        };
        let e_tag = r.meta.e_tag.clone();
        let bytes = r.bytes().await.map_err(s3_err)?;
        let meta = serde_json::from_slice(&bytes)
            .map_err(|e| StoreError(format!("decode meta {key}: {e}")))?;
        Ok(Some((meta, e_tag)))
    }

    async fn put(&self, key: &Path, bytes: Bytes, mode: PutMode) -> object_store::Result<()> {
        let opts = PutOptions {
            mode,
            ..PutOptions::default()
        };
        self.s3
            .put_opts(key, PutPayload::from_bytes(bytes), opts)
            .await
            .map(|_| ())
    }

    async fn exists(&self, key: &Path) -> StoreResult<bool> {
        match self.s3.head(key).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(s3_err(e)),
        }
    }
}

#[async_trait]
impl Store for S3Store {
    fn kind(&self) -> &'static str {
        "s3"
    }

    fn exclusive(&self) -> bool {
        false
    }

    async fn put_blob(&self, sha256: &str, bytes: Bytes) -> StoreResult<()> {
        let key = self.blob_key(sha256)?;
        // A single PUT is atomic on S3: the object is visible whole or not at all.
        self.put(&key, bytes, PutMode::Overwrite)
            .await
            .map_err(s3_err)
    }

    async fn get_blob(&self, sha256: &str) -> StoreResult<Option<Bytes>> {
        self.get_optional(&self.blob_key(sha256)?).await
    }

    async fn put_image(&self, meta: &ImageMeta, overwrite: bool) -> StoreResult<PutOutcome> {
        let key = self.meta_key(&meta.project, &meta.name)?;
        let body = Bytes::from(
            serde_json::to_vec(meta).map_err(|e| StoreError(format!("encode meta: {e}")))?,
        );
        if overwrite {
            self.put(&key, body, PutMode::Overwrite)
                .await
                .map_err(s3_err)?;
            return Ok(PutOutcome::Stored);
        }
        for _ in 0..MAX_CONDITIONAL_ATTEMPTS {
            match self.put(&key, body.clone(), PutMode::Create).await {
                Ok(()) => return Ok(PutOutcome::Stored),
                // 412 (exists) or 409 (AWS: a concurrent conditional write
                // is in flight). Conflict only when the object is really
                // there; otherwise the other writer failed: try again.
                Err(object_store::Error::AlreadyExists { .. }) => {
                    if self.exists(&key).await? {
                        return Ok(PutOutcome::Conflict);
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(object_store::Error::NotImplemented { .. }) => {
                    return Err(StoreError(
                        "S3: conditional create (If-None-Match) is not supported".into(),
                    ))
                }
                Err(e) => return Err(s3_err(e)),
            }
        }
        Err(StoreError(format!(
            "S3: conditional create of {key} kept conflicting"
        )))
    }

    async fn get_image(&self, project: &str, name: &str) -> StoreResult<Option<ImageMeta>> {
        let key = self.meta_key(project, name)?;
        Ok(self.get_meta(&key).await?.map(|(meta, _)| meta))
    }

    async fn set_visibility(
        &self,
        project: &str,
        name: &str,
        visibility: StoredVisibility,
    ) -> StoreResult<Option<ImageMeta>> {
        let key = self.meta_key(project, name)?;
        for _ in 0..MAX_CONDITIONAL_ATTEMPTS {
            let Some((mut meta, e_tag)) = self.get_meta(&key).await? else {
                return Ok(None);
            };
            if meta.visibility == visibility {
                return Ok(Some(meta));
            }
            meta.visibility = visibility;
            let body = Bytes::from(
                serde_json::to_vec(&meta).map_err(|e| StoreError(format!("encode meta: {e}")))?,
            );
            // If-Match on the e-tag just read: a concurrent overwrite between
            // our read and write fails the precondition and we start over.
            // A server that sends no e-tag gets a plain overwrite.
            let mode = match e_tag {
                Some(e_tag) => PutMode::Update(UpdateVersion {
                    e_tag: Some(e_tag),
                    version: None,
                }),
                None => PutMode::Overwrite,
            };
            match self.put(&key, body, mode).await {
                Ok(()) => return Ok(Some(meta)),
                Err(object_store::Error::Precondition { .. }) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(e) => return Err(s3_err(e)),
            }
        }
        Err(StoreError(format!(
            "S3: conditional update of {key} kept conflicting"
        )))
    }

    async fn get_variant(&self, key: &str) -> StoreResult<Option<Bytes>> {
        self.get_optional(&self.variant_key(key)?).await
    }

    async fn put_variant(&self, key: &str, bytes: Bytes) -> StoreResult<()> {
        let key = self.variant_key(key)?;
        self.put(&key, bytes, PutMode::Overwrite)
            .await
            .map_err(s3_err)
    }

    async fn get_file(&self, path: &str) -> StoreResult<Option<Bytes>> {
        self.get_optional(&self.file_key(path)?).await
    }

    async fn put_file(&self, path: &str, bytes: Bytes) -> StoreResult<()> {
        let key = self.file_key(path)?;
        self.put(&key, bytes, PutMode::Overwrite)
            .await
            .map_err(s3_err)
    }
}

/// object_store's errors name the store, the key and the HTTP status; they
/// never include credentials (requests are signed, not echoed).
fn s3_err(e: object_store::Error) -> StoreError {
    StoreError(format!("S3: {e}"))
}
