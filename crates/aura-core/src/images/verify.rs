//! Verifying a signed delivery URL as the edge does: HMAC over the account
//! path and the query without `sig`; valid while `now <= exp`.

use std::fmt;

use super::delivery_url::DeliveryUrl;
use super::query::{parse_pairs, serialize};
use crate::error::{malformed, AuraError, Result};
use crate::mac::{required_keys, HmacKey};

/// Holds several keys (rotation); each is tried in constant time.
#[derive(Clone)]
pub struct ImagesVerifier {
    keys: Vec<HmacKey>,
}

fn only_one<'a>(
    pairs: &'a [(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)],
    name: &str,
) -> Result<&'a str> {
    let mut found = pairs.iter().filter(|(n, _)| n == name);
    match (found.next(), found.next()) {
        (Some((_, v)), None) => Ok(v),
        (None, _) => Err(malformed(format!("URL has no {name} parameter"))),
        (Some(_), Some(_)) => Err(malformed(format!("URL has more than one {name} parameter"))),
    }
}

impl ImagesVerifier {
    /// Keys tried in order; empty ones are skipped, and a list with none left is
    /// `invalid_input`.
    pub fn new(keys: &[&str]) -> Result<Self> {
        let keys = required_keys(keys, "Images key")?;
        Ok(ImagesVerifier { keys })
    }

    /// `Ok(exp)` when a key signed this URL and `now <= exp`.
    pub fn verify(&self, url: &str, now: i64) -> Result<i64> {
        let parts = parse_signed_url(url)?;
        if !self.matches(&parts) {
            return Err(AuraError::BadSignature);
        }
        check_exp(parts.exp, now)?;
        Ok(parts.exp)
    }

    /// Whether one of the keys produced `sig` over `string_to_sign`.
    pub(crate) fn matches(&self, parts: &SignedUrlParts) -> bool {
        self.keys
            .iter()
            .any(|k| k.verify(parts.string_to_sign.as_bytes(), &parts.sig))
    }
}

/// What the verifier reads from a signed delivery URL.
pub(crate) struct SignedUrlParts {
    /// The account path and the query without `sig`: what the edge verifies.
    pub string_to_sign: String,
    pub sig: Vec<u8>,
    pub exp: i64,
    /// The last path segment is a flexible variant (`w=400,…`).
    pub flexible_variant: bool,
    /// The pathname starts with the custom-domain prefix, which the docs
    /// Worker signs and the edge does not.
    pub custom_domain: bool,
}

/// Parses `sig` (64 lowercase hex digits, once) and `exp` (whole seconds,
/// once) and builds the string the edge verifies.
pub(crate) fn parse_signed_url(url: &str) -> Result<SignedUrlParts> {
    let url = DeliveryUrl::parse(url).map_err(|e| malformed(e.message()))?;
    let mut pairs = parse_pairs(url.query.as_deref());
    let sig_hex = only_one(&pairs, "sig")?;
    if sig_hex.len() != 64
        || !sig_hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(malformed("sig must be 64 lowercase hex digits"));
    }
    let sig = hex::decode(sig_hex).map_err(|_| malformed("sig is not hex"))?;
    let exp_text = only_one(&pairs, "exp")?;
    if exp_text.is_empty() || !exp_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("exp must be a Unix time in whole seconds"));
    }
    let exp: i64 = exp_text
        .parse()
        .map_err(|_| malformed("exp is out of range"))?;
    pairs.retain(|(n, _)| n != "sig");
    Ok(SignedUrlParts {
        string_to_sign: format!("{}?{}", url.account_path(), serialize(&pairs)),
        sig,
        exp,
        flexible_variant: url.is_flexible_variant(),
        custom_domain: url.account_path().len() != url.path().len(),
    })
}

/// Valid while `now <= exp`.
pub(crate) fn check_exp(exp: i64, now: i64) -> Result<()> {
    if now > exp {
        Err(AuraError::Expired)
    } else {
        Ok(())
    }
}

impl fmt::Debug for ImagesVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImagesVerifier({} keys)", self.keys.len())
    }
}

/// One-shot form of [`ImagesVerifier::verify`].
pub fn verify_images_url(url: &str, keys: &[&str], now: i64) -> Result<i64> {
    ImagesVerifier::new(keys)?.verify(url, now)
}
