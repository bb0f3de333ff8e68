//! The edge's HTTP surface. Fixed routes first (`/health`, `/v1/…`); every
//! other GET/HEAD is dispatched by shape: a Cloudflare Images delivery path
//! (the configured account hash), a Stream token path (`/eyJ….….…/…`), else
//! an AuraImage serve path.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use http::{header, Method, Request, StatusCode, Uri};
use percent_encoding::percent_decode_str;

use crate::error::ApiError;
use crate::state::AppState;

pub mod auth;
pub mod images;
pub mod meta;
pub mod serve;
pub mod stream;
pub mod upload;
pub mod visibility;

/// The first value of `name` in a query string, percent-decoded.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_decode_str(v).decode_utf8_lossy().into_owned())
    })
}

async fn health(State(st): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "status": "ok", "storage": st.store.kind() }).to_string(),
    )
        .into_response()
}

async fn blurhash(State(st): State<Arc<AppState>>, uri: Uri) -> Response {
    serve::blurhash(&st, &uri).await.into_response()
}

/// Every other request.
async fn dispatch(State(st): State<Arc<AppState>>, req: Request<Body>) -> Response {
    let connect = req.extensions().get::<ConnectInfo<SocketAddr>>().copied();
    let (parts, _) = req.into_parts();
    let (method, uri, headers) = (parts.method, parts.uri, parts.headers);
    if method != Method::GET && method != Method::HEAD {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response();
    }
    let path = uri.path();
    let keys = st.keys.load();
    if let Some(images) = keys.images.as_ref() {
        if let Some(parts) = images::match_path(path, images) {
            return images::serve(&st, images, parts, &uri, &headers)
                .await
                .into_response();
        }
    }
    if let Some(verifier) = keys.stream.as_ref() {
        if let Some(parts) = stream::match_path(path) {
            let peer = connect.map(|c| c.0.ip());
            return stream::serve(&st, verifier, parts, peer, &uri, &headers)
                .await
                .into_response();
        }
    }
    drop(keys);
    serve::serve_image(&st, &uri, &headers)
        .await
        .into_response()
}

/// All routes over `state`: `GET /health`, `POST /v1/upload`,
/// `PATCH /v1/images/…`, `GET /v1/blurhash/…`, and every other GET/HEAD
/// dispatched by shape; any other method there is 405.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route(
            "/v1/upload",
            // The upload route enforces its own limit while streaming.
            post(upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/v1/images/{*rest}", patch(visibility::set_visibility))
        .route("/v1/blurhash/{*rest}", get(blurhash))
        .fallback(dispatch)
        .with_state(state)
}
