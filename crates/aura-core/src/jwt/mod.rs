//! General JWT signing and verification (HS256, RS256, ES256, EdDSA) with
//! keys parsed once. The algorithm is bound to the key type, so a public
//! RSA key can never be used as an HMAC secret (key confusion).

mod algorithm;
mod codec;
mod jwk;
mod key;
mod registered;

pub use algorithm::Algorithm;
pub use codec::{decode, encode, DecodeOptions};
pub use key::JwtKey;
pub use registered::RegisteredClaims;

pub(crate) use codec::{check_signature, check_time_claims};
