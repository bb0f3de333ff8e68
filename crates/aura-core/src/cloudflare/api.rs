//! Where requests go: the base URL (default Cloudflare's v4 API; a mock
//! server's root in tests), the account, and the credentials.

use std::fmt;

use super::auth::Auth;
use crate::error::{invalid, Result};
use crate::http::{Method, Request};
use crate::js::uri::push_encode_uri_component;

/// Cloudflare's API root (the OpenAPI document's `servers[0].url`).
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// An account-scoped API endpoint with credentials. `Debug` is redacted.
#[derive(Clone)]
pub struct Api {
    base_url: String,
    account_id: String,
    auth: Auth,
}

/// Account ids, Stream key ids and video UIDs are 32 hex characters; the
/// OpenAPI document says `maxLength: 32`. Checked here so a typo never
/// becomes a request to another path.
pub(crate) fn check_id(what: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(format!(
            "{what} must be 1-32 letters and digits (Cloudflare ids are 32 hex characters), got {id:?}"
        )));
    }
    Ok(())
}

impl Api {
    /// `account_id` for Cloudflare's API at [`DEFAULT_BASE_URL`].
    pub fn new(account_id: &str, auth: Auth) -> Result<Self> {
        check_id("the account id", account_id)?;
        Ok(Api {
            base_url: DEFAULT_BASE_URL.to_string(),
            account_id: account_id.to_string(),
            auth,
        })
    }

    /// Another API root (`http(s)://host[:port][/path]`, no query, no
    /// credentials); a trailing `/` is dropped.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self> {
        let parsed = url::Url::parse(base_url)
            .map_err(|e| invalid(format!("base URL {base_url:?} is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https")
            || parsed.host_str().is_none_or(str::is_empty)
            || parsed.query().is_some()
            || parsed.fragment().is_some()
            || !parsed.username().is_empty()
            || parsed.password().is_some()
        {
            return Err(invalid(format!(
                "base URL must be http(s)://host[:port][/path] without query, fragment or credentials, got {base_url:?}"
            )));
        }
        self.base_url = base_url.trim_end_matches('/').to_string();
        Ok(self)
    }

    /// The API root, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The account id in every request path.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The credentials sent with every request.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// `{base}/accounts/{account_id}/{segments…}`, each segment
    /// percent-encoded (`encodeURIComponent`, so `/` and `%` are escaped).
    pub fn url(&self, segments: &[&str]) -> String {
        let mut url = String::with_capacity(self.base_url.len() + 64);
        url.push_str(&self.base_url);
        url.push_str("/accounts/");
        push_encode_uri_component(&mut url, &self.account_id);
        for s in segments {
            url.push('/');
            push_encode_uri_component(&mut url, s);
        }
        url
    }

    /// A request to [`Api::url`] carrying the credentials.
    pub fn request(&self, method: Method, segments: &[&str]) -> Request {
        let mut req = Request::new(method, self.url(segments));
        req.headers = self.auth.headers();
        req
    }
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("base_url", &self.base_url)
            .field("account_id", &self.account_id)
            .field("auth", &self.auth)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::test_support::*;

    #[test]
    fn urls() {
        let api = api();
        assert_eq!(
            api.url(&["images", "v1", "keys"]),
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/keys")
        );
        assert_eq!(
            api.url(&["images", "v1", "a/b%c d"]),
            format!(
                "https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/images/v1/a%2Fb%25c%20d"
            )
        );
        assert_eq!(
            legacy_api().url(&["stream", "keys"]),
            format!("http://127.0.0.1:4010/accounts/{ACCOUNT}/stream/keys")
        );
    }

    #[test]
    fn base_urls() {
        for ok in ["http://127.0.0.1:4010", "https://example.com/client/v4/"] {
            assert!(api().with_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ftp://x",
            "http://",
            "not a url",
            "https://x/?q=1",
            "https://x/#f",
            "https://u:p@x/",
        ] {
            assert_eq!(
                api().with_base_url(bad).unwrap_err().code(),
                "invalid_input",
                "{bad}"
            );
        }
    }

    #[test]
    fn account_ids() {
        let auth = Auth::api_token("t").unwrap();
        for bad in ["", "../x", &"a".repeat(33), "abc def"] {
            assert!(Api::new(bad, auth.clone()).is_err(), "{bad:?}");
        }
        assert!(Api::new(&"a".repeat(32), auth).is_ok());
    }

    #[test]
    fn debug_hides_credentials() {
        let shown = format!("{:?} {:?}", api(), legacy_api());
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains(ACCOUNT));
    }
}
