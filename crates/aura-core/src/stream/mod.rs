//! Cloudflare Stream signed URL tokens: RS256 JWTs from every key format
//! Cloudflare hands out, in each documented producer's exact bytes.
//! Reference: `shared/reference/cloudflare.md` §2, `wire-formats.md` §2.

mod claims;
mod key;
pub(crate) mod key_text;
mod rules;
mod signer;
mod urls;
mod verified;
mod verify;

pub use key::{StreamKey, StreamPublicKey};
pub use rules::{
    evaluate_access_rules, AccessRule, Decision, RuleAction, RuleType, MAX_ACCESS_RULES,
};
pub use signer::{
    StreamSigner, StreamStyle, StreamTokenOptions, DEFAULT_LIFETIME, MAX_DOCUMENTED_LIFETIME,
};
pub use urls::{StreamHost, StreamUrls, ThumbnailFormat};
pub use verified::VerifiedStreamClaims;
pub use verify::{
    parse_viewer_ip, Purpose, StreamVerifier, StreamVerifyOptions, VideoIdCheck, MAX_LEEWAY,
};

pub(crate) use key::validate_key_id;
pub(crate) use verify::{check_claims, token_kid, validity_window};
