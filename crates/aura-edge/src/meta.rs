//! What the edge knows about a stored image (the upload response of
//! auraimage.md §10, plus what serving needs).

use aura_core::auraimage::Visibility;
use serde::{Deserialize, Serialize};

/// The public/private flag as stored and as answered (`"public"` / `"private"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredVisibility {
    /// Served to anyone, cached publicly.
    Public,
    /// Served only with a valid serve token (`?token=`).
    Private,
}

impl From<Visibility> for StoredVisibility {
    fn from(v: Visibility) -> Self {
        match v {
            Visibility::Public => StoredVisibility::Public,
            Visibility::Private => StoredVisibility::Private,
        }
    }
}

impl StoredVisibility {
    /// `"public"` or `"private"`.
    pub fn as_str(self) -> &'static str {
        match self {
            StoredVisibility::Public => "public",
            StoredVisibility::Private => "private",
        }
    }
}

/// One image: `(project, name)` → its bytes (content-addressed by `sha256`)
/// and what was read from them at upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageMeta {
    /// The project the image belongs to.
    pub project: String,
    /// The image's name within its project (`{name}` in serve paths).
    pub name: String,
    /// Lower-case hex SHA-256 of the original bytes; the blob's key and the ETag.
    pub sha256: String,
    /// `jpeg`, `png`, `webp`, `gif`, … (see `media::Format::as_str`).
    pub format: String,
    /// `image/jpeg`, …
    pub content_type: String,
    /// Width in pixels as displayed (EXIF orientation applied); 0 when the
    /// headers do not tell (AVIF, HEIC, JPEG XL, unreadable).
    pub width: u32,
    /// Height in pixels, as [`ImageMeta::width`].
    pub height: u32,
    /// Length of the original bytes.
    pub size: u64,
    /// The BlurHash string; empty when none could be computed.
    pub blurhash: String,
    /// Who may read it; changed by `PATCH /v1/images/{project}/{name}`.
    pub visibility: StoredVisibility,
    /// Unix seconds of the upload (the server's clock).
    pub uploaded_at: i64,
}
