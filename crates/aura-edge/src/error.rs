//! Errors of the edge: configuration errors (refuse to start) and API errors
//! (an HTTP status and the JSON `{"message"}` body the AuraImage CDN answers).

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

use crate::store::StoreError;

/// The configuration cannot be used; the edge does not start.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// An answer other than success: status + `{"message": …}` (+ `"code"` on
/// the routes that are ours, never on the AuraImage-compatible ones, whose
/// bodies are byte-exact).
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body's `message`.
    pub message: String,
    /// The body's `code`, when set with [`ApiError::with_code`].
    pub code: Option<&'static str>,
}

impl ApiError {
    /// `status` with `{"message": message}`, no code. Sent as
    /// `application/json` with `Cache-Control: no-store`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            code: None,
        }
    }

    /// Adds a machine-readable `"code"` to the body.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// seed 002 CDN table: a private image read without `?token=`.
    pub fn token_required() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "Signed token required for private image",
        )
    }

    /// seed 002 CDN table: invalid, expired, or for another image.
    pub fn invalid_signature() -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "Invalid or expired signature")
    }

    /// 404 `Image not found`.
    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "Image not found")
    }

    /// 400 with `message`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401 with `message`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failure");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Storage error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::Map::new();
        body.insert("message".into(), self.message.into());
        if let Some(code) = self.code {
            body.insert("code".into(), code.into());
        }
        let mut res = (self.status, serde_json::Value::Object(body).to_string()).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// A handler's result: a value, or an [`ApiError`] answered as is.
pub type ApiResult<T> = Result<T, ApiError>;
