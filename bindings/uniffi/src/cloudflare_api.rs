//! Where Cloudflare requests go and how they authenticate: credentials (an
//! API token, or the legacy email + Global API key) and an account-scoped
//! API. Both are objects whose `toString`/`description` never show a token
//! or key. The environment is read by the host language, which hands the
//! values to `CloudflareCredentials.fromEnvValues`.

use aura_core::cloudflare::{self as cf, Api, Auth};
use aura_core::Secret;
use std::fmt;
use std::sync::Arc;

use crate::cloudflare::{core_rule, AccessRule};
use crate::errors::{guard, Result};
use crate::secret::SecretText;

/// Cloudflare API credentials. Printed as their scheme only.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudflareCredentials {
    pub(crate) inner: Auth,
}

#[uniffi::export]
impl CloudflareCredentials {
    /// `Authorization: Bearer <token>` (the preferred scheme).
    #[uniffi::constructor]
    pub fn api_token(token: String) -> Result<Arc<Self>> {
        guard(|| Auth::api_token(Secret::new(token))).map(|inner| Arc::new(Self { inner }))
    }

    /// `X-Auth-Email` + `X-Auth-Key` (the legacy Global API key).
    #[uniffi::constructor]
    pub fn legacy(email: String, key: String) -> Result<Arc<Self>> {
        guard(|| Auth::legacy(&email, Secret::new(key))).map(|inner| Arc::new(Self { inner }))
    }

    /// The values of `CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_EMAIL` and
    /// `CLOUDFLARE_API_KEY` (null or empty = unset): a token wins, else
    /// email and key must both be set.
    #[uniffi::constructor]
    pub fn from_env_values(
        token: Option<String>,
        email: Option<String>,
        key: Option<String>,
    ) -> Result<Arc<Self>> {
        guard(|| Auth::from_env_values(token.as_deref(), email.as_deref(), key.as_deref()))
            .map(|inner| Arc::new(Self { inner }))
    }

    /// `api_token` or `legacy`.
    pub fn scheme(&self) -> String {
        self.inner.scheme().to_string()
    }
}

impl fmt::Display for CloudflareCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CloudflareCredentials({}, <redacted>)",
            self.inner.scheme()
        )
    }
}

impl fmt::Debug for CloudflareCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An account's API root with credentials.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct CloudflareApi {
    pub(crate) inner: Api,
}

#[uniffi::export]
impl CloudflareApi {
    /// `base_url`: default `https://api.cloudflare.com/client/v4`.
    #[uniffi::constructor(default(base_url = None))]
    pub fn new(
        account_id: String,
        credentials: Arc<CloudflareCredentials>,
        base_url: Option<String>,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let api = Api::new(&account_id, credentials.inner.clone())?;
            match base_url {
                Some(base) => api.with_base_url(&base),
                None => Ok(api),
            }
        })
        .map(|inner| Arc::new(Self { inner }))
    }

    pub fn account_id(&self) -> String {
        self.inner.account_id().to_string()
    }

    pub fn base_url(&self) -> String {
        self.inner.base_url().to_string()
    }

    /// `api_token` or `legacy`.
    pub fn auth_scheme(&self) -> String {
        self.inner.auth().scheme().to_string()
    }
}

impl fmt::Display for CloudflareApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CloudflareApi(account={}, base={}, auth={})",
            self.inner.account_id(),
            self.inner.base_url(),
            self.inner.auth().scheme()
        )
    }
}

impl fmt::Debug for CloudflareApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The Cloudflare default API root.
#[uniffi::export]
pub fn cloudflare_default_base_url() -> String {
    cf::DEFAULT_BASE_URL.to_string()
}

/// Sign `/token` tokens with your own key: its id and the API's base64 `pem`
/// (a `CreatedStreamKey`'s `id` and `pem`).
#[derive(uniffi::Record)]
pub struct TokenSigningKey {
    pub id: String,
    pub pem: Arc<SecretText>,
}

/// The body of `POST /stream/{uid}/token`; every member is optional.
#[derive(uniffi::Record, Default)]
pub struct StreamTokenRequest {
    #[uniffi(default = None)]
    pub signing_key: Option<TokenSigningKey>,
    /// Unix time; at most 24 h after issue.
    #[uniffi(default = None)]
    pub exp: Option<i64>,
    #[uniffi(default = None)]
    pub nbf: Option<i64>,
    #[uniffi(default = None)]
    pub downloadable: Option<bool>,
    #[uniffi(default = None)]
    pub access_rules: Option<Vec<AccessRule>>,
    /// `flags.original`: the original video, without transformations.
    #[uniffi(default = None)]
    pub original: Option<bool>,
}

pub(crate) fn token_request(r: &StreamTokenRequest) -> aura_core::Result<cf::StreamTokenRequest> {
    Ok(cf::StreamTokenRequest {
        signing_key: r
            .signing_key
            .as_ref()
            .map(|k| (k.id.clone(), k.pem.inner.clone())),
        exp: r.exp,
        nbf: r.nbf,
        downloadable: r.downloadable,
        access_rules: r
            .access_rules
            .as_ref()
            .map(|rules| rules.iter().map(core_rule).collect())
            .transpose()?,
        original: r.original,
    })
}
