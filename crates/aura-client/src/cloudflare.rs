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
    self as core, error_codes, Api, Auth, CreatedStreamKey, EnsureDecision, EnsureOptions,
    ImageDetails, ImagesSigningKey, RemovalDecision, StreamKeyInfo, StreamTokenRequest,
    VideoDetails,
};
use aura_core::http::Request;
use aura_core::{AuraError, Secret};

use crate::transport::Transport;

/// The environment variables read by [`auth_from_env`] and
/// [`Cloudflare::from_env`] (the ones Cloudflare's SDKs read).
pub const ENV_API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
pub const ENV_EMAIL: &str = "CLOUDFLARE_EMAIL";
pub const ENV_API_KEY: &str = "CLOUDFLARE_API_KEY";
pub const ENV_ACCOUNT_ID: &str = "CLOUDFLARE_ACCOUNT_ID";
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

/// How [`Cloudflare::ensure_signing_key`] got its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnsureAction {
    /// It existed and `adopt` was set: nothing was changed.
    Adopted,
    /// It did not exist: it was created.
    Created,
}

#[derive(Clone, Debug)]
pub struct EnsuredKey {
    pub key: ImagesSigningKey,
    pub action: EnsureAction,
}

/// What [`Cloudflare::remove_signing_key`] did.
#[derive(Clone, Debug)]
pub enum Removal {
    /// `delete: false`: the key stays at Cloudflare.
    Kept,
    /// No key had that name.
    AlreadyGone,
    /// Deleted; the keys left (a new `default` if it was the last one).
    Deleted { remaining: Vec<ImagesSigningKey> },
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

    pub fn api(&self) -> &Api {
        &self.api
    }

    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    async fn call<T>(
        &self,
        req: Result<Request>,
        parse: impl FnOnce(u16, &[u8]) -> Result<T>,
    ) -> Result<T> {
        let res = self.transport.send(&req?).await?;
        parse(res.status, &res.body)
    }

    // ---- Images signing keys -------------------------------------------

    /// Every signing key, with its value.
    pub async fn list_images_keys(&self) -> Result<Vec<ImagesSigningKey>> {
        self.call(
            core::list_images_keys_request(&self.api),
            core::parse_list_images_keys,
        )
        .await
    }

    async fn put_images_key(&self, name: &str, rotate: bool) -> Result<ImagesSigningKey> {
        let req = if rotate {
            core::rotate_images_key_request(&self.api, name)
        } else {
            core::create_images_key_request(&self.api, name)
        };
        self.call(req, |s, b| core::parse_put_images_key(s, b, name))
            .await
    }

    /// Creates `name`; refuses (`invalid_input`, nothing sent but the list)
    /// when it exists, since a second PUT would rotate a live key.
    pub async fn create_images_key(&self, name: &str) -> Result<ImagesSigningKey> {
        let ensured = self
            .ensure_signing_key(name, &EnsureOptions::default())
            .await?;
        Ok(ensured.key)
    }

    /// Replaces the value of the existing key `name` (every URL signed with
    /// the old value stops working); `key_not_found` when it does not exist.
    pub async fn rotate_images_key(&self, name: &str) -> Result<ImagesSigningKey> {
        aura_core::cloudflare::validate_images_key_name(name)?;
        let listed = self.list_images_keys().await?;
        if !listed.iter().any(|k| k.name == name) {
            return Err(AuraError::KeyNotFound(name.to_string()));
        }
        self.put_images_key(name, true).await
    }

    /// Deletes `name`; returns the keys left.
    pub async fn delete_images_key(&self, name: &str) -> Result<Vec<ImagesSigningKey>> {
        self.call(
            core::delete_images_key_request(&self.api, name),
            core::parse_delete_images_key,
        )
        .await
    }

    /// `ensureSigningKey(name, {adopt})`: list, decide
    /// ([`aura_core::cloudflare::decide_ensure`]), create only when missing.
    pub async fn ensure_signing_key(
        &self,
        name: &str,
        options: &EnsureOptions,
    ) -> Result<EnsuredKey> {
        aura_core::cloudflare::validate_images_key_name(name)?;
        let listed = self.list_images_keys().await?;
        match core::decide_ensure(&listed, name, options)? {
            EnsureDecision::Adopt(key) => Ok(EnsuredKey {
                key,
                action: EnsureAction::Adopted,
            }),
            EnsureDecision::Create => Ok(EnsuredKey {
                key: self.put_images_key(name, false).await?,
                action: EnsureAction::Created,
            }),
            EnsureDecision::Refuse { reason } => Err(AuraError::InvalidInput(reason)),
        }
    }

    /// The removal side of `ensureSigningKey`: keeps the key when
    /// `delete: false`, else deletes it (a 5404 "not found" in between counts
    /// as already gone).
    pub async fn remove_signing_key(&self, name: &str, options: &EnsureOptions) -> Result<Removal> {
        aura_core::cloudflare::validate_images_key_name(name)?;
        if !options.delete {
            return Ok(Removal::Kept);
        }
        let listed = self.list_images_keys().await?;
        match core::decide_removal(&listed, name, options)? {
            RemovalDecision::Keep => Ok(Removal::Kept),
            RemovalDecision::AlreadyGone => Ok(Removal::AlreadyGone),
            RemovalDecision::Delete { .. } => match self.delete_images_key(name).await {
                Ok(remaining) => Ok(Removal::Deleted { remaining }),
                Err(e) if error_codes(&e).contains(&5404) => Ok(Removal::AlreadyGone),
                Err(e) => Err(e),
            },
        }
    }

    // ---- Images ----------------------------------------------------------

    pub async fn image_details(&self, image_id: &str) -> Result<ImageDetails> {
        self.call(
            core::image_details_request(&self.api, image_id),
            core::parse_image_details,
        )
        .await
    }

    /// `requireSignedURLs: true` makes the image private. The answer's `id`
    /// is the one to use from now on (the API may issue a new one).
    pub async fn set_image_require_signed_urls(
        &self,
        image_id: &str,
        require: bool,
    ) -> Result<ImageDetails> {
        self.call(
            core::set_image_require_signed_urls_request(&self.api, image_id, require),
            core::parse_set_image_require_signed_urls,
        )
        .await
    }

    // ---- Stream signing keys ---------------------------------------------

    /// A new key, loaded ([`CreatedStreamKey::signer`]). Sent once: never
    /// repeated after a 5xx or a timeout.
    pub async fn create_stream_key(&self) -> Result<CreatedStreamKey> {
        self.call(
            core::create_stream_key_request(&self.api),
            core::parse_create_stream_key,
        )
        .await
    }

    pub async fn list_stream_keys(&self) -> Result<Vec<StreamKeyInfo>> {
        self.call(
            core::list_stream_keys_request(&self.api),
            core::parse_list_stream_keys,
        )
        .await
    }

    /// Revokes `key_id`; returns Cloudflare's result text (`"ok"`), if any.
    pub async fn revoke_stream_key(&self, key_id: &str) -> Result<Option<String>> {
        self.call(
            core::revoke_stream_key_request(&self.api, key_id),
            core::parse_revoke_stream_key,
        )
        .await
    }

    // ---- Stream videos ---------------------------------------------------

    pub async fn video_details(&self, uid: &str) -> Result<VideoDetails> {
        self.call(
            core::video_details_request(&self.api, uid),
            core::parse_video_details,
        )
        .await
    }

    /// Seed 003's `POST /stream/{uid}` with `{"uid","requireSignedURLs"}`.
    pub async fn set_video_require_signed_urls(
        &self,
        uid: &str,
        require: bool,
    ) -> Result<VideoDetails> {
        self.call(
            core::set_video_require_signed_urls_request(&self.api, uid, require),
            core::parse_set_video_require_signed_urls,
        )
        .await
    }

    /// A token minted by Cloudflare (`/token`; rate limited; prefer signing
    /// locally with a key from [`Cloudflare::create_stream_key`]).
    pub async fn stream_token(&self, uid: &str, options: &StreamTokenRequest) -> Result<Secret> {
        self.call(
            core::stream_token_request(&self.api, uid, options),
            core::parse_stream_token,
        )
        .await
    }
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
