//! Verifying Media CDN signed URLs, URL prefixes, cookies and
//! path-component URLs against registered Ed25519 public keys.

use std::collections::BTreeMap;

use super::key::{b64decode_pad_optional, check_key_name, Ed25519Public};
use super::media_cdn::MEDIA_CDN_COOKIE_NAME;
use super::parse::{
    parse_cookie, parse_signed_url, verify_parsed, Candidate, GoogleCdnGrant, Parsed,
};
use super::text::{b64u_decode_either, parse_seconds};
use crate::error::{malformed, AuraError, Result};

/// Public keys by key name (a Media CDN keyset). Signatures are accepted
/// with or without base64 `=` padding (Python pads, Go and dualtoken do not).
#[derive(Clone, Debug, Default)]
pub struct MediaCdnVerifier {
    keys: BTreeMap<String, Ed25519Public>,
}

impl MediaCdnVerifier {
    /// A verifier with no keys; add them with
    /// [`add_public_key`](Self::add_public_key).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the 32-byte public key of `key_name`.
    pub fn add_public_key(&mut self, key_name: &str, public_key: &[u8]) -> Result<()> {
        check_key_name(key_name)?;
        self.keys
            .insert(key_name.to_string(), Ed25519Public::new(public_key)?);
        Ok(())
    }

    /// As [`add_public_key`](Self::add_public_key), from base64url text
    /// (padded or not; either alphabet).
    pub fn add_public_key_base64(&mut self, key_name: &str, text: &str) -> Result<()> {
        self.add_public_key(key_name, &b64decode_pad_optional(text)?)
    }

    fn check(&self, key_name: &str, signed: &[u8], signature: &[u8]) -> Result<()> {
        let key = self.keys.get(key_name).ok_or(AuraError::UnknownKid)?;
        if key.verify(signed, signature) {
            Ok(())
        } else {
            Err(AuraError::BadSignature)
        }
    }

    /// A URL from `sign_url` or `sign_url_prefix` (rules as
    /// [`CloudCdnVerifier::verify_url`](super::CloudCdnVerifier::verify_url)).
    pub fn verify_url(&self, url: &str, now: i64) -> Result<GoogleCdnGrant> {
        verify_parsed(parse_signed_url(url)?, now, |k, m, s| self.check(k, m, s))
    }

    /// An `Edge-Cache-Cookie` value (with or without its name) for a
    /// request to `request_url`.
    pub fn verify_cookie(
        &self,
        cookie: &str,
        request_url: &str,
        now: i64,
    ) -> Result<GoogleCdnGrant> {
        let parsed = parse_cookie(cookie, MEDIA_CDN_COOKIE_NAME, request_url)?;
        verify_parsed(parsed, now, |k, m, s| self.check(k, m, s))
    }

    /// A URL from `sign_path_component`:
    /// `PREFIX edge-cache-token=Expires=E&KeyName=K&Signature=S/rest`. The
    /// grant's `url_prefix` is `PREFIX`, which covers `rest`.
    pub fn verify_path_component(&self, url: &str, now: i64) -> Result<GoogleCdnGrant> {
        const MARK: &str = "edge-cache-token=Expires=";
        let at = url
            .find(MARK)
            .ok_or_else(|| malformed("no edge-cache-token= path component"))?;
        let component = &url[at..];
        let end = component.find('/').unwrap_or(component.len());
        let component = &component[..end];
        let sig_at = component
            .rfind("&Signature=")
            .ok_or_else(|| malformed("no &Signature= in the path component"))?;
        let signature = b64u_decode_either(&component[sig_at + "&Signature=".len()..])
            .ok_or_else(|| malformed("Signature is not base64url"))?;
        let policy = &component[MARK.len()..sig_at];
        let (expires, key_name) = policy
            .split_once("&KeyName=")
            .ok_or_else(|| malformed("no &KeyName= in the path component"))?;
        let expires = parse_seconds(expires)
            .ok_or_else(|| malformed("Expires must be whole Unix seconds"))?;
        let parsed = Parsed {
            signature,
            candidates: vec![Candidate {
                signed: &url[..at + sig_at],
                key_name,
                expires,
                url_prefix: Some(url[..at].to_string()),
                request_url: url,
            }],
        };
        verify_parsed(parsed, now, |k, m, s| self.check(k, m, s))
    }
}
