//! # aura-core
//!
//! One signing core for private media: AuraImage upload/serve tokens,
//! Cloudflare Images signed URLs, Cloudflare Stream RS256 tokens, AWS
//! CloudFront signed URLs and cookies ([`cloudfront`]), Bunny CDN token
//! authentication ([`bunny`]), Akamai EdgeAuth tokens ([`akamai`]), imgix
//! signed URLs and srcsets ([`imgix`]), Mux signed playback, DRM-license and
//! viewer-count tokens ([`mux`]), Google Cloud CDN and Media CDN signed URLs,
//! cookies and tokens ([`google_cdn`]), general JWT, and key management.
//! Pure Rust: no I/O, no clock (every call takes `now`, Unix seconds), no FFI.
//!
//! ## Conformance
//! For any input, the reference implementation's bytes or a typed
//! [`AuraError`]; never other bytes. Verifiers never accept what the
//! reference rejects.
//!
//! ## Where Aura is deliberately stricter than the reference
//! The AuraImage SDK's verifiers run on JavaScript's `atob`, `TextDecoder` and
//! `<` coercion. Aura rejects, with the code in brackets:
//! - a signature or payload that is not canonical base64url without padding:
//!   spaces or newlines inside, `=` padding, the standard alphabet `+`/`/`,
//!   non-zero unused trailing bits (`malformed`);
//! - a payload that is not UTF-8, starts with a BOM, or is not a JSON object
//!   (numbers, arrays, `null`) (`malformed`);
//! - a missing, `null`, string or otherwise non-numeric `exp` (`malformed`);
//!   the SDK accepts a missing or non-numeric `exp` forever;
//! - a signature that does not decode: the SDK throws, Aura returns `malformed`;
//! - numbers beyond the f64 range in a payload (JS reads `1e400` as Infinity).
//!
//! Typed signing APIs reject with `invalid_input`: non-finite or negative
//! numbers, fractional byte counts, numbers above 2^53, unknown `fit` values,
//! CDN URLs without an http(s) scheme and host, visibilities other than
//! `public`/`private`.
//!
//! Cloudflare Images verification: valid while `now <= exp`; the signature
//! must be over the account path (`/<hash>/<id>/<variant>?…`), as the edge
//! accepts it, also for custom-domain URLs.

#![warn(missing_docs)]

pub mod akamai;
pub mod auraimage;
pub mod bunny;
pub mod cloudflare;
pub mod cloudfront;
pub mod encoding;
pub mod error;
pub mod exchange;
pub mod google_cdn;
pub mod http;
pub mod images;
pub mod imgix;
pub mod inspect;
pub mod js;
pub mod jws;
pub mod jwt;
pub mod keys;
pub mod mac;
mod members;
pub mod mux;
mod parallel;
pub mod pem;
pub mod secret;
pub mod stream;
mod wildcard;

pub use error::{all_error_codes, error_examples, AuraError, Result, UploadFromUrlKind};
pub use secret::Secret;
