//! Akamai EdgeAuth (Auth Token 2.0) for Node: a signer holding the decoded
//! hex key, a verifier holding the trusted keys and the property's settings.

use aura_core::akamai as core;
use napi::Either;

use crate::args;
use crate::errors::{guard, invalid, Result};

/// The packages' options (camelCase as `akamai-edgeauth` on npm).
#[napi(object)]
pub struct EdgeAuthTokenOptions {
    pub style: Option<String>,
    pub ip: Option<String>,
    /// Unix seconds, or `"now"` (any case).
    pub start_time: Option<Either<f64, String>>,
    pub end_time: Option<f64>,
    pub window_seconds: Option<f64>,
    pub session_id: Option<String>,
    pub payload: Option<String>,
    pub salt: Option<String>,
    pub field_delimiter: Option<String>,
    pub acl_delimiter: Option<String>,
    pub escape_early: Option<bool>,
}

fn token_options(o: Option<EdgeAuthTokenOptions>) -> Result<core::EdgeAuthOptions> {
    let defaults = core::EdgeAuthOptions::default();
    let Some(o) = o else { return Ok(defaults) };
    let start_time = match o.start_time {
        None => None,
        Some(Either::B(t)) if t.eq_ignore_ascii_case("now") => Some(core::EdgeAuthStart::Now),
        Some(Either::B(t)) => {
            return Err(invalid(format!(
                "startTime must be a number of seconds or \"now\", got {t:?}"
            )))
        }
        Some(Either::A(n)) => Some(core::EdgeAuthStart::At(args::seconds("startTime", n)?)),
    };
    Ok(core::EdgeAuthOptions {
        style: guard(|| core::EdgeAuthStyle::parse(o.style.as_deref().unwrap_or("default")))?,
        ip: o.ip,
        start_time,
        end_time: args::opt_seconds("endTime", o.end_time)?,
        window_seconds: args::opt_seconds("windowSeconds", o.window_seconds)?,
        session_id: o.session_id,
        payload: o.payload,
        salt: o.salt,
        field_delimiter: o.field_delimiter.unwrap_or(defaults.field_delimiter),
        acl_delimiter: o.acl_delimiter.unwrap_or(defaults.acl_delimiter),
        escape_early: o.escape_early.unwrap_or(false),
    })
}

fn algorithm(a: Option<String>) -> Result<core::EdgeAuthAlgorithm> {
    guard(|| core::EdgeAuthAlgorithm::parse(a.as_deref().unwrap_or("sha256")))
}

#[napi(object, object_from_js = false)]
pub struct EdgeAuthToken {
    pub token: String,
    pub string_to_sign: String,
    pub start: Option<i64>,
    pub expires: i64,
}

fn token(t: core::EdgeAuthToken) -> EdgeAuthToken {
    EdgeAuthToken {
        token: t.token,
        string_to_sign: t.string_to_sign,
        start: t.start,
        expires: t.expires,
    }
}

#[napi(js_name = "NativeEdgeAuthSigner")]
pub struct EdgeAuthSigner {
    inner: core::EdgeAuthSigner,
}

#[napi]
impl EdgeAuthSigner {
    #[napi(constructor)]
    pub fn new(key: String, algorithm: Option<String>) -> Result<Self> {
        let algorithm = self::algorithm(algorithm)?;
        guard(|| core::EdgeAuthSigner::new(&key, algorithm)).map(|inner| EdgeAuthSigner { inner })
    }

    #[napi(getter)]
    pub fn algorithm(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.algorithm().as_str()))
    }

    #[napi]
    pub fn url_token(
        &self,
        url: String,
        now: f64,
        options: Option<EdgeAuthTokenOptions>,
    ) -> Result<EdgeAuthToken> {
        let now = args::now(now)?;
        let o = token_options(options)?;
        guard(|| self.inner.url_token(&url, &o, now)).map(token)
    }

    #[napi]
    pub fn acl_token(
        &self,
        acl: Vec<String>,
        now: f64,
        options: Option<EdgeAuthTokenOptions>,
    ) -> Result<EdgeAuthToken> {
        let now = args::now(now)?;
        let o = token_options(options)?;
        guard(|| self.inner.acl_token(&acl, &o, now)).map(token)
    }
}

#[napi(object, object_from_js = false)]
pub struct EdgeAuthClaims {
    pub ip: Option<String>,
    pub start: Option<i64>,
    pub expires: i64,
    pub acl: Option<Vec<String>>,
    pub session_id: Option<String>,
    pub payload: Option<String>,
}

fn claims(c: core::EdgeAuthClaims) -> EdgeAuthClaims {
    EdgeAuthClaims {
        ip: c.ip,
        start: c.start,
        expires: c.expires,
        acl: c.acl,
        session_id: c.session_id,
        payload: c.payload,
    }
}

#[napi(js_name = "NativeEdgeAuthVerifier")]
pub struct EdgeAuthVerifier {
    inner: core::EdgeAuthVerifier,
}

#[napi]
impl EdgeAuthVerifier {
    #[napi(constructor)]
    pub fn new(
        keys: Vec<String>,
        algorithm: Option<String>,
        settings: Option<EdgeAuthTokenOptions>,
    ) -> Result<Self> {
        let algorithm = self::algorithm(algorithm)?;
        let settings = token_options(settings)?;
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        guard(|| core::EdgeAuthVerifier::new(&refs, algorithm, &settings))
            .map(|inner| EdgeAuthVerifier { inner })
    }

    #[napi]
    pub fn verify_url(
        &self,
        token: String,
        url: String,
        now: f64,
        viewer_ip: Option<String>,
    ) -> Result<EdgeAuthClaims> {
        let now = args::now(now)?;
        guard(|| {
            self.inner
                .verify_url(&token, &url, now, viewer_ip.as_deref())
        })
        .map(claims)
    }

    #[napi]
    pub fn verify_acl(
        &self,
        token: String,
        path: String,
        now: f64,
        viewer_ip: Option<String>,
    ) -> Result<EdgeAuthClaims> {
        let now = args::now(now)?;
        guard(|| {
            self.inner
                .verify_acl(&token, &path, now, viewer_ip.as_deref())
        })
        .map(claims)
    }
}
