//! The one mapping from core errors to JS errors: `err.code` is the core's
//! code (napi custom status), `err.message` the core's message. The JS layer
//! turns each code into an `AuraError` subclass (tested to cover them all).
//! Panics are caught at the boundary (`guard`) and become `internal`.

use aura_core::cloudflare::error_codes;
use aura_core::AuraError;

/// A custom napi status: the stable error code.
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

pub type Result<T> = std::result::Result<T, napi::Error<Code>>;

pub fn to_js(e: AuraError) -> napi::Error<Code> {
    napi::Error::new(Code(e.code()), e.message())
}

pub fn invalid(msg: impl Into<String>) -> napi::Error<Code> {
    to_js(AuraError::InvalidInput(msg.into()))
}

/// Runs `f`, turning core errors and panics into JS errors.
pub fn guard<T>(f: impl FnOnce() -> aura_core::Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(to_js),
        Err(_) => Err(to_js(AuraError::Internal(
            "a panic was caught at the Node boundary".into(),
        ))),
    }
}

/// Panics inside `guard`, so a test (node/test/panic.test.mjs) can prove a
/// panic reaches JS as `InternalError` (code `internal`) with none of the
/// panic's text. Hidden: `skip_typescript` keeps it out of
/// native/index.d.ts, and node/lib re-exports only what it names.
#[napi(js_name = "_panicForTests", skip_typescript)]
pub fn panic_for_tests() -> Result<()> {
    guard(|| panic!("_panicForTests: a message that must not reach JS"))
}

#[napi]
pub fn all_error_codes() -> Result<Vec<&'static str>> {
    guard(|| Ok(aura_core::all_error_codes().to_vec()))
}

/// Throws the core's example of the `index`-th error (coverage test).
#[napi(js_name = "_throwErrorExample")]
pub fn throw_error_example(index: u32) -> Result<()> {
    guard(|| {
        let e = aura_core::error_examples()
            .into_iter()
            .nth(index as usize)
            .ok_or_else(|| AuraError::InvalidInput("no such example".into()))?;
        Err(e)
    })
}

/// An error as data, for the HTTP exchanges (`exchange.rs`): the code and
/// message, plus the fields two codes carry that a napi error cannot:
/// `upload_from_url` (the SDK's `kind`, `url`, `status`) and `remote_error`
/// (`status`, and Cloudflare's numeric `codes` read by the core).
#[napi(object, object_from_js = false)]
pub struct ErrorData {
    pub code: String,
    pub message: String,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub status: Option<u32>,
    pub codes: Option<Vec<i64>>,
}

/// The one conversion of a core error to data: every variant named, no
/// wildcard arm, so a new variant breaks this build.
pub fn to_data(e: &AuraError) -> ErrorData {
    let (kind, url, status, codes) = match e {
        AuraError::UploadFromUrl {
            kind, url, status, ..
        } => (
            Some(kind.as_str().to_string()),
            Some(url.clone()),
            status.map(u32::from),
            None,
        ),
        AuraError::RemoteError { status, .. } => {
            (None, None, Some(u32::from(*status)), Some(error_codes(e)))
        }
        AuraError::InvalidInput(_)
        | AuraError::Malformed(_)
        | AuraError::BadSignature
        | AuraError::Expired
        | AuraError::NotYetValid
        | AuraError::UnknownKid
        | AuraError::KidMismatch
        | AuraError::AlgNotAllowed(_)
        | AuraError::SubMismatch
        | AuraError::NotDownloadable
        | AuraError::AccessDenied { .. }
        | AuraError::NotAPrivateKey
        | AuraError::InvalidKey(_)
        | AuraError::UnsupportedKeyType(_)
        | AuraError::KeyTooSmall { .. }
        | AuraError::MissingProjectName
        | AuraError::WrongImage
        | AuraError::FlexibleVariantNotSignable
        | AuraError::LifetimeTooLong { .. }
        | AuraError::InvalidResponse(_)
        | AuraError::KeyNotFound(_)
        | AuraError::Internal(_) => (None, None, None, None),
    };
    ErrorData {
        code: e.code().to_string(),
        message: e.message(),
        kind,
        url,
        status,
        codes,
    }
}

/// The core's example of the `index`-th error, as data (coverage test).
#[napi(js_name = "_errorExample")]
pub fn error_example(index: u32) -> Result<ErrorData> {
    guard(|| {
        aura_core::error_examples()
            .get(index as usize)
            .map(to_data)
            .ok_or_else(|| AuraError::InvalidInput("no such example".into()))
    })
}
