//! Verifying a signed imgix URL: `s` (the last parameter) must be
//! `md5(token + path + query)` over the text before it, for one of the
//! tokens; an `expires` parameter is enforced.

use std::fmt;

use super::builder::signature;
use crate::error::{invalid, malformed, AuraError, Result};
use crate::mac::ct_eq;
use crate::secret::Secret;

/// What a verified URL carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImgixVerifiedUrl {
    /// The signed text: path and query before `s`.
    pub path_and_query: String,
    /// The `expires` parameter (Unix seconds), when present.
    pub expires: Option<i64>,
}

/// Several secure URL tokens (rotation).
#[derive(Clone)]
pub struct ImgixVerifier {
    tokens: Vec<Secret>,
}

impl ImgixVerifier {
    /// Trusts each non-empty token (rotation); without one it is `invalid_input`.
    pub fn new(tokens: &[&str]) -> Result<Self> {
        let tokens: Vec<Secret> = tokens
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| Secret::new(*t))
            .collect();
        if tokens.is_empty() {
            return Err(invalid(
                "at least one non-empty imgix secure URL token is required",
            ));
        }
        Ok(ImgixVerifier { tokens })
    }

    /// `Ok` when a token signed `url` and, if it has `expires`, `now <=
    /// expires`. The URL must be printable ASCII without a fragment: an
    /// MD5 prefix signature can be extended by anyone over appended bytes,
    /// and such an extension always needs bytes 0x80 and 0x00. The scheme
    /// and host are not signed.
    pub fn verify(&self, url: &str, now: i64) -> Result<ImgixVerifiedUrl> {
        if !url.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            return Err(malformed(
                "the URL must be printable ASCII (percent-encode spaces and non-ASCII)",
            ));
        }
        if url.contains('#') {
            return Err(malformed("the URL has a fragment"));
        }
        let after_scheme = url
            .split_once("://")
            .map(|(_, r)| r)
            .ok_or_else(|| malformed("not an absolute URL"))?;
        let rest = &after_scheme[after_scheme.find(['/', '?']).unwrap_or(after_scheme.len())..];
        let cut = rest
            .rfind("&s=")
            .or_else(|| rest.rfind("?s="))
            .ok_or_else(|| malformed("the URL has no s= signature"))?;
        let (signed, sig) = (&rest[..cut], &rest[cut + 3..]);
        if sig.len() != 32
            || !sig
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(malformed(
                "s must be the last parameter: 32 lowercase hex digits",
            ));
        }
        if !self
            .tokens
            .iter()
            .any(|t| ct_eq(signature(t.expose(), signed).as_bytes(), sig.as_bytes()))
        {
            return Err(AuraError::BadSignature);
        }
        let query = signed.split_once('?').map_or("", |(_, q)| q);
        let mut expires = None;
        for piece in query.split('&') {
            if let Some(value) = piece.strip_prefix("expires=") {
                if expires.is_some() {
                    return Err(malformed("more than one expires parameter"));
                }
                if value.is_empty()
                    || value.len() > 18
                    || !value.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(malformed("expires must be a Unix time in whole seconds"));
                }
                expires = Some(value.parse::<i64>().expect("18 digits fit"));
            }
        }
        if expires.is_some_and(|e| now > e) {
            return Err(AuraError::Expired);
        }
        Ok(ImgixVerifiedUrl {
            path_and_query: signed.to_string(),
            expires,
        })
    }
}

impl fmt::Debug for ImgixVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImgixVerifier({} tokens)", self.tokens.len())
    }
}
