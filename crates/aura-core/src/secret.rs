//! A secret string the core owns: zeroized on drop, never printed.

use std::fmt;
use zeroize::Zeroizing;

/// Holds secret text (HMAC secrets, signing keys). `Debug` prints
/// `Secret(<redacted, N bytes>)`; there is no `Display`.
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Takes ownership of the text; it is zeroized when the `Secret` is dropped.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret text. Keep it out of logs and error messages.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.0.len())
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("sk_live_supersecret");
        let shown = format!("{s:?}");
        assert!(!shown.contains("supersecret"));
        assert!(shown.contains("19 bytes"));
    }
}
