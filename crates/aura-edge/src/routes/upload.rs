//! `POST /v1/upload` (auraimage.md §10, §11): an upload token in
//! `X-Aura-Signature`, one multipart `file` field (plus an optional
//! `filename` text field). `maxSize` is enforced while the body streams in.
//!
//! The multipart parsing itself, [`receive_multipart`], needs no server: it
//! takes the header values, any stream of body chunks and the token's limits
//! (the `edge_multipart` fuzz target drives it directly).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use futures_util::Stream;
use http::{header, HeaderMap, StatusCode};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::media::sniff::FTYP_SNIFF_MAX;
use crate::media::{self, Format};
use crate::meta::{ImageMeta, StoredVisibility};
use crate::paths;
use crate::routes::auth::{self, SIGNATURE_HEADER};
use crate::state::AppState;
use crate::store::PutOutcome;

/// The longest `filename` text field read (longer: 400).
pub const MAX_FILENAME_FIELD: usize = 4096;
/// Multipart framing allowed on top of the file itself: a `Content-Length`
/// or a whole body above `max_size` plus this is refused with 413.
pub const MULTIPART_SLACK: u64 = 64 * 1024;
/// How many bytes of the file are read before its type is checked (the
/// early 415), at least: see [`sniff_needs`].
pub const SNIFF_AFTER: usize = 32;

/// How many bytes of a file starting with `head` the early type check waits
/// for, so that its answer is the one `media::sniff` gives on the whole file
/// (the handler's final check) however the body is split into reads. The
/// magic bytes are in the first 18 bytes, except for an ISO-BMFF `ftyp` box
/// (AVIF, HEIC), whose compatible brands are read to the end of the box, at
/// most [`FTYP_SNIFF_MAX`] bytes.
/// A file that ends before that is only checked by the handler.
pub fn sniff_needs(head: &[u8]) -> usize {
    match head.get(..8) {
        Some([a, b, c, d, rest @ ..]) if rest == b"ftyp" => {
            match u32::from_be_bytes([*a, *b, *c, *d]) as usize {
                0 | 1 => FTYP_SNIFF_MAX,
                n => n.clamp(SNIFF_AFTER, FTYP_SNIFF_MAX),
            }
        }
        _ => SNIFF_AFTER,
    }
}

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
#[derive(Debug)]
pub struct Received {
    /// The first `file` field's bytes, at most `max_size` of them (possibly
    /// empty: the handler refuses that later).
    pub bytes: Bytes,
    /// The `filename` parameter of that field's `Content-Disposition`.
    pub part_filename: Option<String>,
    /// The first `filename` text field, at most [`MAX_FILENAME_FIELD`] bytes.
    pub filename_field: Option<String>,
}

fn too_large(max: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("File exceeds the maximum size of {max} bytes"),
    )
}

fn check_type(format: Option<Format>, allowed_types: &[String]) -> ApiResult<Format> {
    match format {
        Some(Format::Jxl) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "JXL not supported",
        )),
        None => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file type",
        )),
        Some(f) if !media::sniff::allowed(f, allowed_types) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("File type {} is not allowed by this upload token", f.mime()),
        )),
        Some(f) => Ok(f),
    }
}

/// Streams the request body: stops with 413 as soon as the file passes
/// `max_size`, with 415 as soon as its first bytes show a type the token
/// does not allow.
async fn receive(headers: &HeaderMap, body: Body, grant: &Grant) -> ApiResult<Received> {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    receive_multipart(
        text(header::CONTENT_TYPE),
        text(header::CONTENT_LENGTH),
        body.into_data_stream(),
        grant.max_size,
        &grant.allowed_types,
    )
    .await
}

/// Reads an upload's multipart body: the first `file` field and the first
/// `filename` text field; every other field is read and dropped.
///
/// `content_type` and `content_length` are the request's header values
/// (`None`: absent or not visible ASCII); `body` yields the body's chunks,
/// split anywhere; `max_size` and `allowed_types` come from the upload
/// token. The refusals (status, message); the fields are read in body
/// order, so the first field with a fault decides:
/// - no `multipart/form-data` content type with a boundary: 400 `Expected
///   multipart/form-data`;
/// - a `Content-Length` above `max_size` + [`MULTIPART_SLACK`]: 413 at once;
/// - the file passing `max_size`, or the whole body passing `max_size` +
///   [`MULTIPART_SLACK`]: 413 `File exceeds the maximum size of N bytes`, as
///   soon as it does;
/// - once [`sniff_needs`] bytes of the file are in (32, more for an `ftyp`
///   box): 415 if their magic bytes show no known image, JXL, or a type
///   `allowed_types` does not allow (a file shorter than that is not checked
///   here). The answer does not depend on how the body is split; only
///   whether 413 or 415 comes first, for a file that earns both, does;
/// - a `filename` field over [`MAX_FILENAME_FIELD`] bytes or not UTF-8: 400;
/// - broken framing, or a body stream error: 400 `Malformed multipart body`;
/// - no `file` field: 400 `Missing multipart field "file"`.
pub async fn receive_multipart<S, O, E>(
    content_type: Option<&str>,
    content_length: Option<&str>,
    body: S,
    max_size: u64,
    allowed_types: &[String],
) -> ApiResult<Received>
where
    S: Stream<Item = Result<O, E>> + Send,
    O: Into<Bytes> + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let content_type =
        content_type.ok_or_else(|| ApiError::bad_request("Expected multipart/form-data"))?;
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| ApiError::bad_request("Expected multipart/form-data"))?;
    if let Some(len) = content_length.and_then(|v| v.parse::<u64>().ok()) {
        if len > max_size.saturating_add(MULTIPART_SLACK) {
            return Err(too_large(max_size));
        }
    }
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new().whole_stream(max_size.saturating_add(MULTIPART_SLACK)),
    );
    let mut multipart = multer::Multipart::with_constraints(body, boundary, constraints);
    let malformed = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } => too_large(max_size),
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
                    if buf.len() as u64 + chunk.len() as u64 > max_size {
                        return Err(too_large(max_size));
                    }
                    buf.extend_from_slice(&chunk);
                    if !sniffed && buf.len() >= sniff_needs(&buf) {
                        check_type(media::sniff(&buf), allowed_types)?;
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

/// The `POST /v1/upload` handler: `201` with the stored image's JSON, or the
/// error. A refusal may come before the body was read: the connection cannot
/// carry another request, so say `Connection: close` rather than drop it
/// silently.
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
    let format = check_type(media::sniff(&received.bytes), &grant.allowed_types)?;
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

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use super::*;

    /// The chunks as a socket gives them: each one, and the end, after a
    /// `Pending` (multer drains a stream that is always ready before it
    /// yields anything).
    struct Trickle {
        chunks: VecDeque<Result<Vec<u8>, Infallible>>,
        ready: bool,
    }

    impl Stream for Trickle {
        type Item = Result<Vec<u8>, Infallible>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if !std::mem::replace(&mut self.ready, false) {
                self.ready = true;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready(self.chunks.pop_front())
        }
    }

    const PNG: &[u8] = include_bytes!("../../tests/fixtures/photo.png");
    const BOUNDARY: &str = "aura-test-boundary";

    /// A body with a `file` field (when given) and a `note` text field.
    fn form(file: Option<(&str, &[u8])>) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            )
            .as_bytes(),
        );
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
                     filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        body
    }

    async fn parse(
        body: &[u8],
        chunk: usize,
        max_size: u64,
        types: &[&str],
    ) -> ApiResult<Received> {
        let chunks: Vec<Result<Vec<u8>, Infallible>> =
            body.chunks(chunk).map(|c| Ok(c.to_vec())).collect();
        let chunks = Trickle {
            chunks: chunks.into(),
            ready: false,
        };
        let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
        let len = body.len().to_string();
        receive_multipart(
            Some(&format!("multipart/form-data; boundary={BOUNDARY}")),
            Some(&len),
            chunks,
            max_size,
            &types,
        )
        .await
    }

    #[tokio::test]
    async fn one_byte_chunks_give_the_same_file() {
        let body = form(Some(("dir/photo.png", PNG)));
        for chunk in [1, 7, body.len()] {
            let r = parse(&body, chunk, 1 << 20, &["image/*"]).await.unwrap();
            assert_eq!(&r.bytes[..], PNG, "chunk {chunk}");
            assert_eq!(r.part_filename.as_deref(), Some("dir/photo.png"));
            assert_eq!(r.filename_field, None);
        }
    }

    #[tokio::test]
    async fn a_file_over_max_size_is_413() {
        let body = form(Some(("photo.png", PNG)));
        let max = PNG.len() as u64 - 1;
        for chunk in [1, body.len()] {
            let e = parse(&body, chunk, max, &["image/*"]).await.unwrap_err();
            assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
            assert_eq!(
                e.message,
                format!("File exceeds the maximum size of {max} bytes")
            );
        }
        // Exactly max_size is fine.
        let r = parse(&body, 1, PNG.len() as u64, &["image/*"])
            .await
            .unwrap();
        assert_eq!(r.bytes.len(), PNG.len());
    }

    #[tokio::test]
    async fn a_missing_file_field_is_400() {
        let e = parse(&form(None), 3, 1 << 20, &["image/*"])
            .await
            .unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.message, "Missing multipart field \"file\"");
    }

    #[tokio::test]
    async fn a_type_the_token_refuses_is_415_before_the_end() {
        let body = form(Some(("photo.png", PNG)));
        for chunk in [1, body.len()] {
            let e = parse(&body, chunk, 1 << 20, &["image/jpeg"])
                .await
                .unwrap_err();
            assert_eq!(e.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
            assert_eq!(
                e.message,
                "File type image/png is not allowed by this upload token"
            );
        }
    }

    /// An `ftyp` box whose `avif` brand comes after byte 32: refused with
    /// 415 when the first 32 bytes arrived in a read of their own, accepted
    /// when more came at once, before the check waited for the whole box.
    #[tokio::test]
    async fn an_ftyp_brand_after_byte_32_is_found_however_the_body_is_split() {
        let mut f = Vec::new();
        f.extend_from_slice(&48u32.to_be_bytes());
        f.extend_from_slice(b"ftypisom\0\0\0\0isomiso2mp41abcdefghijklmnopavif");
        f.resize(100, 7);
        assert_eq!(media::sniff(&f[..SNIFF_AFTER]), None);
        assert_eq!(media::sniff(&f), Some(Format::Avif));
        assert_eq!(sniff_needs(&f), 48);
        let body = form(Some(("x.avif", &f)));
        for chunk in [1, 31, 32, 33, body.len()] {
            let r = parse(&body, chunk, 1 << 20, &["image/*"]).await.unwrap();
            assert_eq!(&r.bytes[..], &f[..], "chunk {chunk}");
            let e = parse(&body, chunk, 1 << 20, &["image/png"])
                .await
                .unwrap_err();
            assert_eq!(
                e.message,
                "File type image/avif is not allowed by this upload token"
            );
        }
    }

    /// A box that claims to be huge: brands are read from the first
    /// FTYP_SNIFF_MAX bytes only, so the early check answers after those,
    /// and gives the final check's answer (not an upload read to maxSize).
    #[tokio::test]
    async fn a_huge_ftyp_box_is_judged_on_its_first_bytes() {
        let mut f = Vec::new();
        f.extend_from_slice(&0xFFFF_FFF0u32.to_be_bytes());
        f.extend_from_slice(b"ftypisom\0\0\0\0isom");
        f.resize(400, 0);
        f[300..304].copy_from_slice(b"avif");
        assert_eq!(sniff_needs(&f), FTYP_SNIFF_MAX);
        assert_eq!(media::sniff(&f), media::sniff(&f[..FTYP_SNIFF_MAX]));
        assert_eq!(media::sniff(&f), None, "a brand past the bound is not read");
        let body = form(Some(("x.avif", &f)));
        for chunk in [1, 255, body.len()] {
            let e = parse(&body, chunk, 1 << 20, &["image/*"])
                .await
                .unwrap_err();
            assert_eq!(
                e.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "chunk {chunk}"
            );
        }
    }
}
