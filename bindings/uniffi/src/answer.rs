//! What an operation ends with, as native records and enums (no JSON text),
//! and the ONE conversion from the core's `Answer` (exhaustive, no wildcard:
//! a new core variant breaks this build). Secrets stay inside `SecretText`.

use aura_core::cloudflare as cf;
use aura_core::exchange::{self as core, Answer as CoreAnswer};
use serde_json::Value;
use std::sync::Arc;

use crate::cloudflare::StreamKey;
use crate::secret::SecretText;

/// One Images signing key. `value` is secret (printed redacted).
#[derive(uniffi::Record)]
pub struct ImagesSigningKey {
    pub name: String,
    pub value: Arc<SecretText>,
}

/// How `ensureSigningKey` got its key.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnsureAction {
    /// It existed and `adopt` was set: nothing was changed.
    Adopted,
    /// It did not exist: it was created.
    Created,
}

#[derive(uniffi::Record)]
pub struct EnsuredKey {
    pub key: ImagesSigningKey,
    pub action: EnsureAction,
}

/// What removing a signing key did.
#[derive(uniffi::Enum)]
pub enum Removal {
    /// `delete: false`: the key stays at Cloudflare (nothing was sent).
    Kept,
    /// No key had that name.
    AlreadyGone,
    /// Deleted; the keys left (a new `default` if it was the last one).
    Deleted { remaining: Vec<ImagesSigningKey> },
}

/// An image as Cloudflare Images describes it; `raw_json` is the whole `result`.
#[derive(uniffi::Record)]
pub struct ImageDetails {
    pub id: String,
    pub filename: Option<String>,
    pub require_signed_urls: bool,
    pub uploaded: Option<String>,
    pub variants: Vec<String>,
    pub creator: Option<String>,
    pub raw_json: String,
}

/// A video as Cloudflare Stream describes it; `raw_json` is the whole `result`.
#[derive(uniffi::Record)]
pub struct VideoDetails {
    pub uid: String,
    pub require_signed_urls: bool,
    pub ready_to_stream: Option<bool>,
    /// `status.state`: `pendingupload`, `queued`, `inprogress`, `ready`, `error`…
    pub state: Option<String>,
    pub raw_json: String,
}

/// A Stream signing key just created: Cloudflare shows `pem`/`jwk` only
/// once. `key` is loaded (key id = `id`): `StreamSigner(key)` signs with it.
#[derive(uniffi::Record)]
pub struct CreatedStreamKey {
    pub id: String,
    pub created: Option<String>,
    /// Base64 of a PKCS#1 PEM, exactly as received.
    pub pem: Arc<SecretText>,
    /// Base64 of the JWK JSON, exactly as received (when sent).
    pub jwk: Option<Arc<SecretText>>,
    pub key: Arc<StreamKey>,
}

/// A listed Stream key (no key material).
#[derive(uniffi::Record)]
pub struct StreamKeyInfo {
    pub id: String,
    pub created: Option<String>,
    pub key_id: Option<String>,
}

/// The CDN's upload answer (`url, name, blurhash, width, height, format,
/// size, visibility`, each absent when the server did not send it as that
/// type); `raw_json` is the whole object.
#[derive(uniffi::Record)]
pub struct UploadResult {
    pub url: Option<String>,
    pub name: Option<String>,
    pub blurhash: Option<String>,
    pub width: Option<u64>,
    pub height: Option<u64>,
    pub format: Option<String>,
    pub size: Option<u64>,
    pub visibility: Option<String>,
    pub raw_json: String,
}

/// The result of an operation. Variant names differ from the record names
/// so Kotlin's nested classes never shadow them.
#[derive(uniffi::Enum)]
pub enum Answer {
    /// `setVisibility`: the visibility the server reports.
    VisibilitySet { visibility: Option<String> },
    /// `upload` / `uploadFromUrl`.
    Uploaded { result: UploadResult },
    /// Images signing keys listed, or what is left after a delete.
    ImagesKeyList { keys: Vec<ImagesSigningKey> },
    /// An Images signing key created or rotated.
    ImagesKeyIssued { key: ImagesSigningKey },
    /// `ensureSigningKey`.
    SigningKeyEnsured { ensured: EnsuredKey },
    /// The removal side of `ensureSigningKey`.
    SigningKeyRemoved { removal: Removal },
    /// An image's details (also after changing `requireSignedURLs`).
    ImageInfo { image: ImageDetails },
    /// A Stream signing key just created.
    StreamKeyCreated { key: CreatedStreamKey },
    /// Stream signing keys listed.
    StreamKeyList { keys: Vec<StreamKeyInfo> },
    /// A Stream key revoked: the result text Cloudflare reports (`"ok"`).
    StreamKeyRevoked { result: Option<String> },
    /// A video's details (also after changing `requireSignedURLs`).
    VideoInfo { video: VideoDetails },
    /// A token from Stream's `/token` endpoint (secret).
    StreamTokenIssued { token: Arc<SecretText> },
}

fn images_key(k: cf::ImagesSigningKey) -> ImagesSigningKey {
    ImagesSigningKey {
        name: k.name,
        value: SecretText::wrap(k.value),
    }
}

fn images_keys(keys: Vec<cf::ImagesSigningKey>) -> Vec<ImagesSigningKey> {
    keys.into_iter().map(images_key).collect()
}

fn upload_result(v: Value) -> UploadResult {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
    let number = |k: &str| v.get(k).and_then(Value::as_u64);
    UploadResult {
        url: text("url"),
        name: text("name"),
        blurhash: text("blurhash"),
        width: number("width"),
        height: number("height"),
        format: text("format"),
        size: number("size"),
        visibility: text("visibility"),
        raw_json: v.to_string(),
    }
}

/// The one conversion from the core's answer.
pub(crate) fn answer(a: CoreAnswer) -> Answer {
    match a {
        CoreAnswer::Visibility(visibility) => Answer::VisibilitySet { visibility },
        CoreAnswer::Uploaded(v) => Answer::Uploaded {
            result: upload_result(v),
        },
        CoreAnswer::ImagesKeys(keys) => Answer::ImagesKeyList {
            keys: images_keys(keys),
        },
        CoreAnswer::ImagesKey(k) => Answer::ImagesKeyIssued { key: images_key(k) },
        CoreAnswer::Ensured { key, action } => Answer::SigningKeyEnsured {
            ensured: EnsuredKey {
                key: images_key(key),
                action: match action {
                    core::EnsureAction::Adopted => EnsureAction::Adopted,
                    core::EnsureAction::Created => EnsureAction::Created,
                },
            },
        },
        CoreAnswer::Removed(r) => Answer::SigningKeyRemoved {
            removal: match r {
                core::Removal::Kept => Removal::Kept,
                core::Removal::AlreadyGone => Removal::AlreadyGone,
                core::Removal::Deleted { remaining } => Removal::Deleted {
                    remaining: images_keys(remaining),
                },
            },
        },
        CoreAnswer::Image(i) => Answer::ImageInfo {
            image: ImageDetails {
                id: i.id,
                filename: i.filename,
                require_signed_urls: i.require_signed_urls,
                uploaded: i.uploaded,
                variants: i.variants,
                creator: i.creator,
                raw_json: i.raw.to_string(),
            },
        },
        CoreAnswer::StreamKey(k) => Answer::StreamKeyCreated {
            key: CreatedStreamKey {
                id: k.id,
                created: k.created,
                pem: SecretText::wrap(k.pem),
                jwk: k.jwk.map(SecretText::wrap),
                key: Arc::new(StreamKey { inner: k.key }),
            },
        },
        CoreAnswer::StreamKeys(keys) => Answer::StreamKeyList {
            keys: keys
                .into_iter()
                .map(|k| StreamKeyInfo {
                    id: k.id,
                    created: k.created,
                    key_id: k.key_id,
                })
                .collect(),
        },
        CoreAnswer::StreamKeyRevoked(result) => Answer::StreamKeyRevoked { result },
        CoreAnswer::Video(v) => Answer::VideoInfo {
            video: VideoDetails {
                uid: v.uid,
                require_signed_urls: v.require_signed_urls,
                ready_to_stream: v.ready_to_stream,
                state: v.state,
                raw_json: v.raw.to_string(),
            },
        },
        CoreAnswer::StreamToken(token) => Answer::StreamTokenIssued {
            token: SecretText::wrap(token),
        },
    }
}
