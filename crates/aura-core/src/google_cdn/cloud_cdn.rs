//! Cloud CDN (`cdn/snippets.py`): HMAC-SHA1 signed URLs, URL prefixes and
//! cookies with a base64url key and its key name.

use super::key::{check_key_name, python_urlsafe_b64decode, HmacBytes};
use super::text::{b64u_padded, check_time, python_separator, python_strip};
use super::Signed;
use crate::error::Result;

/// The cookie name `sign_cookie` puts in front of the value.
pub const CLOUD_CDN_COOKIE_NAME: &str = "Cloud-CDN-Cookie";

/// A Cloud CDN signing key (any length; Google issues 128-bit keys) and its
/// key name, prepared once.
#[derive(Clone, Debug)]
pub struct CloudCdnSigner {
    key_name: String,
    key: HmacBytes,
}

impl CloudCdnSigner {
    /// `base64_key` as the samples read it (`urlsafe_b64decode`: either
    /// alphabet, padding required; `invalid_key` otherwise).
    pub fn new(key_name: &str, base64_key: &str) -> Result<Self> {
        check_key_name(key_name)?;
        Ok(CloudCdnSigner {
            key_name: key_name.to_string(),
            key: HmacBytes::new(python_urlsafe_b64decode(base64_key)?),
        })
    }

    /// The key name written as `KeyName=`.
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    fn signature(&self, text: &str) -> String {
        b64u_padded(&self.key.sha1(text.as_bytes()))
    }

    /// `sign_url`: `url + ("&" | "?") + "Expires=E&KeyName=K"`, then
    /// `&Signature=` + padded base64url HMAC-SHA1 of all of it.
    pub fn sign_url(&self, url: &str, expires: i64) -> Result<Signed> {
        check_time("expires", expires)?;
        let url = python_strip(url);
        let sep = python_separator(url)?;
        let string_to_sign = format!("{url}{sep}Expires={expires}&KeyName={}", self.key_name);
        let value = format!(
            "{string_to_sign}&Signature={}",
            self.signature(&string_to_sign)
        );
        Ok(Signed {
            value,
            string_to_sign,
        })
    }

    /// `sign_url_prefix`: only the policy
    /// `URLPrefix=b64(prefix)&Expires=E&KeyName=K` is signed; it and the
    /// signature are appended to `url`.
    pub fn sign_url_prefix(&self, url: &str, url_prefix: &str, expires: i64) -> Result<Signed> {
        check_time("expires", expires)?;
        let url = python_strip(url);
        let sep = python_separator(url)?;
        let string_to_sign = self.policy(url_prefix, expires, '&');
        let value = format!(
            "{url}{sep}{string_to_sign}&Signature={}",
            self.signature(&string_to_sign)
        );
        Ok(Signed {
            value,
            string_to_sign,
        })
    }

    /// `sign_cookie`: `Cloud-CDN-Cookie=URLPrefix=…:Expires=E:KeyName=K:Signature=S`
    /// (name included, as the Python sample returns it; the value is after
    /// the first `=`).
    pub fn sign_cookie(&self, url_prefix: &str, expires: i64) -> Result<Signed> {
        check_time("expires", expires)?;
        let string_to_sign = self.policy(url_prefix, expires, ':');
        let value = format!(
            "{CLOUD_CDN_COOKIE_NAME}={string_to_sign}:Signature={}",
            self.signature(&string_to_sign)
        );
        Ok(Signed {
            value,
            string_to_sign,
        })
    }

    fn policy(&self, url_prefix: &str, expires: i64, sep: char) -> String {
        let prefix = b64u_padded(python_strip(url_prefix).as_bytes());
        format!(
            "URLPrefix={prefix}{sep}Expires={expires}{sep}KeyName={}",
            self.key_name
        )
    }
}
