//! Storage: one trait, two backends (a local directory with an embedded
//! metadata database, and any S3-compatible store through `object_store`).
//!
//! Layout shared by both backends:
//! - blobs are content-addressed: `blobs/<sha256 hex>`; a blob is written
//!   completely (atomically) before any metadata points at it, so a killed
//!   upload leaves at most an unreferenced blob, never a visible image;
//! - metadata maps `(project, name)` → [`ImageMeta`];
//! - derived variants (transforms) are cached under `variants/<key>`;
//! - raw files for the Cloudflare stand-ins live under `files/<path>`.

use async_trait::async_trait;
use bytes::Bytes;

use crate::meta::{ImageMeta, StoredVisibility};

pub mod local;
pub mod s3;

/// A storage failure (I/O, database, remote store). Never carries secrets.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// A store operation's result.
pub type StoreResult<T> = Result<T, StoreError>;

/// What `put_image` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PutOutcome {
    /// Stored (new, or replaced because `overwrite` was true).
    Stored,
    /// The name exists and `overwrite` was false: nothing changed (HTTP 409).
    Conflict,
}

/// A storage backend ([`local::LocalStore`] or [`s3::S3Store`]). Names and
/// keys that could escape the layout (a malformed sha256, an unsafe file
/// path) are errors, never written or read.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// A short label for logs: `local` or `s3`.
    fn kind(&self) -> &'static str;

    /// Whether this process is the only writer (local store): then the edge
    /// may cache metadata until it changes it itself. Shared stores (S3) say
    /// false, so several edge instances never serve stale visibility.
    fn exclusive(&self) -> bool;

    /// Writes `bytes` as `blobs/<sha256>` atomically (idempotent: same hash,
    /// same content). Call before [`Store::put_image`].
    async fn put_blob(&self, sha256: &str, bytes: Bytes) -> StoreResult<()>;

    /// The bytes of `blobs/<sha256>`; `None` when absent.
    async fn get_blob(&self, sha256: &str) -> StoreResult<Option<Bytes>>;

    /// Records `meta` for `(meta.project, meta.name)`. When the name exists
    /// and `overwrite` is false, returns `Conflict` and changes nothing; the
    /// check and the write are one atomic step (two concurrent uploads of one
    /// name with `overwrite: false`: exactly one `Stored`).
    async fn put_image(&self, meta: &ImageMeta, overwrite: bool) -> StoreResult<PutOutcome>;

    /// The metadata of `(project, name)`; `None` when no such image.
    async fn get_image(&self, project: &str, name: &str) -> StoreResult<Option<ImageMeta>>;

    /// Sets the flag; `None` when the image does not exist. Idempotent.
    async fn set_visibility(
        &self,
        project: &str,
        name: &str,
        visibility: StoredVisibility,
    ) -> StoreResult<Option<ImageMeta>>;

    /// Cached transform output, keyed by a string the caller derives from
    /// the source sha256 and the normalised transform (immutable content).
    async fn get_variant(&self, key: &str) -> StoreResult<Option<Bytes>>;
    /// Stores a transform output under `key` (atomic; same key, same
    /// content).
    async fn put_variant(&self, key: &str, bytes: Bytes) -> StoreResult<()>;

    /// Raw files served by the Cloudflare stand-ins (`files/<path>`), path
    /// segments already validated by the caller.
    async fn get_file(&self, path: &str) -> StoreResult<Option<Bytes>>;
    /// Writes a stand-in file at `files/<path>` (atomic; replaces any
    /// previous one).
    async fn put_file(&self, path: &str, bytes: Bytes) -> StoreResult<()>;
}
