//! Media CDN signatures (`media_cdn/snippets.py`, Ed25519): signed URLs,
//! URL prefixes and cookies; and `dualtoken.sign_path_component`.

use super::key::{check_key_name, python_urlsafe_b64decode, Ed25519Seed};
use super::text::{b64u_padded, b64u_unpadded, check_time, python_separator, python_strip};
use super::Signed;
use crate::error::Result;

/// The cookie name `sign_cookie` puts in front of the value.
pub const MEDIA_CDN_COOKIE_NAME: &str = "Edge-Cache-Cookie";

/// An Ed25519 key (the 32-byte seed, as base64url text) and its key name.
#[derive(Debug)]
pub struct MediaCdnSigner {
    key_name: String,
    key: Ed25519Seed,
}

impl MediaCdnSigner {
    /// `base64_key` decodes (Python `urlsafe_b64decode`) to the 32-byte
    /// seed; any other length is `invalid_key`.
    pub fn new(key_name: &str, base64_key: &str) -> Result<Self> {
        check_key_name(key_name)?;
        Ok(MediaCdnSigner {
            key_name: key_name.to_string(),
            key: Ed25519Seed::from_seed(&python_urlsafe_b64decode(base64_key)?)?,
        })
    }

    /// The key name written as `KeyName=`.
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    /// The 32-byte public key to register with Media CDN (a keyset).
    pub fn public_key(&self) -> [u8; 32] {
        self.key.public_key()
    }

    fn signature(&self, text: &str) -> String {
        b64u_padded(&self.key.sign(text.as_bytes()))
    }

    /// `sign_url`: as Cloud CDN, with a padded base64url Ed25519 signature.
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

    /// `sign_url_prefix`: the policy `URLPrefix=b64u_pad(P)&Expires=E&KeyName=K`
    /// is signed and appended to `url`.
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

    /// `sign_cookie`: `Edge-Cache-Cookie=URLPrefix=…:Expires=E:KeyName=K:Signature=S`.
    pub fn sign_cookie(&self, url_prefix: &str, expires: i64) -> Result<Signed> {
        check_time("expires", expires)?;
        let string_to_sign = self.policy(url_prefix, expires, ':');
        let value = format!(
            "{MEDIA_CDN_COOKIE_NAME}={string_to_sign}:Signature={}",
            self.signature(&string_to_sign)
        );
        Ok(Signed {
            value,
            string_to_sign,
        })
    }

    /// `dualtoken.sign_path_component`:
    /// `url_prefix + "edge-cache-token=Expires=E&KeyName=K&Signature=" +
    /// b64u_unpadded(sig) + "/" + filename`, `url_prefix` and `filename`
    /// verbatim (no `/` is added after the prefix).
    pub fn sign_path_component(
        &self,
        url_prefix: &str,
        filename: &str,
        expires: i64,
    ) -> Result<Signed> {
        check_time("expires", expires)?;
        let string_to_sign = format!(
            "{url_prefix}edge-cache-token=Expires={expires}&KeyName={}",
            self.key_name
        );
        let signature = b64u_unpadded(&self.key.sign(string_to_sign.as_bytes()));
        let value = format!("{string_to_sign}&Signature={signature}/{filename}");
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
