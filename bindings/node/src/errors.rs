//! The one mapping from core errors to JS errors: `err.code` is the core's
//! code (napi custom status), `err.message` the core's message. The JS layer
//! turns each code into an `AuraError` subclass (tested to cover them all).
//! Panics are caught at the boundary (`guard`) and become `internal`.

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

#[napi]
pub fn all_error_codes() -> Vec<&'static str> {
    aura_core::all_error_codes().to_vec()
}

/// Throws the core's example of the `index`-th error (coverage test).
#[napi(js_name = "_throwErrorExample")]
pub fn throw_error_example(index: u32) -> Result<()> {
    let examples = aura_core::error_examples();
    let e = examples
        .into_iter()
        .nth(index as usize)
        .ok_or_else(|| invalid("no such example"))?;
    Err(to_js(e))
}
