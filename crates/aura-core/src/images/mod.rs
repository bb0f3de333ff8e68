//! Cloudflare Images signed delivery URLs (`exp` + HMAC-SHA256 `sig`).
//! Reference: the Worker on Cloudflare's "Serve private images" page
//! (seed 001); byte-level notes in `shared/reference/cloudflare.md` §1.

mod delivery_url;
mod query;
mod sign;
mod verify;

pub use sign::{sign_images_url, ImagesMode, ImagesSigner, SignedImageUrl};
pub use verify::{verify_images_url, ImagesVerifier};

pub(crate) use verify::{check_exp, parse_signed_url};

/// The path prefix of a custom-domain delivery URL.
pub const CUSTOM_DOMAIN_PREFIX: &str = "/cdn-cgi/imagedelivery";
