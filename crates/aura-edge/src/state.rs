//! What every request reads: the projects and their prepared verifiers
//! (swappable at runtime for secret rotation), the store, the hot cache and
//! the clock.

use std::collections::HashMap;
use std::sync::Arc;

use arc_swap::ArcSwap;
use aura_core::auraimage::{ServeTokenVerifier, UploadTokenVerifier};
use aura_core::images::ImagesVerifier;
use aura_core::stream::{StreamPublicKey, StreamVerifier};
use tokio::sync::Semaphore;

use crate::cache::HotCache;
use crate::clock::Clock;
use crate::config::{EdgeConfig, ImagesStandInConfig, StreamStandInConfig};
use crate::error::ConfigError;
use crate::store::Store;

/// One project with its secrets parsed once.
pub struct Project {
    /// Verifies upload tokens against every `secret_keys` entry.
    pub upload: UploadTokenVerifier,
    /// `None` when the project has no serve secret: private reads all fail.
    pub serve: Option<ServeTokenVerifier>,
}

/// The Cloudflare Images stand-in, from `[cloudflare.images]`.
pub struct ImagesStandIn {
    /// The `<account hash>` segment of its delivery URLs.
    pub account_hash: String,
    /// Checks `exp`/`sig` against every configured signing key.
    pub verifier: ImagesVerifier,
    /// Unsigned URLs are refused (403).
    pub require_signed_urls: bool,
}

/// Everything derived from secrets; replaced as a whole on reload.
pub struct Keys {
    /// The projects, by name.
    pub projects: HashMap<String, Project>,
    /// The Images stand-in, when configured.
    pub images: Option<ImagesStandIn>,
    /// The Stream stand-in's token verifier, when configured.
    pub stream: Option<StreamVerifier>,
}

fn config_err(what: &str, e: aura_core::AuraError) -> ConfigError {
    ConfigError(format!("{what}: {} ({})", e, e.code()))
}

impl Keys {
    /// Parses every secret and key of `config`; a [`ConfigError`] naming the
    /// config key (`project "x" secret_keys`, `cloudflare.stream.keys[0]`, …)
    /// when one is unusable.
    pub fn from_config(config: &EdgeConfig) -> Result<Keys, ConfigError> {
        let mut projects = HashMap::new();
        for p in &config.projects {
            let upload: Vec<&str> = p.secret_keys.iter().map(String::as_str).collect();
            let serve: Vec<&str> = p
                .serve_secrets
                .iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            let project = Project {
                upload: UploadTokenVerifier::new(&upload)
                    .map_err(|e| config_err(&format!("project {:?} secret_keys", p.name), e))?,
                serve: if serve.is_empty() {
                    None
                } else {
                    Some(ServeTokenVerifier::new(&serve).map_err(|e| {
                        config_err(&format!("project {:?} serve_secrets", p.name), e)
                    })?)
                },
            };
            projects.insert(p.name.clone(), project);
        }
        let images = config
            .cloudflare
            .images
            .as_ref()
            .map(images_stand_in)
            .transpose()?;
        let stream = config
            .cloudflare
            .stream
            .as_ref()
            .map(stream_verifier)
            .transpose()?;
        Ok(Keys {
            projects,
            images,
            stream,
        })
    }
}

fn images_stand_in(c: &ImagesStandInConfig) -> Result<ImagesStandIn, ConfigError> {
    let keys: Vec<&str> = c.signing_keys.iter().map(String::as_str).collect();
    Ok(ImagesStandIn {
        account_hash: c.account_hash.clone(),
        verifier: ImagesVerifier::new(&keys)
            .map_err(|e| config_err("cloudflare.images.signing_keys", e))?,
        require_signed_urls: c.require_signed_urls,
    })
}

fn stream_verifier(c: &StreamStandInConfig) -> Result<StreamVerifier, ConfigError> {
    let mut keys = Vec::new();
    for (i, text) in c.keys.iter().enumerate() {
        let kid = c.key_ids.get(i).map(String::as_str);
        keys.push(
            StreamPublicKey::from_any(text, kid)
                .map_err(|e| config_err(&format!("cloudflare.stream.keys[{i}]"), e))?,
        );
    }
    StreamVerifier::new(keys).map_err(|e| config_err("cloudflare.stream.keys", e))
}

/// The state every route reads.
pub struct AppState {
    /// The current keys; swapped whole by [`AppState::reload`].
    pub keys: ArcSwap<Keys>,
    /// Where images, variants and stand-in files are kept.
    pub store: Arc<dyn Store>,
    /// The in-memory hot cache.
    pub cache: HotCache,
    /// Token expiry and upload times read this clock.
    pub clock: Arc<dyn Clock>,
    /// Base of the URLs in upload responses, without a trailing `/`.
    pub public_url: String,
    /// `limits.max_upload_bytes`: no upload is larger, whatever the token's
    /// `maxSize`.
    pub max_upload_bytes: u64,
    /// One permit per concurrent transform (`limits.transform_concurrency`,
    /// at least 1).
    pub transforms: Semaphore,
}

impl AppState {
    /// Swaps in the projects and keys of `config` (secret rotation without a
    /// restart). Requests in flight finish with the keys they started with.
    pub fn reload(&self, config: &EdgeConfig) -> Result<(), ConfigError> {
        self.keys.store(Arc::new(Keys::from_config(config)?));
        Ok(())
    }
}
