//! Bunny CDN token authentication for Node: a signer holding the pull
//! zone's key, a verifier holding the keys.

use aura_core::bunny as core;

use crate::args;
use crate::errors::{guard, Result};

/// The signers' arguments (camelCase); an empty string is the same as none.
#[napi(object)]
pub struct BunnySignOptions {
    pub style: Option<String>,
    pub expiration_time: Option<f64>,
    pub expires_at: Option<f64>,
    pub user_ip: Option<String>,
    /// Default: the style's reference default (`true` in the python style only).
    pub is_directory: Option<bool>,
    pub path_allowed: Option<String>,
    pub countries_allowed: Option<String>,
    pub countries_blocked: Option<String>,
    pub ignore_params: Option<bool>,
    pub speed_limit: Option<f64>,
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty())
}

fn sign_options(o: Option<BunnySignOptions>) -> Result<core::BunnyOptions> {
    let defaults = core::BunnyOptions::default();
    let Some(o) = o else { return Ok(defaults) };
    let style = guard(|| core::BunnyStyle::parse(o.style.as_deref().unwrap_or("default")))?;
    Ok(core::BunnyOptions {
        style,
        expiration_time: args::opt_seconds("expirationTime", o.expiration_time)?
            .unwrap_or(defaults.expiration_time),
        expires_at: args::opt_seconds("expiresAt", o.expires_at)?,
        user_ip: non_empty(o.user_ip),
        directory: o.is_directory.unwrap_or(style.default_is_directory()),
        path_allowed: non_empty(o.path_allowed),
        countries_allowed: non_empty(o.countries_allowed),
        countries_blocked: non_empty(o.countries_blocked),
        ignore_params: o.ignore_params.unwrap_or(false),
        speed_limit: args::opt_seconds("speedLimit", o.speed_limit)?.unwrap_or(0),
    })
}

#[napi(object, object_from_js = false)]
pub struct SignedBunnyUrl {
    pub url: String,
    pub token: String,
    pub expires: i64,
    pub signature_path: String,
    pub signing_data: String,
}

#[napi(js_name = "NativeBunnySigner")]
pub struct BunnySigner {
    inner: core::BunnySigner,
}

#[napi]
impl BunnySigner {
    /// The pull zone's token authentication key, as UTF-8 text.
    #[napi(constructor)]
    pub fn new(security_key: String) -> Result<Self> {
        guard(|| core::BunnySigner::new(&security_key)).map(|inner| BunnySigner { inner })
    }

    #[napi]
    pub fn sign(
        &self,
        url: String,
        now: f64,
        options: Option<BunnySignOptions>,
    ) -> Result<SignedBunnyUrl> {
        let now = args::now(now)?;
        let o = sign_options(options)?;
        guard(|| self.inner.sign(&url, &o, now)).map(|s| SignedBunnyUrl {
            url: s.url,
            token: s.token,
            expires: s.expires,
            signature_path: s.signature_path,
            signing_data: s.signing_data,
        })
    }
}

#[napi(object, object_from_js = false)]
pub struct BunnyToken {
    pub expires: i64,
    pub directory: bool,
    pub ip_locked: bool,
    pub path_allowed: Option<String>,
    pub countries_allowed: Option<String>,
    pub countries_blocked: Option<String>,
    pub speed_limit: Option<String>,
    pub ignore_params: bool,
}

#[napi(js_name = "NativeBunnyVerifier")]
pub struct BunnyVerifier {
    inner: core::BunnyVerifier,
}

#[napi]
impl BunnyVerifier {
    #[napi(constructor)]
    pub fn new(keys: Vec<String>) -> Result<Self> {
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        guard(|| core::BunnyVerifier::new(&refs)).map(|inner| BunnyVerifier { inner })
    }

    #[napi]
    pub fn verify(
        &self,
        url: String,
        now: f64,
        viewer_ip: Option<String>,
        viewer_country: Option<String>,
    ) -> Result<BunnyToken> {
        let now = args::now(now)?;
        let viewer = core::BunnyViewer {
            ip: viewer_ip.as_deref(),
            country: viewer_country.as_deref(),
        };
        guard(|| self.inner.verify(&url, now, &viewer)).map(|t| BunnyToken {
            expires: t.expires,
            directory: t.directory,
            ip_locked: t.ip_locked,
            path_allowed: t.path_allowed,
            countries_allowed: t.countries_allowed,
            countries_blocked: t.countries_blocked,
            speed_limit: t.speed_limit,
            ignore_params: t.ignore_params,
        })
    }
}
