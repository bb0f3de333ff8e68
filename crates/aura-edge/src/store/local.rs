//! The local backend: a directory on disk plus an embedded redb database.
//!
//! ```text
//! <root>/blobs/<sha256>            original bytes, content-addressed
//! <root>/variants/<sha256(key)>    cached transform output
//! <root>/files/<path>              raw files of the Cloudflare stand-ins
//! <root>/meta.redb                 (project "\0" name) -> serde_json(ImageMeta)
//! ```
//!
//! Every file is written atomically: a temp file in the destination
//! directory, fsync, rename over the final name, fsync the directory. A
//! failed write drops (and so deletes) its temp file. Every call runs in
//! `spawn_blocking` (redb and the fsyncs are synchronous).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use redb::{Database, ReadableTable, TableDefinition};
use sha2::{Digest, Sha256};

use super::{PutOutcome, Store, StoreError, StoreResult};
use crate::meta::{ImageMeta, StoredVisibility};

/// `project "\0" name` → serde_json of [`ImageMeta`].
const IMAGES: TableDefinition<&str, &[u8]> = TableDefinition::new("images");

/// Prefix of in-flight temp files (never a valid blob or variant name).
const TMP_PREFIX: &str = ".tmp-";
/// Largest blob read without the blocking pool.
const INLINE_READ_MAX: u64 = 1024 * 1024;

/// A store in one local directory; this process is its only writer.
#[derive(Clone)]
pub struct LocalStore {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    db: Database,
}

impl std::fmt::Debug for LocalStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStore")
            .field("root", &self.inner.root)
            .finish_non_exhaustive()
    }
}

impl LocalStore {
    /// Opens (creating when missing) the store rooted at `path`.
    pub fn open(path: &Path) -> StoreResult<LocalStore> {
        let root = path.to_path_buf();
        for dir in [
            root.clone(),
            root.join("blobs"),
            root.join("variants"),
            root.join("files"),
        ] {
            fs::create_dir_all(&dir).map_err(|e| io_err("create directory", &dir, e))?;
        }
        sync_dir(&root)?;
        remove_stale_temp_files(&root);
        let db_path = root.join("meta.redb");
        let db = Database::create(&db_path).map_err(|e| db_err("open", e))?;
        // Create the table up front so reads never see "table does not exist".
        let tx = db.begin_write().map_err(|e| db_err("begin", e))?;
        tx.open_table(IMAGES).map_err(|e| db_err("open table", e))?;
        tx.commit().map_err(|e| db_err("commit", e))?;
        Ok(LocalStore {
            inner: Arc::new(Inner { root, db }),
        })
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    async fn blocking<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> StoreResult<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || f(&inner))
            .await
            .map_err(|e| StoreError(format!("blocking task failed: {e}")))?
    }
}

impl Inner {
    fn blob_path(&self, sha256: &str) -> StoreResult<PathBuf> {
        validate_sha256(sha256)?;
        Ok(self.root.join("blobs").join(sha256))
    }

    fn variant_path(&self, key: &str) -> PathBuf {
        self.root.join("variants").join(variant_name(key))
    }

    fn file_path(&self, path: &str) -> StoreResult<PathBuf> {
        validate_rel_path(path)?;
        let mut p = self.root.join("files");
        p.extend(path.split('/'));
        Ok(p)
    }
}

#[async_trait]
impl Store for LocalStore {
    fn kind(&self) -> &'static str {
        "local"
    }

    fn exclusive(&self) -> bool {
        true
    }

    async fn put_blob(&self, sha256: &str, bytes: Bytes) -> StoreResult<()> {
        let sha256 = sha256.to_owned();
        self.blocking(move |inner| {
            let path = inner.blob_path(&sha256)?;
            // Content-addressed and written atomically: an existing blob is complete.
            if path.is_file() {
                return Ok(());
            }
            write_atomic(&path, &bytes)
        })
        .await
    }

    /// Blobs up to `INLINE_READ_MAX` (1 MiB) are read on the calling task: from
    /// the page cache that is a copy of a few microseconds, cheaper than the
    /// hand-off to the blocking pool (its queue mutex and two context
    /// switches). Larger blobs go to the blocking pool.
    async fn get_blob(&self, sha256: &str) -> StoreResult<Option<Bytes>> {
        let path = self.inner.blob_path(sha256)?;
        match fs::metadata(&path) {
            Ok(m) if m.is_file() && m.len() <= INLINE_READ_MAX => read_optional(&path),
            Ok(_) => self.blocking(move |_| read_optional(&path)).await,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err("stat", &path, e)),
        }
    }

    async fn put_image(&self, meta: &ImageMeta, overwrite: bool) -> StoreResult<PutOutcome> {
        let key = meta_key(&meta.project, &meta.name)?;
        let value =
            serde_json::to_vec(meta).map_err(|e| StoreError(format!("encode meta: {e}")))?;
        self.blocking(move |inner| {
            let tx = inner.db.begin_write().map_err(|e| db_err("begin", e))?;
            {
                let mut table = tx.open_table(IMAGES).map_err(|e| db_err("open table", e))?;
                if !overwrite
                    && table
                        .get(key.as_str())
                        .map_err(|e| db_err("get", e))?
                        .is_some()
                {
                    // Dropping the transaction aborts it: nothing changes.
                    return Ok(PutOutcome::Conflict);
                }
                table
                    .insert(key.as_str(), value.as_slice())
                    .map_err(|e| db_err("insert", e))?;
            }
            tx.commit().map_err(|e| db_err("commit", e))?;
            Ok(PutOutcome::Stored)
        })
        .await
    }

    async fn get_image(&self, project: &str, name: &str) -> StoreResult<Option<ImageMeta>> {
        let Ok(key) = meta_key(project, name) else {
            return Ok(None);
        };
        self.blocking(move |inner| {
            let tx = inner.db.begin_read().map_err(|e| db_err("begin read", e))?;
            let table = tx.open_table(IMAGES).map_err(|e| db_err("open table", e))?;
            let found = table.get(key.as_str()).map_err(|e| db_err("get", e))?;
            found.map(|v| decode_meta(v.value())).transpose()
        })
        .await
    }

    async fn set_visibility(
        &self,
        project: &str,
        name: &str,
        visibility: StoredVisibility,
    ) -> StoreResult<Option<ImageMeta>> {
        let Ok(key) = meta_key(project, name) else {
            return Ok(None);
        };
        self.blocking(move |inner| {
            let tx = inner.db.begin_write().map_err(|e| db_err("begin", e))?;
            let meta = {
                let mut table = tx.open_table(IMAGES).map_err(|e| db_err("open table", e))?;
                let mut meta = match table.get(key.as_str()).map_err(|e| db_err("get", e))? {
                    Some(current) => decode_meta(current.value())?,
                    None => return Ok(None),
                };
                if meta.visibility == visibility {
                    return Ok(Some(meta));
                }
                meta.visibility = visibility;
                let value = serde_json::to_vec(&meta)
                    .map_err(|e| StoreError(format!("encode meta: {e}")))?;
                table
                    .insert(key.as_str(), value.as_slice())
                    .map_err(|e| db_err("insert", e))?;
                meta
            };
            tx.commit().map_err(|e| db_err("commit", e))?;
            Ok(Some(meta))
        })
        .await
    }

    async fn get_variant(&self, key: &str) -> StoreResult<Option<Bytes>> {
        let key = key.to_owned();
        self.blocking(move |inner| read_optional(&inner.variant_path(&key)))
            .await
    }

    async fn put_variant(&self, key: &str, bytes: Bytes) -> StoreResult<()> {
        let key = key.to_owned();
        self.blocking(move |inner| write_atomic(&inner.variant_path(&key), &bytes))
            .await
    }

    async fn get_file(&self, path: &str) -> StoreResult<Option<Bytes>> {
        let path = path.to_owned();
        self.blocking(move |inner| read_optional(&inner.file_path(&path)?))
            .await
    }

    async fn put_file(&self, path: &str, bytes: Bytes) -> StoreResult<()> {
        let path = path.to_owned();
        self.blocking(move |inner| {
            let target = inner.file_path(&path)?;
            let parent = target
                .parent()
                .ok_or_else(|| StoreError("file path has no parent".into()))?;
            fs::create_dir_all(parent).map_err(|e| io_err("create directory", parent, e))?;
            write_atomic(&target, &bytes)
        })
        .await
    }
}

/// A 64-character lower-case hex SHA-256, the only accepted blob name.
pub(crate) fn validate_sha256(sha256: &str) -> StoreResult<()> {
    if sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        Ok(())
    } else {
        Err(StoreError(
            "invalid sha256: expected 64 lower-case hex digits".into(),
        ))
    }
}

/// A relative `/`-separated path that cannot leave its directory: no
/// absolute path, no empty, `.` or `..` segment, no backslash, NUL or other
/// control character.
pub(crate) fn validate_rel_path(path: &str) -> StoreResult<()> {
    let bad = |why: &str| Err(StoreError(format!("invalid file path: {why}")));
    if path.is_empty() {
        return bad("empty");
    }
    if path.starts_with('/') {
        return bad("absolute");
    }
    if path.contains('\\') {
        return bad("backslash");
    }
    if path.chars().any(char::is_control) {
        return bad("control character");
    }
    for segment in path.split('/') {
        match segment {
            "" => return bad("empty segment"),
            "." | ".." => return bad("dot segment"),
            _ => {}
        }
    }
    Ok(())
}

/// The file name (also the S3 key suffix) of a variant: hex SHA-256 of the key.
pub(crate) fn variant_name(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn meta_key(project: &str, name: &str) -> StoreResult<String> {
    // The first NUL separates project from name; a NUL in the project would
    // make two different pairs share one key.
    if project.contains('\0') {
        return Err(StoreError("invalid project: contains NUL".into()));
    }
    Ok(format!("{project}\0{name}"))
}

fn decode_meta(bytes: &[u8]) -> StoreResult<ImageMeta> {
    serde_json::from_slice(bytes).map_err(|e| StoreError(format!("decode meta: {e}")))
}

fn read_optional(path: &Path) -> StoreResult<Option<Bytes>> {
    match fs::read(path) {
        Ok(v) => Ok(Some(Bytes::from(v))),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound
                    | io::ErrorKind::IsADirectory
                    | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(io_err("read", path, e)),
    }
}

/// Temp file in the target's directory, fsync, rename, fsync the directory.
/// On any error the temp file is removed (`NamedTempFile`'s drop).
fn write_atomic(target: &Path, bytes: &[u8]) -> StoreResult<()> {
    let dir = target
        .parent()
        .ok_or_else(|| StoreError("path has no parent directory".into()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| io_err("create temp file in", dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| io_err("write temp file in", dir, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_err("sync temp file in", dir, e))?;
    tmp.persist(target)
        .map_err(|e| io_err("rename into", target, e.error))?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> StoreResult<()> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_err("sync directory", dir, e))
}

fn io_err(what: &str, path: &Path, e: io::Error) -> StoreError {
    StoreError(format!("{what} {}: {e}", path.display()))
}

fn db_err(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("metadata database {what}: {e}"))
}

/// Temp files left by a process killed mid-write (never visible: nothing
/// points at them) are removed when the store opens. Best effort.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_tmp = entry.file_name().to_string_lossy().starts_with(TMP_PREFIX);
        match entry.file_type() {
            Ok(t) if t.is_dir() && !is_tmp => remove_stale_temp_files(&path),
            Ok(t) if t.is_file() && is_tmp => {
                let _ = fs::remove_file(&path);
            }
            _ => {}
        }
    }
}
