//! A local stand-in for Cloudflare Images delivery:
//! `/<account hash>/<image id>/<variant>?exp=&sig=` and the custom-domain
//! form `/cdn-cgi/imagedelivery/<hash>/<id>/<variant>?…`, checked by the
//! core's Images verifier against the configured keys. Serves
//! `files/images/<image id>` as stored (variants are not rendered).

use aura_core::AuraError;
use axum::response::Response;
use http::{header, HeaderMap, StatusCode, Uri};

use crate::error::{ApiError, ApiResult};
use crate::paths::check_file_segment;
use crate::respond;
use crate::routes::query_param;
use crate::state::{AppState, ImagesStandIn};

/// The `<hash>/<id>/<variant>` segments when `path` is an Images delivery path.
pub fn match_path<'a>(path: &'a str, images: &ImagesStandIn) -> Option<[&'a str; 3]> {
    let rest = path.strip_prefix("/cdn-cgi/imagedelivery").unwrap_or(path);
    let mut it = rest.strip_prefix('/')?.splitn(3, '/');
    let (hash, id, variant) = (it.next()?, it.next()?, it.next()?);
    (hash == images.account_hash).then_some([hash, id, variant])
}

/// Every refusal is 403, as Cloudflare answers; `code` says why.
pub fn refused(e: &AuraError) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, format!("Refused: {e}")).with_code(e.code())
}

/// Answers an Images delivery path (`parts` from [`match_path`]). The URL
/// is verified when it carries `sig` or `exp`, or always with
/// `require_signed_urls`: 403 with the core's error code when refused. Then
/// 400 for an unsafe image id, 404 (`not_found`) for a missing file, else
/// the file via [`respond::send_file`] (type sniffed from its bytes).
pub async fn serve(
    st: &AppState,
    images: &ImagesStandIn,
    [_, id, _variant]: [&str; 3],
    uri: &Uri,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    let signed =
        query_param(uri.query(), "sig").is_some() || query_param(uri.query(), "exp").is_some();
    if signed || images.require_signed_urls {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let url = format!("http://{host}{uri}");
        images
            .verifier
            .verify(&url, st.clock.now())
            .map_err(|e| refused(&e))?;
    }
    if !check_file_segment(id) {
        return Err(ApiError::bad_request("Invalid image id"));
    }
    let bytes = st
        .store
        .get_file(&format!("images/{id}"))
        .await?
        .ok_or_else(|| ApiError::not_found().with_code("not_found"))?;
    let content_type = crate::media::sniff(&bytes).map_or("application/octet-stream", |f| f.mime());
    Ok(respond::send_file(headers, bytes, content_type))
}
