//! Cloudflare Images signing keys, image privacy, Stream signing keys, video
//! privacy and `/token`, over HTTP: each call builds its request with
//! [`aura_core::cloudflare`], sends it with [`Transport::send`] (retries
//! decided by the core: a POST is repeated only after a 429 or when it was
//! never sent) and parses the answer with the core. No rule lives here.
//!
//! ```no_run
//! # async fn demo() -> Result<(), aura_core::AuraError> {
//! use aura_client::cloudflare::Cloudflare;
//! use aura_core::cloudflare::EnsureOptions;
//! // CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY), CLOUDFLARE_ACCOUNT_ID.
//! let cf = Cloudflare::from_env(None, None, std::time::Duration::from_secs(30))?;
//! let key = cf
//!     .ensure_signing_key("prod", &EnsureOptions { adopt: true, delete: false })
//!     .await?;
//! let _sign_with = key.key.value.expose();
//! let created = cf.create_stream_key().await?;
//! let signer = created.signer(aura_core::stream::StreamStyle::Cloudflare)?;
//! # let _ = signer; Ok(()) }
//! ```

use std::future::Future;
use std::time::Duration;

use aura_core::cloudflare::{
    Api, Auth, CreatedStreamKey, EnsureOptions, ImageDetails, ImagesSigningKey, StreamKeyInfo,
    StreamTokenRequest, VideoDetails,
};
use aura_core::exchange::{Answer, Exchange};
pub use aura_core::exchange::{EnsureAction, Removal};
use aura_core::{AuraError, Secret};

use crate::transport::Transport;

/// The environment variables read by [`auth_from_env`] and
/// [`Cloudflare::from_env`] (the ones Cloudflare's SDKs read).
pub const ENV_API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
/// The account's email, for the legacy API key (with [`ENV_API_KEY`]).
pub const ENV_EMAIL: &str = "CLOUDFLARE_EMAIL";
/// The legacy global API key (with [`ENV_EMAIL`]); unused when
/// [`ENV_API_TOKEN`] is set.
pub const ENV_API_KEY: &str = "CLOUDFLARE_API_KEY";
/// The account id, when [`Cloudflare::from_env`] is not given one.
pub const ENV_ACCOUNT_ID: &str = "CLOUDFLARE_ACCOUNT_ID";
/// Another API root for [`Cloudflare::from_env`] (a mock server, say);
/// default [`aura_core::cloudflare::DEFAULT_BASE_URL`].
pub const ENV_BASE_URL: &str = "CLOUDFLARE_BASE_URL";

type Result<T> = std::result::Result<T, AuraError>;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Credentials from `CLOUDFLARE_API_TOKEN`, else `CLOUDFLARE_EMAIL` +
/// `CLOUDFLARE_API_KEY`.
pub fn auth_from_env() -> Result<Auth> {
    let (t, e, k) = (env(ENV_API_TOKEN), env(ENV_EMAIL), env(ENV_API_KEY));
    Auth::from_env_values(t.as_deref(), e.as_deref(), k.as_deref())
}

/// A transport whose every attempt times out after `timeout` (connecting
/// included), with the default retry policy.
pub fn transport_with_timeout(timeout: Duration) -> Result<Transport> {
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("aura-sign/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| AuraError::Internal(format!("HTTP client: {e}")))?;
    Ok(Transport::with_client(client))
}

/// What [`Cloudflare::ensure_signing_key`] returns.
#[derive(Clone, Debug)]
pub struct EnsuredKey {
    /// The key, with its value.
    pub key: ImagesSigningKey,
    /// Whether it was adopted or created.
    pub action: EnsureAction,
}

/// An account's Cloudflare API, over a [`Transport`].
#[derive(Clone)]
pub struct Cloudflare {
    api: Api,
    transport: Transport,
}

impl std::fmt::Debug for Cloudflare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cloudflare")
            .field("api", &self.api)
            .finish()
    }
}

impl Cloudflare {
    /// Calls `api` (account, credentials, base URL) over `transport`.
    pub fn new(api: Api, transport: Transport) -> Self {
        Cloudflare { api, transport }
    }

    /// Credentials from the environment ([`auth_from_env`]); the account id
    /// given or `CLOUDFLARE_ACCOUNT_ID`; the base URL given, or
    /// `CLOUDFLARE_BASE_URL`, or Cloudflare's; `timeout` per attempt.
    pub fn from_env(
        account_id: Option<&str>,
        base_url: Option<&str>,
        timeout: Duration,
    ) -> Result<Self> {
        let account = match account_id {
            Some(a) => a.to_string(),
            None => env(ENV_ACCOUNT_ID).ok_or_else(|| {
                AuraError::InvalidInput(format!("no account id: set {ENV_ACCOUNT_ID}"))
            })?,
        };
        let mut api = Api::new(&account, auth_from_env()?)?;
        if let Some(base) = base_url.map(String::from).or_else(|| env(ENV_BASE_URL)) {
            api = api.with_base_url(&base)?;
        }
        Ok(Cloudflare::new(api, transport_with_timeout(timeout)?))
    }

    /// The account, credentials and base URL in use.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// The transport the calls go through.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    async fn run(&self, ex: Result<Exchange>) -> Result<Answer> {
        self.transport.drive(ex?).await
    }

    // ---- Images signing keys -------------------------------------------

    /// Every signing key, with its value.
    pub async fn list_images_keys(&self) -> Result<Vec<ImagesSigningKey>> {
        match self.run(Exchange::list_images_keys(&self.api)).await? {
            Answer::ImagesKeys(keys) => Ok(keys),
            other => Err(unexpected(other)),
        }
    }

    /// Creates `name`; refuses (`invalid_input`, nothing sent but the list)
    /// when it exists, since a second PUT would rotate a live key.
    pub async fn create_images_key(&self, name: &str) -> Result<ImagesSigningKey> {
        match self
            .run(Exchange::create_images_key(&self.api, name))
            .await?
        {
            Answer::ImagesKey(key) => Ok(key),
            other => Err(unexpected(other)),
        }
    }

    /// Replaces the value of the existing key `name` (every URL signed with
    /// the old value stops working); `key_not_found` when it does not exist.
    pub async fn rotate_images_key(&self, name: &str) -> Result<ImagesSigningKey> {
        match self
            .run(Exchange::rotate_images_key(&self.api, name))
            .await?
        {
            Answer::ImagesKey(key) => Ok(key),
            other => Err(unexpected(other)),
        }
    }

    /// Deletes `name`; returns the keys left.
    pub async fn delete_images_key(&self, name: &str) -> Result<Vec<ImagesSigningKey>> {
        match self
            .run(Exchange::delete_images_key(&self.api, name))
            .await?
        {
            Answer::ImagesKeys(keys) => Ok(keys),
            other => Err(unexpected(other)),
        }
    }

    /// `ensureSigningKey(name, {adopt})`: list, then adopt, create only when
    /// missing, or refuse to rotate a live key (decided by the core).
    pub async fn ensure_signing_key(
        &self,
        name: &str,
        options: &EnsureOptions,
    ) -> Result<EnsuredKey> {
        match self
            .run(Exchange::ensure_signing_key(&self.api, name, options))
            .await?
        {
            Answer::Ensured { key, action } => Ok(EnsuredKey { key, action }),
            other => Err(unexpected(other)),
        }
    }

    /// The removal side of `ensureSigningKey`: keeps the key when
    /// `delete: false`, else deletes it (a 5404 "not found" in between counts
    /// as already gone).
    pub async fn remove_signing_key(&self, name: &str, options: &EnsureOptions) -> Result<Removal> {
        match self
            .run(Exchange::remove_signing_key(&self.api, name, options))
            .await?
        {
            Answer::Removed(removal) => Ok(removal),
            other => Err(unexpected(other)),
        }
    }

    // ---- Images ----------------------------------------------------------

    /// `GET /accounts/{account_id}/images/v1/{image_id}`: the image's
    /// details; an empty id, one over 1024 bytes or with control characters
    /// is `invalid_input`, nothing sent.
    pub async fn image_details(&self, image_id: &str) -> Result<ImageDetails> {
        match self
            .run(Exchange::image_details(&self.api, image_id))
            .await?
        {
            Answer::Image(details) => Ok(details),
            other => Err(unexpected(other)),
        }
    }

    /// `requireSignedURLs: true` makes the image private. The answer's `id`
    /// is the one to use from now on (the API may issue a new one).
    pub async fn set_image_require_signed_urls(
        &self,
        image_id: &str,
        require: bool,
    ) -> Result<ImageDetails> {
        let ex = Exchange::set_image_require_signed_urls(&self.api, image_id, require);
        match self.run(ex).await? {
            Answer::Image(details) => Ok(details),
            other => Err(unexpected(other)),
        }
    }

    // ---- Stream signing keys ---------------------------------------------

    /// Creates a signing key; the answer loads straight into a signer
    /// ([`CreatedStreamKey::signer`]). Cloudflare shows the key only here.
    pub async fn create_stream_key(&self) -> Result<CreatedStreamKey> {
        match self.run(Exchange::create_stream_key(&self.api)).await? {
            Answer::StreamKey(key) => Ok(key),
            other => Err(unexpected(other)),
        }
    }

    /// Every Stream signing key, without key material (Cloudflare shows it
    /// only at creation).
    pub async fn list_stream_keys(&self) -> Result<Vec<StreamKeyInfo>> {
        match self.run(Exchange::list_stream_keys(&self.api)).await? {
            Answer::StreamKeys(keys) => Ok(keys),
            other => Err(unexpected(other)),
        }
    }

    /// Revokes a key: tokens signed with it stop working.
    pub async fn revoke_stream_key(&self, key_id: &str) -> Result<Option<String>> {
        match self
            .run(Exchange::revoke_stream_key(&self.api, key_id))
            .await?
        {
            Answer::StreamKeyRevoked(id) => Ok(id),
            other => Err(unexpected(other)),
        }
    }

    // ---- Stream videos ---------------------------------------------------

    /// `GET /accounts/{account_id}/stream/{uid}`: the video's details; a `uid`
    /// that is not 1-32 letters and digits is `invalid_input`, nothing sent.
    pub async fn video_details(&self, uid: &str) -> Result<VideoDetails> {
        match self.run(Exchange::video_details(&self.api, uid)).await? {
            Answer::Video(details) => Ok(details),
            other => Err(unexpected(other)),
        }
    }

    /// Seed 003's `POST /stream/{uid}` with `{"uid","requireSignedURLs"}`.
    pub async fn set_video_require_signed_urls(
        &self,
        uid: &str,
        require: bool,
    ) -> Result<VideoDetails> {
        let ex = Exchange::set_video_require_signed_urls(&self.api, uid, require);
        match self.run(ex).await? {
            Answer::Video(details) => Ok(details),
            other => Err(unexpected(other)),
        }
    }

    /// A token minted by Cloudflare (`/token`; rate limited; prefer signing
    /// locally with a key from [`Cloudflare::create_stream_key`]).
    pub async fn stream_token(&self, uid: &str, options: &StreamTokenRequest) -> Result<Secret> {
        match self
            .run(Exchange::stream_token(&self.api, uid, options))
            .await?
        {
            Answer::StreamToken(token) => Ok(token),
            other => Err(unexpected(other)),
        }
    }
}

/// An answer of another kind than the operation gives: a bug in the core.
pub(crate) fn unexpected(answer: Answer) -> AuraError {
    AuraError::Internal(format!("unexpected answer {answer:?}"))
}

/// Runs one of the calls above to completion on a fresh single-threaded
/// runtime, for programs without one (`block_on(cf.list_stream_keys())`).
/// Not for use inside an async context (tokio panics there).
pub fn block_on<F: Future>(future: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| AuraError::Internal(format!("tokio runtime: {e}")))?;
    Ok(rt.block_on(future))
}
