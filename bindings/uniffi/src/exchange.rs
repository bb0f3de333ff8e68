//! Every HTTP API operation as the core's sans-IO `Exchange`: the host sends
//! what `start`/`receive`/`fail` hand out, sleeps `delay_ms` first, applies
//! `timeout_ms` when given, and reports each answer or failure back. The
//! core decides every retry, status check, parse and next request; nothing
//! here does. The object is shared (`&self`), so the core exchange sits in a
//! `Mutex`.

use aura_core::exchange::{self as core, Exchange as CoreExchange};
use aura_core::http::Request;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::answer::{answer, Answer};
use crate::auraimage::{
    from_url_options, upload_options, AuraImage, HttpHeader, UploadFromUrlOptions, UploadOptions,
    Visibility,
};
use crate::cloudflare_api::{token_request, CloudflareApi, StreamTokenRequest};
use crate::errors::{guard, Result};

/// Why an attempt got no answer.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendFailure {
    /// No connection was made (refused, DNS, connect timeout): not sent.
    NotSent,
    /// The connection broke after the request may have reached the server.
    Lost,
    /// The attempt ran past its timeout.
    TimedOut,
}

/// A request to send. Printed without header values (credentials, upload
/// tokens) and without the URL's query.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct Outgoing {
    inner: core::Outgoing,
}

#[uniffi::export]
impl Outgoing {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub fn method(&self) -> String {
        self.inner.request.method.as_str().to_string()
    }

    pub fn url(&self) -> String {
        self.inner.request.url.clone()
    }

    /// In the order to send.
    pub fn headers(&self) -> Vec<HttpHeader> {
        self.inner
            .request
            .headers
            .iter()
            .map(|(name, value)| HttpHeader {
                name: name.clone(),
                value: value.clone(),
            })
            .collect()
    }

    /// Empty: send no body.
    pub fn body(&self) -> Vec<u8> {
        self.inner.request.body.clone()
    }

    /// Wait this long before sending (0 for a first attempt).
    pub fn delay_ms(&self) -> u64 {
        self.inner.delay_ms
    }

    /// Give up on this attempt after this long (report `TimedOut`); null:
    /// the host's own timeout.
    pub fn timeout_ms(&self) -> Option<u64> {
        self.inner.timeout_ms
    }
}

fn describe(r: &Request, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
    write!(
        f,
        "{} {} (headers: [{}], {} body bytes)",
        r.method.as_str(),
        r.url.split('?').next().unwrap_or(&r.url),
        names.join(", "),
        r.body.len()
    )
}

impl fmt::Display for Outgoing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Outgoing(")?;
        describe(&self.inner.request, f)?;
        write!(f, ", delay {} ms", self.inner.delay_ms)?;
        match self.inner.timeout_ms {
            Some(t) => write!(f, ", timeout {t} ms)"),
            None => write!(f, ")"),
        }
    }
}

impl fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The next thing the host does.
#[derive(uniffi::Enum)]
pub enum Step {
    /// Wait `outgoing.delay_ms`, then send it.
    Send { outgoing: Arc<Outgoing> },
    /// The operation is over.
    Done { answer: Answer },
}

fn step(s: core::Step) -> Step {
    match s {
        core::Step::Send(out) => Step::Send {
            outgoing: Arc::new(Outgoing { inner: out }),
        },
        core::Step::Done(a) => Step::Done { answer: answer(a) },
    }
}

/// One operation in flight. Build it with a named constructor
/// (`Exchange.createStreamKey(api)`, `Exchange.setVisibility(aura, …)`…);
/// bad arguments fail there, before anything is sent.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct Exchange {
    inner: Mutex<CoreExchange>,
}

impl Exchange {
    fn build(f: impl FnOnce() -> aura_core::Result<CoreExchange>) -> Result<Arc<Self>> {
        guard(f).map(|ex| {
            Arc::new(Exchange {
                inner: Mutex::new(ex),
            })
        })
    }

    fn lock(&self) -> MutexGuard<'_, CoreExchange> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Debug shows no header value and no secret.
        write!(f, "{:?}", *self.lock())
    }
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[uniffi::export]
impl Exchange {
    // ---- AuraImage (auraimage.md §7, §8, §10) ----------------------------

    /// `setVisibility(name, visibility)`.
    #[uniffi::constructor]
    pub fn set_visibility(
        aura: Arc<AuraImage>,
        name: String,
        visibility: Visibility,
        now: i64,
    ) -> Result<Arc<Self>> {
        let now = crate::errors::now(now)?;
        Exchange::build(|| {
            CoreExchange::set_visibility(&aura.inner, &name, visibility.as_str(), now)
        })
    }

    /// `upload(file, options)`: one multipart `file` part with a fresh
    /// upload token; `boundary`: the host's random multipart boundary.
    #[uniffi::constructor]
    pub fn upload(
        aura: Arc<AuraImage>,
        file: Vec<u8>,
        filename: String,
        content_type: String,
        options: UploadOptions,
        now: i64,
        boundary: String,
    ) -> Result<Arc<Self>> {
        let now = crate::errors::now(now)?;
        let o = upload_options(options);
        Exchange::build(|| {
            CoreExchange::upload(
                &aura.inner,
                &file,
                &filename,
                &content_type,
                &o,
                now,
                &boundary,
            )
        })
    }

    /// `uploadFromUrl(url, options)`: fetch the source once (with its
    /// timeout), check it, upload it; errors are `upload_from_url`.
    #[uniffi::constructor]
    pub fn upload_from_url(
        aura: Arc<AuraImage>,
        url: String,
        options: UploadFromUrlOptions,
        now: i64,
        boundary: String,
    ) -> Result<Arc<Self>> {
        let now = crate::errors::now(now)?;
        let o = from_url_options(options);
        Exchange::build(|| CoreExchange::upload_from_url(&aura.inner, &url, &o, now, &boundary))
    }

    // ---- Cloudflare Images signing keys ----------------------------------

    #[uniffi::constructor]
    pub fn list_images_keys(api: Arc<CloudflareApi>) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::list_images_keys(&api.inner))
    }

    /// Creates `name` (list, then PUT only when absent; `invalid_input` when
    /// it exists: a PUT of a live name would rotate it).
    #[uniffi::constructor]
    pub fn create_images_key(api: Arc<CloudflareApi>, name: String) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::create_images_key(&api.inner, &name))
    }

    /// Regenerates the existing key `name`; `key_not_found` when absent.
    #[uniffi::constructor]
    pub fn rotate_images_key(api: Arc<CloudflareApi>, name: String) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::rotate_images_key(&api.inner, &name))
    }

    /// Deletes `name`; the answer lists the keys left.
    #[uniffi::constructor]
    pub fn delete_images_key(api: Arc<CloudflareApi>, name: String) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::delete_images_key(&api.inner, &name))
    }

    /// `ensureSigningKey(name, {adopt, delete})` (seed 000).
    #[uniffi::constructor(default(adopt = false, delete = true))]
    pub fn ensure_signing_key(
        api: Arc<CloudflareApi>,
        name: String,
        adopt: bool,
        delete: bool,
    ) -> Result<Arc<Self>> {
        let o = aura_core::cloudflare::EnsureOptions { adopt, delete };
        Exchange::build(|| CoreExchange::ensure_signing_key(&api.inner, &name, &o))
    }

    /// The removal side of `ensureSigningKey` (nothing is sent when
    /// `delete` is false).
    #[uniffi::constructor(default(adopt = false, delete = true))]
    pub fn remove_signing_key(
        api: Arc<CloudflareApi>,
        name: String,
        adopt: bool,
        delete: bool,
    ) -> Result<Arc<Self>> {
        let o = aura_core::cloudflare::EnsureOptions { adopt, delete };
        Exchange::build(|| CoreExchange::remove_signing_key(&api.inner, &name, &o))
    }

    // ---- Cloudflare Images ------------------------------------------------

    #[uniffi::constructor]
    pub fn image_details(api: Arc<CloudflareApi>, image_id: String) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::image_details(&api.inner, &image_id))
    }

    /// `PATCH` with `{"requireSignedURLs": require}`.
    #[uniffi::constructor]
    pub fn set_image_require_signed_urls(
        api: Arc<CloudflareApi>,
        image_id: String,
        require: bool,
    ) -> Result<Arc<Self>> {
        Exchange::build(|| {
            CoreExchange::set_image_require_signed_urls(&api.inner, &image_id, require)
        })
    }

    // ---- Cloudflare Stream ------------------------------------------------

    /// Creates a Stream signing key (never repeated after a 5xx or a lost
    /// connection: a retry could leave a second key behind).
    #[uniffi::constructor]
    pub fn create_stream_key(api: Arc<CloudflareApi>) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::create_stream_key(&api.inner))
    }

    #[uniffi::constructor]
    pub fn list_stream_keys(api: Arc<CloudflareApi>) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::list_stream_keys(&api.inner))
    }

    #[uniffi::constructor]
    pub fn revoke_stream_key(api: Arc<CloudflareApi>, key_id: String) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::revoke_stream_key(&api.inner, &key_id))
    }

    #[uniffi::constructor]
    pub fn video_details(api: Arc<CloudflareApi>, uid: String) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::video_details(&api.inner, &uid))
    }

    /// Seed 003's `POST /stream/{uid}` with `{"uid", "requireSignedURLs"}`.
    #[uniffi::constructor]
    pub fn set_video_require_signed_urls(
        api: Arc<CloudflareApi>,
        uid: String,
        require: bool,
    ) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::set_video_require_signed_urls(&api.inner, &uid, require))
    }

    /// Stream's `/token` endpoint (a fallback signer, rate limited).
    #[uniffi::constructor]
    pub fn stream_token(
        api: Arc<CloudflareApi>,
        uid: String,
        options: StreamTokenRequest,
    ) -> Result<Arc<Self>> {
        Exchange::build(|| CoreExchange::stream_token(&api.inner, &uid, &token_request(&options)?))
    }

    // ---- driving ----------------------------------------------------------

    /// The first step: a request to send, or the answer when none is needed.
    pub fn start(&self) -> Result<Step> {
        guard(|| Ok(self.lock().start())).map(step)
    }

    /// The answer to the request last handed out. `now`: Unix seconds;
    /// `jitter`: uniform in [0, 1).
    pub fn receive(
        &self,
        status: u16,
        headers: Vec<HttpHeader>,
        body: Vec<u8>,
        now: i64,
        jitter: f64,
    ) -> Result<Step> {
        let now = crate::errors::now(now)?;
        let headers: Vec<(String, String)> =
            headers.into_iter().map(|h| (h.name, h.value)).collect();
        guard(|| self.lock().receive(status, &headers, &body, now, jitter)).map(step)
    }

    /// The request last handed out got no answer; `message` is the
    /// transport's (without the URL's query).
    pub fn fail(
        &self,
        failure: SendFailure,
        message: String,
        now: i64,
        jitter: f64,
    ) -> Result<Step> {
        let now = crate::errors::now(now)?;
        let failure = match failure {
            SendFailure::NotSent => core::Failure::NotSent,
            SendFailure::Lost => core::Failure::Lost,
            SendFailure::TimedOut => core::Failure::TimedOut,
        };
        guard(|| self.lock().fail(failure, &message, now, jitter)).map(step)
    }
}
