//! `PATCH /v1/images/{project}/{name}` with `{"visibility": …}`: what
//! `setVisibility` sends (auraimage.md §7). Authorised by an upload token of
//! that project; idempotent; answers `{"visibility": …}`.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{header, HeaderMap, StatusCode, Uri};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::meta::StoredVisibility;
use crate::paths;
use crate::routes::auth::{self, SIGNATURE_HEADER};
use crate::routes::meta::changed;
use crate::state::AppState;

const MAX_BODY: usize = 4096;

fn parse_body(body: &[u8]) -> ApiResult<StoredVisibility> {
    let bad = || ApiError::bad_request("Body must be {\"visibility\": \"public\" | \"private\"}");
    if body.len() > MAX_BODY {
        return Err(bad());
    }
    let v: Value = serde_json::from_slice(body).map_err(|_| bad())?;
    match v.get("visibility").and_then(Value::as_str) {
        Some("public") => Ok(StoredVisibility::Public),
        Some("private") => Ok(StoredVisibility::Private),
        _ => Err(bad()),
    }
}

/// The handler. 401 without `X-Aura-Signature` or with a bad or expired
/// token; 400 for a path with a transform or an extension, or a body other
/// than `{"visibility": "public" | "private"}`; 403 for a reserved
/// project or a token of another project; 404 when the image does not exist.
pub async fn set_visibility(
    State(st): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let token = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::unauthorized("Missing X-Aura-Signature header"))?;
    let rest = uri
        .path()
        .strip_prefix("/v1/images")
        .ok_or_else(ApiError::not_found)?;
    let path = paths::parse_serve_path(rest)
        .map_err(|e| ApiError::bad_request(format!("Invalid image path: {}", e.0)))?;
    if path.transform.is_some() || path.extension.is_some() {
        return Err(ApiError::bad_request("Invalid image path: name only"));
    }
    let (project, _) = auth::verify_upload_token(&st, token)?;
    if project != path.project {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Upload token is for another project",
        ));
    }
    let visibility = parse_body(&body)?;
    let meta = st
        .store
        .set_visibility(&path.project, &path.name, visibility)
        .await?
        .ok_or_else(ApiError::not_found)?;
    changed(&st, &path.project, &path.name);
    tracing::info!(project = %path.project, visibility = meta.visibility.as_str(), "visibility set");
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "visibility": meta.visibility.as_str() }).to_string(),
    )
        .into_response())
}
