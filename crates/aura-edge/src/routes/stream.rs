//! A local stand-in for Cloudflare Stream delivery: `/<token>/manifest/
//! video.m3u8`, `/<token>/manifest/video.mpd`, `/<token>/downloads/
//! default.mp4`, `/<token>/downloads/audio.m4a`, `/<token>/thumbnails/
//! thumbnail.jpg`. The token is checked by the core's Stream verifier (kid,
//! exp, nbf, `downloadable` for downloads, access rules for the viewer's IP
//! and the `CF-IPCountry` header); the file served is
//! `files/stream/<sub>/<rest of the path>`.

use std::net::IpAddr;

use aura_core::stream::{Purpose, StreamVerifier, StreamVerifyOptions, VideoIdCheck};
use axum::response::Response;
use http::{HeaderMap, Uri};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::paths::check_file_segment;
use crate::respond;
use crate::routes::images::refused;
use crate::state::AppState;

/// The delivery files a token may open, and their types.
const FILES: [(&str, &str); 5] = [
    ("manifest/video.m3u8", "application/vnd.apple.mpegurl"),
    ("manifest/video.mpd", "application/dash+xml"),
    ("downloads/default.mp4", "video/mp4"),
    ("downloads/audio.m4a", "audio/mp4"),
    ("thumbnails/thumbnail.jpg", "image/jpeg"),
];

/// `(token, rest)` when the first segment is a compact JWS (`eyJ….….…`):
/// never a project name, which is `^[a-z0-9-]+$`.
pub fn match_path(path: &str) -> Option<(&str, &str)> {
    let (token, rest) = path.strip_prefix('/')?.split_once('/')?;
    (token.starts_with("eyJ") && token.matches('.').count() == 2).then_some((token, rest))
}

/// Answers a Stream token path (`(token, rest)` from [`match_path`]): 404
/// (`not_found`) for a file the module docs do not list, 403 with the core's
/// error code when the token is refused (downloads need `downloadable`;
/// `peer` and `CF-IPCountry` feed the access rules), 400 (`malformed`)
/// without a usable `sub`, 404 when the file is not stored. `uri` is unused.
pub async fn serve(
    st: &AppState,
    verifier: &StreamVerifier,
    (token, rest): (&str, &str),
    peer: Option<IpAddr>,
    uri: &Uri,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    let _ = uri;
    let (file, content_type) = FILES
        .iter()
        .find(|(f, _)| *f == rest)
        .ok_or_else(|| ApiError::not_found().with_code("not_found"))?;
    let mut options = StreamVerifyOptions::new(VideoIdCheck::Any, st.clock.now());
    options.purpose = if file.starts_with("downloads/") {
        Purpose::Download
    } else {
        Purpose::Playback
    };
    options.viewer_ip = peer;
    options.viewer_country = headers.get("cf-ipcountry").and_then(|v| v.to_str().ok());
    let claims = verifier.verify(token, &options).map_err(|e| refused(&e))?;
    let sub = match claims.get("sub") {
        Some(Value::String(s)) if check_file_segment(s) => s.clone(),
        _ => return Err(ApiError::bad_request("Token has no usable sub").with_code("malformed")),
    };
    let bytes = st
        .store
        .get_file(&format!("stream/{sub}/{file}"))
        .await?
        .ok_or_else(|| ApiError::not_found().with_code("not_found"))?;
    Ok(respond::send_file(headers, bytes, content_type))
}
