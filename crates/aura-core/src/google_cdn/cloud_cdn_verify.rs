//! Verifying Cloud CDN signed URLs, URL prefixes and cookies.

use std::collections::BTreeMap;

use super::cloud_cdn::CLOUD_CDN_COOKIE_NAME;
use super::key::{check_key_name, python_urlsafe_b64decode, HmacBytes};
use super::parse::{parse_cookie, parse_signed_url, verify_parsed, GoogleCdnGrant};
use crate::error::{AuraError, Result};

/// The keys of a backend, by key name (rotation: several names).
#[derive(Clone, Debug, Default)]
pub struct CloudCdnVerifier {
    keys: BTreeMap<String, HmacBytes>,
}

impl CloudCdnVerifier {
    /// A verifier with no keys; add them with [`add_key`](Self::add_key).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the key named `key_name`.
    pub fn add_key(&mut self, key_name: &str, base64_key: &str) -> Result<()> {
        check_key_name(key_name)?;
        let key = HmacBytes::new(python_urlsafe_b64decode(base64_key)?);
        self.keys.insert(key_name.to_string(), key);
        Ok(())
    }

    fn check(&self, key_name: &str, signed: &[u8], signature: &[u8]) -> Result<()> {
        let key = self.keys.get(key_name).ok_or(AuraError::UnknownKid)?;
        if key.verify_sha1(signed, signature) {
            Ok(())
        } else {
            Err(AuraError::BadSignature)
        }
    }

    /// A URL from `sign_url` or `sign_url_prefix`: the HMAC under the named
    /// key (`unknown_kid`, `bad_signature`), valid while `now <= Expires`
    /// (`expired`), and for a prefix signature the URL before the signing
    /// parameters must start with the prefix (`access_denied`,
    /// [`RULE_URL_PREFIX`](super::RULE_URL_PREFIX)).
    pub fn verify_url(&self, url: &str, now: i64) -> Result<GoogleCdnGrant> {
        verify_parsed(parse_signed_url(url)?, now, |k, m, s| self.check(k, m, s))
    }

    /// A `Cloud-CDN-Cookie` value (with or without the `Cloud-CDN-Cookie=`
    /// name) for a request to `request_url`.
    pub fn verify_cookie(
        &self,
        cookie: &str,
        request_url: &str,
        now: i64,
    ) -> Result<GoogleCdnGrant> {
        let parsed = parse_cookie(cookie, CLOUD_CDN_COOKIE_NAME, request_url)?;
        verify_parsed(parsed, now, |k, m, s| self.check(k, m, s))
    }
}
