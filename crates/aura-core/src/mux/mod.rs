//! Mux signed playback tokens: RS256 JWTs exactly as `@mux/mux-node` 15.3.0
//! (`mux.jwt.signPlaybackId` / `signDrmLicense` / `signViewerCounts`)
//! produces them, from the signing keys Mux hands out, and a verifier.
//! Reference: `shared/reference/mux.md`.
//!
//! Fixed by rule (the reference produces a token, Aura a typed error):
//! an empty playback id (mux-node silently drops `sub`) and type names that
//! are `Object.prototype` members (`toString`, `__proto__`…: mux-node drops
//! or mangles `aud`) are refused with `invalid_input`.

mod claims;
mod expiration;
mod key;
mod signer;
mod types;
mod verify;

pub use expiration::{parse_timespan, Expiration, DEFAULT_EXPIRATION};
pub use key::{MuxPublicKey, MuxSigningKey};
pub use signer::{MultiType, MuxSigner, MuxTokenOptions, MuxTokens};
pub use types::{MuxAudience, PlaybackType, ViewerCountType};
pub use verify::{MuxVerifier, MuxVerifyOptions};
