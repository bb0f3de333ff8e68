//! Key generation and rotation: AuraImage-style secrets, Stream keys in
//! Cloudflare's exact shapes, and a key ring that rotates without breaking
//! live URLs. Randomness is injected (`RandomSource`) so tests are deterministic.

mod keyring;
mod random;
mod secrets;
mod stream_keys;

pub use keyring::{KeyRing, KeyState};
pub use random::{OsRandom, RandomSource};
pub use secrets::{generate_key_id, generate_secret, SecretKind};
pub use stream_keys::{export_cloudflare_shapes, generate_stream_key, CloudflareStreamKey};
