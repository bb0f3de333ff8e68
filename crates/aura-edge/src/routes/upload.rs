//! `POST /v1/upload` (auraimage.md §10, §11): an upload token in
//! `X-Aura-Signature`, one multipart `file` field (plus an optional
//! `filename` text field). `maxSize` is enforced while the body streams in.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use http::{header, HeaderMap, StatusCode};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::media::{self, Format};
use crate::meta::{ImageMeta, StoredVisibility};
use crate::paths;
use crate::routes::auth::{self, SIGNATURE_HEADER};
use crate::state::AppState;
use crate::store::PutOutcome;

/// The longest `filename` text field read.
const MAX_FILENAME_FIELD: usize = 4096;
/// Multipart framing allowed on top of the file itself.
const MULTIPART_SLACK: u64 = 64 * 1024;

/// What the upload token allows, read from its verified payload.
struct Grant {
    project: String,
    max_size: u64,
    allowed_types: Vec<String>,
    visibility: StoredVisibility,
    name: Option<String>,
    overwrite: bool,
}

fn bad_claim(what: &str) -> ApiError {
    ApiError::bad_request(format!("Upload token has an invalid {what}"))
}

impl Grant {
    /// `maxSize`: a number (capped by the edge's own limit) or `null`
    /// (`Infinity` in the SDK: the edge's limit).
    fn from_payload(project: String, p: &Map<String, Value>, cap: u64) -> ApiResult<Grant> {
        let max_size = match p.get("maxSize") {
            Some(Value::Number(n)) => {
                let f = n
                    .as_f64()
                    .filter(|f| *f >= 0.0)
                    .ok_or_else(|| bad_claim("maxSize"))?;
                if f >= cap as f64 {
                    cap
                } else {
                    f.floor() as u64
                }
            }
            Some(Value::Null) | None => cap,
            _ => return Err(bad_claim("maxSize")),
        };
        let allowed_types = match p.get("allowedTypes") {
            None => vec!["image/*".to_string()],
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad_claim("allowedTypes"))?,
            Some(_) => return Err(bad_claim("allowedTypes")),
        };
        let visibility = match p.get("visibility") {
            None | Some(Value::Null) => StoredVisibility::Public,
            Some(Value::String(s)) if s == "public" => StoredVisibility::Public,
            Some(Value::String(s)) if s == "private" => StoredVisibility::Private,
            Some(_) => return Err(bad_claim("visibility")),
        };
        let name = match p.get("name") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            None | Some(Value::Null) | Some(Value::String(_)) => None,
            Some(_) => return Err(bad_claim("name")),
        };
        let overwrite = matches!(p.get("overwrite"), Some(Value::Bool(true)));
        Ok(Grant {
            project,
            max_size,
            allowed_types,
            visibility,
            name,
            overwrite,
        })
    }
}

/// The file part as received: bytes (≤ maxSize), its multipart filename,
/// and the optional `filename` text field.
struct Received {
    bytes: Bytes,
    part_filename: Option<String>,
    filename_field: Option<String>,
}

fn too_large(max: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("File exceeds the maximum size of {max} bytes"),
    )
}

fn check_type(format: Option<Format>, grant: &Grant) -> ApiResult<Format> {
    match format {
        Some(Format::Jxl) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "JXL not supported",
        )),
        None => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file type",
        )),
        Some(f) if !media::sniff::allowed(f, &grant.allowed_types) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("File type {} is not allowed by this upload token", f.mime()),
        )),
        Some(f) => Ok(f),
    }
}

/// Streams the body: stops with 413 as soon as the file passes `max_size`,
/// with 415 as soon as its first bytes show a type the token does not allow.
async fn receive(headers: &HeaderMap, body: Body, grant: &Grant) -> ApiResult<Received> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::bad_request("Expected multipart/form-data"))?;
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| ApiError::bad_request("Expected multipart/form-data"))?;
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > grant.max_size.saturating_add(MULTIPART_SLACK) {
            return Err(too_large(grant.max_size));
        }
    }
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new().whole_stream(grant.max_size.saturating_add(MULTIPART_SLACK)),
    );
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let malformed = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } => too_large(grant.max_size),
        _ => ApiError::bad_request("Malformed multipart body"),
    };
    let mut file: Option<(BytesMut, Option<String>)> = None;
    let mut filename_field = None;
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        match field.name() {
            Some("file") if file.is_none() => {
                let part_filename = field.file_name().map(str::to_string);
                let mut buf = BytesMut::new();
                let mut sniffed = false;
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    if buf.len() as u64 + chunk.len() as u64 > grant.max_size {
                        return Err(too_large(grant.max_size));
                    }
                    buf.extend_from_slice(&chunk);
                    if !sniffed && buf.len() >= 32 {
                        check_type(media::sniff(&buf), grant)?;
                        sniffed = true;
                    }
                }
                file = Some((buf, part_filename));
            }
            Some("filename") if filename_field.is_none() => {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    text.extend_from_slice(&chunk);
                    if text.len() > MAX_FILENAME_FIELD {
                        return Err(ApiError::bad_request("filename field is too long"));
                    }
                }
                filename_field = Some(
                    String::from_utf8(text)
                        .map_err(|_| ApiError::bad_request("filename field is not UTF-8"))?,
                );
            }
            _ => while field.chunk().await.map_err(malformed)?.is_some() {},
        }
    }
    let (buf, part_filename) =
        file.ok_or_else(|| ApiError::bad_request("Missing multipart field \"file\""))?;
    Ok(Received {
        bytes: buf.freeze(),
        part_filename,
        filename_field,
    })
}

/// The token's `name`, else the file name without its directory and extension.
fn choose_name(grant: &Grant, received: &Received) -> ApiResult<String> {
    let raw = match &grant.name {
        Some(n) => n.clone(),
        None => {
            let f = received
                .part_filename
                .as_deref()
                .or(received.filename_field.as_deref())
                .filter(|f| !f.is_empty())
                .ok_or_else(|| {
                    ApiError::bad_request("No image name: set name in the upload token")
                })?;
            let base = f.rsplit(['/', '\\']).next().unwrap_or(f);
            match base.rfind('.') {
                Some(dot) if dot > 0 => base[..dot].to_string(),
                _ => base.to_string(),
            }
        }
    };
    let (name, _) = paths::strip_known_extension(&raw);
    paths::check_name(name)
        .map_err(|e| ApiError::bad_request(format!("Invalid image name: {}", e.0)))?;
    Ok(name.to_string())
}

/// A refusal may come before the body was read: the connection cannot carry
/// another request, so say `Connection: close` rather than drop it silently.
pub async fn upload(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    match accept_upload(&st, &headers, body).await {
        Ok(res) => res,
        Err(e) => {
            let mut res = e.into_response();
            res.headers_mut()
                .insert(header::CONNECTION, http::HeaderValue::from_static("close"));
            res
        }
    }
}

async fn accept_upload(st: &AppState, headers: &HeaderMap, body: Body) -> ApiResult<Response> {
    let token = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::unauthorized("Missing X-Aura-Signature header"))?;
    let (project, payload) = auth::verify_upload_token(st, token)?;
    let grant = Grant::from_payload(project, &payload, st.max_upload_bytes)?;
    let received = receive(headers, body, &grant).await?;
    if received.bytes.is_empty() {
        return Err(ApiError::bad_request("The file is empty"));
    }
    let format = check_type(media::sniff(&received.bytes), &grant)?;
    let name = choose_name(&grant, &received)?;

    let bytes = received.bytes.clone();
    let (sha256, dims, blurhash) = tokio::task::spawn_blocking(move || {
        let sha = hex::encode(Sha256::digest(&bytes));
        let dims = media::sniff::dimensions(&bytes, format);
        let hash = media::blurhash::blurhash(&bytes, format);
        (sha, dims, hash)
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Upload processing failed",
        )
    })?;
    let (width, height) = dims.unwrap_or((0, 0));
    let meta = ImageMeta {
        project: grant.project.clone(),
        name: name.clone(),
        sha256: sha256.clone(),
        format: format.as_str().to_string(),
        content_type: format.mime().to_string(),
        width,
        height,
        size: received.bytes.len() as u64,
        blurhash: blurhash.unwrap_or_default(),
        visibility: grant.visibility,
        uploaded_at: st.clock.now(),
    };
    // The blob first: metadata never points at bytes that are not there.
    st.store.put_blob(&sha256, received.bytes).await?;
    let outcome = st.store.put_image(&meta, grant.overwrite).await?;
    crate::routes::meta::changed(st, &meta.project, &meta.name);
    if outcome == PutOutcome::Conflict {
        return Err(ApiError::new(StatusCode::CONFLICT, "Image already exists"));
    }
    tracing::info!(project = %meta.project, size = meta.size, format = %meta.format, "uploaded");
    let url = format!(
        "{}{}",
        st.public_url,
        paths::public_path(&meta.project, &meta.name)
    );
    let body = json!({
        "url": url,
        "name": meta.name,
        "blurhash": meta.blurhash,
        "width": meta.width,
        "height": meta.height,
        "format": meta.format,
        "size": meta.size,
        "visibility": meta.visibility.as_str(),
    });
    Ok((
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response())
}
