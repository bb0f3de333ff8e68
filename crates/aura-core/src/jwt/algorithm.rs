use crate::error::{AuraError, Result};

/// The JWS `alg` values Aura signs and verifies; each is bound to one key type
/// (see [`JwtKey::algorithm`](super::JwtKey::algorithm)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA256 with a shared secret.
    HS256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (an RSA key).
    RS256,
    /// ECDSA on P-256 with SHA-256 (fixed-length `r || s` signatures).
    ES256,
    /// Ed25519.
    EdDSA,
}

impl Algorithm {
    /// The `alg` header value: `HS256`, `RS256`, `ES256` or `EdDSA`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::RS256 => "RS256",
            Algorithm::ES256 => "ES256",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// Exact, case-sensitive names; anything else (`none`, `RS512`…) is `alg_not_allowed`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "HS256" => Ok(Algorithm::HS256),
            "RS256" => Ok(Algorithm::RS256),
            "ES256" => Ok(Algorithm::ES256),
            "EdDSA" => Ok(Algorithm::EdDSA),
            other => Err(AuraError::AlgNotAllowed(other.to_string())),
        }
    }
}
