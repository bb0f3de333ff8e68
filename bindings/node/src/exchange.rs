//! The services' HTTP APIs for Node: the core's sans-IO `Exchange` with
//! native data in and out. The JS host loop (`node/lib/http.cjs`) sends each
//! request with `fetch`, sleeps when told and reports back; every rule
//! (retries, statuses, parsing, sequencing) is the core's.
//!
//! Each step is `{request}`, `{answer}` or `{error}`. Errors are data here
//! (`ErrorData`), not thrown: a napi error carries only a code and a message,
//! and `upload_from_url` needs its kind, url and status, `remote_error` its
//! status. A constructor's error is kept and returned by `start()`, so every
//! failure of an operation takes that one path.

use std::panic::{catch_unwind, AssertUnwindSafe};

use aura_core::auraimage::{AuraImage, UploadFromUrlOptions, UploadOptions};
use aura_core::cloudflare::{
    Api, Auth, CreatedStreamKey, EnsureOptions, ImageDetails, ImagesSigningKey, StreamKeyInfo,
    StreamTokenRequest, VideoDetails,
};
use aura_core::exchange::{self as core, Answer, Failure, Removal, Step};
use aura_core::js::time;
use aura_core::stream::AccessRule;
use aura_core::{AuraError, Secret as CoreSecret};
use napi::bindgen_prelude::*;
use serde_json::Value;

use crate::cloudflare::StreamKey;
use crate::errors::{guard, to_data, ErrorData, Result};

fn invalid(msg: impl Into<String>) -> AuraError {
    AuraError::InvalidInput(msg.into())
}

// ---- secrets -----------------------------------------------------------------

/// A secret value (an Images signing key, a Stream key's PEM or JWK, a token
/// from Stream's `/token`): `expose()` returns the text; `toString()`,
/// `toJSON()` and `util.inspect` (set in node/lib/secret.cjs) never do.
#[napi]
pub struct Secret {
    inner: CoreSecret,
}

impl Secret {
    fn of(inner: CoreSecret) -> Self {
        Secret { inner }
    }
}

#[napi]
impl Secret {
    #[napi(constructor)]
    pub fn new(value: String) -> Result<Self> {
        guard(|| Ok(Secret::of(CoreSecret::new(value))))
    }

    /// The secret text. Every other way of showing a Secret prints `<redacted>`.
    #[napi]
    pub fn expose(&self) -> Result<String> {
        guard(|| Ok(self.inner.expose().to_string()))
    }

    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> &'static str {
        "<redacted>"
    }

    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> &'static str {
        "<redacted>"
    }
}

// ---- steps -------------------------------------------------------------------

/// A request to send after `delayMs`; `timeoutMs` when the core sets one
/// (otherwise the host's own). `body` is absent when there is none.
#[napi(object, object_from_js = false)]
pub struct OutgoingRequest {
    pub method: String,
    pub url: String,
    /// `[name, value]` pairs, in order.
    pub headers: Vec<Vec<String>>,
    pub body: Option<Uint8Array>,
    pub delay_ms: f64,
    pub timeout_ms: Option<f64>,
}

#[napi(object, object_from_js = false)]
pub struct ImagesKeyData {
    pub name: String,
    pub value: Secret,
}

#[napi(object, object_from_js = false)]
pub struct ImageData {
    pub id: String,
    pub filename: Option<String>,
    pub require_signed_urls: bool,
    pub uploaded: Option<String>,
    pub variants: Vec<String>,
    pub creator: Option<String>,
    pub raw: Value,
}

#[napi(object, object_from_js = false)]
pub struct VideoData {
    pub uid: String,
    pub require_signed_urls: bool,
    pub ready_to_stream: Option<bool>,
    pub state: Option<String>,
    pub raw: Value,
}

#[napi(object, object_from_js = false)]
pub struct CreatedStreamKeyData {
    pub id: String,
    pub created: Option<String>,
    pub pem: Secret,
    pub jwk: Option<Secret>,
    /// The private key, loaded, with `id` as its key id.
    pub key: StreamKey,
}

#[napi(object, object_from_js = false)]
pub struct StreamKeyInfoData {
    pub id: String,
    pub created: Option<String>,
    pub key_id: Option<String>,
}

/// An operation's result. `kind` names the core's `Answer` variant; the
/// fields that variant fills are set, the others absent.
#[napi(object, object_from_js = false)]
pub struct AnswerData {
    /// visibility | uploaded | imagesKeys | imagesKey | ensured | removed |
    /// image | streamKey | streamKeys | streamKeyRevoked | video | streamToken
    pub kind: String,
    pub visibility: Option<String>,
    pub uploaded: Option<Value>,
    /// imagesKeys; removed (deleted): the keys left.
    pub keys: Option<Vec<ImagesKeyData>>,
    /// imagesKey, ensured.
    pub key: Option<ImagesKeyData>,
    /// ensured: adopted | created.
    pub action: Option<String>,
    /// removed: kept | already-gone | deleted.
    pub removal: Option<String>,
    pub image: Option<ImageData>,
    pub stream_key: Option<CreatedStreamKeyData>,
    pub stream_keys: Option<Vec<StreamKeyInfoData>>,
    /// streamKeyRevoked: the id (or word) Cloudflare reports.
    pub revoked: Option<String>,
    pub video: Option<VideoData>,
    pub token: Option<Secret>,
}

/// Exactly one of the three is set.
#[napi(object, object_from_js = false)]
pub struct StepData {
    pub request: Option<OutgoingRequest>,
    pub answer: Option<AnswerData>,
    pub error: Option<ErrorData>,
}

fn images_key(k: ImagesSigningKey) -> ImagesKeyData {
    ImagesKeyData {
        name: k.name,
        value: Secret::of(k.value),
    }
}

fn image(d: ImageDetails) -> ImageData {
    ImageData {
        id: d.id,
        filename: d.filename,
        require_signed_urls: d.require_signed_urls,
        uploaded: d.uploaded,
        variants: d.variants,
        creator: d.creator,
        raw: d.raw,
    }
}

fn video(d: VideoDetails) -> VideoData {
    VideoData {
        uid: d.uid,
        require_signed_urls: d.require_signed_urls,
        ready_to_stream: d.ready_to_stream,
        state: d.state,
        raw: d.raw,
    }
}

fn created_stream_key(k: CreatedStreamKey) -> CreatedStreamKeyData {
    CreatedStreamKeyData {
        id: k.id,
        created: k.created,
        pem: Secret::of(k.pem),
        jwk: k.jwk.map(Secret::of),
        key: StreamKey { inner: k.key },
    }
}

fn stream_key_info(k: StreamKeyInfo) -> StreamKeyInfoData {
    StreamKeyInfoData {
        id: k.id,
        created: k.created,
        key_id: k.key_id,
    }
}

fn answer_of(kind: &str) -> AnswerData {
    AnswerData {
        kind: kind.to_string(),
        visibility: None,
        uploaded: None,
        keys: None,
        key: None,
        action: None,
        removal: None,
        image: None,
        stream_key: None,
        stream_keys: None,
        revoked: None,
        video: None,
        token: None,
    }
}

/// The one conversion of the core's answers: every variant, no wildcard.
fn answer_data(answer: Answer) -> AnswerData {
    match answer {
        Answer::Visibility(v) => AnswerData {
            visibility: v,
            ..answer_of("visibility")
        },
        Answer::Uploaded(result) => AnswerData {
            uploaded: Some(result),
            ..answer_of("uploaded")
        },
        Answer::ImagesKeys(keys) => AnswerData {
            keys: Some(keys.into_iter().map(images_key).collect()),
            ..answer_of("imagesKeys")
        },
        Answer::ImagesKey(key) => AnswerData {
            key: Some(images_key(key)),
            ..answer_of("imagesKey")
        },
        Answer::Ensured { key, action } => AnswerData {
            key: Some(images_key(key)),
            action: Some(action.as_str().to_string()),
            ..answer_of("ensured")
        },
        Answer::Removed(removal) => match removal {
            Removal::Kept => AnswerData {
                removal: Some("kept".into()),
                ..answer_of("removed")
            },
            Removal::AlreadyGone => AnswerData {
                removal: Some("already-gone".into()),
                ..answer_of("removed")
            },
            Removal::Deleted { remaining } => AnswerData {
                removal: Some("deleted".into()),
                keys: Some(remaining.into_iter().map(images_key).collect()),
                ..answer_of("removed")
            },
        },
        Answer::Image(details) => AnswerData {
            image: Some(image(details)),
            ..answer_of("image")
        },
        Answer::StreamKey(key) => AnswerData {
            stream_key: Some(created_stream_key(key)),
            ..answer_of("streamKey")
        },
        Answer::StreamKeys(keys) => AnswerData {
            stream_keys: Some(keys.into_iter().map(stream_key_info).collect()),
            ..answer_of("streamKeys")
        },
        Answer::StreamKeyRevoked(id) => AnswerData {
            revoked: id,
            ..answer_of("streamKeyRevoked")
        },
        Answer::Video(details) => AnswerData {
            video: Some(video(details)),
            ..answer_of("video")
        },
        Answer::StreamToken(token) => AnswerData {
            token: Some(Secret::of(token)),
            ..answer_of("streamToken")
        },
    }
}

fn step_data(step: Step) -> StepData {
    match step {
        Step::Send(out) => {
            let r = out.request;
            StepData {
                request: Some(OutgoingRequest {
                    method: r.method.as_str().to_string(),
                    url: r.url,
                    headers: r.headers.into_iter().map(|(k, v)| vec![k, v]).collect(),
                    body: (!r.body.is_empty()).then(|| Uint8Array::new(r.body)),
                    delay_ms: out.delay_ms as f64,
                    timeout_ms: out.timeout_ms.map(|t| t as f64),
                }),
                answer: None,
                error: None,
            }
        }
        Step::Done(answer) => StepData {
            request: None,
            answer: Some(answer_data(answer)),
            error: None,
        },
    }
}

fn error_step(e: &AuraError) -> StepData {
    StepData {
        request: None,
        answer: None,
        error: Some(to_data(e)),
    }
}

// ---- the exchange ------------------------------------------------------------

/// One operation in flight (the core's `Exchange`), or the error that kept it
/// from starting.
#[napi(js_name = "NativeExchange")]
pub struct Exchange {
    inner: std::result::Result<core::Exchange, AuraError>,
}

impl Exchange {
    pub(crate) fn of(build: impl FnOnce() -> aura_core::Result<core::Exchange>) -> Self {
        let inner = catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|_| Err(panicked()));
        Exchange { inner }
    }

    fn step(&mut self, f: impl FnOnce(&mut core::Exchange) -> aura_core::Result<Step>) -> StepData {
        let ex = match &mut self.inner {
            Ok(ex) => ex,
            Err(e) => return error_step(e),
        };
        match catch_unwind(AssertUnwindSafe(|| f(ex).map(step_data))) {
            Ok(Ok(step)) => step,
            Ok(Err(e)) => error_step(&e),
            Err(_) => error_step(&panicked()),
        }
    }
}

fn panicked() -> AuraError {
    AuraError::Internal("a panic was caught at the Node boundary".into())
}

fn pairs(headers: Vec<Vec<String>>) -> aura_core::Result<Vec<(String, String)>> {
    headers
        .into_iter()
        .map(|pair| match <[String; 2]>::try_from(pair) {
            Ok([k, v]) => Ok((k, v)),
            Err(_) => Err(invalid("each header must be a [name, value] pair")),
        })
        .collect()
}

fn failure(name: &str) -> aura_core::Result<Failure> {
    match name {
        "not_sent" => Ok(Failure::NotSent),
        "lost" => Ok(Failure::Lost),
        "timed_out" => Ok(Failure::TimedOut),
        other => Err(invalid(format!(
            "failure must be not_sent, lost or timed_out, got {other:?}"
        ))),
    }
}

#[napi]
impl Exchange {
    /// The first step: a request to send, or the answer when none is needed.
    #[napi]
    pub fn start(&mut self) -> StepData {
        self.step(|ex| Ok(ex.start()))
    }

    /// The answer to the request last handed out.
    #[napi]
    pub fn receive(
        &mut self,
        status: f64,
        headers: Vec<Vec<String>>,
        body: Uint8Array,
        now: f64,
        jitter: f64,
    ) -> StepData {
        self.step(|ex| {
            let status = time::safe_integer(status)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| invalid("status must be an HTTP status code"))?;
            let headers = pairs(headers)?;
            let now = time::unix_seconds(now)?;
            ex.receive(status, &headers, &body, now, jitter)
        })
    }

    /// The request last handed out got no answer: `not_sent` (no connection
    /// was made), `lost` (after it may have been sent) or `timed_out`.
    #[napi]
    pub fn fail(
        &mut self,
        failure_kind: String,
        message: String,
        now: f64,
        jitter: f64,
    ) -> StepData {
        self.step(|ex| {
            let f = failure(&failure_kind)?;
            let now = time::unix_seconds(now)?;
            ex.fail(f, &message, now, jitter)
        })
    }
}

// ---- AuraImage operations (constructors live on NativeAuraImage) -------------

pub(crate) fn set_visibility(aura: &AuraImage, name: &str, visibility: &str, now: f64) -> Exchange {
    Exchange::of(|| {
        core::Exchange::set_visibility(aura, name, visibility, time::unix_seconds(now)?)
    })
}

pub(crate) fn upload(
    aura: &AuraImage,
    file: &[u8],
    filename: &str,
    content_type: &str,
    options: &UploadOptions,
    now: f64,
    boundary: &str,
) -> Exchange {
    Exchange::of(|| {
        let now = time::unix_seconds(now)?;
        core::Exchange::upload(aura, file, filename, content_type, options, now, boundary)
    })
}

pub(crate) fn upload_from_url(
    aura: &AuraImage,
    url: &str,
    options: &UploadFromUrlOptions,
    now: f64,
    boundary: &str,
) -> Exchange {
    Exchange::of(|| {
        core::Exchange::upload_from_url(aura, url, options, time::unix_seconds(now)?, boundary)
    })
}

// ---- Cloudflare --------------------------------------------------------------

/// An account's API: base URL, account id, credentials (an API token, or an
/// email and Global API key). Nothing here shows the credentials.
#[napi(js_name = "NativeCloudflareApi")]
pub struct CloudflareApi {
    inner: Api,
}

/// `/token`'s body. `keyId` and `pem` go together (sign with your own key).
#[napi(object)]
pub struct StreamTokenRequestOptions {
    pub key_id: Option<String>,
    pub pem: Option<String>,
    pub exp: Option<f64>,
    pub nbf: Option<f64>,
    pub downloadable: Option<bool>,
    pub access_rules: Option<Value>,
    pub original: Option<bool>,
}

fn token_request(o: Option<StreamTokenRequestOptions>) -> aura_core::Result<StreamTokenRequest> {
    let Some(o) = o else {
        return Ok(StreamTokenRequest::default());
    };
    let signing_key = match (o.key_id, o.pem) {
        (Some(id), Some(pem)) => Some((id, CoreSecret::new(pem))),
        (None, None) => None,
        _ => return Err(invalid("signingKey needs both id and pem")),
    };
    let at = |what: &str, v: Option<f64>| v.map(|t| time::seconds(what, t)).transpose();
    Ok(StreamTokenRequest {
        signing_key,
        exp: at("exp", o.exp)?,
        nbf: at("nbf", o.nbf)?,
        downloadable: o.downloadable,
        access_rules: o
            .access_rules
            .as_ref()
            .map(AccessRule::list_from_json)
            .transpose()?,
        original: o.original,
    })
}

fn ensure(adopt: Option<bool>, delete_key: Option<bool>) -> EnsureOptions {
    let d = EnsureOptions::default();
    EnsureOptions {
        adopt: adopt.unwrap_or(d.adopt),
        delete: delete_key.unwrap_or(d.delete),
    }
}

#[napi]
impl CloudflareApi {
    /// Credentials: `apiToken`, else `email` + `apiKey` (the core's rule and
    /// messages); `baseUrl` defaults to Cloudflare's v4 API.
    #[napi(constructor)]
    pub fn new(
        account_id: String,
        api_token: Option<String>,
        email: Option<String>,
        api_key: Option<String>,
        base_url: Option<String>,
    ) -> Result<Self> {
        guard(|| {
            let auth =
                Auth::from_env_values(api_token.as_deref(), email.as_deref(), api_key.as_deref())?;
            let api = Api::new(&account_id, auth)?;
            match base_url {
                Some(b) => api.with_base_url(&b),
                None => Ok(api),
            }
        })
        .map(|inner| CloudflareApi { inner })
    }

    #[napi(getter)]
    pub fn account_id(&self) -> Result<String> {
        guard(|| Ok(self.inner.account_id().to_string()))
    }

    #[napi(getter)]
    pub fn base_url(&self) -> Result<String> {
        guard(|| Ok(self.inner.base_url().to_string()))
    }

    /// `api_token` or `legacy`.
    #[napi(getter)]
    pub fn auth_scheme(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.auth().scheme()))
    }

    #[napi]
    pub fn list_images_keys(&self) -> Exchange {
        Exchange::of(|| core::Exchange::list_images_keys(&self.inner))
    }

    #[napi]
    pub fn create_images_key(&self, name: String) -> Exchange {
        Exchange::of(|| core::Exchange::create_images_key(&self.inner, &name))
    }

    #[napi]
    pub fn rotate_images_key(&self, name: String) -> Exchange {
        Exchange::of(|| core::Exchange::rotate_images_key(&self.inner, &name))
    }

    #[napi]
    pub fn delete_images_key(&self, name: String) -> Exchange {
        Exchange::of(|| core::Exchange::delete_images_key(&self.inner, &name))
    }

    #[napi]
    pub fn ensure_signing_key(
        &self,
        name: String,
        adopt: Option<bool>,
        delete_key: Option<bool>,
    ) -> Exchange {
        Exchange::of(|| {
            core::Exchange::ensure_signing_key(&self.inner, &name, &ensure(adopt, delete_key))
        })
    }

    #[napi]
    pub fn remove_signing_key(
        &self,
        name: String,
        adopt: Option<bool>,
        delete_key: Option<bool>,
    ) -> Exchange {
        Exchange::of(|| {
            core::Exchange::remove_signing_key(&self.inner, &name, &ensure(adopt, delete_key))
        })
    }

    #[napi]
    pub fn image_details(&self, image_id: String) -> Exchange {
        Exchange::of(|| core::Exchange::image_details(&self.inner, &image_id))
    }

    #[napi]
    pub fn set_image_require_signed_urls(&self, image_id: String, require: bool) -> Exchange {
        Exchange::of(|| {
            core::Exchange::set_image_require_signed_urls(&self.inner, &image_id, require)
        })
    }

    #[napi]
    pub fn create_stream_key(&self) -> Exchange {
        Exchange::of(|| core::Exchange::create_stream_key(&self.inner))
    }

    #[napi]
    pub fn list_stream_keys(&self) -> Exchange {
        Exchange::of(|| core::Exchange::list_stream_keys(&self.inner))
    }

    #[napi]
    pub fn revoke_stream_key(&self, key_id: String) -> Exchange {
        Exchange::of(|| core::Exchange::revoke_stream_key(&self.inner, &key_id))
    }

    #[napi]
    pub fn video_details(&self, uid: String) -> Exchange {
        Exchange::of(|| core::Exchange::video_details(&self.inner, &uid))
    }

    #[napi]
    pub fn set_video_require_signed_urls(&self, uid: String, require: bool) -> Exchange {
        Exchange::of(|| core::Exchange::set_video_require_signed_urls(&self.inner, &uid, require))
    }

    #[napi]
    pub fn stream_token(
        &self,
        uid: String,
        options: Option<StreamTokenRequestOptions>,
    ) -> Exchange {
        Exchange::of(|| core::Exchange::stream_token(&self.inner, &uid, &token_request(options)?))
    }
}
