//! `ImgixClient` / `UrlBuilder`: a domain, an optional secure URL token,
//! and signed URLs `scheme://domain PATH QUERY [&|?]s=md5(token PATH QUERY)`.

use std::fmt;

use super::domain::check_domain;
use super::params::build_query;
use super::path::sanitize_path;
use super::{ImgixStyle, ImgixValue};
use crate::error::{invalid, Result};
use crate::secret::Secret;

/// The client's settings besides the domain and token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImgixClientOptions {
    /// Whose URLs to produce (`js` by default).
    pub style: ImgixStyle,
    /// `https://` (default) or `http://`; not signed.
    pub use_https: bool,
    /// Add `ixlib=js-3.8.0` / `ixlib=python-4.0.0` (both SDKs default to
    /// true; Aura to false: the URLs are not made by those libraries).
    pub include_library_param: bool,
}

impl Default for ImgixClientOptions {
    fn default() -> Self {
        ImgixClientOptions {
            style: ImgixStyle::Js,
            use_https: true,
            include_library_param: false,
        }
    }
}

/// An imgix source: domain, secure URL token (prepared once), settings.
#[derive(Clone)]
pub struct ImgixClient {
    domain: String,
    token: Option<Secret>,
    options: ImgixClientOptions,
}

/// `md5(token + path + query)` as lowercase hex.
pub(super) fn signature(token: &str, path_and_query: &str) -> String {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    h.update(token.as_bytes());
    h.update(path_and_query.as_bytes());
    hex::encode(h.finalize())
}

impl ImgixClient {
    /// `secure_url_token` `None` or empty: URLs are not signed (as in both
    /// SDKs).
    pub fn new(
        domain: &str,
        secure_url_token: Option<&str>,
        options: ImgixClientOptions,
    ) -> Result<Self> {
        if domain.bytes().any(|b| b.is_ascii_control()) {
            return Err(invalid("the domain contains control characters"));
        }
        check_domain(domain, options.style)?;
        Ok(ImgixClient {
            domain: domain.to_string(),
            token: secure_url_token.filter(|t| !t.is_empty()).map(Secret::new),
            options,
        })
    }

    /// The SDK whose URLs this client produces.
    pub fn style(&self) -> ImgixStyle {
        self.options.style
    }

    /// `buildURL(path, params, {disablePathEncoding})` /
    /// `create_url(path, params, {"disable_path_encoding": …})`.
    pub fn build_url(
        &self,
        path: &str,
        params: &[(String, ImgixValue)],
        disable_path_encoding: bool,
    ) -> Result<String> {
        let style = self.options.style;
        let path = sanitize_path(path, disable_path_encoding, style);
        let library = self
            .options
            .include_library_param
            .then(|| style.library_param());
        let mut query = build_query(params, library, style)?;
        if let Some(token) = &self.token {
            let s = signature(token.expose(), &format!("{path}{query}"));
            query.push_str(if query.is_empty() { "?s=" } else { "&s=" });
            query.push_str(&s);
        }
        let scheme = if self.options.use_https {
            "https"
        } else {
            "http"
        };
        Ok(format!("{scheme}://{}{path}{query}", self.domain))
    }
}

impl fmt::Debug for ImgixClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ImgixClient({}, {}, {})",
            self.domain,
            if self.token.is_some() {
                "signed"
            } else {
                "unsigned"
            },
            self.options.style.as_str()
        )
    }
}
