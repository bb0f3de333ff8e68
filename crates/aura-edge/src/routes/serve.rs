//! `GET`/`HEAD /{project}/{transform?}/{name}[.ext]` and
//! `GET /v1/blurhash/{project}/{name}`: the CDN behaviour table of seed 002.
//!
//! The token binds (project, name, exp) and ignores transforms and any other
//! query parameter. The hot path never leaves this task: a cache lookup, a
//! MAC check and shared bytes.

use std::sync::Arc;

use aura_core::auraimage::ExpectedImage;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{header, HeaderMap, StatusCode, Uri};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::media::transform::OutputFormat;
use crate::media::{self, transform, Format, Transform, TransformError};
use crate::meta::{ImageMeta, StoredVisibility};
use crate::paths::{self, BadName};
use crate::respond::{self, cache_control, Representation};
use crate::routes::meta::{blob, image_meta};
use crate::routes::query_param;
use crate::state::AppState;

fn bad_path(e: BadName) -> ApiError {
    ApiError::bad_request(format!("Invalid image path: {}", e.0))
}

/// seed 002: 403 without a token, 403 with a bad, expired or other-image one.
pub fn authorise(st: &AppState, uri: &Uri, meta: &ImageMeta) -> ApiResult<()> {
    if meta.visibility == StoredVisibility::Public {
        return Ok(());
    }
    let token = query_param(uri.query(), "token").ok_or_else(ApiError::token_required)?;
    let keys = st.keys.load();
    let verifier = keys
        .projects
        .get(&meta.project)
        .and_then(|p| p.serve.as_ref())
        .ok_or_else(ApiError::invalid_signature)?;
    let expected = ExpectedImage {
        project: &meta.project,
        name: &meta.name,
    };
    verifier
        .verify(&token, st.clock.now(), Some(expected))
        .map(|_| ())
        .map_err(|_| ApiError::invalid_signature())
}

async fn find(st: &AppState, project: &str, name: &str) -> ApiResult<Arc<ImageMeta>> {
    if !st.keys.load().projects.contains_key(project) {
        return Err(ApiError::not_found());
    }
    image_meta(st, project, name)
        .await?
        .ok_or_else(ApiError::not_found)
}

fn transform_error(e: TransformError) -> ApiError {
    match e {
        TransformError::BadRequest(m) => ApiError::bad_request(m),
        TransformError::Unsupported(m) => ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, m),
        TransformError::Undecodable => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "The stored image cannot be transformed",
        ),
    }
}

fn quoted(hex: &str) -> String {
    format!("\"{}\"", &hex[..32.min(hex.len())])
}

/// `GET`/`HEAD` of a serve path: 400 for a malformed path or transform, 404
/// for an unknown project or image, 403 as [`authorise`] says, 415 for an
/// output this edge cannot produce or a source it cannot decode; else the
/// original or the transform's output via [`respond::send`] (200, 206, 304
/// or 416).
pub async fn serve_image(st: &AppState, uri: &Uri, headers: &HeaderMap) -> ApiResult<Response> {
    let path = paths::parse_serve_path(uri.path()).map_err(bad_path)?;
    let meta = find(st, &path.project, &path.name).await?;
    authorise(st, uri, &meta)?;
    let t = Transform::parse(path.transform.as_deref(), path.extension.as_deref())
        .map_err(transform_error)?;
    let source = Format::from_extension(&meta.format).unwrap_or(Format::Jpeg);
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let cc = cache_control(meta.visibility);
    let accept_webp = transform::accepts_webp(accept);
    // A URL without an extension negotiates its format from `Accept`.
    let vary_accept = t.output == OutputFormat::Auto;
    if t.is_identity_for(source, accept_webp) {
        let bytes = blob(st, &meta.sha256)
            .await?
            .ok_or_else(ApiError::not_found)?;
        let etag = quoted(&meta.sha256);
        return Ok(respond::send(
            headers,
            Representation {
                bytes,
                content_type: &meta.content_type,
                etag: &etag,
                cache_control: cc,
                vary_accept,
            },
        ));
    }
    let key = t.cache_key(&meta.sha256, accept_webp);
    let (bytes, format) = variant(st, &meta, source, &t, accept, &key).await?;
    let etag = quoted(&hex::encode(Sha256::digest(key.as_bytes())));
    Ok(respond::send(
        headers,
        Representation {
            bytes,
            content_type: format.mime(),
            etag: &etag,
            cache_control: cc,
            vary_accept,
        },
    ))
}

/// A transform's output: memory, then the store's variant cache, then
/// computed on the blocking pool (bounded by `transform_concurrency`).
async fn variant(
    st: &AppState,
    meta: &ImageMeta,
    source: Format,
    t: &Transform,
    accept: Option<&str>,
    key: &str,
) -> ApiResult<(Bytes, Format)> {
    let mem_key = format!("v:{key}");
    let from_bytes = |b: Bytes| {
        let f = media::sniff(&b).unwrap_or(source);
        (b, f)
    };
    if let Some(b) = st.cache.get_bytes(&mem_key) {
        return Ok(from_bytes(b));
    }
    if let Some(b) = st.store.get_variant(key).await? {
        st.cache.put_bytes(mem_key, b.clone());
        return Ok(from_bytes(b));
    }
    let original = blob(st, &meta.sha256)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let _permit = st
        .transforms
        .acquire()
        .await
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "Shutting down"))?;
    let t2 = t.clone();
    let accept = accept.map(str::to_string);
    let (out, format) = tokio::task::spawn_blocking(move || {
        transform::apply(&original, source, &t2, accept.as_deref())
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Transform failed"))?
    .map_err(transform_error)?;
    let out = Bytes::from(out);
    st.store.put_variant(key, out.clone()).await?;
    st.cache.put_bytes(mem_key, out.clone());
    Ok((out, format))
}

/// `GET /v1/blurhash/{project}/{name}` → `{blurhash, width, height}`;
/// private images need the serve token, as reads do.
pub async fn blurhash(st: &AppState, uri: &Uri) -> ApiResult<Response> {
    let rest = uri
        .path()
        .strip_prefix("/v1/blurhash")
        .ok_or_else(ApiError::not_found)?;
    let path = paths::parse_serve_path(rest).map_err(bad_path)?;
    if path.transform.is_some() {
        return Err(ApiError::bad_request(
            "Invalid image path: no transforms here",
        ));
    }
    let meta = find(st, &path.project, &path.name).await?;
    authorise(st, uri, &meta)?;
    let body = serde_json::json!({
        "blurhash": meta.blurhash,
        "width": meta.width,
        "height": meta.height,
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CACHE_CONTROL,
                cache_control(meta.visibility)
                    .to_str()
                    .unwrap_or_default()
                    .to_string(),
            ),
        ],
        body.to_string(),
    )
        .into_response())
}
