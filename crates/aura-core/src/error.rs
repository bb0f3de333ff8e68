//! The one error type of the core. Every variant has a stable string `code`
//! that every language binding exposes unchanged.
//!
//! Messages never contain secret or key material: they name the field and the
//! rule that failed, never the value of a secret.

use std::fmt;

/// Every failure the core can report. Exhaustive on purpose: bindings map it
/// with one `match` and no wildcard arm, so a new variant breaks their build.
#[derive(Clone, PartialEq, Eq)]
pub enum AuraError {
    /// An argument is outside the API contract (bad number, empty secret, bad URL…).
    InvalidInput(String),
    /// A token or URL cannot be parsed (bad base64url, bad JSON, wrong shape).
    Malformed(String),
    /// No trusted key or secret produced the token's signature.
    BadSignature,
    /// The token or URL is past its expiry.
    Expired,
    /// The token's `nbf` is in the future.
    NotYetValid,
    /// The token names a key id that is not trusted (never added, or revoked).
    UnknownKid,
    /// The header `kid` and the claims `kid` disagree.
    KidMismatch,
    /// The token's algorithm is not allowed for this verifier (`none`, HS256 confusion…).
    AlgNotAllowed(String),
    /// The token's `sub` is not the expected video id.
    SubMismatch,
    /// A download was requested but the token is not `downloadable: true`.
    NotDownloadable,
    /// The viewer is blocked by one of the token's access rules.
    AccessDenied {
        /// Which rule refused, as each verifier numbers its rules (Stream: the index
        /// into `accessRules`; Bunny: a `RULE_*` constant; CloudFront: `0`, `IpAddress`).
        rule_index: usize,
    },
    /// A public key was given where a private key is needed.
    NotAPrivateKey,
    /// Key text that is not a key in any accepted format.
    InvalidKey(String),
    /// A key of another type (EC, Ed25519…) where an RSA key is needed, or vice versa.
    UnsupportedKeyType(String),
    /// An RSA key under 2048 bits.
    KeyTooSmall {
        /// The key's modulus size in bits.
        bits: usize,
    },
    /// An upload token without `projectName`, verified through a per-project resolver.
    MissingProjectName,
    /// A valid serve token for another project or image.
    WrongImage,
    /// A Cloudflare Images flexible variant (`w=400,…`), which private images never serve.
    FlexibleVariantNotSignable,
    /// A Stream token lifetime above 24 h without the explicit opt-in.
    LifetimeTooLong {
        /// The requested lifetime in seconds.
        seconds: i64,
    },
    /// The remote service answered with an error status.
    RemoteError {
        /// The HTTP status of the answer (may be 2xx for a `success: false` envelope).
        status: u16,
        /// The service's error text: Cloudflare's `code: message` pairs, the AuraImage SDK's
        /// message, or `HTTP {status}` when the body names no error.
        message: String,
    },
    /// The remote service answered 2xx with a body that is not what the API documents.
    InvalidResponse(String),
    /// A key ring operation named a key id the ring does not hold.
    KeyNotFound(String),
    /// `uploadFromUrl` failed: the SDK's `UploadFromUrlError` (auraimage.md §8)
    /// with its `kind`, the source `url` and, for a remote non-2xx answer or a
    /// refused upload, the HTTP `status`.
    UploadFromUrl {
        /// The SDK's `kind`: which step failed.
        kind: UploadFromUrlKind,
        /// The source URL, as given.
        url: String,
        /// The HTTP status of a non-2xx source answer or of a refused upload.
        status: Option<u16>,
        /// The SDK's message text.
        message: String,
    },
    /// A bug: a panic caught at a language boundary. Please report it.
    Internal(String),
}

impl AuraError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            AuraError::InvalidInput(_) => "invalid_input",
            AuraError::Malformed(_) => "malformed",
            AuraError::BadSignature => "bad_signature",
            AuraError::Expired => "expired",
            AuraError::NotYetValid => "not_yet_valid",
            AuraError::UnknownKid => "unknown_kid",
            AuraError::KidMismatch => "kid_mismatch",
            AuraError::AlgNotAllowed(_) => "alg_not_allowed",
            AuraError::SubMismatch => "sub_mismatch",
            AuraError::NotDownloadable => "not_downloadable",
            AuraError::AccessDenied { .. } => "access_denied",
            AuraError::NotAPrivateKey => "not_a_private_key",
            AuraError::InvalidKey(_) => "invalid_key",
            AuraError::UnsupportedKeyType(_) => "unsupported_key_type",
            AuraError::KeyTooSmall { .. } => "key_too_small",
            AuraError::MissingProjectName => "missing_project_name",
            AuraError::WrongImage => "wrong_image",
            AuraError::FlexibleVariantNotSignable => "flexible_variant_not_signable",
            AuraError::LifetimeTooLong { .. } => "lifetime_too_long",
            AuraError::RemoteError { .. } => "remote_error",
            AuraError::InvalidResponse(_) => "invalid_response",
            AuraError::KeyNotFound(_) => "key_not_found",
            AuraError::UploadFromUrl { .. } => "upload_from_url",
            AuraError::Internal(_) => "internal",
        }
    }

    /// Human-readable explanation, without the code.
    pub fn message(&self) -> String {
        match self {
            AuraError::InvalidInput(m) => m.clone(),
            AuraError::Malformed(m) => m.clone(),
            AuraError::BadSignature => "signature does not match any trusted key".into(),
            AuraError::Expired => "token has expired".into(),
            AuraError::NotYetValid => "token is not valid yet (nbf is in the future)".into(),
            AuraError::UnknownKid => "token names a key id that is not trusted".into(),
            AuraError::KidMismatch => "header kid and claims kid differ".into(),
            AuraError::AlgNotAllowed(alg) => format!("algorithm {alg:?} is not allowed"),
            AuraError::SubMismatch => "token is for another video (sub mismatch)".into(),
            AuraError::NotDownloadable => "token does not allow downloads".into(),
            AuraError::AccessDenied { rule_index } => {
                format!("viewer blocked by access rule {rule_index}")
            }
            AuraError::NotAPrivateKey => "a public key was given where a private key is needed".into(),
            AuraError::InvalidKey(m) => m.clone(),
            AuraError::UnsupportedKeyType(m) => m.clone(),
            AuraError::KeyTooSmall { bits } => format!("RSA key of {bits} bits; at least 2048 are required"),
            AuraError::MissingProjectName => {
                "token payload has no projectName; re-sign it with a current SDK".into()
            }
            AuraError::WrongImage => "token is for another project or image".into(),
            AuraError::FlexibleVariantNotSignable => {
                "flexible variants (w=…,h=…) are never served for images that require signed URLs; use a named variant".into()
            }
            AuraError::LifetimeTooLong { seconds } => format!(
                "token lifetime of {seconds} s exceeds Cloudflare's documented 24 h; pass allow_long_lifetime to opt in"
            ),
            AuraError::RemoteError { message, .. } => message.clone(),
            AuraError::InvalidResponse(m) => m.clone(),
            AuraError::KeyNotFound(id) => format!("no key with id {id:?} in the key ring"),
            AuraError::UploadFromUrl { message, .. } => message.clone(),
            AuraError::Internal(m) => format!("internal error (please report): {m}"),
        }
    }
}

/// Every code, each exactly once, in declaration order.
pub fn all_error_codes() -> &'static [&'static str] {
    &[
        "invalid_input",
        "malformed",
        "bad_signature",
        "expired",
        "not_yet_valid",
        "unknown_kid",
        "kid_mismatch",
        "alg_not_allowed",
        "sub_mismatch",
        "not_downloadable",
        "access_denied",
        "not_a_private_key",
        "invalid_key",
        "unsupported_key_type",
        "key_too_small",
        "missing_project_name",
        "wrong_image",
        "flexible_variant_not_signable",
        "lifetime_too_long",
        "remote_error",
        "invalid_response",
        "key_not_found",
        "upload_from_url",
        "internal",
    ]
}

impl fmt::Display for AuraError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code(), self.message())
    }
}

impl fmt::Debug for AuraError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuraError({}: {})", self.code(), self.message())
    }
}

impl std::error::Error for AuraError {}

/// `UploadFromUrlError#kind` (auraimage.md §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl UploadFromUrlKind {
    /// The SDK's string: `fetch`, `content-type`, `size`, `upload`, `invalid-name`.
    pub fn as_str(self) -> &'static str {
        match self {
            UploadFromUrlKind::Fetch => "fetch",
            UploadFromUrlKind::ContentType => "content-type",
            UploadFromUrlKind::Size => "size",
            UploadFromUrlKind::Upload => "upload",
            UploadFromUrlKind::InvalidName => "invalid-name",
        }
    }
}

/// The core's result type: every fallible function fails with [`AuraError`].
pub type Result<T> = std::result::Result<T, AuraError>;

pub(crate) fn invalid(msg: impl Into<String>) -> AuraError {
    AuraError::InvalidInput(msg.into())
}

pub(crate) fn malformed(msg: impl Into<String>) -> AuraError {
    AuraError::Malformed(msg.into())
}

/// One value of every variant, in `all_error_codes()` order. Bindings use it
/// to prove their exhaustive mapping covers every code.
pub fn error_examples() -> Vec<AuraError> {
    vec![
        AuraError::InvalidInput("x".into()),
        AuraError::Malformed("x".into()),
        AuraError::BadSignature,
        AuraError::Expired,
        AuraError::NotYetValid,
        AuraError::UnknownKid,
        AuraError::KidMismatch,
        AuraError::AlgNotAllowed("none".into()),
        AuraError::SubMismatch,
        AuraError::NotDownloadable,
        AuraError::AccessDenied { rule_index: 0 },
        AuraError::NotAPrivateKey,
        AuraError::InvalidKey("x".into()),
        AuraError::UnsupportedKeyType("x".into()),
        AuraError::KeyTooSmall { bits: 1024 },
        AuraError::MissingProjectName,
        AuraError::WrongImage,
        AuraError::FlexibleVariantNotSignable,
        AuraError::LifetimeTooLong { seconds: 90000 },
        AuraError::RemoteError {
            status: 500,
            message: "x".into(),
        },
        AuraError::InvalidResponse("x".into()),
        AuraError::KeyNotFound("k".into()),
        AuraError::UploadFromUrl {
            kind: UploadFromUrlKind::Fetch,
            url: "https://example.com/x.jpg".into(),
            status: Some(404),
            message: "x".into(),
        },
        AuraError::Internal("x".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_of_each() -> Vec<AuraError> {
        error_examples()
    }

    #[test]
    fn every_variant_is_listed_exactly_once() {
        let codes: Vec<&str> = one_of_each().iter().map(|e| e.code()).collect();
        assert_eq!(codes, all_error_codes());
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len(), "duplicate code");
    }

    #[test]
    fn display_carries_code() {
        for e in one_of_each() {
            assert!(e.to_string().starts_with(&format!("[{}] ", e.code())));
        }
    }
}
