//! Secret text handed across the boundary (Images key values, Stream PEMs
//! and JWKs, tokens from `/token`, credentials). An object, not a string, so
//! a record holding it prints `SecretText(<redacted, N bytes>)` instead of
//! the value (Kotlin data classes and Swift's default description print
//! every field). `expose()` is the one way to read it.

use aura_core::Secret;
use std::fmt;
use std::sync::Arc;

#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct SecretText {
    pub(crate) inner: Secret,
}

impl SecretText {
    pub(crate) fn wrap(inner: Secret) -> Arc<Self> {
        Arc::new(SecretText { inner })
    }
}

#[uniffi::export]
impl SecretText {
    /// Wraps a value you hold (e.g. a Stream key's `pem` for `/token`).
    #[uniffi::constructor]
    pub fn new(value: String) -> Arc<Self> {
        SecretText::wrap(Secret::new(value))
    }

    /// The secret itself. Keep it out of logs.
    pub fn expose(&self) -> String {
        self.inner.expose().to_string()
    }

    pub fn len(&self) -> u64 {
        self.inner.expose().len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

impl fmt::Display for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SecretText(<redacted, {} bytes>)",
            self.inner.expose().len()
        )
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
