//! Upload-token authorisation shared by `POST /v1/upload` and
//! `PATCH /v1/images/…` (auraimage.md §11 "Edge checks").

use aura_core::auraimage::upload_token_project_name;
use aura_core::AuraError;
use http::StatusCode;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::paths;
use crate::state::AppState;

/// The request header holding the upload token (`X-Aura-Signature`).
pub const SIGNATURE_HEADER: &str = "x-aura-signature";

/// The token's project and verified payload. The MAC is compared in
/// constant time by the core, against every secret of the project
/// (rotation). An unknown project answers exactly as a bad signature.
pub fn verify_upload_token(st: &AppState, token: &str) -> ApiResult<(String, Map<String, Value>)> {
    let project = upload_token_project_name(token).map_err(|e| match e {
        AuraError::MissingProjectName => ApiError::unauthorized("Upload token has no projectName"),
        _ => ApiError::unauthorized("Invalid signature"),
    })?;
    if paths::is_reserved_project(&project) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Reserved project name",
        ));
    }
    let keys = st.keys.load();
    let verifier = &keys
        .projects
        .get(&project)
        .ok_or_else(|| ApiError::unauthorized("Invalid signature"))?
        .upload;
    match verifier.verify(token, st.clock.now()) {
        Ok(Value::Object(payload)) => Ok((project, payload)),
        Err(AuraError::Expired) => Err(ApiError::unauthorized("Upload token expired")),
        Ok(_) | Err(_) => Err(ApiError::unauthorized("Invalid signature")),
    }
}
