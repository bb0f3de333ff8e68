//! AWS CloudFront signed URLs and signed cookies: RSA PKCS#1 v1.5 over a
//! JSON policy, in the exact bytes of the newest `@aws-sdk/cloudfront-signer`
//! (`aws-js`, 3.1166.0) or botocore 1.44.8 (`botocore`), and a `default`
//! style that signs exactly the URL it returns; a verifier for both.
//! Reference: `shared/reference/cloudfront.md`; vectors:
//! `tests/vectors/cloudfront.json`.
//!
//! Keys are parsed once ([`CloudFrontKey`], [`CloudFrontPublicKey`]); times are
//! Unix seconds and every call takes `now` (JS `Date` inputs convert with
//! [`epoch_seconds_from_js_millis`]).
//!
//! **RSA-SHA1.** CloudFront's default hash, and the only one botocore uses,
//! is SHA-1. aws-lc-rs (the core's RSA; the `rsa` crate is barred by
//! RUSTSEC-2023-0071) verifies RSA-SHA1 but cannot sign it through its safe
//! API, so SHA-1 key pairs sign through AWS-LC's own `RSA_sign` (module
//! `rsa_sha1`, via `aws-lc-sys`, the C library aws-lc-rs links), which
//! checks each signature against the public key before returning it. SHA-256 key pairs (`Hash-Algorithm=SHA256`,
//! accepted by CloudFront since April 2026) sign through aws-lc-rs. Both are
//! deterministic: the bytes of the references. `prepare_*` builds every byte
//! but the signature, and `finish(signature)` also takes one made elsewhere
//! (an HSM), checking it with the public key before returning anything.
//!
//! ```
//! use aura_core::cloudfront::*;
//! # let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(concat!(
//! #     env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/cloudfront.json")).unwrap()).unwrap();
//! # let pem = file["keys"]["rsa"][0]["pkcs1_pem"].as_str().unwrap(); // a test key
//! let key = CloudFrontKey::from_pem(pem, "K2JCJMDEHXQW5F", HashAlgorithm::Sha256)?;
//! let signer = CloudFrontSigner::new(key.clone(), CloudFrontStyle::Default)?;
//! let now = 1_767_225_600;
//! let signed = signer.sign_url("https://d111111abcdef8.cloudfront.net/My File.pdf", &Conditions::expires_at(now + 3600), now)?;
//! assert!(signed.url.starts_with("https://d111111abcdef8.cloudfront.net/My%20File.pdf?Expires="));
//! let verifier = CloudFrontVerifier::new(vec![key.public_key()])?;
//! verifier.verify_url(&signed.url, &CloudFrontVerifyOptions::new(now))?;
//! # Ok::<(), aura_core::AuraError>(())
//! ```

pub(crate) mod cidr;
mod cookies;
mod dates;
mod default_rules;
mod encoding;
mod js_url;
mod key;
mod policy;
mod rsa_sha1;
mod signer;
mod style;
mod verify;

pub use cookies::{SignedCookies, UnsignedCookies};
pub use dates::epoch_seconds_from_js_millis;
pub use encoding::{cloudfront_b64, cloudfront_b64_decode};
pub use key::{CloudFrontKey, CloudFrontPublicKey, HashAlgorithm};
pub use policy::{build_policy, parse_policy, Conditions, PolicyStatement};
pub use signer::{CloudFrontSigner, SignedUrl, UnsignedUrl};
pub use style::CloudFrontStyle;
pub use verify::{CloudFrontVerifier, CloudFrontVerifyOptions, VerifiedAccess};

#[cfg(test)]
mod tests;
