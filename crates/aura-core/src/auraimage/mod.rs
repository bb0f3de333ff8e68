//! AuraImage (`@auraimage/sdk`, newest version): upload tokens, serve tokens,
//! signed URLs, URL builders, the setVisibility request, and verifiers.
//! Byte-level reference: `shared/reference/auraimage.md`.

mod claims;
mod client;
mod dialect;
mod envelope;
mod from_url;
mod numbers;
mod serve;
mod serve_path;
mod size;
mod upload;
mod upload_request;
mod urls;
mod verify;
mod visibility;

pub use claims::{ServeClaims, UploadClaims};
pub use client::AuraImage;
pub use dialect::Dialect;
pub use envelope::{sign_serve_token, sign_upload_token, split_token, TokenParts};
pub(crate) use from_url::FromUrlPlan;
pub use from_url::{derive_name_from_url, UploadFromUrlOptions, DEFAULT_FETCH_TIMEOUT_MS};
pub use numbers::MAX_SAFE_INTEGER;
pub use serve::{serve_lifetime, MAX_SERVE_TTL_SEC, MIN_SERVE_TTL_SEC};
pub use serve_path::{
    check_name, image_path, is_reserved_project, is_valid_project_name, parse_serve_path,
    strip_known_extension, ServePath, KNOWN_EXTENSIONS, MAX_NAME_BYTES, RESERVED_PROJECTS,
};
pub use size::{parse_size, parse_size_js, SizeInput};
pub use upload::{UploadOptions, DEFAULT_MAX_SIZE, DEFAULT_UPLOAD_EXPIRES_IN};
pub use upload_request::parse_upload_response;
pub use urls::{
    build_blurhash_url, build_serve_url, BlurhashUrlOptions, Fit, QueryVersion, ServeUrlOptions,
};
pub use verify::{
    upload_token_project_name, verify_serve_token, verify_upload_token,
    verify_upload_token_resolved, verify_upload_token_with_resolver, ExpectedImage,
    ServeTokenVerifier, UploadTokenVerifier,
};
pub use visibility::{parse_set_visibility_response, HttpRequest, Visibility};

pub(crate) use envelope::signature_b64;
pub(crate) use verify::{check_exp, check_serve_payload, check_signature};
