//! The hot cache: image metadata and bytes held in memory, so a hot read is
//! a hash lookup, a MAC check and a shared `Bytes` handed to hyper — no disk,
//! no blocking pool, no database.
//!
//! Bytes are content-addressed (blob sha256, variant key) and therefore
//! immutable: they never need invalidation, only eviction (bounded by
//! weight). Metadata changes on upload, overwrite and visibility change: the
//! edge invalidates it itself when it owns the store (local), and keeps it
//! at most `shared_meta_ttl_ms` when the store is shared (S3).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use crate::config::CacheConfig;
use crate::meta::ImageMeta;

#[derive(Clone)]
struct BytesWeighter;

impl Weighter<String, Bytes> for BytesWeighter {
    fn weight(&self, _key: &String, value: &Bytes) -> u64 {
        value.len() as u64 + 64
    }
}

#[derive(Clone)]
struct MetaEntry {
    /// `None`: the image does not exist (cached too, so a 404 flood stays cheap).
    meta: Option<Arc<ImageMeta>>,
    at: Instant,
}

/// The hot cache of one edge: metadata by [`meta_key`], bytes by a
/// content-derived key, bounded by [`CacheConfig`].
pub struct HotCache {
    meta: Cache<String, MetaEntry>,
    bytes: Cache<String, Bytes, BytesWeighter>,
    /// `None`: entries live until invalidated; `Some(0)`: metadata not cached.
    meta_ttl: Option<Duration>,
    max_object_bytes: u64,
    /// Bumped by every metadata write: a reader that raced a write never
    /// leaves the old value cached (see [`HotCache::fill_meta`]).
    generation: AtomicU64,
}

/// Lookup result for metadata.
pub enum MetaLookup {
    /// A fresh entry: the metadata, or `None` when the image is known not
    /// to exist.
    Hit(Option<Arc<ImageMeta>>),
    /// Nothing usable (absent, expired, or metadata caching off): ask the
    /// store.
    Miss,
}

/// The metadata cache key of `(project, name)`: both joined by a NUL byte.
pub fn meta_key(project: &str, name: &str) -> String {
    let mut k = String::with_capacity(project.len() + name.len() + 1);
    k.push_str(project);
    k.push('\0');
    k.push_str(name);
    k
}

impl HotCache {
    /// `exclusive`: this process is the only writer of the store.
    pub fn new(config: &CacheConfig, exclusive: bool) -> Self {
        let meta_ttl = if exclusive {
            None
        } else {
            Some(Duration::from_millis(config.shared_meta_ttl_ms))
        };
        HotCache {
            meta: Cache::new(100_000),
            bytes: Cache::with_weighter(
                ((config.max_bytes / 65_536) as usize).max(16),
                config.max_bytes.max(1),
                BytesWeighter,
            ),
            meta_ttl,
            max_object_bytes: config.max_object_bytes,
            generation: AtomicU64::new(0),
        }
    }

    /// The cached metadata under `key` (from [`meta_key`]). On a shared store
    /// an entry older than `shared_meta_ttl_ms` is a miss, and every lookup
    /// is one when that is 0.
    pub fn get_meta(&self, key: &str) -> MetaLookup {
        if self.meta_ttl == Some(Duration::ZERO) {
            return MetaLookup::Miss;
        }
        match self.meta.get(key) {
            Some(e) if self.meta_ttl.is_none_or(|ttl| e.at.elapsed() < ttl) => {
                MetaLookup::Hit(e.meta)
            }
            _ => MetaLookup::Miss,
        }
    }

    /// Call before reading metadata from the store; pass the value to
    /// [`HotCache::fill_meta`].
    pub fn read_generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Caches what the store answered. A writer stores, bumps the generation,
    /// then removes the key; a reader inserts, then re-checks the generation
    /// and removes its own insert when a write happened meanwhile. Either
    /// the writer's remove or the reader's re-check runs after the insert,
    /// so a stale value never survives.
    pub fn fill_meta(&self, key: String, meta: Option<Arc<ImageMeta>>, generation: u64) {
        if self.meta_ttl == Some(Duration::ZERO) {
            return;
        }
        self.meta.insert(
            key.clone(),
            MetaEntry {
                meta,
                at: Instant::now(),
            },
        );
        if self.generation.load(Ordering::SeqCst) != generation {
            self.meta.remove(&key);
        }
    }

    /// After the store has recorded an upload, overwrite or visibility
    /// change of this image.
    pub fn meta_changed(&self, key: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.meta.remove(key);
    }

    /// Cached bytes under `key` (the routes use `b:<sha256>` for originals
    /// and `v:<variant key>` for transform outputs).
    pub fn get_bytes(&self, key: &str) -> Option<Bytes> {
        self.bytes.get(key)
    }

    /// Caches `bytes` under `key`, unless longer than `max_object_bytes`.
    /// Entries are evicted once their total weight (length + 64 each)
    /// passes `max_bytes`.
    pub fn put_bytes(&self, key: String, bytes: Bytes) {
        if bytes.len() as u64 <= self.max_object_bytes {
            self.bytes.insert(key, bytes);
        }
    }
}
