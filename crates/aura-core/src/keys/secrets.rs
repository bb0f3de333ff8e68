//! AuraImage-style secrets: `sk_live_` / `psk_live_` followed by 32 random
//! bytes as base64url without padding (43 characters).

use super::RandomSource;
use crate::encoding::b64url;
use crate::error::{invalid, Result};
use crate::secret::Secret;

/// Which AuraImage secret to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// `sk_live_…`: signs upload tokens, authorises setVisibility.
    SecretKey,
    /// `psk_live_…`: the per-project serve secret.
    ServeSecret,
}

impl SecretKind {
    /// The text before the random part: `sk_live_` or `psk_live_`.
    pub fn prefix(self) -> &'static str {
        match self {
            SecretKind::SecretKey => "sk_live_",
            SecretKind::ServeSecret => "psk_live_",
        }
    }

    /// Reads `secret_key` or `sk`, `serve_secret` or `psk`; any other text is
    /// `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "secret_key" | "sk" => Ok(SecretKind::SecretKey),
            "serve_secret" | "psk" => Ok(SecretKind::ServeSecret),
            _ => Err(invalid(format!(
                "secret kind must be secret_key or serve_secret, got {s:?}"
            ))),
        }
    }
}

/// A new secret of `kind`: its prefix and 32 bytes from `rng` as base64url
/// without padding.
pub fn generate_secret(kind: SecretKind, rng: &mut dyn RandomSource) -> Result<Secret> {
    let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
    rng.fill(bytes.as_mut())?;
    Ok(Secret::new(format!(
        "{}{}",
        kind.prefix(),
        b64url(bytes.as_ref())
    )))
}

/// A Stream-style key id: 32 lowercase hex digits.
pub fn generate_key_id(rng: &mut dyn RandomSource) -> Result<String> {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_and_determinism() {
        let mut fixed = |b: &mut [u8]| b.fill(0xab);
        let s = generate_secret(SecretKind::ServeSecret, &mut fixed).unwrap();
        assert_eq!(
            s.expose(),
            "psk_live_q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s"
        );
        assert_eq!(generate_key_id(&mut fixed).unwrap(), "ab".repeat(16));
        let a = generate_secret(SecretKind::SecretKey, &mut super::super::OsRandom).unwrap();
        let b = generate_secret(SecretKind::SecretKey, &mut super::super::OsRandom).unwrap();
        assert!(a.expose().starts_with("sk_live_") && a.expose().len() == 8 + 43);
        assert_ne!(a.expose(), b.expose());
    }
}
