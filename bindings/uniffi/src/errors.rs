//! The one mapping from core errors to the uniffi error enum. Kotlin sees a
//! sealed `AuraException` hierarchy, Swift an `Error` enum; every variant
//! carries the core's `code` and a `detail` message.

use aura_core::AuraError;
use std::fmt;

#[derive(Debug, uniffi::Error)]
pub enum AuraException {
    InvalidInput {
        code: String,
        detail: String,
    },
    Malformed {
        code: String,
        detail: String,
    },
    BadSignature {
        code: String,
        detail: String,
    },
    Expired {
        code: String,
        detail: String,
    },
    NotYetValid {
        code: String,
        detail: String,
    },
    UnknownKid {
        code: String,
        detail: String,
    },
    KidMismatch {
        code: String,
        detail: String,
    },
    AlgNotAllowed {
        code: String,
        detail: String,
    },
    SubMismatch {
        code: String,
        detail: String,
    },
    NotDownloadable {
        code: String,
        detail: String,
    },
    /// `rule_index`: which rule refused the viewer (Stream: the access
    /// rule's index; Akamai: 0 ip, 1 acl; Bunny: 0 path, 1 countries
    /// allowed, 2 countries blocked).
    AccessDenied {
        code: String,
        detail: String,
        rule_index: u32,
    },
    NotAPrivateKey {
        code: String,
        detail: String,
    },
    InvalidKey {
        code: String,
        detail: String,
    },
    UnsupportedKeyType {
        code: String,
        detail: String,
    },
    KeyTooSmall {
        code: String,
        detail: String,
    },
    MissingProjectName {
        code: String,
        detail: String,
    },
    WrongImage {
        code: String,
        detail: String,
    },
    FlexibleVariantNotSignable {
        code: String,
        detail: String,
    },
    LifetimeTooLong {
        code: String,
        detail: String,
    },
    /// The remote service answered an error: `status` (0 when no answer
    /// arrived) and Cloudflare's numeric error codes, in order (also in
    /// `detail` as `code: message` pairs).
    RemoteError {
        code: String,
        detail: String,
        status: u16,
        codes: Vec<i64>,
    },
    InvalidResponse {
        code: String,
        detail: String,
    },
    KeyNotFound {
        code: String,
        detail: String,
    },
    /// `uploadFromUrl`'s `UploadFromUrlError`: `kind` is `fetch`,
    /// `content-type`, `size`, `upload` or `invalid-name`.
    UploadFromUrl {
        code: String,
        detail: String,
        kind: String,
        url: String,
        status: Option<u16>,
    },
    Internal {
        code: String,
        detail: String,
    },
}

impl From<AuraError> for AuraException {
    fn from(e: AuraError) -> Self {
        let (code, detail) = (e.code().to_string(), e.message());
        match e {
            AuraError::InvalidInput(_) => AuraException::InvalidInput { code, detail },
            AuraError::Malformed(_) => AuraException::Malformed { code, detail },
            AuraError::BadSignature => AuraException::BadSignature { code, detail },
            AuraError::Expired => AuraException::Expired { code, detail },
            AuraError::NotYetValid => AuraException::NotYetValid { code, detail },
            AuraError::UnknownKid => AuraException::UnknownKid { code, detail },
            AuraError::KidMismatch => AuraException::KidMismatch { code, detail },
            AuraError::AlgNotAllowed(_) => AuraException::AlgNotAllowed { code, detail },
            AuraError::SubMismatch => AuraException::SubMismatch { code, detail },
            AuraError::NotDownloadable => AuraException::NotDownloadable { code, detail },
            AuraError::AccessDenied { rule_index } => AuraException::AccessDenied {
                code,
                detail,
                rule_index: u32::try_from(rule_index).unwrap_or(u32::MAX),
            },
            AuraError::NotAPrivateKey => AuraException::NotAPrivateKey { code, detail },
            AuraError::InvalidKey(_) => AuraException::InvalidKey { code, detail },
            AuraError::UnsupportedKeyType(_) => AuraException::UnsupportedKeyType { code, detail },
            AuraError::KeyTooSmall { .. } => AuraException::KeyTooSmall { code, detail },
            AuraError::MissingProjectName => AuraException::MissingProjectName { code, detail },
            AuraError::WrongImage => AuraException::WrongImage { code, detail },
            AuraError::FlexibleVariantNotSignable => {
                AuraException::FlexibleVariantNotSignable { code, detail }
            }
            AuraError::LifetimeTooLong { .. } => AuraException::LifetimeTooLong { code, detail },
            AuraError::RemoteError { status, .. } => AuraException::RemoteError {
                codes: aura_core::cloudflare::error_codes(&e),
                code,
                detail,
                status,
            },
            AuraError::InvalidResponse(_) => AuraException::InvalidResponse { code, detail },
            AuraError::KeyNotFound(_) => AuraException::KeyNotFound { code, detail },
            AuraError::UploadFromUrl {
                kind, url, status, ..
            } => AuraException::UploadFromUrl {
                code,
                detail,
                kind: kind.as_str().to_string(),
                url,
                status,
            },
            AuraError::Internal(_) => AuraException::Internal { code, detail },
        }
    }
}

impl fmt::Display for AuraException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for AuraException {}

pub type Result<T> = std::result::Result<T, AuraException>;

/// Runs `f`; core errors and panics (as `internal`) become `AuraException`.
/// `now` from Kotlin/Swift (`Long`/`Int64`), by the rule every language
/// applies: |now| <= 2^53-1, else `invalid_input` (never a silent wrap).
pub fn now(value: i64) -> Result<i64> {
    aura_core::js::time::unix_seconds_i64(value).map_err(AuraException::from)
}

pub fn guard<T>(f: impl FnOnce() -> aura_core::Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(AuraException::from),
        Err(_) => {
            Err(AuraError::Internal("a panic was caught at the uniffi boundary".into()).into())
        }
    }
}

#[uniffi::export]
pub fn all_error_codes() -> Vec<String> {
    aura_core::all_error_codes()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// Throws the core's example of the `index`-th error (coverage tests).
#[uniffi::export]
pub fn throw_error_example(index: u32) -> Result<()> {
    let e = aura_core::error_examples().into_iter().nth(index as usize);
    Err(e
        .unwrap_or(AuraError::InvalidInput("no such example".into()))
        .into())
}
