//! Answering with stored bytes: Content-Type, Cache-Control, ETag and
//! `If-None-Match` (304), `Range` (206/416). Bytes are shared, never copied.

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::meta::StoredVisibility;
use crate::range::{self, RangeAnswer};

/// seed 002 "Caching".
pub fn cache_control(visibility: StoredVisibility) -> HeaderValue {
    match visibility {
        StoredVisibility::Public => HeaderValue::from_static("public, max-age=31536000, immutable"),
        StoredVisibility::Private => HeaderValue::from_static("private, max-age=300"),
    }
}

/// A representation ready to send.
pub struct Representation<'a> {
    /// The whole representation (a range is a slice of it).
    pub bytes: Bytes,
    /// The `Content-Type` value.
    pub content_type: &'a str,
    /// Strong validator, quoted: `"…"`.
    pub etag: &'a str,
    /// The `Cache-Control` value (see [`cache_control`]).
    pub cache_control: HeaderValue,
    /// `Vary: Accept` when the format followed the Accept header.
    pub vary_accept: bool,
}

/// RFC 9110 §13.1.2: weak comparison, `*` matches anything.
fn none_match(request: &HeaderMap, etag: &str) -> bool {
    let Some(value) = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    value
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// Answers `rep` to a request with these headers: 304 when `If-None-Match`
/// matches the ETag, else 200, 206 or 416 per `Range`
/// ([`crate::range::answer`]). Always sends `Cache-Control`, `ETag` and
/// `Accept-Ranges: bytes`.
pub fn send(request: &HeaderMap, rep: Representation<'_>) -> Response {
    let mut builder = Response::builder()
        .header(header::CACHE_CONTROL, rep.cache_control)
        .header(header::ETAG, rep.etag)
        .header(header::ACCEPT_RANGES, "bytes");
    if rep.vary_accept {
        builder = builder.header(header::VARY, "Accept");
    }
    if none_match(request, rep.etag) {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .expect("static headers");
    }
    builder = builder.header(header::CONTENT_TYPE, rep.content_type);
    let len = rep.bytes.len() as u64;
    let range_header = request.get(header::RANGE).and_then(|v| v.to_str().ok());
    match range::answer(range_header, len) {
        RangeAnswer::Full => builder
            .status(StatusCode::OK)
            .header(header::CONTENT_LENGTH, len)
            .body(Body::from(rep.bytes)),
        RangeAnswer::Partial { start, end } => builder
            .status(StatusCode::PARTIAL_CONTENT)
            .header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))
            .header(header::CONTENT_LENGTH, end - start + 1)
            .body(Body::from(rep.bytes.slice(start as usize..=end as usize))),
        RangeAnswer::Unsatisfiable => builder
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .header(header::CONTENT_RANGE, format!("bytes */{len}"))
            .body(Body::empty()),
    }
    .expect("valid headers")
}

/// A stored file of the Cloudflare stand-ins: private caching, ETag from
/// its content.
pub fn send_file(request: &HeaderMap, bytes: Bytes, content_type: &str) -> Response {
    use sha2::{Digest, Sha256};
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&bytes))[..32]);
    send(
        request,
        Representation {
            bytes,
            content_type,
            etag: &etag,
            cache_control: cache_control(StoredVisibility::Private),
            vary_accept: false,
        },
    )
}
