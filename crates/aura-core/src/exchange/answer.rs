//! What an [`super::Exchange`] ends with: one variant per kind of result, so
//! each binding converts them to its own types in one exhaustive `match`.

use serde_json::Value;

use crate::cloudflare::{
    CreatedStreamKey, ImageDetails, ImagesSigningKey, StreamKeyInfo, VideoDetails,
};
use crate::secret::Secret;

/// How `ensureSigningKey` got its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnsureAction {
    /// It existed and `adopt` was set: nothing was changed.
    Adopted,
    /// It did not exist: it was created.
    Created,
}

impl EnsureAction {
    /// `adopted` or `created`.
    pub fn as_str(self) -> &'static str {
        match self {
            EnsureAction::Adopted => "adopted",
            EnsureAction::Created => "created",
        }
    }
}

/// What removing a signing key did.
#[derive(Clone, Debug)]
pub enum Removal {
    /// `delete: false`: the key stays at Cloudflare.
    Kept,
    /// No key had that name.
    AlreadyGone,
    /// Deleted; the keys left (a new `default` if it was the last one).
    Deleted {
        /// The keys the account still holds.
        remaining: Vec<ImagesSigningKey>,
    },
}

/// The result of an operation. Secrets stay [`Secret`]s.
#[derive(Clone, Debug)]
pub enum Answer {
    /// `setVisibility`: the visibility the server reports.
    Visibility(Option<String>),
    /// `upload` / `uploadFromUrl`: the CDN's upload result object.
    Uploaded(Value),
    /// Images signing keys listed, or what is left after a delete.
    ImagesKeys(Vec<ImagesSigningKey>),
    /// An Images signing key created or rotated.
    ImagesKey(ImagesSigningKey),
    /// `ensureSigningKey`.
    Ensured {
        /// The signing key now in use.
        key: ImagesSigningKey,
        /// Whether it was adopted or created.
        action: EnsureAction,
    },
    /// The removal side of `ensureSigningKey`.
    Removed(Removal),
    /// An image's details (also after changing `requireSignedURLs`).
    Image(ImageDetails),
    /// A Stream signing key just created (its only showing of the key).
    StreamKey(CreatedStreamKey),
    /// Stream signing keys listed (no key material).
    StreamKeys(Vec<StreamKeyInfo>),
    /// A Stream key revoked: the id Cloudflare reports.
    StreamKeyRevoked(Option<String>),
    /// A video's details (also after changing `requireSignedURLs`).
    Video(VideoDetails),
    /// A token from Stream's `/token` endpoint.
    StreamToken(Secret),
}
