//! The one mapping from core errors to the uniffi error enum. Kotlin sees a
//! sealed `AuraException` hierarchy, Swift an `Error` enum; every variant
//! carries the core's `code` and a `detail` message.

use aura_core::AuraError;

/// `UploadFromUrlError#kind`: which step of `uploadFromUrl` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum UploadFromUrlKind {
    /// The source could not be fetched, or answered non-2xx.
    Fetch,
    /// The source's `Content-Type` does not start with `image/`.
    ContentType,
    /// The source is larger than `maxSize`.
    Size,
    /// The CDN refused the upload.
    Upload,
    /// No name was given and none can be derived from the URL.
    InvalidName,
}

impl From<aura_core::error::UploadFromUrlKind> for UploadFromUrlKind {
    fn from(k: aura_core::error::UploadFromUrlKind) -> Self {
        use aura_core::error::UploadFromUrlKind as K;
        match k {
            K::Fetch => UploadFromUrlKind::Fetch,
            K::ContentType => UploadFromUrlKind::ContentType,
            K::Size => UploadFromUrlKind::Size,
            K::Upload => UploadFromUrlKind::Upload,
            K::InvalidName => UploadFromUrlKind::InvalidName,
        }
    }
}
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
    /// `uploadFromUrl`'s `UploadFromUrlError`: which step failed, the
    /// source URL, and the HTTP status when there was one.
    UploadFromUrl {
        code: String,
        detail: String,
        kind: UploadFromUrlKind,
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
                kind: kind.into(),
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

/// `now` from Kotlin/Swift (`Long`/`Int64`), by the rule every language
/// applies: |now| <= 2^53-1, else `invalid_input` (never a silent wrap).
/// In `guard`: entry points call it before their own `guard`.
pub fn now(value: i64) -> Result<i64> {
    guard(|| aura_core::js::time::unix_seconds_i64(value))
}

/// Runs `f`; core errors and panics (as `internal`) become `AuraException`.
/// uniffi would catch a panic too, but as its own `InternalException`
/// (Kotlin) / `UniffiInternalError` (Swift), not `AuraException.Internal`.
/// The panic's message is not kept (it could quote an argument).
/// `tests/guarded.rs` checks that every exported body goes through here.
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
    guard(|| {
        let e = aura_core::error_examples().into_iter().nth(index as usize);
        Err(e.unwrap_or(AuraError::InvalidInput("no such example".into())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKER: &str = "sk_live_PANIC_MARKER_MUST_NOT_SHOW";

    #[test]
    fn a_panic_is_aura_exception_internal() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {})); // keep the test output quiet
        let caught = guard::<u32>(|| panic!("{MARKER}"));
        let caught_str = guard::<()>(|| std::panic::panic_any(MARKER));
        std::panic::set_hook(prev);
        for e in [caught.map(|_| ()), caught_str] {
            let e = e.expect_err("a panic is an error");
            match &e {
                AuraException::Internal { code, detail } => {
                    assert_eq!(code, "internal");
                    assert!(detail.contains("panic was caught"), "{detail}");
                }
                other => panic!("not Internal: {other:?}"),
            }
            for shown in [e.to_string(), format!("{e:?}")] {
                assert!(!shown.contains(MARKER), "{shown}");
            }
        }
    }

    #[test]
    fn guard_passes_values_and_core_errors_through() {
        assert_eq!(guard(|| Ok(7)).ok(), Some(7));
        let e = guard::<()>(|| Err(AuraError::BadSignature)).unwrap_err();
        assert!(
            matches!(e, AuraException::BadSignature { ref code, .. } if code == "bad_signature")
        );
        assert_eq!(now(1_700_000_000).ok(), Some(1_700_000_000));
        assert!(matches!(
            now(i64::MAX),
            Err(AuraException::InvalidInput { .. })
        ));
        assert!(matches!(
            throw_error_example(u32::MAX),
            Err(AuraException::InvalidInput { .. })
        ));
    }
}
