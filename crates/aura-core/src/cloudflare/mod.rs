//! Cloudflare's REST API for signed delivery, as data (sans-IO): every call is
//! a request builder (`xxx_request(&Api, …) -> Result<Request>`) and a
//! response parser (`parse_xxx(status, body) -> Result<T>`) on top of
//! [`crate::http::parse_v4_envelope`]. A host (`aura-client`, a binding) sends
//! the bytes and loops on [`crate::http::next_attempt`].
//!
//! Reference: `shared/reference/cloudflare.md` §1.6 (Images signing keys),
//! §1.5 (making an image private), §2.3 (Stream signing keys), §2.4 (`/token`),
//! seed 003 (`POST /stream/{uid}` with `{"uid","requireSignedURLs"}`), §7
//! (the OpenAPI document the tests run against).
//!
//! - Credentials live in [`Auth`]; signing-key values, PEMs, JWKs and tokens
//!   are [`crate::Secret`]s: no `Debug` output, no error message carries them.
//! - A non-2xx status or `success: false` is `remote_error` with the status
//!   and Cloudflare's `code: message` pairs; a 2xx body the docs do not
//!   describe is `invalid_response`.
//! - [`ensure`] decides `ensureSigningKey` without I/O: adopt an existing key
//!   instead of rotating it, refuse to rotate a live key silently, keep a key
//!   on removal when `delete: false` (seed 000).

pub mod api;
pub mod auth;
pub mod ensure;
pub mod images;
pub mod images_keys;
pub mod stream_keys;
pub mod stream_videos;

pub use api::{Api, DEFAULT_BASE_URL};
pub use auth::Auth;
pub use ensure::{decide_ensure, decide_removal, EnsureDecision, EnsureOptions, RemovalDecision};
pub use images::{
    image_details_request, parse_image_details, parse_set_image_require_signed_urls,
    set_image_require_signed_urls_request, ImageDetails,
};
pub use images_keys::{
    create_images_key_request, delete_images_key_request, list_images_keys_request,
    parse_delete_images_key, parse_list_images_keys, parse_put_images_key,
    rotate_images_key_request, validate_images_key_name, ImagesSigningKey,
};
pub use stream_keys::{
    create_stream_key_request, list_stream_keys_request, parse_create_stream_key,
    parse_list_stream_keys, parse_revoke_stream_key, revoke_stream_key_request, CreatedStreamKey,
    StreamKeyInfo,
};
pub use stream_videos::{
    parse_set_video_require_signed_urls, parse_stream_token, parse_video_details,
    set_video_require_signed_urls_request, stream_token_request, video_details_request,
    StreamTokenRequest, VideoDetails,
};

use crate::error::AuraError;

/// Cloudflare's numeric error codes in a `remote_error` built by
/// [`crate::http::parse_v4_envelope`] (`"5404: Key not found; 10000: …"`), in
/// order; empty for any other error.
pub fn error_codes(err: &AuraError) -> Vec<i64> {
    let AuraError::RemoteError { message, .. } = err else {
        return Vec::new();
    };
    message
        .split("; ")
        .filter_map(|part| {
            let (code, _) = part.split_once(':').unwrap_or((part, ""));
            code.trim().parse::<i64>().ok()
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::{Api, Auth};

    pub const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

    pub fn api() -> Api {
        Api::new(ACCOUNT, Auth::api_token("tok-SECRET-MARK").unwrap()).unwrap()
    }

    pub fn legacy_api() -> Api {
        Api::new(
            ACCOUNT,
            Auth::legacy("ops@example.com", "key-SECRET-MARK").unwrap(),
        )
        .unwrap()
        .with_base_url("http://127.0.0.1:4010/")
        .unwrap()
    }

    pub fn bearer() -> (String, String) {
        ("Authorization".into(), "Bearer tok-SECRET-MARK".into())
    }

    pub fn json_ct() -> (String, String) {
        ("Content-Type".into(), "application/json".into())
    }

    /// `{"success":true,"errors":[],"messages":[],"result":<result>}`.
    pub fn ok(result: &str) -> Vec<u8> {
        format!(r#"{{"success":true,"errors":[],"messages":[],"result":{result}}}"#).into_bytes()
    }

    pub fn failure(code: i64, message: &str) -> Vec<u8> {
        format!(
            r#"{{"success":false,"errors":[{{"code":{code},"message":"{message}"}}],"messages":[],"result":null}}"#
        )
        .into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::parse_v4_envelope;

    #[test]
    fn error_codes_of_a_remote_error() {
        let body = br#"{"success":false,"errors":[{"code":5403,"message":"not enabled"},{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#;
        let err = parse_v4_envelope(403, body).unwrap_err();
        assert_eq!(error_codes(&err), vec![5403, 10000]);
        assert!(error_codes(&parse_v4_envelope(502, b"<html>").unwrap_err()).is_empty());
        assert!(error_codes(&AuraError::InvalidResponse("5404: x".into())).is_empty());
    }
}
