//! Cloudflare API credentials: an API token (`Authorization: Bearer …`, the
//! preferred scheme) or the legacy Global API key (`X-Auth-Email` +
//! `X-Auth-Key`). The core never reads the environment: a host reads
//! `CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_EMAIL` and `CLOUDFLARE_API_KEY` (the
//! variables Cloudflare's SDKs read) and hands the values to
//! [`Auth::from_env_values`].

use std::fmt;

use crate::error::{invalid, Result};
use crate::secret::Secret;

/// The environment variables Cloudflare's SDKs read, in the order tried.
pub const ENV_API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
/// The account email of the legacy Global API key.
pub const ENV_EMAIL: &str = "CLOUDFLARE_EMAIL";
/// The legacy Global API key.
pub const ENV_API_KEY: &str = "CLOUDFLARE_API_KEY";

/// How requests authenticate. `Debug` never shows the token or key.
#[derive(Clone)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    ApiToken(Secret),
    /// `X-Auth-Email: <email>` and `X-Auth-Key: <key>`.
    Legacy {
        /// The account email (`X-Auth-Email`).
        email: String,
        /// The Global API key (`X-Auth-Key`).
        key: Secret,
    },
}

/// A header value must be one line of visible ASCII (RFC 9110 §5.5 allows
/// more, but credentials never need it and reqwest refuses control bytes).
fn check_value(what: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(invalid(format!("{what} is empty")));
    }
    if !value.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(invalid(format!(
            "{what} contains spaces, control or non-ASCII characters (a pasted newline?)"
        )));
    }
    Ok(())
}

fn non_empty(v: Option<&str>) -> Option<&str> {
    v.filter(|s| !s.is_empty())
}

impl Auth {
    /// An API token; `invalid_input` if it is empty or not one line of visible ASCII.
    pub fn api_token(token: impl Into<Secret>) -> Result<Self> {
        let token = token.into();
        check_value("the Cloudflare API token", token.expose())?;
        Ok(Auth::ApiToken(token))
    }

    /// The legacy email and Global API key; `invalid_input` if either is empty or
    /// not one line of visible ASCII.
    pub fn legacy(email: &str, key: impl Into<Secret>) -> Result<Self> {
        let key = key.into();
        check_value("the Cloudflare account email", email)?;
        check_value("the Cloudflare Global API key", key.expose())?;
        Ok(Auth::Legacy {
            email: email.to_string(),
            key,
        })
    }

    /// The values of `CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_EMAIL` and
    /// `CLOUDFLARE_API_KEY` (unset or empty = `None`). A token wins; otherwise
    /// email and key must both be set.
    pub fn from_env_values(
        token: Option<&str>,
        email: Option<&str>,
        key: Option<&str>,
    ) -> Result<Self> {
        match (non_empty(token), non_empty(email), non_empty(key)) {
            (Some(t), _, _) => Auth::api_token(t),
            (None, Some(e), Some(k)) => Auth::legacy(e, k),
            (None, Some(_), None) => Err(invalid(format!(
                "{ENV_EMAIL} is set but {ENV_API_KEY} is not (or set {ENV_API_TOKEN})"
            ))),
            (None, None, Some(_)) => Err(invalid(format!(
                "{ENV_API_KEY} is set but {ENV_EMAIL} is not (or set {ENV_API_TOKEN})"
            ))),
            (None, None, None) => Err(invalid(format!(
                "no Cloudflare credentials: set {ENV_API_TOKEN}, or {ENV_EMAIL} and {ENV_API_KEY}"
            ))),
        }
    }

    /// The headers to send, in order.
    pub fn headers(&self) -> Vec<(String, String)> {
        match self {
            Auth::ApiToken(t) => vec![("Authorization".into(), format!("Bearer {}", t.expose()))],
            Auth::Legacy { email, key } => vec![
                ("X-Auth-Email".into(), email.clone()),
                ("X-Auth-Key".into(), key.expose().to_string()),
            ],
        }
    }

    /// `api_token` or `legacy`: safe to log.
    pub fn scheme(&self) -> &'static str {
        match self {
            Auth::ApiToken(_) => "api_token",
            Auth::Legacy { .. } => "legacy",
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::ApiToken(t) => {
                write!(f, "Auth::ApiToken(<redacted, {} bytes>)", t.expose().len())
            }
            Auth::Legacy { email, key } => write!(
                f,
                "Auth::Legacy {{ email: {email:?}, key: <redacted, {} bytes> }}",
                key.expose().len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_wins_then_email_and_key() {
        let a = Auth::from_env_values(Some("tok"), Some("a@b.c"), Some("k")).unwrap();
        assert_eq!(
            a.headers(),
            vec![("Authorization".into(), "Bearer tok".into())]
        );
        let a = Auth::from_env_values(Some(""), Some("a@b.c"), Some("k")).unwrap();
        assert_eq!(
            a.headers(),
            vec![
                ("X-Auth-Email".to_string(), "a@b.c".to_string()),
                ("X-Auth-Key".to_string(), "k".to_string())
            ]
        );
        assert_eq!(a.scheme(), "legacy");
    }

    #[test]
    fn incomplete_or_missing_credentials() {
        for (t, e, k, needle) in [
            (None, Some("a@b.c"), None, "CLOUDFLARE_API_KEY is not"),
            (None, None, Some("k"), "CLOUDFLARE_EMAIL is not"),
            (None, None, None, "no Cloudflare credentials"),
            (Some(""), Some(""), Some(""), "no Cloudflare credentials"),
        ] {
            let err = Auth::from_env_values(t, e, k).unwrap_err();
            assert_eq!(err.code(), "invalid_input");
            assert!(err.message().contains(needle), "{err}");
        }
    }

    #[test]
    fn values_that_cannot_be_headers_are_refused_without_echo() {
        let err = Auth::api_token("tok-SECRET\n").unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(!err.to_string().contains("SECRET"));
        assert!(Auth::api_token("a b").is_err());
        assert!(Auth::legacy("a@b.c", "").is_err());
        assert!(Auth::legacy("", "k").is_err());
    }

    #[test]
    fn debug_is_redacted() {
        let t = format!("{:?}", Auth::api_token("tok-SECRET-MARK").unwrap());
        let l = format!(
            "{:?}",
            Auth::legacy("ops@example.com", "key-SECRET-MARK").unwrap()
        );
        assert!(!t.contains("SECRET") && t.contains("15 bytes"), "{t}");
        assert!(
            !l.contains("SECRET") && l.contains("ops@example.com"),
            "{l}"
        );
    }
}
